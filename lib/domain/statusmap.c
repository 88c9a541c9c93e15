#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "count.h"
#include "jsonw.h"
#include "ndjson.h"
#include "num.h"
#include "orderref.h"
#include "statusmap.h"
#include "xalloc.h"

enum effect { EFFECT_NONE, EFFECT_SHIPPED, EFFECT_CANCELLED };
static const char *const effect_name[] = { "none", "shipped", "cancelled" };

struct sm_status {
	const char *wms, *channel;
	enum effect effect;
};

/* A SKU of an order: its lines to pick added up. */
struct sm_line {
	char *sku;
	int64_t ordered, shipped, cancelled;
	int not_picked;		/* only on lines nobody picks */
	int listed;		/* on the version of the order kept */
	size_t pfirst;		/* index + 1 of its first storefront line */
};

/* A line to pick of the version kept, as the storefront has it. */
struct sm_pline {
	size_t sku;		/* its SKU: index into the order's lines */
	json_t *id;		/* its id, NULL where it has none */
	int64_t qty;		/* live quantity */
	int64_t start;		/* its first unit among the SKU's units */
	size_t kit;		/* index + 1 into the order's kits; 0: none */
	int64_t pos, perkit;	/* kit.position and kit.qty */
	/* index + 1 of the next storefront line of its SKU, of its kit:
	 * an event visits only the lines of its SKUs */
	size_t snext, knext;
};

/* A kit line that dekit broke into component lines. */
struct sm_kit {
	char *sku, *idtext;	/* kit.sku, kit.line_id as text: the group */
	json_t *line_id;	/* kit.line_id as it came */
	size_t npos;		/* the largest kit.position */
	size_t pfirst;		/* index + 1 of its first storefront line */
};

/* A shipment applied, kept so that a re-send can be told apart. */
struct sm_ship {
	json_t *id;		/* the shipment id as text */
	enum effect effect;
	json_t *lines;		/* {SKU: quantity}; NULL: not known (a state
				 * written before lines were kept) */
	json_t *tracking;	/* NULL where none */
};

struct sm_order {
	char *key;
	struct sm_line *lines;
	size_t nlines, linecap;
	struct sm_pline *plines;
	size_t nplines, plinecap;
	struct sm_kit *kits;
	size_t nkits, kitcap;
	struct sm_ship *ships;	/* in the order applied */
	size_t nships, shipcap;
	int in_orders;		/* 0: known from the state only */
	json_t *updated;	/* the updated time of the version kept */
	/*
	 * What order_status reads, kept up to date by each event from the
	 * lines it changes, so that an event costs its lines, not the
	 * order's: lines not all cancelled, lines with units left, lines
	 * with units shipped; counted is 0 until counted in full.
	 */
	size_t nopen, nleft, nshipped;
	int counted;
	size_t *marked;		/* the parcels an event marked (mark) */
	size_t nmarked, markedcap;
	size_t *visit;		/* scratch: the storefront lines to visit */
	size_t visitcap;
};

/* A fulfilment-order line item, and the units it can still take. */
struct sm_foitem {
	json_t *fo, *id;	/* the fulfilment order's id, and its own */
	int64_t left;
	size_t next;		/* the next of the same line, or FO_END */
};
#define FO_END SIZE_MAX

/* A storefront line of an update. */
struct sm_entry {
	json_t *id;		/* NULL where the line has none */
	int64_t qty;
	const char *sku;	/* its SKU, or its kit's: for messages */
};

void
statusmap_init(struct statusmap *m)
{
	memset(m, 0, sizeof(*m));
	m->at.ref = path_literal("order_ref");
	m->at.shipment = path_literal("shipment_id");
	m->at.status = path_literal("status");
	m->at.lines = path_literal("lines");
	m->at.tracking = path_literal("tracking_number");
	m->at.carrier = path_literal("carrier");
	m->at.dispatched = path_literal("dispatched_at");
	m->at.line_sku = "sku";
	m->at.line_qty = "qty";
	m->status_index = hash_new();
	m->order_index = hash_new();
	m->line_index = hash_new();
	m->seen = hash_new();
	m->fo_index = hash_new();
}

/* The version kept is replaced: its storefront lines and kits go. */
static void
clear_plines(struct sm_order *o)
{
	size_t i;

	for (i = 0; i < o->nplines; i++)
		json_decref(o->plines[i].id);
	for (i = 0; i < o->nkits; i++) {
		free(o->kits[i].sku);
		free(o->kits[i].idtext);
		json_decref(o->kits[i].line_id);
	}
	o->nplines = o->nkits = 0;
}

void
statusmap_free(struct statusmap *m)
{
	struct sm_paths *at = &m->at;
	size_t i, j;

	path_free(at->ref);
	path_free(at->shipment);
	path_free(at->status);
	path_free(at->lines);
	path_free(at->tracking);
	path_free(at->carrier);
	path_free(at->dispatched);
	order_free(&m->order);
	order_model_free(m->model);
	for (i = 0; i < m->norders; i++) {
		struct sm_order *o = &m->orders[i];

		for (j = 0; j < o->nlines; j++)
			free(o->lines[j].sku);
		free(o->lines);
		free(o->key);
		clear_plines(o);
		free(o->plines);
		free(o->kits);
		for (j = 0; j < o->nships; j++) {
			json_decref(o->ships[j].id);
			json_decref(o->ships[j].lines);
			json_decref(o->ships[j].tracking);
		}
		free(o->ships);
		free(o->marked);
		free(o->visit);
		json_decref(o->updated);
	}
	free(m->orders);
	for (i = 0; i < m->nfo; i++) {
		json_decref(m->fo[i].fo);
		json_decref(m->fo[i].id);
	}
	free(m->fo);
	hash_free(m->fo_index);
	free(m->entries);
	free(m->starts);
	free(m->sums);
	free(m->perkit);
	free(m->taken);
	json_decref(m->detail);
	free(m->statuses);
	csv_table_free(m->table);
	hash_free(m->status_index);
	hash_free(m->order_index);
	hash_free(m->line_index);
	hash_free(m->seen);
	free(m->slots);
	buf_free(&m->ref);
	buf_free(&m->ship);
	buf_free(&m->status);
	buf_free(&m->linekey);
	buf_free(&m->seenkey);
	buf_free(&m->fkey);
	buf_free(&m->where);
	buf_free(&m->kitid);
	buf_free(&m->lineid);
	buf_free(&m->foid);
	buf_free(&m->listpath);
	json_decref(m->pending);
}

void
statusmap_use_model(struct statusmap *m, struct order_model *model)
{
	order_model_free(m->model);
	m->model = model;
}

