/*
 * path: parse field paths, find their slots in a record, set them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "buf.h"
#include "path.h"

/* A Shopify-like order: the second line item has no SKU. */
static const char order_text[] =
    "{\"id\":1001,\"name\":\"#1001\","
    "\"line_items\":["
	"{\"sku\":\"AB-1\",\"quantity\":2},"
	"{\"title\":\"Gift card\",\"quantity\":1},"
	"{\"sku\":\"CD-3\",\"quantity\":1}],"
    "\"shipping_lines\":[{\"title\":\"Standard\",\"price\":\"4.99\"}],"
    "\"customer\":{\"email\":\"a@example.com\"},"
    "\"note\":null}";

static json_t *
load(const char *text)
{
	json_error_t error;
	json_t *v = json_loads(text, 0, &error);

	if (v == NULL)
		fail_msg("%s: %s", text, error.text);
	return v;
}

static struct path *
parse(const char *text)
{
	struct path *p;
	char *err = NULL;

	if ((p = path_parse(text, &err)) == NULL)
		fail_msg("%s", err);
	return p;
}

/* v written compactly, in key order, equals want. */
static void
assert_json(const json_t *v, const char *want)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

/* The slots of path in root, in order, as "where=value" lines. */
static void
assert_find(const char *path, json_t *root, const char *want)
{
	struct path_slot *slots = NULL;
	struct buf got = { NULL, 0, 0 }, where = { NULL, 0, 0 };
	struct path *p = parse(path);
	size_t cap = 0, i, n;
	char *v;

	n = path_find(p, root, &slots, &cap);
	buf_add(&got, "", 0);
	for (i = 0; i < n; i++) {
		path_where(p, &slots[i], &where);
		buf_add(&got, where.p, where.len);
		buf_addc(&got, '=');
		if (slots[i].value == NULL)
			buf_adds(&got, "(none)");
		else {
			v = json_dumps(slots[i].value, JSON_COMPACT |
			    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
			buf_adds(&got, v);
			free(v);
		}
		buf_addc(&got, '\n');
	}
	assert_string_equal(got.p, want);
	buf_free(&got);
	buf_free(&where);
	free(slots);
	path_free(p);
}

static void
test_parse_ok(void **state)
{
	static const char *good[] = {
		"sku", ".sku", "line_items[].sku", "shipping_lines[0].title",
		"a[][].b", "a[][][][]", "[0]", "a.b.c", "a[10][2]", "a b",
	};
	struct path *p;
	size_t i;
	char *err;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		err = NULL;
		p = path_parse(good[i], &err);
		if (p == NULL)
			fail_msg("%s: %s", good[i], err);
		assert_null(err);
		assert_string_equal(path_text(p), good[i]);
		path_free(p);
	}
}

static void
test_parse_errors(void **state)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "", "bad path \"\": empty" },
		{ ".", "bad path \".\": empty" },
		{ "a..b", "bad path \"a..b\": a key is missing after '.'" },
		{ "a.", "bad path \"a.\": a key is missing after '.'" },
		{ "a.[0]", "bad path \"a.[0]\": a key is missing after '.'" },
		{ "a[99999999999999999999]", "bad path "
		    "\"a[99999999999999999999]\": an index too large" },
		{ "a[x]", "bad path \"a[x]\": expected a key, [] or [N]" },
		{ "a]", "bad path \"a]\": expected '.' or '[' between parts" },
		{ "[", "bad path \"[\": expected a key, [] or [N]" },
		{ "a[-1]", "bad path \"a[-1]\": expected a key, [] or [N]" },
		{ "a[1x]", "bad path \"a[1x]\": an index is digits in []" },
		{ "a[1", "bad path \"a[1\": an index is digits in []" },
		{ "a[0]b", "bad path \"a[0]b\": expected '.' or '[' between "
		    "parts" },
		{ "a[][][][][]", "bad path \"a[][][][][]\": too many []" },
	};
	struct path *p;
	size_t i;
	char *err;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		p = path_parse(bad[i].text, &err);
		if (p != NULL)
			fail_msg("%s parsed", bad[i].text);
		assert_non_null(err);
		assert_string_equal(err, bad[i].err);
		free(err);
	}
}

