/* dekit: break bundles into component SKUs, fold them back, derive stock. */

#include <stdlib.h>
#include <string.h>

#include "dekit.h"
#include "diag.h"
#include "opt.h"
#include "tool.h"

static const char usage[] =
    "usage: dekit -k kits.csv [--rekit | --stock] [options] [file ...]\n"
    "\n"
    "Replaces each order line whose SKU is a kit by its component lines;\n"
    "with --rekit folds component lines back into kits; with --stock adds\n"
    "each kit's stock, derived from its components' stock.\n"
    "\n";

/*
 * An empty kit table is what a failed export leaves, and would send every
 * bundle on to a WMS that cannot pick it: refused, unless --allow-empty (a
 * shop with no bundles yet). A file of no bytes is not even the table's
 * header: refused as such, not as a CSV without a header.
 */
static struct kits *
load_kits(struct tool *t, const char *path)
{
	struct kits *kits;
	char *err;

	tool_need_header(t, "-k", path);
	if ((kits = kits_load(path, &err)) == NULL)
		die("%s", err);
	tool_need_rows(t, "-k", path, kits_count(kits));
	return kits;
}

/*
 * The derived kit records, kit by kit, each at its locations: a record
 * with a component missing is passed (as 0) and held too; a kit with no
 * location at all is only held.
 */
static void
kit_stock(struct tool *t, struct dekit *d, const char *kits_file)
{
	struct ndjson_line where;
	struct exception e = { .code = EXC_NONE };
	json_t *record;
	size_t i, at;
	int r;

	memset(&where, 0, sizeof(where));
	where.source = kits_file;
	for (i = 0; i < kits_count(d->kits); i++) {
		where.lineno = kits_at(d->kits, i)->line;
		at = 0;
		while ((r = dekit_stock_next(d, i, &at, &record, &e)) != 0) {
			if (r & DEKIT_HOLD)
				tool_hold(t, &where, &e, record);
			if (r & DEKIT_PASS)
				tool_pass(t, record);
			json_decref(record);
		}
	}
	exc_free(&e);
}

/* The order fields the options override, in the order model's names. */
enum { F_LINES, F_SKU, F_QTY, F_PRICE, F_ID, F_PARENT, NOVERRIDES };
static const char *const fields[NOVERRIDES] = { "lines", "sku", "qty",
    "price", "line_id", "parent" };

int
main(int argc, char **argv)
{
	int (*work)(struct dekit *, json_t *, struct exception *) = dekit_order;
	const struct order_shape *shape = order_shapes[0];
	const char *kits_file = NULL, *location_key = NULL;
	const char *set[NOVERRIDES] = { NULL };
	struct order_model *m;
	struct tool t;
	struct dekit d;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	char *err;
	int decimals = -1, rekit = 0, stock = 0;
	size_t i;
	const struct opt opts[] = {
		{ "kits", 'k', "FILE", OPT_STRING(&kits_file),
		    "CSV: kit_sku, component_sku, qty [, weight]" },
		{ "rekit", 0, NULL, OPT_FLAG(&rekit),
		    "fold component lines back into kit lines" },
		{ "stock", 0, NULL, OPT_FLAG(&stock),
		    "read stock records; add one record per kit" },
		{ "location-key", 0, "KEY", OPT_STRING(&location_key),
		    "with --stock, a record's location: kit\n"
		    "stock per location" },
		OPT_ROW_SHAPE(&shape),
		{ "lines-path", 0, "PATH", OPT_STRING(&set[F_LINES]),
		    "the order's lines (default: the shape's)" },
		{ "sku-key", 0, "KEY", OPT_STRING(&set[F_SKU]),
		    "a line's SKU (default: the shape's; with\n"
		    "--stock, sku)" },
		{ "qty-key", 0, "KEY", OPT_STRING(&set[F_QTY]),
		    "a line's quantity (default: the shape's; with\n"
		    "--stock, available)" },
		{ "price-key", 0, "KEY", OPT_STRING(&set[F_PRICE]),
		    "a line's unit price (default: the shape's)" },
		{ "id-key", 0, "KEY", OPT_STRING(&set[F_ID]),
		    "a line's id (default: the shape's)" },
		{ "parent-key", 0, "KEY", OPT_STRING(&set[F_PARENT]),
		    "names a line's parent line (default: the\n"
		    "shape's, else parent_item_id)" },
		{ "decimals", 0, "N", OPT_INT(&decimals, 0, 6),
		    "decimals of a minor unit of money (default:\n"
		    "the order's currency's)" },
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		OPT_ROW_ALIAS("lines", "lines-path"),
		OPT_END
	};

	tool_init(&t, "dekit", usage, argc, argv);
	dekit_init(&d, NULL);
	optind = opt_parse(&t, opts, argc, argv);
	if (rekit && stock)
		tool_usage_error(&t, "--rekit and --stock exclude each other");
	if (rekit)
		work = dekit_rekit;
	if (stock)
		work = dekit_stock_record;
	if (kits_file == NULL)
		tool_usage_error(&t, "a kit table is needed: -k FILE");
	if (location_key != NULL && work != dekit_stock_record)
		tool_usage_error(&t, "--location-key needs --stock");
	if (work == dekit_stock_record) {	/* keys of stock records */
		d.sku_key = set[F_SKU] ? set[F_SKU] : "sku";
		d.qty_key = set[F_QTY] ? set[F_QTY] : "available";
		d.location_key = location_key;
	} else {
		m = order_model_new(shape, decimals);
		for (i = 0; i < NOVERRIDES; i++)
			if (set[i] != NULL &&
			    !order_model_set(m, fields[i], set[i], &err))
				tool_usage_error(&t, "%s", err);
		dekit_use_model(&d, m);
	}
	d.kits = load_kits(&t, kits_file);
	tool_start(&t, argc - optind, argv + optind);
	while (tool_next(&t, &line)) {
		if (work(&d, line.value, &e))
			tool_pass(&t, line.value);
		else
			tool_hold(&t, &line, &e, line.value);
	}
	if (work == dekit_stock_record)
		kit_stock(&t, &d, kits_file);
	*tool_counter(&t, "kit_lines") = d.kit_lines;
	*tool_counter(&t, "component_lines") = d.component_lines;
	dekit_free(&d);
	exc_free(&e);
	return tool_finish(&t);
}
