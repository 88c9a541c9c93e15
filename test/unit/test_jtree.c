/*
 * jtree: trees built from jdoc equal jansson's, and a tree is written
 * back as its line but for what was changed in it. The differential runs
 * on the project's copies of JSONTestSuite, jansson's suite and the
 * Shopify and Magento samples (test/fuzz/corpus/ndjson).
 */
#include <dirent.h>
#include <fcntl.h>
#include <float.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "jtree.h"
#include "xalloc.h"

static struct jtree t;

/* Reads text, which must be JSON, into t: its tree. */
static json_t *
tree(const char *text)
{
	json_t *v = jtree_read(&t, text, strlen(text));

	if (v == NULL)
		fail_msg("%s: %s", text, t.doc.error);
	return v;
}

/* v written against t's line: the text, to free. One file serves all. */
static char *
written(const json_t *v)
{
	static char *path;
	struct writer w;
	char *text;
	size_t len;
	int fd;

	if (path == NULL)
		path = temp_file("", 0);
	assert_true((fd = open(path, O_WRONLY | O_TRUNC)) >= 0);
	writer_open(&w, fd, path);
	jtree_write(&w, &t, 0, v);
	writer_end_record(&w);
	writer_close(&w);
	text = read_whole(path, &len);
	assert_true(len > 0 && text[len - 1] == '\n');
	text[len - 1] = '\0';
	return text;
}

static void
assert_written(const json_t *v, const char *want)
{
	char *got = written(v);

	assert_string_equal(got, want);
	free(got);
}

/* A line read and written unchanged is the line, blanks around it cut. */
static void
test_unchanged(void **state)
{
	static const char *const lines[] = {
		"{\"price\":1.10,\"big\":1e2,\"u\":\"\\u00e9\",\"s\":\"a\\/b\"}",
		"{\"id\":123456789012345678901234567890,\"n\":-0,\"r\":1E400}",
		"{ \"a\" : [ 1 , {\"b\" : null } ] ,\"c\":{}, \"d\":[] }",
		"{\"a\\u0000b\":\"x\\u0000\",\"\\ud83d\\ude00\":true}",
		"[1, 2.50, \"x\"]",
		"\"alone\"",
	};
	size_t i;
	json_t *v;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		v = tree(lines[i]);
		assert_written(v, lines[i]);
		json_decref(v);
	}
	v = tree("  {\"a\":1}\t ");
	assert_written(v, "{\"a\":1}");
	json_decref(v);
}

/* A changed value is the only text that changes. */
static void
test_changed(void **state)
{
	json_t *v = tree("{\"a\": [1.10, {\"sku\": \"ab\\/c\"}], \"n\": 1e2}");

	(void)state;
	json_object_set_new(json_array_get(json_object_get(v, "a"), 1), "sku",
	    json_string("AB/C"));
	assert_written(v, "{\"a\": [1.10, {\"sku\": \"AB/C\"}], \"n\": 1e2}");
	/* set to what it was: the line's text stays */
	json_object_set_new(v, "n", json_real(100));
	assert_written(v, "{\"a\": [1.10, {\"sku\": \"AB/C\"}], \"n\": 1e2}");
	/* another type */
	json_object_set_new(v, "n", json_integer(100));
	assert_written(v, "{\"a\": [1.10, {\"sku\": \"AB/C\"}], \"n\": 100}");
	json_object_set_new(v, "n", json_pack("{s:i}", "x", 1));
	assert_written(v, "{\"a\": [1.10, {\"sku\": \"AB/C\"}], \"n\": "
	    "{\"x\":1}}");
	json_decref(v);
	/* a key spelt with an escape keeps its spelling */
	v = tree("{\"\\u0061\":1,\"b\":2}");
	json_object_set_new(v, "a", json_integer(3));
	assert_written(v, "{\"\\u0061\":3,\"b\":2}");
	json_decref(v);
}

/* Members added at the end go before the closing brace. */
static void
test_added(void **state)
{
	json_t *v = tree("{\"l\":[{\"sku\":\"A\", \"q\":1.0 }], \"t\":\"x\" }");

	(void)state;
	json_object_set_new(json_array_get(json_object_get(v, "l"), 0),
	    "sku_original", json_string("a"));
	json_object_set_new(v, "carrier", json_string("DPD"));
	assert_written(v, "{\"l\":[{\"sku\":\"A\", \"q\":1.0,\"sku_original\":"
	    "\"a\" }], \"t\":\"x\",\"carrier\":\"DPD\" }");
	json_decref(v);
	/* to an empty object or array */
	v = tree("{\"o\":{ },\"a\":[]}");
	json_object_set_new(json_object_get(v, "o"), "k", json_true());
	json_array_append_new(json_object_get(v, "a"), json_integer(1));
	assert_written(v, "{\"o\":{\"k\":true},\"a\":[1]}");
	json_decref(v);
	/* to an array */
	v = tree("[1.10, 2]");
	json_array_append_new(v, json_real(2.5));
	assert_written(v, "[1.10, 2,2.5]");
	json_decref(v);
}

