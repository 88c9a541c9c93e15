/*
 * statusmap: WMS dispatch events to storefront fulfilment updates.
 *
 * Every shipment is a fulfilment of its own; an order is fulfilled only
 * when every line's shipped quantity reaches its ordered quantity less any
 * cancelled, never earlier. Quantities accumulate per order and SKU, in any
 * order of events. An event seen before (same order, shipment and effect:
 * WMS webhooks come twice) with the same lines changes nothing and is
 * dropped, counted; so is an event whose status has no effect. With other
 * lines it is held (conflicting_shipment). Order references are compared by
 * their key (orderref.h), so "#1001" and "1001" are one order.
 *
 * The status table: CSV columns wms_status, channel_status, effect
 * (shipped, cancelled or none). The orders: NDJSON as the WMS received
 * them (after dekit), read by the order model of a shape (order.h): only
 * lines to pick count, at their live quantity; lines nobody picks (gift
 * cards, no shipping, virtual, downloadable), a bundle's parent row and a
 * configurable's child row never keep an order open, and a line an edit
 * removed (live quantity 0) needs nothing shipped. Events name SKUs, as
 * the WMS does; they are matched to the lines to pick by SKU. An order
 * listed more than once (edited, sent again) is one order: the latest
 * version counts (order_later: by its updated time, else the one further
 * down the file), its lines replacing those of the one before whole. The
 * state (--state): NDJSON, one line per order with shipped and cancelled
 * quantities by SKU and the shipments seen, so that a cron run every few
 * minutes carries on where the last one ended. Those quantities are what
 * happened, whatever the version: an order is fulfilled when they cover
 * the latest version's live quantities, and a line an edit cut below what
 * had shipped has nothing left to ship.
 *
 * Write-back by identity: an update also names the storefront's lines
 * (line_items, {id, quantity}). A SKU's shipped units fill its lines to
 * pick first to last, its cancelled units last to first, each line up to
 * its live quantity, from the totals so far: so what a line has is a
 * function of the totals, and what an earlier update named never moves.
 * Component lines that dekit made (a "kit" object) are not storefront
 * lines: their kit line is named, for each whole kit whose components
 * have all shipped (or all been cancelled), by the update that completes
 * it, with the tracking numbers of every parcel that carried a unit of
 * those kits. With fulfilment orders (statusmap_load_fulfilment_orders),
 * each line becomes its fulfilment-order line items, grouped by
 * fulfilment order; a line that has none with room is held
 * (no_fulfillment_line). Each shipment seen keeps its lines and tracking
 * number in the state, so that a shipment id sent again with other lines
 * is held (conflicting_shipment) with both versions, and only an
 * identical re-send is a duplicate.
 */
#ifndef WMSKIT_STATUSMAP_H
#define WMSKIT_STATUSMAP_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "csvtable.h"
#include "exception.h"
#include "hash.h"
#include "order.h"
#include "path.h"
#include "writer.h"

struct sm_order;
struct sm_status;
struct sm_foitem;
struct sm_entry;

/* Where things are in an event; an order's are its model's. */
struct sm_paths {
	struct path *ref, *shipment, *status, *lines, *tracking, *carrier,
	    *dispatched;
	const char *line_sku, *line_qty;
};

struct statusmap {
	/* options: statusmap_init's defaults, then main's */
	struct sm_paths at;

	/* tables: m owns each, statusmap_free frees it */
	struct order_model *model;	/* statusmap_use_model, before the
					 * orders are loaded */
	/* the status table (statusmap_load_table) */
	struct csv_table *table;
	struct sm_status *statuses;
	struct hash *status_index;	/* wms_status to its index */
	/* the orders (statusmap_load_orders), with what has shipped
	 * (statusmap_load_state, then each event) */
	struct sm_order *orders;
	size_t norders, ordercap;
	struct hash *order_index;	/* ref key to its index */
	struct hash *line_index;	/* "ref\0sku" to its line's index */
	struct hash *seen;		/* "ref\0shipment\0effect" to its
					 * shipment's index in the order */
	/* fulfilment-order line items (statusmap_load_fulfilment_orders);
	 * fo_index: storefront line id to the first one's index, each
	 * naming the next; taken by each event */
	struct sm_foitem *fo;
	size_t nfo, focap;
	struct hash *fo_index;
	int fo_loaded;

	/* counters, for --stats */
	unsigned long updates, duplicates, no_effect;

	/* scratch, reused by every record */
	struct order order;	/* add_order: the order read */
	struct buf ref;		/* an order reference's key: add_order,
				 * add_state, read_event */
	struct buf ship, status;	/* read_event: the event's shipment
					 * id and status as text */
	struct buf linekey;	/* line_of: "ref\0sku" */
	struct buf seenkey;	/* seen_key: "ref\0shipment\0effect" */
	struct buf fkey;	/* write_update: the fulfilment key */
	struct buf where;	/* a line's place, for a message */
	struct buf kitid;	/* kit_of: its kit line's id as text */
	struct buf lineid;	/* line_key: a storefront line id's key */
	struct buf foid;	/* add_fulfilment_order: its id as text */
	struct buf listpath;	/* list_of: a path to try */
	struct path_slot *slots;	/* the values a path reaches */
	size_t slotcap;
	json_t *pending;	/* check_lines: an event's lines, checked,
				 * not yet applied */
	json_t *detail;		/* seen_again: conflicting_shipment's
				 * further members */
	struct sm_entry *entries;	/* storefront_lines: an update's
					 * storefront lines */
	size_t nentries, entrycap;
	int64_t *starts;	/* place_plines: units so far by SKU */
	size_t startcap;
	int64_t *sums, *perkit;	/* kit_scratch: units, and units in one
				 * kit, by kit position */
	size_t sumcap, perkitcap;
	int64_t *taken;		/* map_fulfilment: what it took, to give
				 * back */
	size_t takencap;
};

enum sm_result { SM_UPDATE, SM_HOLD, SM_DROP };

/* Default paths and keys; the model is the caller's to set. */
void statusmap_init(struct statusmap *m);
void statusmap_free(struct statusmap *m);
/* The orders' shape, before they are loaded; m owns model from then on. */
void statusmap_use_model(struct statusmap *m, struct order_model *model);
/* Each returns 0 with *err ("file:line: what") on an invalid file. */
int statusmap_load_table(struct statusmap *m, const char *path, char **err);
int statusmap_load_orders(struct statusmap *m, const char *path, char **err);
/*
 * Shopify fulfilment orders, NDJSON: each record a fulfilment order (REST
 * line_items, GraphQL lineItems as an array, edges or nodes), or holds
 * them in fulfillment_orders or fulfillmentOrders.
 */
int statusmap_load_fulfilment_orders(struct statusmap *m, const char *path,
    char **err);
/* A state file that does not exist is an empty state. */
int statusmap_load_state(struct statusmap *m, const char *path, char **err);
/*
 * One event: SM_UPDATE with *update to write (the caller's reference),
 * SM_HOLD with e filled, or SM_DROP (a duplicate, or no effect).
 */
enum sm_result statusmap_event(struct statusmap *m, json_t *event,
    json_t **update, struct exception *e);
/* Writes the state, one order a line. */
void statusmap_write_state(struct statusmap *m, struct writer *w);

#endif
