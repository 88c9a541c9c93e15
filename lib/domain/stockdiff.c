#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "csvtable.h"
#include "num.h"
#include "orderref.h"
#include "stockdiff.h"
#include "xalloc.h"

struct sd_entry {
	int64_t available;
	unsigned long line;
	size_t off, len;	/* the record's text in sd->texts */
	unsigned char matched, changed;
};

static size_t
add_value(struct stockdiff *sd, int64_t v)
{
	XGROW(sd->values, sd->valuecap, sd->nvalues + 1);
	sd->values[sd->nvalues] = v;
	return sd->nvalues++;
}

static int
value_of(const struct stockdiff *sd, const struct hash *h, const char *key,
    size_t len, int64_t *v)
{
	size_t i = hash_get_index(h, key, len);

	if (i == HASH_NONE)
		return 0;
	*v = sd->values[i];
	return 1;
}

void
stockdiff_init(struct stockdiff *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->wms_sku = sd->store_sku = "sku";
	sd->wms_qty = sd->store_qty = "available";
	sd->wms = hash_new();
	sd->pending = hash_new();
	sd->buffers = hash_new();
	sd->prefixes = hash_new();
	sd->since = hash_new();
	sd->store = hash_new();
	/* Shopify's: inventory_levels/set and inventorySetQuantities take
	 * the item and the location; a variant record has its own id */
	stockdiff_carry(sd, "inventory_item_id");
	stockdiff_carry(sd, "location_id");
	stockdiff_carry(sd, "variant_id");
	stockdiff_carry(sd, "id");
}

void
stockdiff_carry(struct stockdiff *sd, const char *key)
{
	size_t i;

	for (i = 0; i < sd->ncarry; i++)
		if (strcmp(sd->carry[i], key) == 0)
			return;
	XGROW(sd->carry, sd->carrycap, sd->ncarry + 1);
	sd->carry[sd->ncarry++] = key;
}

const char *
stockdiff_carry_clash(const struct stockdiff *sd)
{
	static const char *const own[] = { "sku", "available", "previous",
	    "delta", "risk" };
	size_t i, j;

	for (i = 0; i < sd->ncarry; i++) {
		for (j = 0; j < sizeof(own) / sizeof(own[0]); j++)
			if (strcmp(sd->carry[i], own[j]) == 0)
				return sd->carry[i];
		if (sd->location != NULL && strcmp(sd->carry[i], "location") ==
		    0)
			return sd->carry[i];
	}
	return NULL;
}

void
stockdiff_free(struct stockdiff *sd)
{
	hash_free(sd->wms);
	hash_free(sd->pending);
	hash_free(sd->buffers);
	hash_free(sd->prefixes);
	hash_free(sd->since);
	hash_free(sd->store);
	free(sd->entries);
	buf_free(&sd->texts);
	buf_free(&sd->key);
	buf_free(&sd->loc);
	buf_free(&sd->where);
	buf_free(&sd->cleaned);
	buf_free(&sd->names);
	json_decref(sd->record);
	jtree_free(&sd->again);
	json_decref(sd->detail);
	order_free(&sd->order);
	order_model_free(sd->model);
	sku_master_free(sd->master);
	free(sd->values);
	free(sd->carry);
}

void
stockdiff_use_model(struct stockdiff *sd, struct order_model *m)
{
	order_model_free(sd->model);
	sd->model = m;
}


/*
 * The key of a record into sd->key: the SKU's length, the SKU, then its
 * location's text; the length keeps a SKU and a location apart whatever
 * bytes they hold. 0 with e filled when the record has none.
 */
static int
key_of(struct stockdiff *sd, json_t *rec, const char *sku_key,
    struct exception *e)
{
	json_t *sku = json_object_get(rec, sku_key);
	size_t len;

