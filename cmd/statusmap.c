/* statusmap: WMS dispatch events to storefront fulfilment updates. */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "diag.h"
#include "statusmap.h"
#include "tool.h"

static const char usage[] =
    "usage: statusmap -m status.csv --orders FILE [--state FILE] [options]\n"
    "                 [file ...]\n"
    "\n"
    "Turns WMS dispatch events into fulfilment updates, one per shipment,\n"
    "with the order's status from all its shipments so far.\n"
    "\n"
    "  -m, --map FILE           CSV: wms_status, channel_status, effect\n"
    "      --orders FILE        NDJSON orders as the WMS received them; an\n"
    "                           order listed again: the latest version\n"
    "                           counts\n"
    "      --state FILE         quantities and shipments seen, across runs\n"
    "      --no-wait            stop (status 2) if another run holds --state\n"
    "      --fulfillment-orders FILE\n"
    "                           NDJSON Shopify fulfilment orders: lines\n"
    "                           named by fulfilment-order line item\n"
    "      --ref-path PATH      event: order reference (default order_ref)\n"
    "      --shipment-path PATH event: shipment id (default shipment_id)\n"
    "      --status-path PATH   event: WMS status (default status)\n"
    "      --lines-path PATH    event: lines (default lines)\n"
    "      --line-sku-key KEY   event line: SKU (default sku)\n"
    "      --line-qty-key KEY   event line: quantity (default qty)\n"
    "      --tracking-path PATH event: tracking number (default\n"
    "                           tracking_number)\n"
    "      --carrier-path PATH  event: carrier (default carrier)\n"
    "      --dispatched-path PATH\n"
    "                           event: time of dispatch (default\n"
    "                           dispatched_at)\n"
    "      --order-ref-path PATH\n"
    "                           order: reference (default: by --shape)\n"
    "      --order-lines-path PATH\n"
    "                           order: lines (default: by --shape)\n"
    "      --order-sku-key KEY  order line: SKU (default: by --shape)\n"
    "      --order-qty-key KEY  order line: live quantity (default: by\n"
    "                           --shape)\n"
    TOOL_USAGE_SHAPE
    TOOL_USAGE_ALLOW_EMPTY
    TOOL_USAGE_DELIMITER
    TOOL_USAGE_COMMON;

enum {
	OPT_ORDERS = TOOL_OPT_FIRST_FREE,
	OPT_FULFILMENT_ORDERS,
	OPT_STATE,
	OPT_NO_WAIT,
	OPT_REF_PATH,
	OPT_SHIPMENT_PATH,
	OPT_STATUS_PATH,
	OPT_LINES_PATH,
	OPT_LINE_SKU_KEY,
	OPT_LINE_QTY_KEY,
	OPT_TRACKING_PATH,
	OPT_CARRIER_PATH,
	OPT_DISPATCHED_PATH,
	OPT_ORDER_REF_PATH,
	OPT_ORDER_LINES_PATH,
	OPT_ORDER_SKU_KEY,
	OPT_ORDER_QTY_KEY,
	OPT_SHAPE
};

static const struct option longopts[] = {
	{ "carrier-path", required_argument, NULL, OPT_CARRIER_PATH },
	{ "dispatched-path", required_argument, NULL, OPT_DISPATCHED_PATH },
	{ "fulfillment-orders", required_argument, NULL,
	    OPT_FULFILMENT_ORDERS },
	{ "line-qty-key", required_argument, NULL, OPT_LINE_QTY_KEY },
	{ "line-sku-key", required_argument, NULL, OPT_LINE_SKU_KEY },
	{ "lines-path", required_argument, NULL, OPT_LINES_PATH },
	{ "map", required_argument, NULL, 'm' },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "order-lines-path", required_argument, NULL, OPT_ORDER_LINES_PATH },
	{ "order-qty-key", required_argument, NULL, OPT_ORDER_QTY_KEY },
	{ "order-ref-path", required_argument, NULL, OPT_ORDER_REF_PATH },
	{ "order-sku-key", required_argument, NULL, OPT_ORDER_SKU_KEY },
	{ "orders", required_argument, NULL, OPT_ORDERS },
	{ "ref-path", required_argument, NULL, OPT_REF_PATH },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	{ "shipment-path", required_argument, NULL, OPT_SHIPMENT_PATH },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "status-path", required_argument, NULL, OPT_STATUS_PATH },
	{ "tracking-path", required_argument, NULL, OPT_TRACKING_PATH },
	TOOL_LONGOPT_ALLOW_EMPTY,
	TOOL_LONGOPT_DELIMITER,
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* The order options override the shape's fields, whatever their order. */
static void
set_model(struct tool *t, struct statusmap *m,
    const struct order_shape *shape, const char *const override[4])
{
	static const char *const fields[4][2] = {
		{ "ref", NULL }, { "lines", NULL }, { "sku", NULL },
		{ "live_qty", "qty" }	/* that key, and no other */
	};
	size_t i, j;
	char *err;

	m->model = order_model_new(shape, -1);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2 && override[i] != NULL &&
		    fields[i][j] != NULL; j++)
			if (!order_model_set(m->model, fields[i][j],
			    override[i], &err))
				tool_usage_error(t, "%s", err);
}