int
statusmap_load_table(struct statusmap *m, const char *path, char **err)
{
	struct csv_table *t;
	int cw, cc, ce, fresh;
	size_t r;

	if ((t = m->table = csv_table_load(path, err)) == NULL ||
	    (cw = csv_table_require(t, "wms_status", err)) < 0 ||
	    (cc = csv_table_require(t, "channel_status", err)) < 0 ||
	    (ce = csv_table_require(t, "effect", err)) < 0)
		return 0;
	m->statuses = xcalloc(t->nrows + 1, sizeof(*m->statuses));
	for (r = 0; r < t->nrows; r++) {
		struct sm_status *s = &m->statuses[r];
		const char *effect = csv_table_cell(t, r, ce);
		size_t *at;

		s->wms = csv_table_cell(t, r, cw);
		s->channel = csv_table_cell(t, r, cc);
		for (s->effect = EFFECT_NONE; s->effect <= EFFECT_CANCELLED;
		    s->effect++)
			if (strcmp(effect, effect_name[s->effect]) == 0)
				break;
		if (s->effect > EFFECT_CANCELLED) {
			*err = xasprintf("%s:%lu: effect \"%s\" is not shipped, "
			    "cancelled or none", path, t->lines[r], effect);
			return 0;
		}
		if (*s->wms == '\0') {
			*err = xasprintf("%s:%lu: empty wms_status", path,
			    t->lines[r]);
			return 0;
		}
		at = hash_put_index(m->status_index, s->wms, strlen(s->wms),
		    &fresh);
		if (!fresh) {
			*err = xasprintf("%s:%lu: wms_status \"%s\" twice", path,
			    t->lines[r], s->wms);
			return 0;
		}
		*at = r;
	}
	return 1;
}

/* The order of a key, made when absent if make is set. */
static struct sm_order *
order_of(struct statusmap *m, const struct buf *key, int make)
{
	size_t *at;
	int fresh;

	if (!make) {
		size_t i = hash_get_index(m->order_index, key->p, key->len);

		return i == HASH_NONE ? NULL : &m->orders[i];
	}
	at = hash_put_index(m->order_index, key->p, key->len, &fresh);
	if (fresh) {
		XGROW(m->orders, m->ordercap, m->norders + 1);
		memset(&m->orders[m->norders], 0, sizeof(*m->orders));
		m->orders[m->norders].key = xmemdup(key->p, key->len);
		*at = m->norders++;
	}
	return &m->orders[*at];
}

/* The line of a SKU in an order, made when absent if make is set. */
static struct sm_line *
line_of(struct statusmap *m, struct sm_order *o, const char *sku, size_t len,
    int make)
{
	size_t i, *at;
	int fresh;

	buf_reset(&m->linekey);
	buf_add(&m->linekey, o->key, strlen(o->key) + 1);
	buf_add(&m->linekey, sku, len);
	if (!make) {
		i = hash_get_index(m->line_index, m->linekey.p,
		    m->linekey.len);
		return i == HASH_NONE ? NULL : &o->lines[i];
	}
	o->counted = 0;		/* its quantities are about to change */
	at = hash_put_index(m->line_index, m->linekey.p, m->linekey.len,
	    &fresh);
	if (fresh) {
		XGROW(o->lines, o->linecap, o->nlines + 1);
		memset(&o->lines[o->nlines], 0, sizeof(*o->lines));
		o->lines[o->nlines].sku = xmemdup(sku, len);
		*at = o->nlines++;
	}
	return &o->lines[*at];
}

/* A SKU to match events by: a string without NUL; NULL, null and ""
 * are none. */
static int
sku_text(const json_t *sku)
{
	return json_is_string(sku) && json_string_length(sku) > 0 &&
	    memchr(json_string_value(sku), '\0',
	    json_string_length(sku)) == NULL;
}

/*
 * The kit line that line i, a component line dekit made, belongs to: its
 * "kit" object read, and with apply its group found or made in o (*kit
 * its index + 1). 1 with *kit 0 for a line without one; 0 and *why for
 * one that cannot be read.
 */
static int
kit_of(struct statusmap *m, struct sm_order *o, size_t i, int apply,
    struct sm_pline *pl, char **why)
{
	const struct order_line *l = &m->order.lines[i];
	json_t *ref = json_object_get(l->obj, "kit");
	json_t *sku = json_object_get(ref, "sku");
	json_t *line_id = json_object_get(ref, "line_id");
	struct sm_kit *k;
	size_t g;

	pl->kit = 0;
	if (!json_is_object(ref))
		return 1;
	/* positions are bounded as dekit bounds a kit's components */
	if (!sku_text(sku) || !json_count(json_object_get(ref, "position"),
	    &pl->pos) || pl->pos < 1 || pl->pos > 10000 ||
	    !json_count(json_object_get(ref, "qty"), &pl->perkit) ||
	    pl->perkit < 1) {
		order_line_where(m->model, &m->order, i, "kit", &m->where);
		*why = xasprintf("order \"%s\": %s has no string sku, no "
		    "position from 1 or no qty from 1", o->key, m->where.p);
		return 0;
	}
	if (!apply)
		return 1;
	if (!ref_text(line_id, &m->kitid))
		buf_reset(&m->kitid);
	buf_addc(&m->kitid, '\0');
	for (g = 0; g < o->nkits; g++)
		if (strcmp(o->kits[g].sku, json_string_value(sku)) == 0 &&
		    strcmp(o->kits[g].idtext, m->kitid.p) == 0)
			break;
	if (g == o->nkits) {
		XGROW(o->kits, o->kitcap, o->nkits + 1);
		k = &o->kits[o->nkits++];
		k->sku = xstrdup(json_string_value(sku));
		k->idtext = xstrdup(m->kitid.p);
		k->line_id = line_id ? json_incref(line_id) : NULL;
		k->npos = 0;
	}
	k = &o->kits[g];
	if ((size_t)pl->pos > k->npos)
		k->npos = (size_t)pl->pos;
	pl->kit = g + 1;
	return 1;
}

/* Where each storefront line's units start among its SKU's. */
static void
place_plines(struct statusmap *m, struct sm_order *o)
{
	size_t i;

	XGROW(m->starts, m->startcap, o->nlines + 1);
	memset(m->starts, 0, o->nlines * sizeof(*m->starts));
	for (i = 0; i < o->nlines; i++)
		o->lines[i].pfirst = 0;
	for (i = 0; i < o->nkits; i++)
		o->kits[i].pfirst = 0;
	/* chained last to first, so that each chain runs in file order */
	for (i = o->nplines; i-- > 0;) {
		struct sm_pline *pl = &o->plines[i];

		pl->snext = o->lines[pl->sku].pfirst;
		o->lines[pl->sku].pfirst = i + 1;
		pl->knext = 0;
		if (pl->kit != 0) {
			pl->knext = o->kits[pl->kit - 1].pfirst;
			o->kits[pl->kit - 1].pfirst = i + 1;
		}
	}
	for (i = 0; i < o->nplines; i++) {
		o->plines[i].start = m->starts[o->plines[i].sku];
		m->starts[o->plines[i].sku] += o->plines[i].qty;
	}
}

/*
 * The lines to pick of a version of an order, checked; with apply, their
 * live quantities are added up by SKU into o, each is kept as a storefront
 * line with its id and kit, and every SKU of the version is marked listed.
 * 0 and *why when a line cannot be read.
 */
