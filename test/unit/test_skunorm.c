/*
 * Unit tests of skunorm: sku-normalize's work on one record, set up by
 * hand as the program does. Records are compared as jansson's compact
 * dump, which keeps the key order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "path.h"
#include "skunorm.h"
#include "xalloc.h"

#define EN_DASH	"\xE2\x80\x93"

static const char master_csv[] = "sku,name\n"
    "TS-RED-M,Tee red M\n"
    "TS-RED-S,Tee red S\n"
    "ABC-001,Mug\n"
    "abc,Lower\n"
    "ABC,Upper\n"
    "000123,Digits\n";


/* As sku-normalize sets it up: paths, then the master unless NULL. */
static void
setup_norm(struct skunorm *n, const char *csv, const char *const *paths,
    size_t npaths)
{
	char *err = NULL;
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < npaths; i++) {
		struct path *p = path_parse(paths[i], &err);

		if (p == NULL)
			fail_msg("%s", err);
		skunorm_add_path(n, p);
	}
	if (csv != NULL) {
		n->master = sku_master_load(temp_text(csv), "sku", &err);
		if (n->master == NULL)
			fail_msg("%s", err);
	}
}

static void
expect_json(const json_t *v, const char *want)
{
	char *got;

	assert_non_null(v);
	got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Runs text through n; it must pass, as want. */
static void
expect_pass(struct skunorm *n, const char *text, const char *want)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text);

	assert_int_equal(skunorm_record(n, record, &e), 1);
	assert_int_equal(e.code, EXC_NONE);
	assert_null(e.detail);
	expect_json(record, want);
	json_decref(record);
	exc_free(&e);
}

/*
 * Runs text through n; it must be held with code at path, the record
 * untouched, and the exception as given (value NULL: none; detail NULL:
 * none). Returns the record to free.
 */
static json_t *
expect_hold(struct skunorm *n, const char *text, struct exception *e,
    const char *code, const char *path, const char *value,
    const char *message, const char *detail)
{
	json_t *record = parse_json(text);
	char *before = json_dumps(record, JSON_COMPACT);

	assert_int_equal(skunorm_record(n, record, e), 0);
	expect_json(record, before);
	free(before);
	assert_string_equal(exc_codes[e->code].name, code);
	assert_string_equal(e->path, path);
	if (value == NULL)	/* absent */
		assert_null(e->value);
	else
		expect_json(e->value, value);
	assert_string_equal(e->message, message);
	if (detail == NULL)
		assert_null(e->detail);
	else
		expect_json(e->detail, detail);
	return record;
}

static void
test_rewrite(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	struct skunorm n;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	expect_pass(&n,
	    "{\"id\":1001,\"name\":\"#1001\",\"line_items\":["
	    "{\"quantity\":1,\"sku\":\"ts-red-m\",\"title\":\"Tee\"},"
	    "{\"quantity\":2,\"sku\":\" ABC" EN_DASH "001 \","
	    "\"title\":\"Mug\"},"
	    "{\"quantity\":1,\"sku\":\"TS-RED-S\",\"title\":\"Tee\"}],"
	    "\"email\":\"a@example.com\"}",
	    "{\"id\":1001,\"name\":\"#1001\",\"line_items\":["
	    "{\"quantity\":1,\"sku\":\"TS-RED-M\",\"title\":\"Tee\"},"
	    "{\"quantity\":2,\"sku\":\"ABC-001\",\"title\":\"Mug\"},"
	    "{\"quantity\":1,\"sku\":\"TS-RED-S\",\"title\":\"Tee\"}],"
	    "\"email\":\"a@example.com\"}");
	assert_int_equal(n.skus, 3);
	assert_int_equal(n.rewritten, 2);
	/* by key; the counts go on from record to record */
	expect_pass(&n, "{\"line_items\":[{\"sku\":\"123\"}]}",
	    "{\"line_items\":[{\"sku\":\"000123\"}]}");
	assert_int_equal(n.skus, 4);
	assert_int_equal(n.rewritten, 3);
	skunorm_free(&n);
}

