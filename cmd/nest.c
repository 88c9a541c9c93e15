/* nest: put a Shopify bulk export's lines back into whole objects. */
#include "nest.h"
#include "opt.h"
#include "tool.h"

static const char usage[] =
    "usage: nest [--grouped] [--name TYPE=MEMBER]... [options] [file ...]\n"
    "\n"
    "Puts each child line of a Shopify bulk export (one with __parentId)\n"
    "into its parent, in an array named after its type, and writes each\n"
    "root whole, one a line, in the shopify-graphql shape.\n"
    "\n";

/* Writes or holds what n has done. */
static void
drain(struct tool *t, struct nest *n)
{
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *record;
	enum nest_out out;

	while ((out = nest_next(n, &line, &record, &e)) != NEST_NONE)
		if (out == NEST_ROOT) {
			nest_write(n, &t->out);
			tool_pass_written(t);
		} else
			tool_hold(t, &line, &e, record);
	exc_free(&e);
}

/* --name, repeatable, into *np, made once the tool is. */
static void
add_name(struct tool *t, void *np, const char *arg)
{
	struct nest **n = np;
	char *err;

	if (!nest_name(*n, arg, &err))
		tool_usage_error(t, "%s", err);
}

/* A line held now: its tree is made for its envelope (the key, and
 * redaction), the line written as it came. */
static void
hold(struct tool *t, struct ndjson_line *line, const struct exception *e)
{
	line->value = jtree_build(line->tree, 0);
	tool_hold(t, line, e, line->value);
	json_decref(line->value);
	line->value = NULL;
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct nest *n;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const struct nest_counts *counts;
	int grouped = 0;
	const struct opt opts[] = {
		{ "grouped", 0, NULL, OPT_FLAG(&grouped),
		    "children follow their root (groupObjects):\n"
		    "write each root when the next starts" },
		{ "name", 0, "TYPE=MEMBER", OPT_CALL(add_name, &n),
		    "put children of TYPE in the array MEMBER" },
		OPT_END
	};

	tool_init(&t, "nest", usage, argc, argv);
	n = nest_new();
	optind = opt_parse(&t, opts, argc, argv);
	if (grouped)
		nest_grouped(n);
	tool_start(&t, argc - optind, argv + optind);
	ndjson_index(t.in);	/* a line is copied, not made a tree */
	while (tool_next(&t, &line)) {
		if (!nest_add(n, &line, &e))
			hold(&t, &line, &e);
		drain(&t, n);
	}
	nest_end(n);
	drain(&t, n);
	counts = nest_counts(n);
	*tool_counter(&t, "roots") = counts->roots;
	*tool_counter(&t, "children") = counts->children;
	*tool_counter(&t, "most_open") = counts->most_open;
	nest_free(n);
	exc_free(&e);
	return tool_finish(&t);
}
