/*
 * jsonw: compact JSON, exact integers, shortest round-tripping reals.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "jsonw.h"
#include "testutil.h"
#include "writer.h"

/* What one writer run put on its descriptor. */
struct out {
	char text[8192];
	size_t len;
};

static struct writer w;
static int rfd;

/* A writer on a pipe, read back by collect(). */
static void
start(void)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	rfd = fds[0];
	writer_open(&w, fds[1], "pipe");
}

/* Ends the record, closes the writer, reads all it wrote. */
static void
collect(struct out *o)
{
	ssize_t n;

	writer_end_record(&w);
	writer_close(&w);
	o->len = 0;
	while ((n = read(rfd, o->text + o->len,
	    sizeof(o->text) - 1 - o->len)) > 0)
		o->len += (size_t)n;
	assert_int_equal(n, 0);
	close(rfd);
	/* one record: the text and its '\n', nothing after */
	assert_true(o->len > 0);
	assert_int_equal(o->text[o->len - 1], '\n');
	o->text[--o->len] = '\0';
}

static void
assert_string_out(const char *s, size_t len, const char *want)
{
	struct out o;

	start();
	jsonw_string(&w, s, len);
	collect(&o);
	assert_int_equal(o.len, strlen(want));
	assert_string_equal(o.text, want);
}

/* Parses text, writes it back with jsonw_value, compares with want. */
static void
assert_json_out(const char *text, const char *want)
{
	json_error_t error;
	json_t *v;
	struct out o;

	v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
	if (v == NULL)
		fail_msg("%s: %s", text, error.text);
	start();
	jsonw_value(&w, v);
	collect(&o);
	json_decref(v);
	assert_int_equal(o.len, strlen(want));
	assert_string_equal(o.text, want);
}

/* Significant digits in a %g-style text: leading and trailing 0s aside. */
static int
sig_digits(const char *s)
{
	const char *first = NULL, *last = NULL;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s != '0') {
			if (first == NULL)
				first = s;
			last = s;
		}
	}
	if (first == NULL)
		return 1;
	return (int)(last - first) + 1 - (memchr(first, '.',
	    (size_t)(last - first)) != NULL);
}

/*
 * The text reads back as d, keeps a real's look, and no text of fewer
 * significant digits reads back as d.
 */
static void
assert_real_ok(double d, const char *text, size_t len)
{
	char shorter[64];
	double back;
	int digits;

	assert_int_equal(len, strlen(text));
	assert_true(len < JSONW_NUMBER_MAX);
	back = strtod(text, NULL);
	if (back != d || signbit(back) != signbit(d))
		fail_msg("%s reads back as %.17g, not %.17g", text, back, d);
	if (strpbrk(text, ".e") == NULL)
		fail_msg("%s does not look like a real", text);
	digits = sig_digits(text);
	if (digits > 1) {
		if (snprintf(shorter, sizeof(shorter), "%.*g", digits - 1,
		    d) >= (int)sizeof(shorter))
			fail_msg("%s: no room for a shorter text", text);
		if (strtod(shorter, NULL) == d)
			fail_msg("%s is not the shortest: %s", text, shorter);
	}
}

static void
test_real_text(void **state)
{
	static const struct {
		double d;
		const char *text;
	} cases[] = {
		{ 19.99, "19.99" },
		{ 0.1, "0.1" },
		{ 1.0, "1.0" },
		{ 100.0, "100.0" },
		{ 1e300, "1e+300" },
		{ 5e-324, "5e-324" },
		{ -0.0, "-0.0" },
		{ 0.0, "0.0" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ 123456.789, "123456.789" },
		{ -2.5, "-2.5" },
		{ 1e21, "1e+21" },
		{ DBL_MAX, "1.7976931348623157e+308" },
		{ DBL_MIN, "2.2250738585072014e-308" },
		{ 1e-310, "1e-310" },	/* subnormal */
	};
	char buf[JSONW_NUMBER_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'X', sizeof(buf));
		n = jsonw_real_text(cases[i].d, buf);
		assert_string_equal(buf, cases[i].text);
		assert_real_ok(cases[i].d, buf, n);
	}
}

/* Doubles from all over the range, subnormals included. */
static void
test_real_text_sweep(void **state)
{
	char buf[JSONW_NUMBER_MAX];
	uint64_t x = 88172645463325252ULL, bits;
	double d;
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		bits = test_random(&x);
		if (i % 4 == 0)		/* exponent 0: subnormal */
			bits &= 0x800FFFFFFFFFFFFFULL;
		else if (i % 4 == 1)	/* a few decimal digits */
			bits = 0;
		memcpy(&d, &bits, sizeof(d));
		if (i % 4 == 1)
			d = (double)(x % 1000000) / 100.0;
		if (!isfinite(d))
			continue;
		assert_real_ok(d, buf, jsonw_real_text(d, buf));
	}
}

