#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "count.h"
#include "jsonw.h"
#include "ndjson.h"
#include "orderref.h"
#include "statusmap.h"
#include "xalloc.h"

enum effect { EFFECT_NONE, EFFECT_SHIPPED, EFFECT_CANCELLED };
static const char *const effect_name[] = { "none", "shipped", "cancelled" };

struct sm_status {
	const char *wms, *channel;
	enum effect effect;
};

struct sm_line {
	char *sku;
	int64_t ordered, shipped, cancelled;
	int not_picked;		/* only on lines nobody picks */
	int listed;		/* on the version of the order kept */
};

struct sm_order {
	char *key;
	struct sm_line *lines;
	size_t nlines, linecap;
	json_t *seen;		/* [[shipment, effect], ...] */
	int in_orders;		/* 0: known from the state only */
	json_t *updated;	/* the updated time of the version kept */
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
}

void
statusmap_free(struct statusmap *m)
{
	struct path **p = &m->at.ref;
	size_t i, j;

	for (; p <= &m->at.dispatched; p++)
		path_free(*p);
	order_free(&m->order);
	order_model_free(m->model);
	for (i = 0; i < m->norders; i++) {
		for (j = 0; j < m->orders[i].nlines; j++)
			free(m->orders[i].lines[j].sku);
		free(m->orders[i].lines);
		free(m->orders[i].key);
		json_decref(m->orders[i].seen);
		json_decref(m->orders[i].updated);
	}
	free(m->orders);
	free(m->statuses);
	csv_table_free(m->table);
	hash_free(m->status_index);
	hash_free(m->order_index);
	hash_free(m->line_index);
	hash_free(m->seen);
	free(m->slots);
	buf_free(&m->key);
	buf_free(&m->text);
	buf_free(&m->msg);
	buf_free(&m->path);
	json_decref(m->pending);
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
		void **slot;

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
		slot = hash_put(m->status_index, s->wms, strlen(s->wms),
		    &fresh);
		if (!fresh) {
			*err = xasprintf("%s:%lu: wms_status \"%s\" twice", path,
			    t->lines[r], s->wms);
			return 0;
		}
		*slot = (void *)(uintptr_t)(r + 1);
	}
	return 1;
}

/* The order of a key, made when absent if make is set. */
static struct sm_order *
order_of(struct statusmap *m, const struct buf *key, int make)
{
	void **slot, *p;
	int fresh;

	if (!make) {
		size_t i = (uintptr_t)hash_get(m->order_index, key->p,
		    key->len);

		return i ? &m->orders[i - 1] : NULL;
	}
	slot = hash_put(m->order_index, key->p, key->len, &fresh);
	if (!fresh)
		return &m->orders[(uintptr_t)*slot - 1];
	p = m->orders;
	xgrow(&p, &m->ordercap, m->norders + 1, sizeof(*m->orders));
	m->orders = p;
	memset(&m->orders[m->norders], 0, sizeof(*m->orders));
	m->orders[m->norders].key = xmemdup(key->p, key->len);
	m->orders[m->norders].seen = json_array();
	*slot = (void *)(uintptr_t)++m->norders;
	return &m->orders[m->norders - 1];
}

