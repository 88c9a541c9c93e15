/*
 * Unit tests of jdoc: every JSONTestSuite y_ file is read and every n_
 * file refused (the project's copy in test/fuzz/corpus), i_ files as
 * jansson reads them but for numbers it cannot hold; a refusal says where
 * and why; members are found by decoded key and skipped whole; strings
 * decode exactly; integers are read only where they fit.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "jdoc.h"
#include "xalloc.h"

static struct jdoc d;

static void
parses(const char *text)
{
	if (!jdoc_parse(&d, text, strlen(text)))
		fail_msg("%s: refused at %zu: %s", text, d.error_at, d.error);
}

static void
refused(const char *text, size_t at, const char *error)
{
	if (jdoc_parse(&d, text, strlen(text)))
		fail_msg("%s: accepted", text);
	assert_string_equal(d.error, error);
	assert_int_equal(d.error_at, at);
}

/* The text of node i. */
static char *
text_of(size_t i)
{
	static char out[256];
	size_t len;
	const char *p = jdoc_text(&d, i, &len);

	snprintf(out, sizeof(out), "%.*s", (int)len, p);
	return out;
}

static void
test_nodes(void **state)
{
	(void)state;
	parses(" {\"a\" : [1, 2.50, {\"b\":null}], \"c\":\"x\\ny\", \"e\":{}}\t");
	assert_int_equal(d.n, 12);
	assert_int_equal(jdoc_type(&d, 0), JDOC_OBJECT);
	assert_string_equal(text_of(0), "{\"a\" : [1, 2.50, {\"b\":null}], "
	    "\"c\":\"x\\ny\", \"e\":{}}");
	assert_string_equal(text_of(1), "\"a\"");
	assert_int_equal(jdoc_type(&d, 2), JDOC_ARRAY);
	assert_string_equal(text_of(2), "[1, 2.50, {\"b\":null}]");
	assert_int_equal(d.node[2].after, 8);
	assert_string_equal(text_of(4), "2.50");	/* as it came */
	assert_int_equal(d.node[3].integer, 1);
	assert_int_equal(d.node[4].integer, 0);
	assert_int_equal(jdoc_type(&d, 7), JDOC_NULL);
	assert_int_equal(d.node[9].escaped, 1);
	assert_int_equal(d.node[8].escaped, 0);
	assert_string_equal(text_of(11), "{}");
	assert_int_equal(d.node[0].after, 12);
	/* scalars alone, and the memory reused */
	parses("true");
	assert_int_equal(d.n, 1);
	assert_int_equal(jdoc_type(&d, 0), JDOC_TRUE);
	parses("-0.0e+5");
	assert_int_equal(jdoc_type(&d, 0), JDOC_NUMBER);
	assert_string_equal(text_of(0), "-0.0e+5");
}

static void
test_walk(void **state)
{
	size_t v, a;

	(void)state;
	parses("{\"a\":[1,[2,3],{\"x\":[]},4],\"b\":{},\"c\":[]}");
	v = jdoc_first(&d, 0);
	assert_string_equal(text_of(v - 1), "\"a\"");
	a = v;
	assert_int_equal(jdoc_size(&d, a), 4);
	v = jdoc_first(&d, a);
	assert_string_equal(text_of(v), "1");
	v = jdoc_next(&d, a, v);
	assert_string_equal(text_of(v), "[2,3]");
	v = jdoc_next(&d, a, v);
	assert_string_equal(text_of(v), "{\"x\":[]}");
	v = jdoc_next(&d, a, v);
	assert_string_equal(text_of(v), "4");
	assert_int_equal(jdoc_next(&d, a, v), JDOC_NONE);
	v = jdoc_next(&d, 0, a);
	assert_string_equal(text_of(v - 1), "\"b\"");
	assert_int_equal(jdoc_first(&d, v), JDOC_NONE);
	assert_int_equal(jdoc_size(&d, v), 0);
	v = jdoc_next(&d, 0, v);
	assert_string_equal(text_of(v), "[]");
	assert_int_equal(jdoc_next(&d, 0, v), JDOC_NONE);
	assert_int_equal(jdoc_size(&d, 0), 3);
	assert_string_equal(text_of(jdoc_at(&d, a, 3)), "4");
	assert_int_equal(jdoc_at(&d, a, 4), JDOC_NONE);
	assert_int_equal(jdoc_at(&d, 0, 0), JDOC_NONE);	/* not an array */
	assert_int_equal(jdoc_first(&d, jdoc_first(&d, a)), JDOC_NONE);
}

