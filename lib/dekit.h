/*
 * dekit: bundles broken into their components, and back.
 *
 * Orders: every line whose SKU is a kit is replaced, in place, by one line
 * per component: a copy of the kit line with the SKU, the quantity (kit
 * quantity times units per kit), the unit price, the id ("ID-N", the kit
 * line's id and the component line's number) replaced and a "kit" object
 * added: {"sku","line_id","qty","position"}. The unit prices times the
 * quantities add up to the kit line's exactly, in minor units; the
 * remainder goes to the first component line whose quantity divides it,
 * and where none does, the first component line is split in two so that a
 * line of quantity one carries it. A line that other lines name as their
 * parent (Magento's parent_item_id) is already broken down: left alone.
 *
 * Fold back (rekit): component lines that carry "kit" become kit lines
 * again: kits = the smallest, over the kit's components, of shipped units
 * divided by units per kit, rounded down; units beyond whole kits stay as
 * component lines.
 *
 * Stock: components' stock records pass and are remembered; at the end a
 * record per kit: the smallest, over its components, of available divided
 * by units per kit, rounded down, never below 0; a kit with a component
 * missing gets 0 and missing_component_stock.
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
#include "path.h"

struct dekit_kitline;

struct dekit {
	struct kits *kits;
	struct path *lines;	/* the order's lines array */
	const char *sku_key, *qty_key, *price_key, *id_key, *parent_key;
	int scale;		/* decimals of a minor unit of money */
	unsigned long kit_lines, component_lines;	/* for --stats */
	/* stock: the components' availability, by SKU */
	struct hash *stock;	/* SKU to index + 1 into available[] */
	int64_t *available;	/* INT64_MIN: no record seen */
	/* scratch, reused from record to record */
	struct hash *seen;
	struct path_slot *slots;
	size_t slotcap;
	struct dekit_kitline *kls;	/* an order's kit lines, checked */
	size_t nkls, klcap;
	int64_t *shares, *sums;
	size_t sharecap, sumcap;
	struct buf text, path, msg;
	json_t *detail;
};

/* Keys default to Shopify's: line_items, sku, quantity, price, id. */
void dekit_init(struct dekit *d, struct kits *kits);
void dekit_free(struct dekit *d);

/* 1: pass record (rewritten); 0: hold it as it came, e says why. */
int dekit_order(struct dekit *d, json_t *record, struct exception *e);
int dekit_rekit(struct dekit *d, json_t *record, struct exception *e);
int dekit_stock_record(struct dekit *d, json_t *record, struct exception *e);
/*
 * The derived stock record of the i-th kit, to pass; 0 when it must also
 * be reported (e filled: a component without a stock record).
 */
int dekit_stock_kit(struct dekit *d, size_t i, json_t **record,
    struct exception *e);

#endif
