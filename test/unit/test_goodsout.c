/*
 * Unit tests of goodsout: the WMS's goods-outs as read (references by
 * key, statuses by id or name, lines and their quantities), the records
 * held, and the default rule of the incomplete_wms limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "goodsout.h"
#include "testutil.h"

/* Reads one record of text into g: 1 kept, 0 held (e). */
static int
read_one(struct goodsout *g, const char *text, struct exception *e)
{
	struct ndjson_line line;
	int kept;

	memset(&line, 0, sizeof(line));
	line.kind = NDJSON_OBJECT;
	line.value = parse_json(text);
	line.source = "wms.ndjson";
	line.lineno = 1;
	kept = goodsout_read(g, &line, e);
	json_decref(line.value);
	return kept;
}

static void
test_read(void **state)
{
	struct goodsout g;
	struct exception e = { .code = EXC_NONE };
	struct goodsout_order *w;
	struct goodsout_line *l;

	(void)state;
	goodsout_init(&g);
	assert_true(read_one(&g, "{\"reference\":\" #1001 \",\"status\":"
	    "\"PICK\",\"lines\":[{\"sku\":\"MUG\",\"order_quantity\":2,"
	    "\"pick_quantity\":1,\"dispatch_quantity\":null},{\"sku\":\"\","
	    "\"order_quantity\":1},{\"order_quantity\":1},{\"sku\":\"TOTE\","
	    "\"order_quantity\":1.0}],\"tracking_number\":\"jd 01\"}", &e));
	assert_null(goodsout_find(&g, "#1001", 5));
	assert_non_null(w = goodsout_find(&g, "1001", 4));
	assert_string_equal(goodsout_text(&g, w->ref), "1001");
	assert_string_equal(goodsout_text(&g, w->status), "PICK");
	assert_int_equal(w->status_id, GO_PICK);
	assert_false(w->cancelled);
	assert_int_equal(w->nlines, 2);	/* lines without a SKU are none */
	l = &g.lines[w->lines_at];
	assert_string_equal(goodsout_text(&g, l->sku), "MUG");
	assert_int_equal(l->ordered, 2);
	assert_int_equal(l->picked, 1);
	assert_int_equal(l->dispatched, 0);
	assert_int_equal(l[1].ordered, 1);
	assert_int_equal(w->ntracks, 1);
	assert_string_equal(goodsout_text(&g, g.tracks[w->tracks_at]),
	    "JD01");
	/* an integer status, no status */
	assert_true(read_one(&g, "{\"reference\":1002,\"status\":8}", &e));
	w = goodsout_find(&g, "1002", 4);
	assert_int_equal(w->status_id, GO_CANCELLED);
	assert_true(w->cancelled);
	assert_true(read_one(&g, "{\"reference\":\"1003\"}", &e));
	w = goodsout_find(&g, "1003", 4);
	assert_int_equal(w->status, 0);
	assert_int_equal(w->status_id, GO_UNKNOWN);
	goodsout_free(&g);
	exc_free(&e);
}

static void
test_held(void **state)
{
	struct goodsout g;
	struct exception e = { .code = EXC_NONE };

	(void)state;
	goodsout_init(&g);
	assert_false(read_one(&g, "{\"status\":\"PENDING\"}", &e));
	assert_int_equal(e.code, EXC_NO_FIELD);
	assert_string_equal(e.path, "reference");
	assert_true(read_one(&g, "{\"reference\":\"1001\"}", &e));
	assert_false(read_one(&g, "{\"reference\":\"#1001\"}", &e));
	assert_int_equal(e.code, EXC_DUPLICATE_ORDER);
	assert_string_equal(e.message, "a second WMS order \"1001\"; the "
	    "first counts");
	assert_false(read_one(&g, "{\"reference\":\"1002\",\"lines\":[{"
	    "\"sku\":\"MUG\",\"order_quantity\":\"2\"}]}", &e));
	assert_int_equal(e.code, EXC_BAD_QUANTITY);
	assert_null(goodsout_find(&g, "1002", 4));
	assert_true(goodsout_held(&g, "1002", 4));
	assert_false(goodsout_held(&g, "1001", 4));
	assert_int_equal(g.norders, 1);
	assert_int_equal(g.nlines, 0);
	goodsout_free(&g);
	exc_free(&e);
}

