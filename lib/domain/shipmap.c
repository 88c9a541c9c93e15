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
}

void
shipmap_shape(struct shipmap *m, const struct order_shape *shape)
{
	m->model = order_model_new(shape, -1);
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
		size_t *at;

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
		at = hash_put_index(m->match, m->key.p, m->key.len, &fresh);
		if (!fresh) {
			const struct shipmap_row *was = &m->rows[*at];

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
		*at = r;
		at = hash_put_index(m->titles, m->key.p, strlen(m->key.p),
		    &fresh);
		if (fresh)
			*at = r;
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
	order_free(&m->order);
	order_model_free(m->model);
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
	buf_free(&m->other);
	buf_free(&m->where);
	nearest_free(&m->nearest);
	json_decref(m->detail);
}

static json_t *
first_value(struct shipmap *m, const struct path *p, json_t *record)
{
	return path_first(p, record, &m->slots, &m->slotcap);
}

/* --requires-path: an order needs a shipping method unless every value the
 * path reaches says no. */
static int
requires_by_path(struct shipmap *m, json_t *record)
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

/*
 * By the model: a line to pick at a live quantity above 0, or one whose
 * quantity cannot be read (holding is safer than guessing). An order with
 * no lines at all is not known to need nothing: it needs a method too.
 */
static int
needs_shipping(struct shipmap *m, json_t *record)
{
	const struct order *o = &m->order;
	size_t i;

	if (m->requires != NULL)
		return requires_by_path(m, record);
	if (o->lines_array == NULL)
		return 1;
	for (i = 0; i < o->nlines; i++)
		if (order_picks(&o->lines[i]) && (!o->lines[i].qty_ok ||
		    o->lines[i].qty > 0))
			return 1;
	return 0;
}

/* The row for a title in its channel and country, most specific first. */
static const struct shipmap_row *
lookup(struct shipmap *m, const json_t *title, json_t *record)
{
	const json_t *ch = first_value(m, m->channel, record);
	const json_t *co = first_value(m, m->country != NULL ? m->country :
	    order_model_path(m->model, "country"), record);
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
		if ((r = hash_get_index(m->match, m->key.p, m->key.len)) !=
		    HASH_NONE)
			return &m->rows[r];
	}
	return NULL;
}

/* The message names the title; e->pathbuf is where it is given. */
static void __attribute__((format(printf, 4, 5)))
hold(struct exception *e, enum exc_code code, const json_t *title,
    const char *fmt, ...)
{
	va_list ap;

	exc_hold(e, code, title ? e->pathbuf.p : NULL, title, "%s", "");
	if (json_is_string(title))
		exc_add(e, "shipping title \"%s\" ", json_string_value(title));
	va_start(ap, fmt);
	exc_vadd(e, fmt, ap);
	va_end(ap);
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
		if (hash_get_index(m->titles, m->key.p, m->key.len) ==
		    r)	/* each title once, where it first comes */
			nearest_offer(&m->nearest, m->key.p, m->key.len,
			    m->rows[r].title);
	}
	for (i = 0; i < m->nearest.n; i++)
		json_array_append_new(near, json_string(m->nearest.best[i]));
	hold(e, EXC_UNMAPPED_SHIP_METHOD, title, "%s%s", hash_has(m->titles,
	    m->folded.p, m->folded.len) ? "is mapped only for other channels "
	    "or countries" : "is not in the shipping table",
	    m->nearest.n > 0 ? "; nearest:" : "");
	for (i = 0; i < m->nearest.n; i++)
		exc_add(e, "%s\"%s\"", i ? ", " : " ", m->nearest.best[i]);
	m->detail = json_pack("{s:o}", "nearest", near);
	e->detail = m->detail;
}

/*
 * The place of a shipping line's title in the record, such as
 * "shipping_lines[1].title" or "shippingLines.edges[0].node.title", into
 * out; s NULL: that of any line's, such as "shipping_lines[].title".
 */
static void
title_place(struct shipmap *m, const struct order_ship *s, struct buf *out)
{
	const struct path *list = order_model_path(m->model, "shipping");
	const struct path *title = order_model_path(m->model, "ship_title");
	json_t *v = first_value(m, list, m->order.record), *a;
	const char *kind = "";
	size_t i, n = 0;

	buf_reset(out);
	buf_adds(out, path_text(list));
	if (title == NULL || (s != NULL && s->obj == m->order.record))
		return;	/* Magento: the description is the title */
	if (json_is_object(v) && json_is_array(a = json_object_get(v,
	    "edges")))
		kind = "edges";
	else if (json_is_object(v) && json_is_array(a = json_object_get(v,
	    "nodes")))
		kind = "nodes";
	else
		a = v;
	if (s != NULL)
		for (n = 0; n < json_array_size(a); n++)
			if (json_array_get(a, n) == s->obj ||
			    json_object_get(json_array_get(a, n), "node") ==
			    s->obj)
				break;
	i = n;
	if (*kind != '\0')
		buf_printf(out, ".%s", kind);
	if (s != NULL)
		buf_printf(out, "[%zu]", i);
	else
		buf_adds(out, "[]");
	if (strcmp(kind, "edges") == 0)
		buf_adds(out, ".node");
	if (title != NULL)
		buf_printf(out, ".%s", path_text(title));
}

