#include <stdlib.h>
#include <string.h>

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

int
nearest_may(const struct nearest *nr, size_t len, uint64_t signature)
{
	size_t diff = nr->len > len ? nr->len - len : len - nr->len;

	return diff <= nr->bound && (unsigned)__builtin_popcountll(signature ^
	    nr->signature) <= 2 * nr->bound;
}

void
nearest_offer_signed(struct nearest *nr, const char *text, size_t len,
    uint64_t signature, const char *value)
{
	if (nearest_may(nr, len, signature))
		nearest_offer(nr, text, len, value);
}

/* The distance of a and b, or bound + 1 once it must exceed bound. */
static unsigned
distance(struct nearest *nr, const char *b, size_t nb, unsigned bound)
{
	const char *a = nr->key;
	size_t na = nr->len, i, j;
	unsigned *row, *prev, *swap;

	if ((na > nb ? na - nb : nb - na) > bound)
		return bound + 1;
	XGROW(nr->row, nr->rowcap, 2 * (nb + 1));
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
	unsigned d, bound = nr->bound;
	size_t j;

	if (nr->len == 0 || nr->max == 0)
		return;
	/* full: only nearer than the last counts, so stop sooner */
	if (nr->n == nr->max && nr->dist[nr->n - 1] <= bound) {
		if (nr->dist[nr->n - 1] == 0)
			return;
		bound = nr->dist[nr->n - 1] - 1;
	}
	d = distance(nr, text, len, bound);
	if (d > bound)
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

/* Texts of up to this length are also listed by length, for short keys;
 * at most this many of a key's pairs are read. */
enum { SHORT = 8, PAIRS = 1 << 16, MAXREAD = 64 };

struct posting {
	uint32_t *id;
	uint32_t n, cap;
};

struct nearest_index {
	struct posting pair[PAIRS];	/* by character pair */
	struct posting bylen[SHORT + 1];
	uint32_t n;			/* texts added */
	unsigned char *hits;		/* scratch: pairs of the key a text has */
	size_t hitcap;
	uint32_t *touched;		/* the texts with hits */
	size_t touchcap;
};

static void
post(struct posting *p, uint32_t id)
{
	size_t cap = p->cap;

	XGROW(p->id, cap, (size_t)p->n + 1);
	p->cap = (uint32_t)cap;
	p->id[p->n++] = id;
}

static unsigned
pair_at(const char *s, size_t i)
{
	return (unsigned)(unsigned char)s[i] << 8 | (unsigned char)s[i + 1];
}

struct nearest_index *
nearest_index_new(void)
{
	return xcalloc(1, sizeof(struct nearest_index));
}

void
nearest_index_add(struct nearest_index *ix, const char *text, size_t len)
{
	size_t i;

	if (len <= SHORT)
		post(&ix->bylen[len], ix->n);
	for (i = 0; i + 1 < len; i++)
		post(&ix->pair[pair_at(text, i)], ix->n);
	ix->n++;
}

/*
 * Counts the hits of each text of p (a text has its pair as many times as
 * it is listed), at most times each: a pair of the key kept by the edits
 * is kept at a place of its own in the text. Within the work left;
 * returns how many texts have hits.
 */
static size_t
gather(struct nearest_index *ix, const struct posting *p, unsigned times,
    size_t n, size_t *work)
{
	uint32_t i, run, take = p->n < *work ? p->n : (uint32_t)*work;

	*work -= take;
	XGROW(ix->touched, ix->touchcap, n + take + 1);
	for (i = 0; i < take; i += run) {
		uint32_t id = p->id[i];

		for (run = 1; i + run < take && p->id[i + run] == id; run++)
			continue;
		if (ix->hits[id] == 0)
			ix->touched[n++] = id;
		ix->hits[id] += (unsigned char)(run < times ? run : times);
	}
	return n;
}

/* A pair of the key: how many texts have it, and where it is. */
struct rarity {
	uint32_t n;
	unsigned pair;
	size_t at;
};

static int
by_rarity(const void *a, const void *b)
{
	const struct rarity *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The pairs read: of the key's 2 * bound, those no text has (the edits
 * must break them), then the rarest that one text within the bound must
 * have, then more while the work allows. A text within the bound has at
 * least (pairs read - edits left) of them, counted at most the times the
 * key has each, so those that have fewer are never compared; 0 texts
 * when the pairs no text has are more than the edits can break.
 */
static size_t
by_pairs(struct nearest_index *ix, const struct nearest *nr, size_t *need,
    size_t *work)
{
	size_t npairs = nr->len - 1, nread = 0, sum = 0, i, j, n = 0;
	size_t left = 2 * nr->bound, z;
	struct rarity *r = xcalloc(npairs, sizeof(*r));
	unsigned times;

	for (i = 0; i < npairs; i++) {
		r[i].pair = pair_at(nr->key, i);
		r[i].n = ix->pair[r[i].pair].n;
		r[i].at = i;
	}
	qsort(r, npairs, sizeof(*r), by_rarity);
	for (z = 0; z < npairs && r[z].n == 0; z++)
		continue;
	if (z > left) {
		free(r);
		return 0;
	}
	left -= z;
	for (i = z; i < npairs && i < z + MAXREAD; i++) {
		for (j = z; j < i && r[j].pair != r[i].pair; j++)
			continue;
		if (j == i) {	/* a pair not read yet */
			if (nread > left && sum + r[i].n > *work)
				break;
			sum += r[i].n;
		}
		nread++;
	}
	*need = nread - left;
	for (i = z; i < z + nread; i++) {
		for (j = z; j < i; j++)	/* a pair the key has twice: once */
			if (r[j].pair == r[i].pair)
				break;
		if (j < i)
			continue;
		for (times = 1, j = i + 1; j < z + nread; j++)
			times += r[j].pair == r[i].pair;
		n = gather(ix, &ix->pair[r[i].pair], times, n, work);
	}
	free(r);
	return n;
}

size_t
nearest_index_find(struct nearest_index *ix, const struct nearest *nr,
    uint32_t **ids, size_t *cap)
{
	size_t n = 0, k = 0, work = NEAREST_WORK, need = 1, i, old = ix->hitcap;

	if (nr->len == 0 || nr->max == 0 || ix->n == 0)
		return 0;
	XGROW(ix->hits, ix->hitcap, ix->n);
	memset(ix->hits + old, 0, ix->hitcap - old);
	if (nr->len - 1 <= 2 * nr->bound) {	/* short: the lengths near */
		for (i = nr->len > nr->bound ? nr->len - nr->bound : 0;
		    i <= nr->len + nr->bound && i <= SHORT; i++)
			n = gather(ix, &ix->bylen[i], 1, n, &work);
	} else
		n = by_pairs(ix, nr, &need, &work);
	XGROW(*ids, *cap, n + 1);
	for (i = 0; i < n; i++) {
		if (ix->hits[ix->touched[i]] >= need)
			(*ids)[k++] = ix->touched[i];
		ix->hits[ix->touched[i]] = 0;
	}
	return k;
}

void
nearest_index_free(struct nearest_index *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < PAIRS; i++)
		free(ix->pair[i].id);
	for (i = 0; i <= SHORT; i++)
		free(ix->bylen[i].id);
	free(ix->hits);
	free(ix->touched);
	free(ix);
}
