/*
 * metrics: the text format that promtool accepts, every code at 0, findings
 * in wmskit_held, --metrics-label labels escaped, the last success carried
 * over a failed run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "tool.h"

/* A run of "unit" with one held unknown_sku and one quantity_mismatch
 * found, written as status to path; the file's text. */
static char *
run(const char *path, int status, const struct tool_label *labels,
    size_t nlabels)
{
	struct tool t;
	size_t i;

	tool_init(&t, "unit", "usage: unit\n", 0, NULL);
	for (i = 0; i < nlabels; i++)
		t.labels[i] = labels[i];
	t.nlabels = nlabels;
	t.read = 3;
	t.held = 1;
	t.held_by_code[EXC_UNKNOWN_SKU]++;
	tool_finding(&t, EXC_QUANTITY_MISMATCH);
	*tool_counter(&t, "skus") = 7;
	tool_write_metrics(path, &t, status);
	return read_whole(path, NULL);
}

/* The value of the first line of text that starts with series. */
static const char *
value(const char *text, const char *series)
{
	const char *p = text;
	size_t n = strlen(series);

	for (; p != NULL; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return p + n + 1;
	fail_msg("no series %s", series);
	return NULL;
}

static void
test_codes(void **state)
{
	char *path = temp_text(""), *text;
	size_t i;

	(void)state;
	text = run(path, 1, NULL, 0);
	assert_true(strncmp(value(text, "wmskit_held{tool=\"unit\","
	    "code=\"unknown_sku\",owner=\"ecommerce\"}"), "1\n", 2) == 0);
	/* a finding counts as a held record does */
	assert_true(strncmp(value(text, "wmskit_held{tool=\"unit\","
	    "code=\"quantity_mismatch\",owner=\"ops\"}"), "1\n", 2) == 0);
	/* a code that held nothing reads 0 rather than vanish */
	assert_true(strncmp(value(text, "wmskit_held{tool=\"unit\","
	    "code=\"bad_json\",owner=\"integration\"}"), "0\n", 2) == 0);
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++)
		assert_non_null(strstr(text, exc_codes[i].name));
	/* a gauge named *_count is what promtool refuses */
	assert_null(strstr(text, "wmskit_count{"));
	assert_true(strncmp(value(text, "wmskit_counted{tool=\"unit\","
	    "name=\"skus\"}"), "7\n", 2) == 0);
	assert_true(strncmp(value(text, "wmskit_exit_status{tool=\"unit\"}"),
	    "1\n", 2) == 0);
	free(text);
}

static void
test_labels(void **state)
{
	static const struct tool_label labels[] = {
		{ "shop=x", 4, "a\"b\\c\nd" },
		{ "env", 3, "prod" },
	};
	char *path = temp_text(""), *text;

	(void)state;
	text = run(path, 0, labels, 2);
	assert_true(strncmp(value(text, "wmskit_exit_status{tool=\"unit\","
	    "shop=\"a\\\"b\\\\c\\nd\",env=\"prod\"}"), "0\n", 2) == 0);
	assert_true(strncmp(value(text, "wmskit_records{tool=\"unit\","
	    "outcome=\"read\",shop=\"a\\\"b\\\\c\\nd\",env=\"prod\"}"), "3\n",
	    2) == 0);
	free(text);
}

static void
test_last_success(void **state)
{
	char *path, *text;
	const char *v;

	(void)state;
	/* no file before, a failure: never a success */
	path = temp_text("");
	remove(path);
	text = run(path, 2, NULL, 0);
	assert_true(strncmp(value(text, "wmskit_last_success_timestamp_seconds"
	    "{tool=\"unit\"}"), "0\n", 2) == 0);
	free(text);
	/* a failure keeps the success of the file it replaces */
	path = temp_text("# HELP x\nwmskit_last_success_timestamp_seconds"
	    "{tool=\"unit\",shop=\"a b\"} 1700000000\n");
	text = run(path, 2, NULL, 0);
	assert_true(strncmp(value(text, "wmskit_last_success_timestamp_seconds"
	    "{tool=\"unit\"}"), "1700000000\n", 11) == 0);
	free(text);
	/* a run that exits 1 is a success: its own end time */
	text = run(path, 1, NULL, 0);
	v = value(text, "wmskit_last_success_timestamp_seconds{tool=\"unit\"}");
	assert_true(strtoul(v, NULL, 10) > 1700000000UL);
	assert_int_equal(strtoul(v, NULL, 10), strtoul(value(text,
	    "wmskit_last_run_timestamp_seconds{tool=\"unit\"}"), NULL, 10));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_last_success),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
