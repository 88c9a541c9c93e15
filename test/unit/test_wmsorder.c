/*
 * Unit tests of wmsorder: the goods-out of an order of each shape, and the
 * orders held as they came. Goods-outs are compared as compact JSON, key
 * order kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "wmsorder.h"

/* The goods-out of order, of shape, must be want. */
static void
expect_out(const char *shape, const char *order, const char *want)
{
	struct wmsorder w;
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(order), *out;
	char *got;

	wmsorder_init(&w, order_shape_find(shape));
	if (!wmsorder_record(&w, record, &out, &e))
		fail_msg("held as %s: %s", exc_codes[e.code].name, e.message);
	got = json_dumps(out, JSON_COMPACT);
	assert_string_equal(got, want);
	free(got);
	json_decref(out);
	json_decref(record);
	wmsorder_free(&w);
	exc_free(&e);
}

/* order, of shape, must be held as code at path with message. */
static void
expect_held(const char *shape, const char *order, const char *code,
    const char *path, const char *message)
{
	struct wmsorder w;
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(order), *copy = json_deep_copy(record),
	    *out;

	wmsorder_init(&w, order_shape_find(shape));
	assert_int_equal(wmsorder_record(&w, record, &out, &e), 0);
	assert_null(out);
	assert_string_equal(exc_codes[e.code].name, code);
	if (path == NULL)
		assert_null(e.path);
	else
		assert_string_equal(e.path, path);
	assert_string_equal(e.message, message);
	assert_true(json_equal(record, copy));	/* held as it came */
	json_decref(copy);
	json_decref(record);
	wmsorder_free(&w);
	exc_free(&e);
}

#define GB "\"shipping_address\":{\"zip\":\"SW1A 1AA\"}"
#define DPD "\"shipping_lines\":[{\"title\":\"Next Day\"," \
	"\"service_code\":\"12\",\"carrier\":\"DPD\"}]"
#define DPD_OUT "\"carrier_code\":\"DPD\",\"carrier_service_code\":\"12\""

/* An edited order: current_quantity counts, a removed line and the
 * removed shipping line are not sent; gift cards and lines that need no
 * shipping are not picked. */
static void
test_shopify_edited(void **state)
{
	(void)state;
	expect_out("shopify",
	    "{\"id\":5600000000001,\"name\":\"#1001\",\"currency\":\"GBP\","
	    "\"line_items\":["
	    "{\"id\":1,\"sku\":\"MUG\",\"quantity\":3,\"current_quantity\":2,"
	    "\"price\":\"12.00\"},"
	    "{\"id\":2,\"sku\":\"TOTE\",\"quantity\":1,\"current_quantity\":0,"
	    "\"price\":\"15.00\"},"
	    "{\"id\":3,\"sku\":\"GC\",\"quantity\":1,\"price\":\"25.00\","
	    "\"gift_card\":true},"
	    "{\"id\":4,\"sku\":\"ENGRAVE\",\"quantity\":1,\"price\":\"5.00\","
	    "\"requires_shipping\":false},"
	    "{\"id\":5,\"sku\":\"SCARF\",\"quantity\":1,\"price\":\"9.99\"}],"
	    "\"shipping_lines\":[{\"title\":\"Standard\",\"is_removed\":true,"
	    "\"service_code\":\"TPS48\"},{\"title\":\"Next Day\","
	    "\"service_code\":\"12\",\"carrier\":\"DPD\"}]," GB "}",
	    "{\"reference\":\"1001\","
	    "\"external_system_reference1\":\"5600000000001\","
	    "\"external_system_reference2\":\"#1001\"," DPD_OUT ","
	    "\"currency\":\"GBP\",\"delivery_address\":{\"zip\":\"SW1A 1AA\"},"
	    "\"lines\":[{\"product_code\":\"MUG\",\"order_quantity\":2,"
	    "\"unit_price\":\"12.00\",\"external_line_reference\":\"1\"},"
	    "{\"product_code\":\"SCARF\",\"order_quantity\":1,"
	    "\"unit_price\":\"9.99\",\"external_line_reference\":\"5\"}]}");
}

/* A line dekit made keeps its kit trace; a line without a price has a
 * null unit price. */
