/* shipmap: map shipping titles to the WMS carrier service. */

#include <stdlib.h>
#include <string.h>

#include "csvtable.h"
#include "diag.h"
#include "shipmap.h"
#include "tool.h"

static const char usage[] =
    "usage: shipmap -m map.csv [--services FILE] [--coverage] [options]\n"
    "               [file ...]\n"
    "\n"
    "Sets each order's carrier service from its shipping title by the\n"
    "table; holds an order whose title the table does not map.\n"
    "\n"
    "  -m, --map FILE           CSV: title, service_code [, carrier,\n"
    "                           channel, country]\n"
    "      --services FILE      CSV of the service codes the WMS accepts\n"
    "  -p, --path PATH          the title (default: the live shipping\n"
    "                           line's)\n"
    "      --country-path PATH  the country (default: the delivery\n"
    "                           address's, by --shape)\n"
    "      --channel-path PATH  the sales channel (default none)\n"
    "      --requires-path PATH whether a line needs shipping (default: the\n"
    "                           lines to pick, by --shape)\n"
    "      --set PATH           where the code goes (default: service_code\n"
    "                           of the live shipping line)\n"
    "      --set-carrier PATH   where the carrier goes (default: carrier of\n"
    "                           the live shipping line)\n"
    "      --default CODE       map what the table does not to CODE, marked\n"
    "      --coverage           print each title seen, its orders and code\n"
    TOOL_USAGE_SHAPE
    TOOL_USAGE_ALLOW_EMPTY
    TOOL_USAGE_DELIMITER
    TOOL_USAGE_COMMON;

enum {
	OPT_SERVICES = TOOL_OPT_FIRST_FREE,
	OPT_COUNTRY_PATH,
	OPT_CHANNEL_PATH,
	OPT_REQUIRES_PATH,
	OPT_SET,
	OPT_SET_CARRIER,
	OPT_DEFAULT,
	OPT_COVERAGE,
	OPT_SHAPE
};

static const struct option longopts[] = {
	{ "channel-path", required_argument, NULL, OPT_CHANNEL_PATH },
	{ "country-path", required_argument, NULL, OPT_COUNTRY_PATH },
	{ "coverage", no_argument, NULL, OPT_COVERAGE },
	{ "default", required_argument, NULL, OPT_DEFAULT },
	{ "map", required_argument, NULL, 'm' },
	{ "path", required_argument, NULL, 'p' },
	{ "requires-path", required_argument, NULL, OPT_REQUIRES_PATH },
	{ "services", required_argument, NULL, OPT_SERVICES },
	{ "set", required_argument, NULL, OPT_SET },
	{ "set-carrier", required_argument, NULL, OPT_SET_CARRIER },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	TOOL_LONGOPT_ALLOW_EMPTY,
	TOOL_LONGOPT_DELIMITER,
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

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

int
main(int argc, char **argv)
{
	struct tool t;
	struct shipmap m;
	struct ndjson_line line;
	struct exception e;
	const struct order_shape *shape = order_shapes[0];
	const char *map = NULL, *services = NULL;
	int c, coverage = 0;
	json_t **report;
	size_t i, n;
	char *err;

	tool_init(&t, "shipmap", usage, argc, argv);
	shipmap_init(&m);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS "m:p:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'm':
			map = optarg;
			break;
		case 'p':
			tool_path(&t, &m.title, optarg);
			break;
		case OPT_CHANNEL_PATH:
			tool_path(&t, &m.channel, optarg);
			break;
		case OPT_COUNTRY_PATH:
			tool_path(&t, &m.country, optarg);
			break;
		case OPT_COVERAGE:
			coverage = 1;
			break;
		case OPT_DEFAULT:
			if (*optarg == '\0')
				tool_usage_error(&t, "--default: empty code");
			m.fallback = optarg;
			break;
		case OPT_REQUIRES_PATH:
			tool_path(&t, &m.requires, optarg);
			break;
		case OPT_SERVICES:
			services = optarg;
			break;
		case OPT_SET:
			tool_path(&t, &m.set, optarg);
			break;
		case OPT_SET_CARRIER:
			tool_path(&t, &m.set_carrier, optarg);
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		default:
			tool_option(&t, c, optarg);
		}
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
	return tool_finish(&t);
}