	e->value = sku;
	if (!json_is_string(sku) || json_string_length(sku) == 0)
		return exc_hold(e, EXC_BAD_SKU, sku_key, e->value,
		    "the record has no SKU string at %s", sku_key);
	len = json_string_length(sku);
	buf_reset(&sd->key);
	buf_add(&sd->key, &len, sizeof(len));
	buf_add(&sd->key, json_string_value(sku), len);
	if (sd->location == NULL)
		return 1;
	e->value = json_object_get(rec, sd->location);
	if (!ref_text(e->value, &sd->loc))
		return exc_hold(e, EXC_NO_FIELD, sd->location,
		    e->value, "the record has no location at %s",
		    sd->location);
	buf_add(&sd->key, sd->loc.p, sd->loc.len);
	return 1;
}

/* The SKU part of sd->key. */
static const char *
key_sku(const struct stockdiff *sd, size_t *len)
{
	memcpy(len, sd->key.p, sizeof(*len));
	return sd->key.p + sizeof(*len);
}

int
stockdiff_load_buffers(struct stockdiff *sd, const char *path, char **err)
{
	struct csv_table *t = csv_table_load(path, err);
	int cs, cb, fresh, ok = 0;
	size_t r;

	if (t == NULL || (cs = csv_table_require(t, "sku", err)) < 0 ||
	    (cb = csv_table_require(t, "buffer", err)) < 0)
		goto out;
	for (r = 0; r < t->nrows; r++) {
		const char *sku = csv_table_cell(t, r, cs);
		const char *star = strchr(sku, '*');
		size_t len = strlen(sku);
		struct hash *h = sd->buffers;
		int64_t b;
		size_t *at;

		if (num_int64(csv_table_cell(t, r, cb), 0, INT64_MAX, &b,
		    NULL) != NUM_OK) {
			*err = xasprintf("%s:%lu: buffer \"%s\" is not an "
			    "integer, 0 or more", path, t->lines[r],
			    csv_table_cell(t, r, cb));
			goto out;
		}
		if (star != NULL) {
			if (star != sku + len - 1 || len - 1 > 255) {
				*err = xasprintf("%s:%lu: \"%s\": a pattern is a "
				    "prefix and one '*' at its end", path,
				    t->lines[r], sku);
				goto out;
			}
			h = sd->prefixes;
			len--;
			sd->prefix_lens[len] = 1;
		} else if (len == 0) {
			*err = xasprintf("%s:%lu: empty sku", path, t->lines[r]);
			goto out;
		}
		at = hash_put_index(h, sku, len, &fresh);
		if (!fresh) {
			*err = xasprintf("%s:%lu: sku \"%s\" twice", path,
			    t->lines[r], sku);
			goto out;
		}
		*at = add_value(sd, b);
	}
	ok = 1;
out:
	csv_table_free(t);
	return ok;
}

/* The buffer of a SKU: its own row, else its longest prefix's, else -b. */
static int64_t
buffer_of(const struct stockdiff *sd, const char *sku, size_t len)
{
	int64_t b;
	size_t n = len > 255 ? 255 : len;

	if (value_of(sd, sd->buffers, sku, len, &b))
		return b;
	for (;; n--) {
		if (sd->prefix_lens[n] && value_of(sd, sd->prefixes, sku, n, &b))
			return b;
		if (n == 0)
			return sd->buffer;
	}
}

/* Adds q units to a pending SKU. */
static void
add_pending(struct stockdiff *sd, const char *sku, size_t len, int64_t q)
{
	int fresh;
	size_t *at = hash_put_index(sd->pending, sku, len, &fresh);

	if (fresh)
		*at = add_value(sd, 0);
	sd->values[*at] = num_add_sat(sd->values[*at], q);
}

/*
 * Notes a line to pick that cannot be counted: the first is the
 * exception, every one is in its "not_counted" list.
 */
