/* stockdiff: the stock the storefront should show, and what to update. */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "opt.h"
#include "stockdiff.h"
#include "tool.h"
#include "xalloc.h"

static const char usage[] =
    "usage: stockdiff --wms FILE [--since FILE] [--buffer N] [--buffers FILE]\n"
    "                 [--pending FILE] [options] [file ...]\n"
    "\n"
    "Compares the WMS stock with the storefront's (the operands) and writes\n"
    "one update for each storefront listing whose figure is not its target,\n"
    "max(0, WMS available - buffer - pending).\n"
    "\n";

/* What main takes from the options, besides what they set in sd. */
struct options {
	const struct order_shape *shape;
	const char *wms, *since, *buffers, *pending, *master, *column;
	int force;		/* past the safety limits */
};

/*
 * The WMS snapshot's lines that could not be read, by code, into b: held
 * counts now less before, duplicates left out.
 */
static void
unreadable_codes(const struct tool *t, const unsigned long *before,
    struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++)
		if (t->held_by_code[i] > before[i] && i != EXC_DUPLICATE_SKU)
			buf_printf(b, "%s%s %lu", b->len ? ", " : "",
			    exc_codes[i].name, t->held_by_code[i] - before[i]);
}

/*
 * The snapshot's limits, once it is read: no stock record, or more lines
 * that cannot be read than --max-bad allows. Refused unless --force.
 */
static void
check_snapshot(struct tool *t, const struct stockdiff *sd, int force,
    const char *file, unsigned long lines, const unsigned long *before)
{
	unsigned long bad = stockdiff_unreadable(sd, lines);
	unsigned long most = stockdiff_max_bad(sd, lines);
	struct buf codes = { NULL, 0, 0 }, src = { NULL, 0, 0 };

	if (lines == 0 && !force)
		tool_refuse(t, "empty_snapshot", "%s: no stock record, an "
		    "empty snapshot: every storefront listing would go to 0. "
		    "A failed export? Refused, nothing written; --force writes "
		    "anyway", file);
	if (lines == 0)
		tool_forced(t, "empty_snapshot", "--force: %s: no stock "
		    "record, an empty snapshot; every storefront listing goes "
		    "to 0", file);
	if (bad <= most)
		return;
	unreadable_codes(t, before, &codes);
	tool_limit_by(&sd->max_bad, "--max-bad", &src);
	if (!force)
		tool_refuse(t, "broken_snapshot", "%s: %lu of %lu lines are "
		    "not stock records that can be read (%s; the SKU is read "
		    "at \"%s\", the figure at \"%s\"): more than the %lu that "
		    "%s. A cut file or a renamed field? Refused, nothing "
		    "written; --max-bad N or P%% moves the limit, --force "
		    "writes anyway", file, bad, lines, codes.p, sd->wms_sku,
		    sd->wms_qty, most, src.p);
	tool_forced(t, "broken_snapshot", "--force: %s: %lu of %lu lines are "
	    "not stock records that can be read (%s): more than the %lu that "
	    "%s; the rest is compared", file, bad, lines, codes.p, most,
	    src.p);
	buf_free(&codes);
	buf_free(&src);
}

/* After the storefront: more listings to 0 than --max-zero allows. */
static void
check_zeroed(struct tool *t, const struct stockdiff *sd, int force)
{
	unsigned long most = stockdiff_max_zero(sd);
	struct buf src = { NULL, 0, 0 };

	if (sd->zeroed <= most)
		return;
	tool_limit_by(&sd->max_zero, "--max-zero", &src);
	if (!force)
		tool_refuse(t, "mass_zero", "%lu of the %lu storefront "
		    "listings on sale would go to 0: more than the %lu that "
		    "%s. A cut or incomplete WMS snapshot? Refused, nothing "
		    "written; --max-zero N or P%% moves the limit, --force "
		    "writes anyway", sd->zeroed, sd->on_sale, most, src.p);
	tool_forced(t, "mass_zero", "--force: %lu of the %lu storefront "
	    "listings on sale go to 0: more than the %lu that %s; written",
	    sd->zeroed, sd->on_sale, most, src.p);
	buf_free(&src);
}

/* --sku-key and --qty-key: both sides at once. */
static void
set_sku_key(struct tool *t, void *sd, const char *key)
{
	struct stockdiff *d = sd;

	(void)t;
	d->wms_sku = d->store_sku = key;
}

