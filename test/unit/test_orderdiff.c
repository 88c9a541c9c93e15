/*
 * Unit tests of orderdiff: each rule of the verdict, by the WMS's status,
 * and the latest version of an order counting. Records are compared as
 * compact JSON, key order kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orderdiff.h"
#include "testutil.h"

/* A line of input: text parsed, from stdin at lineno. */
static void
line_of(struct ndjson_line *line, const char *text, unsigned long lineno)
{
	memset(line, 0, sizeof(*line));
	line->kind = NDJSON_OBJECT;
	line->value = parse_json(text);
	line->text = text;
	line->len = strlen(text);
	line->source = ndjson_stdin;
	line->lineno = lineno;
}

/* od for shape with the WMS order 1001 of status and lines (JSON). */
static void
setup(struct orderdiff *od, const char *shape, const char *status,
    const char *lines)
{
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	char text[1024];

	orderdiff_init(od, order_shape_find(shape));
	snprintf(text, sizeof(text), "{\"reference\":\"1001\",\"status\":%s,"
	    "\"lines\":%s}", status, lines);
	line_of(&line, text, 1);
	assert_true(goodsout_read(&od->go, &line, &e));
	json_decref(line.value);
	exc_free(&e);
}

/* The verdict on order against the WMS order 1001; out or e.code and
 * e.message, as the verdict has them. */
static void
expect(const char *shape, const char *status, const char *lines,
    const char *order, enum od_verdict want, const char *code,
    const char *text)
{
	struct orderdiff od;
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(order), *out;
	char *got;

	setup(&od, shape, status, lines);
	assert_int_equal(orderdiff_compare(&od, record, &od.go.orders[0],
	    &out, &e), want);
	if (want == OD_WRITE) {
		got = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		assert_string_equal(got, text);
		free(got);
		json_decref(out);
	} else if (want == OD_HOLD) {
		assert_null(out);
		assert_string_equal(exc_codes[e.code].name, code);
		assert_string_equal(e.message, text);
	} else
		assert_null(out);
	json_decref(record);
	orderdiff_free(&od);
	exc_free(&e);
}

#define MUG2 "[{\"sku\":\"MUG\",\"order_quantity\":2,\"pick_quantity\":1}," \
	"{\"sku\":\"SCARF\",\"order_quantity\":1}]"
/* Shopify, edited: MUG 2 to 1, SCARF removed by the edit, TOTE added */
#define EDITED "{\"id\":5600000000001,\"name\":\"#1001\"," \
	"\"updated_at\":\"2026-11-26T10:00:00Z\",\"line_items\":[" \
	"{\"sku\":\"MUG\",\"quantity\":2,\"current_quantity\":1}," \
	"{\"sku\":\"SCARF\",\"quantity\":1,\"current_quantity\":0}," \
	"{\"sku\":\"TOTE\",\"quantity\":1}," \
	"{\"sku\":\"CARD\",\"quantity\":1,\"gift_card\":true}]," \
	"\"shipping_lines\":[{\"title\":\"Old\",\"is_removed\":true}," \
	"{\"title\":\"Next Day\"}],\"shipping_address\":{\"zip\":\"E1\"}}"
#define SAME "{\"name\":\"#1001\",\"line_items\":[" \
	"{\"sku\":\"MUG\",\"quantity\":1},{\"sku\":\"SCARF\",\"quantity\":1}," \
	"{\"sku\":\"MUG\",\"quantity\":1}]}"
#define CANCELLED "{\"name\":\"#1001\",\"cancelled_at\":\"2026-11-26\"," \
	"\"line_items\":[{\"sku\":\"MUG\",\"quantity\":2}]}"
#define DIFF "[{\"sku\":\"MUG\",\"wms_quantity\":2,\"quantity\":1}," \
	"{\"sku\":\"SCARF\",\"wms_quantity\":1,\"quantity\":0}," \
	"{\"sku\":\"TOTE\",\"wms_quantity\":0,\"quantity\":1}]"

/* Before the pick: an amendment, whatever the spelling of the status. */
static void
test_amend(void **state)
{
	static const char *const before[] = { "\"DRAFT\"", "2",
	    "\"allocated\"", "\"7\"" };
	static const char *const names[] = { "DRAFT", "PENDING",
	    "ALLOCATED", "PART_ALLOCATED" };
	char want[1024];
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		snprintf(want, sizeof(want), "{\"reference\":\"1001\","
		    "\"action\":\"amend\",\"wms_status\":\"%s\","
		    "\"external_system_reference1\":\"5600000000001\","
		    "\"external_system_reference2\":\"#1001\","
		    "\"updated_at\":\"2026-11-26T10:00:00Z\","
		    "\"shipping_method\":\"Next Day\","
		    "\"delivery_address\":{\"zip\":\"E1\"},\"lines\":" DIFF "}",
		    names[i]);
		expect("shopify", before[i], MUG2, EDITED, OD_WRITE, NULL,
		    want);
	}
}

