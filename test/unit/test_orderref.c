/*
 * Unit tests of orderref: the text of a reference (a string as it is, an
 * integer's digits, nothing else) and its key (trimmed of spaces and tabs
 * and of one leading '#', never empty), on the references the platforms
 * really send: Shopify's "#1001" and 13-digit ids, GraphQL gids, Magento's
 * "000000101", the WMS's "1001". Texts are compared whole, length and all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orderref.h"
#include "testutil.h"
#include "xalloc.h"

/* A fixture's value, which may be a scalar: in an array, its only
 * element, borrowed from *holder. */
static json_t *
value_of(const char *json, json_t **holder)
{
	char *text = xasprintf("[%s]", json);

	*holder = parse_json(text);
	free(text);
	return json_array_get(*holder, 0);
}

/* The text ref_text gives of a fixture's value, which must be one. */
static void
expect_text(const char *json, const char *want, size_t wantlen)
{
	struct buf out = { NULL, 0, 0 };
	json_t *holder, *ref = value_of(json, &holder);

	assert_int_equal(ref_text(ref, &out), 1);
	assert_int_equal(out.len, wantlen);
	assert_memory_equal(out.p, want, wantlen);
	assert_int_equal(out.p[out.len], '\0');
	json_decref(holder);
	buf_free(&out);
}

static void
expect_no_text(const char *json)
{
	struct buf out = { NULL, 0, 0 };
	json_t *holder, *ref = value_of(json, &holder);

	assert_int_equal(ref_text(ref, &out), 0);
	assert_int_equal(out.len, 0);
	json_decref(holder);
	buf_free(&out);
}

/* The key of a fixture's value; NULL: it has none. */
static void
expect_key(const char *json, const char *want)
{
	struct buf out = { NULL, 0, 0 };
	json_t *holder, *ref = value_of(json, &holder);

	if (want == NULL) {
		assert_int_equal(order_ref_key(ref, &out), 0);
		assert_int_equal(out.len, 0);
	} else {
		assert_int_equal(order_ref_key(ref, &out), 1);
		assert_int_equal(out.len, strlen(want));
		assert_string_equal(out.p, want);
	}
	json_decref(holder);
	buf_free(&out);
}

static void
test_text_string_as_it_is(void **state)
{
	(void)state;
	/* nothing trimmed: that is the key's work */
	expect_text("\"#1001\"", "#1001", 5);
	expect_text("\" 1001 \"", " 1001 ", 6);
	expect_text("\"000000101\"", "000000101", 9);
	expect_text("\"gid://shopify/Order/5510001201\"",
	    "gid://shopify/Order/5510001201", 30);
	/* an empty string is a text, if no key */
	expect_text("\"\"", "", 0);
	/* a NUL inside is kept, by length */
	expect_text("\"10\\u00001\"", "10\0" "1", 4);
}

static void
test_text_integer_digits(void **state)
{
	(void)state;
	expect_text("1001", "1001", 4);
	expect_text("0", "0", 1);
	expect_text("-7", "-7", 2);
	/* a Shopify REST id, beyond 32 bits */
	expect_text("5600000003001", "5600000003001", 13);
	expect_text("9223372036854775807", "9223372036854775807", 19);
	expect_text("-9223372036854775808", "-9223372036854775808", 20);
}

static void
test_text_other_values(void **state)
{
	struct buf out = { NULL, 0, 0 };

	(void)state;
	/* 1001.0 is a real, not an integer's digits */
	expect_no_text("1001.0");
	expect_no_text("null");
	expect_no_text("true");
	expect_no_text("false");
	expect_no_text("[\"#1001\"]");
	expect_no_text("{\"name\":\"#1001\"}");
	/* an absent member */
	assert_int_equal(ref_text(NULL, &out), 0);
	buf_free(&out);
}

static void
test_key_edge_cases(void **state)
{
	(void)state;
	/* the two spellings of one order, and its number */
	expect_key("\"#1001\"", "1001");
	expect_key("\"1001\"", "1001");
	expect_key("1001", "1001");
	/* white space: spaces and tabs, at both ends */
	expect_key("\" 1001 \"", "1001");
	expect_key("\"\\t#1001  \"", "1001");
	expect_key("\"  #1001\\t\"", "1001");
	/* inside, nothing is touched */
	expect_key("\"#10 01\"", "10 01");
	/* one '#' only, and only leading */
	expect_key("\"##1001\"", "#1001");
	expect_key("\"1001#\"", "1001#");
	expect_key("\"#\"", NULL);
	expect_key("\" # \"", NULL);
	/* empty */
	expect_key("\"\"", NULL);
	expect_key("\"   \"", NULL);
	expect_key("\"\\t\"", NULL);
}

static void
test_key_integers(void **state)
{
	(void)state;
	expect_key("0", "0");
	expect_key("-1001", "-1001");
	expect_key("5600000003001", "5600000003001");
}

static void
test_key_platform_references(void **state)
{
	(void)state;
	/* Magento's increment_id keeps its zeros: it is text */
	expect_key("\"000000101\"", "000000101");
	/* a GraphQL id is a reference as it is */
	expect_key("\"gid://shopify/Order/5510001201\"",
	    "gid://shopify/Order/5510001201");
	/* Clarus's reference, as the integration wrote it */
	expect_key("\"SO-1001\"", "SO-1001");
}

static void
test_key_no_value(void **state)
{
	struct buf out = { NULL, 0, 0 };

	(void)state;
	expect_key("null", NULL);
	expect_key("1001.5", NULL);
	expect_key("false", NULL);
	expect_key("[1001]", NULL);
	expect_key("{}", NULL);
	assert_int_equal(order_ref_key(NULL, &out), 0);
	buf_free(&out);
}

/* One buffer from record to record: a key never keeps a longer one's
 * bytes, and the text is NUL-terminated at its length. */
static void
test_key_buffer_reused(void **state)
{
	struct buf out = { NULL, 0, 0 };
	json_t *a = json_string("  #gid://shopify/Order/5510001201  ");
	json_t *b = json_string("#7");
	json_t *c = json_integer(42);
	json_t *d = json_string(" ");

	(void)state;
	assert_int_equal(order_ref_key(a, &out), 1);
	assert_string_equal(out.p, "gid://shopify/Order/5510001201");
	assert_int_equal(order_ref_key(b, &out), 1);
	assert_int_equal(out.len, 1);
	assert_string_equal(out.p, "7");
	assert_int_equal(order_ref_key(c, &out), 1);
	assert_string_equal(out.p, "42");
	assert_int_equal(order_ref_key(d, &out), 0);
	assert_int_equal(out.len, 0);
	assert_string_equal(out.p, "");
	/* and ref_text after a key: the text whole again */
	assert_int_equal(ref_text(b, &out), 1);
	assert_string_equal(out.p, "#7");
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(d);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_string_as_it_is),
		cmocka_unit_test(test_text_integer_digits),
		cmocka_unit_test(test_text_other_values),
		cmocka_unit_test(test_key_edge_cases),
		cmocka_unit_test(test_key_integers),
		cmocka_unit_test(test_key_platform_references),
		cmocka_unit_test(test_key_no_value),
		cmocka_unit_test(test_key_buffer_reused),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