static int
add_lines(struct statusmap *m, struct sm_order *o, int apply, char **why)
{
	struct order *r = &m->order;
	struct sm_pline pl;
	struct sm_line *sl;
	size_t i;

	for (i = 0; i < r->nlines; i++) {
		const struct order_line *l = &r->lines[i];
		const char *sku = json_string_value(l->sku);
		size_t len = json_string_length(l->sku);

		if (!order_picks(l)) {
			/* known, so that a dispatch of it is told apart */
			if (apply && sku_text(l->sku) &&
			    ((sl = line_of(m, o, sku, len, 0)) == NULL ||
			    !sl->listed)) {
				sl = line_of(m, o, sku, len, 1);
				sl->not_picked = sl->listed = 1;
			}
			continue;
		}
		if (l->sku == NULL || json_is_null(l->sku) ||
		    (json_is_string(l->sku) && len == 0))
			continue;	/* a custom item: the WMS has no SKU */
		if (!sku_text(l->sku) || !l->qty_ok || l->qty < 0) {
			order_line_where(m->model, r, i, NULL, &m->where);
			*why = xasprintf("order \"%s\": %s has no string %s or "
			    "no integer %s, 0 or more", o->key, m->where.p,
			    path_text(order_model_path(m->model, "sku")),
			    l->qty_field ? path_text(l->qty_field) :
			    "quantity");
			return 0;
		}
		if (!kit_of(m, o, i, apply, &pl, why))
			return 0;
		if (!apply)
			continue;
		sl = line_of(m, o, sku, len, 1);
		sl->not_picked = 0;
		sl->listed = 1;
		if (!num_add(sl->ordered, l->qty, &sl->ordered)) {
			*why = xasprintf("order \"%s\": the quantities of "
			    "\"%s\" are too large", o->key, sku);
			return 0;
		}
		pl.sku = (size_t)(sl - o->lines);
		pl.id = l->id && !json_is_null(l->id) ? json_incref(l->id) :
		    NULL;
		pl.qty = l->qty;
		XGROW(o->plines, o->plinecap, o->nplines + 1);
		o->plines[o->nplines++] = pl;
	}
	if (apply)
		place_plines(m, o);
	return 1;
}

/*
 * An order listed again (an edited order sent again, a feed of
 * orders/updated webhooks) is another version of it: the latest counts,
 * by the updated time, else the one further down the file. The version
 * kept replaces the lines of the one before whole; what the state has
 * shipped and cancelled stays, as it happened.
 */
static int
add_order(void *ctx, json_t *rec, char **why)
{
	struct statusmap *m = ctx;
	struct order *r = &m->order;
	struct exception e = { .code = EXC_NONE };
	struct sm_order *o;
	size_t i;

	if (!order_read(m->model, rec, r, &e)) {
		*why = xstrdup(e.message);	/* bad_field */
		exc_free(&e);
		return 0;
	}
	if (r->ref == NULL || !order_ref_key(r->ref, &m->ref)) {
		*why = xasprintf("no order reference at %s",
		    path_text(order_model_path(m->model, "ref")));
		return 0;
	}
	o = order_of(m, &m->ref, 1);
	/* every version is checked, the one kept or not */
	if (!add_lines(m, o, 0, why))
		return 0;
	if (o->in_orders) {
		if (order_later(m->model, o->updated, r->updated) == 0)
			return 1;	/* an earlier version */
		o->counted = 0;
		for (i = 0; i < o->nlines; i++) {
			o->lines[i].ordered = 0;
			o->lines[i].not_picked = o->lines[i].listed = 0;
		}
		clear_plines(o);
	}
	o->in_orders = 1;
	json_decref(o->updated);
	o->updated = r->updated ? json_incref(r->updated) : NULL;
	return add_lines(m, o, 1, why);
}

int
statusmap_load_orders(struct statusmap *m, const char *path, char **err)
{
	return ndjson_read_file(path, add_order, m, err);
}

/* The key of a shipment seen: "order\0shipment\0effect", into
 * m->seenkey. */
static void
seen_key(struct statusmap *m, const char *order, const char *shipment,
    size_t len, enum effect effect)
{
	buf_reset(&m->seenkey);
	buf_add(&m->seenkey, order, strlen(order) + 1);
	buf_add(&m->seenkey, shipment, len);
	buf_add(&m->seenkey, "", 1);
	buf_adds(&m->seenkey, effect_name[effect]);
}

/*
 * Notes a shipment as seen, with its lines ({SKU: quantity}, taken; NULL
 * where not known) and tracking number (borrowed, NULL where none); 0 when
 * it was already.
 */
static int
see(struct statusmap *m, struct sm_order *o, const char *shipment,
    size_t len, enum effect effect, json_t *lines, json_t *tracking)
{
	struct sm_ship *s;
	size_t *at;
	int fresh;

	seen_key(m, o->key, shipment, len, effect);
	at = hash_put_index(m->seen, m->seenkey.p, m->seenkey.len, &fresh);
	if (!fresh) {
		json_decref(lines);
		return 0;
	}
	XGROW(o->ships, o->shipcap, o->nships + 1);
	s = &o->ships[o->nships];
	s->id = json_stringn(shipment, len);
	s->effect = effect;
	s->lines = lines;
	s->tracking = tracking && !json_is_null(tracking) ?
	    json_incref(tracking) : NULL;
	*at = o->nships++;
	return 1;
}

/* Quantities by SKU from the state into o; 0 and *why when malformed. */
static int
add_quantities(struct statusmap *m, struct sm_order *o, const json_t *by_sku,
    enum effect effect, char **why)
{
	const char *sku;
	json_t *v;
	int64_t q;

	if (by_sku == NULL)
		return 1;
	if (!json_is_object(by_sku)) {
		*why = xasprintf("\"%s\" is not an object",
		    effect_name[effect]);
		return 0;
	}
	json_object_foreach((json_t *)by_sku, sku, v) {
		struct sm_line *l;

		if (!json_count(v, &q) || q < 0) {
			*why = xasprintf("%s of \"%s\" is not an integer, 0 "
			    "or more", effect_name[effect], sku);
			return 0;
		}
		l = line_of(m, o, sku, strlen(sku), 1);
		if (effect == EFFECT_SHIPPED)
			l->shipped = q;
		else
			l->cancelled = q;
	}
	return 1;
}

/*
 * A shipment of the state: {"shipment","effect","lines","tracking_number"},
 * lines {SKU: quantity from 1}; or a [shipment, effect] pair, as states
 * were written before the lines were kept.
 */
