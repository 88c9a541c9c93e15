/* reconcile: what fell between the storefront and the WMS. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "isotime.h"
#include "reconcile.h"
#include "tool.h"
#include "xalloc.h"

static const char usage[] =
    "usage: reconcile --wms FILE [--orders FILE] [--fulfilments FILE]\n"
    "                 [--as-of TIME] [--grace DURATION] [-M FILE] [--kits FILE]\n"
    "                 [options] [file ...]\n"
    "\n"
    "Compares the storefront's orders (--orders, or the operands) with the\n"
    "WMS's and writes one record per discrepancy, with its owner.\n"
    "\n"
    "      --wms FILE           NDJSON orders of the WMS\n"
    "      --orders FILE        NDJSON orders of the storefront\n"
    "      --fulfilments FILE   NDJSON fulfilments of the storefront\n"
    "      --as-of TIME         measure ages at TIME (default now)\n"
    "      --grace DURATION     a hand-over's time (default 2h)\n"
    "      --zone ZONE          the zone of times written without one,\n"
    "                           such as UTC or +01:00 (default none;\n"
    "                           UTC for the magento shape's)\n"
    "      --kits FILE          expand the storefront's bundles first\n"
    "  -M, --master FILE        resolve the storefront's SKUs first, as\n"
    "                           sku-normalize -M does\n"
    "      --master-column NAME the master's SKU column (default sku)\n"
    "      --max-missing N|P%   most orders due that the WMS file may lack\n"
    "                           (default 10, or 20% where that is more)\n"
    "      --force              report past --max-missing, saying so\n"
    TOOL_USAGE_ALLOW_EMPTY
    TOOL_USAGE_DELIMITER
    TOOL_USAGE_SHAPE
    "      --ref-path PATH      order: reference (default: the shape's)\n"
    "      --id-path PATH       order: id of fulfilments\n"
    "      --created-path PATH  order: when placed\n"
    "      --cancelled-path PATH\n"
    "                           order: when cancelled\n"
    "      --status-path PATH   order: fulfilment status\n"
    "      --lines-path PATH    order: lines\n"
    "      --sku-key KEY        order line: SKU\n"
    "      --qty-key KEY        order line: quantity ordered\n"
    "      --tracking-path PATH order: a tracking number, repeatable\n"
    "                           (default: the live fulfilments')\n"
    GOODSOUT_USAGE
    "      --wms-dispatched-key KEY\n"
    "                           WMS line: dispatch_quantity\n"
    "      --wms-dispatched-path PATH\n"
    "                           WMS order: dispatched_at\n"
    "      --wms-tracking-path PATH\n"
    "                           WMS order: a tracking number, repeatable\n"
    "                           (default tracking_number)\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_WMS = TOOL_OPT_FIRST_FREE,
	OPT_ORDERS, OPT_FULFILMENTS, OPT_AS_OF, OPT_GRACE, OPT_KITS,
	OPT_REF_PATH, OPT_ID_PATH, OPT_CREATED_PATH, OPT_CANCELLED_PATH,
	OPT_STATUS_PATH, OPT_LINES_PATH, OPT_SKU_KEY, OPT_QTY_KEY,
	OPT_TRACKING_PATH, OPT_SHAPE, OPT_ZONE, OPT_MAX_MISSING, OPT_FORCE,
	OPT_MASTER_COLUMN
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "cancelled-path", required_argument, NULL, OPT_CANCELLED_PATH },
	{ "created-path", required_argument, NULL, OPT_CREATED_PATH },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "fulfilments", required_argument, NULL, OPT_FULFILMENTS },
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "id-path", required_argument, NULL, OPT_ID_PATH },
	{ "kits", required_argument, NULL, OPT_KITS },
	{ "lines-path", required_argument, NULL, OPT_LINES_PATH },
	{ "master", required_argument, NULL, 'M' },
	{ "master-column", required_argument, NULL, OPT_MASTER_COLUMN },
	{ "max-missing", required_argument, NULL, OPT_MAX_MISSING },
	{ "orders", required_argument, NULL, OPT_ORDERS },
	{ "qty-key", required_argument, NULL, OPT_QTY_KEY },
	{ "ref-path", required_argument, NULL, OPT_REF_PATH },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	{ "sku-key", required_argument, NULL, OPT_SKU_KEY },
	{ "status-path", required_argument, NULL, OPT_STATUS_PATH },
	{ "tracking-path", required_argument, NULL, OPT_TRACKING_PATH },
	{ "wms", required_argument, NULL, OPT_WMS },
	{ "wms-dispatched-key", required_argument, NULL,
	    GOODSOUT_OPT_DISPATCHED },
	{ "wms-dispatched-path", required_argument, NULL,
	    GOODSOUT_OPT_DISPATCHED_AT },
	{ "wms-tracking-path", required_argument, NULL, GOODSOUT_OPT_TRACKING },
	GOODSOUT_LONGOPTS,
	{ "zone", required_argument, NULL, OPT_ZONE },
	TOOL_LONGOPT_ALLOW_EMPTY,
	TOOL_LONGOPT_DELIMITER,
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Adds a path to a list that the first use of the option replaces. */
static void
add_path(struct tool *t, struct path ***list, size_t *n, int *given,
    const char *text)
{
	struct path *p = NULL;
	size_t i;

	if (!*given) {
		for (i = 0; i < *n; i++)
			path_free((*list)[i]);
		*n = 0;
		*given = 1;
	}
	tool_path(t, &p, text);
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = p;
}

