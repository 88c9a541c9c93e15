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
	const char *wms_sku, *wms_qty, *store_sku, *store_qty, *location;
	int64_t buffer, tolerance;
	int ignore_missing_store;
	/* the storefront's members an update carries, where present */
	const char **carry;
	size_t ncarry, carrycap;
	/* the WMS snapshot: key to entry index, and the lines as came */
	struct hash *wms;
	struct sd_entry *entries;
	size_t nentries, entrycap;
	struct buf texts;
	/* SKU to pending units, buffers by SKU and by prefix: an index
	 * into values */
	struct hash *pending, *buffers, *prefixes;
	unsigned char prefix_lens[256];	/* lengths that prefixes have */
	struct hash *since;		/* key to its previous figure */
	struct hash *store;		/* the storefront's keys: listings */
	int64_t *values;		/* the figures of the three above */
	size_t nvalues, valuecap;
	int has_since;
	/* pending orders: their shape, and the master to resolve SKUs */
	struct order_model *model;	/* owned */
	struct order order;
	struct sku_master *master;	/* owned; NULL: SKUs as they are */
	struct sku_rules rules;
	unsigned long compared, updates, unchanged;	/* for --stats */
	struct tool_limit max_zero, max_bad;	/* unset: the default rule */
	unsigned long on_sale;		/* storefront keys above 0 */
	unsigned long zeroed;		/* updates from above 0 to 0 */
	unsigned long wms_duplicates;	/* WMS records held as duplicates */
	/* scratch */
	struct buf key, text, path, clean;
	json_t *record;		/* a WMS record read back for an envelope */
	json_t *detail;		/* a held pending order's not_counted */
};

void stockdiff_init(struct stockdiff *sd);
void stockdiff_free(struct stockdiff *sd);
/* Side inputs; each 0 with *err ("file:line: what") when invalid. */
int stockdiff_load_buffers(struct stockdiff *sd, const char *path,
    char **err);
int stockdiff_load_since(struct stockdiff *sd, const char *path, char **err);
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
