/*
 * isotime: times read as timegm(3) reads their fields, every day from
 * 0000-01-01 to 9999-12-31 read back from its iso_date; offsets, a given
 * zone and fractions applied as RFC 3339 says; impossible dates, times
 * and zones, and any text around them, refused; durations summed exactly
 * and refused where they would overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "isotime.h"
#include "testutil.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct time_case {
	const char *text;
	int64_t t;
};

/* Each text is a time, the one given. */
static void
assert_times(const struct time_case *c, size_t n)
{
	int64_t t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = 42;
		if (!iso_time(c[i].text, strlen(c[i].text), &t))
			fail_msg("not a time: '%s'", c[i].text);
		assert_int_equal(t, c[i].t);
	}
}

/* No text is a time. */
static void
assert_not_times(const char *const *text, size_t n)
{
	int64_t t;
	size_t i;

	for (i = 0; i < n; i++)
		if (iso_time(text[i], strlen(text[i]), &t))
			fail_msg("a time: '%s'", text[i]);
}

static void
test_times(void **state)
{
	static const struct time_case c[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1969-12-31T23:59:59Z", -1 },
		{ "2026-11-26T09:12:44Z", 1795684364 },
		/* the ends of four digits */
		{ "0000-01-01T00:00:00Z", -62167219200 },
		{ "9999-12-31T23:59:59Z", 253402300799 },
		/* a date alone is its midnight UTC; seconds may be left out */
		{ "2026-11-26", 1795651200 },
		{ "2026-11-26T09:12Z", 1795684320 },
		/* t, z and a space as RFC 3339 allows */
		{ "2026-11-26t09:12:44z", 1795684364 },
		{ "2026-11-26 09:12:44Z", 1795684364 },
		/* a leap second is the first second of the next minute */
		{ "2016-12-31T23:59:60Z", 1483228800 },
	};

	(void)state;
	assert_times(c, NITEMS(c));
}

static void
test_fractions(void **state)
{
	static const struct time_case c[] = {
		/* cut, not rounded, also before the epoch */
		{ "2026-11-26T09:12:44.999Z", 1795684364 },
		{ "2026-11-26T09:12:44,5Z", 1795684364 },
		{ "2026-11-26T09:12:44.123456789+01:00", 1795684364 - 3600 },
		{ "1969-12-31T23:59:59.9Z", -1 },
	};
	static const char *const bad[] = {
		"2026-11-26T09:12.5Z",		/* only of a second */
		"2026-11-26T09:12:44.5",	/* still no zone */
		"2026-11-26T09:12:44.5 Z",
		"2026-11-26T09:12:44.",
	};

	(void)state;
	assert_times(c, NITEMS(c));
	assert_not_times(bad, NITEMS(bad));
}

/* A decimal sign with no digit after it is no fraction: ISO 8601 wants
 * at least one digit there. */
static void
test_empty_fraction(void **state)
{
	static const char *const bad[] = { "2026-11-26T09:12:44.Z",
	    "2026-11-26T09:12:44,+01:00" };

	(void)state;
	assert_not_times(bad, NITEMS(bad));
}

static void
test_offsets(void **state)
{
	static const struct time_case c[] = {
		{ "2026-11-26T10:12:44+01:00", 1795684364 },
		{ "2026-11-26T10:12:44+0100", 1795684364 },
		{ "2026-11-26T03:42:44-05:30", 1795684364 },
		{ "2026-11-26T09:12:44+00:00", 1795684364 },
		{ "2026-11-26T09:12:44-00:00", 1795684364 },
		{ "2026-11-26T10:12+01:00", 1795684320 },
		/* across a day and a year */
		{ "2027-01-01T00:30:00+01:00", 1798759800 },
		{ "2026-12-31T23:59:00-23:59", 1798847880 },
	};
	static const char *const bad[] = { "2026-11-26T09:12:44+24:00",
	    "2026-11-26T09:12:44+01:60", "2026-11-26T09:12:44+01",
	    "2026-11-26T09:12:44+1:00", "2026-11-26T09:12:44+01:0",
	    "2026-11-26T09:12:44+01:00:00", "2026-11-26T09:12:44 +01:00",
	    "2026-11-26T09:12:44UTC", "2026-11-26T09:12:44ZZ" };

	(void)state;
	assert_times(c, NITEMS(c));
	assert_not_times(bad, NITEMS(bad));
}