static void
test_keep_original(void **state)
{
	static const char *const paths[] = { "line_items[].sku", "sku",
	    "skus[]" };
	struct skunorm n;

	(void)state;
	setup_norm(&n, master_csv, paths, 3);
	n.keep_original = 1;
	expect_pass(&n,
	    "{\"sku\":\"abc-001\",\"line_items\":["
	    "{\"quantity\":1,\"sku\":\"ts-red-m\",\"title\":\"Tee\"},"
	    "{\"sku\":\" ABC" EN_DASH "001 \"},"
	    "{\"quantity\":1,\"sku\":\"TS-RED-S\"}],"
	    "\"skus\":[\"ts-red-s\",\"ABC\"]}",
	    "{\"sku\":\"ABC-001\",\"line_items\":["
	    "{\"quantity\":1,\"sku\":\"TS-RED-M\",\"title\":\"Tee\","
	    "\"sku_original\":\"ts-red-m\"},"
	    "{\"sku\":\"ABC-001\",\"sku_original\":\" ABC" EN_DASH "001 \"},"
	    "{\"quantity\":1,\"sku\":\"TS-RED-S\"}],"
	    "\"skus\":[\"TS-RED-S\",\"ABC\"],"
	    "\"sku_original\":\"abc-001\"}");
	/* in an array there is no key to put an original beside */
	assert_int_equal(n.skus, 6);
	assert_int_equal(n.rewritten, 4);
	/* an original from an earlier run is kept, not replaced */
	expect_pass(&n, "{\"sku_original\":\"abc 001\",\"sku\":\"abc-001\"}",
	    "{\"sku_original\":\"abc 001\",\"sku\":\"ABC-001\"}");
	assert_int_equal(n.rewritten, 5);
	skunorm_free(&n);
}

static void
test_null_and_absent(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	static const char *const records[] = {
		("{\"line_items\":[{\"sku\":null},{\"title\":\"no sku\"},"
		    "{\"sku\":\"TS-RED-M\"}],\"x\":5}"),
		"{\"id\":2}",
		"{\"line_items\":{\"sku\":\"not in an array\"}}",
		"{\"line_items\":[\"a\",null,3]}",
		"{\"line_items\":[]}",
		/* custom items of Shopify have "" */
		"{\"line_items\":[{\"sku\":\"\"},{\"sku\":\"ABC\"}]}",
	};
	struct skunorm n;
	size_t i;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		expect_pass(&n, records[i], records[i]);
	assert_int_equal(n.skus, 2);
	assert_int_equal(n.rewritten, 0);
	skunorm_free(&n);
}

