#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "isotime.h"
#include "money.h"
#include "num.h"
#include "order.h"
#include "orderref.h"
#include "xalloc.h"

#define LIST(...) ((const char *const []){ __VA_ARGS__, NULL })

static const struct order_shape shopify = {
	.name = "shopify",
	.lines = "line_items", .ref = "name", .id = "id",
	.created = "created_at", .updated = "updated_at",
	.cancelled = "cancelled_at", .currency = "currency",
	.status = "fulfillment_status", .shipping = "shipping_lines",
	.fulfilments = "fulfillments", .address = "shipping_address",
	.country = "shipping_address.country_code",
	.line_id = "id", .sku = "sku", .qty = "quantity",
	.live_qty = "current_quantity", .price = "price",
	.gift_card = "gift_card", .requires_shipping = "requires_shipping",
	.unfulfilled_qty = "fulfillable_quantity",
	.ship_title = "title", .ship_removed = "is_removed",
	.f_status = "status",
	.f_tracking = LIST("tracking_numbers[]", "tracking_number"),
	.qty_fields = LIST("quantity", "current_quantity",
	    "fulfillable_quantity"),
	.unit_amounts = LIST("price", "price_set.shop_money.amount",
	    "price_set.presentment_money.amount"),
	.total_amounts = LIST("pre_tax_price",
	    "pre_tax_price_set.shop_money.amount",
	    "pre_tax_price_set.presentment_money.amount", "total_discount",
	    "total_discount_set.shop_money.amount",
	    "total_discount_set.presentment_money.amount",
	    "discount_allocations[].amount",
	    "discount_allocations[].amount_set.shop_money.amount",
	    "discount_allocations[].amount_set.presentment_money.amount",
	    "tax_lines[].price", "tax_lines[].price_set.shop_money.amount",
	    "tax_lines[].price_set.presentment_money.amount"),
	.unshareable = LIST("grams"),
	.personal = LIST("email", "contact_email", "phone", "customer",
	    "browser_ip", "client_details.browser_ip", "note",
	    "shipping_lines[].phone", "line_items[].destination_location"),
	.addresses = LIST("shipping_address", "billing_address"),
	.address_personal = LIST("first_name", "last_name", "name",
	    "company", "address1", "address2", "city", "zip", "phone",
	    "latitude", "longitude"),
};

static const struct order_shape shopify_graphql = {
	.name = "shopify-graphql",
	.lines = "lineItems", .ref = "name", .id = "id",
	.created = "createdAt", .updated = "updatedAt",
	.cancelled = "cancelledAt", .currency = "currencyCode",
	.status = "displayFulfillmentStatus", .shipping = "shippingLines",
	.fulfilments = "fulfillments", .address = "shippingAddress",
	.country = "shippingAddress.countryCodeV2",
	.line_id = "id", .sku = "sku", .qty = "quantity",
	.live_qty = "currentQuantity",
	.price = "originalUnitPriceSet.shopMoney.amount",
	.gift_card = "isGiftCard", .requires_shipping = "requiresShipping",
	.unfulfilled_qty = "unfulfilledQuantity",
	.ship_title = "title", .ship_removed = "isRemoved",
	.f_status = "status", .f_tracking = LIST("trackingInfo[].number"),
	.qty_fields = LIST("quantity", "currentQuantity",
	    "unfulfilledQuantity", "nonFulfillableQuantity",
	    "refundableQuantity"),
	.unit_amounts = LIST("originalUnitPriceSet.shopMoney.amount",
	    "originalUnitPriceSet.presentmentMoney.amount",
	    "discountedUnitPriceSet.shopMoney.amount",
	    "discountedUnitPriceSet.presentmentMoney.amount"),
	.total_amounts = LIST("originalTotalSet.shopMoney.amount",
	    "originalTotalSet.presentmentMoney.amount",
	    "discountedTotalSet.shopMoney.amount",
	    "discountedTotalSet.presentmentMoney.amount",
	    "totalDiscountSet.shopMoney.amount",
	    "totalDiscountSet.presentmentMoney.amount",
	    "discountAllocations[].allocatedAmountSet.shopMoney.amount",
	    "discountAllocations[].allocatedAmountSet.presentmentMoney.amount",
	    "taxLines[].priceSet.shopMoney.amount",
	    "taxLines[].priceSet.presentmentMoney.amount"),
	.unshareable = LIST("weight"),
	.personal = LIST("email", "phone", "customer", "clientIp", "note"),
	.addresses = LIST("shippingAddress", "billingAddress"),
	.address_personal = LIST("firstName", "lastName", "name", "company",
	    "address1", "address2", "city", "zip", "phone", "latitude",
	    "longitude", "formatted", "formattedArea"),
};

