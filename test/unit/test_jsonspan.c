/*
 * Unit tests of jsonspan: a member cut out of an object's text leaves the
 * exact text expected, a valid object that is the original less that one
 * member; keys are matched after decoding their escapes; values are
 * skipped whole whatever their strings hold. The text is read by jdoc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "jsonspan.h"
#include "xalloc.h"

static struct jdoc d;

/* jsonspan_member of the top object of text, which jdoc must read. */
static int
member(const char *text, size_t len, const char *key, size_t keylen,
    size_t *start, size_t *end)
{
	if (!jdoc_parse(&d, text, len))
		fail_msg("%s: %s", text, d.error);
	return jsonspan_member(&d, 0, key, keylen, start, end);
}

/*
 * text with the member key cut, as jsonspan_member bounds it; NULL when
 * it finds no such member. The rest must parse to the original object
 * less that member: a cut that leaves valid but different JSON fails.
 */
static char *
cut_keyn(const char *text, const char *key, size_t keylen)
{
	size_t len = strlen(text), start = 99, end = 99;
	json_t *whole, *rest;
	char *out;

	if (!member(text, len, key, keylen, &start, &end))
		return NULL;
	assert_true(start < end);
	assert_true(end <= len);
	out = xmalloc(len - (end - start) + 1);
	memcpy(out, text, start);
	memcpy(out + start, text + end, len - end);
	out[len - (end - start)] = '\0';
	whole = parse_json(text);
	rest = parse_json(out);
	assert_int_equal(json_object_del(whole, key), 0);
	assert_true(json_equal(whole, rest));
	json_decref(whole);
	json_decref(rest);
	return out;
}

static char *
cut_key(const char *text, const char *key)
{
	return cut_keyn(text, key, strlen(key));
}

/* That cutting key from text leaves want, exactly. */
#define CUT(text, key, want) do {					\
	char *got_ = cut_key(text, key);				\
									\
	assert_non_null(got_);						\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_compact(void **state)
{
	const char *obj = "{\"a\":1,\"b\":\"x\",\"c\":true}";

	(void)state;
	CUT(obj, "a", "{\"b\":\"x\",\"c\":true}");
	CUT(obj, "b", "{\"a\":1,\"c\":true}");
	CUT(obj, "c", "{\"a\":1,\"b\":\"x\"}");
	CUT("{\"a\":null}", "a", "{}");
	CUT("{\"a\":1,\"b\":2}", "b", "{\"a\":1}");
	CUT("{\"a\":1,\"b\":2}", "a", "{\"b\":2}");
}

static void
test_spaced(void **state)
{
	const char *obj = "{ \"a\" : 1 , \"b\" : [ 2 ] ,\t\"c\" : false }";

	(void)state;
	CUT(obj, "a", "{ \"b\" : [ 2 ] ,\t\"c\" : false }");
	CUT(obj, "b", "{ \"a\" : 1 , \"c\" : false }");
	CUT(obj, "c", "{ \"a\" : 1 , \"b\" : [ 2 ]}");
	CUT(" { \"a\" : -1.5e3 } ", "a", " { } ");
	CUT("{\"a\":1 ,\"b\":2}", "b", "{\"a\":1}");
	CUT("{\"a\":1, \"b\":2}", "a", "{\"b\":2}");
	CUT("{\n\"a\":1,\r\n\"b\":2\n}", "b", "{\n\"a\":1}");
}

static void
test_escaped_keys(void **state)
{
	(void)state;
	CUT("{\"id\":\"1\",\"\\u005f_parentId\":\"p\",\"x\":2}", "__parentId",
	    "{\"id\":\"1\",\"x\":2}");
	CUT("{\"\\u005F\\u005fparent\\u0049d\":\"p\"}", "__parentId", "{}");
	/* U+1F600 as a surrogate pair, and as UTF-8 in the key */
	CUT("{\"a\\ud83d\\ude00b\":1,\"z\":2}", "a\xf0\x9f\x98\x80" "b",
	    "{\"z\":2}");
	CUT("{\"z\":2,\"a\xf0\x9f\x98\x80" "b\":1}", "a\xf0\x9f\x98\x80" "b",
	    "{\"z\":2}");
	CUT("{\"z\":2,\"caf\\u00e9\":1}", "caf\xc3\xa9", "{\"z\":2}");
	CUT("{\"a\\\"b\":1,\"z\":2}", "a\"b", "{\"z\":2}");
	CUT("{\"z\":2,\"a\\\\\":1}", "a\\", "{\"z\":2}");
	CUT("{\"z\":2,\"a\\/b\\n\\t\":1}", "a/b\n\t", "{\"z\":2}");
	CUT("{\"\":1,\"z\":2}", "", "{\"z\":2}");
	/* an escaped key that only looks like the one sought */
	assert_null(cut_key("{\"\\u005f_parentIdX\":1}", "__parentId"));
	assert_null(cut_key("{\"a\\ud83d\\ude00\":1}", "a\xf0\x9f\x98"));
	assert_null(cut_key("{\"a\\\"\":1}", "a\\"));
}

