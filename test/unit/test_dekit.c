/*
 * Unit tests of dekit: kit lines broken into component lines (exact price
 * shares), folded back, and kit stock derived from component stock. Set
 * up by hand as the program does. Records are compared as jsonw writes
 * them: compact, key order kept, reals as their shortest text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "dekit.h"
#include "hash.h"
#include "jsonw.h"
#include "money.h"
#include "writer.h"
#include "xalloc.h"

/*
 * GIFT plain, PAIR3 a pair of threes, BUNDLE and DEEP nested, DUO weighted,
 * SOLO one component, TWICE with MUG as a leaf twice.
 */
static const char kits_csv[] =
    "kit_sku,component_sku,qty,weight\n"
    "GIFT,MUG,1,\n"
    "GIFT,TEA,2,\n"
    "PAIR3,A,3,\n"
    "PAIR3,B,3,\n"
    "BUNDLE,GIFT,2,\n"
    "BUNDLE,SPOON,1,\n"
    "DUO,X,1,3\n"
    "DUO,Y,1,1\n"
    "SOLO,ONLY,4,\n"
    "DEEP,BUNDLE,2,\n"
    "DEEP,PAIR3,1,\n"
    "DEEP,DUO,1,\n"
    "TWICE,GIFT,1,\n"
    "TWICE,MUG,2,\n";

static const char stock_csv[] =
    "kit_sku,component_sku,qty\n"
    "GIFT,MUG,1\n"		/* line 2 */
    "GIFT,TEA,3\n"
    "BUNDLE,GIFT,2\n"		/* line 4 */
    "BUNDLE,SPOON,1\n"
    "DUO,X,1\n"			/* line 6 */
    "DUO,Y,2\n";


/* v as jsonw writes it, through a writer into an unlinked file. */
static char *
dump(const json_t *v)
{
	const char *dir = getenv("TMPDIR");
	char *path, *s;
	struct writer w;
	off_t end;
	int fd;

	assert_non_null(v);
	path = xasprintf("%s/wmskit-test-dekit-XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path), 0);
	free(path);
	writer_open(&w, fd, "dump");
	jsonw_value(&w, v);
	writer_end_record(&w);
	writer_release(&w);
	end = lseek(fd, 0, SEEK_END);
	assert_true(end > 0);
	s = xmalloc((size_t)end);
	assert_int_equal(pread(fd, s, (size_t)end, 0), end);
	assert_int_equal(s[end - 1], '\n');
	s[end - 1] = '\0';
	assert_int_equal(close(fd), 0);
	return s;
}

/* v is want as jsonw writes it; want NULL: v is NULL. */
static void
expect_json(const json_t *v, const char *want)
{
	char *got;

	if (want == NULL) {
		assert_null(v);
		return;
	}
	got = dump(v);
	assert_string_equal(got, want);
	free(got);
}

/* As dekit sets it up: Shopify's keys, the kit table loaded. */
static void
setup_dekit(struct dekit *d, const char *csv)
{
	char *err = NULL;
	struct kits *ks = kits_load(temp_text(csv), &err);

	if (ks == NULL)
		fail_msg("%s", err);
	dekit_init(d, ks);
}

/* Orders of that shape, at decimals (-1: the currency's). */
static void
use_shape(struct dekit *d, const char *shape, int decimals)
{
	const struct order_shape *s = order_shape_find(shape);

	assert_non_null(s);
	dekit_use_model(d, order_model_new(s, decimals));
}

/* An override of the model's field, as an option gives it. */
static void
override(struct dekit *d, const char *field, const char *path)
{
	char *err = NULL;

	if (!order_model_set(d->model, field, path, &err))
		fail_msg("%s", err);
}

typedef int work_fn(struct dekit *, json_t *, struct exception *);

/* Garbage in what a work function must reset (its buffers are e's own). */
static void
poison(struct exception *e)
{
	memset(e, 0xA5, offsetof(struct exception, msgbuf));
}

/* Runs text through work; it must pass, as want. */
static void
expect_pass(work_fn *work, struct dekit *d, const char *text,
    const char *want)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text);

	poison(&e);
	assert_int_equal(work(d, record, &e), 1);
	assert_int_equal(e.code, EXC_NONE);
	assert_null(e.detail);
	expect_json(record, want);
	json_decref(record);
	exc_free(&e);
}

/*
 * Runs text through work; it must be held as it came, with code at path,
 * value (NULL: none) and message, and the counters as they were.
 */
static void
expect_hold(work_fn *work, struct dekit *d, const char *text,
    const char *code, const char *path, const char *value,
    const char *message)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text);
	char *before = dump(record);
	unsigned long kit_lines = d->kit_lines;
	unsigned long component_lines = d->component_lines;

	assert_int_equal(work(d, record, &e), 0);
	expect_json(record, before);
	free(before);
	assert_string_equal(exc_codes[e.code].name, code);
	assert_string_equal(e.path, path);
	expect_json(e.value, value);
	assert_string_equal(e.message, message);
	assert_null(e.detail);
	assert_int_equal(d->kit_lines, kit_lines);
	assert_int_equal(d->component_lines, component_lines);
	json_decref(record);
	exc_free(&e);
}

static void
test_order_plain(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	expect_pass(dekit_order, &d,
	    "{\"id\":1001,\"line_items\":["
	    "{\"id\":11,\"sku\":\"TEE\",\"quantity\":1,\"price\":\"15.00\","
	    "\"title\":\"Tee\"},"
	    "{\"id\":12,\"sku\":\"GIFT\",\"quantity\":2,\"price\":\"10.00\","
	    "\"title\":\"Gift set\"}],"
	    "\"total_price\":\"35.00\"}",
	    "{\"id\":1001,\"line_items\":["
	    "{\"id\":11,\"sku\":\"TEE\",\"quantity\":1,\"price\":\"15.00\","
	    "\"title\":\"Tee\"},"
	    "{\"id\":\"12-1\",\"sku\":\"MUG\",\"quantity\":2,"
	    "\"price\":\"3.34\","
	    "\"title\":\"Gift set\",\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,"
	    "\"qty\":1,\"position\":1}},"
	    "{\"id\":\"12-2\",\"sku\":\"TEA\",\"quantity\":4,"
	    "\"price\":\"3.33\","
	    "\"title\":\"Gift set\",\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,"
	    "\"qty\":2,\"position\":2}}],"
	    "\"total_price\":\"35.00\"}");
	assert_int_equal(d.kit_lines, 1);
	assert_int_equal(d.component_lines, 2);

	/* a real price stays a real: 19.99 is 6.67 + 2 x 6.66 */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":5,\"sku\":\"GIFT\",\"quantity\":1,"
	    "\"price\":19.99}]}",
	    "{\"line_items\":["
	    "{\"id\":\"5-1\",\"sku\":\"MUG\",\"quantity\":1,\"price\":6.67,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":5,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"5-2\",\"sku\":\"TEA\",\"quantity\":2,\"price\":6.66,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":5,\"qty\":2,"
	    "\"position\":2}}]}");
	/* a real quantity stays a real */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":\"a\",\"sku\":\"GIFT\",\"quantity\":2.0,"
	    "\"price\":19.99}]}",
	    "{\"line_items\":["
	    "{\"id\":\"a-1\",\"sku\":\"MUG\",\"quantity\":2.0,\"price\":6.67,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":\"a\",\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"a-2\",\"sku\":\"TEA\",\"quantity\":4.0,\"price\":6.66,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":\"a\",\"qty\":2,"
	    "\"position\":2}}]}");
	/* an integer price is a number: a real at scale 2 */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":6,\"sku\":\"GIFT\",\"quantity\":1,"
	    "\"price\":3}]}",
	    "{\"line_items\":["
	    "{\"id\":\"6-1\",\"sku\":\"MUG\",\"quantity\":1,\"price\":1.0,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":6,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"6-2\",\"sku\":\"TEA\",\"quantity\":2,\"price\":1.0,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":6,\"qty\":2,"
	    "\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 4);
	assert_int_equal(d.component_lines, 8);
	dekit_free(&d);
}

static void
test_order_no_price_no_id(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	/* no price, a null price, no id: nothing to share or to number */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":1},"
	    "{\"sku\":\"GIFT\",\"quantity\":3,\"price\":null,\"id\":null}]}",
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":null,\"qty\":1,\"position\":1}},"
	    "{\"sku\":\"TEA\",\"quantity\":2,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":null,\"qty\":2,\"position\":2}},"
	    "{\"sku\":\"MUG\",\"quantity\":3,\"price\":null,\"id\":null,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":null,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"sku\":\"TEA\",\"quantity\":6,\"price\":null,\"id\":null,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":null,\"qty\":2,"
	    "\"position\":2}}]}");
	/* no kit lines, or no lines: passed as they came */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"TEE\",\"quantity\":\"x\"},"
	    "{\"sku\":null},{\"sku\":7},{}]}",
	    "{\"line_items\":[{\"sku\":\"TEE\",\"quantity\":\"x\"},"
	    "{\"sku\":null},{\"sku\":7},{}]}");
	expect_pass(dekit_order, &d, "{\"id\":1}", "{\"id\":1}");
	/* the shape's lines of the wrong type: held, as the model says */
	expect_hold(dekit_order, &d, "{\"line_items\":{\"sku\":\"GIFT\"}}",
	    "bad_field", "line_items", "{\"sku\":\"GIFT\"}",
	    "line_items is an object, not an array of lines (shape shopify)");
	expect_hold(dekit_order, &d, "{\"line_items\":[{},\"GIFT\"]}",
	    "bad_field", "line_items[1]", "\"GIFT\"",
	    "line_items[1] is a string, not an object (shape shopify)");
	expect_pass(dekit_order, &d, "{\"line_items\":[]}",
	    "{\"line_items\":[]}");
	/* SKUs are exact: "gift" is not a kit */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"gift\",\"quantity\":1}]}",
	    "{\"line_items\":[{\"sku\":\"gift\",\"quantity\":1}]}");
	assert_int_equal(d.kit_lines, 2);
	assert_int_equal(d.component_lines, 4);
	dekit_free(&d);
}