static int
add_seen(struct statusmap *m, struct sm_order *o, json_t *s, char **why)
{
	json_t *ship, *lines = NULL, *v, *copy;
	const char *eff, *sku;
	enum effect e = EFFECT_SHIPPED;
	int64_t q;

	if (json_is_array(s)) {
		ship = json_array_get(s, 0);
		eff = json_string_value(json_array_get(s, 1));
	} else {
		ship = json_object_get(s, "shipment");
		eff = json_string_value(json_object_get(s, "effect"));
		lines = json_object_get(s, "lines");
	}
	if (eff != NULL && strcmp(eff, "cancelled") == 0)
		e = EFFECT_CANCELLED;
	if (!json_is_string(ship) || eff == NULL ||
	    strcmp(eff, effect_name[e]) != 0 ||
	    (json_is_array(s) && json_array_size(s) != 2)) {
		*why = xstrdup("\"seen\" holds objects of a string shipment "
		    "and effect, or [shipment, effect] pairs of strings");
		return 0;
	}
	if (lines != NULL && !json_is_object(lines)) {
		*why = xasprintf("\"seen\": the lines of shipment \"%s\" are "
		    "not an object", json_string_value(ship));
		return 0;
	}
	copy = lines ? json_object() : NULL;
	json_object_foreach(lines, sku, v) {
		if (!json_count(v, &q) || q < 1) {
			*why = xasprintf("\"seen\": the quantity of \"%s\" in "
			    "shipment \"%s\" is not an integer from 1", sku,
			    json_string_value(ship));
			json_decref(copy);
			return 0;
		}
		json_object_set_new(copy, sku, json_integer(q));
	}
	see(m, o, json_string_value(ship), json_string_length(ship), e, copy,
	    json_is_object(s) ? json_object_get(s, "tracking_number") : NULL);
	return 1;
}

static int
add_state(void *ctx, json_t *rec, char **why)
{
	struct statusmap *m = ctx;
	json_t *seen = json_object_get(rec, "seen"), *s;
	struct sm_order *o;
	size_t i;

	if (!order_ref_key(json_object_get(rec, "order_ref"), &m->ref)) {
		*why = xstrdup("no order_ref");
		return 0;
	}
	o = order_of(m, &m->ref, 1);
	if (!add_quantities(m, o, json_object_get(rec, "shipped"),
	    EFFECT_SHIPPED, why) || !add_quantities(m, o,
	    json_object_get(rec, "cancelled"), EFFECT_CANCELLED, why))
		return 0;
	if (seen != NULL && !json_is_array(seen)) {
		*why = xstrdup("\"seen\" is not an array");
		return 0;
	}
	json_array_foreach(seen, i, s)
		if (!add_seen(m, o, s, why))
			return 0;
	return 1;
}

int
statusmap_load_state(struct statusmap *m, const char *path, char **err)
{
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 1;	/* the first run */
	return ndjson_read_file(path, add_state, m, err);
}

/*
 * The key of a storefront line id into m->lineid: its text, and a GraphQL
 * gid ("gid://shopify/LineItem/N") its number N, so that REST and GraphQL
 * name one line alike. 0 for an id that is no string or integer, or empty.
 */
static int
line_key(struct statusmap *m, const json_t *id)
{
	static const char gid[] = "gid://shopify/LineItem/";
	size_t n = sizeof(gid) - 1;

	if (!ref_text(id, &m->lineid) || m->lineid.len == 0)
		return 0;
	if (m->lineid.len > n && memcmp(m->lineid.p, gid, n) == 0) {
		memmove(m->lineid.p, m->lineid.p + n, m->lineid.len - n + 1);
		m->lineid.len -= n;
	}
	return 1;
}

/* The elements of a list that REST writes as an array and GraphQL as an
 * array, edges or nodes, into a new array. */
static json_t *
list_of(struct statusmap *m, json_t *rec, const char *rest,
    const char *graphql)
{
	static const char *const tail[] = { "[]", "[]", ".edges[].node",
	    ".nodes[]" };
	json_t *out = json_array();
	struct path *p;
	size_t i, k, n;

	for (i = 0; i < 4; i++) {
		buf_reset(&m->listpath);
		buf_adds(&m->listpath, i == 0 ? rest : graphql);
		buf_adds(&m->listpath, tail[i]);
		p = path_literal(m->listpath.p);
		n = path_find(p, rec, &m->slots, &m->slotcap);
		for (k = 0; k < n; k++)
			json_array_append(out, m->slots[k].value);
		path_free(p);
	}
	return out;
}

/* A count at the first key of two that rec has. */
static int
count_at(json_t *rec, const char *key, const char *or_key, int64_t *n)
{
	json_t *v = json_object_get(rec, key);

	return json_count(v ? v : json_object_get(rec, or_key), n) && *n >= 0;
}

/* The line items of one fulfilment order, indexed by storefront line. */
static int
add_fulfilment_order(struct statusmap *m, json_t *fo, char **why)
{
	json_t *fo_id = json_object_get(fo, "id"), *items, *it;
	size_t i;

	if (!ref_text(fo_id, &m->foid) || m->foid.len == 0) {
		*why = xstrdup("a fulfilment order without a string or integer "
		    "id");
		return 0;
	}
	items = list_of(m, fo, "line_items", "lineItems");
	if (json_array_size(items) == 0 && json_object_get(fo,
	    "line_items") == NULL && json_object_get(fo, "lineItems") == NULL) {
		json_decref(items);
		*why = xasprintf("fulfilment order %s has no line_items or "
		    "lineItems", m->foid.p);
		return 0;
	}
	json_array_foreach(items, i, it) {
		json_t *id = json_object_get(it, "id"), *line;
		struct sm_foitem *f;
		size_t *at;
		int64_t left;
		int fresh;

		/* REST names the order's line by its id, GraphQL by an
		 * object; REST has fulfillable_quantity, GraphQL
		 * remainingQuantity: what is still to fulfil */
		line = json_object_get(it, "line_item_id");
		if (line == NULL)
			line = json_object_get(json_object_get(it, "lineItem"),
			    "id");
		/* the item's id checked in lineid, before the line's key */
		if (!ref_text(id, &m->lineid) || !line_key(m, line) ||
		    !(count_at(it, "fulfillable_quantity", "quantity", &left) ||
		    count_at(it, "remainingQuantity", "totalQuantity",
		    &left))) {
			*why = xasprintf("fulfilment order %s: line item %zu "
			    "has no id, no line_item_id (lineItem.id) or no "
			    "fulfillable_quantity, quantity "
			    "(remainingQuantity, totalQuantity) of 0 or more",
			    m->foid.p, i);
			json_decref(items);
			return 0;
		}
		XGROW(m->fo, m->focap, m->nfo + 1);
		f = &m->fo[m->nfo];
		f->fo = json_incref(fo_id);
		f->id = json_incref(id);
		f->left = left;
		f->next = FO_END;
		/* the items of one line, in the order of the file */
		at = hash_put_index(m->fo_index, m->lineid.p, m->lineid.len,
		    &fresh);
		if (fresh)
			*at = m->nfo;
		else {
			size_t k = *at;

			while (m->fo[k].next != FO_END)
				k = m->fo[k].next;
			m->fo[k].next = m->nfo;
		}
		m->nfo++;
	}
	json_decref(items);
	return 1;
}