static void
test_kit_trace(void **state)
{
	(void)state;
	expect_out("shopify",
	    "{\"name\":\"#1002\",\"line_items\":[{\"id\":\"7-1\","
	    "\"sku\":\"MUG\",\"quantity\":2,\"price\":\"12.00\",\"kit\":"
	    "{\"sku\":\"GIFT-SET\",\"line_id\":7,\"qty\":1,\"position\":1}},"
	    "{\"id\":8,\"sku\":\"TOTE\",\"quantity\":1}]," DPD "}",
	    "{\"reference\":\"1002\",\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"#1002\"," DPD_OUT ","
	    "\"currency\":null,\"delivery_address\":null,"
	    "\"lines\":[{\"product_code\":\"MUG\",\"order_quantity\":2,"
	    "\"unit_price\":\"12.00\",\"external_line_reference\":\"7-1\","
	    "\"kit\":{\"sku\":\"GIFT-SET\",\"line_id\":7,\"qty\":1,"
	    "\"position\":1}},{\"product_code\":\"TOTE\",\"order_quantity\":1,"
	    "\"unit_price\":null,\"external_line_reference\":\"8\"}]}");
}

/* GraphQL: lines as edges and as nodes; the live shipping line of a
 * connection. */
static void
test_graphql(void **state)
{
	static const char want[] =
	    "{\"reference\":\"1003\","
	    "\"external_system_reference1\":\"gid://shopify/Order/3\","
	    "\"external_system_reference2\":\"#1003\"," DPD_OUT ","
	    "\"currency\":\"GBP\",\"delivery_address\":{\"zip\":\"LS1\"},"
	    "\"lines\":[{\"product_code\":\"MUG\",\"order_quantity\":1,"
	    "\"unit_price\":\"12.00\","
	    "\"external_line_reference\":\"gid://shopify/LineItem/1\"}]}";
#define GQL_LINE1 \
	"{\"id\":\"gid://shopify/LineItem/1\",\"sku\":\"MUG\",\"quantity\":2," \
	"\"currentQuantity\":1,\"originalUnitPriceSet\":{\"shopMoney\":" \
	"{\"amount\":\"12.0\"}}}"
#define GQL_LINE2 \
	"{\"id\":\"gid://shopify/LineItem/2\",\"sku\":\"GC\",\"quantity\":1," \
	"\"isGiftCard\":true,\"requiresShipping\":false}"
#define GQL_ORDER \
	"{\"id\":\"gid://shopify/Order/3\",\"name\":\"#1003\"," \
	"\"currencyCode\":\"GBP\",\"shippingAddress\":{\"zip\":\"LS1\"}," \
	"\"shippingLines\":{\"nodes\":[{\"title\":\"Old\"," \
	"\"isRemoved\":true},{\"title\":\"Next Day\",\"service_code\":\"12\"," \
	"\"carrier\":\"DPD\"}]},"

	(void)state;
	expect_out("shopify-graphql", GQL_ORDER "\"lineItems\":{\"edges\":["
	    "{\"node\":" GQL_LINE1 "},{\"node\":" GQL_LINE2 "}]}}", want);
	expect_out("shopify-graphql", GQL_ORDER "\"lineItems\":{\"nodes\":["
	    GQL_LINE1 "," GQL_LINE2 "]}}", want);
	expect_out("shopify-graphql", GQL_ORDER "\"lineItems\":["
	    GQL_LINE1 "," GQL_LINE2 "]}", want);
}

/* Magento: bundle children picked, not the bundle; a configurable picked
 * once, as its parent row with the price; downloadable and virtual items
 * not picked; qty_ordered less qty_canceled. */
