/*
 * Unit tests of csvtable: CSV mapping tables. Every table is written to a
 * temporary file by the test that loads it, so the bytes are in view.
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
#include "csvtable.h"
#include "xalloc.h"


/* Loads text, which must load. */
static struct csv_table *
load_ok(const char *text, char **path)
{
	struct csv_table *t;
	char *err = (char *)"unset";

	*path = temp_text(text);
	t = csv_table_load(*path, &err);
	if (t == NULL)
		fail_msg("%s", err);
	assert_null(err);
	assert_string_equal(t->name, *path);
	return t;
}

/* Loads text, which must fail with "<file>" want. */
static void
load_fails(const char *text, const char *want)
{
	char *path = temp_text(text), *err = NULL, *full;

	assert_null(csv_table_load(path, &err));
	assert_non_null(err);
	full = xasprintf("%s%s", path, want);
	assert_string_equal(err, full);
	free(full);
	free(err);
}

/* Checks row r: its line and its cells, as many as the header. */
static void
expect_row(const struct csv_table *t, size_t r, unsigned long line,
    const char *const *cells)
{
	size_t c;

	assert_true(r < t->nrows);
	assert_int_equal(t->lines[r], line);
	for (c = 0; c < t->ncols; c++) {
		assert_string_equal(csv_table_cell(t, r, (int)c), cells[c]);
		assert_ptr_equal(csv_table_cell(t, r, (int)c),
		    t->cells[r * t->ncols + c]);
	}
}

static void
test_header_and_rows(void **state)
{
	static const char *const r0[] = { "A-1", "Alpha", "1" };
	static const char *const r1[] = { "B-2", "Beta", "" };
	static const char *const r2[] = { "C-3", "", "3" };
	char *path;
	struct csv_table *t = load_ok("sku,name,qty\nA-1,Alpha,1\n\n\n"
	    "B-2,Beta,\n   \n,,\nC-3,,3", &path);

	(void)state;
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->header[0], "sku");
	assert_string_equal(t->header[1], "name");
	assert_string_equal(t->header[2], "qty");
	/* a row of empty fields is a row; blank lines are not */
	assert_int_equal(t->nrows, 4);
	expect_row(t, 0, 2, r0);
	expect_row(t, 1, 5, r1);
	assert_int_equal(t->lines[2], 7);
	assert_string_equal(csv_table_cell(t, 2, 0), "");
	/* the last line has no newline */
	expect_row(t, 3, 8, r2);
	csv_table_free(t);
}

static void
test_header_only(void **state)
{
	char *path;
	struct csv_table *t = load_ok("\n\nsku,name\n\n", &path);

	(void)state;
	assert_int_equal(t->ncols, 2);
	assert_int_equal(t->nrows, 0);
	assert_string_equal(t->header[1], "name");
	csv_table_free(t);
}

static void
test_crlf_and_bom(void **state)
{
	static const char *const r0[] = { "A", "x y" };
	static const char *const r1[] = { "B", "z" };
	char *path;
	struct csv_table *t = load_ok("\xEF\xBB\xBF" "sku,name\r\nA,x y\r\n"
	    "\r\nB,z\r\n", &path);

	(void)state;
	assert_int_equal(t->ncols, 2);
	/* the BOM is not part of the first column's name */
	assert_string_equal(t->header[0], "sku");
	assert_int_equal(csv_table_column(t, "sku"), 0);
	assert_int_equal(t->nrows, 2);
	expect_row(t, 0, 2, r0);
	expect_row(t, 1, 4, r1);
	csv_table_free(t);
}

static void
test_quoted(void **state)
{
	static const char *const r0[] = { "x,y", "say \"hi\"" };
	static const char *const r1[] = { "multi\nline\n", "z" };
	static const char *const r2[] = { "", "two\r\nlines" };
	static const char *const r3[] = { "last", "row" };
	char *path;
	struct csv_table *t = load_ok("a,b\n"
	    "\"x,y\",\"say \"\"hi\"\"\"\n"
	    "\"multi\nline\n\",z\n"
	    "\"\",\"two\r\nlines\"\r\n"
	    "\n"
	    "last,row\n", &path);

	(void)state;
	assert_int_equal(t->nrows, 4);
	expect_row(t, 0, 2, r0);
	/* a row knows the line it starts on, not the one it ends on */
	expect_row(t, 1, 3, r1);
	expect_row(t, 2, 6, r2);
	expect_row(t, 3, 9, r3);
	csv_table_free(t);
}