static void
test_order_scale(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	use_shape(&d, "shopify", 0);
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":1,\"sku\":\"GIFT\",\"quantity\":1,"
	    "\"price\":10},{\"id\":2,\"sku\":\"GIFT\",\"quantity\":1,"
	    "\"price\":\"10\"}]}",
	    "{\"line_items\":["
	    "{\"id\":\"1-1\",\"sku\":\"MUG\",\"quantity\":1,\"price\":4,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":1,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"1-2\",\"sku\":\"TEA\",\"quantity\":2,\"price\":3,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":1,\"qty\":2,"
	    "\"position\":2}},"
	    "{\"id\":\"2-1\",\"sku\":\"MUG\",\"quantity\":1,\"price\":\"4\","
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":2,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"2-2\",\"sku\":\"TEA\",\"quantity\":2,\"price\":\"3\","
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":2,\"qty\":2,"
	    "\"position\":2}}]}");
	dekit_free(&d);
}

/* No component line's quantity divides the rest: the first is split. */
static void
test_order_split(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	/* 10 pence over 3 A and 3 B: 2 x 0.02 + 1 x 0.03 + 3 x 0.01 */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":\"L1\",\"sku\":\"PAIR3\",\"quantity\":1,"
	    "\"price\":\"0.10\"}]}",
	    "{\"line_items\":["
	    "{\"id\":\"L1-1\",\"sku\":\"A\",\"quantity\":2,\"price\":\"0.02\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-2\",\"sku\":\"A\",\"quantity\":1,\"price\":\"0.03\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-3\",\"sku\":\"B\",\"quantity\":3,\"price\":\"0.01\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 1);
	assert_int_equal(d.component_lines, 3);
	/*
	 * one component, 4 a kit, at 9.99 a kit: 3 x 2.49 + 1 x 2.52 a kit,
	 * so for 2 kits 6 x 2.49 + 2 x 2.52
	 */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":3,\"sku\":\"SOLO\",\"quantity\":2,"
	    "\"price\":\"9.99\"}]}",
	    "{\"line_items\":["
	    "{\"id\":\"3-1\",\"sku\":\"ONLY\",\"quantity\":6,"
	    "\"price\":\"2.49\","
	    "\"kit\":{\"sku\":\"SOLO\",\"line_id\":3,\"qty\":4,"
	    "\"position\":1}},"
	    "{\"id\":\"3-2\",\"sku\":\"ONLY\",\"quantity\":2,"
	    "\"price\":\"2.52\","
	    "\"kit\":{\"sku\":\"SOLO\",\"line_id\":3,\"qty\":4,"
	    "\"position\":1}}]}");
	/* divisible: no split */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":4,\"sku\":\"SOLO\",\"quantity\":1,"
	    "\"price\":\"10.00\"}]}",
	    "{\"line_items\":["
	    "{\"id\":\"4-1\",\"sku\":\"ONLY\",\"quantity\":4,"
	    "\"price\":\"2.50\","
	    "\"kit\":{\"sku\":\"SOLO\",\"line_id\":4,\"qty\":4,"
	    "\"position\":1}}]}");
	dekit_free(&d);
}

static void
test_order_nested(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	/* BUNDLE is 2 GIFT (MUG, 2 TEA) and a SPOON: 7.71 and 1.29 */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"id\":7,\"sku\":\"BUNDLE\",\"quantity\":1,"
	    "\"price\":\"9.00\",\"vendor\":\"x\"},"
	    "{\"id\":8,\"sku\":\"DUO\",\"quantity\":3,\"price\":\"1.00\"}]}",
	    "{\"line_items\":["
	    "{\"id\":\"7-1\",\"sku\":\"MUG\",\"quantity\":2,\"price\":\"1.28\","
	    "\"vendor\":\"x\",\"kit\":{\"sku\":\"BUNDLE\",\"line_id\":7,"
	    "\"qty\":2,\"position\":1}},"
	    "{\"id\":\"7-2\",\"sku\":\"TEA\",\"quantity\":4,\"price\":\"1.28\","
	    "\"vendor\":\"x\",\"kit\":{\"sku\":\"BUNDLE\",\"line_id\":7,"
	    "\"qty\":4,\"position\":2}},"
	    "{\"id\":\"7-3\",\"sku\":\"SPOON\",\"quantity\":1,"
	    "\"price\":\"1.32\",\"vendor\":\"x\",\"kit\":{\"sku\":\"BUNDLE\","
	    "\"line_id\":7,\"qty\":1,\"position\":3}},"
	    "{\"id\":\"8-1\",\"sku\":\"X\",\"quantity\":3,\"price\":\"0.75\","
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":8,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"8-2\",\"sku\":\"Y\",\"quantity\":3,\"price\":\"0.25\","
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":8,\"qty\":1,"
	    "\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 2);
	assert_int_equal(d.component_lines, 5);
	dekit_free(&d);
}

/*
 * The options' overrides of the shape's fields, paths as they may be:
 * the lines, the SKU, the quantity, the id and a nested price.
 */
static void
test_order_paths(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	override(&d, "lines", "order.lines");
	override(&d, "sku", "code");
	override(&d, "qty", "n");
	override(&d, "line_id", "ref");
	override(&d, "price", "unit.amount");
	expect_pass(dekit_order, &d,
	    "{\"order\":{\"lines\":[{\"ref\":1,\"code\":\"DUO\",\"n\":2,"
	    "\"unit\":{\"amount\":\"1.01\"},\"sku\":\"GIFT\"},"
	    "{\"code\":\"TEE\",\"n\":0}]}}",
	    "{\"order\":{\"lines\":["
	    "{\"ref\":\"1-1\",\"code\":\"X\",\"n\":2,"
	    "\"unit\":{\"amount\":\"0.76\"},\"sku\":\"GIFT\",\"kit\":{"
	    "\"sku\":\"DUO\",\"line_id\":1,\"qty\":1,\"position\":1}},"
	    "{\"ref\":\"1-2\",\"code\":\"Y\",\"n\":2,"
	    "\"unit\":{\"amount\":\"0.25\"},\"sku\":\"GIFT\",\"kit\":{"
	    "\"sku\":\"DUO\",\"line_id\":1,\"qty\":1,\"position\":2}},"
	    "{\"code\":\"TEE\",\"n\":0}]}}");
	/* a bad kit line after a good one holds the order as it came */
	expect_hold(dekit_order, &d,
	    "{\"order\":{\"lines\":[{\"code\":\"GIFT\",\"n\":1},"
	    "{\"code\":\"SOLO\",\"n\":0.5}]}}",
	    "bad_quantity", "order.lines[1].n", "0.5",
	    "the quantity of kit line \"SOLO\" is not a whole number");
	dekit_free(&d);
}

/*
 * Magento: a bundle line whose children name it as their parent is already
 * broken down. The memory of parents starts afresh with every record.
 */
