/*
 * sku: SKU keys. Cleaning (look-alikes folded and trimmed, then on request
 * a letter case, a set of allowed characters, zero-padding of all-digit
 * SKUs), the canonical key that survives what exports do to a SKU, and the
 * master: every SKU the WMS knows, with look-ups that resolve an incoming
 * SKU to the master's exact spelling or say why they cannot.
 */
#ifndef WMSKIT_SKU_H
#define WMSKIT_SKU_H

#include <stddef.h>

#include "buf.h"

enum sku_case { SKU_CASE_KEEP, SKU_CASE_UPPER, SKU_CASE_LOWER };

struct sku_rules {
	enum sku_case letter_case;	/* ASCII letters only */
	int pad;		/* zero-pad all-digit SKUs to this width */
	int filter;		/* remove characters outside allowed[] */
	unsigned char allowed[128];
};

/* Sets the allowed characters from a tr(1)-like set such as "A-Za-z0-9._-";
 * 0 and *err on a bad set. */
int sku_rules_allow(struct sku_rules *r, const char *set, char **err);
/* The cleaned form of s into out (reset first). */
void sku_clean(const struct sku_rules *r, const char *s, size_t len,
    struct buf *out);
/*
 * The canonical key into out (reset first): ASCII letters upper-cased,
 * digits and non-ASCII characters kept, all else removed, except that one
 * or more separators between two digits become one SKU_KEY_MARK; then
 * leading zeros removed, one kept where they are all the key or run up to
 * a mark: "cbl 1.5m" is CBL1-5M, "CBL-15M" CBL15M, "000123" 123, "00-12"
 * 0-12.
 */
#define SKU_KEY_MARK '-'
void sku_key(const char *s, size_t len, struct buf *out);

enum sku_match {
	SKU_EXACT,		/* as it came */
	SKU_CLEANED,		/* after cleaning */
	SKU_CASE,		/* ignoring case */
	SKU_KEY,		/* by the canonical key */
	SKU_AMBIGUOUS,		/* several master SKUs fit: candidates */
	SKU_UNKNOWN		/* none fits */
};

enum { SKU_MAX_CANDIDATES = 10, SKU_NEAREST_MAX = 3 };

struct sku_resolution {
	enum sku_match match;
	const char *sku;	/* the master's spelling, when one fits */
	const char **candidates;	/* SKU_AMBIGUOUS: the first
					 * SKU_MAX_CANDIDATES, in master order */
	size_t ncandidates;
};

struct sku_master;

/* Reads the master's column; NULL and *err ("file:line: what") when the
 * file is unreadable, the column absent, a SKU empty or there twice. */
struct sku_master *sku_master_load(const char *path, const char *column,
    char **err);
size_t sku_master_count(const struct sku_master *m);
/*
 * 1 when the master's all-digit SKUs look cut down by a spreadsheet that
 * read them as numbers: two or more, of different lengths, and not one
 * with a leading zero ("000123" saved as "123"). A shape, not a proof: a
 * shop numbering its SKUs 1, 2, 3 has it too; see skunorm.h.
 */
int sku_master_zeros_lost(const struct sku_master *m);
/* 1 when s is digits only (and not empty). */
int sku_all_digits(const char *s, size_t len);
/* Resolves s; res points into m until the next call. */
void sku_resolve(struct sku_master *m, const struct sku_rules *r,
    const char *s, size_t len, struct sku_resolution *res);
/* Up to max (at most SKU_NEAREST_MAX) master SKUs nearest to s by edit
 * distance of canonical keys, nearest first; returns how many. For hints,
 * not for matching; each key's hint is searched once a run. */
size_t sku_nearest(struct sku_master *m, const char *s, size_t len,
    const char **out, size_t max);
void sku_master_free(struct sku_master *m);

#endif