/* The storefront's path options: overrides of the shape's fields. */
struct override {
	const char *field, *path;
};

/* Notes an override, its path checked at once. */
static void
add_override(struct tool *t, struct override *o, size_t *n,
    const char *field, const char *text)
{
	struct path *p = NULL;
	size_t i;

	tool_path(t, &p, text);
	path_free(p);
	for (i = 0; i < *n; i++)
		if (strcmp(o[i].field, field) == 0)
			break;	/* the last use counts */
	o[i].field = field;
	o[i].path = text;
	if (i == *n)
		(*n)++;
}

/* Writes a discrepancy as a result. */
static void
report(struct tool *t, json_t *found)
{
	tool_pass(t, found);
	tool_finding(t, json_string_value(json_object_get(found, "code")));
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct reconcile rc;
	const struct order_shape *shape = order_shapes[0];
	struct order_model *model;
	struct override over[8];
	size_t nover = 0;
	int64_t zone;
	int zone_given = 0;
	struct rc_paths *at = &rc.at;
	struct ndjson_reader *orders = NULL;
	struct ndjson_line line;
	struct exception e;
	const char *wms_file = NULL, *orders_file = NULL, *kits = NULL;
	const char *master = NULL, *column = "sku";
	const char *fulfilments = NULL;
	char *err = NULL, *names[1];
	int c, given_tracking = 0;
	int force = 0;
	unsigned long wms_rows;
	json_t *found, *f;
	size_t i;

	tool_init(&t, "reconcile", usage, argc, argv);
	reconcile_init(&rc);
	rc.as_of = (int64_t)time(NULL);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS "M:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'M':
			master = optarg;
			break;
		case OPT_MASTER_COLUMN:
			column = optarg;
			break;
		case OPT_AS_OF:
			if (!iso_time(optarg, strlen(optarg), &rc.as_of))
				tool_usage_error(&t, "--as-of: '%s' is not a "
				    "time such as 2026-11-27T06:00:00Z",
				    optarg);
			break;
		case OPT_CANCELLED_PATH:
			add_override(&t, over, &nover, "cancelled", optarg);
			break;
		case OPT_CREATED_PATH:
			add_override(&t, over, &nover, "created", optarg);
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_FULFILMENTS:
			fulfilments = optarg;
			break;
		case OPT_GRACE:
			if (!iso_duration(optarg, &rc.grace))
				tool_usage_error(&t, "--grace: '%s' is not a "
				    "duration such as 90m, 2h or 1d", optarg);
			break;
		case OPT_ID_PATH:
			add_override(&t, over, &nover, "id", optarg);
			break;
		case OPT_KITS:
			kits = optarg;
			break;
		case OPT_LINES_PATH:
			add_override(&t, over, &nover, "lines", optarg);
			break;
		case OPT_MAX_MISSING:
			tool_limit(&t, &rc.max_missing, "--max-missing",
			    optarg);
			break;
		case OPT_ORDERS:
			orders_file = optarg;
			break;
		case OPT_QTY_KEY:
			add_override(&t, over, &nover, "qty", optarg);
			break;
		case OPT_REF_PATH:
			add_override(&t, over, &nover, "ref", optarg);
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		case OPT_SKU_KEY:
			add_override(&t, over, &nover, "sku", optarg);
			break;
		case OPT_STATUS_PATH:
			add_override(&t, over, &nover, "status", optarg);
			break;
		case OPT_TRACKING_PATH:
			add_path(&t, &at->tracking, &at->ntracking,
			    &given_tracking, optarg);
			break;
		case OPT_WMS:
			wms_file = optarg;
			break;
		case OPT_ZONE:
			if (!reconcile_zone(optarg, &zone))
				tool_usage_error(&t, "--zone: '%s' is not a "
				    "zone such as UTC, Z or +01:00", optarg);
			zone_given = 1;
			break;
		default:
			if (!goodsout_option(&rc.go, &t, c, optarg))
				tool_option(&t, c, optarg);
		}
	model = order_model_new(shape, -1);
	for (i = 0; i < nover; i++)
		if (!order_model_set(model, over[i].field, over[i].path, &err))
			tool_usage_error(&t, "%s", err);
	reconcile_model(&rc, model);
	/* Magento writes UTC without a zone; --zone speaks for both sides */
	rc.zone_value = zone_given ? zone : 0;
	if (zone_given || shape->utc)
		rc.zone = &rc.zone_value;
	if (zone_given)
		rc.go.zone = &rc.zone_value;
	if (wms_file == NULL)
		tool_usage_error(&t, "the WMS orders are needed: --wms FILE");
	if (orders_file != NULL && optind < argc)
		tool_usage_error(&t, "the storefront's orders come from "
		    "--orders or the operands, not both");
	if (kits)
		tool_need_header(&t, "--kits", kits);
	if (master)
		tool_need_header(&t, "-M", master);
	if ((kits && (rc.kits = kits_load(kits, &err)) == NULL) ||
	    (master && (rc.master = sku_master_load(master, column, &err)) ==
	    NULL) ||
	    (fulfilments && !reconcile_load_fulfilments(&rc, fulfilments,
	    &err)))
		die("%s", err);
	/* an empty table would compare nothing; no fulfilments is a day */
	if (kits)
		tool_need_rows(&t, "--kits", kits, kits_count(rc.kits));
	if (master)
		tool_need_rows(&t, "-M", master, sku_master_count(rc.master));
	tool_start(&t, argc - optind, argv + optind);
	/* judged at the end: nothing leaves until then */
	tool_hold_output(&t);
	wms_rows = goodsout_load(&rc.go, &t, wms_file);
	/* nothing left to refuse: the findings stream as they are found */
	if (wms_rows == 0 ? t.allow_empty : force ||
	    (rc.max_missing.share && rc.max_missing.n == 10000))
		tool_release_output(&t);
	if (orders_file != NULL) {
		names[0] = (char *)orders_file;
		orders = ndjson_open(names, 1, t.max_line);
	}
	found = json_array();
	while (!t.trouble && (orders ? tool_next_from(&t, orders, &line) :
	    tool_next(&t, &line))) {
		json_array_clear(found);
		if (!reconcile_order(&rc, line.value, found, &e))
			tool_hold(&t, &line, &e, line.value);
		json_array_foreach(found, i, f)
			report(&t, f);
	}
	json_decref(found);
	if (orders != NULL) {
		t.trouble |= ndjson_trouble(orders);
		ndjson_close(orders);
	} else	/* half a storefront side would report false gaps too */
		t.trouble |= ndjson_trouble(t.in);
	if (!t.trouble)
		goodsout_judge(&t, wms_file, wms_rows, reconcile_missing(&rc),
		    rc.due, &rc.max_missing, force);
	for (i = 0; !t.trouble && i < rc.go.norders; i++)
		if ((f = reconcile_unmatched(&rc, i)) != NULL) {
			report(&t, f);
			json_decref(f);
		}
	for (i = 0; i < RC_NCODES; i++)
		*tool_counter(&t, rc_codes[i]) = rc.found[i];
	for (i = 0; i < RC_NCODES; i++) {
		const char *owner = exc_lookup(rc_codes[i])->owner;

		*tool_counter(&t, strcmp(owner, "ops") == 0 ? "owner_ops" :
		    strcmp(owner, "finance") == 0 ? "owner_finance" :
		    "owner_integration") += rc.found[i];
	}
	reconcile_free(&rc);
	return tool_finish(&t);
}