static void
test_order_magento(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	use_shape(&d, "magento", -1);
	expect_pass(dekit_order, &d,
	    "{\"entity_id\":9,\"items\":["
	    "{\"item_id\":10,\"sku\":\"GIFT\",\"qty_ordered\":1,\"price\":10,"
	    "\"parent_item_id\":null,\"product_type\":\"bundle\"},"
	    "{\"item_id\":11,\"sku\":\"MUG\",\"qty_ordered\":1,\"price\":0,"
	    "\"parent_item_id\":10},"
	    "{\"item_id\":12,\"sku\":\"TEA\",\"qty_ordered\":2,\"price\":0,"
	    "\"parent_item_id\":10},"
	    "{\"item_id\":\"20\",\"sku\":\"SOLO\",\"qty_ordered\":1,"
	    "\"price\":4,\"parent_item_id\":null},"
	    "{\"item_id\":21,\"sku\":\"ONLY\",\"qty_ordered\":4,"
	    "\"parent_item_id\":\"20\"},"
	    "{\"item_id\":13,\"sku\":\"GIFT\",\"qty_ordered\":1,"
	    "\"price\":\"3.00\",\"parent_item_id\":null}]}",
	    "{\"entity_id\":9,\"items\":["
	    "{\"item_id\":10,\"sku\":\"GIFT\",\"qty_ordered\":1,\"price\":10,"
	    "\"parent_item_id\":null,\"product_type\":\"bundle\"},"
	    "{\"item_id\":11,\"sku\":\"MUG\",\"qty_ordered\":1,\"price\":0,"
	    "\"parent_item_id\":10},"
	    "{\"item_id\":12,\"sku\":\"TEA\",\"qty_ordered\":2,\"price\":0,"
	    "\"parent_item_id\":10},"
	    "{\"item_id\":\"20\",\"sku\":\"SOLO\",\"qty_ordered\":1,"
	    "\"price\":4,\"parent_item_id\":null},"
	    "{\"item_id\":21,\"sku\":\"ONLY\",\"qty_ordered\":4,"
	    "\"parent_item_id\":\"20\"},"
	    "{\"item_id\":\"13-1\",\"sku\":\"MUG\",\"qty_ordered\":1,"
	    "\"price\":\"1.00\",\"parent_item_id\":null,\"kit\":{"
	    "\"sku\":\"GIFT\",\"line_id\":13,\"qty\":1,\"position\":1}},"
	    "{\"item_id\":\"13-2\",\"sku\":\"TEA\",\"qty_ordered\":2,"
	    "\"price\":\"1.00\",\"parent_item_id\":null,\"kit\":{"
	    "\"sku\":\"GIFT\",\"line_id\":13,\"qty\":2,\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 1);
	assert_int_equal(d.component_lines, 2);
	/* the next order's line 10 has no children: broken down */
	expect_pass(dekit_order, &d,
	    "{\"items\":[{\"item_id\":10,\"sku\":\"GIFT\",\"qty_ordered\":1,"
	    "\"price\":\"3.00\"}]}",
	    "{\"items\":["
	    "{\"item_id\":\"10-1\",\"sku\":\"MUG\",\"qty_ordered\":1,"
	    "\"price\":\"1.00\",\"kit\":{\"sku\":\"GIFT\",\"line_id\":10,"
	    "\"qty\":1,\"position\":1}},"
	    "{\"item_id\":\"10-2\",\"sku\":\"TEA\",\"qty_ordered\":2,"
	    "\"price\":\"1.00\",\"kit\":{\"sku\":\"GIFT\",\"line_id\":10,"
	    "\"qty\":2,\"position\":2}}]}");
	/* a bundle with children is not checked: its quantity is no matter */
	expect_pass(dekit_order, &d,
	    "{\"items\":[{\"item_id\":1,\"sku\":\"GIFT\",\"qty_ordered\":0},"
	    "{\"item_id\":2,\"sku\":\"MUG\",\"parent_item_id\":1}]}",
	    "{\"items\":[{\"item_id\":1,\"sku\":\"GIFT\",\"qty_ordered\":0},"
	    "{\"item_id\":2,\"sku\":\"MUG\",\"parent_item_id\":1}]}");
	assert_int_equal(d.kit_lines, 2);
	assert_int_equal(d.component_lines, 4);
	dekit_free(&d);
}

static void
test_order_bad_quantity(void **state)
{
	static const char *const bad[] = { "1.5", "\"2\"", "null", "true",
	    "[1]", "1e+300" };
	struct dekit d;
	char *text, *msg;
	size_t i;

	(void)state;
	setup_dekit(&d, kits_csv);
	msg = "the quantity of kit line \"GIFT\" is not a whole number";
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = xasprintf("{\"id\":1,\"line_items\":["
		    "{\"id\":1,\"sku\":\"TEE\",\"quantity\":1},"
		    "{\"id\":2,\"sku\":\"GIFT\",\"quantity\":%s,"
		    "\"price\":\"1.00\"}]}", bad[i]);
		expect_hold(dekit_order, &d, text, "bad_quantity",
		    "line_items[1].quantity", bad[i], msg);
		free(text);
	}
	/* no quantity: no value */
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"price\":\"1.00\"}]}",
	    "bad_quantity", "line_items[0].quantity", NULL,
	    "kit line \"GIFT\" has no quantity");
	/* the live quantity speaks, and every other quantity is checked */
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":2,"
	    "\"current_quantity\":-1}]}",
	    "bad_quantity", "line_items[0].current_quantity", "-1",
	    "the quantity of kit line \"GIFT\" is below 0");
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":2,"
	    "\"current_quantity\":1,\"fulfillable_quantity\":\"1\"}]}",
	    "bad_quantity", "line_items[0].fulfillable_quantity", "\"1\"",
	    "the fulfillable_quantity of kit line \"GIFT\" is not a whole "
	    "number");
	/* kit units past int64, in any of its quantities */
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\","
	    "\"quantity\":4611686018427387904}]}",
	    "bad_quantity", "line_items[0].quantity", "4611686018427387904",
	    "the quantity of kit line \"GIFT\" is too large");
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":1,"
	    "\"fulfillable_quantity\":4611686018427387904}]}",
	    "bad_quantity", "line_items[0].fulfillable_quantity",
	    "4611686018427387904",
	    "the fulfillable_quantity of kit line \"GIFT\" is too large");
	/* the first problem speaks; a good kit line before it is kept */
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":1},"
	    "{\"sku\":\"SOLO\",\"quantity\":-2,\"price\":\"x\"},"
	    "{\"sku\":\"GIFT\",\"quantity\":1.5}]}",
	    "bad_quantity", "line_items[1].quantity", "-2",
	    "the quantity of kit line \"SOLO\" is below 0");
	assert_int_equal(d.kit_lines, 0);
	assert_int_equal(d.component_lines, 0);
	/* and the next record is fine; a live quantity of 0 is left alone */
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"SOLO\",\"quantity\":1},"
	    "{\"sku\":\"SOLO\",\"quantity\":0,\"price\":\"x\"}]}",
	    "{\"line_items\":[{\"sku\":\"ONLY\",\"quantity\":4,\"kit\":{"
	    "\"sku\":\"SOLO\",\"line_id\":null,\"qty\":4,\"position\":1}},"
	    "{\"sku\":\"SOLO\",\"quantity\":0,\"price\":\"x\"}]}");
	dekit_free(&d);
}

static void
test_order_bad_price(void **state)
{
	static const char *const bad[] = { "\"1.234\"", "\"-1.00\"",
	    "\"abc\"", "\"\"", "\" 1.00\"", "\"1e2\"", "1.001", "-1",
	    "true", "{}", "\"92233720368547758.07\"" };
	struct dekit d;
	char *text, *msg;
	size_t i;

	(void)state;
	setup_dekit(&d, kits_csv);
	msg = "the price of kit line \"GIFT\" is not a decimal of at most 2 "
	    "places, 0 or more";
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = xasprintf("{\"line_items\":["
		    "{\"sku\":\"TEE\",\"price\":\"x\"},"
		    "{\"id\":2,\"sku\":\"GIFT\",\"quantity\":2,\"price\":%s},"
		    "{\"id\":3,\"sku\":\"GIFT\",\"quantity\":1,"
		    "\"price\":\"1.00\"}]}", bad[i]);
		expect_hold(dekit_order, &d, text, "bad_price",
		    "line_items[1].price", bad[i], msg);
		free(text);
	}
	/* at scale 3, three places are fine and four are not */
	use_shape(&d, "shopify", 3);
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"DUO\",\"quantity\":1,"
	    "\"price\":\"1.0001\"}]}",
	    "bad_price", "line_items[0].price", "\"1.0001\"",
	    "the price of kit line \"DUO\" is not a decimal of at most 3 "
	    "places, 0 or more");
	expect_pass(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"DUO\",\"quantity\":1,"
	    "\"price\":\"1.001\"}]}",
	    "{\"line_items\":["
	    "{\"sku\":\"X\",\"quantity\":1,\"price\":\"0.751\",\"kit\":{"
	    "\"sku\":\"DUO\",\"line_id\":null,\"qty\":1,\"position\":1}},"
	    "{\"sku\":\"Y\",\"quantity\":1,\"price\":\"0.250\",\"kit\":{"
	    "\"sku\":\"DUO\",\"line_id\":null,\"qty\":1,\"position\":2}}]}");
	dekit_free(&d);
}

/*
 * Every amount shared: unit amounts for one kit (3 A + 3 B at 0.10: the
 * rest of 0.04 is divided by no 3, so A's line is split, 2 x 0.02 + 1 x
 * 0.03 + 3 x 0.01 a kit), the JPY presentment amount at 0 decimals by its
 * currency_code (2 x 2 + 3 + 3 x 2 = 13); line totals by the kit's weights
 * (1:1), the split line's share by its units (2:1), the larger remainder
 * first (1.00 as 0.33 + 0.17 + 0.50), a negative total by its magnitude.
 * Every quantity times the units per kit; grams dropped.
 */