static const struct order_shape magento = {
	.name = "magento",
	.lines = "items", .ref = "increment_id", .id = "entity_id",
	.created = "created_at", .updated = "updated_at",
	.currency = "order_currency_code", .status = "state",
	.cancelled_state = "canceled", .utc = 1,
	.shipping = "shipping_description",
	.address = "extension_attributes.shipping_assignments[0].shipping."
	    "address",
	.country = "extension_attributes.shipping_assignments[0].shipping."
	    "address.country_id",
	.line_id = "item_id", .sku = "sku", .qty = "qty_ordered",
	.cancelled_qty = "qty_canceled", .price = "price",
	.parent = "parent_item_id", .type = "product_type",
	.shipped_qty = "qty_shipped",
	.f_tracking = LIST(NULL),
	.qty_fields = LIST("qty_ordered", "qty_canceled", "qty_shipped",
	    "qty_invoiced", "qty_refunded", "qty_returned",
	    "qty_backordered"),
	.unit_amounts = LIST("price", "base_price", "original_price",
	    "base_original_price", "price_incl_tax", "base_price_incl_tax"),
	.total_amounts = LIST("row_total", "base_row_total",
	    "row_total_incl_tax", "base_row_total_incl_tax", "row_invoiced",
	    "base_row_invoiced", "tax_amount", "base_tax_amount",
	    "tax_invoiced", "base_tax_invoiced", "discount_amount",
	    "base_discount_amount", "discount_invoiced",
	    "base_discount_invoiced", "amount_refunded",
	    "base_amount_refunded",
	    "discount_tax_compensation_amount",
	    "base_discount_tax_compensation_amount"),
	.unshareable = LIST("weight", "row_weight"),
	.personal = LIST("customer_email", "customer_firstname",
	    "customer_lastname", "customer_middlename", "customer_prefix",
	    "customer_suffix", "customer_dob", "customer_taxvat",
	    "customer_note", "remote_ip", "x_forwarded_for",
	    "payment.cc_owner", "payment.cc_last4"),
	.addresses = LIST("billing_address",
	    "extension_attributes.shipping_assignments[].shipping.address"),
	.address_personal = LIST("firstname", "lastname", "middlename",
	    "prefix", "suffix", "company", "street", "city", "postcode",
	    "telephone", "fax", "email", "vat_id"),
};

const struct order_shape *const order_shapes[] = {
	&shopify, &shopify_graphql, &magento, NULL
};

const struct order_shape *
order_shape_find(const char *name)
{
	size_t i;

	for (i = 0; order_shapes[i] != NULL; i++)
		if (strcmp(order_shapes[i]->name, name) == 0)
			return order_shapes[i];
	return NULL;
}

/* The single-valued fields, by their names in struct order_shape. */
#define FIELDS(X) \
	X(lines) X(ref) X(id) X(created) X(updated) X(cancelled) X(currency) \
	X(status) X(shipping) X(fulfilments) X(address) X(country) X(line_id) \
	X(sku) \
	X(qty) X(live_qty) X(cancelled_qty) X(price) X(parent) X(type) \
	X(gift_card) \
	X(requires_shipping) X(unfulfilled_qty) X(shipped_qty) X(ship_title) \
	X(ship_removed) X(f_status)

enum field {
#define ENUM(f) F_##f,
	FIELDS(ENUM)
#undef ENUM
	NFIELDS
};

static const char *const field_names[] = {
#define NAME(f) #f,
	FIELDS(NAME)
#undef NAME
};

struct order_model {
	const struct order_shape *shape;
	int decimals;
	struct path *at[NFIELDS];	/* NULL: the platform has none */
	struct path **tracking;
	size_t ntracking;
	struct path_slot *slots;
	size_t slotcap;
};

static const char *
shape_field(const struct order_shape *s, enum field f)
{
	switch (f) {
#define CASE(f) case F_##f: return s->f;
	FIELDS(CASE)
#undef CASE
	default:
		return NULL;
	}
}