static void __attribute__((format(printf, 7, 8)))
not_counted(struct stockdiff *sd, struct exception *e, size_t i,
    enum exc_code code, const struct path *member, const json_t *value,
    const char *fmt, ...)
{
	json_t *list;
	va_list ap;

	order_line_where(sd->model, &sd->order, i, NULL, &sd->where);
	if (sd->detail == NULL)
		sd->detail = json_pack("{s:[]}", "not_counted");
	list = json_object_get(sd->detail, "not_counted");
	json_array_append_new(list, json_string(sd->where.p));
	if (e->code != EXC_NONE)
		return;
	if (member != NULL)
		order_line_where(sd->model, &sd->order, i, path_text(member),
		    &e->pathbuf);
	exc_hold(e, code, member != NULL ? e->pathbuf.p : e->path, value,
	    "pending line %s ", sd->where.p);
	va_start(ap, fmt);
	exc_vadd(e, fmt, ap);
	va_end(ap);
	exc_add(e, ": not subtracted");
}

/* The SKU of a line to pick as the WMS knows it; 0 where it cannot be. */
static int
pending_sku(struct stockdiff *sd, struct exception *e, size_t i,
    const char **sku, size_t *len)
{
	const struct order_line *l = &sd->order.lines[i];
	struct sku_resolution res;
	const struct path *at = order_model_path(sd->model, "sku");
	const char *near[SKU_NEAREST_MAX];
	size_t k, j;

	if (l->sku == NULL || json_is_null(l->sku) ||
	    (json_is_string(l->sku) && json_string_length(l->sku) == 0)) {
		not_counted(sd, e, i, EXC_MISSING_SKU, at, l->sku, "is to be "
		    "picked but has no SKU");
		return 0;
	}
	if (!json_is_string(l->sku)) {
		not_counted(sd, e, i, EXC_BAD_SKU, at, l->sku, "has a SKU that "
		    "is not a string");
		return 0;
	}
	*sku = json_string_value(l->sku);
	*len = json_string_length(l->sku);
	if (sd->master == NULL)
		return 1;
	sku_resolve(sd->master, &sd->rules, *sku, *len, &res);
	if (res.sku != NULL) {
		*sku = res.sku;
		*len = strlen(res.sku);
		return 1;
	}
	buf_reset(&sd->names);
	if (res.match == SKU_AMBIGUOUS) {
		for (j = 0; j < res.ncandidates; j++)
			buf_printf(&sd->names, "%s\"%s\"", j ? ", " : "",
			    res.candidates[j]);
		not_counted(sd, e, i, EXC_AMBIGUOUS_SKU, at, l->sku, "has a "
		    "SKU that fits several master SKUs: %s", sd->names.p);
		return 0;
	}
	sku_clean(&sd->rules, *sku, *len, &sd->cleaned);
	k = sd->cleaned.len == 0 ? 0 : sku_nearest(sd->master, sd->cleaned.p,
	    sd->cleaned.len, near, SKU_NEAREST_MAX);
	for (j = 0; j < k; j++)
		buf_printf(&sd->names, "%s\"%s\"", j ? ", " : "; nearest: ",
		    near[j]);
	buf_add(&sd->names, "", 0);
	not_counted(sd, e, i, EXC_UNKNOWN_SKU, at, l->sku, "has a SKU that is "
	    "not in the master%s", sd->names.p);
	return 0;
}

int
stockdiff_pending(struct stockdiff *sd, json_t *order, struct exception *e)
{
	struct order *o = &sd->order;
	const char *sku = NULL;
	size_t i, len = 0;

	json_decref(sd->detail);
	sd->detail = NULL;
	if (!order_read(sd->model, order, o, e))
		return 0;	/* bad_field: nothing of it is known */
	if (o->cancelled)
		return 1;	/* nothing goes out for it */
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		if (!order_picks(l))
			continue;	/* not shipped, or a parent's */
		if (!l->qty_ok || l->qty < 0) {
			not_counted(sd, e, i, EXC_BAD_QUANTITY, l->qty_field,
			    l->qty_value, "%s", l->qty_value == NULL ?
			    "has no quantity" : !l->qty_ok ? "has a quantity "
			    "that is not a whole number" : "has a live "
			    "quantity below 0");
			continue;
		}
		if (l->qty == 0)
			continue;	/* removed by an edit, or cancelled */
		if (!pending_sku(sd, e, i, &sku, &len))
			continue;
		add_pending(sd, sku, len, l->qty);
	}
	if (e->code == EXC_NONE)
		return 1;
	e->detail = sd->detail;
	return 0;
}