static void
test_given_zone(void **state)
{
	static const char magento[] = "2026-11-27 05:55:00";
	int64_t east = 3600, west = -18000, utc = 0, t;

	(void)state;
	/* no zone written and none given: refused, never local time */
	assert_false(iso_time(magento, strlen(magento), &t));
	assert_false(iso_time_in(magento, strlen(magento), NULL, &t));
	assert_true(iso_time_in(magento, strlen(magento), &utc, &t));
	assert_int_equal(t, 1795758900);
	assert_true(iso_time_in(magento, strlen(magento), &east, &t));
	assert_int_equal(t, 1795758900 - 3600);
	assert_true(iso_time_in(magento, strlen(magento), &west, &t));
	assert_int_equal(t, 1795758900 + 18000);
	/* a zone written wins over the one given */
	assert_true(iso_time_in("2026-11-27 05:55:00Z", 20, &east, &t));
	assert_int_equal(t, 1795758900);
	assert_true(iso_time_in("2026-11-27 05:55:00-01:00", 25, &east, &t));
	assert_int_equal(t, 1795758900 + 3600);
	/* a date alone stays its midnight UTC */
	assert_true(iso_time_in("2026-11-27", 10, &east, &t));
	assert_int_equal(t, 1795737600);
}

static void
test_leap_years(void **state)
{
	static const struct time_case c[] = {
		{ "2024-02-29", 1709164800 },
		{ "2024-03-01", 1709164800 + 86400 },
		{ "2023-03-01", 1677628800 },
		{ "2000-02-29T12:00:00Z", 951825600 },
		{ "2400-02-29", 13574563200 },
		{ "2400-03-01", 13574563200 + 86400 },
		{ "0000-02-29", -62162121600 },
		{ "0000-03-01", -62162121600 + 86400 },
	};
	static const char *const bad[] = { "2023-02-29", "1900-02-29",
	    "2100-02-29", "2024-02-30" };

	(void)state;
	assert_times(c, NITEMS(c));
	assert_not_times(bad, NITEMS(bad));
}

static void
test_bad_text(void **state)
{
	static const char *const bad[] = { "", "2026", "2026-11", "2026-11-",
	    "2026-1-26", "2026-11-6", "26-11-26", "20261126", "+2026-11-26",
	    "-0001-12-31", "10000-01-01", " 2026-11-26", "2026-11-26 ",
	    "2026-11-26T", "2026-11-26T09", "2026-11-26T09:",
	    "2026-11-26T9:12Z", "2026-11-26T09:1Z", "2026-11-26T09:12:4Z",
	    "2026-11-26X09:12:44Z",
	    "2026-11-26T09:12:44", "2026-11-26T09:12:44Zx",
	    "2026-11-26T09:12:44Z\n", "2026/11/26", "２０２６-11-26",
	    "2026-00-26", "2026-13-01", "2026-11-00", "2026-11-31",
	    "2026-04-31", "2026-12-32", "2026-11-26T24:00:00Z",
	    "2026-11-26T23:60:00Z", "2026-11-26T23:59:61Z",
	    "2026-11-26T-1:00:00Z", "2026-11-26T0x:00:00Z" };
	(void)state;
	assert_not_times(bad, NITEMS(bad));
}