static void
test_integer_text(void **state)
{
	static const struct {
		json_int_t i;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ -1, "-1" },
		{ 7, "7" },
		{ 10, "10" },
		{ -100, "-100" },
		{ INT64_MAX, "9223372036854775807" },
		{ INT64_MIN, "-9223372036854775808" },
	};
	char buf[JSONW_NUMBER_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'X', sizeof(buf));
		assert_int_equal(jsonw_integer_text(cases[i].i, buf),
		    strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
	}
}

static void
test_string_escapes(void **state)
{
	(void)state;
	assert_string_out("", 0, "\"\"");
	assert_string_out("plain", 5, "\"plain\"");
	assert_string_out("a\"b", 3, "\"a\\\"b\"");
	assert_string_out("\\", 1, "\"\\\\\"");
	assert_string_out("\n\t\b\f\r", 5, "\"\\n\\t\\b\\f\\r\"");
	assert_string_out("\x01", 1, "\"\\u0001\"");
	assert_string_out("\x1f", 1, "\"\\u001f\"");
	assert_string_out("a\0b", 3, "\"a\\u0000b\"");
	assert_string_out("\0", 1, "\"\\u0000\"");
	assert_string_out("x\ny\"", 4, "\"x\\ny\\\"\"");
	/* no other escapes: '/' and ' ' stay */
	assert_string_out("a/b c", 5, "\"a/b c\"");
}

static void
test_string_utf8_raw(void **state)
{
	(void)state;
	assert_string_out("caf\u00E9", 5, "\"caf\u00E9\"");
	assert_string_out("\u20AC \U0001F600", 8, "\"\u20AC \U0001F600\"");
	/* U+2028 and U+2029 are valid in JSON strings as they are */
	assert_string_out("a\u2028b\u2029", 8, "\"a\u2028b\u2029\"");
	/* only len bytes */
	assert_string_out("abcdef", 3, "\"abc\"");
}

static void
test_value_order_compact(void **state)
{
	(void)state;
	/* keys stay in the order read, not sorted */
	assert_json_out("{\"z\":1,\"a\":[true,false,null],\"m\":{\"k\":\"v\"}}",
	    "{\"z\":1,\"a\":[true,false,null],\"m\":{\"k\":\"v\"}}");
	/* white space goes */
	assert_json_out(" { \"b\" : 1 ,\n\t\"a\" : [ 1 , 2 ] , \"c\" : { } } ",
	    "{\"b\":1,\"a\":[1,2],\"c\":{}}");
	/* escapes in, raw UTF-8 out */
	assert_json_out("\"caf\\u00e9 \\u2028 \\/\"", "\"caf\u00E9 \u2028 /\"");
	/* reals stay reals, integers stay integers */
	assert_json_out("[1,1.0,1e2,-0.0,19.99]", "[1,1.0,100.0,-0.0,19.99]");
}

static void
test_value_round_trip(void **state)
{
	static const char *docs[] = {
		"{}",
		"[]",
		"[[],{},[[]],[{}]]",
		"{\"a\":{\"b\":{\"c\":[1,[2,[3,[]]]]}}}",
		"[true,false,null]",
		"{\"t\":true,\"f\":false,\"n\":null}",
		"9223372036854775807",
		"-9223372036854775808",
		"[0,-1,9223372036854775807,-9223372036854775808]",
		"\"a\\u0000b\"",
		"{\"\":\"\"}",
		"\"tab\\there \\\"q\\\" \\\\ \\n\\r\\b\\f\\u0001\"",
		"{\"price\":19.99,\"tax\":0.1,\"n\":100.0,\"big\":1e+300,"
		    "\"tiny\":5e-324}",
		"{\"id\":1001,\"line_items\":[{\"sku\":\"AB-1\",\"quantity\":2,"
		    "\"price\":\"19.99\"},{\"sku\":null}],\"tags\":\"\"}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		assert_json_out(docs[i], docs[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_text),
		cmocka_unit_test(test_real_text_sweep),
		cmocka_unit_test(test_integer_text),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_string_utf8_raw),
		cmocka_unit_test(test_value_order_compact),
		cmocka_unit_test(test_value_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
