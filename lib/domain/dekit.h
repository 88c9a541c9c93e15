/*
 * dekit: bundles broken into their components, and back.
 *
 * Orders are read through the order model (lib/kit/order.h), in its shape.
 * Every line to pick (ORDER_PICK) whose SKU is a kit and whose live
 * quantity is above 0 is replaced, in place, by one line per component: a
 * copy of the kit line with the SKU, the id ("ID-N", the kit line's id and
 * the component line's number), every quantity of the shape (quantity,
 * current_quantity, qty_ordered, ...) times the component's units in one
 * kit, every amount shared, and a "kit" object added:
 * {"sku","line_id","qty","position"}. Members that cannot be shared
 * truthfully (the shape's unshareable: grams, weight) are dropped from
 * component lines. In a GraphQL connection written as edges a component
 * line is an edge of its own: a copy of the kit line's edge (its cursor
 * too) with the component as its node.
 *
 * Unit amounts (price, price_set's shop and presentment amounts, ...) are
 * shared for one kit: the component lines' unit amounts times their units
 * in one kit add up to the kit line's unit amount exactly, in minor units,
 * so they add up for every quantity of the line. The remainder goes to
 * the first component whose units per kit divide it; where none does, the
 * first component's line is split in two: units per kit less one, and one.
 * Line totals (total_discount, discount_allocations, tax_lines, Magento's
 * row_total, ...) are shared by the same weights: each adds up over the
 * component lines to the kit line's. An amount is in the minor unit of
 * the currency_code (currencyCode) beside it, else of the order's currency
 * (or --decimals).
 *
 * Lines not shipped, lines whose live quantity is 0 (removed by an edit),
 * parents whose children are listed (a Magento bundle with its child rows)
 * and lines that other lines name as their parent are left as they are.
 *
 * Fold back (rekit): lines that carry "kit", read through the model's
 * lines, become kit lines again: kits = the smallest, over the kit's
 * components, of units at the shape's quantity divided by units per kit,
 * rounded down; units beyond whole kits stay as component lines.
 *
 * Stock: components' stock records pass and are remembered; at the end a
 * record per kit: the smallest, over its components, of available divided
 * by units per kit, rounded down, never below 0; a kit with a component
 * missing gets 0 and missing_component_stock. With a location key the
 * same is done per location (a string or an integer, keyed by its text as
 * stockdiff keys it): a kit gets a record at every location where any of
 * its components has one, in the order the locations were first seen, so
 * that a warehouse that lacks a component shows the kit as 0 there rather
 * than keeping a stale figure; a kit none of whose components is anywhere
 * is held once, without a location.
 *
 * Each function checks the whole record first and changes it only when
 * all of it can be done: a record is passed whole or held as it came.
 */
#ifndef WMSKIT_DEKIT_H
#define WMSKIT_DEKIT_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "hash.h"
#include "kits.h"
#include "order.h"
#include "path.h"

struct dekit_kitline;
struct dekit_amount;

struct dekit {
	struct kits *kits;
	struct order_model *model;	/* orders and --rekit */
	const char *sku_key, *qty_key;	/* --stock's records */
	const char *location_key;	/* NULL: stock is one location */
	unsigned long kit_lines, component_lines;	/* for --stats */
	/* stock: the components' availability, by SKU and location */
	struct hash *stock;	/* component SKU to index + 1 */
	struct hash *places;	/* a location's text to index + 1 */
	json_t **locs;		/* each location's value as first seen */
	size_t nlocs, loccap;
	struct hash *figures;	/* component and location to index + 1 */
	int64_t *available;	/* by figures; INT64_MIN: held, no figure */
	size_t navailable, availablecap;
	/* the shape's lists and the model's fields, compiled at first use */
	struct path **qtys, **units, **totals, **drops;
	size_t nqtys, nunits, ntotals, ndrops;
	int ready;
	/* scratch, reused from record to record */
	struct order o;
	struct hash *seen;
	struct path_slot *slots;
	size_t slotcap;
	struct dekit_kitline *kls;	/* an order's kit lines, checked */
	size_t nkls, klcap;
	struct dekit_amount *amounts;	/* the amounts of one kit line */
	size_t namounts, amountcap;
	int64_t *shares, *sums, *cells;
	size_t sharecap, sumcap, cellcap;
	unsigned char *kids;	/* lines that other lines name as parent */
	size_t kidcap;
	struct buf text, id;
	json_t *detail;
};

/*
 * The shopify shape with the currency's decimals, and --stock's keys sku
 * and quantity.
 */
void dekit_init(struct dekit *d, struct kits *kits);
/* Orders in m's shape and overrides from now on; d owns m. */
void dekit_use_model(struct dekit *d, struct order_model *m);
void dekit_free(struct dekit *d);

/* 1: pass record (rewritten); 0: hold it as it came, e says why. */
int dekit_order(struct dekit *d, json_t *record, struct exception *e);
int dekit_rekit(struct dekit *d, json_t *record, struct exception *e);
int dekit_stock_record(struct dekit *d, json_t *record, struct exception *e);

enum { DEKIT_PASS = 1, DEKIT_HOLD = 2 };
/*
 * The i-th kit's next derived stock record, from location *at on: start
 * with *at 0 and call until it returns 0. DEKIT_PASS: pass *record;
 * DEKIT_HOLD: hold it, e says why; both: a record at a location that
 * lacks a component, 0 and reported.
 */
int dekit_stock_next(struct dekit *d, size_t i, size_t *at, json_t **record,
    struct exception *e);
/*
 * Without a location key, the i-th kit's one derived record, to pass; 0
 * when it must also be reported (e filled: a component without a stock
 * record).
 */
int dekit_stock_kit(struct dekit *d, size_t i, json_t **record,
    struct exception *e);

#endif
