#include <stddef.h>
#include <stdlib.h>

#include "num.h"
#include "xalloc.h"

/* The digits at s as a magnitude; *over when it passes UINT64_MAX. */
static const char *
digits(const char *s, uint64_t *m, int *over)
{
	unsigned d;

	*m = 0;
	*over = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (unsigned)(*s - '0');
		if (*m > (UINT64_MAX - d) / 10)
			*over = 1;
		else
			*m = *m * 10 + d;
	}
	return s;
}

/* The status of digits from s to p, given what must follow them. */
static enum num_status
ended(const char *s, const char *p, const char **end)
{
	if (end != NULL)
		*end = p;
	if (p == s || (end == NULL && *p != '\0'))
		return NUM_SYNTAX;
	return NUM_OK;
}

enum num_status
num_uint64(const char *s, uint64_t max, uint64_t *v, const char **end)
{
	uint64_t m;
	int over;
	const char *p = digits(s, &m, &over);
	enum num_status st = ended(s, p, end);

	if (st != NUM_OK)
		return st;
	if (over || m > max)
		return NUM_RANGE;
	*v = m;
	return NUM_OK;
}

enum num_status
num_int64(const char *s, int64_t min, int64_t max, int64_t *v,
    const char **end)
{
	int neg = min < 0 && *s == '-';
	const char *q = s + neg, *p;
	uint64_t m;
	int over;
	enum num_status st;
	int64_t x;

	p = digits(q, &m, &over);
	if ((st = ended(q, p, end)) != NUM_OK) {
		if (end != NULL)
			*end = p == q ? s : p;
		return st;
	}
	if (over || m > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
		return NUM_RANGE;
	/* INT64_MIN's magnitude is no int64: negated in two steps */
	x = !neg ? (int64_t)m : m == 0 ? 0 : -(int64_t)(m - 1) - 1;
	if (x < min || x > max)
		return NUM_RANGE;
	*v = x;
	return NUM_OK;
}

/* The one use of a 128-bit integer: amount * w[i] and the sum of the
 * weights need not fit in 64 bits. Kits are mostly small: no allocation
 * for up to 8 parts. */
void
num_share(int64_t amount, const int64_t *w, size_t n, int64_t *out)
{
	__int128 total = 0, x, few[8];
	__int128 *rem = n <= 8 ? few : xcalloc(n, sizeof(*rem));
	int64_t left = amount;
	size_t i, best;

	for (i = 0; i < n; i++)
		total += w[i];
	for (i = 0; i < n; i++) {
		x = (__int128)amount * w[i];
		out[i] = (int64_t)(x / total);
		rem[i] = x % total;
		left -= out[i];
	}
	for (; left > 0; left--) {
		for (best = 0, i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
	}
	if (rem != few)
		free(rem);
}
