/* reconcile: what fell between the storefront and the WMS. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "isotime.h"
#include "opt.h"
#include "reconcile.h"
#include "tool.h"

static const char usage[] =
    "usage: reconcile --wms FILE [--orders FILE] [--fulfilments FILE]\n"
    "                 [--as-of TIME] [--grace DURATION] [-M FILE] [--kits FILE]\n"
    "                 [options] [file ...]\n"
    "\n"
    "Compares the storefront's orders (--orders, or the operands) with the\n"
    "WMS's and writes one record per discrepancy, with its owner.\n"
    "\n";

/* The order fields the options override, in the order model's names. */
enum {
	F_REF, F_ID, F_CREATED, F_CANCELLED, F_STATUS, F_LINES, F_SKU, F_QTY,
	NOVERRIDES
};
static const char *const fields[NOVERRIDES] = { "ref", "id", "created",
    "cancelled", "status", "lines", "sku", "qty" };

/* --grace: how long a hand-over may take. */
static void
set_grace(struct tool *t, void *grace, const char *arg)
{
	if (!iso_duration(arg, grace))
		tool_usage_error(t, "--grace: '%s' is not a duration such as "
		    "90m, 2h or 1d", arg);
}

/* --zone: of the times written without one, on both sides. */
static void
set_zone(struct tool *t, void *ctx, const char *arg)
{
	struct reconcile *rc = ctx;

	if (!reconcile_zone(arg, &rc->zone_value))
		tool_usage_error(t, "--zone: '%s' is not a zone such as UTC, Z "
		    "or +01:00", arg);
	rc->zone = rc->go.zone = &rc->zone_value;
}

/* --tracking-path: the order's tracking numbers, of which there are no
 * paths by default. */
static void
add_tracking(struct tool *t, void *ctx, const char *arg)
{
	struct rc_paths *at = ctx;
	int none_to_replace = 1;

	tool_path_add(t, &at->tracking, &at->ntracking, &none_to_replace,
	    arg);
}

/* The --stats counters of the owners, as names of their own. */
static const char *const owner_counter[] = {
	[EXC_OPS] = "owner_ops", [EXC_ECOMMERCE] = "owner_ecommerce",
	[EXC_FINANCE] = "owner_finance", [EXC_INTEGRATION] = "owner_integration"
};

/* Writes a discrepancy as a result. */
static void
report(struct tool *t, json_t *found)
{
	tool_pass(t, found);
	tool_finding(t, exc_find(json_string_value(json_object_get(found,
	    "code"))));
}

/* What main takes from the options, besides what they set in rc. */
struct options {
	const struct order_shape *shape;
	const char *field[NOVERRIDES];	/* order fields, by the options */
	const char *wms, *orders, *fulfilments, *kits, *master, *column;
	int force;
};

/* The storefront's shape, and the fields the options override. */
static void
set_model(struct tool *t, struct reconcile *rc, const struct options *o)
{
	size_t i;

	reconcile_use_model(rc, order_model_new(o->shape, -1));
	for (i = 0; i < NOVERRIDES; i++)
		if (o->field[i] != NULL)
			tool_model_path(t, rc->model, fields[i], o->field[i]);
	/* Magento writes UTC without a zone; --zone speaks for both sides */
	if (o->shape->utc)
		rc->zone = &rc->zone_value;
}

/* The options into o and rc; returns the index of the first operand. */
static int
options(struct tool *t, struct options *o, struct reconcile *rc, int argc,
    char **argv)
{
	const char **set = o->field;
	const struct opt opts[] = {
		{ "wms", 0, "FILE", OPT_STRING(&o->wms),
		    "NDJSON orders of the WMS" },
		{ "orders", 0, "FILE", OPT_STRING(&o->orders),
		    "NDJSON orders of the storefront" },
		{ "fulfilments", 0, "FILE", OPT_STRING(&o->fulfilments),
		    "NDJSON fulfilments of the storefront" },
		{ "as-of", 0, "TIME", OPT_TIME(&rc->as_of),
		    "measure ages at TIME (default now)" },
		{ "grace", 0, "DURATION", OPT_CALL(set_grace, &rc->grace),
		    "a hand-over's time (default 2h)" },
		{ "zone", 0, "ZONE", OPT_CALL(set_zone, rc),
		    "the zone of times written without one,\n"
		    "such as UTC or +01:00 (default none;\n"
		    "UTC for the magento shape's)" },
		{ "kits", 'k', "FILE", OPT_STRING(&o->kits),
		    "expand the storefront's bundles first" },
		{ "master", 'M', "FILE", OPT_STRING(&o->master),
		    "resolve the storefront's SKUs first, as\n"
		    "sku-normalize -M does" },
		{ "master-column", 0, "NAME", OPT_STRING(&o->column),
		    "the master's SKU column (default sku)" },
		{ "max-missing", 0, "N|P%", OPT_LIMIT(&rc->max_missing),
		    "most orders due that the WMS file may lack\n"
		    "(default 10, or 20% where that is more)" },
		{ "force", 0, NULL, OPT_FLAG(&o->force),
		    "report past --max-missing, saying so" },
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		OPT_ROW_SHAPE(&o->shape),
		{ "ref-path", 0, "PATH", OPT_STRING(&set[F_REF]),
		    "order: reference (default: the shape's)" },
		{ "id-path", 0, "PATH", OPT_STRING(&set[F_ID]),
		    "order: id of fulfilments" },
		{ "created-path", 0, "PATH", OPT_STRING(&set[F_CREATED]),
		    "order: when placed" },
		{ "cancelled-path", 0, "PATH", OPT_STRING(&set[F_CANCELLED]),
		    "order: when cancelled" },
		{ "status-path", 0, "PATH", OPT_STRING(&set[F_STATUS]),
		    "order: fulfilment status" },
		{ "lines-path", 0, "PATH", OPT_STRING(&set[F_LINES]),
		    "order: lines" },
		{ "sku-key", 0, "KEY", OPT_STRING(&set[F_SKU]),
		    "order line: SKU" },
		{ "qty-key", 0, "KEY", OPT_STRING(&set[F_QTY]),
		    "order line: quantity ordered" },
		{ "tracking-path", 0, "PATH", OPT_CALL(add_tracking, &rc->at),
		    "order: a tracking number, repeatable\n"
		    "(default: the live fulfilments')" },
		GOODSOUT_OPTS(&rc->go),
		{ "wms-dispatched-qty-key", 0, "KEY",
		    OPT_STRING(&rc->go.at.dispatched),
		    "WMS line: dispatch_quantity" },
		{ "wms-dispatched-path", 0, "PATH",
		    OPT_PATH(&rc->go.at.dispatched_at),
		    "WMS order: dispatched_at" },
		{ "wms-tracking-path", 0, "PATH",
		    OPT_CALL(goodsout_opt_tracking, &rc->go),
		    "WMS order: a tracking number, repeatable\n"
		    "(default tracking_number)" },
		OPT_ROW_ALIAS("wms-dispatched-key", "wms-dispatched-qty-key"),
		OPT_END
	};
	int first = opt_parse(t, opts, argc, argv);

	set_model(t, rc, o);
	if (o->wms == NULL)
		tool_usage_error(t, "the WMS orders are needed: --wms FILE");
	if (o->orders != NULL && first < argc)
		tool_usage_error(t, "the storefront's orders come from "
		    "--orders or the operands, not both");
	return first;
}

