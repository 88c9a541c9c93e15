/*
 * Unit tests of money: decimal text to minor units and back, from JSON and
 * to JSON, never through floating point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonw.h"
#include "money.h"
#include "xalloc.h"

/* s must read as want at scale. */
static void
expect_parse(const char *s, int scale, int64_t want)
{
	int64_t units = 42;

	if (!money_parse(s, strlen(s), scale, &units))
		fail_msg("money_parse(\"%s\", %d) failed", s, scale);
	assert_int_equal(units, want);
}

/* s must be refused at scale, and units left alone. */
static void
expect_refused(const char *s, int scale)
{
	int64_t units = 42;

	if (money_parse(s, strlen(s), scale, &units))
		fail_msg("money_parse(\"%s\", %d) read %lld", s, scale,
		    (long long)units);
	assert_int_equal(units, 42);
}

static void
expect_text(int64_t units, int scale, const char *want)
{
	char buf[MONEY_TEXT_MAX];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(money_text(units, scale, buf), strlen(want));
	assert_string_equal(buf, want);
}

static void
expect_from_json(const char *text, int scale, int64_t want)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
	int64_t units = 42;

	if (v == NULL)
		fail_msg("bad test JSON: %s: %s", jerr.text, text);
	if (!money_from_json(v, scale, &units))
		fail_msg("money_from_json(%s, %d) failed", text, scale);
	assert_int_equal(units, want);
	json_decref(v);
}

static void
expect_from_json_refused(const json_t *v, int scale)
{
	int64_t units = 42;

	assert_int_equal(money_from_json(v, scale, &units), 0);
	assert_int_equal(units, 42);
}

/* A real as jsonw writes it: its shortest round-trip text. */
static void
expect_real(const json_t *v, const char *want)
{
	char text[JSONW_NUMBER_MAX];

	assert_true(json_is_real(v));
	assert_true(json_real_value(v) == strtod(want, NULL));
	jsonw_real_text(json_real_value(v), text);
	assert_string_equal(text, want);
}

static void
test_parse(void **state)
{
	int64_t u = 0;

	(void)state;
	expect_parse("12.34", 2, 1234);
	expect_parse("12", 2, 1200);
	expect_parse("0.5", 2, 50);
	expect_parse("-3.10", 2, -310);
	expect_parse("19.9900", 2, 1999);
	expect_parse("0", 2, 0);
	expect_parse("0.00", 2, 0);
	expect_parse("-0", 2, 0);
	expect_parse("-0.05", 2, -5);
	expect_parse("0.01", 2, 1);
	expect_parse("999.99", 2, 99999);
	expect_parse("1.10000000000000000000", 2, 110);
	/* the length counts, not a NUL */
	assert_int_equal(money_parse("12.345", 4, 2, &u), 1);
	assert_int_equal(u, 1230);
	assert_int_equal(money_parse("7x", 1, 2, &u), 1);
	assert_int_equal(u, 700);
	assert_int_equal(money_parse("7x", 2, 2, &u), 0);
	assert_int_equal(u, 700);
}

static void
test_parse_refused(void **state)
{
	int64_t u = 42;

	(void)state;
	expect_refused("1.001", 2);	/* finer than a minor unit */
	expect_refused("19.9901", 2);
	expect_refused("12.", 2);
	expect_refused(".5", 2);
	expect_refused("-.5", 2);
	expect_refused("+1", 2);
	expect_refused(" 1", 2);
	expect_refused("1 ", 2);
	expect_refused("1. 5", 2);
	expect_refused("", 2);
	expect_refused("1e2", 2);
	expect_refused("1E2", 2);
	expect_refused("1.5e1", 2);
	expect_refused("-", 2);
	expect_refused("--1", 2);
	expect_refused("1-", 2);
	expect_refused("1.2.3", 2);
	expect_refused("1,50", 2);
	expect_refused("0x10", 2);
	expect_refused("abc", 2);
	expect_refused("nan", 2);
	expect_refused("inf", 2);
	expect_refused("\xC2\xA3" "5", 2);	/* a pound sign */
	assert_int_equal(money_parse("1", 0, 2, &u), 0);
	assert_int_equal(u, 42);
}

