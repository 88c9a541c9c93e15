/*
 * skunorm: sku-normalize's work on one record. Every SKU looked at is
 * resolved first; only when all of them can be made right is the record
 * rewritten, so a record is either passed whole or held as it came.
 *
 * Two ways to find the SKUs. With a model (an order shape), the order's
 * lines are read by the model and only the lines the warehouse picks are
 * looked at: a line to pick (ORDER_PICK) with a live quantity above 0, or
 * one whose quantity cannot be read (it may be picked). Lines not shipped,
 * parent rows, a configurable's child row and lines an edit removed (live
 * quantity 0) are left as they are and never hold a record. Such a line to
 * pick with no SKU (null, absent or "") is missing_sku; a shape field of
 * the wrong type is bad_field. Without a model, the SKUs are every value
 * the paths reach, and a null, absent or empty SKU is left alone.
 * Either way, a SKU that is not a string, or that cleaning empties, is
 * bad_sku.
 *
 * A master saved from a spreadsheet loses the leading zeros of its
 * all-digit SKUs, and then the canonical key rewrites every correct
 * "000123" of the orders to the master's "123". So, when the master has
 * that shape (sku_master_zeros_lost), each SKU that is digits only with a
 * leading zero, matches no master SKU as it is, cleaned or by case, and
 * resolves by the key alone, to an all-digit SKU, is counted in
 * zeros_dropped: the evidence sku-normalize warns of, or refuses with
 * --strict-master. A person's "0123" for a master's genuine "123" looks
 * the same; the first one seen is kept to name in the message.
 */
#ifndef WMSKIT_SKUNORM_H
#define WMSKIT_SKUNORM_H

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "order.h"
#include "path.h"
#include "sku.h"

struct skunorm_change;

struct skunorm {
	struct sku_rules rules;
	struct sku_master *master;	/* NULL: clean only */
	struct order_model *model;	/* NULL: the paths */
	struct path **paths;
	size_t npaths;
	int keep_original;	/* keep "<key>_original" beside a change,
				 * unless the record has one already */
	unsigned long skus, rewritten;	/* for --stats */
	unsigned long zeros_dropped;	/* see above */
	struct buf dropped, dropped_to;	/* the first: order's, master's
					 * spelling */
	/* scratch, reused from record to record */
	struct path_slot *slots;
	size_t slotcap;
	struct skunorm_change *changes;
	size_t nchanges, changecap;
	struct buf text;	/* the new SKUs, end to end */
	struct buf clean, where, at;
	json_t *detail;
	struct order order;
	size_t line;		/* the line looked at, with a model */
};

void skunorm_add_path(struct skunorm *n, struct path *p);
/* Reads records as orders of the model's shape, not by paths; n owns m. */
void skunorm_set_model(struct skunorm *n, struct order_model *m);
/*
 * 1 when record may pass (rewritten where needed); 0 when it must be held,
 * with e filled (valid until the next call) and record untouched.
 */
int skunorm_record(struct skunorm *n, json_t *record, struct exception *e);
/* Frees what n holds: its paths, model and master. */
void skunorm_free(struct skunorm *n);

#endif