/* The line of a SKU in an order, made when absent if make is set. */
static struct sm_line *
line_of(struct statusmap *m, struct sm_order *o, const char *sku, size_t len,
    int make)
{
	void **slot, *p;
	size_t i;
	int fresh;

	buf_reset(&m->key);
	buf_add(&m->key, o->key, strlen(o->key) + 1);
	buf_add(&m->key, sku, len);
	if (!make) {
		i = (uintptr_t)hash_get(m->line_index, m->key.p, m->key.len);
		return i ? &o->lines[i - 1] : NULL;
	}
	slot = hash_put(m->line_index, m->key.p, m->key.len, &fresh);
	if (!fresh)
		return &o->lines[(uintptr_t)*slot - 1];
	p = o->lines;
	xgrow(&p, &o->linecap, o->nlines + 1, sizeof(*o->lines));
	o->lines = p;
	memset(&o->lines[o->nlines], 0, sizeof(*o->lines));
	o->lines[o->nlines].sku = xmemdup(sku, len);
	*slot = (void *)(uintptr_t)++o->nlines;
	return &o->lines[o->nlines - 1];
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
 * The lines to pick of a version of an order, checked; with apply, their
 * live quantities are added up by SKU into o, and every SKU of the version
 * is marked listed. 0 and *why when a line cannot be read.
 */
static int
add_lines(struct statusmap *m, struct sm_order *o, int apply, char **why)
{
	struct order *r = &m->order;
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
			order_line_where(m->model, r, i, NULL, &m->path);
			*why = xasprintf("order \"%s\": %s has no string %s or "
			    "no integer %s, 0 or more", o->key, m->path.p,
			    path_text(order_model_path(m->model, "sku")),
			    l->qty_field ? path_text(l->qty_field) :
			    "quantity");
			return 0;
		}
		if (!apply)
			continue;
		sl = line_of(m, o, sku, len, 1);
		sl->not_picked = 0;
		sl->listed = 1;
		if (__builtin_add_overflow(sl->ordered, l->qty,
		    &sl->ordered)) {
			*why = xasprintf("order \"%s\": the quantities of "
			    "\"%s\" are too large", o->key, sku);
			return 0;
		}
	}
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
	struct exception e;
	struct sm_order *o;
	size_t i;

	if (!order_read(m->model, rec, r, &e)) {
		*why = xstrdup(e.message);	/* bad_field */
		return 0;
	}
	if (r->ref == NULL || !order_ref_key(r->ref, &m->text)) {
		*why = xasprintf("no order reference at %s",
		    path_text(order_model_path(m->model, "ref")));
		return 0;
	}
	o = order_of(m, &m->text, 1);
	/* every version is checked, the one kept or not */
	if (!add_lines(m, o, 0, why))
		return 0;
	if (o->in_orders) {
		if (order_later(m->model, o->updated, r->updated) == 0)
			return 1;	/* an earlier version */
		for (i = 0; i < o->nlines; i++) {
			o->lines[i].ordered = 0;
			o->lines[i].not_picked = o->lines[i].listed = 0;
		}
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

/* The key of a shipment seen: "order\0shipment\0effect", into m->key. */
static void
seen_key(struct statusmap *m, const char *order, const char *shipment,
    size_t len, enum effect effect)
{
	buf_reset(&m->key);
	buf_add(&m->key, order, strlen(order) + 1);
	buf_add(&m->key, shipment, len);
	buf_add(&m->key, "", 1);
	buf_adds(&m->key, effect_name[effect]);
}

/* Notes a shipment as seen; 0 when it was already. */
static int
see(struct statusmap *m, struct sm_order *o, const char *shipment,
    size_t len, enum effect effect)
{
	int fresh;

	seen_key(m, o->key, shipment, len, effect);
	hash_put(m->seen, m->key.p, m->key.len, &fresh);
	if (fresh)
		json_array_append_new(o->seen, json_pack("[s#,s]", shipment,
		    (int)len, effect_name[effect]));
	return fresh;
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

static int
add_state(void *ctx, json_t *rec, char **why)
{
	struct statusmap *m = ctx;
	json_t *seen = json_object_get(rec, "seen"), *pair;
	struct sm_order *o;
	size_t i;

	if (!order_ref_key(json_object_get(rec, "order_ref"), &m->text)) {
		*why = xstrdup("no order_ref");
		return 0;
	}
	o = order_of(m, &m->text, 1);
	if (!add_quantities(m, o, json_object_get(rec, "shipped"),
	    EFFECT_SHIPPED, why) || !add_quantities(m, o,
	    json_object_get(rec, "cancelled"), EFFECT_CANCELLED, why))
		return 0;
	if (seen != NULL && !json_is_array(seen)) {
		*why = xstrdup("\"seen\" is not an array");
		return 0;
	}
	json_array_foreach(seen, i, pair) {
		json_t *ship = json_array_get(pair, 0);
		const char *eff = json_string_value(json_array_get(pair, 1));
		enum effect e = EFFECT_SHIPPED;

		if (eff != NULL && strcmp(eff, "cancelled") == 0)
			e = EFFECT_CANCELLED;
		if (!json_is_string(ship) || eff == NULL ||
		    strcmp(eff, effect_name[e]) != 0) {
			*why = xstrdup("\"seen\" holds [shipment, effect] "
			    "pairs of strings");
			return 0;
		}
		see(m, o, json_string_value(ship), json_string_length(ship),
		    e);
	}
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

/* The order's status from its cumulative quantities. */
static const char *
order_status(const struct sm_order *o)
{
	int all_cancelled = 1, all_shipped = 1, any_shipped = 0;
	size_t i;

	for (i = 0; i < o->nlines; i++) {
		const struct sm_line *l = &o->lines[i];

		if (l->cancelled < l->ordered)
			all_cancelled = 0;
		if (left_of(l) > 0)
			all_shipped = 0;
		if (l->shipped > 0)
			any_shipped = 1;
	}
	if (all_cancelled && !any_shipped)
		return "cancelled";
	if (all_shipped)
		return "fulfilled";
	return any_shipped ? "partially_fulfilled" : "unfulfilled";
}

static json_t *
first_value(struct statusmap *m, const struct path *p, json_t *rec)
{
	size_t n = path_find(p, rec, &m->slots, &m->slotcap);

	return n > 0 ? m->slots[0].value : NULL;
}

static enum sm_result __attribute__((format(printf, 6, 7)))
hold(struct statusmap *m, struct exception *e, const char *code,
    const char *path, const json_t *value, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->value = value;
	buf_reset(&m->path);
	if (path != NULL) {
		buf_adds(&m->path, path);
		e->path = m->path.p;
	}
	buf_reset(&m->msg);
	va_start(ap, fmt);
	buf_vprintf(&m->msg, fmt, ap);
	va_end(ap);
	e->message = m->msg.p;
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
			return hold(m, e, "over_shipment", NULL, NULL,
			    "shipping %lld of \"%s\" is more than the %lld "
			    "left of %lld ordered, %lld cancelled", q, sku,
			    (long long)left, (long long)l->ordered,
			    (long long)l->cancelled);
		if (effect == EFFECT_CANCELLED && q > left)
			return hold(m, e, "over_shipment", NULL, NULL,
			    "cancelling %lld of \"%s\" is more than the %lld "
			    "left to ship", q, sku, (long long)left);
	}
	return SM_UPDATE;
}

/* The event's lines, checked against the order, summed by SKU into
 * m->pending. */
static enum sm_result
check_lines(struct statusmap *m, struct sm_order *o, json_t *event,
    enum effect effect, struct exception *e)
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
			buf_reset(&m->text);
			buf_printf(&m->text, "%s[%zu]", path_text(m->at.lines),
			    i);
			if (!json_is_string(sku))
				return hold(m, e, "bad_event", m->text.p, l,
				    "the line has no string %s",
				    m->at.line_sku);
			/* SKUs are keys: a NUL would cut them short */
			if (memchr(json_string_value(sku), '\0',
			    json_string_length(sku)) != NULL)
				return hold(m, e, "bad_event", m->text.p, l,
				    "the SKU holds a NUL character");
			if (!json_count(json_object_get(l, m->at.line_qty), &q) ||
			    q <= 0)
				return hold(m, e, "bad_quantity", m->text.p, l,
				    "the quantity of \"%s\" is not a positive "
				    "integer", json_string_value(sku));
			/* a SKU only an earlier version had is not on it */
			if ((ol = line_of(m, o, json_string_value(sku),
			    json_string_length(sku), 0)) == NULL || !ol->listed)
				return hold(m, e, "unknown_line", m->text.p, l,
				    "SKU \"%s\" is not on order \"%s\"",
				    json_string_value(sku), o->key);
			if (ol->not_picked)
				return hold(m, e, "unknown_line", m->text.p, l,
				    "SKU \"%s\" is on order \"%s\" but not on "
				    "a line to pick", json_string_value(sku),
				    o->key);
			sum = json_object_get(m->pending,
			    json_string_value(sku));
			if (sum != NULL && __builtin_add_overflow(q,
			    json_integer_value(sum), &q))
				return hold(m, e, "bad_quantity", m->text.p, l,
				    "the quantities of \"%s\" are too large",
				    json_string_value(sku));
			json_object_set_new(m->pending, json_string_value(sku),
			    json_integer(q));
		}
	if (count == 0)
		return hold(m, e, "bad_event", path_text(m->at.lines), NULL,
		    "the event has no lines");
	return check_amounts(m, o, effect, e);
}