static void
test_statuses(void **state)
{
	static const struct {
		const char *text;
		enum goodsout_status want;
	} cases[] = {
		{ "1", GO_DRAFT }, { "DRAFT", GO_DRAFT },
		{ "pending", GO_PENDING }, { "3", GO_PICK }, { "Part", GO_PART },
		{ "5", GO_ALLOCATED }, { "COMPLETED", GO_COMPLETED },
		{ "7", GO_PART_ALLOCATED },
		{ "part allocated", GO_PART_ALLOCATED },
		{ "PART-ALLOCATED", GO_PART_ALLOCATED },
		{ "8", GO_CANCELLED }, { "cancelled", GO_CANCELLED },
		{ "9", GO_UNKNOWN }, { "0", GO_UNKNOWN }, { "12", GO_UNKNOWN },
		{ "ON_HOLD", GO_UNKNOWN }, { "", GO_UNKNOWN },
		{ "PENDINGX", GO_UNKNOWN },
	};
	struct goodsout g;
	size_t i;

	(void)state;
	goodsout_init(&g);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (goodsout_status(&g, cases[i].text) != cases[i].want)
			fail_msg("status \"%s\"", cases[i].text);
	assert_string_equal(goodsout_status_name(GO_PART_ALLOCATED),
	    "PART_ALLOCATED");
	assert_null(goodsout_status_name(GO_UNKNOWN));
	goodsout_free(&g);
}

/* --wms-cancelled replaces CANCELLED and 8: then they are no status. */
static void
test_cancelled_option(void **state)
{
	struct goodsout g;
	struct tool t;
	char *argv[] = { "test", NULL };
	int i;

	(void)state;
	tool_init(&t, "test", "usage: test\n", 1, argv);
	goodsout_init(&g);
	goodsout_opt_cancelled(&t, &g, "VOID");
	goodsout_opt_cancelled(&t, &g, "99");
	/* no limit to how many */
	for (i = 0; i < 20; i++)
		goodsout_opt_cancelled(&t, &g, "X");
	goodsout_opt_cancelled(&t, &g, "LAST");
	assert_int_equal(goodsout_status(&g, "void"), GO_CANCELLED);
	assert_int_equal(goodsout_status(&g, "99"), GO_CANCELLED);
	assert_int_equal(goodsout_status(&g, "last"), GO_CANCELLED);
	assert_int_equal(goodsout_status(&g, "8"), GO_UNKNOWN);
	assert_int_equal(goodsout_status(&g, "CANCELLED"), GO_UNKNOWN);
	assert_int_equal(goodsout_status(&g, "2"), GO_PENDING);
	goodsout_free(&g);
}

/* More than 10 and more than 20% by default; a limit given replaces it. */
static void
test_max_missing(void **state)
{
	struct tool_limit l;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(goodsout_max_missing(&l, 0), 10);
	assert_int_equal(goodsout_max_missing(&l, 50), 10);
	assert_int_equal(goodsout_max_missing(&l, 60), 12);
	assert_int_equal(goodsout_max_missing(&l, 100), 20);
	assert_true(tool_limit_parse(&l, "3"));
	assert_int_equal(goodsout_max_missing(&l, 100), 3);
	assert_true(tool_limit_parse(&l, "22%"));
	assert_int_equal(goodsout_max_missing(&l, 60), 13);
	assert_int_equal(goodsout_max_missing(&l, 10), 2);
}

static void
test_tracking_key(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	goodsout_tracking_key(" jd 0102\t", 9, &b);
	assert_string_equal(b.p, "JD0102");
	goodsout_tracking_key("", 0, &b);
	assert_string_equal(b.p, "");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_cancelled_option),
		cmocka_unit_test(test_max_missing),
		cmocka_unit_test(test_tracking_key),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
