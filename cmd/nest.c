/* nest: put a Shopify bulk export's lines back into whole objects. */
#include "nest.h"
#include "tool.h"

static const char usage[] =
    "usage: nest [--grouped] [--name TYPE=MEMBER]... [options] [file ...]\n"
    "\n"
    "Puts each child line of a Shopify bulk export (one with __parentId)\n"
    "into its parent, in an array named after its type, and writes each\n"
    "root whole, one a line, in the shopify-graphql shape.\n"
    "\n"
    "      --grouped            children follow their root (groupObjects):\n"
    "                           write each root when the next starts\n"
    "      --name TYPE=MEMBER   put children of TYPE in the array MEMBER\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_GROUPED = TOOL_OPT_FIRST_FREE,
	OPT_NAME
};

static const struct option longopts[] = {
	{ "grouped", no_argument, NULL, OPT_GROUPED },
	{ "name", required_argument, NULL, OPT_NAME },
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Writes or holds what n has done. */
static void
drain(struct tool *t, struct nest *n)
{
	struct ndjson_line line;
	struct exception e;
	json_t *record;
	enum nest_out out;

	while ((out = nest_next(n, &line, &record, &e)) != NEST_NONE)
		if (out == NEST_ROOT) {
			nest_write(n, &t->out);
			tool_pass_written(t);
		} else
			tool_hold(t, &line, &e, record);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct nest *n;
	struct ndjson_line line;
	struct exception e;
	const struct nest_counts *counts;
	char *err;
	int c;

	tool_init(&t, "nest", usage, argc, argv);
	n = nest_new();
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_GROUPED:
			nest_grouped(n);
			break;
		case OPT_NAME:
			if (!nest_name(n, optarg, &err))
				tool_usage_error(&t, "%s", err);
			break;
		default:
			tool_option(&t, c, optarg);
		}
	tool_start(&t, argc - optind, argv + optind);
	while (tool_next(&t, &line)) {
		if (!nest_add(n, &line, &e))
			tool_hold(&t, &line, &e, line.value);
		drain(&t, n);
	}
	nest_end(n);
	drain(&t, n);
	counts = nest_counts(n);
	*tool_counter(&t, "roots") = counts->roots;
	*tool_counter(&t, "children") = counts->children;
	*tool_counter(&t, "most_open") = counts->most_open;
	nest_free(n);
	return tool_finish(&t);
}