static void
test_order_amounts(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	expect_pass(dekit_order, &d,
	    "{\"currency\":\"GBP\",\"line_items\":[{\"id\":7,"
	    "\"sku\":\"PAIR3\",\"quantity\":2,\"current_quantity\":1,"
	    "\"fulfillable_quantity\":1,\"grams\":300,\"price\":\"0.10\","
	    "\"price_set\":{\"shop_money\":{\"amount\":\"0.10\","
	    "\"currency_code\":\"GBP\"},"
	    "\"presentment_money\":{\"amount\":\"13\","
	    "\"currency_code\":\"JPY\"}},\"total_discount\":\"1.00\","
	    "\"discount_allocations\":[{\"amount\":\"0.07\"},"
	    "{\"amount\":\"-0.03\"}],\"tax_lines\":[{\"price\":\"0.05\","
	    "\"rate\":0.2}]}]}",
	    "{\"currency\":\"GBP\",\"line_items\":[{\"id\":\"7-1\","
	    "\"sku\":\"A\",\"quantity\":4,\"current_quantity\":2,"
	    "\"fulfillable_quantity\":2,\"price\":\"0.02\","
	    "\"price_set\":{\"shop_money\":{\"amount\":\"0.02\","
	    "\"currency_code\":\"GBP\"},"
	    "\"presentment_money\":{\"amount\":\"2\","
	    "\"currency_code\":\"JPY\"}},\"total_discount\":\"0.33\","
	    "\"discount_allocations\":[{\"amount\":\"0.03\"},"
	    "{\"amount\":\"-0.01\"}],\"tax_lines\":[{\"price\":\"0.02\","
	    "\"rate\":0.2}],\"kit\":{\"sku\":\"PAIR3\",\"line_id\":7,"
	    "\"qty\":3,\"position\":1}},{\"id\":\"7-2\",\"sku\":\"A\","
	    "\"quantity\":2,\"current_quantity\":1,"
	    "\"fulfillable_quantity\":1,\"price\":\"0.03\","
	    "\"price_set\":{\"shop_money\":{\"amount\":\"0.03\","
	    "\"currency_code\":\"GBP\"},"
	    "\"presentment_money\":{\"amount\":\"3\","
	    "\"currency_code\":\"JPY\"}},\"total_discount\":\"0.17\","
	    "\"discount_allocations\":[{\"amount\":\"0.01\"},"
	    "{\"amount\":\"-0.01\"}],\"tax_lines\":[{\"price\":\"0.01\","
	    "\"rate\":0.2}],\"kit\":{\"sku\":\"PAIR3\",\"line_id\":7,"
	    "\"qty\":3,\"position\":1}},{\"id\":\"7-3\",\"sku\":\"B\","
	    "\"quantity\":6,\"current_quantity\":3,"
	    "\"fulfillable_quantity\":3,\"price\":\"0.01\","
	    "\"price_set\":{\"shop_money\":{\"amount\":\"0.01\","
	    "\"currency_code\":\"GBP\"},"
	    "\"presentment_money\":{\"amount\":\"2\","
	    "\"currency_code\":\"JPY\"}},\"total_discount\":\"0.50\","
	    "\"discount_allocations\":[{\"amount\":\"0.03\"},"
	    "{\"amount\":\"-0.01\"}],\"tax_lines\":[{\"price\":\"0.02\","
	    "\"rate\":0.2}],\"kit\":{\"sku\":\"PAIR3\",\"line_id\":7,"
	    "\"qty\":3,\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 1);
	assert_int_equal(d.component_lines, 3);
	/* a bad amount holds the order, named by its place */
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"DUO\",\"quantity\":1,"
	    "\"price\":\"1.00\",\"discount_allocations\":[{\"amount\":"
	    "\"0.1\"},{\"amount\":\"0.001\"}]}]}",
	    "bad_price", "line_items[0].discount_allocations[1].amount",
	    "\"0.001\"", "the discount_allocations[].amount of kit line "
	    "\"DUO\" is not a decimal of at most 2 places");
	expect_hold(dekit_order, &d,
	    "{\"line_items\":[{\"sku\":\"DUO\",\"quantity\":1,"
	    "\"price_set\":{\"presentment_money\":{\"amount\":\"1.5\","
	    "\"currency_code\":\"JPY\"}}}]}",
	    "bad_price", "line_items[0].price_set.presentment_money.amount",
	    "\"1.5\"", "the price_set.presentment_money.amount of kit line "
	    "\"DUO\" is not a decimal of at most 0 places, 0 or more");
	dekit_free(&d);
}

/* The member at a dotted path, digits an index: "tax_lines.0.price". */
static const json_t *
member(const json_t *v, const char *dotted)
{
	char *copy = xstrdup(dotted), *seg, *save = NULL;

	for (seg = strtok_r(copy, ".", &save); seg != NULL && v != NULL;
	    seg = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(seg, NULL,
		    10)) : json_object_get(v, seg);
	free(copy);
	return v;
}

/*
 * The sum, over the component lines of kit line id, of the amount at
 * path times the quantity f (NULL: the amount alone), at scale.
 */
static int64_t
sum_over(const json_t *lines, const json_t *id, const char *path,
    const char *f, int scale)
{
	const json_t *c;
	int64_t sum = 0, u;
	size_t i;

	json_array_foreach(lines, i, c) {
		const json_t *ref = json_object_get(c, "kit");

		if (ref == NULL || !json_equal(json_object_get(ref, "line_id"),
		    id))
			continue;
		assert_true(money_from_json(member(c, path), scale, &u));
		sum += f == NULL ? u : u * json_integer_value(
		    json_object_get(c, f));
	}
	return sum;
}

/*
 * Random kit lines of every kit with two quantities, a price in pence,
 * a presentment price in KWD and totals of either sign: over the
 * component lines, unit amounts times each quantity and every total add
 * up to the kit line's, and each position's quantities to the kit line's
 * times its units per kit.
 */
static void
test_order_sums(void **state)
{
	struct dekit d;
	struct exception e = { .code = EXC_NONE };
	int round;
	size_t j, i;

	(void)state;
	setup_dekit(&d, kits_csv);
	srand(20261128);
	for (round = 0; round < 3000; round++) {
		const struct kit *k = kits_at(d.kits, (size_t)rand() %
		    kits_count(d.kits));
		int n = 1 + rand() % 5, live = 1 + rand() % n;
		int p = rand() % 100000, kwd = rand() % 1000000;
		int td = rand() % 20000 - 10000, tax = rand() % 5000;
		char text[512];
		json_t *order, *lines, *id = json_integer(round + 1);
		const json_t *c;

		snprintf(text, sizeof(text), "{\"line_items\":[{\"id\":%d,"
		    "\"sku\":\"%s\",\"quantity\":%d,\"current_quantity\":%d,"
		    "\"price\":\"%d.%02d\",\"price_set\":{"
		    "\"presentment_money\":{\"amount\":\"%d.%03d\","
		    "\"currency_code\":\"KWD\"}},"
		    "\"total_discount\":\"%s%d.%02d\","
		    "\"tax_lines\":[{\"price\":\"%d.%02d\"}]}]}", round + 1,
		    k->sku, n, live, p / 100, p % 100, kwd / 1000, kwd % 1000,
		    td < 0 ? "-" : "", abs(td) / 100, abs(td) % 100,
		    tax / 100, tax % 100);
		order = parse_json(text);
		assert_int_equal(dekit_order(&d, order, &e), 1);
		lines = json_object_get(order, "line_items");
		assert_int_equal(sum_over(lines, id, "price", "quantity", 2),
		    (int64_t)p * n);
		assert_int_equal(sum_over(lines, id, "price",
		    "current_quantity", 2), (int64_t)p * live);
		assert_int_equal(sum_over(lines, id,
		    "price_set.presentment_money.amount", "current_quantity",
		    3), (int64_t)kwd * live);
		assert_int_equal(sum_over(lines, id, "total_discount", NULL,
		    2), td);
		assert_int_equal(sum_over(lines, id, "tax_lines.0.price", NULL,
		    2), tax);
		for (j = 0; j < k->nleaves; j++) {
			int64_t sq = 0, sl = 0;

			json_array_foreach(lines, i, c)
				if (json_integer_value(member(c,
				    "kit.position")) == (json_int_t)j + 1) {
					sq += json_integer_value(member(c,
					    "quantity"));
					sl += json_integer_value(member(c,
					    "current_quantity"));
				}
			assert_int_equal(sq, n * k->leaves[j].qty);
			assert_int_equal(sl, live * k->leaves[j].qty);
		}
		json_decref(order);
		json_decref(id);
	}
	dekit_free(&d);
	exc_free(&e);
}

/*
 * Shapes: GraphQL edges (a component an edge of its own, the cursor
 * copied) and nodes in KWD; lines not shipped and removed lines left
 * alone; Magento's configurable parent and its child, and a bundle with
 * its children, left alone.
 */
