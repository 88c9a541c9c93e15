/*
 * count: a JSON integer is a count; a real is one only when it is
 * integral and within 2^53 (beyond that a double no longer says which
 * integer was meant); a fraction, a string or anything else is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count.h"
#include "testutil.h"

/* Each element of the JSON array text is a count of the value in want. */
static void
assert_counts(const char *text, const int64_t *want, size_t nwant)
{
	json_t *a = parse_json(text), *v;
	size_t i;
	int64_t n;

	assert_int_equal(json_array_size(a), nwant);
	json_array_foreach(a, i, v) {
		n = -42;
		if (!json_count(v, &n))
			fail_msg("element %zu of %s is not a count", i, text);
		assert_int_equal(n, want[i]);
	}
	json_decref(a);
}

/* No element of the JSON array text is a count. */
static void
assert_not_counts(const char *text)
{
	json_t *a = parse_json(text), *v;
	size_t i;
	int64_t n;

	json_array_foreach(a, i, v)
		if (json_count(v, &n))
			fail_msg("element %zu of %s is a count", i, text);
	json_decref(a);
}

static void
test_integers(void **state)
{
	static const int64_t want[] = { 0, 1, -1, 12, INT64_MAX, INT64_MIN,
	    9007199254740993 };

	(void)state;
	/* an integer is taken whole, even beyond 2^53: it is exact */
	assert_counts("[0, 1, -1, 12, 9223372036854775807, "
	    "-9223372036854775808, 9007199254740993]", want,
	    sizeof(want) / sizeof(want[0]));
}

static void
test_integral_reals(void **state)
{
	static const int64_t want[] = { 2, 0, 0, -3, 100, 1500,
	    9007199254740992, -9007199254740992 };

	(void)state;
	assert_counts("[2.0, 0.0, -0.0, -3.0, 1e2, 1.5e3, "
	    "9007199254740992.0, -9007199254740992.0]", want,
	    sizeof(want) / sizeof(want[0]));
}

static void
test_reals_refused(void **state)
{
	(void)state;
	/* fractions, and integral reals beyond 2^53 (the next double is
	 * 2^53 + 2), up to those beyond int64 */
	assert_not_counts("[2.5, 0.5, -0.5, 1e-300, 4503599627370495.5, "
	    "9007199254740994.0, -9007199254740994.0, 1e19, -1e19, 1e300, "
	    "-1e300]");
}

static void
test_other_types_refused(void **state)
{
	int64_t n = 7;

	(void)state;
	assert_not_counts("[\"2\", \"2.0\", \"\", true, false, null, [], [1], "
	    "{}, {\"n\": 1}]");
	/* a member that is not there (json_object_get's NULL) */
	assert_int_equal(json_count(NULL, &n), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_integral_reals),
		cmocka_unit_test(test_reals_refused),
		cmocka_unit_test(test_other_types_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
