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
	/* blank lines and a row of empty fields (line 7) are skipped */
	assert_int_equal(t->nrows, 3);
	expect_row(t, 0, 2, r0);
	expect_row(t, 1, 5, r1);
	/* the last line has no newline */
	expect_row(t, 2, 8, r2);
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
	want = xasprintf("%s: no column \"qty\" in the header, which has "
	    "\"sku\", \"name\", \"SKU\"", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	/* the option that picks the column, when there is one */
	assert_int_equal(csv_table_require_by(t, "Sku", "--master-column",
	    &err), -1);
	want = xasprintf("%s: no column \"Sku\" in the header, which has "
	    "\"sku\", \"name\", \"SKU\"; --master-column picks another",
	    path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	csv_table_free(t);
}

/* The header error names what the header has: unnamed columns not, and
 * of a long header the first twelve. */
static void
test_columns_listed(void **state)
{
	char *path, *err = NULL, *want;
	struct csv_table *t = load_ok(",,x\n1,2,3\n", &path);

	(void)state;
	assert_int_equal(csv_table_require(t, "sku", &err), -1);
	want = xasprintf("%s: no column \"sku\" in the header, which has "
	    "\"x\"", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	csv_table_free(t);
	/* one column holding a delimiter */
	t = load_ok("sku|name\nA|x\n", &path);
	assert_int_equal(csv_table_require_by(t, "sku", "--master-column",
	    &err), -1);
	want = xasprintf("%s: no column \"sku\" in the header, which has "
	    "\"sku|name\"; --master-column picks another; --delimiter names "
	    "the table's delimiter", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	csv_table_free(t);
	t = load_ok("a,b,c,d,e,f,g,h,i,j,k,l,m,n\n", &path);
	assert_int_equal(csv_table_require(t, "sku", &err), -1);
	want = xasprintf("%s: no column \"sku\" in the header, which has "
	    "\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", "
	    "\"j\", \"k\", \"l\" and 2 more", path);
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
	/* strict: a quote inside an unquoted field, text after a quoted one;
	 * said in words, with the field */
	load_fails("a,b\n1,2\n3,x\"y\n",
	    ":3: field 2: a quote inside an unquoted field; quote the whole "
	    "field and double the quotes in it, as \"5\"\" cable\"");
	load_fails("a,b\n1,\"x\"y\n",
	    ":2: field 2: text after the closing quote of a quoted field; "
	    "quote the whole field and double the quotes in it, as "
	    "\"5\"\" cable\"");
	/* the line the quote is on, in a row over two lines */
	load_fails("a;b\n\"x\ny\";\"z\" w\n",
	    ":3: field 2: text after the closing quote of a quoted field; "
	    "quote the whole field and double the quotes in it, as "
	    "\"5\"\" cable\"");
	/* a quote opened and never closed: the line the row starts on */
	load_fails("a,b\n1,2\n3,\"open\nmore\n\nstill\n",
	    ":3: a quoted field is not closed");
	load_fails("a,b\n3,\"open", ":2: a quoted field is not closed");
}

/* Of ',', ';' and tab, the one that splits the header most, ties to ',';
 * quoted delimiters do not count. */
static void
test_sniffed(void **state)
{
	static const char *const semi[] = { "A-1", "1,5" };
	static const char *const tab[] = { "A-1", "x, y; z" };
	static const char *const tie[] = { "A;1", "x" };
	static const char *const one[] = { "A-1" };
	char *path;
	struct csv_table *t;

	(void)state;
	t = load_ok("\xEF\xBB\xBFsku;weight\r\nA-1;1,5\r\n", &path);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->header[0], "sku");
	expect_row(t, 0, 2, semi);
	csv_table_free(t);
	t = load_ok("sku\tname\nA-1\tx, y; z\n", &path);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->header[1], "name");
	expect_row(t, 0, 2, tab);
	csv_table_free(t);
	/* one of each: ',' */
	t = load_ok("sku;x,y\nA;1,x\n", &path);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->header[0], "sku;x");
	expect_row(t, 0, 2, tie);
	csv_table_free(t);
	/* "a,b" quoted is one name: ';' splits the header most */
	t = load_ok("\"a,b\";c\n1;2\n", &path);
	assert_string_equal(t->header[0], "a,b");
	assert_string_equal(t->header[1], "c");
	csv_table_free(t);
	/* blank lines before the header are not sniffed */
	t = load_ok("\n;;\n,\nsku\nA-1\n", &path);
	assert_int_equal(t->ncols, 1);
	expect_row(t, 0, 5, one);
	csv_table_free(t);
}