/* No difference, summed by SKU: nothing, whatever the status. */
static void
test_unchanged(void **state)
{
	(void)state;
	expect("shopify", "\"PENDING\"", MUG2, SAME, OD_NOTHING, NULL, NULL);
	expect("shopify", "\"PICK\"", MUG2, SAME, OD_NOTHING, NULL, NULL);
	expect("shopify", "\"COMPLETED\"", MUG2, SAME, OD_NOTHING, NULL,
	    NULL);
	expect("shopify", "\"ON_HOLD\"", MUG2, SAME, OD_NOTHING, NULL, NULL);
}

static void
test_cancel(void **state)
{
	(void)state;
	expect("shopify", "\"PENDING\"", MUG2, CANCELLED, OD_WRITE, NULL,
	    "{\"reference\":\"1001\",\"action\":\"cancel\","
	    "\"wms_status\":\"PENDING\",\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"#1001\",\"updated_at\":null,"
	    "\"shipping_method\":null,\"delivery_address\":null,\"lines\":["
	    "{\"sku\":\"MUG\",\"wms_quantity\":2,\"quantity\":0},"
	    "{\"sku\":\"SCARF\",\"wms_quantity\":1,\"quantity\":0}]}");
	/* a WMS order with no lines is still cancelled */
	expect("shopify", "1", "[]", CANCELLED, OD_WRITE, NULL,
	    "{\"reference\":\"1001\",\"action\":\"cancel\","
	    "\"wms_status\":\"DRAFT\",\"external_system_reference1\":null,"
	    "\"external_system_reference2\":\"#1001\",\"updated_at\":null,"
	    "\"shipping_method\":null,\"delivery_address\":null,"
	    "\"lines\":[]}");
}

static void
test_during_pick(void **state)
{
	(void)state;
	expect("shopify", "\"PICK\"", MUG2, EDITED, OD_HOLD,
	    "edit_during_pick", "order 1001 changed in the storefront while "
	    "the WMS picks it (PICK): take out 1 MUG (2 to 1, 1 picked), take "
	    "out 1 SCARF (1 to 0), add 1 TOTE (0 to 1)");
	expect("shopify", "4", MUG2, CANCELLED, OD_HOLD, "edit_during_pick",
	    "order 1001 was cancelled in the storefront while the WMS picks "
	    "it (PART): stop the pick; take out 2 MUG (2 to 0, 1 picked), "
	    "take out 1 SCARF (1 to 0)");
}

static void
test_after_dispatch(void **state)
{
	(void)state;
	expect("shopify", "6", MUG2, EDITED, OD_HOLD, "edit_after_dispatch",
	    "order 1001 changed in the storefront after the WMS dispatched it "
	    "(COMPLETED): MUG 2 to 1, SCARF 1 to 0, TOTE 0 to 1; only a "
	    "return or a refund can follow");
	expect("shopify", "\"COMPLETED\"", MUG2, CANCELLED, OD_HOLD,
	    "edit_after_dispatch", "order 1001 was cancelled in the "
	    "storefront after the WMS dispatched it (COMPLETED): MUG 2 to 0, "
	    "SCARF 1 to 0; only a return or a refund can follow");
}

static void
test_cancelled_in_wms(void **state)
{
	(void)state;
	expect("shopify", "\"CANCELLED\"", MUG2, SAME, OD_HOLD,
	    "cancelled_in_wms", "order 1001 is cancelled in the WMS "
	    "(CANCELLED) but live in the storefront, with 3 units to pick");
	expect("shopify", "8", MUG2, EDITED, OD_HOLD, "cancelled_in_wms",
	    "order 1001 is cancelled in the WMS (8) but live in the "
	    "storefront, with 2 units to pick");
	/* both cancelled, or nothing left to pick: nothing to do */
	expect("shopify", "8", MUG2, CANCELLED, OD_NOTHING, NULL, NULL);
	expect("shopify", "\"CANCELLED\"", MUG2, "{\"name\":\"#1001\","
	    "\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"current_quantity\":0},{\"sku\":\"CARD\",\"quantity\":1,"
	    "\"gift_card\":true}]}", OD_NOTHING, NULL, NULL);
}

static void
test_unmapped_status(void **state)
{
	(void)state;
	expect("shopify", "\"ON_HOLD\"", MUG2, EDITED, OD_HOLD,
	    "unmapped_status", "order 1001 changed in the storefront, but its "
	    "WMS status \"ON_HOLD\" is not a Clarus goods-out status (1 to 8 "
	    "or a name)");
	expect("shopify", "null", MUG2, CANCELLED, OD_HOLD,
	    "unmapped_status", "order 1001 was cancelled in the storefront, "
	    "but its WMS order has no status at status");
}

/* The other shapes: GraphQL's currentQuantity, Magento's qty_canceled,
 * a Magento bundle's parent row not picked. */