struct order_model *
order_model_new(const struct order_shape *shape, int decimals)
{
	struct order_model *m = xcalloc(1, sizeof(*m));
	size_t i;

	m->shape = shape;
	m->decimals = decimals;
	for (i = 0; i < NFIELDS; i++)
		if (shape_field(shape, (enum field)i) != NULL)
			m->at[i] = path_literal(shape_field(shape,
			    (enum field)i));
	for (i = 0; shape->f_tracking[i] != NULL; i++)
		;
	m->ntracking = i;
	m->tracking = xcalloc(i + 1, sizeof(*m->tracking));
	for (i = 0; i < m->ntracking; i++)
		m->tracking[i] = path_literal(shape->f_tracking[i]);
	return m;
}

void
order_model_free(struct order_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < NFIELDS; i++)
		path_free(m->at[i]);
	for (i = 0; i < m->ntracking; i++)
		path_free(m->tracking[i]);
	free(m->tracking);
	free(m->slots);
	free(m);
}

const struct order_shape *
order_model_shape(const struct order_model *m)
{
	return m->shape;
}

static int
field_index(const char *name)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(field_names[i], name) == 0)
			return (int)i;
	return -1;
}

int
order_model_set(struct order_model *m, const char *field, const char *text,
    char **err)
{
	int i = field_index(field);
	struct path *p;

	if (i < 0) {
		*err = xasprintf("no field \"%s\" in an order", field);
		return 0;
	}
	if ((p = path_parse(text, err)) == NULL)
		return 0;
	path_free(m->at[i]);
	m->at[i] = p;
	return 1;
}

const struct path *
order_model_path(const struct order_model *m, const char *field)
{
	int i = field_index(field);

	return i < 0 ? NULL : m->at[i];
}

/* The value of field in v: the first slot of its path, or NULL. */
static json_t *
get(struct order_model *m, enum field f, json_t *v)
{
	size_t n;

	if (m->at[f] == NULL || v == NULL)
		return NULL;
	n = path_find(m->at[f], v, &m->slots, &m->slotcap);
	return n > 0 ? m->slots[0].value : NULL;
}

static int
truthy(const json_t *v)
{
	return json_is_true(v) || (json_is_integer(v) &&
	    json_integer_value(v) != 0);
}

static int
falsy(const json_t *v)
{
	return json_is_false(v) || (json_is_integer(v) &&
	    json_integer_value(v) == 0);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	default: return "a number";
	}
}

static int
bad_field(struct order_model *m, struct exception *e,
    const char *where, const json_t *value, const char *want)
{
	buf_reset(&e->pathbuf);
	buf_adds(&e->pathbuf, where);
	if (value == NULL)
		return exc_hold(e, EXC_BAD_FIELD, e->pathbuf.p, value,
		    "%s is missing (shape %s)", where, m->shape->name);
	return exc_hold(e, EXC_BAD_FIELD, e->pathbuf.p, value,
	    "%s is %s, not %s (shape %s)", where, type_name(value), want,
	    m->shape->name);
}

/*
 * The elements of a list or a connection: an array, {"edges":[{"node":
 * …}]} or {"nodes":[…]}, as *kind says. NULL with *ok 1 where there is
 * none; *ok 0 for another type.
 */
static json_t *
elements(json_t *v, enum order_list *kind, int *ok)
{
	json_t *a;

	*kind = ORDER_ARRAY;
	*ok = 1;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_array(v))
		return v;
	if (json_is_object(v)) {
		if (json_is_array(a = json_object_get(v, "edges"))) {
			*kind = ORDER_EDGES;
			return a;
		}
		if (json_is_array(a = json_object_get(v, "nodes"))) {
			*kind = ORDER_NODES;
			return a;
		}
	}
	*ok = 0;
	return NULL;
}

static json_t *
node(json_t *elem, enum order_list kind)
{
	return kind == ORDER_EDGES ? json_object_get(elem, "node") : elem;
}

static void
live_qty(struct order_model *m, struct order_line *l)
{
	json_t *q = get(m, F_live_qty, l->obj), *c;
	int64_t cancelled;

	l->qty_field = m->at[F_live_qty];
	if (q == NULL || json_is_null(q)) {
		q = get(m, F_qty, l->obj);
		l->qty_field = m->at[F_qty];
	}
	l->qty_value = q;
	l->qty_ok = q != NULL && json_count(q, &l->qty);
	c = get(m, F_cancelled_qty, l->obj);
	if (l->qty_ok && c != NULL && !json_is_null(c)) {
		l->qty_ok = json_count(c, &cancelled) &&
		    num_sub(l->qty, cancelled, &l->qty);
		if (!l->qty_ok) {
			l->qty_value = c;
			l->qty_field = m->at[F_cancelled_qty];
		}
	}
}

