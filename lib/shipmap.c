#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvtable.h"
#include "fold.h"
#include "shipmap.h"
#include "xalloc.h"

struct shipmap_row {
	const char *title, *code, *carrier;	/* carrier: NULL for none */
	unsigned long line;
};

struct shipmap_tally {
	const char *spelling;	/* the one seen most often */
	unsigned long orders, unmapped, best;	/* best: its count */
	size_t best_at;		/* its number among the spellings */
};

void
shipmap_init(struct shipmap *m)
{
	memset(m, 0, sizeof(*m));
	m->title = path_literal("shipping_lines[0].title");
	m->country = path_literal("shipping_address.country_code");
	m->requires = path_literal("line_items[].requires_shipping");
	m->set = path_literal("shipping_lines[0].service_code");
	m->set_carrier = path_literal("shipping_lines[0].carrier");
}

/* The matching key of a row or a record into m->key. */
static void
match_key(struct shipmap *m, const char *title, size_t tlen,
    const char *channel, size_t clen, const char *country)
{
	size_t i;

	buf_reset(&m->key);
	fold_words(title, tlen, &m->key);
	buf_addc(&m->key, '\0');
	fold_words(channel, clen, &m->key);
	buf_addc(&m->key, '\0');
	for (i = 0; country[i] != '\0'; i++)
		buf_addc(&m->key, country[i] >= 'a' && country[i] <= 'z' ?
		    (char)(country[i] - 'a' + 'A') : country[i]);
}

static int
is_country(const char *s)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z')))
			return 0;
	return s[2] == '\0';
}

static const char *
cell_or_empty(const struct csv_table *t, size_t r, int c)
{
	return c < 0 ? "" : csv_table_cell(t, r, c);
}