static void
test_magento(void **state)
{
	(void)state;
	expect_out("magento",
	    "{\"entity_id\":3,\"increment_id\":\"000000003\","
	    "\"order_currency_code\":\"USD\",\"shipping_description\":\"Best\","
	    "\"service_code\":\"TPS48\",\"items\":["
	    "{\"item_id\":3,\"product_type\":\"simple\",\"sku\":\"TEE\","
	    "\"qty_ordered\":2.0000,\"qty_canceled\":1.0000,\"price\":22},"
	    "{\"item_id\":4,\"product_type\":\"downloadable\","
	    "\"sku\":\"EBOOK\","
	    "\"qty_ordered\":1,\"price\":18},"
	    "{\"item_id\":5,\"product_type\":\"virtual\",\"sku\":\"WARRANTY\","
	    "\"qty_ordered\":1,\"price\":10},"
	    "{\"item_id\":6,\"product_type\":\"bundle\",\"sku\":\"B-X-Y\","
	    "\"qty_ordered\":1,\"price\":68},"
	    "{\"item_id\":7,\"parent_item_id\":6,\"product_type\":\"simple\","
	    "\"sku\":\"X\",\"qty_ordered\":1,\"price\":27},"
	    "{\"item_id\":8,\"parent_item_id\":6,\"product_type\":\"simple\","
	    "\"sku\":\"Y\",\"qty_ordered\":2,\"price\":20.5},"
	    "{\"item_id\":10,\"product_type\":\"configurable\","
	    "\"sku\":\"HOOD-S\",\"qty_ordered\":1,\"price\":52},"
	    "{\"item_id\":11,\"parent_item_id\":10,\"product_type\":\"simple\","
	    "\"sku\":\"HOOD-S\",\"qty_ordered\":1,\"price\":0}],"
	    "\"extension_attributes\":{\"shipping_assignments\":[{\"shipping\":"
	    "{\"address\":{\"postcode\":\"10577\"}}}]}}",
	    "{\"reference\":\"000000003\",\"external_system_reference1\":\"3\","
	    "\"external_system_reference2\":\"000000003\","
	    "\"carrier_code\":null,\"carrier_service_code\":\"TPS48\","
	    "\"currency\":\"USD\","
	    "\"delivery_address\":{\"postcode\":\"10577\"},"
	    "\"lines\":[{\"product_code\":\"TEE\",\"order_quantity\":1,"
	    "\"unit_price\":\"22.00\",\"external_line_reference\":\"3\"},"
	    "{\"product_code\":\"X\",\"order_quantity\":1,"
	    "\"unit_price\":\"27.00\",\"external_line_reference\":\"7\"},"
	    "{\"product_code\":\"Y\",\"order_quantity\":2,"
	    "\"unit_price\":\"20.50\",\"external_line_reference\":\"8\"},"
	    "{\"product_code\":\"HOOD-S\",\"order_quantity\":1,"
	    "\"unit_price\":\"52.00\",\"external_line_reference\":\"10\"}]}");
}

/* Prices in the currency's minor units: none for JPY, three for KWD. */
static void
test_currencies(void **state)
{
	(void)state;
	expect_out("shopify", "{\"name\":\"#1005\",\"currency\":\"JPY\","
	    "\"line_items\":[{\"id\":1,\"sku\":\"MUG\",\"quantity\":1,"
	    "\"price\":\"1200.00\"}]," DPD "}",
	    "{\"reference\":\"1005\",\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"#1005\"," DPD_OUT ","
	    "\"currency\":\"JPY\",\"delivery_address\":null,\"lines\":["
	    "{\"product_code\":\"MUG\",\"order_quantity\":1,"
	    "\"unit_price\":\"1200\",\"external_line_reference\":\"1\"}]}");
	expect_out("shopify", "{\"name\":1006,\"currency\":\"KWD\","
	    "\"line_items\":[{\"id\":1,\"sku\":\"MUG\",\"quantity\":1,"
	    "\"price\":\"1.25\"}]," DPD "}",
	    "{\"reference\":\"1006\",\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"1006\"," DPD_OUT ","
	    "\"currency\":\"KWD\",\"delivery_address\":null,\"lines\":["
	    "{\"product_code\":\"MUG\",\"order_quantity\":1,"
	    "\"unit_price\":\"1.250\",\"external_line_reference\":\"1\"}]}");
}

/* Nothing to pick: written with no lines, counted; no service needed. */
static void
test_nothing_to_pick(void **state)
{
	struct wmsorder w;
	struct exception e = { .code = EXC_NONE };
	json_t *out, *record = parse_json("{\"name\":\"#1\",\"line_items\":["
	    "{\"id\":1,\"sku\":\"GC\",\"quantity\":1,\"gift_card\":true},"
	    "{\"id\":2,\"sku\":\"MUG\",\"quantity\":1,\"current_quantity\":0,"
	    "\"price\":\"12.00\"}]}");
	char *got;

	(void)state;
	wmsorder_init(&w, NULL);
	assert_int_equal(wmsorder_record(&w, record, &out, &e), 1);
	got = json_dumps(out, JSON_COMPACT);
	assert_string_equal(got, "{\"reference\":\"1\","
	    "\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"#1\",\"carrier_code\":null,"
	    "\"carrier_service_code\":null,\"currency\":null,"
	    "\"delivery_address\":null,\"lines\":[]}");
	assert_int_equal(w.nothing_to_pick, 1);
	assert_int_equal(w.lines, 0);
	free(got);
	json_decref(out);
	json_decref(record);
	wmsorder_free(&w);
	exc_free(&e);
}

