#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "orderref.h"
#include "wmsorder.h"

void
wmsorder_init(struct wmsorder *w, const struct order_shape *shape)
{
	memset(w, 0, sizeof(*w));
	if (shape == NULL)
		shape = order_shape_find("shopify");
	w->model = order_model_new(shape, -1);
	/* shipmap sets these on the live shipping line; Magento's is the
	 * order itself, whose shipping_description is its title */
	w->ship_service = path_literal("service_code");
	w->ship_carrier = path_literal("carrier");
}

void
wmsorder_free(struct wmsorder *w)
{
	order_model_free(w->model);
	path_free(w->service);
	path_free(w->carrier);
	path_free(w->ship_service);
	path_free(w->ship_carrier);
	order_free(&w->o);
	free(w->slots);
	buf_free(&w->text);
	buf_free(&w->where);
	memset(w, 0, sizeof(*w));
}

static const char *
shape_name(const struct wmsorder *w)
{
	return order_model_shape(w->model)->name;
}

/* The value at p in v, or NULL; its place into w->where. */
static json_t *
find(struct wmsorder *w, const struct path *p, json_t *v)
{
	size_t n;

	buf_reset(&w->where);
	if (p == NULL || v == NULL)
		return NULL;
	n = path_find(p, v, &w->slots, &w->slotcap);
	if (n == 0) {
		buf_adds(&w->where, path_text(p));
		return NULL;
	}
	path_where(p, &w->slots[0], &w->where);
	return w->slots[0].value;
}


static const char *
type_name(const json_t *v)
{
	return json_is_null(v) ? "null" : json_is_object(v) ? "an object" :
	    json_is_array(v) ? "an array" : json_is_string(v) ? "a string" :
	    json_is_boolean(v) ? "a boolean" : "a number";
}

static int
bad_field(struct wmsorder *w, struct exception *e, const json_t *v,
    const char *want)
{
	exc_hold(e, EXC_BAD_FIELD, w->where.p, v, "%s is %s, not %s "
	    "(shape %s)", w->where.p, type_name(v), want, shape_name(w));
	return 0;
}

static int
absent(const json_t *v)
{
	return v == NULL || json_is_null(v);
}

/* A string or an integer as a JSON string; null where absent. */
static int
text_or_null(struct wmsorder *w, struct exception *e, const json_t *v,
    json_t **out)
{
	if (absent(v)) {
		*out = json_null();
		return 1;
	}
	if (!ref_text(v, &w->text))
		return bad_field(w, e, v, "a string or an integer");
	*out = json_stringn(w->text.p, w->text.len);
	return 1;
}

/* The value v as it came, for a member that must be of type want. */
static int
as_came(struct wmsorder *w, struct exception *e, json_t *v, int ok,
    const char *want, json_t **out)
{
	if (absent(v)) {
		*out = json_null();
		return 1;
	}
	if (!ok)
		return bad_field(w, e, v, want);
	*out = json_incref(v);
	return 1;
}

/* The place of a live shipping line's member into w->where. */
static void
ship_where(struct wmsorder *w, const struct order_ship *s,
    const char *member)
{
	const struct path *p = order_model_path(w->model, "shipping");
	json_t *v = NULL, *a;
	size_t i;

	buf_reset(&w->where);
	if (s->obj != w->o.record && p != NULL && path_find(p, w->o.record,
	    &w->slots, &w->slotcap) > 0)
		v = w->slots[0].value;
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++)
			if (json_array_get(v, i) == s->obj)
				buf_printf(&w->where, "%s[%zu].", path_text(p),
				    i);
	} else if (json_is_array(a = json_object_get(v, "edges"))) {
		for (i = 0; i < json_array_size(a); i++)
			if (json_object_get(json_array_get(a, i), "node") ==
			    s->obj)
				buf_printf(&w->where, "%s.edges[%zu].node.",
				    path_text(p), i);
	} else if (json_is_array(a = json_object_get(v, "nodes"))) {
		for (i = 0; i < json_array_size(a); i++)
			if (json_array_get(a, i) == s->obj)
				buf_printf(&w->where, "%s.nodes[%zu].",
				    path_text(p), i);
	}
	buf_adds(&w->where, member);
}

/* The service code and carrier: of the record by an option, else of the
 * live shipping line; its place into w->where. *ship 0 where the order
 * has no live shipping line. */
static json_t *
ship_value(struct wmsorder *w, const struct path *option,
    const struct path *member, int *ship)
{
	const struct order_ship *s;
	json_t *v;
	size_t nlive;

	*ship = 1;
	if (option != NULL)
		return find(w, option, w->o.record);
	if ((s = order_live_shipping(&w->o, &nlive)) == NULL) {
		*ship = 0;
		buf_reset(&w->where);
		return NULL;
	}
	v = find(w, member, s->obj);
	ship_where(w, s, path_text(member));
	return v;
}

/* Why a cancelled order is: cancelled_at's value, or the state's. */
static int
cancelled(struct wmsorder *w, struct exception *e)
{
	const struct path *p = order_model_path(w->model, "cancelled");
	json_t *v = find(w, p, w->o.record);

	if (absent(v)) {
		p = order_model_path(w->model, "status");
		v = find(w, p, w->o.record);
	}
	exc_hold(e, EXC_CANCELLED_ORDER, w->where.p, v, "order %s is "
	    "cancelled (%s); it is not sent to the WMS", w->text.p, w->where.p);
	return 0;
}

