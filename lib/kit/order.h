/*
 * order: the one model of an order that every program reads orders by.
 *
 * A shape names where a platform keeps each thing (shopify: REST and
 * webhook payloads; shopify-graphql: GraphQL orders, connections as
 * edges[].node, nodes[] or arrays; magento: REST orders). Given a record
 * and a model, order_read yields the order's reference, id, times,
 * currency and minor unit, its shipping lines (removed ones marked) and its
 * fulfilments, and for each line its id, SKU, live quantity, unit price in
 * minor units, parent and role:
 *
 *	ORDER_PICK	  the warehouse picks it
 *	ORDER_NOT_SHIPPED gift card, requires_shipping false, Magento virtual
 *			  or downloadable: nobody picks it
 *	ORDER_PARENT	  a parent whose listed children carry the picks
 *			  (a Magento bundle with its child rows)
 *	ORDER_IN_PARENT	  the child row of a configurable product: one
 *			  physical item with its parent, which is the line
 *			  picked (it carries the price and the SKU)
 *
 * Live quantity: current_quantity (currentQuantity) where present, else
 * quantity; Magento qty_ordered less qty_canceled. A quantity is whole when
 * it is an integer or a real with no fraction (Magento's 2.0000); anything
 * else leaves the line's qty_ok 0 for the program to hold (bad_quantity)
 * where it needs a whole number. Nothing in the record is changed.
 */
#ifndef WMSKIT_ORDER_H
#define WMSKIT_ORDER_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "hash.h"
#include "path.h"

/*
 * Where a platform keeps things. Order fields are paths from the record;
 * line fields are paths from a line; shipping and fulfilment fields are
 * paths from one of those. NULL: the platform has no such thing. The
 * lists end with NULL.
 */
struct order_shape {
	const char *name;
	/* the order */
	const char *lines, *ref, *id, *created, *updated, *cancelled,
	    *currency, *status, *shipping, *fulfilments, *address,
	    *country;	/* the delivery address's ISO 3166 code */
	const char *cancelled_state;	/* the status value that means it */
	int utc;		/* times written without a zone are UTC */
	/* a line */
	const char *line_id, *sku, *qty, *live_qty, *cancelled_qty, *price,
	    *parent, *type, *gift_card, *requires_shipping;
	/* what the storefront shows fulfilled of a line: what is left to
	 * fulfil (Shopify), or what was shipped (Magento) */
	const char *unfulfilled_qty, *shipped_qty;
	/* a shipping line: its title and whether an edit removed it */
	const char *ship_title, *ship_removed;
	/* a fulfilment: its status and tracking numbers */
	const char *f_status;
	const char *const *f_tracking;
	/* for dekit: quantities scaled by the units per kit; unit amounts
	 * and line totals shared among components; members that cannot be
	 * shared truthfully (weights) */
	const char *const *qty_fields, *const *unit_amounts,
	    *const *total_amounts, *const *unshareable;
	/* personal data, for --redact-personal: paths whose values are
	 * personal as a whole; the addresses, of which only address_personal
	 * members are, so that the country and province that shipping needs
	 * stay readable */
	const char *const *personal, *const *addresses,
	    *const *address_personal;
};

/* The shapes by name, "shopify" first (the default); NULL after the last. */
extern const struct order_shape *const order_shapes[];
/* The shape of that name, or NULL. */
const struct order_shape *order_shape_find(const char *name);
/* "shopify, shopify-graphql, magento": for messages and usage text. */
#define ORDER_SHAPE_NAMES "shopify, shopify-graphql, magento"

enum order_role { ORDER_PICK, ORDER_NOT_SHIPPED, ORDER_PARENT,
    ORDER_IN_PARENT };

struct order_line {
	json_t *elem;		/* the element of the lines array: the line,
				 * or an edge that holds it as node */
	json_t *obj;		/* the line object */
	size_t index;		/* its index in the lines array */
	json_t *id, *sku;	/* NULL where the line has none */
	json_t *qty_value;	/* the value the live quantity came from */
	const struct path *qty_field;	/* and its field */
	int64_t qty;		/* live quantity, when qty_ok */
	int qty_ok;
	int64_t fulfilled;	/* units the storefront shows fulfilled, from
				 * 0 to qty, when fulfilled_ok */
	int fulfilled_ok;
	json_t *price_value;	/* NULL where the line has no price */
	int64_t price;		/* unit price in minor units, when price_ok */
	int price_ok;
	size_t parent;		/* index + 1 of its parent line; 0: none */
	enum order_role role;
};