/* What the warehouse cannot take holds the whole order. */
static void
test_held_lines(void **state)
{
	(void)state;
	expect_held("magento", "{\"increment_id\":\"9\",\"items\":["
	    "{\"item_id\":1,\"sku\":\"ROPE\",\"qty_ordered\":1.5}]}",
	    "bad_quantity", "items[0].qty_ordered", "line "
	    "items[0].qty_ordered has a quantity that is not a whole number "
	    "(shape magento)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":\"MUG\",\"quantity\":1,\"price\":\"12.001\"}]," DPD "}",
	    "bad_price", "line_items[0].price", "line line_items[0].price "
	    "has a price that is not a decimal in the currency's minor units "
	    "(shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":\"MUG\",\"quantity\":1,\"price\":\"-1.00\"}]," DPD "}",
	    "bad_price", "line_items[0].price", "line line_items[0].price "
	    "has a price below 0 (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":\"\",\"quantity\":1}]," DPD "}",
	    "missing_sku", "line_items[0].sku", "line line_items[0].sku is to "
	    "be picked but has no SKU (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":7,\"quantity\":1}]," DPD "}",
	    "bad_sku", "line_items[0].sku", "line line_items[0].sku is to be "
	    "picked but its SKU is not a string (shape shopify)");
}

/* Lines to pick need a live shipping line and a service code. */
static void
test_held_shipping(void **state)
{
	(void)state;
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":\"MUG\",\"quantity\":1}],\"shipping_lines\":[{\"title\":"
	    "\"Old\",\"is_removed\":true,\"service_code\":\"12\"}]}",
	    "missing_ship_method", NULL, "the order has lines to pick but no "
	    "live shipping line with a title at shipping_lines (shape "
	    "shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":1,"
	    "\"sku\":\"MUG\",\"quantity\":1}],\"shipping_lines\":[{\"title\":"
	    "\"Old\",\"is_removed\":true},{\"title\":\"Next Day\"}]}",
	    "no_service_code", "shipping_lines[1].service_code", "the order "
	    "has lines to pick but no carrier service code at "
	    "shipping_lines[1].service_code; run shipmap before wmsorder");
	expect_held("shopify-graphql", "{\"name\":\"#1\",\"lineItems\":"
	    "{\"edges\":[{\"node\":{\"sku\":\"MUG\",\"quantity\":1}}]},"
	    "\"shippingLines\":{\"edges\":[{\"node\":{\"title\":\"Next Day\","
	    "\"service_code\":\"\"}}]}}",
	    "no_service_code", "shippingLines.edges[0].node.service_code",
	    "the order has lines to pick but no carrier service code at "
	    "shippingLines.edges[0].node.service_code; run shipmap before "
	    "wmsorder");
	expect_held("magento", "{\"increment_id\":\"9\","
	    "\"shipping_description\":\"Flat\",\"items\":[{\"item_id\":1,"
	    "\"sku\":\"MUG\",\"qty_ordered\":1}]}",
	    "no_service_code", "service_code", "the order has lines to pick "
	    "but no carrier service code at service_code; run shipmap before "
	    "wmsorder");
}

/* Cancelled orders are not sent. */
static void
test_cancelled(void **state)
{
	(void)state;
	expect_held("shopify", "{\"name\":\"#1\",\"cancelled_at\":"
	    "\"2026-11-27T10:00:00Z\",\"line_items\":[]}", "cancelled_order",
	    "cancelled_at", "order 1 is cancelled (cancelled_at); it is not "
	    "sent to the WMS");
	expect_held("shopify-graphql", "{\"name\":\"#1\",\"cancelledAt\":"
	    "\"2026-11-27T10:00:00Z\"}", "cancelled_order", "cancelledAt",
	    "order 1 is cancelled (cancelledAt); it is not sent to the WMS");
	expect_held("magento", "{\"increment_id\":\"9\",\"state\":"
	    "\"canceled\",\"items\":[]}", "cancelled_order", "state",
	    "order 9 is cancelled (state); it is not sent to the WMS");
}