/* The goods-out line of line i into lines. */
static int
add_line(struct wmsorder *w, struct exception *e, size_t i, json_t *lines)
{
	const struct order_line *l = &w->o.lines[i];
	const struct path *pp = order_model_path(w->model, "price");
	char price[MONEY_TEXT_MAX];
	json_t *line, *id, *kit;

	if (!json_is_string(l->sku))
		return order_line_problem(w->model, &w->o, i, e, EXC_BAD_SKU,
		    path_text(order_model_path(w->model, "sku")), l->sku,
		    "is to be picked but its SKU is not a string");
	if (l->price_ok && l->price < 0)
		return order_line_problem(w->model, &w->o, i, e, EXC_BAD_PRICE,
		    pp ? path_text(pp) : NULL, l->price_value,
		    "has a price below 0");
	if (!absent(l->id) && !ref_text(l->id, &w->text)) {
		order_line_where(w->model, &w->o, i, path_text(
		    order_model_path(w->model, "line_id")), &w->where);
		return bad_field(w, e, l->id, "a string or an integer");
	}
	id = absent(l->id) ? json_null() : json_stringn(w->text.p,
	    w->text.len);
	line = json_object();
	json_object_set_new(line, "product_code", json_incref(l->sku));
	json_object_set_new(line, "order_quantity", json_integer(l->qty));
	json_object_set_new(line, "unit_price", l->price_ok ?
	    json_stringn(price, money_text(l->price, w->o.scale, price)) :
	    json_null());
	json_object_set_new(line, "external_line_reference", id);
	if (!absent(kit = json_object_get(l->obj, "kit")))
		json_object_set(line, "kit", kit);
	json_array_append_new(lines, line);
	return 1;
}

static int
build(struct wmsorder *w, json_t *out, struct exception *e)
{
	struct order *o = &w->o;
	json_t *lines, *v, *x = NULL;
	size_t i;
	int ship;

	if (!text_or_null(w, e, find(w, order_model_path(w->model, "id"),
	    o->record), &x))
		return 0;
	json_object_set_new(out, "external_system_reference1", x);
	ref_text(o->ref, &w->text);
	json_object_set_new(out, "external_system_reference2",
	    json_stringn(w->text.p, w->text.len));
	v = ship_value(w, w->carrier, w->ship_carrier, &ship);
	if (!as_came(w, e, v, json_is_string(v), "a string", &x))
		return 0;
	json_object_set_new(out, "carrier_code", x);
	v = ship_value(w, w->service, w->ship_service, &ship);
	if (!as_came(w, e, v, json_is_string(v), "a string", &x))
		return 0;
	json_object_set_new(out, "carrier_service_code", x);
	v = find(w, order_model_path(w->model, "currency"), o->record);
	if (!as_came(w, e, v, json_is_string(v), "a string", &x))
		return 0;
	json_object_set_new(out, "currency", x);
	v = find(w, order_model_path(w->model, "address"), o->record);
	if (!as_came(w, e, v, json_is_object(v), "an object", &x))
		return 0;
	json_object_set_new(out, "delivery_address", x);
	if (!order_check_picks(w->model, o, e))
		return 0;
	json_object_set_new(out, "lines", lines = json_array());
	for (i = 0; i < o->nlines; i++)
		if (order_picks(&o->lines[i]) && o->lines[i].qty > 0 &&
		    !add_line(w, e, i, lines))
			return 0;
	if (json_array_size(lines) == 0)
		return 1;
	/* something to pick: the carrier service is needed */
	v = ship_value(w, w->service, w->ship_service, &ship);
	if (!ship)
		exc_hold(e, EXC_MISSING_SHIP_METHOD, NULL, NULL, "the "
		    "order has lines to pick but no live shipping line with a "
		    "title at %s (shape %s)",
		    order_model_path(w->model, "shipping") ?
		    path_text(order_model_path(w->model, "shipping")) :
		    "(none)", shape_name(w));
	else if (absent(v) || json_string_length(v) == 0)
		exc_hold(e, EXC_NO_SERVICE_CODE, w->where.p, v, "the "
		    "order has lines to pick but no carrier service code at "
		    "%s; run shipmap before wmsorder", w->where.p);
	else
		return 1;
	return 0;
}

int
wmsorder_record(struct wmsorder *w, json_t *record, json_t **out,
    struct exception *e)
{
	struct order *o = &w->o;
	const struct path *rp = order_model_path(w->model, "ref");
	size_t n;

	*out = NULL;
	exc_clear(e);
	if (!order_read(w->model, record, o, e))
		return 0;
	if (!order_ref_key(o->ref, &w->text)) {
		buf_reset(&w->where);
		buf_adds(&w->where, rp ? path_text(rp) : "(none)");
		if (absent(o->ref) || ref_text(o->ref, &w->text))
			exc_hold(e, EXC_BAD_FIELD, w->where.p, o->ref,
			    "the order has %s reference at %s (shape %s)",
			    absent(o->ref) ? "no" : "an empty", w->where.p,
			    shape_name(w));
		else
			bad_field(w, e, o->ref, "a string or an integer");
		return 0;
	}
	if (o->cancelled)
		return cancelled(w, e);
	if (o->lines_array == NULL) {
		/* no lines at all, not even []: not an order of the shape,
		 * whose goods-out would be empty */
		buf_reset(&w->where);
		buf_adds(&w->where, path_text(order_model_path(w->model,
		    "lines")));
		exc_hold(e, EXC_BAD_FIELD, w->where.p, NULL, "the "
		    "order has no lines at %s (shape %s)", w->where.p,
		    shape_name(w));
		return 0;
	}
	*out = json_object();
	json_object_set_new(*out, "reference", json_stringn(w->text.p,
	    w->text.len));
	if (!build(w, *out, e)) {
		json_decref(*out);
		*out = NULL;
		return 0;
	}
	n = json_array_size(json_object_get(*out, "lines"));
	if (n == 0)
		w->nothing_to_pick++;
	w->lines += n;
	return 1;
}