static int
add_fulfilment_record(void *ctx, json_t *rec, char **why)
{
	struct statusmap *m = ctx;
	json_t *fos, *fo;
	size_t i;
	int ok = 1;

	if (json_object_get(rec, "fulfillment_orders") == NULL &&
	    json_object_get(rec, "fulfillmentOrders") == NULL)
		return add_fulfilment_order(m, rec, why);
	/* a REST list, or an order with its fulfilment orders */
	fos = list_of(m, rec, "fulfillment_orders", "fulfillmentOrders");
	json_array_foreach(fos, i, fo)
		if (!(ok = add_fulfilment_order(m, fo, why)))
			break;
	json_decref(fos);
	return ok;
}

int
statusmap_load_fulfilment_orders(struct statusmap *m, const char *path,
    char **err)
{
	m->fo_loaded = 1;
	return ndjson_read_file(path, add_fulfilment_record, m, err);
}

/*
 * What is left to ship of a line: its live quantity less what is shipped
 * and cancelled, never below 0. The state's quantities may pass the live
 * quantity of a later version (a line an edit cut after a part shipped):
 * nothing is left then, and the difference is never worked out.
 */
static int64_t
left_of(const struct sm_line *l)
{
	int64_t open;

	if (l->cancelled >= l->ordered)
		return 0;
	open = l->ordered - l->cancelled;
	return l->shipped >= open ? 0 : open - l->shipped;
}

/* Adds (sign 1) or takes away (-1) a line's share of the order's counts. */
static void
count_line(struct sm_order *o, const struct sm_line *l, int sign)
{
	size_t open = l->cancelled < l->ordered, left = left_of(l) > 0;
	size_t shipped = l->shipped > 0;

	if (sign > 0) {
		o->nopen += open;
		o->nleft += left;
		o->nshipped += shipped;
	} else {
		o->nopen -= open;
		o->nleft -= left;
		o->nshipped -= shipped;
	}
}

/* The counts of order_status, in full: once after the order changed
 * other than by an event. */
static void
count_lines(struct sm_order *o)
{
	size_t i;

	if (o->counted)
		return;
	o->nopen = o->nleft = o->nshipped = 0;
	for (i = 0; i < o->nlines; i++)
		count_line(o, &o->lines[i], 1);
	o->counted = 1;
}

/* The order's status from its cumulative quantities. */
static const char *
order_status(struct sm_order *o)
{
	count_lines(o);
	if (o->nopen == 0 && o->nshipped == 0)
		return "cancelled";
	if (o->nleft == 0)
		return "fulfilled";
	return o->nshipped > 0 ? "partially_fulfilled" : "unfulfilled";
}

static json_t *
first_value(struct statusmap *m, const struct path *p, json_t *rec)
{
	size_t n = path_find(p, rec, &m->slots, &m->slotcap);

	return n > 0 ? m->slots[0].value : NULL;
}

/* exc_hold, with path (NULL: e's as it is) kept whatever reuses it. */
static enum sm_result __attribute__((format(printf, 5, 6)))
hold(struct exception *e, enum exc_code code, const char *path,
    const json_t *value, const char *fmt, ...)
{
	va_list ap;

	if (path != NULL) {
		buf_reset(&e->pathbuf);
		buf_adds(&e->pathbuf, path);
	}
	va_start(ap, fmt);
	exc_vhold(e, code, path != NULL ? e->pathbuf.p : e->path, value, fmt,
	    ap);
	va_end(ap);
	return SM_HOLD;
}

/* Over-shipment or over-cancellation of the pending quantities. */
static enum sm_result
check_amounts(struct statusmap *m, struct sm_order *o, enum effect effect,
    struct exception *e)
{
	const char *sku;
	json_t *v;

	json_object_foreach(m->pending, sku, v) {
		struct sm_line *l = line_of(m, o, sku, strlen(sku), 0);
		long long q = json_integer_value(v);
		int64_t left = left_of(l);

		if (effect == EFFECT_SHIPPED && q > left)
			return hold(e, EXC_OVER_SHIPMENT, NULL, NULL,
			    "shipping %lld of \"%s\" is more than the %lld "
			    "left of %lld ordered, %lld cancelled", q, sku,
			    (long long)left, (long long)l->ordered,
			    (long long)l->cancelled);
		if (effect == EFFECT_CANCELLED && q > left)
			return hold(e, EXC_OVER_SHIPMENT, NULL, NULL,
			    "cancelling %lld of \"%s\" is more than the %lld "
			    "left to ship", q, sku, (long long)left);
	}
	return SM_UPDATE;
}

/*
 * The event's lines, checked, and with known against the order too,
 * summed by SKU into m->pending.
 */
static enum sm_result
check_lines(struct statusmap *m, struct sm_order *o, json_t *event,
    int known, struct exception *e)
{
	size_t n = path_find(m->at.lines, event, &m->slots, &m->slotcap);
	size_t i, k, count = 0;
	json_t *l;

	json_decref(m->pending);
	m->pending = json_object();
	for (k = 0; k < n; k++)
		json_array_foreach(m->slots[k].value, i, l) {
			json_t *sku = json_object_get(l, m->at.line_sku), *sum;
			const struct sm_line *ol;
			int64_t q;

			count++;
			buf_reset(&m->where);
			buf_printf(&m->where, "%s[%zu]", path_text(m->at.lines),
			    i);
			if (!json_is_string(sku))
				return hold(e, EXC_BAD_EVENT, m->where.p, l,
				    "the line has no string %s",
				    m->at.line_sku);
			/* SKUs are keys: a NUL would cut them short */
			if (memchr(json_string_value(sku), '\0',
			    json_string_length(sku)) != NULL)
				return hold(e, EXC_BAD_EVENT, m->where.p, l,
				    "the SKU holds a NUL character");
			if (!json_count(json_object_get(l, m->at.line_qty), &q) ||
			    q <= 0)
				return hold(e, EXC_BAD_QUANTITY,
				    m->where.p, l, "the quantity of \"%s\" "
				    "is not a positive integer",
				    json_string_value(sku));
			/* a SKU only an earlier version had is not on it */
			if (known && ((ol = line_of(m, o,
			    json_string_value(sku), json_string_length(sku),
			    0)) == NULL || !ol->listed))
				return hold(e, EXC_UNKNOWN_LINE,
				    m->where.p, l, "SKU \"%s\" is not on "
				    "order \"%s\"",
				    json_string_value(sku), o->key);
			if (known && ol->not_picked)
				return hold(e, EXC_UNKNOWN_LINE,
				    m->where.p, l, "SKU \"%s\" is on order "
				    "\"%s\" but not on a line to pick",
				    json_string_value(sku), o->key);
			sum = json_object_get(m->pending,
			    json_string_value(sku));
			if (sum != NULL && !num_add(q, json_integer_value(sum),
			    &q))
				return hold(e, EXC_BAD_QUANTITY,
				    m->where.p, l, "the quantities of \"%s\" "
				    "are too large", json_string_value(sku));
			json_object_set_new(m->pending, json_string_value(sku),
			    json_integer(q));
		}
	if (count == 0)
		return hold(e, EXC_BAD_EVENT, path_text(m->at.lines), NULL,
		    "the event has no lines");
	return SM_UPDATE;
}