static void
test_get(void **state)
{
	(void)state;
	parses("{\"sku\":\"A\",\"\\u005f_id\":1,\"s\\u006Bu_\":2,"
	    "\"n\":{\"sku\":4},\"\":5,\"a\\u0000b\":6}");
	assert_string_equal(text_of(jdoc_get(&d, 0, "sku_", 4)), "2");
	assert_string_equal(text_of(jdoc_get(&d, 0, "sku", 3)), "\"A\"");
	assert_string_equal(text_of(jdoc_get(&d, 0, "__id", 4)), "1");
	assert_string_equal(text_of(jdoc_get(&d, 0, "", 0)), "5");
	assert_string_equal(text_of(jdoc_get(&d, 0, "a\0b", 3)), "6");
	assert_int_equal(jdoc_get(&d, 0, "a", 1), JDOC_NONE);
	assert_int_equal(jdoc_get(&d, 0, "sk", 2), JDOC_NONE);
	assert_int_equal(jdoc_get(&d, 0, "skus", 4), JDOC_NONE);
	assert_int_equal(jdoc_get(&d, jdoc_get(&d, 0, "sku", 3), "x", 1),
	    JDOC_NONE);
	assert_string_equal(text_of(jdoc_get(&d, jdoc_get(&d, 0, "n", 1),
	    "sku", 3)), "4");
}

/* A key twice in one object is refused, as the kit's jansson reading
 * did: few members or many, escaped or not; twice in two objects is not. */
static void
test_repeated_key(void **state)
{
	struct buf b = { NULL, 0, 0 };
	int i;

	(void)state;
	refused("{\"a\":1,\"b\":2,\"a\":3}", 13, "a key that the object "
	    "has already");
	refused("{\"a\":1,\"\\u0061\":2}", 7, "a key that the object has "
	    "already");
	refused("[{\"x\":{\"k\":1,\"k\":[]}}]", 13, "a key that the "
	    "object has already");
	parses("{\"a\":{\"a\":1},\"b\":{\"a\":2},\"A\":0,\"a\\u0000\":1}");
	buf_adds(&b, "{");
	for (i = 0; i < 40; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_adds(&b, "}");
	parses(b.p);
	b.len--;
	buf_adds(&b, ",\"k\\u00317\":0}");	/* k17 again */
	refused(b.p, b.len - 13, "a key that the object has already");
	buf_free(&b);
}

static void
test_strings(void **state)
{
	struct buf scratch = { NULL, 0, 0 };
	const char *s;
	size_t len;

	(void)state;
	parses("[\"plain é\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\u20AC"
	    "\\ud83d\\ude00\",\"\\u0000x\",\"\",7]");
	s = jdoc_string(&d, 1, &scratch, &len);
	assert_int_equal(len, 8);
	assert_memory_equal(s, "plain \xc3\xa9", 8);
	assert_ptr_equal(s, d.text + 2);	/* in place */
	s = jdoc_string(&d, 2, &scratch, &len);
	assert_int_equal(len, 8);
	assert_memory_equal(s, "\"\\/\b\f\n\r\t", 8);
	s = jdoc_string(&d, 3, &scratch, &len);
	assert_int_equal(len, 2 + 3 + 4);
	assert_memory_equal(s, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	assert_true(jdoc_string_is(&d, 3, "\xc3\xa9\xe2\x82\xac"
	    "\xf0\x9f\x98\x80", 9));
	assert_false(jdoc_string_is(&d, 3, "\xc3\xa9", 2));
	s = jdoc_string(&d, 4, &scratch, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(s, "\0x", 2);
	s = jdoc_string(&d, 5, &scratch, &len);
	assert_int_equal(len, 0);
	assert_null(jdoc_string(&d, 6, &scratch, &len));
	assert_false(jdoc_string_is(&d, 6, "7", 1));
	buf_free(&scratch);
}

static void
test_int64(void **state)
{
	static const char *const fits[] = { "0", "-0", "7", "-12",
	    "9223372036854775807", "-9223372036854775808" };
	static const char *const not[] = { "9223372036854775808",
	    "-9223372036854775809", "1.0", "1e2", "12345678901234567890123",
	    "\"1\"", "null" };
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fits) / sizeof(fits[0]); i++) {
		parses(fits[i]);
		assert_true(jdoc_int64(&d, 0, &v));
		assert_int_equal(v, strtoll(fits[i], NULL, 10));
	}
	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++) {
		parses(not[i]);
		v = 99;
		assert_false(jdoc_int64(&d, 0, &v));
		assert_int_equal(v, 99);
	}
	/* any number is valid JSON, carried as its text */
	parses("[1e400,-1.5e-999,123456789012345678901234567890]");
	assert_string_equal(text_of(3), "123456789012345678901234567890");
}

/* The first value of a text that goes on: where it ends. */
static void
test_first(void **state)
{
	static const char text[] = "{\"a\":[1,{}]} ,\"rest\":[cut";
	size_t end = 0;

	(void)state;
	assert_true(jdoc_parse_first(&d, text, sizeof(text) - 1, &end));
	assert_int_equal(end, 12);
	assert_int_equal(d.n, 5);
	assert_int_equal(jdoc_type(&d, 0), JDOC_OBJECT);
	assert_true(jdoc_parse_first(&d, "12x", 3, &end));
	assert_int_equal(end, 2);
	assert_false(jdoc_parse_first(&d, "{\"a\":[1,", 8, &end));
	assert_string_equal(d.error,
	    "the line ends before the value does (cut short?)");
}

