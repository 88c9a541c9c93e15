/* orderdiff: what the WMS must be told of orders changed since it got them. */
#include <stdlib.h>
#include <string.h>

#include "orderdiff.h"
#include "tool.h"

static const char usage[] =
    "usage: orderdiff --wms FILE [--shape NAME] [options] [file ...]\n"
    "\n"
    "Compares the current version of each storefront order with the WMS's\n"
    "goods-out and writes an amendment where the WMS can still take one;\n"
    "holds a change during the pick, after dispatch, or of an order the\n"
    "WMS cancelled.\n"
    "\n"
    "      --wms FILE           NDJSON goods-outs of the WMS (read whole)\n"
    TOOL_USAGE_SHAPE
    "      --address-path PATH  the delivery address (default the shape's)\n"
    "      --max-missing N|P%   most orders due that the WMS file may lack\n"
    "                           (default 10, or 20% where that is more)\n"
    "      --force              write past --max-missing, saying so\n"
    TOOL_USAGE_ALLOW_EMPTY
    GOODSOUT_USAGE
    TOOL_USAGE_COMMON;

enum {
	OPT_WMS = TOOL_OPT_FIRST_FREE,
	OPT_SHAPE, OPT_ADDRESS_PATH, OPT_MAX_MISSING, OPT_FORCE
};

static const struct option longopts[] = {
	{ "address-path", required_argument, NULL, OPT_ADDRESS_PATH },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "max-missing", required_argument, NULL, OPT_MAX_MISSING },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	{ "wms", required_argument, NULL, OPT_WMS },
	GOODSOUT_LONGOPTS,
	TOOL_LONGOPT_ALLOW_EMPTY,
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct tool t;
	struct orderdiff od;
	struct tool_limit max_missing;
	const struct order_shape *shape = NULL;
	const char *address = NULL;
	struct ndjson_line line;
	struct exception e;
	const char *wms_file = NULL;
	unsigned long wms_rows;
	json_t *out;
	size_t i;
	int c, force = 0;

	tool_init(&t, "orderdiff", usage, argc, argv);
	memset(&max_missing, 0, sizeof(max_missing));
	orderdiff_init(&od, NULL);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_ADDRESS_PATH:
			address = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_MAX_MISSING:
			tool_limit(&t, &max_missing, "--max-missing", optarg);
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		case OPT_WMS:
			wms_file = optarg;
			break;
		default:
			if (!goodsout_option(&od.go, &t, c, optarg))
				tool_option(&t, c, optarg);
		}
	if (wms_file == NULL)
		tool_usage_error(&t, "the WMS orders are needed: --wms FILE");
	orderdiff_shape(&od, shape);
	if (address != NULL)
		tool_model_path(&t, od.model, "address", address);
	tool_start(&t, argc - optind, argv + optind);
	/* judged at the end: nothing leaves until then */
	tool_hold_output(&t);
	wms_rows = goodsout_load(&od.go, &t, wms_file);
	while (!t.trouble && tool_next(&t, &line))
		if (!orderdiff_order(&od, &line, &e))
			tool_hold(&t, &line, &e, line.value);
	t.trouble |= ndjson_trouble(t.in);
	if (!t.trouble)
		goodsout_judge(&t, wms_file, wms_rows, od.missing, od.due,
		    &max_missing, force);
	tool_release_output(&t);
	for (i = 0; !t.trouble && i < od.go.norders; i++) {
		switch (orderdiff_decide(&od, i, &line, &out, &e)) {
		case OD_WRITE:
			tool_pass(&t, out);
			t.findings++;
			break;
		case OD_HOLD:
			tool_hold(&t, &line, &e, line.value);
			break;
		case OD_NOTHING:
			break;
		}
		json_decref(out);
		json_decref(line.value);
	}
	*tool_counter(&t, "compared") = od.compared;
	*tool_counter(&t, "unchanged") = od.unchanged;
	*tool_counter(&t, "amend") = od.amend;
	*tool_counter(&t, "cancel") = od.cancel;
	*tool_counter(&t, "not_in_wms") = od.not_in_wms;
	*tool_counter(&t, "superseded") = od.superseded;
	orderdiff_free(&od);
	return tool_finish(&t);
}
