#include <stdlib.h>

#include "nearest.h"
#include "xalloc.h"

void
nearest_start(struct nearest *nr, const char *key, size_t len, size_t max)
{
	nr->key = key;
	nr->len = len;
	nr->max = max > NEAREST_MAX ? NEAREST_MAX : max;
	nr->n = 0;
	nr->bound = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	nr->signature = nearest_signature(key, len);
}

uint64_t
nearest_signature(const char *s, size_t len)
{
	uint64_t sig = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sig |= (uint64_t)1 << ((unsigned char)s[i] & 63);
	return sig;
}

void
nearest_offer_signed(struct nearest *nr, const char *text, size_t len,
    uint64_t signature, const char *value)
{
	size_t diff = nr->len > len ? nr->len - len : len - nr->len;

	if (diff > nr->bound || (unsigned)__builtin_popcountll(signature ^
	    nr->signature) > 2 * nr->bound)
		return;
	nearest_offer(nr, text, len, value);
}

/* The distance of a and b, or bound + 1 once it must exceed bound. */
static unsigned
distance(struct nearest *nr, const char *b, size_t nb)
{
	const char *a = nr->key;
	size_t na = nr->len, i, j;
	unsigned *row, *prev, *swap, bound = nr->bound;
	void *p = nr->row;

	if ((na > nb ? na - nb : nb - na) > bound)
		return bound + 1;
	xgrow(&p, &nr->rowcap, 2 * (nb + 1), sizeof(unsigned));
	nr->row = p;
	prev = nr->row;
	row = nr->row + nb + 1;
	for (j = 0; j <= nb; j++)
		prev[j] = (unsigned)j;
	for (i = 1; i <= na; i++) {
		unsigned best;

		row[0] = best = (unsigned)i;
		for (j = 1; j <= nb; j++) {
			unsigned d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			if (d < best)
				best = d;
		}
		if (best > bound)
			return bound + 1;
		swap = prev, prev = row, row = swap;
	}
	return prev[nb];
}

void
nearest_offer(struct nearest *nr, const char *text, size_t len,
    const char *value)
{
	unsigned d;
	size_t j;

	if (nr->len == 0 || nr->max == 0)
		return;
	d = distance(nr, text, len);
	if (d > nr->bound || (nr->n == nr->max && d >= nr->dist[nr->n - 1]))
		return;
	if (nr->n < nr->max)
		nr->n++;
	for (j = nr->n - 1; j > 0 && nr->dist[j - 1] > d; j--) {
		nr->dist[j] = nr->dist[j - 1];
		nr->best[j] = nr->best[j - 1];
	}
	nr->dist[j] = d;
	nr->best[j] = value;
}

void
nearest_free(struct nearest *nr)
{
	free(nr->row);
	nr->row = NULL;
	nr->rowcap = 0;
}
