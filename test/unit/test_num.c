/*
 * num: strict decimal integers, checked and saturating int64 arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "num.h"

static void
test_whole(void **state)
{
	int64_t v = 7;

	(void)state;
	assert_int_equal(num_int64("0", 0, 10, &v, NULL), NUM_OK);
	assert_int_equal(v, 0);
	assert_int_equal(num_int64("0042", 0, 100, &v, NULL), NUM_OK);
	assert_int_equal(v, 42);
	assert_int_equal(num_int64("9223372036854775807", 0, INT64_MAX, &v,
	    NULL), NUM_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(num_int64("-9223372036854775808", INT64_MIN, 0, &v,
	    NULL), NUM_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(num_int64("-0", -1, 1, &v, NULL), NUM_OK);
	assert_int_equal(v, 0);
	assert_int_equal(num_int64("-5", -10, 10, &v, NULL), NUM_OK);
	assert_int_equal(v, -5);
}

static void
test_syntax(void **state)
{
	static const char *const bad[] = { "", "-", "+1", " 1", "1 ", "1x",
	    "0x10", "1e3", "1.0", "--1", "\t1" };
	int64_t v = 7;
	uint64_t u = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(num_int64(bad[i], -10, 10, &v, NULL),
		    NUM_SYNTAX);
		assert_int_equal(num_uint64(bad[i], 10, &u, NULL), NUM_SYNTAX);
	}
	/* a sign only where a value below 0 is allowed */
	assert_int_equal(num_int64("-1", 0, 10, &v, NULL), NUM_SYNTAX);
	assert_int_equal(num_uint64("-1", 10, &u, NULL), NUM_SYNTAX);
	assert_int_equal(v, 7);
	assert_int_equal(u, 7);
}

static void
test_range(void **state)
{
	int64_t v = 7;
	uint64_t u = 7;

	(void)state;
	assert_int_equal(num_int64("11", 0, 10, &v, NULL), NUM_RANGE);
	assert_int_equal(num_int64("0", 1, 10, &v, NULL), NUM_RANGE);
	assert_int_equal(num_int64("-11", -10, 10, &v, NULL), NUM_RANGE);
	assert_int_equal(num_int64("9223372036854775808", 0, INT64_MAX, &v,
	    NULL), NUM_RANGE);
	assert_int_equal(num_int64("-9223372036854775809", INT64_MIN, 0, &v,
	    NULL), NUM_RANGE);
	assert_int_equal(num_int64("99999999999999999999999", 0, INT64_MAX,
	    &v, NULL), NUM_RANGE);
	assert_int_equal(v, 7);
	assert_int_equal(num_uint64("18446744073709551615", UINT64_MAX, &u,
	    NULL), NUM_OK);
	assert_true(u == UINT64_MAX);
	assert_int_equal(num_uint64("18446744073709551616", UINT64_MAX, &u,
	    NULL), NUM_RANGE);
	/* text after digits too large is a syntax error first */
	assert_int_equal(num_uint64("99999999999999999999x", UINT64_MAX, &u,
	    NULL), NUM_SYNTAX);
}

static void
test_end(void **state)
{
	const char *s = "12]x", *end = NULL;
	int64_t v = 0;
	uint64_t u = 0;

	(void)state;
	assert_int_equal(num_int64(s, 0, 100, &v, &end), NUM_OK);
	assert_int_equal(v, 12);
	assert_ptr_equal(end, s + 2);
	s = "-3s";
	assert_int_equal(num_int64(s, -5, 5, &v, &end), NUM_OK);
	assert_int_equal(v, -3);
	assert_ptr_equal(end, s + 2);
	/* past the digits on a range error too, at the start on no digits */
	s = "99999999999999999999]";
	assert_int_equal(num_uint64(s, UINT64_MAX, &u, &end), NUM_RANGE);
	assert_ptr_equal(end, s + 20);
	s = "-x";
	assert_int_equal(num_int64(s, -5, 5, &v, &end), NUM_SYNTAX);
	assert_ptr_equal(end, s);
	s = "]";
	assert_int_equal(num_uint64(s, 5, &u, &end), NUM_SYNTAX);
	assert_ptr_equal(end, s);
}

