/*
 * Unit tests of statusmap's write-back by identity (issue 16): storefront
 * lines for a SKU on several lines, kit lines completed over parcels,
 * fulfilment-order line items, and a shipment id sent again. Members are
 * compared as compact JSON, key order kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "statusmap.h"
#include "testutil.h"

static const char status[] = "wms_status,channel_status,effect\n"
    "PART,success,shipped\nCANCELLED,cancelled,cancelled\n";

/* #4001 as dekit gives it: GIFT-SET (line 13) x2 as MUG 2 and SCARF 2,
 * and TOTE 1 (line 801); #4101: MUG 1 (901), HAT 1 (902), MUG 2 (903). */
static const char orders[] =
    "{\"name\":\"#4001\",\"line_items\":["
    "{\"id\":\"13-1\",\"sku\":\"MUG\",\"quantity\":2,\"kit\":{\"sku\":"
    "\"GIFT-SET\",\"line_id\":13,\"qty\":1,\"position\":1}},"
    "{\"id\":\"13-2\",\"sku\":\"SCARF\",\"quantity\":2,\"kit\":{\"sku\":"
    "\"GIFT-SET\",\"line_id\":13,\"qty\":1,\"position\":2}},"
    "{\"id\":801,\"sku\":\"TOTE\",\"quantity\":1}]}\n"
    "{\"name\":\"#4101\",\"line_items\":[{\"id\":901,\"sku\":\"MUG\","
    "\"quantity\":1},{\"id\":902,\"sku\":\"HAT\",\"quantity\":1},"
    "{\"id\":903,\"sku\":\"MUG\",\"quantity\":2}]}\n";

static void
setup(struct statusmap *m, const char *fos)
{
	char *err = NULL;

	statusmap_init(m);
	statusmap_use_model(m, order_model_new(order_shape_find("shopify"),
	    -1));
	assert_true(statusmap_load_table(m, temp_text(status), &err));
	assert_true(statusmap_load_orders(m, temp_text(orders), &err));
	if (fos != NULL)
		assert_true(statusmap_load_fulfilment_orders(m,
		    temp_text(fos), &err));
}

/* The result of an event; *got the update's member, as compact JSON. */
static enum sm_result
event(struct statusmap *m, const char *text, const char *member, char **got,
    struct exception *e)
{
	json_t *ev = parse_json(text), *update = NULL;
	enum sm_result r = statusmap_event(m, ev, &update, e);

