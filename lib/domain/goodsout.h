/*
 * goodsout: the WMS's orders, read from Clarus goods-out records and kept
 * whole in memory (the one side a program holds), found again by the key
 * of their reference ("#1001" is "1001", orderref.h).
 *
 * Each record gives a reference, a status (Clarus goods_out_status_id 1 to
 * 8 or its name; a status of the cancelled list means cancelled), lines
 * with a SKU and their order, pick and dispatch quantities (absent or null:
 * 0, not yet known to the WMS), a dispatch time and tracking numbers. Where
 * each is found is a path or key with the Clarus default, as the
 * programs' --wms-* options set it. A line without a SKU is no line of
 * the order; a record without a reference, a second record of one
 * reference, or a quantity that is not a count is held, the first of a
 * reference counting.
 */
#ifndef WMSKIT_GOODSOUT_H
#define WMSKIT_GOODSOUT_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "hash.h"
#include "ndjson.h"
#include "opt.h"
#include "path.h"
#include "tool.h"

/* The Clarus goods-out statuses, by their goods_out_status_id. */
enum goodsout_status {
	GO_UNKNOWN, GO_DRAFT, GO_PENDING, GO_PICK, GO_PART, GO_ALLOCATED,
	GO_COMPLETED, GO_PART_ALLOCATED, GO_CANCELLED
};

/* A time that is not one (no dispatch yet). */
#define GOODSOUT_NO_TIME INT64_MIN

/* Where things are in a goods-out record. */
struct goodsout_paths {
	struct path *ref, *status, *lines, *dispatched_at;
	struct path **tracking;
	size_t ntracking;
	const char *sku, *qty, *picked, *dispatched;	/* keys of a line */
	const char **cancelled;	/* statuses that mean cancelled */
	size_t ncancelled;
};

struct goodsout_order {
	size_t ref, status, dispatched_text;	/* goodsout_text offsets */
	size_t lines_at, nlines, tracks_at, ntracks;
	int64_t dispatched_at, dispatched;	/* units dispatched, all lines */
	enum goodsout_status status_id;
	unsigned char cancelled;	/* a status of the cancelled list */
	unsigned char matched;		/* for the program: named */
};

struct goodsout_line {
	size_t sku;		/* goodsout_text offset */
	int64_t ordered, picked, dispatched;
};

struct goodsout {
	struct goodsout_paths at;
	const int64_t *zone;	/* of times written without one; NULL: none */
	struct goodsout_order *orders;
	size_t norders, ordercap;
	struct goodsout_line *lines;
	size_t nlines, linecap;
	size_t *tracks;		/* goodsout_text offsets */
	size_t ntracks, trackcap;
	/* private */
	struct hash *index;	/* ref key to index + 1 */
	struct hash *held;	/* refs held for a bad line */
	struct opt_list given;	/* --wms-cancelled */
	int tracking_given;	/* --wms-tracking-path */
	struct buf strings;	/* NUL-terminated texts, end to end */
	struct path_slot *slots;
	size_t slotcap;
	struct buf key, text;
};

/*
 * The --wms-* options every program that reads goods-outs takes, as rows
 * of its opts (opt.h) that set g. --wms-cancelled and --wms-tracking-path
 * are repeatable: the first use replaces the defaults, the others add.
 */
#define GOODSOUT_OPTS(g) \
	{ "wms-ref-path", 0, "PATH", OPT_PATH(&(g)->at.ref), \
	    "WMS order: reference" }, \
	{ "wms-status-path", 0, "PATH", OPT_PATH(&(g)->at.status), \
	    "WMS order: status" }, \
	{ "wms-cancelled", 0, "STATUS", \
	    OPT_CALL(goodsout_opt_cancelled, (g)), \
	    "a WMS status that means cancelled,\n" \
	    "repeatable (default CANCELLED and 8)" }, \
	{ "wms-lines-path", 0, "PATH", OPT_PATH(&(g)->at.lines), \
	    "WMS order: lines" }, \
	{ "wms-sku-key", 0, "KEY", OPT_STRING(&(g)->at.sku), \
	    "WMS line: sku" }, \
	{ "wms-qty-key", 0, "KEY", OPT_STRING(&(g)->at.qty), \
	    "WMS line: order_quantity" }
/* Their calls, g a struct goodsout: a status that means cancelled, a path
 * of a tracking number. */
void goodsout_opt_cancelled(struct tool *t, void *g, const char *status);
void goodsout_opt_tracking(struct tool *t, void *g, const char *path);

/* The Clarus defaults: reference, status, lines[] {sku, order_quantity,
 * pick_quantity, dispatch_quantity}, dispatched_at, tracking_number;
 * cancelled: CANCELLED and 8. */
void goodsout_init(struct goodsout *g);
void goodsout_free(struct goodsout *g);

/* A goods-out record: 1 kept, 0 held (e filled, valid until the next
 * call). */
int goodsout_read(struct goodsout *g, const struct ndjson_line *line,
    struct exception *e);
/*
 * The WMS file of --wms, whole, after tool_start: each goods-out read,
 * the others held through t; an unreadable file is t->trouble (half a WMS
 * side would make orders look missing). Returns the records read.
 */
unsigned long goodsout_load(struct goodsout *g, struct tool *t,
    const char *file);
/* The order of a reference key, or NULL. */
struct goodsout_order *goodsout_find(struct goodsout *g, const char *key,
    size_t len);
/* Whether the order of a reference key was held for a bad line. */
int goodsout_held(const struct goodsout *g, const char *key, size_t len);
/* The text at an offset of an order or a line; NULL for 0 (none). */
const char *goodsout_text(const struct goodsout *g, size_t off);

/* The status of a text: a status of the cancelled list is GO_CANCELLED;
 * else a goods_out_status_id 1 to 7 or its name, in any case
 * ("PART_ALLOCATED", "part allocated"); else GO_UNKNOWN. */
enum goodsout_status goodsout_status(const struct goodsout *g,
    const char *text);
/* The name of a status, such as "PENDING"; NULL for GO_UNKNOWN. */
const char *goodsout_status_name(enum goodsout_status s);

/*
 * Safety limit (wmskit(7)): a WMS file that lacks most of the storefront
 * orders due in it (lines to pick, not cancelled) is a failed or cut
 * export, not a day's findings. goodsout_max_missing: the most of due
 * that limit lets through, by default 10, or 20% where that is more.
 * goodsout_judge, before anything is written: with none missing, nothing;
 * with rows 0 (an empty file) empty_table unless --allow-empty; with more
 * missing than allowed incomplete_wms, refused (exit 2) unless force,
 * which says so.
 */
unsigned long goodsout_max_missing(const struct tool_limit *limit,
    unsigned long due);
void goodsout_judge(struct tool *t, const char *file, unsigned long rows,
    unsigned long missing, unsigned long due,
    const struct tool_limit *limit, int force);

/* A time of the records; a time written without a zone is in *zone, or
 * none (GOODSOUT_NO_TIME) when zone is NULL. */
int64_t goodsout_time(const json_t *v, const int64_t *zone);
/* A tracking number as compared: ASCII upper case, no white space. */
void goodsout_tracking_key(const char *s, size_t len, struct buf *out);
/* Appends to set the tracking numbers (as compared) the paths reach in
 * rec, each once; slots and text are scratch. */
void goodsout_tracking(struct path **paths, size_t n, json_t *rec,
    json_t *set, struct path_slot **slots, size_t *slotcap,
    struct buf *text);

#endif