static void
test_parse_limits(void **state)
{
	(void)state;
	/* int64 holds 9223372036854775807 pence, and no more */
	expect_parse("92233720368547758.07", 2, INT64_MAX);
	expect_parse("92233720368547758", 2, 9223372036854775800);
	expect_parse("-92233720368547758.07", 2, -INT64_MAX);
	expect_refused("92233720368547758.08", 2);
	expect_refused("92233720368547758.09", 2);
	expect_refused("92233720368547759", 2);	/* overflows on the pad */
	expect_refused("92233720368547758.1", 2);
	expect_refused("100000000000000000", 2);
	expect_refused("99999999999999999999", 2);
	expect_refused("99999999999999999999999999999999999999.00", 2);
	expect_refused("-92233720368547758.09", 2);
	expect_parse("9223372036854775807", 0, INT64_MAX);
	expect_refused("9223372036854775808", 0);
	expect_parse("9223372036854.775807", 6, INT64_MAX);
	expect_refused("9223372036854.775808", 6);
	expect_refused("9223372036855", 6);
}

/* int64 holds INT64_MIN too: money_text writes it, money_parse reads it. */
static void
test_parse_int64_min(void **state)
{
	(void)state;
	expect_parse("-92233720368547758.08", 2, INT64_MIN);
	expect_parse("-9223372036854775808", 0, INT64_MIN);
}

static void
test_parse_scales(void **state)
{
	(void)state;
	expect_parse("12", 0, 12);
	expect_parse("12.0", 0, 12);
	expect_parse("12.000", 0, 12);
	expect_parse("-7", 0, -7);
	expect_refused("12.5", 0);
	expect_refused("12.", 0);
	expect_refused("0.01", 0);
	expect_parse("1.5", 6, 1500000);
	expect_parse("0.000001", 6, 1);
	expect_parse("0.0000010", 6, 1);
	expect_parse("-2.123456", 6, -2123456);
	expect_parse("3", 6, 3000000);
	expect_refused("0.0000001", 6);
	expect_refused("1.1234567", 6);
	expect_parse("1.5", 1, 15);
	expect_refused("1.55", 1);
	expect_parse("1.5", 3, 1500);
}

static void
test_from_json(void **state)
{
	int64_t u = 0;
	json_t *v;

	(void)state;
	expect_from_json("\"12.34\"", 2, 1234);
	expect_from_json("\"19.9900\"", 2, 1999);
	expect_from_json("\"-0.05\"", 2, -5);
	expect_from_json("12", 2, 1200);
	expect_from_json("-3", 2, -300);
	expect_from_json("0", 2, 0);
	expect_from_json("12", 0, 12);
	/* a real from its shortest text: 19.99 is 1999, not 1998 */
	expect_from_json("19.99", 2, 1999);
	expect_from_json("0.1", 2, 10);
	expect_from_json("0.29", 2, 29);
	expect_from_json("1.15", 2, 115);
	expect_from_json("4.35", 2, 435);
	expect_from_json("1.005", 3, 1005);
	expect_from_json("5.0", 2, 500);
	expect_from_json("100.0", 2, 10000);
	expect_from_json("-2.5", 2, -250);
	expect_from_json("3.0", 0, 3);
	/* a real built in C, not read from text */
	v = json_real(19.99);
	assert_int_equal(money_from_json(v, 2, &u), 1);
	assert_int_equal(u, 1999);
	json_decref(v);
	v = json_real(0.1 + 0.2);	/* 0.30000000000000004 */
	expect_from_json_refused(v, 2);
	json_decref(v);
}

static void
test_from_json_refused(void **state)
{
	int64_t u = 0;
	json_t *v;

	(void)state;
	expect_from_json_refused(json_null(), 2);
	expect_from_json_refused(json_true(), 2);
	expect_from_json_refused(json_false(), 2);
	v = json_array();
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_object();
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_string("1.001");
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_string("");
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_string("1e2");
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_string(" 5");
	expect_from_json_refused(v, 2);
	json_decref(v);
	/* a NUL inside the string is not the end of it */
	v = json_stringn("5\0" "1", 3);
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_real(0.001);
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_real(12.5);
	expect_from_json_refused(v, 0);
	json_decref(v);
	v = json_integer(INT64_MAX);
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_integer(INT64_MAX / 100 + 1);
	expect_from_json_refused(v, 2);
	json_decref(v);
	v = json_integer(INT64_MAX / 100);
	assert_int_equal(money_from_json(v, 2, &u), 1);
	assert_int_equal(u, INT64_MAX / 100 * 100);
	json_decref(v);
}