/* A title that names a method: a string, not empty once folded. */
static int
folds_into(const json_t *title, struct buf *out)
{
	buf_reset(out);
	if (!json_is_string(title))
		return 0;
	fold_words(json_string_value(title), json_string_length(title), out);
	return out->len > 0;
}

/*
 * The live shipping line whose title decides, into *line and *title:
 * the first that is not removed and has a title. 0 with e filled where
 * another live line has a title that folds apart from it.
 */
static int
live_title(struct shipmap *m, const struct order_ship **line,
    json_t **title, struct exception *e)
{
	const struct order *o = &m->order;
	const struct order_ship *first = NULL, *other = NULL;
	json_t *titles;
	size_t i;

	*line = NULL;
	*title = NULL;
	for (i = 0; i < o->nship; i++) {
		const struct order_ship *s = &o->ship[i];

		if (s->removed || s->title == NULL || json_is_null(s->title))
			continue;
		if (first == NULL) {
			first = s;
			if (!folds_into(s->title, &m->folded))
				break;	/* empty or not a string: held */
		} else if (other == NULL && folds_into(s->title, &m->other) &&
		    (m->other.len != m->folded.len || memcmp(m->other.p,
		    m->folded.p, m->folded.len) != 0))
			other = s;
	}
	*line = first;
	*title = first ? first->title : NULL;
	if (other == NULL)
		return 1;
	titles = json_array();
	for (i = 0; i < o->nship; i++)
		if (!o->ship[i].removed && json_is_string(o->ship[i].title) &&
		    folds_into(o->ship[i].title, &m->key))
			json_array_append(titles, o->ship[i].title);
	title_place(m, other, &e->pathbuf);
	exc_hold(e, EXC_AMBIGUOUS_SHIP_METHOD, e->pathbuf.p, other->title,
	    "live shipping lines have different titles, \"%s\" and \"%s\": "
	    "the service paid for is unknown",
	    json_string_value(first->title), json_string_value(other->title));
	m->detail = json_pack("{s:o}", "titles", titles);
	e->detail = m->detail;
	return 0;
}

/*
 * The places of the code (key "service_code") or the carrier ("carrier"):
 * those the override path reaches in record, or that member of the live
 * line; into m->setslots.
 */
static size_t
places(struct shipmap *m, const struct path *override, json_t *record,
    const struct order_ship *line, const char *key)
{
	if (override != NULL)
		return path_find(override, record, &m->setslots,
		    &m->setslotcap);
	if (line == NULL || !json_is_object(line->obj))
		return 0;
	if (m->setslotcap < 1) {
		m->setslots = xcalloc(1, sizeof(*m->setslots));
		m->setslotcap = 1;
	}
	memset(&m->setslots[0], 0, sizeof(m->setslots[0]));
	m->setslots[0].parent = line->obj;
	m->setslots[0].key = key;
	m->setslots[0].value = json_object_get(line->obj, key);
	return 1;
}

/* Where a place is missing, for no_field. */
static const char *
place_text(struct shipmap *m, const struct path *override,
    const struct order_ship *line, const char *key)
{
	if (override != NULL)
		return path_text(override);
	buf_reset(&m->where);
	if (line == NULL)
		buf_printf(&m->where, "%s (no live shipping line)", key);
	else
		buf_adds(&m->where, key);
	return m->where.p;
}