static json_t *
value_or_null(json_t *v)
{
	return v ? json_incref(v) : json_null();
}

/* {SKU: quantity} as the update's lines: [{"sku","quantity"}, ...]. */
static json_t *
sku_lines(json_t *by_sku)
{
	json_t *lines = json_array(), *v;
	const char *sku;

	json_object_foreach(by_sku, sku, v)
		json_array_append_new(lines, json_pack("{s:s,s:O}", "sku", sku,
		    "quantity", v));
	return lines;
}

/*
 * A shipment id applied before, with the same effect: an identical
 * re-send (the same SKUs and quantities) is a duplicate, dropped; other
 * lines are held with both versions, the one applied standing. A shipment
 * whose lines the state does not know is taken as a duplicate.
 */
static enum sm_result
seen_again(struct statusmap *m, struct sm_order *o, const struct sm_ship *s,
    json_t *event, struct exception *e)
{
	if (check_lines(m, o, event, 0, e) != SM_UPDATE)
		return SM_HOLD;
	if (s->lines == NULL || json_equal(s->lines, m->pending)) {
		m->duplicates++;
		return SM_DROP;
	}
	json_decref(m->detail);
	m->detail = json_pack("{s:{s:o,s:o},s:{s:o,s:o}}", "earlier", "lines",
	    sku_lines(s->lines), "tracking_number", value_or_null(s->tracking),
	    "now", "lines", sku_lines(m->pending), "tracking_number",
	    value_or_null(first_value(m, m->at.tracking, event)));
	e->detail = m->detail;
	return hold(e, EXC_CONFLICTING_SHIPMENT, NULL, NULL, "shipment "
	    "\"%s\" of order \"%s\" was applied before with other lines; the "
	    "one applied stands", json_string_value(s->id), o->key);
}

static int64_t
overlap(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t lo = a > c ? a : c, hi = b < d ? b : d;

	return hi > lo ? hi - lo : 0;
}

/* The event's quantity of a SKU. */
static int64_t
pending_of(struct statusmap *m, const char *sku)
{
	return json_integer_value(json_object_get(m->pending, sku));
}

/*
 * The units of storefront line p shipped (or cancelled), with extra more
 * of its SKU: shipped units fill the SKU's lines first to last, cancelled
 * units last to first, so that the two never claim one unit.
 */
static int64_t
units_of(const struct sm_order *o, const struct sm_pline *p,
    enum effect effect, int64_t extra)
{
	const struct sm_line *l = &o->lines[p->sku];

	if (effect == EFFECT_SHIPPED)
		return overlap(p->start, p->start + p->qty, 0,
		    l->shipped + extra);
	return overlap(p->start, p->start + p->qty,
	    l->ordered - l->cancelled - extra, l->ordered);
}

/* Room for a kit's positions in m->sums and m->perkit, all 0. */
static void
kit_scratch(struct statusmap *m, size_t npos)
{
	XGROW(m->sums, m->sumcap, npos);
	XGROW(m->perkit, m->perkitcap, npos);
	memset(m->sums, 0, npos * sizeof(*m->sums));
	memset(m->perkit, 0, npos * sizeof(*m->perkit));
}

/*
 * Whole kits of kit line g shipped (or cancelled), with the event's lines
 * where with is set: the smallest, over its components, of their units
 * divided by the units in one kit, as dekit --rekit counts them.
 */
static int64_t
kits_done(struct statusmap *m, const struct sm_order *o, size_t g,
    enum effect effect, int with)
{
	int64_t kits = INT64_MAX;
	size_t i;

	kit_scratch(m, o->kits[g].npos);
	for (i = o->kits[g].pfirst; i != 0; i = o->plines[i - 1].knext) {
		const struct sm_pline *p = &o->plines[i - 1];

		m->sums[p->pos - 1] += units_of(o, p, effect, with ?
		    pending_of(m, o->lines[p->sku].sku) : 0);
		m->perkit[p->pos - 1] = p->perkit;
	}
	for (i = 0; i < o->kits[g].npos; i++)
		if (m->perkit[i] > 0 && m->sums[i] / m->perkit[i] < kits)
			kits = m->sums[i] / m->perkit[i];
	return kits == INT64_MAX ? 0 : kits;
}

/*
 * Marks parcel i (o->ships, then the event at o->nships): a list, not a
 * flag per parcel, so that an event costs its parcels, not the order's.
 */
static void
mark(struct sm_order *o, size_t i)
{
	XGROW(o->marked, o->markedcap, o->nmarked + 1);
	o->marked[o->nmarked++] = i;
}

static int
by_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Marks the shipments (those applied, then the event) that
 * carried units lo to hi of storefront line p. A SKU's shipped units are
 * laid out in the order the shipments were applied, the last ending at
 * the total shipped; units from a state that kept no lines come first.
 */
static void
mark_units(struct statusmap *m, struct sm_order *o,
    const struct sm_pline *p, int64_t lo, int64_t hi)
{
	const char *sku = o->lines[p->sku].sku;
	int64_t at = o->lines[p->sku].shipped + pending_of(m, sku), q;
	size_t i;

	for (i = o->nships + 1; i-- > 0;) {
		const json_t *lines = i == o->nships ? m->pending :
		    o->ships[i].effect == EFFECT_SHIPPED ? o->ships[i].lines :
		    NULL;

		if (!json_count(json_object_get(lines, sku), &q))
			continue;
		if (overlap(at - q, at, p->start + lo, p->start + hi) > 0)
			mark(o, i);
		at -= q;
	}
}

/* Marks the parcels that carried the units of kits kb to ka of kit g. */
static void
mark_kit_parcels(struct statusmap *m, struct sm_order *o, size_t g,
    int64_t kb, int64_t ka)
{
	size_t i;

	kit_scratch(m, o->kits[g].npos);	/* sums: units per position */
	for (i = o->kits[g].pfirst; i != 0; i = o->plines[i - 1].knext) {
		const struct sm_pline *p = &o->plines[i - 1];
		int64_t *at = &m->sums[p->pos - 1];
		int64_t lo = kb * p->perkit, hi = ka * p->perkit;

		if (overlap(*at, *at + p->qty, lo, hi) > 0)
			mark_units(m, o, p, (lo > *at ? lo : *at) - *at,
			    (hi < *at + p->qty ? hi : *at + p->qty) - *at);
		*at += p->qty;
	}
}

static void
add_entry(struct statusmap *m, json_t *id, int64_t qty, const char *sku)
{
	XGROW(m->entries, m->entrycap, m->nentries + 1);
	m->entries[m->nentries].id = id;
	m->entries[m->nentries].qty = qty;
	m->entries[m->nentries++].sku = sku;
}