static void
test_refused(void **state)
{
	(void)state;
	refused("", 0, "a value expected");
	refused("  ", 2, "a value expected");
	refused("{", 1, "the line ends before the value does (cut short?)");
	refused("{\"a\"}", 4, "':' expected");
	refused("{\"a\":1,}", 7, "a string key expected");
	refused("{\"a\":1 \"b\":2}", 7, "',' or '}' expected");
	refused("[1,]", 3, "a value expected");
	refused("[1 2]", 3, "',' or ']' expected");
	refused("[1", 2, "the line ends before the value does (cut short?)");
	refused("{} x", 3, "the end of the line expected after the value");
	refused("01", 1, "the end of the line expected after the value");
	refused("[-]", 1, "a value expected");
	refused("1.", 2, "the line ends before the value does (cut short?)");
	refused("1e+", 3, "the line ends before the value does (cut short?)");
	refused("tru", 0, "a value expected");
	refused("nul", 0, "a value expected");
	refused("\"abc", 4, "the line ends inside a string");
	refused("\"a\\", 3, "the line ends inside a string");
	refused("\"a\tb\"", 2, "a control character in a string (JSON "
	    "writes it as \\u00XX)");
	refused("\"\\x\"", 1, "an escape that is not JSON's");
	refused("\"\\u12G4\"", 1, "an escape that is not JSON's");
	refused("\"\\udc00\"", 1, "a lone low surrogate escape");
	refused("\"\\ud800\"", 1, "a high surrogate escape without its low "
	    "one");
	refused("\"\\ud800\\u0041\"", 1, "a high surrogate escape without "
	    "its low one");
	refused("\"\xc3\"", 1, "invalid UTF-8");
	refused("\"\xed\xa0\x80\"", 1, "invalid UTF-8");	/* a surrogate */
	refused("\xef\xbb\xbf{}", 0, "a value expected");	/* a BOM */
	refused("'a'", 0, "a value expected");
	refused("[NaN]", 1, "a value expected");
	/* a NUL ends nothing: it is a byte that JSON does not allow */
	assert_false(jdoc_parse(&d, "{}\0", 3));
	assert_int_equal(d.error_at, 2);
	assert_false(jdoc_parse(&d, "\"a\0\"", 4));
	assert_int_equal(d.error_at, 2);
	/* the text ends where len says, not at a NUL */
	assert_true(jdoc_parse(&d, "123", 2));
	assert_string_equal(text_of(0), "12");
	assert_false(jdoc_parse(&d, "[1]", 2));
}

static void
test_depth(void **state)
{
	char text[2 * JDOC_MAX_DEPTH + 3];
	size_t n;

	(void)state;
	for (n = JDOC_MAX_DEPTH; n <= JDOC_MAX_DEPTH + 1; n++) {
		memset(text, '[', n);
		memset(text + n, ']', n);
		if (n == JDOC_MAX_DEPTH) {
			if (!jdoc_parse(&d, text, 2 * n))
				fail_msg("%zu: %s", d.error_at, d.error);
			assert_int_equal(d.n, n);
			assert_int_equal(d.node[0].after, n);
		} else {
			assert_false(jdoc_parse(&d, text, 2 * n));
			assert_string_equal(d.error, "nested deeper than 2048 "
			    "levels");
			assert_int_equal(d.error_at, JDOC_MAX_DEPTH);
		}
	}
}

/*
 * The suite's files: y_ read, n_ refused; an i_ file is read exactly
 * when jansson reads it, or when jansson refuses it only for a number
 * it cannot hold (the i_number_ files). The two y_ files with a key twice
 * are refused: the kit holds such records (jdoc.h says why).
 */
static void
test_json_test_suite(void **state)
{
	const char *dir = SRCDIR "/test/fuzz/corpus/ndjson/JSONTestSuite";
	struct dirent *e;
	DIR *dp = opendir(dir);
	size_t y = 0, n = 0;

	(void)state;
	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		char *path, *text;
		size_t len;
		json_error_t err;
		json_t *v;
		int ok, want;

		if (e->d_name[1] != '_')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		text = read_whole(path, &len);
		ok = jdoc_parse(&d, text, len);
		switch (e->d_name[0]) {
		case 'y':
			want = strstr(e->d_name, "duplicated_key") == NULL;
			y++;
			break;
		case 'n':
			want = 0;
			n++;
			break;
		default:
			v = json_loadb(text, len, JSON_DECODE_ANY |
			    JSON_ALLOW_NUL, &err);
			want = v != NULL || strncmp(e->d_name, "i_number_",
			    9) == 0;
			json_decref(v);
			break;
		}
		if (ok != want)
			fail_msg("%s: %s", e->d_name, ok ? "accepted" :
			    d.error);
		free(text);
		free(path);
	}
	closedir(dp);
	assert_true(y >= 95);
	assert_true(n >= 188);
}

static int
teardown(void **state)
{
	(void)state;
	jdoc_free(&d);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_repeated_key),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_int64),
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_json_test_suite),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