static int
add_since(void *ctx, json_t *rec, char **why)
{
	struct stockdiff *sd = ctx;
	struct exception e = { .code = EXC_NONE };
	size_t *at;
	int64_t q;
	int fresh;

	if (!key_of(sd, rec, sd->wms_sku, &e)) {
		*why = xstrdup(e.message);
		exc_free(&e);
		return 0;
	}
	if (!json_count(json_object_get(rec, sd->wms_qty), &q)) {
		*why = xasprintf("%s is not an integer", sd->wms_qty);
		return 0;
	}
	at = hash_put_index(sd->since, sd->key.p, sd->key.len, &fresh);
	if (fresh)
		*at = add_value(sd, q);
	else if (q < sd->values[*at])	/* as the WMS side */
		sd->values[*at] = q;
	return 1;
}

int
stockdiff_load_since(struct stockdiff *sd, const char *path, char **err)
{
	sd->has_since = 1;
	return ndjson_read_file(path, add_since, sd, err);
}

int
stockdiff_load_master(struct stockdiff *sd, const char *path,
    const char *column, char **err)
{
	return (sd->master = sku_master_load(path, column, err)) != NULL;
}

/* Whether the WMS figure of sd->key differs from the previous snapshot;
 * (present, v) against what --since had. */
static int
changed(const struct stockdiff *sd, int present, int64_t v)
{
	int64_t was = 0;
	int had = value_of(sd, sd->since, sd->key.p, sd->key.len, &was);

	return !sd->has_since || had != present || (present && was != v);
}

int
stockdiff_wms(struct stockdiff *sd, const struct ndjson_line *line,
    struct exception *e)
{
	struct sd_entry *en;
	const char *sku;
	size_t len, *at;
	int64_t q;
	int fresh;

	exc_clear(e);
	if (!key_of(sd, line->value, sd->wms_sku, e))
		return 0;
	sku = key_sku(sd, &len);
	e->value = json_object_get(line->value, sd->wms_qty);
	if (!json_count(e->value, &q))
		return exc_hold(e, EXC_BAD_QUANTITY, sd->wms_qty,
		    e->value, "the WMS figure of \"%.*s\" is not an integer",
		    (int)len, sku);
	at = hash_put_index(sd->wms, sd->key.p, sd->key.len, &fresh);
	if (!fresh) {	/* a duplicate never makes stock look larger */
		en = &sd->entries[*at];
		if (q < en->available) {
			en->available = q;
			en->changed = (unsigned char)changed(sd, 1, q);
		}
		e->value = json_object_get(line->value, sd->wms_sku);
		sd->wms_duplicates++;	/* read, and no harm: not unreadable */
		return exc_hold(e, EXC_DUPLICATE_SKU, sd->wms_sku,
		    e->value, "a second WMS record for \"%.*s\"; the lower "
		    "figure counts", (int)len, sku);
	}
	XGROW(sd->entries, sd->entrycap, sd->nentries + 1);
	en = &sd->entries[sd->nentries];
	*at = sd->nentries++;
	en->available = q;
	en->line = line->lineno;
	en->off = sd->texts.len;
	en->len = line->len;
	en->matched = 0;
	en->changed = (unsigned char)changed(sd, 1, q);
	buf_add(&sd->texts, line->text, line->len);
	return 1;
}