/*
 * The side files, each of which would hold every event were it empty, as
 * a failed export leaves it. The status table is written by a person and
 * is never meant empty: refused, header alone or no bytes at all. The
 * orders may be, before the first order reaches the WMS: --allow-empty;
 * so may the fulfilment orders.
 */
static void
load_tables(struct tool *t, struct statusmap *m, const char *map,
    const char *orders, const char *fos)
{
	char *err;

	if (!tool_empty_file(map) && !statusmap_load_table(m, map, &err))
		die("%s", err);
	if (m->table == NULL || m->table->nrows == 0)
		tool_refuse(t, "empty_table", "-m %s: no statuses, only a "
		    "header or nothing: a failed copy? Refused, as every event "
		    "would be held; restore the table (no --allow-empty for "
		    "it)", map);
	if (!statusmap_load_orders(m, orders, &err))
		die("%s", err);
	tool_need_rows(t, "--orders", orders, m->norders);
	if (fos == NULL)
		return;
	if (!statusmap_load_fulfilment_orders(m, fos, &err))
		die("%s", err);
	tool_need_rows(t, "--fulfillment-orders", fos, m->nfo);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct statusmap m;
	struct sm_paths *at = &m.at;
	struct ndjson_line line;
	struct exception e;
	struct atomic_file state;
	const struct order_shape *shape = order_shapes[0];
	const char *map = NULL, *orders = NULL, *state_file = NULL;
	const char *fos = NULL;
	const char *order_opt[4] = { NULL, NULL, NULL, NULL };
	json_t *update;
	char *err;
	int c, wait = 1;

	tool_init(&t, "statusmap", usage, argc, argv);
	statusmap_init(&m);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS "m:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'm':
			map = optarg;
			break;
		case OPT_CARRIER_PATH:
			tool_path(&t, &at->carrier, optarg);
			break;
		case OPT_DISPATCHED_PATH:
			tool_path(&t, &at->dispatched, optarg);
			break;
		case OPT_FULFILMENT_ORDERS:
			fos = optarg;
			break;
		case OPT_LINE_QTY_KEY:
			at->line_qty = optarg;
			break;
		case OPT_LINE_SKU_KEY:
			at->line_sku = optarg;
			break;
		case OPT_LINES_PATH:
			tool_path(&t, &at->lines, optarg);
			break;
		case OPT_NO_WAIT:
			wait = 0;
			break;
		case OPT_ORDER_LINES_PATH:
			order_opt[1] = optarg;
			break;
		case OPT_ORDER_QTY_KEY:
			order_opt[3] = optarg;
			break;
		case OPT_ORDER_REF_PATH:
			order_opt[0] = optarg;
			break;
		case OPT_ORDER_SKU_KEY:
			order_opt[2] = optarg;
			break;
		case OPT_ORDERS:
			orders = optarg;
			break;
		case OPT_REF_PATH:
			tool_path(&t, &at->ref, optarg);
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		case OPT_SHIPMENT_PATH:
			tool_path(&t, &at->shipment, optarg);
			break;
		case OPT_STATE:
			state_file = optarg;
			break;
		case OPT_STATUS_PATH:
			tool_path(&t, &at->status, optarg);
			break;
		case OPT_TRACKING_PATH:
			tool_path(&t, &at->tracking, optarg);
			break;
		default:
			tool_option(&t, c, optarg);
		}
	if (map == NULL || orders == NULL)
		tool_usage_error(&t, "a status table (-m) and the orders "
		    "(--orders) are needed");
	set_model(&t, &m, shape, order_opt);
	load_tables(&t, &m, map, orders, fos);
	/* one run at a time reads and replaces the state, the run's
	 * whole length, or one run's shipments are lost */
	if (state_file != NULL)
		atomic_lock(state_file, wait);
	if (state_file != NULL && !statusmap_load_state(&m, state_file, &err))
		die("%s", err);
	tool_start(&t, argc - optind, argv + optind);
	if (state_file != NULL)	/* a state that cannot be written: now */
		atomic_open(&state, state_file, t.record_mode);
	while (tool_next(&t, &line))
		switch (statusmap_event(&m, line.value, &update, &e)) {
		case SM_UPDATE:
			tool_pass(&t, update);
			json_decref(update);
			break;
		case SM_HOLD:
			tool_hold(&t, &line, &e, line.value);
			break;
		case SM_DROP:
			break;
		}
	/* the state moves on only once the updates are out */
	tool_flush(&t);
	if (state_file != NULL) {
		statusmap_write_state(&m, &state.w);
		atomic_commit(&state);
	}
	*tool_counter(&t, "updates") = m.updates;
	*tool_counter(&t, "duplicates") = m.duplicates;
	*tool_counter(&t, "no_effect") = m.no_effect;
	statusmap_free(&m);
	return tool_finish(&t);
}
