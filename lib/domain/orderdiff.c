#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "num.h"
#include "orderdiff.h"
#include "orderref.h"
#include "xalloc.h"

void
orderdiff_init(struct orderdiff *od, const struct order_shape *shape)
{
	memset(od, 0, sizeof(*od));
	goodsout_init(&od->go);
	od->model = order_model_new(shape ? shape : order_shapes[0], -1);
	od->qty = hash_new();
}

void
orderdiff_shape(struct orderdiff *od, const struct order_shape *shape)
{
	order_model_free(od->model);
	od->model = order_model_new(shape ? shape : order_shapes[0], -1);
}

void
orderdiff_free(struct orderdiff *od)
{
	size_t i;

	for (i = 0; od->latest != NULL && i < od->go.norders; i++) {
		free(od->latest[i].text);
		json_decref(od->latest[i].updated);
	}
	free(od->latest);
	goodsout_free(&od->go);
	order_model_free(od->model);
	order_free(&od->o);
	jtree_free(&od->again);
	hash_free(od->qty);
	free(od->units);
	json_decref(od->detail);
	buf_free(&od->key);
	memset(od, 0, sizeof(*od));
}


/* Reads record into od->o and its reference key into od->key; 0 with e
 * when it cannot be read. */
static int
read_order(struct orderdiff *od, json_t *record, struct exception *e)
{
	const struct path *rp = order_model_path(od->model, "ref");
	struct order *o = &od->o;

	exc_clear(e);
	if (!order_read(od->model, record, o, e))
		return 0;	/* bad_field */
	if (order_ref_key(o->ref, &od->key))
		return 1;
	return exc_hold(e, EXC_NO_FIELD, rp ? path_text(rp) : NULL,
	    o->ref, "the order has no reference at %s", rp ? path_text(rp) :
	    "(none)");
}

/* Whether the order still wants something picked: a line to pick with a
 * live quantity above 0. */
static int
due(const struct order *o)
{
	size_t i;

	if (o->cancelled)
		return 0;
	for (i = 0; i < o->nlines; i++)
		if (order_picks(&o->lines[i]) && o->lines[i].qty_ok &&
		    o->lines[i].qty > 0)
			return 1;
	return 0;
}

int
orderdiff_order(struct orderdiff *od, const struct ndjson_line *line,
    struct exception *e)
{
	struct order *o = &od->o;
	struct goodsout_order *w;
	struct od_version *v;
	int d;

	if (!read_order(od, line->value, e))
		return 0;
	d = due(o);
	w = goodsout_find(&od->go, od->key.p, od->key.len);
	if (w == NULL) {
		/* its WMS order held: nothing to compare, nothing missing */
		if (!goodsout_held(&od->go, od->key.p, od->key.len)) {
			od->not_in_wms++;
			od->missing += (unsigned long)d;
			od->due += (unsigned long)d;
		}
		return 1;
	}
	if (od->latest == NULL)	/* the WMS side is whole by now */
		od->latest = xcalloc(od->go.norders, sizeof(*od->latest));
	v = &od->latest[w - od->go.orders];
	if (v->text != NULL) {
		od->superseded++;
		/* a tie, or no time to tell: the later in the input */
		if (order_later(od->model, v->updated, o->updated) == 0)
			return 1;
		free(v->text);
		json_decref(v->updated);
		od->due -= (unsigned long)v->due;
	}
	v->text = xmalloc(line->len + 1);
	memcpy(v->text, line->text, line->len);
	v->text[line->len] = '\0';
	v->len = line->len;
	v->updated = json_incref(o->updated);
	v->source = line->source;
	v->lineno = line->lineno;
	v->due = d;
	od->due += (unsigned long)d;
	return 1;
}

/* The index of sku in the tally, added with nothing on either side. */
static size_t
tally_index(struct orderdiff *od, const char *sku, size_t len)
{
	int fresh;
	size_t *at = hash_put_index(od->qty, sku, len, &fresh);

	if (fresh) {
		XGROW(od->units, od->qtycap, od->nqty + 1);
		od->units[od->nqty] = (struct od_units){
			hash_key(od->qty, sku, len), 0, 0, 0 };
		*at = od->nqty++;
	}
	return *at;
}

/*
 * The storefront's units to pick by SKU (none for a cancelled order), then
 * the WMS order's; 0 and e for a line to pick that cannot be compared.
 * Sums are held at the ends of int64: a sum this large differs anyway.
 */
static int
tally(struct orderdiff *od, const struct goodsout_order *w,
    struct exception *e)
{
	struct order *o = &od->o;
	const struct order_line *l;
	const struct goodsout_line *gl;
	const struct path *sp = order_model_path(od->model, "sku");
	size_t i, k;