/* A storefront record, as stockdiff_store reads it. */
struct sd_listing {
	const char *sku;	/* the SKU part of sd->key */
	size_t len;
	size_t listing;		/* the SKU's first listing 1, then 2, ... */
	struct sd_entry *en;	/* its WMS record, NULL where none */
	int64_t prev;		/* the storefront's figure */
};

/* Reads a storefront record into r, its key into sd->key; 0 with e
 * filled where it has no key or no figure. */
static int
read_listing(struct stockdiff *sd, json_t *record, struct sd_listing *r,
    struct exception *e)
{
	size_t i, *at;
	int fresh;

	if (!key_of(sd, record, sd->store_sku, e))
		return 0;
	r->sku = key_sku(sd, &r->len);
	at = hash_put_index(sd->store, sd->key.p, sd->key.len, &fresh);
	r->listing = *at = fresh ? 1 : *at + 1;	/* a count, not an index */
	/* listed, whatever its figure: not missing_in_store */
	r->en = NULL;
	if ((i = hash_get_index(sd->wms, sd->key.p, sd->key.len)) !=
	    HASH_NONE) {
		r->en = &sd->entries[i];
		r->en->matched = 1;
	}
	e->value = json_object_get(record, sd->store_qty);
	if (!json_count(e->value, &r->prev))
		return exc_hold(e, EXC_BAD_QUANTITY, sd->store_qty, e->value,
		    "the storefront's figure of \"%.*s\" is not an integer",
		    (int)r->len, r->sku);
	return 1;
}

/*
 * A listing after the first is a catalogue problem, noted on it (SD_HOLD
 * and e); its stock is decided as the first's, or it would stay on sale.
 */
static int
held_listing(const struct stockdiff *sd, json_t *record,
    const struct sd_listing *r, struct exception *e)
{
	if (r->listing == 1)
		return 0;
	exc_hold(e, EXC_DUPLICATE_LISTING, sd->store_sku,
	    json_object_get(record, sd->store_sku), "storefront listing %lu "
	    "of \"%.*s\": a SKU listed more than once; each listing gets "
	    "its own update", (unsigned long)r->listing, (int)r->len, r->sku);
	return SD_HOLD;
}

/*
 * A SKU the WMS has no record of goes to 0, noted once, on its first
 * listing (SD_HOLD and e).
 */
static int
held_missing(const struct stockdiff *sd, json_t *record,
    const struct sd_listing *r, struct exception *e)
{
	if (r->en != NULL || r->listing != 1)
		return 0;
	exc_hold(e, EXC_MISSING_IN_WMS, sd->store_sku, json_object_get(record,
	    sd->store_sku), "the WMS has no stock record for \"%.*s\"; its "
	    "storefront stock goes to 0", (int)r->len, r->sku);
	return SD_HOLD;
}

/* max(0, available - buffer - pending), 0 for a SKU the WMS lacks. */
static int64_t
target_of(const struct stockdiff *sd, const struct sd_listing *r)
{
	int64_t pend = 0, target;

	if (r->en == NULL)
		return 0;
	value_of(sd, sd->pending, r->sku, r->len, &pend);
	/* buffer and pend are 0 or more: taken in turn, held at the ends as
	 * the exact difference would be */
	target = num_sub_sat(num_sub_sat(r->en->available, buffer_of(sd,
	    r->sku, r->len)), pend);
	return target < 0 ? 0 : target;
}

/* The update of a listing to target: SD_UPDATE with *update, or 0 when
 * none is due. */