static void
test_order_shapes(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	use_shape(&d, "shopify-graphql", -1);
	expect_pass(dekit_order, &d,
	    "{\"currencyCode\":\"KWD\",\"lineItems\":{\"edges\":["
	    "{\"cursor\":\"a\",\"node\":{\"id\":\"L1\",\"sku\":\"DUO\","
	    "\"quantity\":2,\"currentQuantity\":1,\"weight\":{\"value\":1},"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"1.001\"}}}},"
	    "{\"cursor\":\"b\",\"node\":{\"id\":\"L2\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"currentQuantity\":0}},"
	    "{\"cursor\":\"c\",\"node\":{\"id\":\"L3\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"isGiftCard\":true}},"
	    "{\"cursor\":\"d\",\"node\":{\"id\":\"L4\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"requiresShipping\":false}}]}}",
	    "{\"currencyCode\":\"KWD\",\"lineItems\":{\"edges\":["
	    "{\"cursor\":\"a\",\"node\":{\"id\":\"L1-1\",\"sku\":\"X\","
	    "\"quantity\":2,\"currentQuantity\":1,"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"0.751\"}},"
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":\"L1\",\"qty\":1,"
	    "\"position\":1}}},"
	    "{\"cursor\":\"a\",\"node\":{\"id\":\"L1-2\",\"sku\":\"Y\","
	    "\"quantity\":2,\"currentQuantity\":1,"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"0.250\"}},"
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":\"L1\",\"qty\":1,"
	    "\"position\":2}}},"
	    "{\"cursor\":\"b\",\"node\":{\"id\":\"L2\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"currentQuantity\":0}},"
	    "{\"cursor\":\"c\",\"node\":{\"id\":\"L3\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"isGiftCard\":true}},"
	    "{\"cursor\":\"d\",\"node\":{\"id\":\"L4\",\"sku\":\"DUO\","
	    "\"quantity\":1,\"requiresShipping\":false}}]}}");
	expect_pass(dekit_order, &d,
	    "{\"currencyCode\":\"JPY\",\"lineItems\":{\"nodes\":["
	    "{\"id\":\"L5\",\"sku\":\"DUO\",\"quantity\":1,"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"1001.0\"}}}"
	    "]}}",
	    "{\"currencyCode\":\"JPY\",\"lineItems\":{\"nodes\":["
	    "{\"id\":\"L5-1\",\"sku\":\"X\",\"quantity\":1,"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"751\"}},"
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":\"L5\",\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"L5-2\",\"sku\":\"Y\",\"quantity\":1,"
	    "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"250\"}},"
	    "\"kit\":{\"sku\":\"DUO\",\"line_id\":\"L5\",\"qty\":1,"
	    "\"position\":2}}]}}");
	use_shape(&d, "magento", -1);
	/* a configurable parent (its child names it) and a bundle parent */
	expect_pass(dekit_order, &d,
	    "{\"items\":[{\"item_id\":1,\"product_type\":\"configurable\","
	    "\"sku\":\"DUO\",\"qty_ordered\":1.0,\"price\":4},"
	    "{\"item_id\":2,\"parent_item_id\":1,\"product_type\":\"simple\","
	    "\"sku\":\"DUO\",\"qty_ordered\":1.0},"
	    "{\"item_id\":3,\"product_type\":\"bundle\",\"sku\":\"GIFT\","
	    "\"qty_ordered\":1.0,\"price\":4},"
	    "{\"item_id\":4,\"parent_item_id\":3,\"sku\":\"MUG\","
	    "\"qty_ordered\":1.0},"
	    "{\"item_id\":5,\"product_type\":\"virtual\",\"sku\":\"GIFT\","
	    "\"qty_ordered\":1.0}]}",
	    "{\"items\":[{\"item_id\":1,\"product_type\":\"configurable\","
	    "\"sku\":\"DUO\",\"qty_ordered\":1.0,\"price\":4},"
	    "{\"item_id\":2,\"parent_item_id\":1,\"product_type\":\"simple\","
	    "\"sku\":\"DUO\",\"qty_ordered\":1.0},"
	    "{\"item_id\":3,\"product_type\":\"bundle\",\"sku\":\"GIFT\","
	    "\"qty_ordered\":1.0,\"price\":4},"
	    "{\"item_id\":4,\"parent_item_id\":3,\"sku\":\"MUG\","
	    "\"qty_ordered\":1.0},"
	    "{\"item_id\":5,\"product_type\":\"virtual\",\"sku\":\"GIFT\","
	    "\"qty_ordered\":1.0}]}");
	/* qty_ordered less qty_canceled; --decimals overrides the currency */
	use_shape(&d, "magento", 0);
	expect_pass(dekit_order, &d,
	    "{\"order_currency_code\":\"GBP\",\"items\":[{\"item_id\":6,"
	    "\"sku\":\"GIFT\",\"qty_ordered\":3.0,\"qty_canceled\":1.0,"
	    "\"price\":10,\"row_total\":30}]}",
	    "{\"order_currency_code\":\"GBP\",\"items\":["
	    "{\"item_id\":\"6-1\",\"sku\":\"MUG\",\"qty_ordered\":3.0,"
	    "\"qty_canceled\":1.0,\"price\":4,\"row_total\":10,\"kit\":{"
	    "\"sku\":\"GIFT\",\"line_id\":6,\"qty\":1,\"position\":1}},"
	    "{\"item_id\":\"6-2\",\"sku\":\"TEA\",\"qty_ordered\":6.0,"
	    "\"qty_canceled\":2.0,\"price\":3,\"row_total\":20,\"kit\":{"
	    "\"sku\":\"GIFT\",\"line_id\":6,\"qty\":2,\"position\":2}}]}");
	dekit_free(&d);
}

/* An id as a key: integers and strings apart. */
static char *
id_key(const json_t *id)
{
	if (json_is_integer(id))
		return xasprintf("i%lld", (long long)json_integer_value(id));
	assert_true(json_is_string(id));
	return xasprintf("s%s", json_string_value(id));
}

/* Checks that after is before with its kit lines broken down exactly. */
static void
check_breakdown(struct dekit *d, const json_t *before, const json_t *after)
{
	const json_t *in = json_object_get(before, "line_items");
	const json_t *out = json_object_get(after, "line_items");
	struct hash *ids = hash_new();
	int64_t qsum[16];
	size_t i, o = 0, j, number;
	char *id;
	int fresh;

	for (i = 0; i < json_array_size(in); i++) {
		const json_t *l = json_array_get(in, i);
		const json_t *sku = json_object_get(l, "sku");
		const struct kit *k = kits_get(d->kits, json_string_value(sku),
		    json_string_length(sku));
		int64_t qty = json_integer_value(json_object_get(l,
		    "quantity"));
		int64_t unit, sum = 0;

		assert_true(o < json_array_size(out));
		if (k == NULL) {
			assert_true(json_equal(json_array_get(out, o), l));
			id = id_key(json_object_get(l, "id"));
			hash_put(ids, id, strlen(id), &fresh);
			assert_true(fresh);
			free(id);
			o++;
			continue;
		}
		assert_int_equal(money_from_json(json_object_get(l, "price"),
		    2, &unit), 1);
		assert_true(k->nleaves <= 16);
		memset(qsum, 0, sizeof(qsum));
		for (number = 1; o < json_array_size(out); o++, number++) {
			const json_t *c = json_array_get(out, o);
			const json_t *ref = json_object_get(c, "kit");
			int64_t pos, cqty, cunit;
			char *want;

			if (ref == NULL || !json_equal(json_object_get(ref,
			    "line_id"), json_object_get(l, "id")))
				break;
			assert_string_equal(json_string_value(json_object_get(
			    ref, "sku")), k->sku);
			pos = json_integer_value(json_object_get(ref,
			    "position"));
			assert_true(pos >= 1 && (size_t)pos <= k->nleaves);
			assert_int_equal(json_integer_value(json_object_get(
			    ref, "qty")), k->leaves[pos - 1].qty);
			assert_string_equal(json_string_value(json_object_get(
			    c, "sku")), k->leaves[pos - 1].sku);
			assert_true(json_is_integer(json_object_get(c,
			    "quantity")));
			cqty = json_integer_value(json_object_get(c,
			    "quantity"));
			assert_true(cqty > 0);
			assert_true(json_is_string(json_object_get(c,
			    "price")));
			assert_int_equal(money_from_json(json_object_get(c,
			    "price"), 2, &cunit), 1);
			assert_true(cunit >= 0);
			sum += cunit * cqty;
			qsum[pos - 1] += cqty;
			/* "ID-N", unique in the order */
			want = xasprintf("%lld-%zu", (long long)
			    json_integer_value(json_object_get(l, "id")),
			    number);
			assert_string_equal(json_string_value(json_object_get(
			    c, "id")), want);
			free(want);
			id = id_key(json_object_get(c, "id"));
			hash_put(ids, id, strlen(id), &fresh);
			assert_true(fresh);
			free(id);
		}
		assert_true(number - 1 == k->nleaves ||
		    number - 1 == k->nleaves + 1);
		if (sum != unit * qty)
			fail_msg("kit %s x %lld at %lld: component lines add "
			    "up to %lld", k->sku, (long long)qty,
			    (long long)unit, (long long)sum);
		for (j = 0; j < k->nleaves; j++)
			assert_int_equal(qsum[j], qty * k->leaves[j].qty);
	}
	assert_int_equal(o, json_array_size(out));
	hash_free(ids);
}

/* Checks that after is before with every kit line whole again. */
static void
check_rekit(struct dekit *d, const json_t *before, const json_t *after)
{
	const json_t *in = json_object_get(before, "line_items");
	const json_t *out = json_object_get(after, "line_items");
	size_t i;

	assert_int_equal(json_array_size(out), json_array_size(in));
	for (i = 0; i < json_array_size(in); i++) {
		const json_t *l = json_array_get(in, i);
		const json_t *r = json_array_get(out, i);
		const json_t *sku = json_object_get(l, "sku");

		if (kits_get(d->kits, json_string_value(sku),
		    json_string_length(sku)) == NULL) {
			assert_true(json_equal(r, l));
			continue;
		}
		assert_int_equal(json_object_size(r), 3);
		assert_true(json_equal(json_object_get(r, "id"),
		    json_object_get(l, "id")));
		assert_true(json_equal(json_object_get(r, "sku"),
		    json_object_get(l, "sku")));
		assert_true(json_equal(json_object_get(r, "quantity"),
		    json_object_get(l, "quantity")));
	}
}

/*
 * Many random orders: the component lines of every kit line add up to its
 * price exactly, each with a positive quantity and an id of its own; and
 * fold back into the kit lines they came from.
 */
static void
test_order_random(void **state)
{
	static const char *const skus[] = { "GIFT", "PAIR3", "BUNDLE", "DUO",
	    "SOLO", "DEEP", "TWICE", "TEE", "MUG" };
	const size_t nskus = sizeof(skus) / sizeof(skus[0]);
	struct dekit d;
	struct exception e = { .code = EXC_NONE };
	unsigned long kit_lines = 0;
	int round;

	(void)state;
	setup_dekit(&d, kits_csv);
	srand(20261127);
	for (round = 0; round < 3000; round++) {
		json_t *order = json_object(), *lines = json_array();
		json_t *before, *again;
		size_t i, n = 1 + (size_t)rand() % 6;

		for (i = 0; i < n; i++) {
			const char *sku = skus[(size_t)rand() % nskus];
			int qty = 1 + rand() % 7, cents = rand() % 100000;
			char price[16];

			snprintf(price, sizeof(price), "%d.%02d", cents / 100,
			    cents % 100);
			json_array_append_new(lines, json_pack(
			    "{s:I,s:s,s:i,s:s,s:s}", "id", (json_int_t)(i + 1),
			    "sku", sku, "quantity", qty, "price", price,
			    "title", "t"));
			if (kits_get(d.kits, sku, strlen(sku)) != NULL)
				kit_lines++;
		}
		json_object_set_new(order, "id", json_integer(round));
		json_object_set_new(order, "line_items", lines);
		before = json_deep_copy(order);
		assert_int_equal(dekit_order(&d, order, &e), 1);
		assert_int_equal(e.code, EXC_NONE);
		check_breakdown(&d, before, order);
		/* once broken down, nothing is left to break */
		again = json_deep_copy(order);
		assert_int_equal(dekit_order(&d, again, &e), 1);
		assert_true(json_equal(again, order));
		json_decref(again);
		assert_int_equal(dekit_rekit(&d, order, &e), 1);
		assert_int_equal(e.code, EXC_NONE);
		check_rekit(&d, before, order);
		json_decref(before);
		json_decref(order);
	}
	/* broken down, then folded back */
	assert_int_equal(d.kit_lines, 2 * kit_lines);
	dekit_free(&d);
	exc_free(&e);
}