static void
test_bad_sku(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"ts-red-m\"},"
	    "{\"sku\":123}]}", &e, "bad_sku", "line_items[1].sku", "123",
	    "the SKU at line_items[1].sku is not a string", "{}");
	/* the value is the record's own */
	assert_ptr_equal(e.value, json_object_get(json_array_get(
	    json_object_get(r, "line_items"), 1), "sku"));
	json_decref(r);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":{\"a\":[1,true]}}]}",
	    &e, "bad_sku", "line_items[0].sku", "{\"a\":[1,true]}",
	    "the SKU at line_items[0].sku is not a string", "{}");
	json_decref(r);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":false}]}", &e,
	    "bad_sku", "line_items[0].sku", "false",
	    "the SKU at line_items[0].sku is not a string", "{}");
	json_decref(r);
	assert_int_equal(n.skus, 4);
	assert_int_equal(n.rewritten, 0);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_unknown_sku(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	/* the first SKU could be fixed, but the record is held as it came */
	r = expect_hold(&n, "{\"id\":7,\"line_items\":["
	    "{\"sku\":\"ts-red-m\",\"quantity\":1},"
	    "{\"sku\":\"TS-RED-L\",\"quantity\":2}]}", &e,
	    "unknown_sku", "line_items[1].sku", "\"TS-RED-L\"",
	    "SKU \"TS-RED-L\" is not in the master; nearest: \"TS-RED-M\", "
	    "\"TS-RED-S\"",
	    "{\"nearest\":[\"TS-RED-M\",\"TS-RED-S\"]}");
	assert_ptr_equal(e.value, json_object_get(json_array_get(
	    json_object_get(r, "line_items"), 1), "sku"));
	json_decref(r);
	assert_int_equal(n.skus, 2);
	assert_int_equal(n.rewritten, 0);
	/* nothing near */
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"ZZZZZZZZ\"}]}", &e,
	    "unknown_sku", "line_items[0].sku", "\"ZZZZZZZZ\"",
	    "SKU \"ZZZZZZZZ\" is not in the master", "{\"nearest\":[]}");
	json_decref(r);
	/* the hint starts from the cleaned SKU, not the key of the raw one */
	r = expect_hold(&n,
	    "{\"line_items\":[{\"sku\":\" ABC" EN_DASH "00 \"}]}", &e,
	    "unknown_sku", "line_items[0].sku", "\" ABC" EN_DASH "00 \"",
	    "SKU \" ABC" EN_DASH "00 \" is not in the master; nearest: "
	    "\"ABC-001\", \"abc\", \"ABC\"",
	    "{\"nearest\":[\"ABC-001\",\"abc\",\"ABC\"]}");
	json_decref(r);
	/* the next record starts afresh */
	expect_pass(&n, "{\"line_items\":[{\"sku\":\"ts-red-m\"}]}",
	    "{\"line_items\":[{\"sku\":\"TS-RED-M\"}]}");
	assert_int_equal(n.skus, 5);
	assert_int_equal(n.rewritten, 1);
	skunorm_free(&n);
	exc_free(&e);
}