/* The tables: bundles, the master, the storefront's fulfilments. */
static void
load_tables(struct tool *t, struct reconcile *rc, const struct options *o)
{
	char *err = NULL;

	if (o->kits)
		tool_need_header(t, "--kits", o->kits);
	if (o->master)
		tool_need_header(t, "-M", o->master);
	if ((o->kits && !reconcile_load_kits(rc, o->kits, &err)) ||
	    (o->master && !reconcile_load_master(rc, o->master, o->column,
	    &err)) ||
	    (o->fulfilments && !reconcile_load_fulfilments(rc, o->fulfilments,
	    &err)))
		die("%s", err);
	/* an empty table would compare nothing; no fulfilments is a day */
	if (o->kits)
		tool_need_rows(t, "--kits", o->kits, kits_count(rc->kits));
	if (o->master)
		tool_need_rows(t, "-M", o->master,
		    sku_master_count(rc->master));
}

/* The storefront's orders, from --orders or the input, each judged. */
static void
compare(struct tool *t, struct reconcile *rc, const char *orders_file)
{
	struct ndjson_reader *orders = NULL;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *found = json_array(), *f;
	size_t i;

	if (orders_file != NULL)
		orders = tool_open_side(t, "--orders", &orders_file);
	while (!t->trouble && (orders ? tool_next_from(t, orders, &line) :
	    tool_next(t, &line))) {
		json_array_clear(found);
		if (!reconcile_order(rc, line.value, found, &e))
			tool_hold(t, &line, &e, line.value);
		json_array_foreach(found, i, f)
			report(t, f);
	}
	json_decref(found);
	exc_free(&e);
	if (orders != NULL)
		tool_close_side(t, orders);
	else	/* half a storefront side would report false gaps too */
		t->trouble |= ndjson_trouble(t->in);
}

/* The findings counted by code and by owner, for --stats. */
static void
count_findings(struct tool *t, const struct reconcile *rc)
{
	size_t i;

	for (i = 0; i < RC_NCODES; i++)
		*tool_counter(t, exc_codes[rc_codes[i]].name) =
		    rc->found[rc_codes[i]];
	for (i = 0; i < RC_NCODES; i++) {
		enum exc_code c = rc_codes[i];

		*tool_counter(t, owner_counter[exc_codes[c].owner]) +=
		    rc->found[c];
	}
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct reconcile rc;
	struct options o = { .shape = order_shapes[0], .column = "sku" };
	unsigned long wms_rows;
	json_t *f;
	size_t i;

	tool_init(&t, "reconcile", usage, argc, argv);
	reconcile_init(&rc);
	rc.as_of = (int64_t)time(NULL);
	optind = options(&t, &o, &rc, argc, argv);
	load_tables(&t, &rc, &o);
	tool_start(&t, argc - optind, argv + optind);
	/* judged at the end: nothing leaves until then */
	tool_hold_output(&t);
	wms_rows = goodsout_load(&rc.go, &t, o.wms);
	/* nothing left to refuse: the findings stream as they are found */
	if (wms_rows == 0 ? t.allow_empty : o.force ||
	    (rc.max_missing.share && rc.max_missing.n == 10000))
		tool_release_output(&t);
	compare(&t, &rc, o.orders);
	if (!t.trouble)
		goodsout_judge(&t, o.wms, wms_rows, reconcile_missing(&rc),
		    rc.due, &rc.max_missing, o.force);
	for (i = 0; !t.trouble && i < rc.go.norders; i++)
		if ((f = reconcile_unmatched(&rc, i)) != NULL) {
			report(&t, f);
			json_decref(f);
		}
	count_findings(&t, &rc);
	reconcile_free(&rc);
	return tool_finish(&t);
}