static void
test_shapes(void **state)
{
	(void)state;
	expect("shopify-graphql", "\"PICK\"", MUG2, "{\"name\":\"#1001\","
	    "\"lineItems\":{\"nodes\":[{\"sku\":\"MUG\",\"quantity\":2,"
	    "\"currentQuantity\":1},{\"sku\":\"SCARF\",\"quantity\":1}]}}",
	    OD_HOLD, "edit_during_pick", "order 1001 changed in the "
	    "storefront while the WMS picks it (PICK): take out 1 MUG (2 to "
	    "1, 1 picked)");
	expect("magento", "\"PICK\"", MUG2, "{\"increment_id\":\"1001\","
	    "\"items\":[{\"item_id\":1,\"sku\":\"SET\",\"product_type\":"
	    "\"bundle\",\"qty_ordered\":1},{\"item_id\":2,\"parent_item_id\":"
	    "1,\"sku\":\"MUG\",\"product_type\":\"simple\",\"qty_ordered\":"
	    "2.0000,\"qty_canceled\":1.0000},{\"item_id\":3,"
	    "\"parent_item_id\":1,\"sku\":\"SCARF\",\"product_type\":"
	    "\"simple\",\"qty_ordered\":1.0000}]}", OD_HOLD,
	    "edit_during_pick", "order 1001 changed in the storefront while "
	    "the WMS picks it (PICK): take out 1 MUG (2 to 1, 1 picked)");
}

/* An order that cannot be compared is held with its reason. */
static void
test_bad_orders(void **state)
{
	(void)state;
	expect("shopify", "2", MUG2, "{\"line_items\":[]}", OD_HOLD,
	    "no_field", "the order has no reference at name");
	expect("shopify", "2", MUG2, "{\"name\":\"1001\",\"line_items\":"
	    "[{\"sku\":\"MUG\",\"quantity\":1.5}]}", OD_HOLD, "bad_quantity",
	    "line line_items[0].quantity has a quantity that is not a whole "
	    "number (shape shopify)");
	expect("shopify", "2", MUG2, "{\"name\":\"1001\",\"line_items\":"
	    "[{\"sku\":7,\"quantity\":1}]}", OD_HOLD, "bad_sku",
	    "line line_items[0].sku is to be picked but its SKU is not a "
	    "string");
}

/* The latest version counts: by updated time, else the last read. */
static void
test_latest(void **state)
{
	static const char *const v[] = {
		"{\"name\":\"#1001\",\"updated_at\":\"2026-11-26T10:00:00Z\","
		"\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}]}",
		"{\"name\":\"#1001\",\"updated_at\":\"2026-11-26T09:00:00Z\","
		"\"line_items\":[{\"sku\":\"MUG\",\"quantity\":5}]}",
		"{\"name\":\"#1001\",\"line_items\":[{\"sku\":\"MUG\","
		"\"quantity\":3}]}",
		"{\"name\":\"#2001\",\"line_items\":[{\"sku\":\"MUG\","
		"\"quantity\":3}]}",
		"{\"name\":\"#2002\",\"cancelled_at\":\"2026-11-26\","
		"\"line_items\":[{\"sku\":\"MUG\",\"quantity\":3}]}",
	};
	struct orderdiff od;
	struct ndjson_line line, got;
	struct exception e = { .code = EXC_NONE };
	json_t *out;
	size_t i;

	(void)state;
	setup(&od, "shopify", "2", MUG2);
	for (i = 0; i < 2; i++) {
		line_of(&line, v[i], i + 1);
		assert_true(orderdiff_order(&od, &line, &e));
		json_decref(line.value);
	}
	assert_int_equal(od.superseded, 1);
	assert_int_equal(orderdiff_decide(&od, 0, &got, &out, &e), OD_WRITE);
	assert_int_equal(got.lineno, 1);	/* 10:00 is the later */
	assert_string_equal(json_string_value(json_object_get(out,
	    "updated_at")), "2026-11-26T10:00:00Z");
	json_decref(out);
	json_decref(got.value);
	/* no updated time: the last read counts */
	for (i = 2; i < 5; i++) {
		line_of(&line, v[i], i + 1);
		assert_true(orderdiff_order(&od, &line, &e));
		json_decref(line.value);
	}
	assert_int_equal(orderdiff_decide(&od, 0, &got, &out, &e), OD_WRITE);
	assert_int_equal(got.lineno, 3);
	assert_true(json_is_null(json_object_get(out, "updated_at")));
	json_decref(out);
	json_decref(got.value);
	assert_int_equal(od.not_in_wms, 2);
	assert_int_equal(od.missing, 1);	/* #2002 is cancelled */
	assert_int_equal(od.due, 2);
	orderdiff_free(&od);
	exc_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amend),
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_during_pick),
		cmocka_unit_test(test_after_dispatch),
		cmocka_unit_test(test_cancelled_in_wms),
		cmocka_unit_test(test_unmapped_status),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_bad_orders),
		cmocka_unit_test(test_latest),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
