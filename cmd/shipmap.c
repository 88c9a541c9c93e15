/* shipmap: map shipping titles to the WMS carrier service. */

#include <stdlib.h>
#include <string.h>

#include "csvtable.h"
#include "diag.h"
#include "opt.h"
#include "shipmap.h"
#include "tool.h"

static const char usage[] =
    "usage: shipmap -m map.csv [--services FILE] [--coverage] [options]\n"
    "               [file ...]\n"
    "\n"
    "Sets each order's carrier service from its shipping title by the\n"
    "table; holds an order whose title the table does not map.\n"
    "\n";

/*
 * The WMS's list of service codes is never empty, so no --allow-empty:
 * refused before the table's codes are checked against it, which would
 * fail on the first.
 */
static void
need_services(struct tool *t, const char *path)
{
	struct csv_table *s = NULL;
	size_t rows;
	char *err;

	if (!tool_empty_file(path) && (s = csv_table_load(path, &err)) == NULL)
		die("%s", err);
	rows = s != NULL ? s->nrows : 0;
	csv_table_free(s);
	if (rows == 0)
		tool_refuse(t, "empty_table", "--services %s: no service "
		    "codes, only a header or nothing: a failed export? "
		    "Refused; the WMS's list cannot be empty (without "
		    "--services, codes are not checked)", path);
}

static void
set_default(struct tool *t, void *m, const char *code)
{
	if (*code == '\0')
		tool_usage_error(t, "--default: empty code");
	((struct shipmap *)m)->fallback = code;
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct shipmap m;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const struct order_shape *shape = order_shapes[0];
	const char *map = NULL, *services = NULL;
	int coverage = 0;
	json_t **report;
	size_t i, n;
	char *err;
	const struct opt opts[] = {
		{ "map", 'm', "FILE", OPT_STRING(&map),
		    "CSV: title, service_code [, carrier,\n"
		    "channel, country]" },
		{ "services", 0, "FILE", OPT_STRING(&services),
		    "CSV of the service codes the WMS accepts" },
		{ "path", 'p', "PATH", OPT_PATH(&m.title),
		    "the title (default: the live shipping\n"
		    "line's)" },
		{ "country-path", 0, "PATH", OPT_PATH(&m.country),
		    "the country (default: the delivery\n"
		    "address's, by --shape)" },
		{ "channel-path", 0, "PATH", OPT_PATH(&m.channel),
		    "the sales channel (default none)" },
		{ "requires-path", 0, "PATH", OPT_PATH(&m.requires),
		    "whether a line needs shipping (default: the\n"
		    "lines to pick, by --shape)" },
		{ "set", 0, "PATH", OPT_PATH(&m.set),
		    "where the code goes (default: service_code\n"
		    "of the live shipping line)" },
		{ "set-carrier", 0, "PATH", OPT_PATH(&m.set_carrier),
		    "where the carrier goes (default: carrier of\n"
		    "the live shipping line)" },
		{ "default", 0, "CODE", OPT_CALL(set_default, &m),
		    "map what the table does not to CODE, marked" },
		{ "coverage", 0, NULL, OPT_FLAG(&coverage),
		    "print each title seen, its orders and code" },
		OPT_ROW_SHAPE(&shape),
		OPT_ROW_ALLOW_EMPTY,
		OPT_ROW_DELIMITER,
		OPT_END
	};

	tool_init(&t, "shipmap", usage, argc, argv);
	shipmap_init(&m);
	optind = opt_parse(&t, opts, argc, argv);
	if (map == NULL)
		tool_usage_error(&t, "a shipping table is needed: -m FILE");
	shipmap_shape(&m, shape);
	tool_need_header(&t, "-m", map);
	if (services != NULL)
		need_services(&t, services);
	if (!shipmap_load(&m, map, services, &err))
		die("%s", err);
	/* an empty table holds every order: a failed export, unless
	 * --allow-empty (a first table built from --coverage, --default) */
	tool_need_rows(&t, "-m", map, m.table->nrows);
	tool_start(&t, argc - optind, argv + optind);
	while (tool_next(&t, &line)) {
		if (coverage)
			shipmap_count(&m, line.value);
		else if (shipmap_record(&m, line.value, &e))
			tool_pass(&t, line.value);
		else
			tool_hold(&t, &line, &e, line.value);
	}
	if (coverage) {
		n = shipmap_coverage(&m, &report);
		for (i = 0; i < n; i++) {
			tool_pass(&t, report[i]);
			json_decref(report[i]);
		}
		free(report);
	}
	*tool_counter(&t, "mapped") = m.mapped;
	*tool_counter(&t, "defaulted") = m.defaulted;
	*tool_counter(&t, "no_shipping") = m.no_shipping;
	shipmap_free(&m);
	exc_free(&e);
	return tool_finish(&t);
}