static void
set_qty_key(struct tool *t, void *sd, const char *key)
{
	struct stockdiff *d = sd;

	(void)t;
	d->wms_qty = d->store_qty = key;
}

/* The options into o and sd; returns the index of the first operand. */
static int
options(struct tool *t, struct options *o, struct stockdiff *sd, int argc,
    char **argv)
{
	struct opt_list carry = { NULL, 0, 0 };
	const char *clash;
	size_t i;
	int first;
	const struct opt opts[] = {
		{ "wms", 0, "FILE", OPT_STRING(&o->wms),
		    "NDJSON stock records of the WMS" },
		{ "since", 0, "FILE", OPT_STRING(&o->since),
		    "the previous WMS snapshot: compare only\n"
		    "what changed since (none yet: all)" },
		{ "buffer", 0, "N", OPT_INT64(&sd->buffer, 0, 1000000000),
		    "units held back for every SKU (default 0)" },
		{ "buffers", 0, "FILE", OPT_STRING(&o->buffers),
		    "CSV: sku, buffer; a sku may be a prefix TS-*" },
		{ "pending", 0, "FILE", OPT_STRING(&o->pending),
		    "NDJSON orders taken, not yet in the WMS" },
		OPT_ROW_SHAPE(&o->shape),
		{ "master", 'M', "FILE", OPT_STRING(&o->master),
		    "resolve the pending orders' SKUs, as\n"
		    "sku-normalize -M does" },
		{ "master-column", 0, "NAME", OPT_STRING(&o->column),
		    "the master's SKU column (default sku)" },
		{ "tolerance", 0, "N", OPT_INT64(&sd->tolerance, 0, 1000000000),
		    "rises up to N need no update" },
		{ "carry", 0, "KEY", OPT_LIST(&carry),
		    "a member of the storefront's records that\n"
		    "the updates carry, besides inventory_item_id,\n"
		    "location_id, variant_id and id" },
		{ "location-key", 0, "KEY", OPT_STRING(&sd->location),
		    "compare per SKU and location" },
		{ "sku-key", 0, "KEY", OPT_CALL(set_sku_key, sd),
		    "the SKU on both sides (default sku)" },
		{ "qty-key", 0, "KEY", OPT_CALL(set_qty_key, sd),
		    "the figure on both sides (default available)" },
		{ "wms-sku-key", 0, "KEY", OPT_STRING(&sd->wms_sku),
		    "the SKU in the WMS records" },
		{ "wms-qty-key", 0, "KEY", OPT_STRING(&sd->wms_qty),
		    "the figure in the WMS records" },
		{ "store-sku-key", 0, "KEY", OPT_STRING(&sd->store_sku),
		    "the SKU in the storefront's records" },
		{ "store-qty-key", 0, "KEY", OPT_STRING(&sd->store_qty),
		    "the figure in the storefront's records" },
		{ "ignore-missing-store", 0, NULL,
		    OPT_FLAG(&sd->ignore_missing_store),
		    "do not report WMS SKUs the storefront lacks" },
		{ "max-bad", 0, "N|P%", OPT_LIMIT(&sd->max_bad),
		    "most WMS lines that may be unreadable\n"
		    "(default 10%, at least 2; never all)" },
		{ "max-zero", 0, "N|P%", OPT_LIMIT(&sd->max_zero),
		    "most listings on sale that may go to 0\n"
		    "(default 10%, at least 20; at most half,\n"
		    "at least 2)" },
		{ "force", 0, NULL, OPT_FLAG(&o->force),
		    "write the updates past a safety limit" },
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		OPT_END
	};

	first = opt_parse(t, opts, argc, argv);
	for (i = 0; i < carry.n; i++)
		stockdiff_carry(sd, carry.v[i]);
	opt_list_free(&carry);
	if (o->wms == NULL)
		tool_usage_error(t, "the WMS snapshot is needed: --wms FILE");
	if ((clash = stockdiff_carry_clash(sd)) != NULL)
		tool_usage_error(t, "--carry: '%s' is a member the update "
		    "writes itself", clash);
	return first;
}