static void
test_find_each(void **state)
{
	struct path_slot *slots = NULL;
	json_t *order = load(order_text), *items;
	struct path *p = parse("line_items[].sku");
	size_t cap = 0, n, k;

	(void)state;
	items = json_object_get(order, "line_items");
	n = path_find(p, order, &slots, &cap);
	assert_int_equal(n, 3);
	assert_true(cap >= n);
	for (k = 0; k < n; k++) {
		assert_ptr_equal(slots[k].parent, json_array_get(items, k));
		assert_string_equal(slots[k].key, "sku");
		assert_int_equal(slots[k].each[0], k);
	}
	assert_string_equal(json_string_value(slots[0].value), "AB-1");
	assert_null(slots[1].value);		/* no SKU yet */
	assert_string_equal(json_string_value(slots[2].value), "CD-3");

	/* the slots array is reused from record to record */
	json_array_remove(items, 0);
	assert_int_equal(path_find(p, order, &slots, &cap), 2);
	assert_null(slots[0].value);
	assert_string_equal(json_string_value(slots[1].value), "CD-3");
	assert_int_equal(slots[1].each[0], 1);
	free(slots);
	path_free(p);
	json_decref(order);

	order = load(order_text);
	assert_find("line_items[].sku", order,
	    "line_items[0].sku=\"AB-1\"\n"
	    "line_items[1].sku=(none)\n"
	    "line_items[2].sku=\"CD-3\"\n");
	assert_find("line_items[]", order,
	    "line_items[0]={\"sku\":\"AB-1\",\"quantity\":2}\n"
	    "line_items[1]={\"title\":\"Gift card\",\"quantity\":1}\n"
	    "line_items[2]={\"sku\":\"CD-3\",\"quantity\":1}\n");
	assert_find("line_items[].quantity", order,
	    "line_items[0].quantity=2\n"
	    "line_items[1].quantity=1\n"
	    "line_items[2].quantity=1\n");
	json_decref(order);
}

static void
test_find_one(void **state)
{
	json_t *order = load(order_text);

	(void)state;
	assert_find("sku", order, "sku=(none)\n");
	assert_find("id", order, "id=1001\n");
	assert_find(".name", order, "name=\"#1001\"\n");
	assert_find("note", order, "note=null\n");
	assert_find("customer.email", order,
	    "customer.email=\"a@example.com\"\n");
	assert_find("shipping_lines[0].title", order,
	    "shipping_lines[0].title=\"Standard\"\n");
	assert_find("shipping_lines[0]", order,
	    "shipping_lines[0]={\"title\":\"Standard\",\"price\":\"4.99\"}\n");
	assert_find("line_items[2].sku", order, "line_items[2].sku=\"CD-3\"\n");
	json_decref(order);
}

static void
test_find_array_slot(void **state)
{
	struct path_slot *slots = NULL;
	json_t *order = load(order_text), *lines;
	struct path *p = parse("shipping_lines[0]");
	size_t cap = 0;

	(void)state;
	lines = json_object_get(order, "shipping_lines");
	assert_int_equal(path_find(p, order, &slots, &cap), 1);
	assert_ptr_equal(slots[0].parent, lines);
	assert_null(slots[0].key);
	assert_int_equal(slots[0].index, 0);
	assert_ptr_equal(slots[0].value, json_array_get(lines, 0));
	free(slots);
	path_free(p);
	json_decref(order);
}

/* No container on the way, or the wrong kind: no slot. */
static void
test_find_none(void **state)
{
	json_t *order = load(order_text), *array = load("[{\"sku\":\"A\"}]");

	(void)state;
	assert_find("billing_address.zip", order, "");	/* missing */
	assert_find("name.first", order, "");		/* a string */
	assert_find("note.x", order, "");		/* null */
	assert_find("id[]", order, "");			/* a number */
	assert_find("line_items.sku", order, "");	/* an array */
	assert_find("customer[]", order, "");		/* an object */
	assert_find("customer[0]", order, "");
	assert_find("shipping_lines[1].title", order, "");	/* range */
	assert_find("shipping_lines[1]", order, "");
	assert_find("line_items[3]", order, "");
	assert_find("line_items[].sku.x", order, "");
	assert_find("sku", array, "");			/* root not object */
	assert_find("[0].sku", array, "[0].sku=\"A\"\n");
	json_decref(order);
	json_decref(array);
}

