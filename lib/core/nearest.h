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
/* Whether a candidate of this length and signature may be near enough. */
int nearest_may(const struct nearest *nr, size_t len, uint64_t signature);
/* As nearest_offer, skipping at once what the signature rules out. */
void nearest_offer_signed(struct nearest *nr, const char *text, size_t len,
    uint64_t signature, const char *value);
void nearest_free(struct nearest *nr);

/*
 * An index of many texts (a master's million SKUs) by their character
 * pairs, so that a search costs what it reads, not the number of texts.
 * Texts are numbered in the order added. An edit breaks at most two of
 * the key's pairs, so a text within the bound has at least one of any
 * 2 * bound + 1 of them: the search reads the texts under the rarest
 * pairs, and more pairs while its work allows, to compare only the texts
 * that have enough of them; for a key too short for that, the texts of
 * the lengths within the bound. A search reads at most NEAREST_WORK
 * entries: past that (a key whose rarest pairs are in most of the
 * master), a hint may miss a near text, and a run still costs in
 * proportion to its distinct keys, whatever the master.
 */
enum { NEAREST_WORK = 1 << 17 };

struct nearest_index;

struct nearest_index *nearest_index_new(void);
/* Adds text number n (0, 1, 2, ... in turn). */
void nearest_index_add(struct nearest_index *ix, const char *text,
    size_t len);
/*
 * The numbers of the texts that may be within nr's bound of its key, each
 * once and in no order, into *ids (of *cap, grown); returns how many. The
 * caller offers them in ascending order, to keep ties in order.
 */
size_t nearest_index_find(struct nearest_index *ix, const struct nearest *nr,
    uint32_t **ids, size_t *cap);
void nearest_index_free(struct nearest_index *ix);

#endif
