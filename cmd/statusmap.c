/* statusmap: WMS dispatch events to storefront fulfilment updates. */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "diag.h"
#include "opt.h"
#include "statusmap.h"
#include "tool.h"

static const char usage[] =
    "usage: statusmap -m status.csv --orders FILE [--state FILE] [options]\n"
    "                 [file ...]\n"
    "\n"
    "Turns WMS dispatch events into fulfilment updates, one per shipment,\n"
    "with the order's status from all its shipments so far.\n"
    "\n";

/* What main takes from the options, besides what they set in m. */
struct options {
	const struct order_shape *shape;
	const char *map, *orders, *state, *fos;
	const char *order[4];	/* ref, lines, sku, live_qty: set_model */
	int no_wait;
};

/* The order options override the shape's fields, whatever their order. */
static void
set_model(struct tool *t, struct statusmap *m,
    const struct order_shape *shape, const char *const override[4])
{
	struct order_model *model = order_model_new(shape, -1);
	static const char *const fields[4][2] = {
		{ "ref", NULL }, { "lines", NULL }, { "sku", NULL },
		{ "live_qty", "qty" }	/* that key, and no other */
	};
	size_t i, j;
	char *err;

	statusmap_use_model(m, model);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2 && override[i] != NULL &&
		    fields[i][j] != NULL; j++)
			if (!order_model_set(model, fields[i][j],
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
load_tables(struct tool *t, struct statusmap *m, const struct options *o)
{
	const char *map = o->map, *orders = o->orders, *fos = o->fos;
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

/* The options into o and m; returns the index of the first operand. */
static int
options(struct tool *t, struct options *o, struct statusmap *m, int argc,
    char **argv)
{
	struct sm_paths *at = &m->at;
	const struct opt opts[] = {
		{ "map", 'm', "FILE", OPT_STRING(&o->map),
		    "CSV: wms_status, channel_status, effect" },
		{ "orders", 0, "FILE", OPT_STRING(&o->orders),
		    "NDJSON orders as the WMS received them; an\n"
		    "order listed again: the latest version\n"
		    "counts" },
		{ "state", 0, "FILE", OPT_STRING(&o->state),
		    "quantities and shipments seen, across runs" },
		{ "no-wait", 0, NULL, OPT_FLAG(&o->no_wait),
		    "stop (status 2) if another run holds --state" },
		{ "fulfillment-orders", 0, "FILE", OPT_STRING(&o->fos),
		    "NDJSON Shopify fulfilment orders: lines\n"
		    "named by fulfilment-order line item" },
		{ "wms-ref-path", 0, "PATH", OPT_PATH(&at->ref),
		    "event: order reference (default order_ref)" },
		{ "wms-shipment-path", 0, "PATH", OPT_PATH(&at->shipment),
		    "event: shipment id (default shipment_id)" },
		{ "wms-status-path", 0, "PATH", OPT_PATH(&at->status),
		    "event: WMS status (default status)" },
		{ "wms-lines-path", 0, "PATH", OPT_PATH(&at->lines),
		    "event: lines (default lines)" },
		{ "wms-sku-key", 0, "KEY", OPT_STRING(&at->line_sku),
		    "event line: SKU (default sku)" },
		{ "wms-qty-key", 0, "KEY", OPT_STRING(&at->line_qty),
		    "event line: quantity (default qty)" },
		{ "wms-tracking-path", 0, "PATH", OPT_PATH(&at->tracking),
		    "event: tracking number (default\n"
		    "tracking_number)" },
		{ "wms-carrier-path", 0, "PATH", OPT_PATH(&at->carrier),
		    "event: carrier (default carrier)" },
		{ "wms-dispatched-path", 0, "PATH",
		    OPT_PATH(&at->dispatched),
		    "event: time of dispatch (default\n"
		    "dispatched_at)" },
		{ "order-ref-path", 0, "PATH", OPT_STRING(&o->order[0]),
		    "order: reference (default: by --shape)" },
		{ "order-lines-path", 0, "PATH", OPT_STRING(&o->order[1]),
		    "order: lines (default: by --shape)" },
		{ "order-sku-key", 0, "KEY", OPT_STRING(&o->order[2]),
		    "order line: SKU (default: by --shape)" },
		{ "order-qty-key", 0, "KEY", OPT_STRING(&o->order[3]),
		    "order line: live quantity (default: by\n"
		    "--shape)" },
		OPT_ROW_SHAPE(&o->shape),
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		/* the event's fields, before they had the WMS's prefix */
		OPT_ROW_ALIAS("ref-path", "wms-ref-path"),
		OPT_ROW_ALIAS("shipment-path", "wms-shipment-path"),
		OPT_ROW_ALIAS("status-path", "wms-status-path"),
		OPT_ROW_ALIAS("lines-path", "wms-lines-path"),
		OPT_ROW_ALIAS("line-sku-key", "wms-sku-key"),
		OPT_ROW_ALIAS("line-qty-key", "wms-qty-key"),
		OPT_ROW_ALIAS("tracking-path", "wms-tracking-path"),
		OPT_ROW_ALIAS("carrier-path", "wms-carrier-path"),
		OPT_ROW_ALIAS("dispatched-path", "wms-dispatched-path"),
		OPT_END
	};
	int first = opt_parse(t, opts, argc, argv);

	if (o->map == NULL || o->orders == NULL)
		tool_usage_error(t, "a status table (-m) and the orders "
		    "(--orders) are needed");
	return first;
}

/* The events, each an update, held or dropped. */
static void
map_events(struct tool *t, struct statusmap *m)
{
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *update;

	while (tool_next(t, &line))
		switch (statusmap_event(m, line.value, &update, &e)) {
		case SM_UPDATE:
			tool_pass(t, update);
			json_decref(update);
			break;
		case SM_HOLD:
			tool_hold(t, &line, &e, line.value);
			break;
		case SM_DROP:
			break;
		}
	exc_free(&e);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct statusmap m;
	struct options o = { .shape = order_shapes[0] };
	struct atomic_file state;
	char *err;

	tool_init(&t, "statusmap", usage, argc, argv);
	statusmap_init(&m);
	optind = options(&t, &o, &m, argc, argv);
	set_model(&t, &m, o.shape, o.order);
	load_tables(&t, &m, &o);
	/* one run at a time reads and replaces the state, the run's
	 * whole length, or one run's shipments are lost */
	if (o.state != NULL)
		atomic_lock(o.state, !o.no_wait);
	if (o.state != NULL && !statusmap_load_state(&m, o.state, &err))
		die("%s", err);
	tool_start(&t, argc - optind, argv + optind);
	if (o.state != NULL)	/* a state that cannot be written: now */
		atomic_open(&state, o.state, t.record_mode);
	map_events(&t, &m);
	/* the state moves on only once the updates are out */
	tool_flush(&t);
	if (o.state != NULL) {
		statusmap_write_state(&m, &state.w);
		atomic_commit(&state);
	}
	*tool_counter(&t, "updates") = m.updates;
	*tool_counter(&t, "duplicates") = m.duplicates;
	*tool_counter(&t, "no_effect") = m.no_effect;
	statusmap_free(&m);
	return tool_finish(&t);
}
