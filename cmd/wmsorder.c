/* wmsorder: write the goods-out the WMS should receive for each order. */
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "tool.h"
#include "wmsorder.h"

static const char usage[] =
    "usage: wmsorder [--shape NAME] [options] [file ...]\n"
    "\n"
    "Writes, for each order, the goods-out the WMS should receive: its\n"
    "references, carrier service, delivery address and the lines to pick;\n"
    "holds an order that cannot be sent as it is.\n"
    "\n";

int
main(int argc, char **argv)
{
	struct tool t;
	struct wmsorder w;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const struct order_shape *shape = NULL;
	struct path *service = NULL, *carrier = NULL;
	const char *address = NULL;
	json_t *out;
	const struct opt opts[] = {
		OPT_ROW_SHAPE(&shape),
		{ "service-path", 0, "PATH", OPT_PATH(&service),
		    "the carrier service code (default the live\n"
		    "shipping line's service_code)" },
		{ "carrier-path", 0, "PATH", OPT_PATH(&carrier),
		    "the carrier (default the live shipping\n"
		    "line's carrier)" },
		{ "address-path", 0, "PATH", OPT_STRING(&address),
		    "the delivery address (default the shape's)" },
		OPT_END
	};

	tool_init(&t, "wmsorder", usage, argc, argv);
	optind = opt_parse(&t, opts, argc, argv);
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
	exc_free(&e);
	return tool_finish(&t);
}
