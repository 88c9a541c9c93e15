/*
 * num: decimal integers read strictly, and int64 arithmetic that says
 * when it overflows or holds at the ends instead of wrapping. The kit's
 * overflow checks go through here, so a port without GNU C's builtins
 * changes this file only.
 */
#ifndef WMSKIT_NUM_H
#define WMSKIT_NUM_H

#include <stddef.h>
#include <stdint.h>

enum num_status {
	NUM_OK,
	NUM_SYNTAX,	/* no digits, or text after them */
	NUM_RANGE	/* digits, but a value outside [min, max] */
};

/*
 * Reads the decimal integer at s into *v: digits, after a '-' only where
 * min < 0; no spaces, no '+'. With end NULL the digits are the whole
 * string; otherwise *end is set past them (also on NUM_RANGE) and what
 * follows is the caller's to check. *v is set on NUM_OK only.
 */
enum num_status num_int64(const char *s, int64_t min, int64_t max,
    int64_t *v, const char **end);
/* num_int64 for values above INT64_MAX: no sign at all. */
enum num_status num_uint64(const char *s, uint64_t max, uint64_t *v,
    const char **end);

/* *r = a + b, a - b, a * b; 0 where the true result does not fit. */
static inline int
num_add(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_add_overflow(a, b, r);
}

static inline int
num_sub(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_sub_overflow(a, b, r);
}

static inline int
num_mul(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_mul_overflow(a, b, r);
}

/* a + b and a - b held at INT64_MIN or INT64_MAX rather than wrapped. */
static inline int64_t
num_add_sat(int64_t a, int64_t b)
{
	int64_t r;

	return num_add(a, b, &r) ? r : b < 0 ? INT64_MIN : INT64_MAX;
}

static inline int64_t
num_sub_sat(int64_t a, int64_t b)
{
	int64_t r;

	return num_sub(a, b, &r) ? r : b > 0 ? INT64_MIN : INT64_MAX;
}

/*
 * Shares amount (0 or more) among n parts by weights w (each 0 or more,
 * their sum above 0), exactly, whatever the products: part i gets the
 * floor of amount * w[i] / sum, then one unit more goes to each of the
 * parts with the largest remainders, ties to the first, until out sums
 * to amount.
 */
void num_share(int64_t amount, const int64_t *w, size_t n, int64_t *out);

#endif
