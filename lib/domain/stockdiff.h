/*
 * stockdiff: what the storefront should show of the WMS stock, and which
 * SKUs need an update.
 *
 * For every SKU (or SKU and location) the target is
 *	max(0, WMS available - buffer - pending)
 * where the buffer comes from --buffer and from a table of SKUs and prefix
 * patterns ("TS-*"; an exact SKU, then the longest prefix, wins), and
 * pending is what the storefront has sold that the WMS has not received:
 * the live quantities of the lines to pick of its orders, in any shape
 * (order.h), SKUs resolved against the master when there is one. A
 * pending order with a line that cannot be counted is held, its other
 * lines still counted.
 * An update is due where the storefront's figure is above the target, by
 * any amount: a tolerance never lets the storefront sell what the WMS
 * does not have; and where it is below by more than the tolerance, which
 * spares the storefront's API the small rises.
 *
 * An update carries the storefront record's identity members as they came
 * (inventory_item_id, location_id, variant_id, id and those of --carry,
 * where present), so that the storefront's API can take it as it is:
 * Shopify sets stock by inventory item and location, not by SKU.
 *
 * A SKU twice in the WMS snapshot: the lower figure counts, the second
 * record is held. Twice in the storefront's (Shopify does not enforce
 * unique SKUs): every listing gets its own decision and update, so that
 * none stays on sale with stock the WMS does not have; each listing after
 * the first is held as well, the catalogue problem noted once for two.
 *
 * The WMS snapshot is held in memory (one side); the storefront's records
 * stream past it. With a previous snapshot (--since), only the keys whose
 * WMS figure changed are compared.
 *
 * Safety limits: a snapshot with more lines that cannot be read than
 * max_bad allows is a broken export, and updates that take more
 * storefront listings from stock to 0 than max_zero allows are a mass
 * sell-out that no normal run makes; the program refuses both.
 */
#ifndef WMSKIT_STOCKDIFF_H
#define WMSKIT_STOCKDIFF_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "hash.h"
#include "ndjson.h"
#include "order.h"
#include "sku.h"
#include "tool.h"

struct sd_entry;

struct stockdiff {
	/* options: stockdiff_init's defaults, then main's */
	const char *wms_sku, *wms_qty, *store_sku, *store_qty, *location;
	int64_t buffer, tolerance;
	int ignore_missing_store;
	struct sku_rules rules;
	struct tool_limit max_zero, max_bad;	/* unset: the default rule */
	/* the storefront's members an update carries, where present
	 * (stockdiff_carry) */
	const char **carry;
	size_t ncarry, carrycap;

	/* tables: sd owns each, stockdiff_free frees it */
	struct order_model *model;	/* stockdiff_use_model: the pending
					 * orders' shape */
	struct sku_master *master;	/* stockdiff_load_master; NULL: SKUs
					 * as they are */
	/* the WMS snapshot (stockdiff_wms): key to entry index, and the
	 * lines as they came */
	struct hash *wms;
	struct sd_entry *entries;
	size_t nentries, entrycap;
	struct buf texts;
	/* SKU to pending units (stockdiff_pending), buffers by SKU and by
	 * prefix (stockdiff_load_buffers), key to its previous figure
	 * (stockdiff_load_since): each an index into values */
	struct hash *pending, *buffers, *prefixes, *since;
	unsigned char prefix_lens[256];	/* lengths that prefixes have */
	int64_t *values;
	size_t nvalues, valuecap;
	int has_since;
	/* the storefront's keys seen (stockdiff_store): key to listings */
	struct hash *store;

	/* counters, for --stats and the safety limits */
	unsigned long compared, updates, unchanged;
	unsigned long on_sale;		/* storefront keys above 0 */
	unsigned long zeroed;		/* updates from above 0 to 0 */
	unsigned long wms_duplicates;	/* WMS records held as duplicates */

	/* scratch, reused by every record */
	struct buf key;		/* key_of: the record's key */
	struct buf loc;		/* key_of: its location's text */
	struct order order;	/* stockdiff_pending: the order read */
	json_t *detail;		/* stockdiff_pending: its not_counted */
	struct buf where;	/* not_counted: the line's place */
	struct buf cleaned;	/* pending_sku: the SKU cleaned */
	struct buf names;	/* pending_sku: SKUs it might be */
	json_t *record;		/* stockdiff_unmatched: the record read
				 * back for its envelope */
	struct jtree again;	/* and its line */
};

void stockdiff_init(struct stockdiff *sd);
void stockdiff_free(struct stockdiff *sd);
/* The pending orders' shape, before the first; sd owns m. */
void stockdiff_use_model(struct stockdiff *sd, struct order_model *m);
/* Side inputs, each loaded once and sd's to free; each 0 with *err
 * ("file:line: what") when invalid. The master resolves the pending
 * orders' SKUs (sku_master_load's column). */
int stockdiff_load_buffers(struct stockdiff *sd, const char *path,
    char **err);
int stockdiff_load_since(struct stockdiff *sd, const char *path, char **err);
int stockdiff_load_master(struct stockdiff *sd, const char *path,
    const char *column, char **err);
/* One more member for the updates to carry (--carry); a key twice is
 * carried once. */
void stockdiff_carry(struct stockdiff *sd, const char *key);
/* A carried key that the update writes itself (sku, available, ...), which
 * it cannot carry as well; NULL when there is none. */
const char *stockdiff_carry_clash(const struct stockdiff *sd);
/*
 * A pending order (sd->model set): 1 counted, 0 held (e filled) where a
 * line to pick cannot be counted; the lines that can are counted anyway.
 * A cancelled order counts nothing.
 */
int stockdiff_pending(struct stockdiff *sd, json_t *order,
    struct exception *e);
/* A WMS record: 1 kept, 0 held (e filled). */
int stockdiff_wms(struct stockdiff *sd, const struct ndjson_line *line,
    struct exception *e);

enum { SD_UPDATE = 1, SD_HOLD = 2 };
/* A storefront record: SD_UPDATE with *update, SD_HOLD with e, both, or
 * 0 when nothing is due. Both: missing_in_wms (the update takes it to 0),
 * and duplicate_sku (a second listing, updated all the same). */
int stockdiff_store(struct stockdiff *sd, json_t *record, json_t **update,
    struct exception *e);
/*
 * After the storefront: the i-th WMS record if the storefront lacks it,
 * as missing_in_store (1, with *record, *line and e filled); 0 otherwise.
 */
int stockdiff_unmatched(struct stockdiff *sd, size_t i, json_t **record,
    struct ndjson_line *line, struct exception *e);

/*
 * The WMS lines that are not stock records that can be read, of lines
 * read from the snapshot: those held, but for duplicates.
 */
unsigned long stockdiff_unreadable(const struct stockdiff *sd,
    unsigned long lines);
/* The most of them that max_bad lets through, of lines. */
unsigned long stockdiff_max_bad(const struct stockdiff *sd,
    unsigned long lines);
/* The most sd->zeroed that max_zero lets through, of sd->on_sale. */
unsigned long stockdiff_max_zero(const struct stockdiff *sd);

#endif
