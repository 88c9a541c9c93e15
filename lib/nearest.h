/*
 * nearest: the few candidates closest to a key by edit distance
 * (Levenshtein), for the hints in exception messages, never for matching.
 * Only candidates within a bound count: 1 edit for a key of up to 4
 * characters, 2 up to 8, 3 beyond. Nearest first; ties keep offer order.
 */
#ifndef WMSKIT_NEAREST_H
#define WMSKIT_NEAREST_H

#include <stddef.h>
#include <stdint.h>

enum { NEAREST_MAX = 8 };

struct nearest {
	const char *key;
	size_t len, max, n;
	unsigned bound;
	unsigned dist[NEAREST_MAX];
	const char *best[NEAREST_MAX];	/* the values offered with them */
	uint64_t signature;		/* of the key */
	unsigned *row;			/* scratch for the distance */
	size_t rowcap;
};

/* Starts a search for the max (at most NEAREST_MAX) nearest to key. */
void nearest_start(struct nearest *nr, const char *key, size_t len,
    size_t max);
/* Offers a candidate compared as text, returned as value. */
void nearest_offer(struct nearest *nr, const char *text, size_t len,
    const char *value);
/*
 * The characters a text holds, as bits: an edit changes at most two, so
 * a candidate whose signature differs from the key's in more than twice
 * the bound is too far, found without comparing the texts.
 */
uint64_t nearest_signature(const char *s, size_t len);
/* As nearest_offer, skipping at once what the signature rules out. */
void nearest_offer_signed(struct nearest *nr, const char *text, size_t len,
    uint64_t signature, const char *value);
void nearest_free(struct nearest *nr);

#endif
