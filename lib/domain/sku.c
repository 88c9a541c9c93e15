#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvtable.h"
#include "fold.h"
#include "hash.h"
#include "nearest.h"
#include "sku.h"
#include "xalloc.h"

int
sku_rules_allow(struct sku_rules *r, const char *set, char **err)
{
	const unsigned char *s = (const unsigned char *)set;

	memset(r->allowed, 0, sizeof(r->allowed));
	r->filter = 1;
	for (; *s != '\0'; s++) {
		unsigned char lo = *s, hi = *s;

		if (s[1] == '-' && s[2] != '\0') {
			hi = s[2];
			s += 2;
		}
		if (lo >= 0x80 || hi >= 0x80 || lo > hi) {
			*err = xasprintf("bad character set \"%s\": %s", set,
			    lo > hi ? "a range runs backwards" :
			    "only ASCII characters");
			return 0;
		}
		for (; lo <= hi; lo++)
			r->allowed[lo] = 1;
	}
	return 1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
sku_all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return len > 0;
}

static void
trim_spaces(struct buf *b)
{
	size_t i = 0;

	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->p[--b->len] = '\0';
	while (i < b->len && b->p[i] == ' ')
		i++;
	memmove(b->p, b->p + i, b->len - i + 1);
	b->len -= i;
}

void
sku_clean(const struct sku_rules *r, const char *s, size_t len,
    struct buf *out)
{
	size_t i, j, ndigits = 0;