static json_t *
value_or_null(json_t *v)
{
	return v ? json_incref(v) : json_null();
}

enum sm_result
statusmap_event(struct statusmap *m, json_t *event, json_t **update,
    struct exception *e)
{
	json_t *ref = first_value(m, m->at.ref, event);
	json_t *ship = first_value(m, m->at.shipment, event);
	json_t *status = first_value(m, m->at.status, event);
	const struct sm_status *st;
	struct sm_order *o;
	json_t *lines, *v;
	const char *sku;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (!order_ref_key(ref, &m->text))
		return hold(m, e, "bad_event", path_text(m->at.ref), ref,
		    "the event has no order reference");
	o = order_of(m, &m->text, 0);
	if (!ref_text(ship, &m->text) || m->text.len == 0)
		return hold(m, e, "bad_event", path_text(m->at.shipment), ship,
		    "the event has no shipment id");
	/* a status may be a name or a number (Clarus goods_out_status_id) */
	if (!ref_text(status, &m->text) || (i = (uintptr_t)hash_get(
	    m->status_index, m->text.p, m->text.len)) == 0)
		return hold(m, e, "unmapped_status", path_text(m->at.status),
		    status, "the WMS status is not in the status table");
	st = &m->statuses[i - 1];
	if (o == NULL || !o->in_orders) {
		order_ref_key(ref, &m->text);
		return hold(m, e, "unknown_order", path_text(m->at.ref), ref,
		    "order \"%s\" is not in the orders", m->text.p);
	}
	if (st->effect == EFFECT_NONE) {
		m->no_effect++;
		return SM_DROP;
	}
	ref_text(ship, &m->text);
	seen_key(m, o->key, m->text.p, m->text.len, st->effect);
	if (hash_has(m->seen, m->key.p, m->key.len)) {
		m->duplicates++;
		return SM_DROP;
	}
	if (check_lines(m, o, event, st->effect, e) != SM_UPDATE)
		return SM_HOLD;	/* not applied, not seen: it may come again */
	lines = json_array();
	json_object_foreach(m->pending, sku, v) {
		struct sm_line *l = line_of(m, o, sku, strlen(sku), 0);

		if (st->effect == EFFECT_SHIPPED)
			l->shipped += json_integer_value(v);
		else
			l->cancelled += json_integer_value(v);
		json_array_append_new(lines, json_pack("{s:s,s:O}", "sku", sku,
		    "quantity", v));
	}
	ref_text(ship, &m->text);
	see(m, o, m->text.p, m->text.len, st->effect);
	buf_reset(&m->key);
	/* a cancellation of a shipment is another update than its dispatch */
	buf_printf(&m->key, "%s:%s%s", o->key, m->text.p,
	    st->effect == EFFECT_CANCELLED ? ":cancelled" : "");
	*update = json_pack("{s:O,s:O,s:s,s:O,s:s,s:s,s:o,s:o,s:o,s:o,s:s}",
	    "order_ref", ref, "shipment_id", ship, "fulfilment_key", m->key.p,
	    "wms_status", status, "channel_status", st->channel, "effect",
	    effect_name[st->effect], "lines", lines, "tracking_number",
	    value_or_null(first_value(m, m->at.tracking, event)), "carrier",
	    value_or_null(first_value(m, m->at.carrier, event)),
	    "dispatched_at", value_or_null(first_value(m, m->at.dispatched,
	    event)), "order_status", order_status(o));
	m->updates++;
	return SM_UPDATE;
}

void
statusmap_write_state(struct statusmap *m, struct writer *w)
{
	size_t i, j;

	for (i = 0; i < m->norders; i++) {
		const struct sm_order *o = &m->orders[i];
		json_t *shipped = json_object(), *cancelled = json_object();
		json_t *rec;

		for (j = 0; j < o->nlines; j++) {
			if (o->lines[j].shipped > 0)
				json_object_set_new(shipped, o->lines[j].sku,
				    json_integer(o->lines[j].shipped));
			if (o->lines[j].cancelled > 0)
				json_object_set_new(cancelled, o->lines[j].sku,
				    json_integer(o->lines[j].cancelled));
		}
		if (json_object_size(shipped) + json_object_size(cancelled) +
		    json_array_size(o->seen) == 0) {
			json_decref(shipped);
			json_decref(cancelled);
			continue;
		}
		rec = json_pack("{s:s,s:o,s:o,s:O}", "order_ref", o->key,
		    "shipped", shipped, "cancelled", cancelled, "seen",
		    o->seen);
		jsonw_value(w, rec);
		writer_end_record(w);
		json_decref(rec);
	}
}