struct order_ship {
	json_t *obj;
	json_t *title;		/* NULL where it has none */
	int removed;
};

struct order_fulfilment {
	json_t *obj;
	json_t *status;		/* NULL where it has none */
	int live;		/* not cancelled, error or failure */
};

struct order_model;

/* How a list is written: an array, or a GraphQL connection. */
enum order_list { ORDER_ARRAY, ORDER_EDGES, ORDER_NODES };

struct order {
	json_t *record;
	json_t *ref, *id, *created, *updated, *currency, *status;
	json_t *address;	/* the delivery address, NULL where none */
	int cancelled;		/* cancelled_at set, or the cancelled state */
	int scale;		/* decimals of the currency's minor unit */
	json_t *lines_array;	/* the array of the lines, or NULL */
	enum order_list list;	/* ORDER_EDGES: its elements are {"node":…} */
	struct order_line *lines;
	size_t nlines;
	struct order_ship *ship;
	size_t nship;
	struct order_fulfilment *fulfilments;
	size_t nfulfilments;
	/* scratch, reused from order to order */
	size_t linecap, shipcap, fcap;
	struct hash *ids;
	struct buf text;
};

/* A model of the shape; decimals >= 0 overrides every currency's. */
struct order_model *order_model_new(const struct order_shape *shape,
    int decimals);
void order_model_free(struct order_model *m);
const struct order_shape *order_model_shape(const struct order_model *m);
/* Overrides: the path of one of the shape's fields, as a path option
 * gives it; field is the member's name in struct order_shape, such as
 * "lines" or "sku". 0 with *err for a bad path or an unknown field. */
int order_model_set(struct order_model *m, const char *field,
    const char *path, char **err);
/* The compiled path of a field (as order_model_set names it), or NULL. */
const struct path *order_model_path(const struct order_model *m,
    const char *field);

/*
 * Reads record into o (record is borrowed, not changed). 0 when a field
 * of the shape holds the wrong type (bad_field): e names the field and the
 * shape, valid until the next call.
 */
int order_read(struct order_model *m, json_t *record, struct order *o,
    struct exception *e);
void order_free(struct order *o);

/*
 * Which of two versions of an order is the later, by their updated times
 * (a time without a zone is UTC where the shape says so): 1 when b is
 * later than a or as late (the later in the input wins a tie), 0 when a
 * is later, -1 when either has no updated time that reads as a time, so
 * that the caller falls back on the order of the input.
 */
int order_later(const struct order_model *m, const json_t *a_updated,
    const json_t *b_updated);

/*
 * The first line to pick that a warehouse cannot take: a quantity that is
 * not whole or is below 0 (bad_quantity); at a live quantity above 0, a
 * price that is not a decimal (bad_price) or no SKU (missing_sku). 0 and
 * e filled, valid until the next call; 1 when every line to pick is sound.
 * A line removed by an edit (live quantity 0) is not sent: only its
 * quantity matters.
 */
int order_check_picks(struct order_model *m, struct order *o,
    struct exception *e);

/* "line_items[2].sku" or "lineItems.edges[2].node.sku" into out: the place
 * of a member (a key, or NULL for the line itself) of line i. */
void order_line_where(const struct order_model *m, const struct order *o,
    size_t i, const char *member, struct buf *out);
/* Holds line i: code, its place (member of the line) as the path, value,
 * and "line PLACE what (shape NAME)". Returns 0. */
int order_line_problem(const struct order_model *m, const struct order *o,
    size_t i, struct exception *e, enum exc_code code, const char *member,
    const json_t *value, const char *what);
/* Whether a line's role has the warehouse pick it. */
#define order_picks(l) ((l)->role == ORDER_PICK)

/* The first live shipping line with a title, or NULL; *nlive the number of
 * live lines with a title. */
const struct order_ship *order_live_shipping(const struct order *o,
    size_t *nlive);
/* The tracking numbers of a fulfilment (strings), up to max into out. */
size_t order_tracking(const struct order_model *m,
    const struct order_fulfilment *f, json_t **out, size_t max);
#endif