/* The units of a line the storefront shows fulfilled, within its live
 * quantity; not known where the line does not say. */
static void
fulfilled(struct order_model *m, struct order_line *l)
{
	json_t *v;
	int64_t n;

	l->fulfilled_ok = 0;
	if (!l->qty_ok)
		return;
	if ((v = get(m, F_shipped_qty, l->obj)) != NULL && json_count(v, &n))
		l->fulfilled = n;
	else if ((v = get(m, F_unfulfilled_qty, l->obj)) != NULL &&
	    json_count(v, &n) && num_sub(l->qty, n, &n))
		l->fulfilled = n;
	else
		return;
	l->fulfilled_ok = 1;
	if (l->fulfilled < 0)
		l->fulfilled = 0;
	if (l->fulfilled > l->qty)
		l->fulfilled = l->qty;
}

/* Whether nobody picks a line, by its own members. */
static int
not_shipped(struct order_model *m, const struct order_line *l)
{
	json_t *type = get(m, F_type, l->obj);

	if (truthy(get(m, F_gift_card, l->obj)) ||
	    falsy(get(m, F_requires_shipping, l->obj)))
		return 1;
	return json_is_string(type) &&
	    (strcmp(json_string_value(type), "virtual") == 0 ||
	    strcmp(json_string_value(type), "downloadable") == 0);
}

static int
is_type(struct order_model *m, const struct order_line *l, const char *t)
{
	json_t *type = get(m, F_type, l->obj);

	return json_is_string(type) && strcmp(json_string_value(type), t) == 0;
}

/* Parents by id, then each line's role. */
static void
roles(struct order_model *m, struct order *o)
{
	size_t i, *kids;
	int fresh;

	if (m->at[F_parent] == NULL) {
		for (i = 0; i < o->nlines; i++)
			o->lines[i].role = not_shipped(m, &o->lines[i]) ?
			    ORDER_NOT_SHIPPED : ORDER_PICK;
		return;
	}
	if (o->ids == NULL)
		o->ids = hash_new();
	hash_clear(o->ids);
	for (i = 0; i < o->nlines; i++)
		if (ref_text(o->lines[i].id, &o->text))
			*hash_put(o->ids, o->text.p, o->text.len, &fresh) =
			    (void *)(i + 1);
	kids = xcalloc(o->nlines + 1, sizeof(*kids));
	for (i = 0; i < o->nlines; i++) {
		json_t *p = get(m, F_parent, o->lines[i].obj);

		if (ref_text(p, &o->text))
			o->lines[i].parent = (size_t)hash_get(o->ids,
			    o->text.p, o->text.len);
		if (o->lines[i].parent == i + 1)
			o->lines[i].parent = 0;	/* its own parent: none */
		if (o->lines[i].parent != 0)
			kids[o->lines[i].parent - 1] = i + 1;
	}
	for (i = 0; i < o->nlines; i++) {
		struct order_line *l = &o->lines[i];

		if (l->parent != 0 &&
		    is_type(m, &o->lines[l->parent - 1], "configurable"))
			l->role = ORDER_IN_PARENT;
		else if (not_shipped(m, l))
			l->role = ORDER_NOT_SHIPPED;
		else if (kids[i] != 0 && is_type(m, l, "configurable"))
			/* the physical item, unless its child is not one */
			l->role = not_shipped(m, &o->lines[kids[i] - 1]) ?
			    ORDER_NOT_SHIPPED : ORDER_PICK;
		else if (kids[i] != 0)
			l->role = ORDER_PARENT;
		else
			l->role = ORDER_PICK;
	}
	free(kids);
}

static int
read_lines(struct order_model *m, struct order *o, struct exception *e)
{
	json_t *v = get(m, F_lines, o->record), *a;
	size_t i;
	int ok;

	a = elements(v, &o->list, &ok);
	if (!ok)
		return bad_field(m, e, path_text(m->at[F_lines]),
		    v, "an array of lines");
	o->lines_array = a;
	o->nlines = a == NULL ? 0 : json_array_size(a);
	if (o->nlines > o->linecap) {
		free(o->lines);
		o->lines = xcalloc(o->nlines, sizeof(*o->lines));
		o->linecap = o->nlines;
	}
	if (o->nlines > 0)	/* o->lines is NULL before the first */
		memset(o->lines, 0, o->nlines * sizeof(*o->lines));
	for (i = 0; i < o->nlines; i++) {
		struct order_line *l = &o->lines[i];

		l->index = i;
		l->elem = json_array_get(a, i);
		l->obj = node(l->elem, o->list);
		if (!json_is_object(l->obj)) {
			order_line_where(m, o, i, NULL, &o->text);
			return bad_field(m, e, o->text.p, l->obj,
			    "an object");
		}
		l->id = get(m, F_line_id, l->obj);
		l->sku = get(m, F_sku, l->obj);
		live_qty(m, l);
		fulfilled(m, l);
		l->price_value = get(m, F_price, l->obj);
		l->price_ok = l->price_value != NULL &&
		    money_from_json(l->price_value, o->scale, &l->price);
	}
	roles(m, o);
	return 1;
}

