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

static int force;	/* --force */

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
check_snapshot(struct tool *t, const struct stockdiff *sd, const char *file,
    unsigned long lines, const unsigned long *before)
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
check_zeroed(struct tool *t, const struct stockdiff *sd)
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

int
main(int argc, char **argv)
{
	unsigned long held_before[EXC_NCODES];	/* before the snapshot */
	struct tool t;
	struct stockdiff sd;
	struct ndjson_reader *wms, *orders;
	const struct order_shape *shape = order_shapes[0];
	const char *master = NULL, *column = "sku";
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const char *wms_file = NULL, *since = NULL, *buffers = NULL;
	const char *pending = NULL, *clash;
	struct stat st;
	json_t *update, *record;
	char *err = NULL;
	unsigned long lines;
	size_t i;
	int r;
	struct opt_list carry = { NULL, 0, 0 };
	const struct opt opts[] = {
		{ "wms", 0, "FILE", OPT_STRING(&wms_file),
		    "NDJSON stock records of the WMS" },
		{ "since", 0, "FILE", OPT_STRING(&since),
		    "the previous WMS snapshot: compare only\n"
		    "what changed since (none yet: all)" },
		{ "buffer", 0, "N", OPT_INT64(&sd.buffer, 0, 1000000000),
		    "units held back for every SKU (default 0)" },
		{ "buffers", 0, "FILE", OPT_STRING(&buffers),
		    "CSV: sku, buffer; a sku may be a prefix TS-*" },
		{ "pending", 0, "FILE", OPT_STRING(&pending),
		    "NDJSON orders taken, not yet in the WMS" },
		OPT_ROW_SHAPE(&shape),
		{ "master", 'M', "FILE", OPT_STRING(&master),
		    "resolve the pending orders' SKUs, as\n"
		    "sku-normalize -M does" },
		{ "master-column", 0, "NAME", OPT_STRING(&column),
		    "the master's SKU column (default sku)" },
		{ "tolerance", 0, "N", OPT_INT64(&sd.tolerance, 0, 1000000000),
		    "rises up to N need no update" },
		{ "carry", 0, "KEY", OPT_LIST(&carry),
		    "a member of the storefront's records that\n"
		    "the updates carry, besides inventory_item_id,\n"
		    "location_id, variant_id and id" },
		{ "location-key", 0, "KEY", OPT_STRING(&sd.location),
		    "compare per SKU and location" },
		{ "sku-key", 0, "KEY", OPT_CALL(set_sku_key, &sd),
		    "the SKU on both sides (default sku)" },
		{ "qty-key", 0, "KEY", OPT_CALL(set_qty_key, &sd),
		    "the figure on both sides (default available)" },
		{ "wms-sku-key", 0, "KEY", OPT_STRING(&sd.wms_sku),
		    "the SKU in the WMS records" },
		{ "wms-qty-key", 0, "KEY", OPT_STRING(&sd.wms_qty),
		    "the figure in the WMS records" },
		{ "store-sku-key", 0, "KEY", OPT_STRING(&sd.store_sku),
		    "the SKU in the storefront's records" },
		{ "store-qty-key", 0, "KEY", OPT_STRING(&sd.store_qty),
		    "the figure in the storefront's records" },
		{ "ignore-missing-store", 0, NULL,
		    OPT_FLAG(&sd.ignore_missing_store),
		    "do not report WMS SKUs the storefront lacks" },
		{ "max-bad", 0, "N|P%", OPT_LIMIT(&sd.max_bad),
		    "most WMS lines that may be unreadable\n"
		    "(default 10%, at least 2; never all)" },
		{ "max-zero", 0, "N|P%", OPT_LIMIT(&sd.max_zero),
		    "most listings on sale that may go to 0\n"
		    "(default 10%, at least 20; at most half,\n"
		    "at least 2)" },
		{ "force", 0, NULL, OPT_FLAG(&force),
		    "write the updates past a safety limit" },
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		OPT_END
	};

	tool_init(&t, "stockdiff", usage, argc, argv);
	stockdiff_init(&sd);
	optind = opt_parse(&t, opts, argc, argv);
	for (i = 0; i < carry.n; i++)
		stockdiff_carry(&sd, carry.v[i]);
	opt_list_free(&carry);
	if (wms_file == NULL)
		tool_usage_error(&t, "the WMS snapshot is needed: --wms FILE");
	if ((clash = stockdiff_carry_clash(&sd)) != NULL)
		tool_usage_error(&t, "--carry: '%s' is a member the update "
		    "writes itself", clash);
	if (master)
		tool_need_header(&t, "-M", master);
	/* the first run of a delta sync has no previous snapshot: compare
	 * all, as an empty one would; any other failure to read it stops */
	if (since != NULL && stat(since, &st) == -1 && errno == ENOENT) {
		tool_warn(&t, "full_sync", "--since %s: no such file yet: a "
		    "full sync", since);
		since = NULL;
	}
	if ((buffers && !stockdiff_load_buffers(&sd, buffers, &err)) ||
	    (master && (sd.master = sku_master_load(master, column, &err)) ==
	    NULL) ||
	    (since && !stockdiff_load_since(&sd, since, &err)))
		die("%s", err);
	/* an empty master would hold every pending order: a failed export;
	 * an empty buffers table is no buffers, as its header says */
	if (master != NULL)
		tool_need_rows(&t, "-M", master, sku_master_count(sd.master));
	sd.model = order_model_new(shape, -1);
	tool_start(&t, argc - optind, argv + optind);
	/* nothing leaves until the limits have been checked at the end */
	tool_hold_output(&t);
	/* the pending orders are records: one that cannot be counted is
	 * held with its file and line, and the rest still count */
	if (pending != NULL) {
		orders = tool_open_side(&t, "--pending", &pending);
		while (tool_next_from(&t, orders, &line))
			if (!stockdiff_pending(&sd, line.value, &e))
				tool_hold(&t, &line, &e, line.value);
		tool_close_side(&t, orders);	/* else targets too high */
	}
	if (!t.trouble) {
		wms = tool_open_side(&t, "--wms", &wms_file);
		memcpy(held_before, t.held_by_code, sizeof(held_before));
		lines = t.read;
		while (tool_next_from(&t, wms, &line))
			if (!stockdiff_wms(&sd, &line, &e))
				tool_hold(&t, &line, &e, line.value);
		lines = t.read - lines;
		tool_close_side(&t, wms);	/* else no WMS figures */
		if (!t.trouble)
			check_snapshot(&t, &sd, wms_file, lines, held_before);
	}
	while (!t.trouble && tool_next(&t, &line)) {
		r = stockdiff_store(&sd, line.value, &update, &e);
		if (r & SD_HOLD)
			tool_hold(&t, &line, &e, line.value);
		if (r & SD_UPDATE) {
			tool_pass(&t, update);
			json_decref(update);
		}
	}
	memset(&line, 0, sizeof(line));
	line.source = wms_file;
	for (i = 0; !t.trouble && i < sd.nentries; i++)
		if (stockdiff_unmatched(&sd, i, &record, &line, &e))
			tool_hold(&t, &line, &e, record);
	*tool_counter(&t, "compared") = sd.compared;
	*tool_counter(&t, "updates") = sd.updates;
	*tool_counter(&t, "unchanged") = sd.unchanged;
	*tool_counter(&t, "zeroed") = sd.zeroed;
	check_zeroed(&t, &sd);
	tool_release_output(&t);
	stockdiff_free(&sd);
	exc_free(&e);
	return tool_finish(&t);
}