/*
 * The storefront lines of the event, into m->entries: each line's units
 * the event adds, and for component lines their kit line's whole kits;
 * with the parcels of kits it completes marked.
 */
static void
storefront_lines(struct statusmap *m, struct sm_order *o,
    enum effect effect)
{
	size_t i, j, n = 0;
	const char *s;
	json_t *v;

	o->nmarked = 0;
	mark(o, o->nships);
	m->nentries = 0;
	/*
	 * Only the lines of the event's SKUs can change, and a kit line only
	 * through its components: those, each kit at its first line, in the
	 * order of the file.
	 */
	json_object_foreach(m->pending, s, v) {
		const struct sm_line *l = line_of(m, o, s, strlen(s), 0);

		for (j = l != NULL ? l->pfirst : 0; j != 0;
		    j = o->plines[j - 1].snext) {
			const struct sm_pline *pl = &o->plines[j - 1];

			XGROW(o->visit, o->visitcap, n + 1);
			o->visit[n++] = pl->kit == 0 ? j - 1 :
			    o->kits[pl->kit - 1].pfirst - 1;
		}
	}
	if (n > 0)
		qsort(o->visit, n, sizeof(*o->visit), by_size);
	for (j = 0; j < n; j++) {
		const struct sm_pline *pl;
		const char *sku;
		int64_t before, after;

		if (j > 0 && o->visit[j] == o->visit[j - 1])
			continue;	/* a kit of two SKUs of the event */
		i = o->visit[j];
		pl = &o->plines[i];
		sku = o->lines[pl->sku].sku;
		if (pl->kit == 0) {
			after = units_of(o, pl, effect, pending_of(m, sku));
			before = units_of(o, pl, effect, 0);
			if (after > before)
				add_entry(m, pl->id, after - before, sku);
			continue;
		}
		before = kits_done(m, o, pl->kit - 1, effect, 0);
		after = kits_done(m, o, pl->kit - 1, effect, 1);
		if (after <= before)
			continue;
		add_entry(m, o->kits[pl->kit - 1].line_id, after - before,
		    o->kits[pl->kit - 1].sku);
		if (effect == EFFECT_SHIPPED)
			mark_kit_parcels(m, o, pl->kit - 1, before, after);
	}
}

/* Gives back what map_fulfilment took of the first n takes. */
static void
untake(struct statusmap *m, size_t n)
{
	while (n-- > 0)
		m->fo[m->taken[2 * n]].left += m->taken[2 * n + 1];
}

/* The object of fulfilment order id in fos, made when absent. */
static json_t *
fo_group(json_t *fos, json_t *id)
{
	json_t *g;
	size_t i;

	json_array_foreach(fos, i, g)
		if (json_equal(json_object_get(g, "id"), id))
			return g;
	g = json_pack("{s:O,s:[]}", "id", id, "line_items");
	json_array_append_new(fos, g);
	return g;
}

/*
 * Each storefront line of the update as its fulfilment-order line items,
 * filling each up to what it can still take, in the order of the file:
 * *out, grouped by fulfilment order. A line that has none, or not enough
 * room in them, is no_fulfillment_line, and nothing is taken.
 */
static enum sm_result
map_fulfilment(struct statusmap *m, json_t **out, struct exception *e)
{
	size_t i, k, n = 0;
	json_t *fos = json_array();

	for (i = 0; i < m->nentries; i++) {
		const struct sm_entry *en = &m->entries[i];
		int64_t room = 0, rest = en->qty, take;
		size_t j;

		k = en->id && line_key(m, en->id) ? hash_get_index(
		    m->fo_index, m->lineid.p, m->lineid.len) : HASH_NONE;
		/* enough room is all that is asked: it stops growing there */
		for (j = k; j != FO_END && room < rest; j = m->fo[j].next)
			room += m->fo[j].left;
		if (k == HASH_NONE || room < rest) {
			untake(m, n);
			json_decref(fos);
			if (en->id == NULL)
				return hold(e, EXC_NO_FULFILLMENT_LINE, NULL,
				    NULL, "a line of \"%s\" has no id to find "
				    "in the fulfilment orders", en->sku);
			ref_text(en->id, &m->lineid);
			if (k == HASH_NONE)
				return hold(e, EXC_NO_FULFILLMENT_LINE, NULL,
				    en->id, "line %s (\"%s\") is in no "
				    "fulfilment order", m->lineid.p, en->sku);
			return hold(e, EXC_NO_FULFILLMENT_LINE, NULL, en->id,
			    "line %s (\"%s\"): %lld to fulfil, %lld left in "
			    "its fulfilment orders", m->lineid.p, en->sku,
			    (long long)rest, (long long)room);
		}
		for (; k != FO_END && rest > 0; k = m->fo[k].next) {
			struct sm_foitem *f = &m->fo[k];

			if ((take = f->left < rest ? f->left : rest) == 0)
				continue;
			f->left -= take;
			rest -= take;
			XGROW(m->taken, m->takencap, 2 * n + 2);
			m->taken[2 * n] = (int64_t)k;
			m->taken[2 * n + 1] = take;
			n++;
			json_array_append_new(json_object_get(fo_group(fos,
			    f->fo), "line_items"), json_pack("{s:O,s:I}",
			    "id", f->id, "quantity", (json_int_t)take));
		}
	}
	*out = fos;
	return SM_UPDATE;
}

/* The tracking numbers of the parcels marked, each once, in the order
 * applied: the event's last. */
static json_t *
tracking_numbers(struct sm_order *o)
{
	json_t *out = json_array(), *t;
	size_t i, j, k;

	qsort(o->marked, o->nmarked, sizeof(*o->marked), by_size);
	for (k = 0; k < o->nmarked; k++) {
		if (k > 0 && o->marked[k] == o->marked[k - 1])
			continue;
		i = o->marked[k];
		if (i >= o->nships || (t = o->ships[i].tracking) == NULL)
			continue;
		for (j = 0; j < json_array_size(out); j++)
			if (json_equal(json_array_get(out, j), t))
				break;
		if (j == json_array_size(out))
			json_array_append(out, t);
	}
	return out;
}

/* An event, as statusmap_event reads it. */
struct sm_event {
	json_t *ref, *ship, *status;	/* where the event has them */
	struct sm_order *o;		/* its order */
	const struct sm_status *st;	/* its status's row */
};

/*
 * Reads an event's order, shipment and status into ev, the shipment's
 * text into m->ship: SM_UPDATE; SM_HOLD with e where one is missing or not
 * known; SM_DROP for a status of no effect.
 */
static enum sm_result
read_event(struct statusmap *m, json_t *event, struct sm_event *ev,
    struct exception *e)
{
	size_t i;