static void
test_trimming(void **state)
{
	static const char *const r0[] = { "x", "  y  ", "z z", "\t" };
	char *path;
	struct csv_table *t = load_ok("  a , b\t,c,d\n"
	    "  x  ,\"  y  \",\t z z\t,\"\t\"\n", &path);

	(void)state;
	/* the header is trimmed too */
	assert_string_equal(t->header[0], "a");
	assert_string_equal(t->header[1], "b");
	expect_row(t, 0, 2, r0);
	csv_table_free(t);
}

static void
test_unnamed_columns(void **state)
{
	static const char *const r0[] = { "1", "A", "2", "3" };
	char *path;
	struct csv_table *t = load_ok(",sku,,\n1,A,2,3\n", &path);

	(void)state;
	assert_int_equal(t->ncols, 4);
	assert_string_equal(t->header[0], "");
	assert_string_equal(t->header[2], "");
	assert_int_equal(csv_table_column(t, "sku"), 1);
	expect_row(t, 0, 2, r0);
	csv_table_free(t);
}

static void
test_columns(void **state)
{
	char *path, *err = NULL, *want;
	struct csv_table *t = load_ok("sku,name,SKU\nA,B,C\n", &path);

	(void)state;
	assert_int_equal(csv_table_column(t, "sku"), 0);
	assert_int_equal(csv_table_column(t, "name"), 1);
	/* names are compared exactly */
	assert_int_equal(csv_table_column(t, "SKU"), 2);
	assert_int_equal(csv_table_column(t, "Name"), -1);
	assert_int_equal(csv_table_column(t, "qty"), -1);
	assert_int_equal(csv_table_require(t, "name", &err), 1);
	assert_null(err);
	assert_int_equal(csv_table_require(t, "qty", &err), -1);
	want = xasprintf("%s: no column \"qty\" in the header", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	csv_table_free(t);
}

static void
test_wrong_field_count(void **state)
{
	(void)state;
	load_fails("a,b\n1,2\n\n1,2,3\n4,5\n",
	    ":4: 3 fields, but the header has 2");
	load_fails("a,b\n1,2\n3\n", ":3: 1 fields, but the header has 2");
	/* the line a row starts on, after a field over two lines */
	load_fails("a\n\"x\ny\"\n1,2\n", ":4: 2 fields, but the header has 1");
	load_fails("a,b\n\"x\ny\"\n", ":2: 1 fields, but the header has 2");
	/* a row without its newline at the end of the file */
	load_fails("a,b\n1,2\n3", ":3: 1 fields, but the header has 2");
}

static void
test_bad_quotes(void **state)
{
	(void)state;
	/* strict: a quote inside an unquoted field, text after a quoted one */
	load_fails("a,b\n1,2\n3,x\"y\n",
	    ":3: error parsing data while strict checking enabled");
	load_fails("a,b\n1,\"x\"y\n",
	    ":2: error parsing data while strict checking enabled");
	/* a quote opened and never closed: the line the row starts on */
	load_fails("a,b\n1,2\n3,\"open\nmore\n\nstill\n",
	    ":3: a quoted field is not closed");
	load_fails("a,b\n3,\"open", ":2: a quoted field is not closed");
}

static void
test_duplicate_column(void **state)
{
	(void)state;
	load_fails("sku,name,sku\nA,B,C\n", ": column \"sku\" twice in the "
	    "header");
	load_fails("\" x \",x,x\n", ": column \"x\" twice in the header");
}

static void
test_no_header(void **state)
{
	(void)state;
	load_fails("", ": no header row");
	load_fails("\n\n  \n\r\n", ": no header row");
	load_fails("\xEF\xBB\xBF", ": no header row");
}

static void
test_missing_file(void **state)
{
	char *err = NULL;

	(void)state;
	assert_null(csv_table_load("/nonexistent/wmskit/skus.csv", &err));
	assert_string_equal(err, "/nonexistent/wmskit/skus.csv: "
	    "No such file or directory");
	free(err);
}

static void
test_nul_byte(void **state)
{
	char *path = temp_text("a,b\n1,2\n"), *err = NULL, *want;
	FILE *f = fopen(path, "a");

	(void)state;
	assert_non_null(f);
	assert_int_equal(fwrite("x\0y,z\n", 1, 6, f), 6);
	assert_int_equal(fclose(f), 0);
	assert_null(csv_table_load(path, &err));
	want = xasprintf("%s:3: a NUL byte in a field", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_rows),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_trimming),
		cmocka_unit_test(test_unnamed_columns),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_wrong_field_count),
		cmocka_unit_test(test_bad_quotes),
		cmocka_unit_test(test_duplicate_column),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_nul_byte),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