static void
test_delimiter_option(void **state)
{
	static const char *const r0[] = { "A;1", "x" };
	static const char *const r1[] = { "B", "y,z" };
	char *path;
	struct csv_table *t;

	(void)state;
	assert_int_equal(csv_table_set_delimiter("|"), 1);
	t = load_ok("sku;x|name\nA;1|x\n\n|\nB|y,z\n", &path);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->header[0], "sku;x");
	expect_row(t, 0, 2, r0);
	expect_row(t, 1, 5, r1);
	csv_table_free(t);
	assert_int_equal(csv_table_set_delimiter("tab"), 1);
	t = load_ok("a,b\tc\n1\t2\n", &path);
	assert_string_equal(t->header[0], "a,b");
	csv_table_free(t);
	assert_int_equal(csv_table_set_delimiter("\\t"), 1);
	t = load_ok("a,b\tc\n1\t2\n", &path);
	assert_string_equal(t->header[1], "c");
	csv_table_free(t);
	assert_int_equal(csv_table_set_delimiter(","), 1);
	t = load_ok("a;b\n1;2\n", &path);
	assert_int_equal(t->ncols, 1);
	csv_table_free(t);
	assert_int_equal(csv_table_set_delimiter(""), 0);
	assert_int_equal(csv_table_set_delimiter(";;"), 0);
	assert_int_equal(csv_table_set_delimiter("\""), 0);
	assert_int_equal(csv_table_set_delimiter(" "), 0);
	assert_int_equal(csv_table_set_delimiter("a"), 0);
	assert_int_equal(csv_table_set_delimiter("7"), 0);
	assert_int_equal(csv_table_set_delimiter("\n"), 0);
	assert_int_equal(csv_table_set_delimiter("\xC2\xA7"), 0);
	/* a refused one leaves the last: ',' */
	t = load_ok("a;b\n1;2\n", &path);
	assert_int_equal(t->ncols, 1);
	csv_table_free(t);
	assert_int_equal(csv_table_set_delimiter(NULL), 1);
	t = load_ok("a;b\n1;2\n", &path);
	assert_int_equal(t->ncols, 2);
	csv_table_free(t);
}

/* Rows of empty cells, ",," or ";;" or quoted, are blank lines, short or
 * not; a row with one cell filled is a row. */
static void
test_empty_rows(void **state)
{
	static const char *const r0[] = { "A", "1", "" };
	static const char *const r1[] = { "", "", "x" };
	char *path;
	struct csv_table *t = load_ok("sku;qty;note\n;;\nA;1;\n;\n\"\";;\"\"\n"
	    " ; ; \n;;x\n;;\n;;\n", &path);

	(void)state;
	assert_int_equal(t->nrows, 2);
	expect_row(t, 0, 3, r0);
	expect_row(t, 1, 7, r1);
	csv_table_free(t);
	/* what follows them still has its own line */
	load_fails("sku,qty\n,\n,\nA,1,2\n", ":4: 3 fields, but the header "
	    "has 2");
}

/* Bytes with NULs, which must fail with "<file>" want. */
static void
bytes_fail(const char *s, size_t len, const char *want)
{
	char *path = temp_file(s, len), *err = NULL, *full;

	assert_null(csv_table_load(path, &err));
	full = xasprintf("%s%s", path, want);
	assert_string_equal(err, full);
	free(full);
	free(err);
}

/* A compressed or UTF-16 file is named, not read. */
static void
test_not_text(void **state)
{
	static const char gz[] = "\x1F\x8B\x08\0\0\0\0\0\0\x03\x0A";
	static const char bom16[] = "\xFF\xFEs\0k\0u\0\n\0A\0\n\0";
	static const char le16[] = "s\0k\0u\0;\0q\0t\0y\0\n\0";
	static const char zip[] = "PK\3\4\x14\0\0\0";

	(void)state;
	bytes_fail(gz, sizeof(gz) - 1, ": is gzip-compressed: decompress it "
	    "first (tables are read as text)");
	bytes_fail(bom16, sizeof(bom16) - 1, ": is UTF-16 text: convert it "
	    "to UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
	bytes_fail(le16, sizeof(le16) - 1, ": is UTF-16LE text: convert it "
	    "to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8");
	bytes_fail(zip, sizeof(zip) - 1, ": is a zip archive or Excel "
	    "workbook: save the sheet as CSV UTF-8");
}

static void
test_duplicate_column(void **state)
{
	(void)state;
	load_fails("sku,name,sku\nA,B,C\n", ": column \"sku\" twice in the "
	    "header");
	load_fails("\" x \",x,x\n", ": column \"x\" twice in the header");
	/* a message is one line: a line end in a name is escaped */
	load_fails("\"a\nb\",\"a\nb\"\n", ": column \"a\\nb\" twice in the "
	    "header");
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
		cmocka_unit_test(test_columns_listed),
		cmocka_unit_test(test_sniffed),
		cmocka_unit_test(test_delimiter_option),
		cmocka_unit_test(test_empty_rows),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_duplicate_column),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_nul_byte),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