/* Prices of 0.00 to 9.99 for 1 to 7 of every kit: exact, in the cents. */
static void
test_order_every_price(void **state)
{
	struct dekit d;
	struct exception e = { .code = EXC_NONE };
	size_t i;
	int cents, qty;

	(void)state;
	setup_dekit(&d, kits_csv);
	for (i = 0; i < kits_count(d.kits); i++)
		for (qty = 1; qty <= 7; qty++)
			for (cents = 0; cents < 1000; cents++) {
				char text[16];
				json_t *order, *before;

				snprintf(text, sizeof(text), "%d.%02d",
				    cents / 100, cents % 100);
				order = json_pack("{s:[{s:i,s:s,s:i,s:s}]}",
				    "line_items", "id", 1, "sku",
				    kits_at(d.kits, i)->sku, "quantity", qty,
				    "price", text);
				before = json_deep_copy(order);
				assert_int_equal(dekit_order(&d, order, &e),
				    1);
				check_breakdown(&d, before, order);
				json_decref(before);
				json_decref(order);
			}
	dekit_free(&d);
	exc_free(&e);
}

static void
test_rekit(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	/* whole: the kit line where its first component line was */
	expect_pass(dekit_rekit, &d,
	    "{\"id\":1001,\"line_items\":["
	    "{\"id\":11,\"sku\":\"TEE\",\"quantity\":1,\"price\":\"15.00\"},"
	    "{\"id\":\"12-1\",\"sku\":\"MUG\",\"quantity\":2,"
	    "\"price\":\"3.34\","
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"12-2\",\"sku\":\"TEA\",\"quantity\":4,"
	    "\"price\":\"3.33\","
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,\"qty\":2,"
	    "\"position\":2}},"
	    "{\"id\":13,\"sku\":\"PEN\",\"quantity\":1}],"
	    "\"total_price\":\"35.00\"}",
	    "{\"id\":1001,\"line_items\":["
	    "{\"id\":11,\"sku\":\"TEE\",\"quantity\":1,\"price\":\"15.00\"},"
	    "{\"id\":12,\"sku\":\"GIFT\",\"quantity\":2},"
	    "{\"id\":13,\"sku\":\"PEN\",\"quantity\":1}],"
	    "\"total_price\":\"35.00\"}");
	assert_int_equal(d.kit_lines, 1);
	/* no kit lines: as it came */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":1},"
	    "{\"sku\":\"MUG\",\"kit\":null}]}",
	    "{\"line_items\":[{\"sku\":\"GIFT\",\"quantity\":1},"
	    "{\"sku\":\"MUG\",\"kit\":null}]}");
	assert_int_equal(d.kit_lines, 1);
	dekit_free(&d);
}

static void
test_rekit_partial(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	/* 3 MUG and 4 TEA: 2 kits and a MUG over */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"id\":\"12-1\",\"sku\":\"MUG\",\"quantity\":3,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,\"qty\":1,"
	    "\"position\":1}},"
	    "{\"id\":\"12-2\",\"sku\":\"TEA\",\"quantity\":4,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,\"qty\":2,"
	    "\"position\":2}}]}",
	    "{\"line_items\":["
	    "{\"id\":12,\"sku\":\"GIFT\",\"quantity\":2},"
	    "{\"id\":\"12-1\",\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":12,\"qty\":1,"
	    "\"position\":1}}]}");
	/* 2 MUG and 3 TEA: 1 kit, a MUG and a TEA over; a real stays real */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"sku\":\"TEA\",\"quantity\":3.0,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":\"g\",\"qty\":2,\"position\":2}},"
	    "{\"sku\":\"TEE\"},"
	    "{\"sku\":\"MUG\",\"quantity\":2,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":\"g\",\"qty\":1,\"position\":1}}]}",
	    "{\"line_items\":["
	    "{\"id\":\"g\",\"sku\":\"GIFT\",\"quantity\":1},"
	    "{\"sku\":\"TEA\",\"quantity\":1.0,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":\"g\",\"qty\":2,\"position\":2}},"
	    "{\"sku\":\"TEE\"},"
	    "{\"sku\":\"MUG\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":\"g\",\"qty\":1,\"position\":1}}]}");
	/* 1 MUG and 1 TEA: no whole kit, the lines as they came */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":1,\"position\":1}},"
	    "{\"sku\":\"TEA\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":2,\"position\":2}}]}",
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":1,\"position\":1}},"
	    "{\"sku\":\"TEA\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":2,\"position\":2}}]}");
	/* a component not shipped at all: no whole kit */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":5,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":1,\"position\":1}}]}",
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":5,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":5,\"qty\":1,\"position\":1}}]}");
	/* two kit lines of one kit stay apart by line_id */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"sku\":\"ONLY\",\"quantity\":4,\"kit\":{\"sku\":\"SOLO\","
	    "\"line_id\":1,\"qty\":4,\"position\":1}},"
	    "{\"sku\":\"ONLY\",\"quantity\":9,\"kit\":{\"sku\":\"SOLO\","
	    "\"line_id\":2,\"qty\":4,\"position\":1}},"
	    "{\"sku\":\"ONLY\",\"quantity\":0,\"kit\":{\"sku\":\"SOLO\","
	    "\"line_id\":3,\"qty\":4,\"position\":1}}]}",
	    "{\"line_items\":["
	    "{\"id\":1,\"sku\":\"SOLO\",\"quantity\":1},"
	    "{\"id\":2,\"sku\":\"SOLO\",\"quantity\":2},"
	    "{\"sku\":\"ONLY\",\"quantity\":1,\"kit\":{\"sku\":\"SOLO\","
	    "\"line_id\":2,\"qty\":4,\"position\":1}},"
	    "{\"sku\":\"ONLY\",\"quantity\":0,\"kit\":{\"sku\":\"SOLO\","
	    "\"line_id\":3,\"qty\":4,\"position\":1}}]}");
	assert_int_equal(d.kit_lines, 4);
	dekit_free(&d);
}

/* The two lines of a split component fold back with the rest. */
static void
test_rekit_split(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"id\":\"L1-1\",\"sku\":\"A\",\"quantity\":2,\"price\":\"0.02\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-2\",\"sku\":\"A\",\"quantity\":1,\"price\":\"0.03\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-3\",\"sku\":\"B\",\"quantity\":3,\"price\":\"0.01\","
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":2}}]}",
	    "{\"line_items\":[{\"id\":\"L1\",\"sku\":\"PAIR3\","
	    "\"quantity\":1}]}");
	/* short by one A: the two A lines stay, as do the B */
	expect_pass(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"id\":\"L1-1\",\"sku\":\"A\",\"quantity\":2,"
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-3\",\"sku\":\"B\",\"quantity\":3,"
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":2}}]}",
	    "{\"line_items\":["
	    "{\"id\":\"L1-1\",\"sku\":\"A\",\"quantity\":2,"
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":1}},"
	    "{\"id\":\"L1-3\",\"sku\":\"B\",\"quantity\":3,"
	    "\"kit\":{\"sku\":\"PAIR3\",\"line_id\":\"L1\",\"qty\":3,"
	    "\"position\":2}}]}");
	assert_int_equal(d.kit_lines, 1);
	dekit_free(&d);
}

static void
test_rekit_errors(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, kits_csv);
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":["
	    "{\"sku\":\"MUG\",\"quantity\":1,\"kit\":{\"sku\":\"GIFT\","
	    "\"line_id\":1,\"qty\":1,\"position\":1}},"
	    "{\"sku\":\"Z\",\"quantity\":1,\"kit\":{\"sku\":\"NOPE\","
	    "\"line_id\":1,\"qty\":1,\"position\":1}}]}",
	    "unknown_kit", "line_items[1].kit",
	    "{\"sku\":\"NOPE\",\"line_id\":1,\"qty\":1,\"position\":1}",
	    "the line names a kit that is not in the kit table");
	/* a component SKU is not a kit */
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":\"MUG\"}}]}",
	    "unknown_kit", "line_items[0].kit", "{\"sku\":\"MUG\"}",
	    "the line names a kit that is not in the kit table");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":7}}]}",
	    "unknown_kit", "line_items[0].kit", "{\"sku\":7}",
	    "the line names a kit that is not in the kit table");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":\"GIFT\",\"line_id\":1,\"qty\":1,"
	    "\"position\":3}}]}",
	    "unknown_kit", "line_items[0].kit",
	    "{\"sku\":\"GIFT\",\"line_id\":1,\"qty\":1,\"position\":3}",
	    "the line's kit position or qty does not fit kit \"GIFT\"");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":\"GIFT\",\"qty\":0,\"position\":1}}]}",
	    "unknown_kit", "line_items[0].kit",
	    "{\"sku\":\"GIFT\",\"qty\":0,\"position\":1}",
	    "the line's kit position or qty does not fit kit \"GIFT\"");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1,"
	    "\"kit\":{\"sku\":\"GIFT\",\"qty\":1}}]}",
	    "unknown_kit", "line_items[0].kit",
	    "{\"sku\":\"GIFT\",\"qty\":1}",
	    "the line's kit position or qty does not fit kit \"GIFT\"");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"TEA\",\"quantity\":2,"
	    "\"kit\":{\"sku\":\"GIFT\",\"qty\":2,\"position\":2}},"
	    "{\"sku\":\"MUG\",\"quantity\":-1,"
	    "\"kit\":{\"sku\":\"GIFT\",\"qty\":1,\"position\":1}}]}",
	    "bad_quantity", "line_items[1].quantity", "-1",
	    "the quantity is not an integer, 0 or more");
	expect_hold(dekit_rekit, &d,
	    "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":\"1\","
	    "\"kit\":{\"sku\":\"GIFT\",\"qty\":1,\"position\":1}}]}",
	    "bad_quantity", "line_items[0].quantity", "\"1\"",
	    "the quantity is not an integer, 0 or more");
	assert_int_equal(d.kit_lines, 0);
	dekit_free(&d);
}