	ev->ref = first_value(m, m->at.ref, event);
	ev->ship = first_value(m, m->at.shipment, event);
	ev->status = first_value(m, m->at.status, event);
	if (!order_ref_key(ev->ref, &m->ref))
		return hold(e, EXC_BAD_EVENT, path_text(m->at.ref), ev->ref,
		    "the event has no order reference");
	ev->o = order_of(m, &m->ref, 0);
	if (!ref_text(ev->ship, &m->ship) || m->ship.len == 0)
		return hold(e, EXC_BAD_EVENT, path_text(m->at.shipment),
		    ev->ship, "the event has no shipment id");
	/* a status may be a name or a number (Clarus goods_out_status_id) */
	if (!ref_text(ev->status, &m->status) || (i = hash_get_index(
	    m->status_index, m->status.p, m->status.len)) == HASH_NONE)
		return hold(e, EXC_UNMAPPED_STATUS, path_text(m->at.status),
		    ev->status, "the WMS status is not in the status table");
	ev->st = &m->statuses[i];
	if (ev->o == NULL || !ev->o->in_orders)
		return hold(e, EXC_UNKNOWN_ORDER, path_text(m->at.ref),
		    ev->ref, "order \"%s\" is not in the orders", m->ref.p);
	if (ev->st->effect == EFFECT_NONE) {
		m->no_effect++;
		return SM_DROP;
	}
	return SM_UPDATE;
}

/*
 * Whether the event applies: a shipment seen before is a duplicate or a
 * conflict; lines that cannot be read, that the order does not have or
 * that pass what is left are held. Its lines summed into m->pending.
 */
static enum sm_result
judge_event(struct statusmap *m, json_t *event, const struct sm_event *ev,
    struct exception *e)
{
	size_t i;

	seen_key(m, ev->o->key, m->ship.p, m->ship.len, ev->st->effect);
	if ((i = hash_get_index(m->seen, m->seenkey.p, m->seenkey.len)) !=
	    HASH_NONE)
		return seen_again(m, ev->o, &ev->o->ships[i], event, e);
	/* not applied, not seen, when held: it may come again */
	if (check_lines(m, ev->o, event, 1, e) != SM_UPDATE ||
	    check_amounts(m, ev->o, ev->st->effect, e) != SM_UPDATE)
		return SM_HOLD;
	return SM_UPDATE;
}

/* Adds the event's quantities to its order, and notes it as seen. */
static void
apply_event(struct statusmap *m, json_t *event, const struct sm_event *ev)
{
	struct sm_order *o = ev->o;
	const char *sku;
	json_t *v;

	count_lines(o);
	json_object_foreach(m->pending, sku, v) {
		struct sm_line *l = line_of(m, o, sku, strlen(sku), 0);

		count_line(o, l, -1);
		if (ev->st->effect == EFFECT_SHIPPED)
			l->shipped += json_integer_value(v);
		else
			l->cancelled += json_integer_value(v);
		count_line(o, l, 1);
	}
	see(m, o, m->ship.p, m->ship.len, ev->st->effect,
	    json_incref(m->pending), first_value(m, m->at.tracking, event));
}

/* The update of an event applied, with its fulfilment orders (fos, taken;
 * NULL where none). */
static json_t *
write_update(struct statusmap *m, json_t *event, const struct sm_event *ev,
    json_t *fos)
{
	json_t *update, *line_items = json_array();
	size_t i;

	for (i = 0; i < m->nentries; i++)
		json_array_append_new(line_items, json_pack("{s:O,s:I}", "id",
		    m->entries[i].id ? m->entries[i].id : json_null(),
		    "quantity", (json_int_t)m->entries[i].qty));
	buf_reset(&m->fkey);
	/* a cancellation of a shipment is another update than its dispatch */
	buf_printf(&m->fkey, "%s:%s%s", ev->o->key, m->ship.p,
	    ev->st->effect == EFFECT_CANCELLED ? ":cancelled" : "");
	update = json_pack("{s:O,s:O,s:s,s:O,s:s,s:s,s:o,s:o}",
	    "order_ref", ev->ref, "shipment_id", ev->ship, "fulfilment_key",
	    m->fkey.p, "wms_status", ev->status, "channel_status",
	    ev->st->channel, "effect", effect_name[ev->st->effect], "lines",
	    sku_lines(m->pending), "line_items", line_items);
	if (fos != NULL)
		json_object_set_new(update, "fulfillment_orders", fos);
	json_object_set_new(update, "tracking_number",
	    value_or_null(first_value(m, m->at.tracking, event)));
	json_object_set_new(update, "tracking_numbers",
	    tracking_numbers(ev->o));
	json_object_set_new(update, "carrier", value_or_null(first_value(m,
	    m->at.carrier, event)));
	json_object_set_new(update, "dispatched_at", value_or_null(
	    first_value(m, m->at.dispatched, event)));
	json_object_set_new(update, "order_status",
	    json_string(order_status(ev->o)));
	return update;
}

enum sm_result
statusmap_event(struct statusmap *m, json_t *event, json_t **update,
    struct exception *e)
{
	struct sm_event ev = { .o = NULL, .st = NULL };
	enum sm_result r;
	json_t *fos = NULL;

	exc_clear(e);
	if ((r = read_event(m, event, &ev, e)) != SM_UPDATE ||
	    (r = judge_event(m, event, &ev, e)) != SM_UPDATE)
		return r;
	storefront_lines(m, ev.o, ev.st->effect);
	if (m->fo_loaded && map_fulfilment(m, &fos, e) != SM_UPDATE)
		return SM_HOLD;
	apply_event(m, event, &ev);
	*update = write_update(m, event, &ev, fos);
	m->updates++;
	return SM_UPDATE;
}

/* A shipment of the state. */
static json_t *
ship_record(const struct sm_ship *s)
{
	json_t *rec = json_pack("{s:O,s:s}", "shipment", s->id, "effect",
	    effect_name[s->effect]);

	if (s->lines != NULL)
		json_object_set(rec, "lines", s->lines);
	if (s->tracking != NULL)
		json_object_set(rec, "tracking_number", s->tracking);
	return rec;
}

void
statusmap_write_state(struct statusmap *m, struct writer *w)
{
	size_t i, j;

	for (i = 0; i < m->norders; i++) {
		const struct sm_order *o = &m->orders[i];
		json_t *shipped = json_object(), *cancelled = json_object();
		json_t *seen, *rec;

		for (j = 0; j < o->nlines; j++) {
			if (o->lines[j].shipped > 0)
				json_object_set_new(shipped, o->lines[j].sku,
				    json_integer(o->lines[j].shipped));
			if (o->lines[j].cancelled > 0)
				json_object_set_new(cancelled, o->lines[j].sku,
				    json_integer(o->lines[j].cancelled));
		}
		if (json_object_size(shipped) + json_object_size(cancelled) +
		    o->nships == 0) {
			json_decref(shipped);
			json_decref(cancelled);
			continue;
		}
		seen = json_array();
		for (j = 0; j < o->nships; j++)
			json_array_append_new(seen, ship_record(&o->ships[j]));
		rec = json_pack("{s:s,s:o,s:o,s:o}", "order_ref", o->key,
		    "shipped", shipped, "cancelled", cancelled, "seen", seen);
		jsonw_value(w, rec);
		writer_end_record(w);
		json_decref(rec);
	}
}