static int
read_shipping(struct order_model *m, struct order *o, struct exception *e)
{
	json_t *v = get(m, F_shipping, o->record), *a;
	size_t i, n;
	enum order_list edges;
	int ok;

	o->nship = 0;
	if (json_is_string(v)) {	/* Magento: one description */
		XGROW(o->ship, o->shipcap, 1);
		o->ship[0] = (struct order_ship){ o->record, v, 0 };
		o->nship = 1;
		return 1;
	}
	a = elements(v, &edges, &ok);
	if (!ok)
		return bad_field(m, e, path_text(m->at[F_shipping]), v,
		    "a list");
	n = a == NULL ? 0 : json_array_size(a);
	XGROW(o->ship, o->shipcap, n);
	for (i = 0; i < n; i++) {
		json_t *s = node(json_array_get(a, i), edges);

		if (!json_is_object(s))
			continue;
		o->ship[o->nship].obj = s;
		o->ship[o->nship].title = get(m, F_ship_title, s);
		o->ship[o->nship].removed = truthy(get(m, F_ship_removed, s));
		o->nship++;
	}
	return 1;
}

static int
dead_status(const json_t *s)
{
	static const char *const dead[] = { "cancelled", "error", "failure" };
	size_t i;

	if (!json_is_string(s))
		return 0;
	for (i = 0; i < sizeof(dead) / sizeof(dead[0]); i++)
		if (strcasecmp(json_string_value(s), dead[i]) == 0)
			return 1;
	return 0;
}

static int
read_fulfilments(struct order_model *m, struct order *o,
    struct exception *e)
{
	json_t *v = get(m, F_fulfilments, o->record), *a;
	size_t i, n;
	enum order_list edges;
	int ok;

	o->nfulfilments = 0;
	a = elements(v, &edges, &ok);
	if (!ok)
		return bad_field(m, e, path_text(m->at[F_fulfilments]), v,
		    "a list");
	n = a == NULL ? 0 : json_array_size(a);
	XGROW(o->fulfilments, o->fcap, n);
	for (i = 0; i < n; i++) {
		struct order_fulfilment *f = &o->fulfilments[o->nfulfilments];
		json_t *x = node(json_array_get(a, i), edges);

		if (!json_is_object(x))
			continue;
		f->obj = x;
		f->status = get(m, F_f_status, x);
		f->live = !dead_status(f->status);
		o->nfulfilments++;
	}
	return 1;
}

int
order_read(struct order_model *m, json_t *record, struct order *o,
    struct exception *e)
{
	json_t *c;
	int scale;

	exc_clear(e);
	o->record = record;
	o->ref = get(m, F_ref, record);
	o->id = get(m, F_id, record);
	o->created = get(m, F_created, record);
	o->updated = get(m, F_updated, record);
	o->currency = get(m, F_currency, record);
	o->status = get(m, F_status, record);
	o->address = get(m, F_address, record);
	c = get(m, F_cancelled, record);
	o->cancelled = (c != NULL && !json_is_null(c)) ||
	    (m->shape->cancelled_state != NULL && json_is_string(o->status) &&
	    strcmp(json_string_value(o->status),
	    m->shape->cancelled_state) == 0);
	o->scale = 2;
	if (m->decimals >= 0)
		o->scale = m->decimals;
	else if (json_is_string(o->currency) && (scale = money_currency_scale(
	    json_string_value(o->currency),
	    json_string_length(o->currency))) >= 0)
		o->scale = scale;
	return read_lines(m, o, e) && read_shipping(m, o, e) &&
	    read_fulfilments(m, o, e);
}

static int
updated_time(const struct order_model *m, const json_t *v, int64_t *t)
{
	static const int64_t utc = 0;

	return json_is_string(v) && iso_time_in(json_string_value(v),
	    json_string_length(v), m->shape->utc ? &utc : NULL, t);
}