/* Feeds a stock record to d; it must pass as it came. */
static void
stock_pass(struct dekit *d, const char *text)
{
	expect_pass(dekit_stock_record, d, text, text);
}

/* The i-th kit's derived record must be want, with no exception. */
static void
expect_kit_stock(struct dekit *d, size_t i, const char *want)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = NULL;

	assert_int_equal(dekit_stock_kit(d, i, &record, &e), 1);
	assert_int_equal(e.code, EXC_NONE);
	assert_null(e.detail);
	expect_json(record, want);
	json_decref(record);
	exc_free(&e);
}

static void
test_stock(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":10,"
	    "\"location\":\"A1\"}");
	stock_pass(&d, "{\"sku\":\"TEE\",\"available\":\"lots\"}");
	stock_pass(&d, "{\"sku\":\"GIFT\",\"available\":1}");
	stock_pass(&d, "{\"available\":1}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":7.0}");
	stock_pass(&d, "{\"sku\":\"SPOON\",\"available\":3}");
	stock_pass(&d, "{\"sku\":\"X\",\"available\":-4}");
	stock_pass(&d, "{\"sku\":\"Y\",\"available\":100}");
	assert_int_equal(kits_count(d.kits), 3);
	/* GIFT: 10 MUG, 7 TEA of 3 a kit */
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":2,\"kit\":true}");
	/* BUNDLE: 2 MUG, 6 TEA and a SPOON a kit */
	expect_kit_stock(&d, 1,
	    "{\"sku\":\"BUNDLE\",\"available\":1,\"kit\":true}");
	/* DUO: less than no X is none */
	expect_kit_stock(&d, 2,
	    "{\"sku\":\"DUO\",\"available\":0,\"kit\":true}");
	dekit_free(&d);
}

static void
test_stock_negative(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":-100}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":-1}");
	stock_pass(&d, "{\"sku\":\"SPOON\",\"available\":0}");
	stock_pass(&d, "{\"sku\":\"X\",\"available\":5}");
	stock_pass(&d, "{\"sku\":\"Y\",\"available\":11}");
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":0,\"kit\":true}");
	expect_kit_stock(&d, 1,
	    "{\"sku\":\"BUNDLE\",\"available\":0,\"kit\":true}");
	expect_kit_stock(&d, 2,
	    "{\"sku\":\"DUO\",\"available\":5,\"kit\":true}");
	dekit_free(&d);
}

static void
test_stock_missing(void **state)
{
	struct dekit d;
	struct exception e = { .code = EXC_NONE };
	json_t *record = NULL;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":10}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":9}");
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":3,\"kit\":true}");
	/* no SPOON: 0, with the exception */
	assert_int_equal(dekit_stock_kit(&d, 1, &record, &e), 0);
	expect_json(record,
	    "{\"sku\":\"BUNDLE\",\"available\":0,\"kit\":true}");
	json_decref(record);
	assert_int_equal(e.code, EXC_MISSING_COMPONENT_STOCK);
	assert_string_equal(e.message, "kit \"BUNDLE\" has components "
	    "without a stock record; its stock is set to 0");
	assert_null(e.path);
	assert_null(e.value);
	expect_json(e.detail, "{\"missing\":[\"SPOON\"]}");
	/* none of them: all named, in leaf order */
	assert_int_equal(dekit_stock_kit(&d, 2, &record, &e), 0);
	expect_json(record, "{\"sku\":\"DUO\",\"available\":0,\"kit\":true}");
	json_decref(record);
	assert_int_equal(e.code, EXC_MISSING_COMPONENT_STOCK);
	assert_string_equal(e.message, "kit \"DUO\" has components "
	    "without a stock record; its stock is set to 0");
	expect_json(e.detail, "{\"missing\":[\"X\",\"Y\"]}");
	/* the exception goes with the next call */
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":3,\"kit\":true}");
	dekit_free(&d);

	/* no stock records at all */
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	assert_int_equal(dekit_stock_kit(&d, 0, &record, &e), 0);
	expect_json(record, "{\"sku\":\"GIFT\",\"available\":0,\"kit\":true}");
	json_decref(record);
	expect_json(e.detail, "{\"missing\":[\"MUG\",\"TEA\"]}");
	dekit_free(&d);
	exc_free(&e);
}

static void
test_stock_errors(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":10}");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"MUG\",\"available\":99,\"location\":\"B2\"}",
	    "duplicate_sku", "sku", "\"MUG\"",
	    "a second stock record for component \"MUG\"; the first one "
	    "counts");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"available\":\"7\"}",
	    "bad_quantity", "available", "\"7\"",
	    "the stock of component \"TEA\" is not an integer");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"available\":7.5}",
	    "bad_quantity", "available", "7.5",
	    "the stock of component \"TEA\" is not an integer");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"available\":null}",
	    "bad_quantity", "available", "null",
	    "the stock of component \"TEA\" is not an integer");
	expect_hold(dekit_stock_record, &d, "{\"sku\":\"TEA\"}",
	    "bad_quantity", "available", NULL,
	    "the stock of component \"TEA\" is not an integer");
	/* a bad record is not remembered: the next TEA is the first */
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":6}");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"available\":6}",
	    "duplicate_sku", "sku", "\"TEA\"",
	    "a second stock record for component \"TEA\"; the first one "
	    "counts");
	/* the first MUG counts */
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":2,\"kit\":true}");
	dekit_free(&d);
}

/*
 * A component that a kit holds through two leaves: its units per kit are
 * both leaves together (MUG: 1 in GIFT and 1 of its own, 2 a kit).
 */
static void
test_stock_shared_component(void **state)
{
	struct dekit d;
	struct exception e = { .code = EXC_NONE };
	json_t *record = NULL;

	(void)state;
	setup_dekit(&d, "kit_sku,component_sku,qty\n"
	    "GIFT,MUG,1\nGIFT,TEA,3\nDUP,GIFT,1\nDUP,MUG,1\n");
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":4}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":30}");
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":4,\"kit\":true}");
	/* 2 kits take 4 MUG and 6 TEA; 4 kits would take 8 MUG */
	expect_kit_stock(&d, 1,
	    "{\"sku\":\"DUP\",\"available\":2,\"kit\":true}");
	dekit_free(&d);

	/* missing, it is named once */
	setup_dekit(&d, "kit_sku,component_sku,qty\n"
	    "GIFT,MUG,1\nGIFT,TEA,3\nDUP,GIFT,1\nDUP,MUG,1\n");
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":30}");
	assert_int_equal(dekit_stock_kit(&d, 1, &record, &e), 0);
	expect_json(record, "{\"sku\":\"DUP\",\"available\":0,\"kit\":true}");
	json_decref(record);
	assert_int_equal(e.code, EXC_MISSING_COMPONENT_STOCK);
	expect_json(e.detail, "{\"missing\":[\"MUG\"]}");
	dekit_free(&d);
	exc_free(&e);
}

/* Any integer is a stock, the smallest int64 too: it is no "unseen". */
static void
test_stock_int64_min(void **state)
{
	struct dekit d;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"available\":"
	    "-9223372036854775808}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"available\":9}");
	expect_kit_stock(&d, 0,
	    "{\"sku\":\"GIFT\",\"available\":0,\"kit\":true}");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"MUG\",\"available\":5}",
	    "duplicate_sku", "sku", "\"MUG\"",
	    "a second stock record for component \"MUG\"; the first one "
	    "counts");
	stock_pass(&d, "{\"sku\":\"X\",\"available\":"
	    "9223372036854775807}");
	stock_pass(&d, "{\"sku\":\"Y\",\"available\":"
	    "9223372036854775807}");
	expect_kit_stock(&d, 2,
	    "{\"sku\":\"DUO\",\"available\":4611686018427387903,"
	    "\"kit\":true}");
	dekit_free(&d);
}

/*
 * The i-th kit's next record from *at: r as dekit_stock_next returns it,
 * the record want, and with DEKIT_HOLD the message and missing.
 */
static void
expect_next(struct dekit *d, size_t i, size_t *at, int r, const char *want,
    const char *message, const char *missing)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = NULL;

	poison(&e);
	assert_int_equal(dekit_stock_next(d, i, at, &record, &e), r);
	expect_json(record, want);
	json_decref(record);
	if (r & DEKIT_HOLD) {
		assert_int_equal(e.code, EXC_MISSING_COMPONENT_STOCK);
		assert_string_equal(e.message, message);
		assert_null(e.path);
		assert_null(e.value);
		expect_json(e.detail, missing);
	} else {
		assert_int_equal(e.code, EXC_NONE);
		assert_null(e.detail);
	}
	exc_free(&e);
}