	*got = NULL;
	if (r == SM_UPDATE) {
		*got = json_dumps(json_object_get(update, member),
		    JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		json_decref(update);
	}
	json_decref(ev);
	return r;
}

static void
expect(struct statusmap *m, const char *text, const char *member,
    const char *want)
{
	struct exception e = { .code = EXC_NONE };
	char *got;

	assert_int_equal(event(m, text, member, &got, &e), SM_UPDATE);
	assert_string_equal(got, want);
	free(got);
	exc_free(&e);
}

static void
test_spread(void **state)
{
	struct statusmap m;

	(void)state;
	setup(&m, NULL);
	expect(&m, "{\"order_ref\":\"4101\",\"shipment_id\":\"S1\","
	    "\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\",\"qty\":2}]}",
	    "line_items", "[{\"id\":901,\"quantity\":1},"
	    "{\"id\":903,\"quantity\":1}]");
	/* cancelled units fill from the last line: never one shipped */
	expect(&m, "{\"order_ref\":\"4101\",\"shipment_id\":\"C1\","
	    "\"status\":\"CANCELLED\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1}]}",
	    "line_items", "[{\"id\":903,\"quantity\":1}]");
	statusmap_free(&m);
}

static void
test_kit_two_parcels(void **state)
{
	struct statusmap m;

	(void)state;
	setup(&m, NULL);
	expect(&m, "{\"order_ref\":\"4001\",\"shipment_id\":\"P1\","
	    "\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\",\"qty\":2}],"
	    "\"tracking_number\":\"JD1\"}", "line_items", "[]");
	expect(&m, "{\"order_ref\":\"4001\",\"shipment_id\":\"P2\","
	    "\"status\":\"PART\",\"lines\":[{\"sku\":\"SCARF\",\"qty\":1}],"
	    "\"tracking_number\":\"JD2\"}", "line_items",
	    "[{\"id\":13,\"quantity\":1}]");
	/* the second kit's MUG came in P1 too */
	expect(&m, "{\"order_ref\":\"4001\",\"shipment_id\":\"P3\","
	    "\"status\":\"PART\",\"lines\":[{\"sku\":\"SCARF\",\"qty\":1}],"
	    "\"tracking_number\":\"JD3\"}", "tracking_numbers",
	    "[\"JD1\",\"JD3\"]");
	statusmap_free(&m);
}

static void
test_resend(void **state)
{
	static const char first[] = "{\"order_ref\":\"4001\",\"shipment_id\":"
	    "\"P1\",\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1},"
	    "{\"sku\":\"TOTE\",\"qty\":1}]}";
	struct statusmap m;
	struct exception e = { .code = EXC_NONE };
	char *got, *detail;

	(void)state;
	setup(&m, NULL);
	assert_int_equal(event(&m, first, "lines", &got, &e), SM_UPDATE);
	free(got);
	/* the same lines in another order: a duplicate */
	assert_int_equal(event(&m, "{\"order_ref\":\"4001\",\"shipment_id\":"
	    "\"P1\",\"status\":\"PART\",\"lines\":[{\"sku\":\"TOTE\","
	    "\"qty\":1},{\"sku\":\"MUG\",\"qty\":1}]}", "lines", &got, &e),
	    SM_DROP);
	assert_int_equal(m.duplicates, 1);
	assert_int_equal(event(&m, "{\"order_ref\":\"4001\",\"shipment_id\":"
	    "\"P1\",\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\",\"qty\":2},"
	    "{\"sku\":\"TOTE\",\"qty\":1}]}", "lines", &got, &e), SM_HOLD);
	assert_int_equal(e.code, EXC_CONFLICTING_SHIPMENT);
	detail = json_dumps(e.detail, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(detail, "{\"earlier\":{\"lines\":[{\"sku\":\"MUG\","
	    "\"quantity\":1},{\"sku\":\"TOTE\",\"quantity\":1}],"
	    "\"tracking_number\":null},\"now\":{\"lines\":[{\"sku\":\"MUG\","
	    "\"quantity\":2},{\"sku\":\"TOTE\",\"quantity\":1}],"
	    "\"tracking_number\":null}}");
	free(detail);
	statusmap_free(&m);
	exc_free(&e);
}

static void
test_fulfilment_orders(void **state)
{
	/* line 901 in two fulfilment orders, 1 left in each; 903 in none */
	static const char fos[] =
	    "{\"id\":1,\"line_items\":[{\"id\":11,\"line_item_id\":901,"
	    "\"quantity\":1,\"fulfillable_quantity\":0},{\"id\":12,"
	    "\"line_item_id\":902,\"quantity\":1}]}\n"
	    "{\"id\":\"gid://shopify/FulfillmentOrder/2\",\"lineItems\":"
	    "{\"nodes\":[{\"id\":\"21\",\"remainingQuantity\":1,\"lineItem\":"
	    "{\"id\":\"gid://shopify/LineItem/901\"}}]}}\n";
	struct statusmap m;
	struct exception e = { .code = EXC_NONE };
	char *got;

	(void)state;
	setup(&m, fos);
	assert_int_equal(event(&m, "{\"order_ref\":\"4101\",\"shipment_id\":"
	    "\"S1\",\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\","
	    "\"qty\":2}]}", "lines", &got, &e), SM_HOLD);
	assert_int_equal(e.code, EXC_NO_FULFILLMENT_LINE);
	assert_string_equal(e.message, "line 903 (\"MUG\") is in no "
	    "fulfilment order");
	/* what the held event took is back */
	expect(&m, "{\"order_ref\":\"4101\",\"shipment_id\":\"S2\","
	    "\"status\":\"PART\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1},"
	    "{\"sku\":\"HAT\",\"qty\":1}]}", "fulfillment_orders",
	    "[{\"id\":\"gid://shopify/FulfillmentOrder/2\",\"line_items\":"
	    "[{\"id\":\"21\",\"quantity\":1}]},{\"id\":1,\"line_items\":"
	    "[{\"id\":12,\"quantity\":1}]}]");
	statusmap_free(&m);
	exc_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_kit_two_parcels),
		cmocka_unit_test(test_resend),
		cmocka_unit_test(test_fulfilment_orders),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
