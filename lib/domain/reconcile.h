/*
 * reconcile: the orders, dispatches and tracking numbers that fell between
 * the storefront and the WMS. The WMS side is read whole (one side in
 * memory); the storefront's orders stream past it; what the WMS has that
 * the storefront never named comes last. References are compared by their
 * key ("#1001" is "1001"); ages are measured against an as-of time, so a
 * run can be repeated exactly; a hand-over younger than the grace is not
 * yet missing.
 *
 * The storefront's orders are read through the order model (order.h) in
 * any shape: only lines to pick count, at their live quantities; lines not
 * shipped, bundle parents and a configurable's child row do not, and an
 * order with nothing to pick is never missing from the WMS nor fulfilled
 * without a dispatch. Embedded fulfilments that are cancelled, error or
 * failure are left out.
 *
 * One record per discrepancy: code, owner, order_ref, age (seconds, or
 * null where no time is known), the facts of both sides, and, as an
 * envelope has them, key (reconcile_key's) and at (the time it was found,
 * exc_now's), so that wmsreport counts a finding of every run as one item
 * held that many times. Codes:
 * order_not_in_wms, not_in_storefront, cancelled_but_active,
 * dispatched_not_fulfilled (the whole order, or the lines the WMS has
 * dispatched beyond what the storefront shows fulfilled),
 * fulfilled_not_dispatched, tracking_mismatch, quantity_mismatch
 * (storefront SKUs resolved against the master as sku-normalize does, and
 * bundles expanded, when given). A storefront order twice is found where
 * the WMS has it; memory is for the WMS side only.
 *
 * A WMS file that lacks most of the orders due in it is an incomplete
 * export, not a day's findings: the run can count the orders due (lines to
 * pick, not cancelled, older than the grace, neither side held) and judge
 * the orders missing against a limit (reconcile(1), Safety limits).
 */
#ifndef WMSKIT_RECONCILE_H
#define WMSKIT_RECONCILE_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "goodsout.h"
#include "hash.h"
#include "kits.h"
#include "ndjson.h"
#include "order.h"
#include "path.h"
#include "sku.h"
#include "tool.h"

/* Where things are in the storefront's records (the WMS's: goodsout.h). */
struct rc_paths {
	/* orders: the model's fields, but for tracking numbers given as
	 * paths from the order (none: the live fulfilments') */
	struct path **tracking;
	size_t ntracking;
	/* fulfilments */
	struct path *f_order, *f_status;
	struct path **f_tracking;
	size_t nf_tracking;
};

enum { RC_NCODES = 7 };
extern const enum exc_code rc_codes[RC_NCODES];

struct reconcile {
	/* options: reconcile_init's defaults, then main's */
	struct rc_paths at;
	int64_t as_of, grace;
	/* the zone of times written without one (the WMS's: go.zone); NULL:
	 * such a time is no time */
	const int64_t *zone;
	int64_t zone_value;
	struct sku_rules rules;
	struct tool_limit max_missing;	/* unset: the default rule */

	/* tables: rc owns each, reconcile_free frees it */
	struct order_model *model;	/* reconcile_use_model */
	struct kits *kits;	/* reconcile_load_kits; NULL: bundles as
				 * they are */
	struct sku_master *master;	/* reconcile_load_master; NULL: SKUs
					 * as they are */
	struct goodsout go;	/* the WMS side, and its options */
	/* the storefront's fulfilments (reconcile_load_fulfilments): order
	 * id to tracking numbers, per order NUL-separated in ftexts */
	struct hash *fulfilled;
	struct buf ftexts;
	size_t *foff;
	size_t nf, fcap;

	/* counters, for --stats and the safety limit */
	unsigned long found[EXC_NCODES];	/* findings by code */
	unsigned long due;	/* storefront orders the WMS must have */

	/* scratch, reused by every order */
	struct order order;	/* reconcile_order: the order read */
	struct buf ref;		/* reconcile_order: its reference's key */
	struct hash *qty;	/* reconcile_order: SKU to units[] */
	struct rc_units {	/* by SKU, in the order first seen */
		const char *sku;
		int64_t sf, wq;		/* units on each side */
		int64_t sfdone, wd;	/* units fulfilled, dispatched */
		int sfknown;		/* whether the fulfilled are known */
	} *units;
	size_t qtycap;
	struct buf id;		/* id_key: an order id as fulfilments name
				 * it */
	struct buf track;	/* a tracking number as compared */
	struct buf fkey;	/* finding: its key */
	struct path_slot *slots;	/* the values a path reaches */
	size_t slotcap;
};

void reconcile_init(struct reconcile *rc);
/* The storefront's shape, before the first order; rc owns m. */
void reconcile_use_model(struct reconcile *rc, struct order_model *m);
/* "Z", "UTC", "+01:00", "-0530" or "+01" as seconds east of UTC. */
int reconcile_zone(const char *s, int64_t *seconds);
void reconcile_free(struct reconcile *rc);
/* The WMS side: goodsout_read(&rc->go, ...) for each of its records. */
/*
 * The tables, before the first order, each loaded once and rc's to free;
 * 0 with *err ("file:line: what") when invalid: the storefront's
 * fulfilments, the bundles to expand, the master to resolve the
 * storefront's SKUs against (sku_master_load's column).
 */
int reconcile_load_fulfilments(struct reconcile *rc, const char *path,
    char **err);
int reconcile_load_kits(struct reconcile *rc, const char *path, char **err);
int reconcile_load_master(struct reconcile *rc, const char *path,
    const char *column, char **err);
/*
 * A storefront order: 1 and its discrepancies appended to found (an
 * array); 0 when it is held (e filled).
 */
int reconcile_order(struct reconcile *rc, json_t *order, json_t *found,
    struct exception *e);
/* After the storefront: the i-th WMS order's discrepancy, if any. */
json_t *reconcile_unmatched(struct reconcile *rc, size_t i);
/* After the storefront: the orders due that are not in the WMS file. */
unsigned long reconcile_missing(const struct reconcile *rc);

/*
 * The key of a finding into out: reconcile/CODE/REF, REF the order_ref's
 * text (ref_text's; empty where it has none). wmsreport computes it for a
 * finding written before findings had one.
 */
void reconcile_key(struct buf *out, const char *code, const json_t *ref);
/*
 * The facts of a finding on one line into out, for a person and a
 * spreadsheet cell: "MUG: storefront 1, WMS 2", "storefront JD0013, WMS
 * JD0013 JD0014, dispatched 2026-11-24T16:00:00Z". most: how many SKUs or
 * tracking numbers of a list are named, the rest counted ("and 2 more");
 * 0 for all. Empty for a code it does not know.
 */
void reconcile_facts(struct buf *out, const json_t *finding, size_t most);

#endif