static int
update_of(struct stockdiff *sd, json_t *record, const struct sd_listing *r,
    int64_t target, json_t **update)
{
	/* held at the ends: INT64_MAX is still above any tolerance */
	int64_t delta = num_sub_sat(target, r->prev);
	json_t *v;
	size_t i;

	/* the tolerance spares small rises only: a storefront above the
	 * target sells what the WMS does not have */
	if (delta == 0 || (delta > 0 && delta <= sd->tolerance))
		return 0;
	*update = json_object();
	json_object_set_new(*update, "sku", json_stringn(r->sku, r->len));
	if (sd->location != NULL)
		json_object_set(*update, "location", json_object_get(record,
		    sd->location));
	for (i = 0; i < sd->ncarry; i++)
		if ((v = json_object_get(record, sd->carry[i])) != NULL)
			json_object_set(*update, sd->carry[i], v);
	json_object_set_new(*update, "available", json_integer(target));
	json_object_set_new(*update, "previous", json_integer(r->prev));
	json_object_set_new(*update, "delta", json_integer(delta));
	json_object_set_new(*update, "risk", json_string(r->prev > target ?
	    "oversell" : "undersell"));
	sd->updates++;
	if (target == 0 && r->prev > 0)
		sd->zeroed++;	/* taken off sale: what max_zero counts */
	return SD_UPDATE;
}

int
stockdiff_store(struct stockdiff *sd, json_t *record, json_t **update,
    struct exception *e)
{
	struct sd_listing r;
	int result;

	exc_clear(e);
	if (!read_listing(sd, record, &r, e))
		return SD_HOLD;
	if (r.prev > 0)
		sd->on_sale++;	/* what a sell-out is a share of */
	result = held_listing(sd, record, &r, e);
	/* unchanged since --since: missing last time too was reported then */
	if (r.en != NULL ? !r.en->changed : !changed(sd, 0, 0)) {
		sd->unchanged++;
		return result;
	}
	result |= held_missing(sd, record, &r, e);
	sd->compared++;
	return result | update_of(sd, record, &r, target_of(sd, &r), update);
}

int
stockdiff_unmatched(struct stockdiff *sd, size_t i, json_t **record,
    struct ndjson_line *line, struct exception *e)
{
	struct sd_entry *en = &sd->entries[i];

	if (en->matched || !en->changed || sd->ignore_missing_store)
		return 0;
	exc_clear(e);
	json_decref(sd->record);
	/* read back as it came: it parsed once, so it parses again */
	sd->record = jtree_read(&sd->again, sd->texts.p + en->off, en->len);
	*record = sd->record;
	/* the envelope holds the line as it came */
	line->value = sd->record;
	line->text = sd->texts.p + en->off;
	line->len = en->len;
	line->tree = &sd->again;
	line->lineno = en->line;
	e->value = json_object_get(sd->record, sd->wms_sku);
	exc_hold(e, EXC_MISSING_IN_STORE, sd->wms_sku, e->value,
	    "the storefront has no stock record for \"%s\"",
	    json_string_value(e->value));
	return 1;
}

static unsigned long
max_of(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

static unsigned long
min_of(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

unsigned long
stockdiff_unreadable(const struct stockdiff *sd, unsigned long lines)
{
	return lines - sd->nentries - sd->wms_duplicates;
}

/*
 * By default more than 10% of the lines, and more than 2, or every one:
 * an export with a few dirty rows is normal and its good rows are worth
 * comparing, while a renamed field or a wrong format breaks most of them.
 * Fewer than 3 bad lines is a few bad rows in any file, unless they are
 * all it has.
 */
unsigned long
stockdiff_max_bad(const struct stockdiff *sd, unsigned long lines)
{
	if (sd->max_bad.set)
		return tool_limit_allowed(&sd->max_bad, lines);
	if (lines == 0)
		return 0;
	return min_of(max_of(2, lines / 10), lines - 1);
}

/*
 * By default more than 10% of the listings on sale and more than 20, or,
 * so that a small shop is kept too, more than half and more than 2: the
 * sell-outs between two runs are a few listings, the 20 leave room for a
 * busy day, and a cut snapshot takes off sale most of what it lost.
 */
unsigned long
stockdiff_max_zero(const struct stockdiff *sd)
{
	unsigned long n = sd->on_sale;

	if (sd->max_zero.set)
		return tool_limit_allowed(&sd->max_zero, n);
	return min_of(max_of(20, n / 10), max_of(2, n / 2));
}
