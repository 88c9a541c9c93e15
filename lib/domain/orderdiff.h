/*
 * orderdiff: what the WMS must be told of storefront orders changed after
 * it received them. The WMS's goods-outs are read whole (goodsout.h, the
 * one side in memory); the storefront's orders stream past them, in any
 * shape of the order model, after sku-normalize and dekit.
 *
 * The latest version counts: of a storefront order seen more than once,
 * the version with the later updated time (order_later), or, where a
 * version has none, the later in the input. So nothing is decided while
 * the orders stream: for each WMS order only the text of the latest
 * version so far is kept (memory of the order of the WMS side), and the
 * verdicts come at the end, in the order of the WMS file. An order the
 * WMS does not have is only counted.
 *
 * A verdict compares the live quantities of the lines to pick, summed by
 * SKU (none for a cancelled order), with the WMS's order quantities:
 *
 *	WMS CANCELLED	  a live order with units to pick is held
 *			  (cancelled_in_wms); else nothing
 *	no difference	  nothing, unless the storefront cancelled it
 *	DRAFT PENDING	  an amendment record: action "amend", or "cancel"
 *	ALLOCATED	  for a cancelled order
 *	PART_ALLOCATED
 *	PICK PART	  held: edit_during_pick, what to take out or add
 *	COMPLETED	  held: edit_after_dispatch
 *	other		  held: unmapped_status
 *
 *	{"reference":"1001","action":"amend","wms_status":"PENDING",
 *	 "external_system_reference1":"5600000000001",
 *	 "external_system_reference2":"#1001","updated_at":…,
 *	 "shipping_method":"Next Day","delivery_address":{…as it came…},
 *	 "lines":[{"sku":"MUG","wms_quantity":2,"quantity":1}]}
 *
 * lines name every SKU whose quantity differs: the storefront's in the
 * order of its lines, then those only the WMS has (quantity 0). A held
 * order carries the same reference, wms_status and lines in its
 * envelope's exception.
 */
#ifndef WMSKIT_ORDERDIFF_H
#define WMSKIT_ORDERDIFF_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "goodsout.h"
#include "hash.h"
#include "ndjson.h"
#include "order.h"
#include "tool.h"

/* The latest version of a storefront order that a WMS order has. */
struct od_version {
	char *text;		/* the record's line; NULL: none seen */
	size_t len;
	json_t *updated;	/* its updated time, or NULL */
	const char *source;	/* where it was read */
	unsigned long lineno;
	int due;		/* not cancelled, units to pick */
};

enum od_verdict { OD_NOTHING, OD_WRITE, OD_HOLD };

struct orderdiff {
	struct goodsout go;	/* the WMS side */
	struct order_model *model;	/* the storefront's shape; owned */
	struct od_version *latest;	/* by WMS order */
	size_t latestcap;
	/* for --stats, and the safety limit */
	unsigned long compared, unchanged, amend, cancel, not_in_wms,
	    superseded, due, missing;
	/* scratch */
	struct order o;
	struct hash *qty;
	struct od_units {	/* by SKU, in the order first seen */
		const char *sku;
		int64_t sf, wq, picked;
	} *units;
	size_t nqty, qtycap;
	json_t *detail;		/* of the last hold */
	struct buf key;
	struct jtree again;	/* orderdiff_decide: the order read again */
};

/* For orders of the shape (NULL: shopify). */
void orderdiff_init(struct orderdiff *od, const struct order_shape *shape);
/* Another shape, before the first order (the WMS options stay). */
void orderdiff_shape(struct orderdiff *od, const struct order_shape *shape);
void orderdiff_free(struct orderdiff *od);
/*
 * A storefront order as read: 1 when it is kept as the latest version of
 * its WMS order so far, or passed over (superseded, or not in the WMS:
 * counted); 0 when it cannot be read (e filled, valid until the next
 * call), to hold as it came.
 */
int orderdiff_order(struct orderdiff *od, const struct ndjson_line *line,
    struct exception *e);
/*
 * The verdict on a storefront version (record) against the WMS order w:
 * OD_WRITE and *out, a new reference; OD_HOLD and e (valid until the next
 * call); or OD_NOTHING.
 */
enum od_verdict orderdiff_compare(struct orderdiff *od, json_t *record,
    const struct goodsout_order *w, json_t **out, struct exception *e);
/*
 * After the storefront: the verdict on the i-th WMS order's latest
 * version. line is filled as that version was read (its value a new
 * reference, freed by the caller), for a hold; OD_NOTHING where the
 * storefront never named the order.
 */
enum od_verdict orderdiff_decide(struct orderdiff *od, size_t i,
    struct ndjson_line *line, json_t **out, struct exception *e);

#endif