	buf_reset(out);
	fold_text(s, len, out);
	for (i = j = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->p[i];

		if (c >= 0x80) {	/* a multi-byte character: whole */
			if (!r->filter)
				out->p[j++] = (char)c;
			continue;
		}
		if (r->letter_case == SKU_CASE_UPPER && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (r->letter_case == SKU_CASE_LOWER && c >= 'A' &&
		    c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (r->filter && !r->allowed[c])
			continue;
		out->p[j++] = (char)c;
		ndigits += is_digit((char)c);
	}
	out->len = j;
	out->p[j] = '\0';
	trim_spaces(out);
	if (r->pad > 0 && out->len > 0 && ndigits == out->len &&
	    out->len < (size_t)r->pad) {
		size_t zeros = (size_t)r->pad - out->len, digits = out->len;

		for (i = 0; i < zeros; i++)	/* room, then shift */
			buf_addc(out, '0');
		memmove(out->p + zeros, out->p, digits);
		memset(out->p, '0', zeros);
	}
}

/*
 * Separators between two digits carry meaning ("CBL-1.5M" is not
 * "CBL-15M"): one or more of them there become a single SKU_KEY_MARK.
 * Leading zeros go as an export strips them ("000123" is "123"), but
 * zeros that run up to a mark were a number of their own and keep one
 * ("00-12" is "0-12", not "12"), as a key of zeros only keeps one.
 */
void
sku_key(const char *s, size_t len, struct buf *out)
{
	size_t i, zeros;
	int gap = 0;		/* a separator since the last character kept */

	buf_reset(out);
	buf_add(out, "", 0);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (!(c >= 0x80 || is_digit((char)c) ||
		    (c >= 'A' && c <= 'Z'))) {
			gap = 1;
			continue;
		}
		if (gap && is_digit((char)c) && out->len > 0 &&
		    is_digit(out->p[out->len - 1]))
			buf_addc(out, SKU_KEY_MARK);
		gap = 0;
		buf_addc(out, (char)c);
	}
	for (zeros = 0; zeros < out->len && out->p[zeros] == '0'; zeros++)
		;
	if (zeros > 0 && (zeros == out->len || out->p[zeros] == SKU_KEY_MARK))
		zeros--;
	memmove(out->p, out->p + zeros, out->len - zeros + 1);
	out->len -= zeros;
}

#define CHAIN_END SIZE_MAX	/* the last entry of a chain */

struct sku_master {
	struct csv_table *table;
	const char **sku;
	size_t n;
	struct hash *exact, *upper, *key;	/* index: a chain's first */
	size_t *next_upper, *next_key;	/* chains in master order */
	size_t *tail_upper, *tail_key;	/* a chain's last entry, by its head */
	struct buf keys;	/* canonical keys, NUL-separated */
	size_t *keyoff;
	unsigned short *keylen;	/* lengths, capped: a cheap first filter */
	uint64_t *keysig;	/* nearest_signature of each key */
	struct hash *hints;	/* cleaned SKU to its hint, computed once */
	const char **hinted;	/* hints, SKU_NEAREST_MAX a key */
	size_t nhinted, hintcap;
	const char **cand;	/* scratch for candidates */
	size_t candcap;
	struct buf clean, tmp;
	struct nearest nearest;
	struct nearest_index *index;	/* of the keys, at the first hint */
	uint32_t *found;	/* scratch: the keys the index finds */
	size_t foundcap;
	int zeros_lost;		/* sku_master_zeros_lost */
};

static void
upper_into(const char *s, size_t len, struct buf *out)
{
	size_t i;

	buf_reset(out);
	buf_add(out, s, len);
	for (i = 0; i < len; i++)
		if (out->p[i] >= 'a' && out->p[i] <= 'z')
			out->p[i] = (char)(out->p[i] - 'a' + 'A');
}

/* Adds entry i to the end of the chain of key in h. */
static void
chain(struct hash *h, size_t *next, size_t *tail, const struct buf *key,
    size_t i)
{
	int fresh;
	size_t *head = hash_put_index(h, key->p, key->len, &fresh);

	next[i] = CHAIN_END;
	if (fresh) {
		*head = i;
		tail[i] = i;
		return;
	}
	next[tail[*head]] = i;
	tail[*head] = i;
}

struct sku_master *
sku_master_load(const char *path, const char *column, char **err)
{
	struct sku_master *m;
	struct csv_table *t;
	size_t i, digits = 0, shortest = SIZE_MAX, longest = 0;
	int col, zero_led = 0;

	if ((t = csv_table_load(path, err)) == NULL)
		return NULL;
	if ((col = csv_table_require_by(t, column, "--master-column",
	    err)) < 0) {
		csv_table_free(t);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->table = t;
	m->n = t->nrows;
	m->sku = xcalloc(m->n + 1, sizeof(*m->sku));
	m->next_upper = xcalloc(m->n + 1, sizeof(size_t));
	m->next_key = xcalloc(m->n + 1, sizeof(size_t));
	m->tail_upper = xcalloc(m->n + 1, sizeof(size_t));
	m->tail_key = xcalloc(m->n + 1, sizeof(size_t));
	m->keyoff = xcalloc(m->n + 1, sizeof(size_t));
	m->keylen = xcalloc(m->n + 1, sizeof(*m->keylen));
	m->keysig = xcalloc(m->n + 1, sizeof(*m->keysig));
	m->exact = hash_new_sized(m->n);
	m->upper = hash_new_sized(m->n);
	m->key = hash_new_sized(m->n);
	m->hints = hash_new();
	for (i = 0; i < m->n; i++) {
		const char *s = csv_table_cell(t, i, col);
		size_t len = strlen(s), *at;
		int fresh;

		if (len == 0) {
			*err = xasprintf("%s:%lu: empty %s", path, t->lines[i],
			    column);
			sku_master_free(m);
			return NULL;
		}
		at = hash_put_index(m->exact, s, len, &fresh);
		if (!fresh) {
			*err = xasprintf("%s:%lu: duplicate %s \"%s\" (first "
			    "on line %lu)", path, t->lines[i], column, s,
			    t->lines[*at]);
			sku_master_free(m);
			return NULL;
		}
		*at = i;
		m->sku[i] = s;
		upper_into(s, len, &m->tmp);
		chain(m->upper, m->next_upper, m->tail_upper, &m->tmp, i);
		sku_key(s, len, &m->tmp);
		m->keyoff[i] = m->keys.len;
		m->keylen[i] = m->tmp.len > 65535 ? 65535 :
		    (unsigned short)m->tmp.len;
		m->keysig[i] = nearest_signature(m->tmp.p, m->tmp.len);
		buf_add(&m->keys, m->tmp.p, m->tmp.len + 1);
		if (m->tmp.len > 0)
			chain(m->key, m->next_key, m->tail_key, &m->tmp, i);
		if (sku_all_digits(s, len)) {
			digits++;
			zero_led |= len > 1 && s[0] == '0';
			shortest = len < shortest ? len : shortest;
			longest = len > longest ? len : longest;
		}
	}
	m->zeros_lost = digits >= 2 && shortest < longest && !zero_led;
	return m;
}

size_t
sku_master_count(const struct sku_master *m)
{
	return m->n;
}

int
sku_master_zeros_lost(const struct sku_master *m)
{
	return m->zeros_lost;
}

/* The entry, or the candidates, found under key in h. */
static void
lookup_chain(struct sku_master *m, struct hash *h, const size_t *next,
    const struct buf *key, enum sku_match match, struct sku_resolution *res)
{
	size_t i = hash_get_index(h, key->p, key->len);

	if (i == HASH_NONE)
		return;
	if (next[i] == CHAIN_END) {
		res->match = match;
		res->sku = m->sku[i];
		return;
	}
	res->match = SKU_AMBIGUOUS;
	for (; i != CHAIN_END && res->ncandidates < SKU_MAX_CANDIDATES;
	    i = next[i]) {
		XGROW(m->cand, m->candcap, res->ncandidates + 1);
		m->cand[res->ncandidates++] = m->sku[i];
	}
	res->candidates = m->cand;
}

void
sku_resolve(struct sku_master *m, const struct sku_rules *r, const char *s,
    size_t len, struct sku_resolution *res)
{
	size_t i;

	res->sku = NULL;
	res->candidates = NULL;
	res->ncandidates = 0;
	res->match = SKU_UNKNOWN;
	if ((i = hash_get_index(m->exact, s, len)) != HASH_NONE) {
		res->match = SKU_EXACT;
		res->sku = m->sku[i];
		return;
	}
	sku_clean(r, s, len, &m->clean);
	if ((i = hash_get_index(m->exact, m->clean.p, m->clean.len)) !=
	    HASH_NONE) {
		res->match = SKU_CLEANED;
		res->sku = m->sku[i];
		return;
	}
	upper_into(m->clean.p, m->clean.len, &m->tmp);
	lookup_chain(m, m->upper, m->next_upper, &m->tmp, SKU_CASE, res);
	if (res->match != SKU_UNKNOWN)
		return;
	sku_key(m->clean.p, m->clean.len, &m->tmp);
	if (m->tmp.len > 0)
		lookup_chain(m, m->key, m->next_key, &m->tmp, SKU_KEY, res);
}

static int
by_index(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

size_t
sku_nearest(struct sku_master *m, const char *s, size_t len, const char **out,
    size_t max)
{
	struct nearest *nr = &m->nearest;
	size_t i, n, at, *hint;
	int fresh;

	if (max > SKU_NEAREST_MAX)
		max = SKU_NEAREST_MAX;
	sku_key(s, len, &m->clean);
	hint = hash_put_index(m->hints, m->clean.p, m->clean.len, &fresh);
	if (!fresh) {	/* the same unknown SKU in many orders: once */
		at = *hint;
		for (n = 0; n < max && m->hinted[at + n] != NULL; n++)
			out[n] = m->hinted[at + n];
		return n;
	}
	if (m->index == NULL) {	/* a run with no unknown SKU builds none */
		m->index = nearest_index_new();
		for (i = 0; i < m->n; i++)
			nearest_index_add(m->index, m->keys.p + m->keyoff[i],
			    m->keylen[i]);
	}
	nearest_start(nr, m->clean.p, m->clean.len, SKU_NEAREST_MAX);
	n = nearest_index_find(m->index, nr, &m->found, &m->foundcap);
	/* the few the quick tests leave, offered in master order */
	for (at = i = 0; i < n; i++)
		if (nearest_may(nr, m->keylen[m->found[i]],
		    m->keysig[m->found[i]]))
			m->found[at++] = m->found[i];
	if (at > 1)	/* found is NULL where nothing was found */
		qsort(m->found, at, sizeof(*m->found), by_index);
	for (i = 0; i < at; i++)
		nearest_offer(nr, m->keys.p + m->keyoff[m->found[i]],
		    m->keylen[m->found[i]], m->sku[m->found[i]]);
	XGROW(m->hinted, m->hintcap, m->nhinted + SKU_NEAREST_MAX + 1);
	at = m->nhinted;
	for (i = 0; i <= SKU_NEAREST_MAX; i++)
		m->hinted[at + i] = i < nr->n ? nr->best[i] : NULL;
	m->nhinted += SKU_NEAREST_MAX + 1;
	*hint = at;
	n = nr->n < max ? nr->n : max;
	for (i = 0; i < n; i++)
		out[i] = nr->best[i];
	return n;
}

void
sku_master_free(struct sku_master *m)
{
	if (m == NULL)
		return;
	csv_table_free(m->table);
	hash_free(m->exact);
	hash_free(m->upper);
	hash_free(m->key);
	free(m->sku);
	free(m->next_upper);
	free(m->next_key);
	free(m->tail_upper);
	free(m->tail_key);
	free(m->keyoff);
	free(m->keylen);
	free(m->keysig);
	free(m->hinted);
	hash_free(m->hints);
	free(m->cand);
	nearest_free(&m->nearest);
	nearest_index_free(m->index);
	free(m->found);
	buf_free(&m->keys);
	buf_free(&m->clean);
	buf_free(&m->tmp);
	free(m);
}