static void
test_length(void **state)
{
	static const char s[] = "2026-11-26T09:12:44Zjunk\0Z";
	int64_t t = 0;

	(void)state;
	/* a span of a record: what follows it is not read */
	assert_true(iso_time(s, 20, &t));
	assert_int_equal(t, 1795684364);
	assert_true(iso_time(s, 10, &t));
	assert_int_equal(t, 1795651200);
	assert_false(iso_time(s, 19, &t));	/* no zone in the span */
	assert_false(iso_time(s, 9, &t));
	assert_false(iso_time(s, 0, &t));
	/* a NUL inside the span is text, not an end */
	assert_false(iso_time("2026-11-26\0", 11, &t));
}

/*
 * Every day of the four-digit years: iso_date writes it, iso_time reads it
 * back to the same midnight, and the next day is 86400 seconds on; a time
 * in the day has the day's date.
 */
static void
test_every_day(void **state)
{
	int64_t t, back;
	char date[11], prev[11] = "";

	(void)state;
	for (t = -62167219200; t <= 253402214400; t += 86400) {
		iso_date(t, date);
		if (!iso_time(date, 10, &back) || back != t)
			fail_msg("%lld: %s", (long long)t, date);
		if (strcmp(date, prev) <= 0)
			fail_msg("%s after %s", date, prev);
		memcpy(prev, date, sizeof(date));
		iso_date(t + 86399, date);
		assert_string_equal(date, prev);
	}
	assert_string_equal(prev, "9999-12-31");
	iso_date(-62167219200, date);
	assert_string_equal(date, "0000-01-01");
	iso_date(-1, date);
	assert_string_equal(date, "1969-12-31");
	iso_date(-86400, date);
	assert_string_equal(date, "1969-12-31");
	iso_date(-86401, date);
	assert_string_equal(date, "1969-12-30");
}

/* Random times over the four-digit years, against glibc's timegm. */
static void
test_as_timegm(void **state)
{
	uint64_t x = 88172645463325252ULL;
	char s[64];
	struct tm tm;
	time_t want;
	int64_t got;
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		test_random(&x);
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = (int)(x % 10000) - 1900;
		tm.tm_mon = (int)(x >> 16 & 0xffff) % 12;
		tm.tm_mday = 1 + (int)(x >> 32 & 0xffff) % 28;
		tm.tm_hour = (int)(x >> 48 & 0xff) % 24;
		tm.tm_min = (int)(x >> 56) % 60;
		tm.tm_sec = (int)(x >> 20 & 0xff) % 60;
		snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		want = timegm(&tm);
		if (!iso_time(s, strlen(s), &got) || got != (int64_t)want)
			fail_msg("%s: %lld, timegm %lld", s, (long long)got,
			    (long long)want);
	}
}

static void
test_durations(void **state)
{
	static const struct {
		const char *text;
		int64_t seconds;
	} d[] = {
		{ "90s", 90 }, { "30m", 1800 }, { "2h", 7200 }, { "1d", 86400 },
		{ "0s", 0 }, { "1h30m", 5400 }, { "30m1h", 5400 },
		{ "1d2h3m4s", 93784 }, { "7d", 604800 },
		/* the ends of int64 */
		{ "9223372036854775807s", INT64_MAX },
		{ "106751991167300d", 9223372036854720000 },
		{ "153722867280912930m7s", INT64_MAX },
	};
	int64_t got;
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(d); i++) {
		got = 42;
		if (!iso_duration(d[i].text, &got))
			fail_msg("not a duration: '%s'", d[i].text);
		assert_int_equal(got, d[i].seconds);
	}
}

static void
test_durations_refused(void **state)
{
	static const char *const bad[] = { "", "90", "s", "1hh", "1.5h",
	    "1H", "1w", "1y", "-5m", "+5m", " 5m", "5m ", "5 m", "1h 30m",
	    "PT1H", "1h-30m", "0x10s",
	    /* overflow, of a number, a product and a sum */
	    "9223372036854775808s", "106751991167301d",
	    "153722867280912930m8s", "9223372036854775807s1s",
	    "99999999999999999999999s" };
	int64_t d = 42;
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(bad); i++)
		if (iso_duration(bad[i], &d))
			fail_msg("a duration: '%s'", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_empty_fraction),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_given_zone),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_as_timegm),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_durations_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