/* Fields of the wrong type: bad_field, naming the field and the shape. */
static void
test_bad_fields(void **state)
{
	(void)state;
	expect_held("shopify", "{\"id\":1}", "bad_field", "name",
	    "the order has no reference at name (shape shopify)");
	expect_held("shopify", "{\"name\":\" # \"}", "bad_field", "name",
	    "the order has an empty reference at name (shape shopify)");
	expect_held("magento", "{\"increment_id\":[3]}", "bad_field",
	    "increment_id", "increment_id is an array, not a string or an "
	    "integer (shape magento)");
	/* GraphQL read as REST: no lines at all, rather than nothing */
	expect_held("shopify", "{\"name\":\"#1\",\"lineItems\":{\"nodes\":"
	    "[]}}", "bad_field", "line_items", "the order has no lines at "
	    "line_items (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":\"MUG\"}",
	    "bad_field", "line_items", "line_items is a string, not an array "
	    "of lines (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"id\":1.5,"
	    "\"line_items\":[]}", "bad_field",
	    "id", "id is a number, not a string or an integer (shape "
	    "shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"currency\":2,"
	    "\"line_items\":[]}",
	    "bad_field", "currency", "currency is a number, not a string "
	    "(shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"shipping_address\":\"x\","
	    "\"line_items\":[]}",
	    "bad_field", "shipping_address", "shipping_address is a string, "
	    "not an object (shape shopify)");
	expect_held("magento", "{\"increment_id\":\"9\",\"items\":[],"
	    "\"extension_attributes"
	    "\":{\"shipping_assignments\":[{\"shipping\":{\"address\":[]}}]}}",
	    "bad_field", "extension_attributes.shipping_assignments[0]."
	    "shipping.address", "extension_attributes.shipping_assignments[0]"
	    ".shipping.address is an array, not an object (shape magento)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[],"
	    "\"shipping_lines\":"
	    "[{\"title\":\"x\",\"service_code\":12}]}", "bad_field",
	    "shipping_lines[0].service_code", "shipping_lines[0].service_code "
	    "is a number, not a string (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[],"
	    "\"shipping_lines\":"
	    "[{\"title\":\"x\",\"carrier\":true}]}", "bad_field",
	    "shipping_lines[0].carrier", "shipping_lines[0].carrier "
	    "is a boolean, not a string (shape shopify)");
	expect_held("shopify", "{\"name\":\"#1\",\"line_items\":[{\"id\":[1],"
	    "\"sku\":\"MUG\",\"quantity\":1}]," DPD "}", "bad_field",
	    "line_items[0].id", "line_items[0].id is an array, not a string "
	    "or an integer (shape shopify)");
}

/* The path options: of the record, over the live shipping line's. */
static void
test_paths(void **state)
{
	struct wmsorder w;
	struct exception e = { .code = EXC_NONE };
	json_t *out, *record = parse_json("{\"increment_id\":\"9\","
	    "\"shipping_description\":\"Flat\",\"wms\":{\"service\":\"SD1\","
	    "\"carrier\":\"Royal Mail\",\"to\":{\"postcode\":\"N1\"}},"
	    "\"items\":[{\"item_id\":1,\"sku\":\"MUG\",\"qty_ordered\":1}]}");
	char *got, *err;

	(void)state;
	wmsorder_init(&w, order_shape_find("magento"));
	w.service = path_parse("wms.service", &err);
	w.carrier = path_parse("wms.carrier", &err);
	assert_int_equal(order_model_set(w.model, "address", "wms.to", &err),
	    1);
	assert_int_equal(wmsorder_record(&w, record, &out, &e), 1);
	got = json_dumps(out, JSON_COMPACT);
	assert_string_equal(got, "{\"reference\":\"9\","
	    "\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"9\","
	    "\"carrier_code\":\"Royal Mail\",\"carrier_service_code\":\"SD1\","
	    "\"currency\":null,\"delivery_address\":{\"postcode\":\"N1\"},"
	    "\"lines\":[{\"product_code\":\"MUG\",\"order_quantity\":1,"
	    "\"unit_price\":null,\"external_line_reference\":\"1\"}]}");
	free(got);
	json_decref(out);
	/* an option's field missing: no service code there */
	json_object_del(json_object_get(record, "wms"), "service");
	assert_int_equal(wmsorder_record(&w, record, &out, &e), 0);
	assert_int_equal(e.code, EXC_NO_SERVICE_CODE);
	assert_string_equal(e.path, "wms.service");
	json_decref(record);
	wmsorder_free(&w);
	exc_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shopify_edited),
		cmocka_unit_test(test_kit_trace),
		cmocka_unit_test(test_graphql),
		cmocka_unit_test(test_magento),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_nothing_to_pick),
		cmocka_unit_test(test_held_lines),
		cmocka_unit_test(test_held_shipping),
		cmocka_unit_test(test_cancelled),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_paths),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