static void
test_nested_each(void **state)
{
	json_t *doc = load("{\"a\":[[{\"b\":1},{\"b\":2}],[],[{\"b\":3}],"
	    "[{\"c\":4}],5]}");
	struct path_slot *slots = NULL;
	struct path *p = parse("a[][].b");
	size_t cap = 0;

	(void)state;
	assert_find("a[][].b", doc,
	    "a[0][0].b=1\n"
	    "a[0][1].b=2\n"
	    "a[2][0].b=3\n"
	    "a[3][0].b=(none)\n");
	assert_int_equal(path_find(p, doc, &slots, &cap), 4);
	assert_int_equal(slots[1].each[0], 0);
	assert_int_equal(slots[1].each[1], 1);
	assert_int_equal(slots[2].each[0], 2);
	assert_int_equal(slots[2].each[1], 0);
	free(slots);
	path_free(p);
	json_decref(doc);

	doc = load("{\"a\":[[[[1,2]]]]}");
	assert_find("a[][][][]", doc, "a[0][0][0][0]=1\na[0][0][0][1]=2\n");
	json_decref(doc);
}

static void
test_set(void **state)
{
	struct path_slot *slots = NULL;
	json_t *order = load(order_text), *rec;
	struct path *p;
	size_t cap = 0, n, k;

	(void)state;
	/* a missing key is made, last in key order */
	p = parse("customer.phone");
	assert_int_equal(path_find(p, order, &slots, &cap), 1);
	assert_null(slots[0].value);
	assert_string_equal(slots[0].key, "phone");
	path_set(&slots[0], json_string("555-0100"));
	assert_json(json_object_get(order, "customer"),
	    "{\"email\":\"a@example.com\",\"phone\":\"555-0100\"}");
	path_free(p);

	/* every SKU: the one there replaced in place, the missing one made */
	p = parse("line_items[].sku");
	n = path_find(p, order, &slots, &cap);
	assert_int_equal(n, 3);
	for (k = 0; k < n; k++)
		path_set(&slots[k], json_integer((json_int_t)k));
	assert_json(json_object_get(order, "line_items"),
	    "[{\"sku\":0,\"quantity\":2},"
	    "{\"title\":\"Gift card\",\"quantity\":1,\"sku\":1},"
	    "{\"sku\":2,\"quantity\":1}]");
	path_free(p);

	/* an array element, by index */
	p = parse("shipping_lines[0]");
	assert_int_equal(path_find(p, order, &slots, &cap), 1);
	path_set(&slots[0], json_null());
	assert_json(json_object_get(order, "shipping_lines"), "[null]");
	path_free(p);
	free(slots);
	json_decref(order);

	/* a key in the middle keeps its place */
	rec = load("{\"id\":1,\"sku\":\"old\",\"qty\":2}");
	slots = NULL;
	cap = 0;
	p = parse(".sku");
	assert_int_equal(path_find(p, rec, &slots, &cap), 1);
	path_set(&slots[0], json_string("new"));
	assert_json(rec, "{\"id\":1,\"sku\":\"new\",\"qty\":2}");
	path_free(p);
	free(slots);
	json_decref(rec);
}

/* The first value found, skipping the slots with none. */
static void
test_first(void **state)
{
	json_t *order = load("{\"l\":[{\"x\":1},{\"sku\":\"B\"},"
	    "{\"sku\":\"C\"}]}");
	struct path_slot *slots = NULL;
	struct path *p = parse("l[].sku");
	size_t cap = 0;

	(void)state;
	assert_string_equal(json_string_value(path_first(p, order, &slots,
	    &cap)), "B");
	path_free(p);
	p = parse("l[].none");
	assert_null(path_first(p, order, &slots, &cap));
	assert_null(path_first(NULL, order, &slots, &cap));
	path_free(p);
	free(slots);
	json_decref(order);
}

static void
test_list_add(void **state)
{
	struct path **list = NULL;
	size_t n = 0;

	(void)state;
	path_list_add(&list, &n, "quantity");
	path_list_add(&list, &n, NULL);		/* nothing to add */
	path_list_add(&list, &n, "line_items[].sku");
	path_list_add(&list, &n, "quantity");	/* there already */
	path_list_add(&list, &n, "price");
	assert_int_equal(n, 3);
	assert_string_equal(path_text(list[0]), "quantity");
	assert_string_equal(path_text(list[1]), "line_items[].sku");
	assert_string_equal(path_text(list[2]), "price");
	path_list_free(list, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_find_each),
		cmocka_unit_test(test_find_one),
		cmocka_unit_test(test_find_array_slot),
		cmocka_unit_test(test_find_none),
		cmocka_unit_test(test_nested_each),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_list_add),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
