/* dekit: break bundles into component SKUs, fold them back, derive stock. */
#include <stdlib.h>
#include <string.h>

#include "dekit.h"
#include "diag.h"
#include "tool.h"

static const char usage[] =
    "usage: dekit -k kits.csv [--rekit | --stock] [options] [file ...]\n"
    "\n"
    "Replaces each order line whose SKU is a kit by its component lines;\n"
    "with --rekit folds component lines back into kits; with --stock adds\n"
    "each kit's stock, derived from its components' stock.\n"
    "\n"
    "  -k, --kits FILE          CSV: kit_sku, component_sku, qty [, weight]\n"
    "      --rekit              fold component lines back into kit lines\n"
    "      --stock              read stock records; add one record per kit\n"
    "      --lines PATH         the order's lines (default line_items)\n"
    "      --sku-key KEY        a line's SKU (default sku)\n"
    "      --qty-key KEY        a line's quantity (default quantity; with\n"
    "                           --stock, available)\n"
    "      --price-key KEY      a line's unit price (default price)\n"
    "      --id-key KEY         a line's id (default id)\n"
    "      --parent-key KEY     names a line's parent line (default\n"
    "                           parent_item_id)\n"
    "      --decimals N         decimals of a minor unit of money (default 2)\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_REKIT = TOOL_OPT_FIRST_FREE,
	OPT_STOCK,
	OPT_LINES,
	OPT_SKU_KEY,
	OPT_QTY_KEY,
	OPT_PRICE_KEY,
	OPT_ID_KEY,
	OPT_PARENT_KEY,
	OPT_DECIMALS
};

static const struct option longopts[] = {
	{ "decimals", required_argument, NULL, OPT_DECIMALS },
	{ "id-key", required_argument, NULL, OPT_ID_KEY },
	{ "kits", required_argument, NULL, 'k' },
	{ "lines", required_argument, NULL, OPT_LINES },
	{ "parent-key", required_argument, NULL, OPT_PARENT_KEY },
	{ "price-key", required_argument, NULL, OPT_PRICE_KEY },
	{ "qty-key", required_argument, NULL, OPT_QTY_KEY },
	{ "rekit", no_argument, NULL, OPT_REKIT },
	{ "sku-key", required_argument, NULL, OPT_SKU_KEY },
	{ "stock", no_argument, NULL, OPT_STOCK },
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Every derived kit record passes; one with a component missing is held. */
static void
kit_stock(struct tool *t, struct dekit *d, const char *kits_file)
{
	struct ndjson_line where;
	struct exception e;
	json_t *record;
	size_t i;

	memset(&where, 0, sizeof(where));
	where.source = kits_file;
	for (i = 0; i < kits_count(d->kits); i++) {
		where.lineno = kits_at(d->kits, i)->line;
		if (!dekit_stock_kit(d, i, &record, &e))
			tool_hold(t, &where, &e, record);
		tool_pass(t, record);
		json_decref(record);
	}
}

int
main(int argc, char **argv)
{
	int (*work)(struct dekit *, json_t *, struct exception *) = dekit_order;
	struct tool t;
	struct dekit d;
	struct ndjson_line line;
	struct exception e;
	const char *kits_file = NULL, *qty_key = NULL;
	struct kits *kits;
	char *err;
	int c;

	tool_init(&t, "dekit", usage, argc, argv);
	dekit_init(&d, NULL);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS "k:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'k':
			kits_file = optarg;
			break;
		case OPT_DECIMALS:
			d.scale = (int)tool_number(&t, "--decimals", optarg, 0,
			    6);
			break;
		case OPT_ID_KEY:
			d.id_key = optarg;
			break;
		case OPT_LINES:
			tool_path(&t, &d.lines, optarg);
			break;
		case OPT_PARENT_KEY:
			d.parent_key = optarg;
			break;
		case OPT_PRICE_KEY:
			d.price_key = optarg;
			break;
		case OPT_QTY_KEY:
			qty_key = optarg;
			break;
		case OPT_REKIT:
		case OPT_STOCK:
			if (work != dekit_order && work != (c == OPT_REKIT ?
			    dekit_rekit : dekit_stock_record))
				tool_usage_error(&t, "--rekit and --stock "
				    "exclude each other");
			work = c == OPT_REKIT ? dekit_rekit :
			    dekit_stock_record;
			break;
		case OPT_SKU_KEY:
			d.sku_key = optarg;
			break;
		default:
			tool_option(&t, c, optarg);
		}
	if (kits_file == NULL)
		tool_usage_error(&t, "a kit table is needed: -k FILE");
	d.qty_key = qty_key ? qty_key : work == dekit_stock_record ?
	    "available" : "quantity";
	if ((kits = kits_load(kits_file, &err)) == NULL)
		die("%s", err);
	d.kits = kits;
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
	return tool_finish(&t);
}
