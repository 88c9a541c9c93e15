/*
 * report: an envelope too long to read whole still counts, from its start;
 * items are distinct keys, dated by "at", resolved by records that passed;
 * a finding of reconcile is an item with its facts; a CSV cell that a
 * spreadsheet would run starts with '.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "testutil.h"

static void
test_add_start(void **state)
{
	/* a line_too_long envelope cut inside its raw_base64 */
	static const char start[] = "{\"exception\":{\"tool\":\"sku-normalize\","
	    "\"code\":\"line_too_long\",\"owner\":\"integration\",\"message\":"
	    "\"the line is longer than 67108864 bytes (--max-line)\","
	    "\"source\":\"orders.ndjson\",\"line\":7},\"raw_base64\":\"eyJuYW1l";
	static const char *const not[] = { "", "{", "{\"record\":{}}",
	    "{\"exception\":", "{\"exception\":{\"code\":\"x\"",
	    "{\"exception\":[]", "[{\"exception\":{}}]" };
	struct report r;
	size_t i;

	(void)state;
	report_init(&r, 0, -1, 10);
	assert_int_equal(report_add_start(&r, start, strlen(start)), 1);
	assert_int_equal(r.nitems, 1);
	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++)
		assert_int_equal(report_add_start(&r, not[i], strlen(not[i])),
		    0);
	assert_int_equal(r.nitems, 1);
	report_free(&r);
}

static json_t *
envelope(const char *key, const char *at)
{
	json_t *rec = json_pack("{s:{s:s,s:s,s:s,s:s},s:{s:s}}", "exception",
	    "tool", "sku-normalize", "code", "unknown_sku", "owner",
	    "ecommerce", "message", "m", "record", "name", "#1001");

	if (key != NULL)
		json_object_set_new(json_object_get(rec, "exception"), "key",
		    json_string(key));
	if (at != NULL)
		json_object_set_new(json_object_get(rec, "exception"), "at",
		    json_string(at));
	return rec;
}

static void
add(struct report *r, const char *key, const char *at)
{
	json_t *rec = envelope(key, at);

	assert_int_equal(report_add(r, rec), 1);
	json_decref(rec);
}

static void
test_items(void **state)
{
	struct report r;
	json_t *passed = json_pack("{s:s}", "name", "#1001");

	(void)state;
	/* 2026-11-27T06:00:00Z, the last 24 hours */
	report_init(&r, 1795759200, 86400, 10);
	/* a key given, and the same computed from an older envelope */
	add(&r, "sku-normalize/unknown_sku/#1001", "2026-11-27T01:00:00Z");
	add(&r, "sku-normalize/unknown_sku/#1001", "2026-11-26T08:00:00Z");
	add(&r, NULL, "2026-11-27T05:00:00Z");
	add(&r, NULL, "2026-11-25T05:00:00Z");	/* before the window */
	add(&r, NULL, "2026-11-27T07:00:00Z");	/* after --as-of */
	add(&r, "sku-normalize/unknown_sku/#1002", NULL);	/* undated */
	assert_int_equal(r.nitems, 2);
	assert_int_equal(r.left_out, 2);
	report_passed(&r, passed, "", 0, 1795752000);	/* 04:00: too early */
	report_finish(&r);
	assert_int_equal(r.open, 2);
	assert_int_equal(r.undated, 1);
	report_free(&r);

	report_init(&r, 1795759200, -1, 10);
	add(&r, NULL, "2026-11-27T05:00:00Z");
	report_passed(&r, passed, "", 0, 1795757400);	/* 05:30 */
	report_finish(&r);
	assert_int_equal(r.open, 0);
	assert_int_equal(r.nitems, 1);
	report_free(&r);
	json_decref(passed);
}

/* The key of a finding without one is reconcile_key's: one item with a
 * finding that has it, its facts those of the latest. */
static void
test_findings(void **state)
{
	static const char *const lines[] = {
		"{\"code\":\"quantity_mismatch\",\"owner\":\"ops\","
		"\"order_ref\":\"#1006\",\"storefront\":{\"lines\":{"
		"\"TS-BLU-M\":{\"storefront\":2,\"wms\":1}}}}",
		"{\"code\":\"quantity_mismatch\",\"owner\":\"ops\","
		"\"order_ref\":\"#1006\",\"storefront\":{\"lines\":{"
		"\"TS-BLU-M\":{\"storefront\":2,\"wms\":3}}},\"key\":"
		"\"reconcile/quantity_mismatch/#1006\",\"at\":"
		"\"2026-11-27T05:20:00Z\"}",
		"{\"code\":\"quantity_mismatch\",\"owner\":\"ops\","
		"\"order_ref\":\"#1006\",\"storefront\":{\"lines\":{"
		"\"TS-BLU-M\":{\"storefront\":2,\"wms\":4}}},\"at\":"
		"\"2026-11-26T05:20:00Z\"}",
	};
	struct report r;
	struct writer w;
	char *path, *got;
	json_t *f;
	size_t i;

	(void)state;
	report_init(&r, 1795759200, -1, 10);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		f = parse_json(lines[i]);
		assert_int_equal(report_add(&r, f), 1);
		json_decref(f);
	}
	report_finish(&r);
	assert_int_equal(r.nitems, 1);
	assert_int_equal(r.undated, 0);
	path = temp_writer(&w);
	report_items_csv(&r, &w);
	writer_close(&w);
	got = read_whole(path, NULL);
	assert_string_equal(got, "key,tool,code,owner,reference,first_seen,"
	    "last_seen,times,message,facts\nreconcile/quantity_mismatch/#1006,"
	    "reconcile,quantity_mismatch,ops,#1006,2026-11-26T05:20:00Z,"
	    "2026-11-27T05:20:00Z,3,,\"TS-BLU-M: storefront 2, WMS 3\"\n");
	free(got);
	report_free(&r);
}

static void
test_csv_formula(void **state)
{
	/* the message cell, and the end of its line: facts empty */
	static const struct {
		const char *message, *cell;
	} cases[] = {
		{ "=1+2", "'=1+2,\n" }, { "+1", "'+1,\n" }, { "-1", "'-1,\n" },
		{ "@A1", "'@A1,\n" }, { "\tx", "'\tx,\n" },
		{ "\rx", "\"'\rx\",\n" }, { "x=1", "x=1,\n" }, { "", ",\n" },
	};
	static const char before[] = "t/c/k,t,c,ops,k,2026-11-27T05:00:00Z,"
	    "2026-11-27T05:00:00Z,1,";
	struct report r;
	struct writer w;
	char *path, *got, *line;
	json_t *rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		report_init(&r, 1795759200, -1, 10);
		rec = json_pack("{s:{s:s,s:s,s:s,s:s,s:s,s:s},s:{}}",
		    "exception", "tool", "t", "code", "c", "owner", "ops",
		    "message", cases[i].message, "key", "t/c/k", "at",
		    "2026-11-27T05:00:00Z", "record");
		assert_int_equal(report_add(&r, rec), 1);
		report_finish(&r);
		path = temp_writer(&w);
		report_items_csv(&r, &w);
		writer_close(&w);
		got = read_whole(path, NULL);
		line = strchr(got, '\n') + 1;
		assert_memory_equal(line, before, strlen(before));
		assert_string_equal(line + strlen(before), cases[i].cell);
		free(got);
		json_decref(rec);
		report_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_start),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_csv_formula),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