/* The tables: buffers, the master, the previous snapshot; the shape. */
static void
load_tables(struct tool *t, struct stockdiff *sd, struct options *o)
{
	struct stat st;
	char *err = NULL;

	if (o->master)
		tool_need_header(t, "-M", o->master);
	/* the first run of a delta sync has no previous snapshot: compare
	 * all, as an empty one would; any other failure to read it stops */
	if (o->since != NULL && stat(o->since, &st) == -1 && errno == ENOENT) {
		tool_warn(t, "full_sync", "--since %s: no such file yet: a "
		    "full sync", o->since);
		o->since = NULL;
	}
	if ((o->buffers && !stockdiff_load_buffers(sd, o->buffers, &err)) ||
	    (o->master && !stockdiff_load_master(sd, o->master, o->column,
	    &err)) ||
	    (o->since && !stockdiff_load_since(sd, o->since, &err)))
		die("%s", err);
	/* an empty master would hold every pending order: a failed export;
	 * an empty buffers table is no buffers, as its header says */
	if (o->master != NULL)
		tool_need_rows(t, "-M", o->master,
		    sku_master_count(sd->master));
	stockdiff_use_model(sd, order_model_new(o->shape, -1));
}

/*
 * The pending orders are records: one that cannot be counted is held
 * with its file and line, and the rest still count.
 */
static void
read_pending(struct tool *t, struct stockdiff *sd, const char *file,
    struct exception *e)
{
	struct ndjson_reader *orders = tool_open_side(t, "--pending", &file);
	struct ndjson_line line;

	while (tool_next_from(t, orders, &line))
		if (!stockdiff_pending(sd, line.value, e))
			tool_hold(t, &line, e, line.value);
	tool_close_side(t, orders);	/* else targets too high */
}

/* The WMS snapshot, then its limits. */
static void
read_snapshot(struct tool *t, struct stockdiff *sd, const char *file,
    int force, struct exception *e)
{
	unsigned long held_before[EXC_NCODES];	/* before the snapshot */
	struct ndjson_reader *wms = tool_open_side(t, "--wms", &file);
	struct ndjson_line line;
	unsigned long lines = t->read;

	memcpy(held_before, t->held_by_code, sizeof(held_before));
	while (tool_next_from(t, wms, &line))
		if (!stockdiff_wms(sd, &line, e))
			tool_hold(t, &line, e, line.value);
	lines = t->read - lines;
	tool_close_side(t, wms);	/* else no WMS figures */
	if (!t->trouble)
		check_snapshot(t, sd, force, file, lines, held_before);
}

/* The storefront's records, then the WMS's it lacks. */
static void
compare(struct tool *t, struct stockdiff *sd, const char *wms_file,
    struct exception *e)
{
	struct ndjson_line line;
	json_t *update, *record;
	size_t i;
	int r;

	while (!t->trouble && tool_next(t, &line)) {
		r = stockdiff_store(sd, line.value, &update, e);
		if (r & SD_HOLD)
			tool_hold(t, &line, e, line.value);
		if (r & SD_UPDATE) {
			tool_pass(t, update);
			json_decref(update);
		}
	}
	memset(&line, 0, sizeof(line));
	line.source = wms_file;
	for (i = 0; !t->trouble && i < sd->nentries; i++)
		if (stockdiff_unmatched(sd, i, &record, &line, e))
			tool_hold(t, &line, e, record);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct stockdiff sd;
	struct options o = { .shape = order_shapes[0], .column = "sku" };
	struct exception e = { .code = EXC_NONE };

	tool_init(&t, "stockdiff", usage, argc, argv);
	stockdiff_init(&sd);
	optind = options(&t, &o, &sd, argc, argv);
	load_tables(&t, &sd, &o);
	tool_start(&t, argc - optind, argv + optind);
	/* nothing leaves until the limits have been checked at the end */
	tool_hold_output(&t);
	if (o.pending != NULL)
		read_pending(&t, &sd, o.pending, &e);
	if (!t.trouble)
		read_snapshot(&t, &sd, o.wms, o.force, &e);
	compare(&t, &sd, o.wms, &e);
	*tool_counter(&t, "compared") = sd.compared;
	*tool_counter(&t, "updates") = sd.updates;
	*tool_counter(&t, "unchanged") = sd.unchanged;
	*tool_counter(&t, "zeroed") = sd.zeroed;
	check_zeroed(&t, &sd, o.force);
	tool_release_output(&t);
	stockdiff_free(&sd);
	exc_free(&e);
	return tool_finish(&t);
}