static void
test_text(void **state)
{
	(void)state;
	expect_text(0, 2, "0.00");
	expect_text(5, 2, "0.05");
	expect_text(-5, 2, "-0.05");
	expect_text(50, 2, "0.50");
	expect_text(100, 2, "1.00");
	expect_text(-100, 2, "-1.00");
	expect_text(667, 2, "6.67");
	expect_text(1999, 2, "19.99");
	expect_text(123456, 2, "1234.56");
	expect_text(-123456, 2, "-1234.56");
	expect_text(INT64_MAX, 2, "92233720368547758.07");
	expect_text(INT64_MIN, 2, "-92233720368547758.08");
	expect_text(0, 0, "0");
	expect_text(12, 0, "12");
	expect_text(-7, 0, "-7");
	expect_text(INT64_MAX, 0, "9223372036854775807");
	expect_text(INT64_MIN, 0, "-9223372036854775808");
	expect_text(0, 6, "0.000000");
	expect_text(1, 6, "0.000001");
	expect_text(-1, 6, "-0.000001");
	expect_text(1500000, 6, "1.500000");
	expect_text(INT64_MIN, 6, "-9223372036854.775808");
	expect_text(15, 1, "1.5");
	expect_text(5, 1, "0.5");
}

/* What money_text writes, money_parse reads back the same. */
static void
test_round_trip(void **state)
{
	static const int64_t values[] = { 0, 1, -1, 5, -5, 9, 10, 99, 100,
	    101, 1999, -1999, 123456, 1000000, 9999999, INT64_MAX,
	    INT64_MAX - 1, INT64_MIN + 1 };
	char buf[MONEY_TEXT_MAX];
	size_t i, n;
	int scale;

	(void)state;
	for (scale = 0; scale <= MONEY_MAX_SCALE; scale++)
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			int64_t u = 42;

			n = money_text(values[i], scale, buf);
			assert_int_equal(n, strlen(buf));
			assert_int_equal(money_parse(buf, n, scale, &u), 1);
			assert_int_equal(u, values[i]);
		}
}

static void
test_to_json(void **state)
{
	json_t *like_s = json_string("10.00");
	json_t *like_r = json_real(10.0);
	json_t *like_i = json_integer(10);
	json_t *v;
	int64_t u = 0;

	(void)state;
	/* a string stays a string, with the scale's decimals */
	v = money_to_json(667, 2, like_s);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), "6.67");
	json_decref(v);
	v = money_to_json(500, 2, like_s);
	assert_string_equal(json_string_value(v), "5.00");
	json_decref(v);
	v = money_to_json(-5, 2, like_s);
	assert_string_equal(json_string_value(v), "-0.05");
	json_decref(v);
	v = money_to_json(0, 2, like_s);
	assert_string_equal(json_string_value(v), "0.00");
	json_decref(v);
	v = money_to_json(12, 0, like_s);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), "12");
	json_decref(v);
	v = money_to_json(1, 6, like_s);
	assert_string_equal(json_string_value(v), "0.000001");
	json_decref(v);

	/* a real stays a real, the double nearest the decimal */
	v = money_to_json(667, 2, like_r);
	expect_real(v, "6.67");
	json_decref(v);
	v = money_to_json(1999, 2, like_r);
	expect_real(v, "19.99");
	json_decref(v);
	v = money_to_json(10, 2, like_r);
	expect_real(v, "0.1");
	json_decref(v);
	v = money_to_json(500, 2, like_r);
	expect_real(v, "5.0");
	json_decref(v);
	v = money_to_json(-5, 2, like_r);
	expect_real(v, "-0.05");
	json_decref(v);

	/* any other number is a real at scale 2, an integer at scale 0 */
	v = money_to_json(667, 2, like_i);
	expect_real(v, "6.67");
	json_decref(v);
	v = money_to_json(667, 2, NULL);
	expect_real(v, "6.67");
	json_decref(v);
	v = money_to_json(12, 0, like_i);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 12);
	json_decref(v);
	v = money_to_json(12, 0, like_r);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 12);
	json_decref(v);
	v = money_to_json(INT64_MIN, 0, NULL);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), INT64_MIN);
	json_decref(v);

	/* and it reads back as the same amount */
	v = money_to_json(1999, 2, like_r);
	assert_int_equal(money_from_json(v, 2, &u), 1);
	assert_int_equal(u, 1999);
	json_decref(v);
	json_decref(like_s);
	json_decref(like_r);
	json_decref(like_i);
}

/* Every amount of 0.00 to 99.99 as a real reads back as itself. */
static void
test_real_round_trip(void **state)
{
	int64_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		json_t *v = money_to_json(i, 2, NULL);
		int64_t u = -1;

		assert_int_equal(money_from_json(v, 2, &u), 1);
		assert_int_equal(u, i);
		json_decref(v);
	}
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_int64_min),
		cmocka_unit_test(test_parse_scales),
		cmocka_unit_test(test_from_json),
		cmocka_unit_test(test_from_json_refused),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_real_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
