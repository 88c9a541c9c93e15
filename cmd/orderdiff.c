/* orderdiff: what the WMS must be told of orders changed since it got them. */
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "orderdiff.h"
#include "tool.h"

static const char usage[] =
    "usage: orderdiff --wms FILE [--shape NAME] [options] [file ...]\n"
    "\n"
    "Compares the current version of each storefront order with the WMS's\n"
    "goods-out and writes an amendment where the WMS can still take one;\n"
    "holds a change during the pick, after dispatch, or of an order the\n"
    "WMS cancelled.\n"
    "\n";

int
main(int argc, char **argv)
{
	struct tool t;
	struct orderdiff od;
	struct tool_limit max_missing;
	const struct order_shape *shape = NULL;
	const char *address = NULL;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const char *wms_file = NULL;
	unsigned long wms_rows;
	json_t *out;
	size_t i;
	int force = 0;
	const struct opt opts[] = {
		{ "wms", 0, "FILE", OPT_STRING(&wms_file),
		    "NDJSON goods-outs of the WMS (read whole)" },
		OPT_ROW_SHAPE(&shape),
		{ "address-path", 0, "PATH", OPT_STRING(&address),
		    "the delivery address (default the shape's)" },
		{ "max-missing", 0, "N|P%", OPT_LIMIT(&max_missing),
		    "most orders due that the WMS file may lack\n"
		    "(default 10, or 20% where that is more)" },
		{ "force", 0, NULL, OPT_FLAG(&force),
		    "write past --max-missing, saying so" },
		OPT_ROW_ALLOW_EMPTY,
		GOODSOUT_OPTS(&od.go),
		OPT_END
	};

	tool_init(&t, "orderdiff", usage, argc, argv);
	memset(&max_missing, 0, sizeof(max_missing));
	orderdiff_init(&od, NULL);
	optind = opt_parse(&t, opts, argc, argv);
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
	exc_free(&e);
	return tool_finish(&t);
}
