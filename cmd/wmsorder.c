/* wmsorder: write the goods-out the WMS should receive for each order. */
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "wmsorder.h"

static const char usage[] =
    "usage: wmsorder [--shape NAME] [options] [file ...]\n"
    "\n"
    "Writes, for each order, the goods-out the WMS should receive: its\n"
    "references, carrier service, delivery address and the lines to pick;\n"
    "holds an order that cannot be sent as it is.\n"
    "\n"
    TOOL_USAGE_SHAPE
    "      --service-path PATH  the carrier service code (default the live\n"
    "                           shipping line's service_code)\n"
    "      --carrier-path PATH  the carrier (default the live shipping\n"
    "                           line's carrier)\n"
    "      --address-path PATH  the delivery address (default the shape's)\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_SHAPE = TOOL_OPT_FIRST_FREE,
	OPT_SERVICE_PATH,
	OPT_CARRIER_PATH,
	OPT_ADDRESS_PATH
};

static const struct option longopts[] = {
	{ "address-path", required_argument, NULL, OPT_ADDRESS_PATH },
	{ "carrier-path", required_argument, NULL, OPT_CARRIER_PATH },
	{ "service-path", required_argument, NULL, OPT_SERVICE_PATH },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct tool t;
	struct wmsorder w;
	struct ndjson_line line;
	struct exception e;
	const struct order_shape *shape = NULL;
	struct path *service = NULL, *carrier = NULL;
	const char *address = NULL;
	json_t *out;
	int c;

	tool_init(&t, "wmsorder", usage, argc, argv);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_ADDRESS_PATH:
			address = optarg;
			break;
		case OPT_CARRIER_PATH:
			tool_path(&t, &carrier, optarg);
			break;
		case OPT_SERVICE_PATH:
			tool_path(&t, &service, optarg);
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		default:
			tool_option(&t, c, optarg);
		}
	wmsorder_init(&w, shape);
	w.service = service;
	w.carrier = carrier;
	if (address != NULL)
		tool_model_path(&t, w.model, "address", address);
	tool_start(&t, argc - optind, argv + optind);
	while (tool_next(&t, &line)) {
		if (wmsorder_record(&w, line.value, &out, &e)) {
			tool_pass(&t, out);
			json_decref(out);
		} else
			tool_hold(&t, &line, &e, line.value);
	}
	*tool_counter(&t, "lines") = w.lines;
	*tool_counter(&t, "nothing_to_pick") = w.nothing_to_pick;
	wmsorder_free(&w);
	return tool_finish(&t);
}