int
shipmap_record(struct shipmap *m, json_t *record, struct exception *e)
{
	const struct shipmap_row *row;
	const struct order_ship *line;
	const char *code, *carrier, *missing;
	json_t *title;
	size_t i, n, nlive;

	exc_clear(e);
	json_decref(m->detail);
	m->detail = NULL;
	if (!order_read(m->model, record, &m->order, e))
		return 0;	/* bad_field */
	if (!needs_shipping(m, record)) {
		m->no_shipping++;
		return 1;	/* nothing to ship: whatever the title */
	}
	if (m->title != NULL) {
		/* -p: the title there; the code goes on the live line */
		title = first_value(m, m->title, record);
		line = order_live_shipping(&m->order, &nlive);
		buf_reset(&e->pathbuf);
		buf_adds(&e->pathbuf, path_text(m->title));
	} else {
		if (!live_title(m, &line, &title, e))
			return 0;
		title_place(m, line, &e->pathbuf);
	}
	if (title == NULL || json_is_null(title)) {
		if (m->title == NULL)
			title_place(m, NULL, &e->pathbuf);
		hold(e, EXC_MISSING_SHIP_METHOD, NULL, "the order needs "
		    "shipping but has no %sshipping title at %s",
		    m->title == NULL ? "live " : "", e->pathbuf.p);
		for (i = n = 0; i < m->order.nship; i++)
			n += m->order.ship[i].removed;
		if (m->title == NULL && n > 0)
			exc_add(e, " (%zu removed by an edit)", n);
		return 0;
	}
	if (!folds_into(title, &m->folded)) {
		hold(e, EXC_MISSING_SHIP_METHOD, title, "%s",
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
	missing = places(m, m->set, record, line, "service_code") == 0 ?
	    place_text(m, m->set, line, "service_code") : carrier != NULL &&
	    places(m, m->set_carrier, record, line, "carrier") == 0 ?
	    place_text(m, m->set_carrier, line, "carrier") : NULL;
	if (missing != NULL) {
		hold(e, EXC_NO_FIELD, NULL, "the record has no place for %s",
		    missing);
		return 0;
	}
	n = places(m, m->set, record, line, "service_code");
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
		n = places(m, m->set_carrier, record, line, "carrier");
		for (i = 0; i < n; i++)
			path_set(&m->setslots[i], json_string(carrier));
	}
	if (row != NULL)
		m->mapped++;
	else
		m->defaulted++;
	return 1;
}

/* Counts one order's title; m->folded holds it folded. */
static void
count_title(struct shipmap *m, json_t *title, json_t *record)
{
	struct shipmap_tally *t;
	unsigned long *count;
	size_t *at;
	int fresh;

	if (m->seen == NULL) {
		m->seen = hash_new();
		m->spellings = hash_new();
	}
	at = hash_put_index(m->seen, m->folded.p, m->folded.len, &fresh);
	if (fresh) {
		XGROW(m->tally, m->tallycap, m->ntally + 1);
		memset(&m->tally[m->ntally], 0, sizeof(*m->tally));
		*at = m->ntally++;
	}
	t = &m->tally[*at];
	t->orders++;
	if (lookup(m, title, record) == NULL)
		t->unmapped++;
	/* the spelling, counted under its folded form */
	buf_reset(&m->key);
	buf_add(&m->key, m->folded.p, m->folded.len + 1);
	buf_add(&m->key, json_string_value(title), json_string_length(title));
	at = hash_put_index(m->spellings, m->key.p, m->key.len, &fresh);
	if (fresh) {
		XGROW(m->counts, m->countcap, m->ncounts + 1);
		m->counts[m->ncounts] = 0;
		*at = m->ncounts++;
	}
	/* spellings are numbered as first seen: ties go to the first */
	count = &m->counts[*at];
	if (++*count > t->best || (*count == t->best && *at < t->best_at)) {
		t->best = *count;
		t->best_at = *at;
		t->spelling = hash_key(m->spellings, m->key.p, m->key.len) +
		    m->folded.len + 1;
	}
}

void
shipmap_count(struct shipmap *m, json_t *record)
{
	const struct order *o = &m->order;
	struct exception e = { .code = EXC_NONE };
	size_t i, j;

	if (m->title != NULL) {
		json_t *title = first_value(m, m->title, record);

		if (folds_into(title, &m->folded))
			count_title(m, title, record);
		return;
	}
	if (!order_read(m->model, record, &m->order, &e)) {
		exc_free(&e);	/* shipmap_record holds it */
		return;
	}
	/* each live title once an order, however many lines have it */
	for (i = 0; i < o->nship; i++) {
		if (o->ship[i].removed || !folds_into(o->ship[i].title,
		    &m->other))
			continue;
		for (j = 0; j < i; j++)
			if (!o->ship[j].removed &&
			    folds_into(o->ship[j].title, &m->folded) &&
			    m->folded.len == m->other.len &&
			    memcmp(m->folded.p, m->other.p, m->other.len) == 0)
				break;
		if (j < i)
			continue;
		folds_into(o->ship[i].title, &m->folded);
		count_title(m, o->ship[i].title, record);
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
		r = hash_get_index(m->match, m->key.p, m->key.len);
		(*out)[i] = json_pack("{s:s,s:I,s:I,s:o}", "title",
		    t->spelling, "orders", (json_int_t)t->orders, "unmapped",
		    (json_int_t)t->unmapped, "service_code", r != HASH_NONE ?
		    json_string(m->rows[r].code) : json_null());
	}
	return m->ntally;
}