	hash_clear(od->qty);
	od->nqty = 0;
	if (!o->cancelled && !order_check_picks(od->model, o, e))
		return 0;	/* bad_quantity, bad_price, missing_sku */
	for (i = 0; !o->cancelled && i < o->nlines; i++) {
		l = &o->lines[i];
		/* a line an edit removed counts, as 0, where it has a SKU */
		if (!order_picks(l) || (l->qty == 0 && !json_is_string(
		    l->sku)))
			continue;
		if (!json_is_string(l->sku)) {
			order_line_where(od->model, o, i, sp ? path_text(sp) :
			    NULL, &e->pathbuf);
			return exc_hold(e, EXC_BAD_SKU, e->pathbuf.p,
			    l->sku, "line %s is to be picked but its SKU is "
			    "not a string", e->pathbuf.p);
		}
		k = tally_index(od, json_string_value(l->sku),
		    json_string_length(l->sku));
		od->units[k].sf = num_add_sat(od->units[k].sf, l->qty);
	}
	for (i = 0; i < w->nlines; i++) {
		gl = &od->go.lines[w->lines_at + i];
		k = tally_index(od, goodsout_text(&od->go, gl->sku),
		    strlen(goodsout_text(&od->go, gl->sku)));
		od->units[k].wq = num_add_sat(od->units[k].wq, gl->ordered);
		od->units[k].picked = num_add_sat(od->units[k].picked,
		    gl->picked);
	}
	return 1;
}

/* [{"sku","wms_quantity","quantity"}] of the SKUs whose quantity differs. */
static json_t *
differences(const struct orderdiff *od)
{
	json_t *lines = json_array();
	const struct od_units *u;
	size_t i;

	for (i = 0; i < od->nqty; i++) {	/* units is NULL while none */
		u = &od->units[i];
		if (u->sf != u->wq)
			json_array_append_new(lines, json_pack("{s:s,s:I,s:I}",
			    "sku", u->sku, "wms_quantity", (json_int_t)u->wq,
			    "quantity", (json_int_t)u->sf));
	}
	return lines;
}

/* "take out 1 MUG (2 to 1, 2 picked), add 1 TOTE (0 to 1)" onto e's
 * message, or, after dispatch, "MUG 2 to 1, TOTE 0 to 1". */
static void
changes(struct orderdiff *od, struct exception *e, int picking)
{
	const struct od_units *u;
	const char *sep = "";
	int64_t d;
	size_t i;

	for (i = 0; i < od->nqty; i++) {
		u = &od->units[i];
		if (u->sf == u->wq)
			continue;
		if (!picking) {
			exc_add(e, "%s%s %lld to %lld", sep,
			    u->sku, (long long)u->wq, (long long)u->sf);
			sep = ", ";
			continue;
		}
		d = u->sf - u->wq;
		exc_add(e, "%s%s %lld %s (%lld to %lld", sep,
		    d < 0 ? "take out" : "add", (long long)(d < 0 ? -d : d),
		    u->sku, (long long)u->wq, (long long)u->sf);
		if (u->picked > 0)
			exc_add(e, ", %lld picked", (long long)u->picked);
		exc_add(e, ")");
		sep = ", ";
	}
}

/* The WMS status for a person and a record: the Clarus name of 1 to 7;
 * else as the WMS wrote it (one of --wms-cancelled, or unknown). */
static const char *
status_text(const struct orderdiff *od, const struct goodsout_order *w)
{
	if (w->status_id == GO_UNKNOWN || w->status_id == GO_CANCELLED)
		return goodsout_text(&od->go, w->status);
	return goodsout_status_name(w->status_id);
}

/* An order held as e says, with its facts as detail. */
static enum od_verdict
held(struct orderdiff *od, const struct goodsout_order *w,
    struct exception *e)
{
	json_decref(od->detail);
	od->detail = json_pack("{s:s,s:s?,s:o}", "reference", od->key.p,
	    "wms_status", status_text(od, w), "lines", differences(od));
	e->detail = od->detail;
	return OD_HOLD;
}