/* Members removed or moved: the container compact, its members kept. */
static void
test_removed_and_moved(void **state)
{
	json_t *v = tree("{\"a\": 1.10, \"b\": [1e2], \"c\": \"\\u00e9\"}");

	(void)state;
	json_object_del(v, "a");
	assert_written(v, "{\"b\":[1e2],\"c\":\"\\u00e9\"}");
	json_decref(v);
	v = tree("{\"a\":1.10,\"b\":2}");
	json_object_del(v, "a");
	json_object_set_new(v, "a", json_real(1.1));	/* now last */
	assert_written(v, "{\"b\":2,\"a\":1.10}");
	json_decref(v);
	/* a kit line replaced by its components, dekit's way: the lines
	 * around it found by identity, as they came */
	v = tree("{\"l\":[{\"s\":\"K\",\"p\":\"9.90\"}, {\"s\":\"X\", "
	    "\"q\":2.0}]}");
	json_array_remove(json_object_get(v, "l"), 0);
	json_array_insert_new(json_object_get(v, "l"), 0,
	    json_pack("{s:s}", "s", "A"));
	json_array_insert_new(json_object_get(v, "l"), 1,
	    json_pack("{s:s}", "s", "B"));
	assert_written(v, "{\"l\":[{\"s\":\"A\"},{\"s\":\"B\"},{\"s\":\"X\", "
	    "\"q\":2.0}]}");
	json_decref(v);
	/* swapped */
	v = tree("[{\"a\":1.0}, {\"b\":2.0}]");
	json_array_append(v, json_array_get(v, 0));
	json_array_remove(v, 0);
	assert_written(v, "[{\"b\":2.0},{\"a\":1.0}]");
	json_decref(v);
}

/* Numbers past jansson's: a value to compare, the text kept. */
static void
test_numbers(void **state)
{
	json_t *v = tree("[123456789012345678901234567890,1E400,-1e999,"
	    "1e-400,9223372036854775807,9223372036854775808]");

	(void)state;
	assert_true(json_is_real(json_array_get(v, 0)));
	assert_true(json_real_value(json_array_get(v, 1)) == DBL_MAX);
	assert_true(json_real_value(json_array_get(v, 2)) == -DBL_MAX);
	assert_true(json_real_value(json_array_get(v, 3)) == 0);
	assert_int_equal(json_integer_value(json_array_get(v, 4)), INT64_MAX);
	assert_true(json_is_real(json_array_get(v, 5)));
	json_array_set_new(v, 5, json_integer(1));
	assert_written(v, "[123456789012345678901234567890,1E400,-1e999,"
	    "1e-400,9223372036854775807,1]");
	json_decref(v);
	/* a zero keeps its sign: -0.0 is not written as a 0 that came */
	v = tree("[0.0,-0e0]");
	json_array_set(v, 0, json_array_get(v, 1));
	assert_written(v, "[-0.0,-0e0]");
	json_decref(v);
	assert_true(jtree_real("2.5", 3) == 2.5);
	assert_true(jtree_real("-1e400", 6) == -DBL_MAX);
}

/* Equal to jansson's tree where both read the text, read where jansson
 * does, and written back as it came. */
static void
differ(const char *name, const char *text, size_t len)
{
	json_error_t err;
	json_t *ours = jtree_read(&t, text, len), *theirs;
	const struct jdoc_node *top;
	char *back;

	theirs = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL |
	    JSON_REJECT_DUPLICATES, &err);
	if (ours != NULL && theirs != NULL && !json_equal(ours, theirs))
		fail_msg("%s: trees differ", name);
	/* jansson takes a raw NUL byte for the end of the text */
	if (ours == NULL && theirs != NULL && memchr(text, '\0', len) == NULL)
		fail_msg("%s: refused, jansson reads it: %s", name,
		    t.doc.error);
	if (ours != NULL) {
		top = &t.doc.node[0];
		back = written(ours);
		if (strlen(back) != top->len ||
		    memcmp(back, text + top->start, top->len) != 0)
			fail_msg("%s: not written as it came", name);
		free(back);
	}
	json_decref(ours);
	json_decref(theirs);
}

/* Each file of dir, whole, or each line of its *.ndjson files. */
static size_t
differ_dir(const char *sub)
{
	char *dir = xasprintf("%s/test/fuzz/corpus/ndjson/%s", SRCDIR, sub);
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		char *path, *text, *p, *nl;
		size_t len;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "LICENSE") == 0 ||
		    strcmp(e->d_name, "SOURCE") == 0 ||
		    strcmp(e->d_name, "COPYRIGHT") == 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		text = read_whole(path, &len);
		if (strstr(e->d_name, ".ndjson") == NULL) {
			differ(e->d_name, text, len);
			n++;
		} else
			for (p = text; p < text + len; p = nl + 1, n++) {
				if ((nl = memchr(p, '\n', (size_t)(text +
				    len - p))) == NULL)
					nl = text + len;
				differ(e->d_name, p, (size_t)(nl - p));
			}
		free(text);
		free(path);
	}
	closedir(dp);
	free(dir);
	return n;
}

static void
test_differential(void **state)
{
	(void)state;
	assert_true(differ_dir("JSONTestSuite") >= 318);
	assert_true(differ_dir("JSONTestSuite-lines") >= 93);
	assert_true(differ_dir("jansson") >= 100);
	assert_true(differ_dir("shopify") >= 8);
	assert_true(differ_dir("magento") >= 4);
}

static int
teardown(void **state)
{
	(void)state;
	jtree_free(&t);
	return remove_temps(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_added),
		cmocka_unit_test(test_removed_and_moved),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_differential),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