/*
 * Per location: a kit gets a record at every location where any of its
 * components has one, in the order the locations came; 1 and "1" are one
 * location, which keeps the value it first came with.
 */
static void
test_stock_locations(void **state)
{
	struct dekit d;
	size_t at;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	d.location_key = "location_id";
	stock_pass(&d, "{\"sku\":\"MUG\",\"location_id\":1,\"available\":10}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"location_id\":\"1\","
	    "\"available\":9}");
	stock_pass(&d, "{\"sku\":\"MUG\",\"location_id\":\"B\","
	    "\"available\":2}");
	stock_pass(&d, "{\"sku\":\"TEA\",\"location_id\":\"B\","
	    "\"available\":30}");
	stock_pass(&d, "{\"sku\":\"SPOON\",\"location_id\":\"B\","
	    "\"available\":5}");
	stock_pass(&d, "{\"sku\":\"X\",\"location_id\":\"C\","
	    "\"available\":5}");
	stock_pass(&d, "{\"sku\":\"NONE\",\"available\":5}");
	assert_int_equal(d.nlocs, 3);
	/* GIFT: at 1, 10 MUG and 9 TEA of 3 a kit; at B, 2 MUG */
	at = 0;
	expect_next(&d, 0, &at, DEKIT_PASS, "{\"sku\":\"GIFT\","
	    "\"location_id\":1,\"available\":3,\"kit\":true}", NULL, NULL);
	expect_next(&d, 0, &at, DEKIT_PASS, "{\"sku\":\"GIFT\","
	    "\"location_id\":\"B\",\"available\":2,\"kit\":true}", NULL, NULL);
	expect_next(&d, 0, &at, 0, NULL, NULL, NULL);
	expect_next(&d, 0, &at, 0, NULL, NULL, NULL);
	/* BUNDLE: no SPOON at 1; at B, 2 MUG and 6 TEA a kit */
	at = 0;
	expect_next(&d, 1, &at, DEKIT_PASS | DEKIT_HOLD, "{\"sku\":\"BUNDLE\","
	    "\"location_id\":1,\"available\":0,\"kit\":true}",
	    "kit \"BUNDLE\" has components without a stock record at "
	    "location_id \"1\"; its stock there is set to 0",
	    "{\"missing\":[\"SPOON\"]}");
	expect_next(&d, 1, &at, DEKIT_PASS, "{\"sku\":\"BUNDLE\","
	    "\"location_id\":\"B\",\"available\":1,\"kit\":true}", NULL, NULL);
	expect_next(&d, 1, &at, 0, NULL, NULL, NULL);
	/* DUO: at C only, where Y is missing */
	at = 0;
	expect_next(&d, 2, &at, DEKIT_PASS | DEKIT_HOLD, "{\"sku\":\"DUO\","
	    "\"location_id\":\"C\",\"available\":0,\"kit\":true}",
	    "kit \"DUO\" has components without a stock record at "
	    "location_id \"C\"; its stock there is set to 0",
	    "{\"missing\":[\"Y\"]}");
	expect_next(&d, 2, &at, 0, NULL, NULL, NULL);
	dekit_free(&d);
}

static void
test_stock_locations_errors(void **state)
{
	struct dekit d;
	size_t at;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	d.location_key = "loc";
	stock_pass(&d, "{\"sku\":\"MUG\",\"loc\":7,\"available\":10}");
	stock_pass(&d, "{\"sku\":\"MUG\",\"loc\":8,\"available\":1}");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"MUG\",\"loc\":\"7\",\"available\":99}",
	    "duplicate_sku", "sku", "\"MUG\"",
	    "a second stock record for component \"MUG\" at loc \"7\"; the "
	    "first one counts");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"available\":3}",
	    "no_field", "loc", NULL,
	    "the stock record of component \"TEA\" has no location (a string "
	    "or an integer) at loc");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"loc\":[7],\"available\":3}",
	    "no_field", "loc", "[7]",
	    "the stock record of component \"TEA\" has no location (a string "
	    "or an integer) at loc");
	/* held, but at 9: the kits of TEA get a record there */
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"TEA\",\"loc\":9,\"available\":\"3\"}",
	    "bad_quantity", "available", "\"3\"",
	    "the stock of component \"TEA\" is not an integer");
	stock_pass(&d, "{\"sku\":\"TEA\",\"loc\":8,\"available\":3}");
	/* not a component: not checked */
	stock_pass(&d, "{\"sku\":\"CUP\",\"available\":3}");
	at = 0;
	expect_next(&d, 0, &at, DEKIT_PASS | DEKIT_HOLD, "{\"sku\":\"GIFT\","
	    "\"loc\":7,\"available\":0,\"kit\":true}",
	    "kit \"GIFT\" has components without a stock record at loc \"7\"; "
	    "its stock there is set to 0", "{\"missing\":[\"TEA\"]}");
	expect_next(&d, 0, &at, DEKIT_PASS, "{\"sku\":\"GIFT\","
	    "\"loc\":8,\"available\":1,\"kit\":true}", NULL, NULL);
	expect_next(&d, 0, &at, DEKIT_PASS | DEKIT_HOLD, "{\"sku\":\"GIFT\","
	    "\"loc\":9,\"available\":0,\"kit\":true}",
	    "kit \"GIFT\" has components without a stock record at loc \"9\"; "
	    "its stock there is set to 0",
	    "{\"missing\":[\"MUG\",\"TEA\"]}");
	expect_next(&d, 0, &at, 0, NULL, NULL, NULL);
	/* DUO: none of X and Y anywhere, held once without a location */
	at = 0;
	expect_next(&d, 2, &at, DEKIT_HOLD, "{\"sku\":\"DUO\","
	    "\"available\":0,\"kit\":true}", "kit \"DUO\" has no component "
	    "with a stock record at any loc; no record is written for it",
	    "{\"missing\":[\"X\",\"Y\"]}");
	expect_next(&d, 2, &at, 0, NULL, NULL, NULL);
	dekit_free(&d);

	/* no records at all: every kit is held once */
	setup_dekit(&d, stock_csv);
	d.location_key = "loc";
	at = 0;
	expect_next(&d, 1, &at, DEKIT_HOLD, "{\"sku\":\"BUNDLE\","
	    "\"quantity\":0,\"kit\":true}", "kit \"BUNDLE\" has no component "
	    "with a stock record at any loc; no record is written for it",
	    "{\"missing\":[\"MUG\",\"TEA\",\"SPOON\"]}");
	expect_next(&d, 1, &at, 0, NULL, NULL, NULL);
	dekit_free(&d);
}

/* Without a location key: one record per kit, as dekit_stock_kit gives. */
static void
test_stock_next_one_location(void **state)
{
	struct dekit d;
	size_t at = 0;

	(void)state;
	setup_dekit(&d, stock_csv);
	d.qty_key = "available";
	stock_pass(&d, "{\"sku\":\"MUG\",\"loc\":1,\"available\":10}");
	expect_hold(dekit_stock_record, &d,
	    "{\"sku\":\"MUG\",\"loc\":2,\"available\":10}",
	    "duplicate_sku", "sku", "\"MUG\"",
	    "a second stock record for component \"MUG\"; the first one "
	    "counts");
	stock_pass(&d, "{\"sku\":\"TEA\",\"loc\":2,\"available\":3}");
	expect_next(&d, 0, &at, DEKIT_PASS, "{\"sku\":\"GIFT\","
	    "\"available\":1,\"kit\":true}", NULL, NULL);
	expect_next(&d, 0, &at, 0, NULL, NULL, NULL);
	at = 0;
	expect_next(&d, 2, &at, DEKIT_PASS | DEKIT_HOLD, "{\"sku\":\"DUO\","
	    "\"available\":0,\"kit\":true}", "kit \"DUO\" has components "
	    "without a stock record; its stock is set to 0",
	    "{\"missing\":[\"X\",\"Y\"]}");
	expect_next(&d, 2, &at, 0, NULL, NULL, NULL);
	dekit_free(&d);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_plain),
		cmocka_unit_test(test_order_no_price_no_id),
		cmocka_unit_test(test_order_scale),
		cmocka_unit_test(test_order_split),
		cmocka_unit_test(test_order_nested),
		cmocka_unit_test(test_order_paths),
		cmocka_unit_test(test_order_magento),
		cmocka_unit_test(test_order_bad_quantity),
		cmocka_unit_test(test_order_bad_price),
		cmocka_unit_test(test_order_amounts),
		cmocka_unit_test(test_order_sums),
		cmocka_unit_test(test_order_shapes),
		cmocka_unit_test(test_order_random),
		cmocka_unit_test(test_order_every_price),
		cmocka_unit_test(test_rekit),
		cmocka_unit_test(test_rekit_partial),
		cmocka_unit_test(test_rekit_split),
		cmocka_unit_test(test_rekit_errors),
		cmocka_unit_test(test_stock),
		cmocka_unit_test(test_stock_negative),
		cmocka_unit_test(test_stock_missing),
		cmocka_unit_test(test_stock_errors),
		cmocka_unit_test(test_stock_shared_component),
		cmocka_unit_test(test_stock_int64_min),
		cmocka_unit_test(test_stock_locations),
		cmocka_unit_test(test_stock_locations_errors),
		cmocka_unit_test(test_stock_next_one_location),
	};

	return cmocka_run_group_tests(tests, setup, remove_temps);
}