/* The amendment record for the integration to send. */
static json_t *
amendment(struct orderdiff *od, const struct goodsout_order *w)
{
	struct order *o = &od->o;
	const struct order_ship *s = order_live_shipping(o, &(size_t){ 0 });
	json_t *out = json_object();

	json_object_set_new(out, "reference", json_string(od->key.p));
	json_object_set_new(out, "action", json_string(o->cancelled ?
	    "cancel" : "amend"));
	json_object_set_new(out, "wms_status", json_string(status_text(od,
	    w)));
	json_object_set_new(out, "external_system_reference1",
	    ref_text(o->id, &o->text) ? json_stringn(o->text.p, o->text.len) :
	    json_null());
	json_object_set_new(out, "external_system_reference2",
	    ref_text(o->ref, &o->text) ? json_stringn(o->text.p, o->text.len) :
	    json_null());
	json_object_set_new(out, "updated_at", o->updated ?
	    json_incref(o->updated) : json_null());
	json_object_set_new(out, "shipping_method", s && s->title ?
	    json_incref(s->title) : json_null());
	json_object_set_new(out, "delivery_address", o->address ?
	    json_incref(o->address) : json_null());
	json_object_set_new(out, "lines", differences(od));
	return out;
}

enum od_verdict
orderdiff_compare(struct orderdiff *od, json_t *record,
    const struct goodsout_order *w, json_t **out, struct exception *e)
{
	struct order *o = &od->o;
	int64_t units = 0;
	size_t i;
	int changed = 0;

	*out = NULL;
	if (!read_order(od, record, e) || !tally(od, w, e))
		return OD_HOLD;
	for (i = 0; i < od->nqty; i++) {
		changed |= od->units[i].sf != od->units[i].wq;
		units = num_add_sat(units, od->units[i].sf);
	}
	if (w->status_id == GO_CANCELLED) {
		if (o->cancelled || units == 0)
			return OD_NOTHING;	/* both sides agree */
		exc_hold(e, EXC_CANCELLED_IN_WMS, NULL, NULL, "order %s is "
		    "cancelled in the WMS (%s) but live in the storefront, "
		    "with %lld unit%s to pick", od->key.p, status_text(od, w),
		    (long long)units, units == 1 ? "" : "s");
		return held(od, w, e);
	}
	if (!changed && !o->cancelled) {
		od->unchanged++;
		return OD_NOTHING;
	}
	switch (w->status_id) {
	case GO_DRAFT:
	case GO_PENDING:
	case GO_ALLOCATED:
	case GO_PART_ALLOCATED:
		*out = amendment(od, w);
		if (o->cancelled)
			od->cancel++;
		else
			od->amend++;
		return OD_WRITE;
	case GO_PICK:
	case GO_PART:
		exc_hold(e, EXC_EDIT_DURING_PICK, NULL, NULL, "order %s %s in "
		    "the storefront while the WMS picks it (%s): %s",
		    od->key.p, o->cancelled ? "was cancelled" : "changed",
		    status_text(od, w), o->cancelled ? "stop the pick; " : "");
		changes(od, e, 1);
		return held(od, w, e);
	case GO_COMPLETED:
		exc_hold(e, EXC_EDIT_AFTER_DISPATCH, NULL, NULL, "order %s %s "
		    "in the storefront after the WMS dispatched it (%s): ",
		    od->key.p, o->cancelled ? "was cancelled" : "changed",
		    status_text(od, w));
		changes(od, e, 0);
		exc_add(e, "; only a return or a refund can follow");
		return held(od, w, e);
	default:
		if (w->status == 0)
			exc_hold(e, EXC_UNMAPPED_STATUS, NULL, NULL, "order %s "
			    "%s in the storefront, but its WMS order has no "
			    "status at %s", od->key.p,
			    o->cancelled ? "was cancelled" : "changed",
			    path_text(od->go.at.status));
		else
			exc_hold(e, EXC_UNMAPPED_STATUS, NULL, NULL, "order %s "
			    "%s in the storefront, but its WMS status \"%s\" "
			    "is not a Clarus goods-out status (1 to 8 or a "
			    "name)", od->key.p,
			    o->cancelled ? "was cancelled" : "changed",
			    goodsout_text(&od->go, w->status));
		return held(od, w, e);
	}
}

enum od_verdict
orderdiff_decide(struct orderdiff *od, size_t i, struct ndjson_line *line,
    json_t **out, struct exception *e)
{
	struct od_version *v;

	*out = NULL;
	memset(line, 0, sizeof(*line));
	if (od->latest == NULL || (v = &od->latest[i])->text == NULL)
		return OD_NOTHING;	/* the storefront never named it */
	od->compared++;
	line->kind = NDJSON_OBJECT;
	line->text = v->text;
	line->len = v->len;
	line->source = v->source;
	line->lineno = v->lineno;
	/* read once already, as the reader reads: it reads again */
	if ((line->value = jtree_read(&od->again, v->text, v->len)) == NULL)
		die("%s:%lu: %s", v->source, v->lineno, od->again.doc.error);
	line->tree = &od->again;
	return orderdiff_compare(od, line->value, &od->go.orders[i], out, e);
}