/* Every code of the table must be one the WMS knows. */
static int
check_services(struct shipmap *m, const char *services, char **err)
{
	struct csv_table *s = csv_table_load(services, err);
	struct hash *known;
	size_t r;
	int c, fresh, ok = 1;

	if (s == NULL)
		return 0;
	if ((c = csv_table_require(s, "service_code", err)) < 0) {
		csv_table_free(s);
		return 0;
	}
	known = hash_new();
	for (r = 0; r < s->nrows; r++) {
		const char *code = csv_table_cell(s, r, c);

		hash_put(known, code, strlen(code), &fresh);
	}
	if (m->fallback != NULL && !hash_has(known, m->fallback,
	    strlen(m->fallback))) {
		*err = xasprintf("--default: service code \"%s\" is not in %s",
		    m->fallback, services);
		ok = 0;
	}
	for (r = 0; r < m->table->nrows && ok; r++)
		if (!hash_has(known, m->rows[r].code,
		    strlen(m->rows[r].code))) {
			*err = xasprintf("%s:%lu: service code \"%s\" is not "
			    "in %s", m->table->name, m->rows[r].line,
			    m->rows[r].code, services);
			ok = 0;
		}
	hash_free(known);
	csv_table_free(s);
	return ok;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
shipmap_load(struct shipmap *m, const char *path, const char *services,
    char **err)
{
	struct csv_table *t;
	int ct, cc, ccar, cch, cco, fresh;
	size_t r;

	if ((t = m->table = csv_table_load(path, err)) == NULL ||
	    (ct = csv_table_require(t, "title", err)) < 0 ||
	    (cc = csv_table_require(t, "service_code", err)) < 0)
		return 0;
	ccar = csv_table_column(t, "carrier");
	cch = csv_table_column(t, "channel");
	cco = csv_table_column(t, "country");
	m->rows = xcalloc(t->nrows + 1, sizeof(*m->rows));
	m->match = hash_new();
	m->titles = hash_new();
	for (r = 0; r < t->nrows; r++) {
		struct shipmap_row *row = &m->rows[r];
		const char *channel = cell_or_empty(t, r, cch);
		const char *country = cell_or_empty(t, r, cco);
		void **slot;

		row->title = csv_table_cell(t, r, ct);
		row->code = csv_table_cell(t, r, cc);
		row->carrier = *cell_or_empty(t, r, ccar) ?
		    csv_table_cell(t, r, ccar) : NULL;
		row->line = t->lines[r];
		match_key(m, row->title, strlen(row->title), channel,
		    strlen(channel), country);
		if (m->key.p[0] == '\0' || *row->code == '\0') {
			*err = xasprintf("%s:%lu: empty %s", path, row->line,
			    *row->code ? "title" : "service_code");
			return 0;
		}
		if (*country != '\0' && !is_country(country)) {
			*err = xasprintf("%s:%lu: country \"%s\" is not an ISO "
			    "3166 alpha-2 code", path, row->line, country);
			return 0;
		}
		slot = hash_put(m->match, m->key.p, m->key.len, &fresh);
		if (!fresh) {
			const struct shipmap_row *was =
			    &m->rows[(uintptr_t)*slot - 1];

			if (strcmp(was->code, row->code) != 0 ||
			    !same(was->carrier, row->carrier)) {
				*err = xasprintf("%s:%lu: title \"%s\" is "
				    "mapped on line %lu already, to another "
				    "service", path, row->line, row->title,
				    was->line);
				return 0;
			}
			continue;
		}
		*slot = (void *)(uintptr_t)(r + 1);
		slot = hash_put(m->titles, m->key.p, strlen(m->key.p), &fresh);
		if (fresh)
			*slot = (void *)(uintptr_t)(r + 1);
	}
	return services == NULL || check_services(m, services, err);
}

void
shipmap_free(struct shipmap *m)
{
	path_free(m->title);
	path_free(m->country);
	path_free(m->channel);
	path_free(m->requires);
	path_free(m->set);
	path_free(m->set_carrier);
	csv_table_free(m->table);
	free(m->rows);
	hash_free(m->match);
	hash_free(m->titles);
	hash_free(m->seen);
	hash_free(m->spellings);
	free(m->tally);
	free(m->counts);
	free(m->slots);
	free(m->setslots);
	buf_free(&m->key);
	buf_free(&m->folded);
	buf_free(&m->msg);
	buf_free(&m->where);
	nearest_free(&m->nearest);
	json_decref(m->detail);
}

/* The first value the path reaches, or NULL. */
static json_t *
first_value(struct shipmap *m, const struct path *p, json_t *record)
{
	size_t i, n;

	if (p == NULL)
		return NULL;
	n = path_find(p, record, &m->slots, &m->slotcap);
	for (i = 0; i < n; i++)
		if (m->slots[i].value != NULL)
			return m->slots[i].value;
	return NULL;
}

/* Whether an order needs a shipping method: unless every line says no. */
static int
needs_shipping(struct shipmap *m, json_t *record)
{
	size_t i, n = path_find(m->requires, record, &m->slots, &m->slotcap);
	int seen = 0;

	for (i = 0; i < n; i++) {
		if (m->slots[i].value == NULL)
			continue;
		seen = 1;
		if (!json_is_false(m->slots[i].value))
			return 1;
	}
	return !seen;
}

/* The row for a title in its channel and country, most specific first. */
static const struct shipmap_row *
lookup(struct shipmap *m, const json_t *title, json_t *record)
{
	const json_t *ch = first_value(m, m->channel, record);
	const json_t *co = first_value(m, m->country, record);
	const char *channel = json_is_string(ch) ? json_string_value(ch) : "";
	const char *country = json_is_string(co) && is_country(
	    json_string_value(co)) ? json_string_value(co) : "";
	const char *chs[4] = { channel, "", channel, "" };
	const char *cos[4] = { country, country, "", "" };
	size_t i, r;

	for (i = 0; i < 4; i++) {
		if (i > 0 && strcmp(chs[i], chs[i - 1]) == 0 &&
		    strcmp(cos[i], cos[i - 1]) == 0)
			continue;
		match_key(m, json_string_value(title),
		    json_string_length(title), chs[i], strlen(chs[i]), cos[i]);
		if ((r = (uintptr_t)hash_get(m->match, m->key.p,
		    m->key.len)) != 0)
			return &m->rows[r - 1];
	}
	return NULL;
}

static void __attribute__((format(printf, 5, 6)))
hold(struct shipmap *m, struct exception *e, const char *code,
    const json_t *title, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->value = title;
	e->path = title ? path_text(m->title) : NULL;
	buf_reset(&m->msg);
	if (json_is_string(title))
		buf_printf(&m->msg, "shipping title \"%s\" ",
		    json_string_value(title));
	va_start(ap, fmt);
	buf_vprintf(&m->msg, fmt, ap);
	va_end(ap);
	e->message = m->msg.p;
}

/* unmapped_ship_method, with the table's nearest titles as a hint. */
static void
hold_unmapped(struct shipmap *m, struct exception *e, const json_t *title)
{
	json_t *near = json_array();
	size_t i, r;

	buf_reset(&m->folded);
	fold_words(json_string_value(title), json_string_length(title),
	    &m->folded);
	nearest_start(&m->nearest, m->folded.p, m->folded.len, 3);
	for (r = 0; r < m->table->nrows; r++) {	/* table order: ties */
		buf_reset(&m->key);
		fold_words(m->rows[r].title, strlen(m->rows[r].title),
		    &m->key);
		if ((uintptr_t)hash_get(m->titles, m->key.p, m->key.len) ==
		    r + 1)	/* each title once, where it first comes */
			nearest_offer(&m->nearest, m->key.p, m->key.len,
			    m->rows[r].title);
	}
	for (i = 0; i < m->nearest.n; i++)
		json_array_append_new(near, json_string(m->nearest.best[i]));
	hold(m, e, "unmapped_ship_method", title, "%s%s", hash_has(m->titles,
	    m->folded.p, m->folded.len) ? "is mapped only for other channels "
	    "or countries" : "is not in the shipping table",
	    m->nearest.n > 0 ? "; nearest:" : "");
	for (i = 0; i < m->nearest.n; i++)
		buf_printf(&m->msg, "%s\"%s\"", i ? ", " : " ",
		    m->nearest.best[i]);
	e->message = m->msg.p;
	m->detail = json_pack("{s:o}", "nearest", near);
	e->detail = m->detail;
}

/* Finds the places p reaches in record, into m->setslots. */
static size_t
places(struct shipmap *m, const struct path *p, json_t *record)
{
	return path_find(p, record, &m->setslots, &m->setslotcap);
}

int
shipmap_record(struct shipmap *m, json_t *record, struct exception *e)
{
	const struct shipmap_row *row;
	const struct path *missing;
	const char *code, *carrier;
	json_t *title;
	size_t i, n;

	memset(e, 0, sizeof(*e));
	json_decref(m->detail);
	m->detail = NULL;
	if (!needs_shipping(m, record)) {
		m->no_shipping++;
		return 1;	/* nothing to ship: whatever the title */
	}
	title = first_value(m, m->title, record);
	if (title == NULL || json_is_null(title)) {
		hold(m, e, "missing_ship_method", NULL, "the order needs "
		    "shipping but has no shipping title at %s",
		    path_text(m->title));
		return 0;
	}
	buf_reset(&m->folded);
	if (json_is_string(title))
		fold_words(json_string_value(title),
		    json_string_length(title), &m->folded);
	if (m->folded.len == 0) {
		hold(m, e, "missing_ship_method", title, "%s",
		    json_is_string(title) ? "is empty" :
		    "the shipping title is not a string");
		return 0;
	}
	row = lookup(m, title, record);
	if (row == NULL && m->fallback == NULL) {
		hold_unmapped(m, e, title);
		return 0;
	}
	code = row ? row->code : m->fallback;
	carrier = row ? row->carrier : NULL;
	missing = places(m, m->set, record) == 0 ? m->set :
	    carrier != NULL && places(m, m->set_carrier, record) == 0 ?
	    m->set_carrier : NULL;
	if (missing != NULL) {
		hold(m, e, "no_field", NULL, "the record has no place for %s",
		    path_text(missing));
		return 0;
	}
	n = places(m, m->set, record);
	for (i = 0; i < n; i++) {
		path_set(&m->setslots[i], json_string(code));
		if (row == NULL && m->setslots[i].key != NULL) {
			buf_reset(&m->where);
			buf_printf(&m->where, "%s_defaulted",
			    m->setslots[i].key);
			json_object_set_new(m->setslots[i].parent, m->where.p,
			    json_true());
		}
	}
	if (carrier != NULL) {
		n = places(m, m->set_carrier, record);
		for (i = 0; i < n; i++)
			path_set(&m->setslots[i], json_string(carrier));
	}
	if (row != NULL)
		m->mapped++;
	else
		m->defaulted++;
	return 1;
}

void
shipmap_count(struct shipmap *m, json_t *record)
{
	json_t *title = first_value(m, m->title, record);
	struct shipmap_tally *t;
	void **slot, *p;
	unsigned long *count;
	size_t at;
	int fresh;

	if (!json_is_string(title))
		return;
	buf_reset(&m->folded);
	fold_words(json_string_value(title), json_string_length(title),
	    &m->folded);
	if (m->folded.len == 0)
		return;
	if (m->seen == NULL) {
		m->seen = hash_new();
		m->spellings = hash_new();
	}
	slot = hash_put(m->seen, m->folded.p, m->folded.len, &fresh);
	if (fresh) {
		p = m->tally;
		xgrow(&p, &m->tallycap, m->ntally + 1, sizeof(*m->tally));
		m->tally = p;
		memset(&m->tally[m->ntally], 0, sizeof(*m->tally));
		*slot = (void *)(uintptr_t)++m->ntally;
	}
	t = &m->tally[(uintptr_t)*slot - 1];
	t->orders++;
	if (lookup(m, title, record) == NULL)
		t->unmapped++;
	/* the spelling, counted under its folded form */
	buf_reset(&m->key);
	buf_add(&m->key, m->folded.p, m->folded.len + 1);
	buf_add(&m->key, json_string_value(title), json_string_length(title));
	slot = hash_put(m->spellings, m->key.p, m->key.len, &fresh);
	if (fresh) {
		p = m->counts;
		xgrow(&p, &m->countcap, m->ncounts + 1, sizeof(*m->counts));
		m->counts = p;
		m->counts[m->ncounts] = 0;
		*slot = (void *)(uintptr_t)++m->ncounts;
	}
	/* spellings are numbered as first seen: ties go to the first */
	at = (uintptr_t)*slot - 1;
	count = &m->counts[at];
	if (++*count > t->best || (*count == t->best && at < t->best_at)) {
		t->best = *count;
		t->best_at = at;
		t->spelling = hash_key(m->spellings, m->key.p, m->key.len) +
		    m->folded.len + 1;
	}
}

static int
by_orders(const void *a, const void *b)
{
	const struct shipmap_tally *x = a, *y = b;

	if (x->orders != y->orders)
		return x->orders < y->orders ? 1 : -1;
	return strcmp(x->spelling, y->spelling);
}

size_t
shipmap_coverage(struct shipmap *m, json_t ***out)
{
	size_t i;

	if (m->ntally > 1)
		qsort(m->tally, m->ntally, sizeof(*m->tally), by_orders);
	*out = xcalloc(m->ntally + 1, sizeof(**out));
	for (i = 0; i < m->ntally; i++) {
		const struct shipmap_tally *t = &m->tally[i];
		size_t r;

		/* the code for the title alone: any channel, any country */
		match_key(m, t->spelling, strlen(t->spelling), "", 0, "");
		r = (uintptr_t)hash_get(m->match, m->key.p, m->key.len);
		(*out)[i] = json_pack("{s:s,s:I,s:I,s:o}", "title",
		    t->spelling, "orders", (json_int_t)t->orders, "unmapped",
		    (json_int_t)t->unmapped, "service_code", r ?
		    json_string(m->rows[r - 1].code) : json_null());
	}
	return m->ntally;
}