static void
test_checked(void **state)
{
	int64_t r;

	(void)state;
	assert_true(num_add(2, 3, &r) && r == 5);
	assert_false(num_add(INT64_MAX, 1, &r));
	assert_false(num_add(INT64_MIN, -1, &r));
	assert_true(num_sub(2, 3, &r) && r == -1);
	assert_false(num_sub(INT64_MIN, 1, &r));
	assert_false(num_sub(0, INT64_MIN, &r));
	assert_true(num_mul(-4, 5, &r) && r == -20);
	assert_false(num_mul(INT64_MAX / 2 + 1, 2, &r));
	assert_false(num_mul(INT64_MIN, -1, &r));
}

static void
test_saturated(void **state)
{
	(void)state;
	assert_true(num_add_sat(2, 3) == 5);
	assert_true(num_add_sat(INT64_MAX, 1) == INT64_MAX);
	assert_true(num_add_sat(INT64_MAX - 1, INT64_MAX) == INT64_MAX);
	assert_true(num_add_sat(INT64_MIN, -1) == INT64_MIN);
	assert_true(num_add_sat(INT64_MIN, INT64_MAX) == -1);
	assert_true(num_sub_sat(2, 3) == -1);
	assert_true(num_sub_sat(INT64_MIN, 1) == INT64_MIN);
	assert_true(num_sub_sat(0, INT64_MIN) == INT64_MAX);
	assert_true(num_sub_sat(-1, INT64_MIN) == INT64_MAX);
	assert_true(num_sub_sat(-2, INT64_MIN) == INT64_MAX - 1);
}

/* out[0..n) against want[0..n). */
static void
assert_shares(const int64_t *out, const int64_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i] != want[i])
			fail_msg("part %zu: %lld, not %lld", i,
			    (long long)out[i], (long long)want[i]);
}

static void
test_share(void **state)
{
	int64_t out[9];

	(void)state;
	/* 100 by 1:1:1: 33 each, the one left to the first (a tie) */
	num_share(100, (const int64_t[]){ 1, 1, 1 }, 3, out);
	assert_shares(out, (const int64_t[]){ 34, 33, 33 }, 3);
	/* 10 by 3:3:4: 3, 3, 4 exactly */
	num_share(10, (const int64_t[]){ 3, 3, 4 }, 3, out);
	assert_shares(out, (const int64_t[]){ 3, 3, 4 }, 3);
	/* 5 by 1:2: 1.67 and 3.33: the larger remainder is the first's */
	num_share(5, (const int64_t[]){ 1, 2 }, 2, out);
	assert_shares(out, (const int64_t[]){ 2, 3 }, 2);
	/* 7 by 2:1: 4.67 and 2.33: the larger remainder is the first's */
	num_share(7, (const int64_t[]){ 2, 1 }, 2, out);
	assert_shares(out, (const int64_t[]){ 5, 2 }, 2);
	/* a weight of 0 gets nothing; 0 shares as 0 */
	num_share(3, (const int64_t[]){ 0, 1 }, 2, out);
	assert_shares(out, (const int64_t[]){ 0, 3 }, 2);
	num_share(0, (const int64_t[]){ 5, 7 }, 2, out);
	assert_shares(out, (const int64_t[]){ 0, 0 }, 2);
	/* products and a sum of weights past 64 bits, still exact */
	num_share(INT64_MAX, (const int64_t[]){ INT64_MAX, INT64_MAX }, 2,
	    out);
	assert_shares(out, (const int64_t[]){ INT64_MAX / 2 + 1,
	    INT64_MAX / 2 }, 2);
	num_share(INT64_MAX, (const int64_t[]){ INT64_MAX - 1, 1 }, 2, out);
	assert_shares(out, (const int64_t[]){ INT64_MAX - 1, 1 }, 2);
	/* more parts than fit without an allocation */
	num_share(20, (const int64_t[]){ 1, 1, 1, 1, 1, 1, 1, 1, 2 }, 9,
	    out);
	assert_shares(out, (const int64_t[]){ 2, 2, 2, 2, 2, 2, 2, 2, 4 },
	    9);
	num_share(11, (const int64_t[]){ 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 9,
	    out);
	assert_shares(out, (const int64_t[]){ 2, 2, 1, 1, 1, 1, 1, 1, 1 },
	    9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_end),
		cmocka_unit_test(test_checked),
		cmocka_unit_test(test_saturated),
		cmocka_unit_test(test_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