int
order_later(const struct order_model *m, const json_t *a_updated,
    const json_t *b_updated)
{
	int64_t a, b;

	if (!updated_time(m, a_updated, &a) || !updated_time(m, b_updated, &b))
		return -1;
	return b >= a;
}

void
order_free(struct order *o)
{
	free(o->lines);
	free(o->ship);
	free(o->fulfilments);
	hash_free(o->ids);
	buf_free(&o->text);
	memset(o, 0, sizeof(*o));
}

int
order_line_problem(const struct order_model *m, const struct order *o,
    size_t i, struct exception *e, enum exc_code code, const char *member,
    const json_t *value, const char *what)
{
	order_line_where(m, o, i, member, &e->pathbuf);
	return exc_hold(e, code, e->pathbuf.p, value, "line %s %s (shape %s)",
	    e->pathbuf.p, what, m->shape->name);
}

int
order_check_picks(struct order_model *m, struct order *o,
    struct exception *e)
{
	const char *pkey = m->at[F_price] ? path_text(m->at[F_price]) : NULL;
	size_t i;

	exc_clear(e);
	for (i = 0; i < o->nlines; i++) {
		struct order_line *l = &o->lines[i];

		if (!order_picks(l))
			continue;
		if (!l->qty_ok)
			return order_line_problem(m, o, i, e, EXC_BAD_QUANTITY,
			    path_text(l->qty_field), l->qty_value,
			    l->qty_value == NULL ? "has no quantity" :
			    "has a quantity that is not a whole number");
		if (l->qty < 0)
			return order_line_problem(m, o, i, e, EXC_BAD_QUANTITY,
			    path_text(l->qty_field), l->qty_value,
			    "has a live quantity below 0");
		if (l->qty == 0)
			continue;	/* removed by an edit: not sent */
		if (l->price_value != NULL && !json_is_null(l->price_value) &&
		    !l->price_ok)
			return order_line_problem(m, o, i, e, EXC_BAD_PRICE,
			    pkey, l->price_value, "has a price that is not a "
			    "decimal in the currency's minor units");
		if (l->sku == NULL || json_is_null(l->sku) ||
		    (json_is_string(l->sku) && json_string_length(l->sku) == 0))
			return order_line_problem(m, o, i, e, EXC_MISSING_SKU,
			    path_text(m->at[F_sku]), l->sku,
			    "is to be picked but has no SKU");
	}
	return 1;
}

void
order_line_where(const struct order_model *m, const struct order *o,
    size_t i, const char *member, struct buf *out)
{
	buf_reset(out);
	buf_adds(out, path_text(m->at[F_lines]));
	if (o->list == ORDER_EDGES)
		buf_printf(out, ".edges[%zu].node", i);
	else if (o->list == ORDER_NODES)
		buf_printf(out, ".nodes[%zu]", i);
	else
		buf_printf(out, "[%zu]", i);
	if (member != NULL)
		buf_printf(out, ".%s", member);
}

const struct order_ship *
order_live_shipping(const struct order *o, size_t *nlive)
{
	const struct order_ship *first = NULL;
	size_t i;

	*nlive = 0;
	for (i = 0; i < o->nship; i++) {
		const struct order_ship *s = &o->ship[i];

		if (s->removed || s->title == NULL || json_is_null(s->title) ||
		    (json_is_string(s->title) &&
		    json_string_length(s->title) == 0))
			continue;
		if (first == NULL)
			first = s;
		(*nlive)++;
	}
	return first;
}

static int
seen(json_t *const *list, size_t n, const json_t *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (json_equal(list[i], v))
			return 1;
	return 0;
}

/* REST lists a number in tracking_numbers and in tracking_number: once. */
size_t
order_tracking(const struct order_model *m, const struct order_fulfilment *f,
    json_t **out, size_t max)
{
	struct order_model *mm = (struct order_model *)m;
	size_t i, j, k = 0, n;

	for (i = 0; i < m->ntracking; i++) {
		n = path_find(m->tracking[i], f->obj, &mm->slots,
		    &mm->slotcap);
		for (j = 0; j < n && k < max; j++)
			if (json_is_string(mm->slots[j].value) &&
			    json_string_length(mm->slots[j].value) > 0 &&
			    !seen(out, k, mm->slots[j].value))
				out[k++] = mm->slots[j].value;
	}
	return k;
}