/* What cleaning empties is bad_sku, with a master as without. */
static void
test_emptied_sku(void **state)
{
	static const char *const paths[] = { "sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	r = expect_hold(&n, "{\"sku\":\"  \"}", &e, "bad_sku", "sku",
	    "\"  \"", "SKU \"  \" is empty once cleaned", "{}");
	json_decref(r);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_ambiguous_sku(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_norm(&n, master_csv, paths, 1);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"Abc\"}]}", &e,
	    "ambiguous_sku", "line_items[0].sku", "\"Abc\"",
	    "SKU \"Abc\" fits several master SKUs: \"abc\", \"ABC\"",
	    "{\"candidates\":[\"abc\",\"ABC\"]}");
	json_decref(r);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_several_problems(void **state)
{
	static const char *const paths[] = { "line_items[].sku",
	    "shipping_lines[0].sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_norm(&n, master_csv, paths, 2);
	/* two: the first is the exception, the second is in "also" */
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"TS-RED-L\"},"
	    "{\"sku\":\"TS-RED-M\"},{\"sku\":42}]}", &e,
	    "unknown_sku", "line_items[0].sku", "\"TS-RED-L\"",
	    "SKU \"TS-RED-L\" is not in the master; nearest: \"TS-RED-M\", "
	    "\"TS-RED-S\"",
	    "{\"nearest\":[\"TS-RED-M\",\"TS-RED-S\"],\"also\":["
	    "{\"code\":\"bad_sku\",\"path\":\"line_items[2].sku\","
	    "\"value\":42}]}");
	json_decref(r);
	/* more, over two paths, in path order */
	r = expect_hold(&n, "{\"shipping_lines\":[{\"sku\":\"QQQQQQQQ\"}],"
	    "\"line_items\":[{\"sku\":[1]},{\"sku\":\"Abc\"}]}", &e,
	    "bad_sku", "line_items[0].sku", "[1]",
	    "the SKU at line_items[0].sku is not a string",
	    "{\"also\":["
	    "{\"code\":\"ambiguous_sku\",\"path\":\"line_items[1].sku\","
	    "\"value\":\"Abc\"},"
	    "{\"code\":\"unknown_sku\",\"path\":\"shipping_lines[0].sku\","
	    "\"value\":\"QQQQQQQQ\"}]}");
	json_decref(r);
	assert_int_equal(n.skus, 6);
	assert_int_equal(n.rewritten, 0);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_clean_only(void **state)
{
	static const char *const paths[] = { "line_items[].sku" };
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	char *err = NULL;
	json_t *r;

	(void)state;
	setup_norm(&n, NULL, paths, 1);
	/* without a master nothing is unknown: every SKU is cleaned */
	expect_pass(&n, "{\"line_items\":[{\"sku\":\" ABC" EN_DASH "001 \"},"
	    "{\"sku\":\"abc\"},{\"sku\":\"NOT-IN-ANY-MASTER\"},"
	    "{\"sku\":null}]}",
	    "{\"line_items\":[{\"sku\":\"ABC-001\"},{\"sku\":\"abc\"},"
	    "{\"sku\":\"NOT-IN-ANY-MASTER\"},{\"sku\":null}]}");
	assert_int_equal(n.skus, 3);
	assert_int_equal(n.rewritten, 1);
	n.rules.letter_case = SKU_CASE_UPPER;
	n.rules.pad = 6;
	assert_int_equal(sku_rules_allow(&n.rules, "A-Z0-9-", &err), 1);
	n.keep_original = 1;
	expect_pass(&n, "{\"line_items\":[{\"sku\":\"abc/1\"},"
	    "{\"sku\":\"12\"},{\"sku\":\"OK-1\"}]}",
	    "{\"line_items\":[{\"sku\":\"ABC1\",\"sku_original\":\"abc/1\"},"
	    "{\"sku\":\"000012\",\"sku_original\":\"12\"},"
	    "{\"sku\":\"OK-1\"}]}");
	assert_int_equal(n.skus, 6);
	assert_int_equal(n.rewritten, 3);
	/* a bad SKU is bad without a master too */
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":1}]}", &e,
	    "bad_sku", "line_items[0].sku", "1",
	    "the SKU at line_items[0].sku is not a string", "{}");
	json_decref(r);
	/* as is one that cleaning empties */
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"OK-1\"},"
	    "{\"sku\":\"a//b\"},{\"sku\":\"//\"},{\"sku\":\"  \"}]}", &e,
	    "bad_sku", "line_items[2].sku", "\"//\"",
	    "SKU \"//\" is empty once cleaned",
	    "{\"also\":[{\"code\":\"bad_sku\",\"path\":\"line_items[3].sku\","
	    "\"value\":\"  \"}]}");
	json_decref(r);
	assert_int_equal(n.skus, 11);
	assert_int_equal(n.rewritten, 3);
	skunorm_free(&n);
	exc_free(&e);
}

/* As sku-normalize sets it up without -p: a model of the shape. */
static void
setup_orders(struct skunorm *n, const char *shape)
{
	const char *const none[] = { NULL };

	setup_norm(n, master_csv, none, 0);
	skunorm_set_model(n, order_model_new(order_shape_find(shape), -1));
}

static void
test_orders_picks_only(void **state)
{
	struct skunorm n;

	(void)state;
	setup_orders(&n, "shopify");
	/* a removed line, a gift card, a line not shipped: left alone,
	 * unknown SKU or none; the line to pick is resolved */
	expect_pass(&n, "{\"line_items\":["
	    "{\"sku\":\"ts-red-m\",\"quantity\":2,\"current_quantity\":1},"
	    "{\"sku\":\"NOPE\",\"quantity\":1,\"current_quantity\":0},"
	    "{\"sku\":null,\"quantity\":1,\"current_quantity\":0},"
	    "{\"sku\":\"GC-1\",\"quantity\":1,\"gift_card\":true},"
	    "{\"sku\":\"\",\"quantity\":1,\"requires_shipping\":false},"
	    "{\"sku\":7,\"quantity\":1,\"requires_shipping\":false}]}",
	    "{\"line_items\":["
	    "{\"sku\":\"TS-RED-M\",\"quantity\":2,\"current_quantity\":1},"
	    "{\"sku\":\"NOPE\",\"quantity\":1,\"current_quantity\":0},"
	    "{\"sku\":null,\"quantity\":1,\"current_quantity\":0},"
	    "{\"sku\":\"GC-1\",\"quantity\":1,\"gift_card\":true},"
	    "{\"sku\":\"\",\"quantity\":1,\"requires_shipping\":false},"
	    "{\"sku\":7,\"quantity\":1,\"requires_shipping\":false}]}");
	assert_int_equal(n.skus, 1);
	assert_int_equal(n.rewritten, 1);
	/* no lines, or not an order at all: nothing to look at */
	expect_pass(&n, "{\"id\":2}", "{\"id\":2}");
	expect_pass(&n, "{\"line_items\":null}", "{\"line_items\":null}");
	/* an original beside a change, as with paths */
	n.keep_original = 1;
	expect_pass(&n, "{\"line_items\":[{\"sku\":\"123\",\"quantity\":1}]}",
	    "{\"line_items\":[{\"sku\":\"000123\",\"quantity\":1,"
	    "\"sku_original\":\"123\"}]}");
	skunorm_free(&n);
}

static void
test_orders_missing_sku(void **state)
{
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_orders(&n, "shopify");
	/* the first problem is the exception; an absent SKU has no value */
	r = expect_hold(&n, "{\"line_items\":["
	    "{\"sku\":\"TS-RED-L\",\"quantity\":1},"
	    "{\"title\":\"Custom\",\"quantity\":1},"
	    "{\"sku\":\"\",\"quantity\":2,\"current_quantity\":1}]}", &e,
	    "unknown_sku", "line_items[0].sku", "\"TS-RED-L\"",
	    "SKU \"TS-RED-L\" is not in the master; nearest: \"TS-RED-M\", "
	    "\"TS-RED-S\"",
	    "{\"nearest\":[\"TS-RED-M\",\"TS-RED-S\"],\"also\":["
	    "{\"code\":\"missing_sku\",\"path\":\"line_items[1].sku\"},"
	    "{\"code\":\"missing_sku\",\"path\":\"line_items[2].sku\","
	    "\"value\":\"\"}]}");
	json_decref(r);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":null,\"quantity\":1}]}",
	    &e, "missing_sku", "line_items[0].sku", "null",
	    "line line_items[0].sku is to be picked but has no SKU "
	    "(shape shopify)", "{}");
	json_decref(r);
	/* a quantity that is not a count: it may be picked */
	r = expect_hold(&n, "{\"line_items\":[{\"quantity\":-1}]}", &e,
	    "missing_sku", "line_items[0].sku", NULL,
	    "line line_items[0].sku may be picked (its quantity is not a "
	    "whole number of 0 or more) but has no SKU (shape shopify)", "{}");
	json_decref(r);
	r = expect_hold(&n, "{\"line_items\":[{\"sku\":\"NOPE\","
	    "\"quantity\":1,\"current_quantity\":\"1\"}]}", &e,
	    "unknown_sku", "line_items[0].sku", "\"NOPE\"",
	    "SKU \"NOPE\" is not in the master", "{\"nearest\":[]}");
	json_decref(r);
	expect_pass(&n, "{\"line_items\":[{\"sku\":\"abc-001\","
	    "\"quantity\":2.5}]}",
	    "{\"line_items\":[{\"sku\":\"ABC-001\",\"quantity\":2.5}]}");
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_orders_bad_field(void **state)
{
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_orders(&n, "shopify");
	r = expect_hold(&n, "{\"line_items\":7}", &e, "bad_field",
	    "line_items", "7",
	    "line_items is a number, not an array of lines (shape shopify)",
	    NULL);
	json_decref(r);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_orders_graphql(void **state)
{
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_orders(&n, "shopify-graphql");
	expect_pass(&n, "{\"lineItems\":{\"edges\":["
	    "{\"node\":{\"sku\":\"abc-001\",\"currentQuantity\":1}},"
	    "{\"node\":{\"sku\":\"GC\",\"currentQuantity\":1,"
	    "\"isGiftCard\":true}},"
	    "{\"node\":{\"sku\":\"NOPE\",\"quantity\":1,"
	    "\"currentQuantity\":0}}]}}",
	    "{\"lineItems\":{\"edges\":["
	    "{\"node\":{\"sku\":\"ABC-001\",\"currentQuantity\":1}},"
	    "{\"node\":{\"sku\":\"GC\",\"currentQuantity\":1,"
	    "\"isGiftCard\":true}},"
	    "{\"node\":{\"sku\":\"NOPE\",\"quantity\":1,"
	    "\"currentQuantity\":0}}]}}");
	r = expect_hold(&n, "{\"lineItems\":{\"edges\":["
	    "{\"node\":{\"sku\":\"abc-001\",\"currentQuantity\":1}},"
	    "{\"node\":{\"sku\":\"Abc\",\"quantity\":1}}]}}", &e,
	    "ambiguous_sku", "lineItems.edges[1].node.sku", "\"Abc\"",
	    "SKU \"Abc\" fits several master SKUs: \"abc\", \"ABC\"",
	    "{\"candidates\":[\"abc\",\"ABC\"]}");
	json_decref(r);
	r = expect_hold(&n, "{\"lineItems\":{\"nodes\":["
	    "{\"sku\":[\"A\"],\"quantity\":1,\"requiresShipping\":true}]}}",
	    &e, "bad_sku", "lineItems.nodes[0].sku", "[\"A\"]",
	    "the SKU at lineItems.nodes[0].sku is not a string", "{}");
	json_decref(r);
	skunorm_free(&n);
	exc_free(&e);
}

static void
test_orders_magento(void **state)
{
	struct skunorm n;
	struct exception e = { .code = EXC_NONE };
	json_t *r;

	(void)state;
	setup_orders(&n, "magento");
	/* the bundle parent's SKU and the configurable's child row are left
	 * as they are; the children and the configurable row resolved */
	expect_pass(&n, "{\"items\":["
	    "{\"item_id\":1,\"product_type\":\"bundle\","
	    "\"sku\":\"TS-RED-M-ABC-001\",\"qty_ordered\":1.0},"
	    "{\"item_id\":2,\"parent_item_id\":1,\"sku\":\"ts-red-m\","
	    "\"qty_ordered\":1.0},"
	    "{\"item_id\":3,\"parent_item_id\":1,\"sku\":\"abc-001\","
	    "\"qty_ordered\":2.0,\"qty_canceled\":0.0},"
	    "{\"item_id\":4,\"product_type\":\"configurable\","
	    "\"sku\":\"abc\",\"qty_ordered\":1},"
	    "{\"item_id\":5,\"parent_item_id\":4,\"product_type\":\"simple\","
	    "\"sku\":\"Abc\",\"qty_ordered\":1},"
	    "{\"item_id\":6,\"product_type\":\"downloadable\","
	    "\"sku\":\"E-BOOK\",\"qty_ordered\":1},"
	    "{\"item_id\":7,\"sku\":\"NOPE\",\"qty_ordered\":3.0,"
	    "\"qty_canceled\":3.0}]}",
	    "{\"items\":["
	    "{\"item_id\":1,\"product_type\":\"bundle\","
	    "\"sku\":\"TS-RED-M-ABC-001\",\"qty_ordered\":1.0},"
	    "{\"item_id\":2,\"parent_item_id\":1,\"sku\":\"TS-RED-M\","
	    "\"qty_ordered\":1.0},"
	    "{\"item_id\":3,\"parent_item_id\":1,\"sku\":\"ABC-001\","
	    "\"qty_ordered\":2.0,\"qty_canceled\":0.0},"
	    "{\"item_id\":4,\"product_type\":\"configurable\","
	    "\"sku\":\"abc\",\"qty_ordered\":1},"
	    "{\"item_id\":5,\"parent_item_id\":4,\"product_type\":\"simple\","
	    "\"sku\":\"Abc\",\"qty_ordered\":1},"
	    "{\"item_id\":6,\"product_type\":\"downloadable\","
	    "\"sku\":\"E-BOOK\",\"qty_ordered\":1},"
	    "{\"item_id\":7,\"sku\":\"NOPE\",\"qty_ordered\":3.0,"
	    "\"qty_canceled\":3.0}]}");
	assert_int_equal(n.skus, 3);
	assert_int_equal(n.rewritten, 2);
	/* a part cancelled is still picked */
	r = expect_hold(&n, "{\"items\":[{\"item_id\":1,\"sku\":\"NOPE\","
	    "\"qty_ordered\":3.0,\"qty_canceled\":1.0}]}", &e,
	    "unknown_sku", "items[0].sku", "\"NOPE\"",
	    "SKU \"NOPE\" is not in the master", "{\"nearest\":[]}");
	json_decref(r);
	skunorm_free(&n);
	exc_free(&e);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	return 0;
}

/*
 * A master cut down by a spreadsheet: SKUs that match it only without
 * their leading zeros are counted, the first kept; other matches are not.
 */
static void
test_zeros_dropped(void **state)
{
	static const char *const paths[] = { "sku" };
	struct skunorm n;

	(void)state;
	setup_norm(&n, "sku\n123\n4567\nABC-001\n", paths, 1);
	expect_pass(&n, "{\"sku\":\"123\"}", "{\"sku\":\"123\"}");
	expect_pass(&n, "{\"sku\":\"abc-001\"}", "{\"sku\":\"ABC-001\"}");
	expect_pass(&n, "{\"sku\":\"abc 001\"}", "{\"sku\":\"ABC-001\"}");
	assert_int_equal(n.zeros_dropped, 0);
	expect_pass(&n, "{\"sku\":\" 000123\"}", "{\"sku\":\"123\"}");
	expect_pass(&n, "{\"sku\":\"04567\"}", "{\"sku\":\"4567\"}");
	assert_int_equal(n.zeros_dropped, 2);
	assert_string_equal(n.dropped.p, "000123");
	assert_string_equal(n.dropped_to.p, "123");
	/* not digits only: not the spreadsheet's doing */
	expect_pass(&n, "{\"sku\":\"#000123\"}", "{\"sku\":\"123\"}");
	assert_int_equal(n.zeros_dropped, 2);
	skunorm_free(&n);

	/* a master that keeps a leading zero is never suspected */
	setup_norm(&n, "sku\n0123\n45\n6789\n", paths, 1);
	expect_pass(&n, "{\"sku\":\"0045\"}", "{\"sku\":\"45\"}");
	assert_int_equal(n.zeros_dropped, 0);
	skunorm_free(&n);

	/* zeros the order lost, restored from a healthy master */
	setup_norm(&n, master_csv, paths, 1);
	expect_pass(&n, "{\"sku\":\"123\"}", "{\"sku\":\"000123\"}");
	assert_int_equal(n.zeros_dropped, 0);
	skunorm_free(&n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_keep_original),
		cmocka_unit_test(test_null_and_absent),
		cmocka_unit_test(test_bad_sku),
		cmocka_unit_test(test_unknown_sku),
		cmocka_unit_test(test_emptied_sku),
		cmocka_unit_test(test_ambiguous_sku),
		cmocka_unit_test(test_several_problems),
		cmocka_unit_test(test_clean_only),
		cmocka_unit_test(test_orders_picks_only),
		cmocka_unit_test(test_orders_missing_sku),
		cmocka_unit_test(test_orders_bad_field),
		cmocka_unit_test(test_orders_graphql),
		cmocka_unit_test(test_orders_magento),
		cmocka_unit_test(test_zeros_dropped),
	};

	return cmocka_run_group_tests(tests, setup, remove_temps);
}