static void
test_nul_in_key(void **state)
{
	const char *t = "{\"a\":2,\"a\\u0000b\":1}";
	size_t s, e;

	(void)state;
	assert_int_equal(member(t, strlen(t), "a\0b", 3, &s, &e), 1);
	assert_int_equal(s, 6);
	assert_int_equal(e, strlen(t) - 1);
	assert_int_equal(member(t, strlen(t), "a", 1, &s, &e), 1);
	assert_int_equal(s, 1);
	assert_int_equal(e, 7);
	assert_int_equal(member(t, strlen(t), "a\0", 2, &s, &e), 0);
}

static void
test_prefix_keys(void **state)
{
	const char *obj = "{\"__parentIdX\":1,\"__parent\":2,"
	    "\"__parentId\":\"p\",\"_\":3}";

	(void)state;
	CUT(obj, "__parentId", "{\"__parentIdX\":1,\"__parent\":2,\"_\":3}");
	CUT(obj, "__parent", "{\"__parentIdX\":1,\"__parentId\":\"p\","
	    "\"_\":3}");
	CUT(obj, "__parentIdX", "{\"__parent\":2,\"__parentId\":\"p\","
	    "\"_\":3}");
	assert_null(cut_key("{\"__parentIdX\":1,\"__parent\":2}",
	    "__parentId"));
	assert_null(cut_key("{\"ab\":1}", "a"));
	assert_null(cut_key("{\"a\":1}", "ab"));
}

static void
test_nested_values(void **state)
{
	/* braces, brackets, quotes and backslashes inside strings */
	const char *obj = "{\"a\":{\"b\":\"}{\\\"\",\"c\":[1,{\"d\":\"]\\\\\"}]},"
	    "\"__parentId\":\"gid://shopify/Order/1\","
	    "\"e\":[\"\\\\\\\"}\",[],{},[[{\"__parentId\":1}]]],"
	    "\"f\":\"\\\\\"}";

	(void)state;
	CUT(obj, "__parentId", "{\"a\":{\"b\":\"}{\\\"\",\"c\":[1,{\"d\":"
	    "\"]\\\\\"}]},\"e\":[\"\\\\\\\"}\",[],{},[[{\"__parentId\":1}]]],"
	    "\"f\":\"\\\\\"}");
	CUT(obj, "a", "{\"__parentId\":\"gid://shopify/Order/1\","
	    "\"e\":[\"\\\\\\\"}\",[],{},[[{\"__parentId\":1}]]],"
	    "\"f\":\"\\\\\"}");
	CUT(obj, "e", "{\"a\":{\"b\":\"}{\\\"\",\"c\":[1,{\"d\":\"]\\\\\"}]},"
	    "\"__parentId\":\"gid://shopify/Order/1\",\"f\":\"\\\\\"}");
	CUT(obj, "f", "{\"a\":{\"b\":\"}{\\\"\",\"c\":[1,{\"d\":\"]\\\\\"}]},"
	    "\"__parentId\":\"gid://shopify/Order/1\","
	    "\"e\":[\"\\\\\\\"}\",[],{},[[{\"__parentId\":1}]]]}");
	/* only top-level members count */
	assert_null(cut_key("{\"a\":{\"__parentId\":\"p\"},"
	    "\"b\":[{\"__parentId\":\"q\"}],\"c\":\"\\\"__parentId\\\":\"}",
	    "__parentId"));
	CUT("{\"a\":[1,2] ,\"b\":{} }", "b", "{\"a\":[1,2]}");
	CUT("{\"a\":[ ] ,\"b\":{ } }", "a", "{\"b\":{ } }");
}

static void
test_absent(void **state)
{
	size_t s = 7, e = 7;

	(void)state;
	assert_int_equal(member("{}", 2, "a", 1, &s, &e), 0);
	assert_int_equal(member(" { } ", 5, "a", 1, &s, &e), 0);
	assert_int_equal(member("{\"b\":1,\"c\":{\"a\":1}}", 19,
	    "a", 1, &s, &e), 0);
	assert_int_equal(s, 7);		/* left alone */
	assert_int_equal(e, 7);
	assert_null(cut_key("{\"A\":1}", "a"));
}

/* A member of an object inside the record: offsets in the line. */
static void
test_inner_object(void **state)
{
	static const char text[] = "{\"x\":{\"a\":1, \"b\":2},\"a\":3}";
	size_t start, end;

	(void)state;
	assert_true(jdoc_parse(&d, text, sizeof(text) - 1));
	assert_int_equal(jsonspan_member(&d, jdoc_get(&d, 0, "x", 1), "b", 1,
	    &start, &end), 1);
	assert_int_equal(start, 11);	/* the comma after 1 */
	assert_int_equal(end, 18);	/* the inner '}' */
	assert_int_equal(jsonspan_member(&d, 0, "a", 1, &start, &end), 1);
	assert_int_equal(start, 19);
	assert_int_equal(end, 25);
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
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_spaced),
		cmocka_unit_test(test_escaped_keys),
		cmocka_unit_test(test_nul_in_key),
		cmocka_unit_test(test_prefix_keys),
		cmocka_unit_test(test_nested_values),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_inner_object),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
