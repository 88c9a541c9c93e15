/* sku-normalize: make SKUs match the WMS SKU master exactly. */

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "opt.h"
#include "skunorm.h"
#include "tool.h"

static const char usage[] =
    "usage: sku-normalize [-M master.csv] [-p path]... [options] [file ...]\n"
    "\n"
    "Cleans the SKUs of NDJSON records and, with a master, resolves each to\n"
    "the master's exact spelling; holds a record whose SKU cannot be.\n"
    "Without -p, the SKUs of the order lines the warehouse picks.\n"
    "\n";

/*
 * A master with no SKU would hold every order: refused, whether it is a
 * header alone or an empty file. No --allow-empty: a shop whose SKUs need
 * only cleaning runs without -M.
 */
static void
load_master(struct tool *t, struct skunorm *n, const char *master,
    const char *column)
{
	char *err;

	n->master = sku_master_load(master, column, &err);
	if (n->master == NULL && !tool_empty_file(master))
		die("%s", err);
	if (n->master == NULL || sku_master_count(n->master) == 0)
		tool_refuse(t, "empty_table", "-M %s: no SKUs, only a header "
		    "or nothing: a failed export? Refused; the master must "
		    "list the SKUs the WMS knows (without -M, SKUs are only "
		    "cleaned)", master);
}

/* The master's leading zeros: see skunorm.h and sku-normalize(1). */
static const char zeros_fmt[] = "-M %s looks saved from a spreadsheet "
    "that dropped leading zeros: its all-digit SKUs differ in length and "
    "none starts with 0, and %lu order SKU%s matched it only by dropping "
    "%s zeros (\"%s\" as \"%s\"). %s";

/* -p, repeatable. */
static void
add_path(struct tool *t, void *n, const char *text)
{
	struct path *p = NULL;

	tool_path(t, &p, text);
	skunorm_add_path(n, p);
}

static void
set_case(struct tool *t, void *rules, const char *arg)
{
	struct sku_rules *r = rules;

	if (strcmp(arg, "upper") == 0)
		r->letter_case = SKU_CASE_UPPER;
	else if (strcmp(arg, "lower") == 0)
		r->letter_case = SKU_CASE_LOWER;
	else
		tool_usage_error(t, "--case: '%s' is neither upper nor lower",
		    arg);
}

static void
set_allow(struct tool *t, void *rules, const char *arg)
{
	char *err;

	if (!sku_rules_allow(rules, arg, &err))
		tool_usage_error(t, "--allow: %s", err);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct skunorm n;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	const struct order_shape *shape = NULL;
	const char *master = NULL, *column = "sku";
	int strict = 0;
	const struct opt opts[] = {
		{ "master", 'M', "FILE", OPT_STRING(&master),
		    "CSV of the SKUs the WMS knows" },
		{ "master-column", 0, "NAME", OPT_STRING(&column),
		    "the master's SKU column (default sku)" },
		{ "strict-master", 0, NULL, OPT_FLAG(&strict),
		    "refuse a master that seems to have lost\n"
		    "leading zeros, rather than warn" },
		OPT_ROW_DELIMITER,
		OPT_ROW_SHAPE(&shape),
		{ "path", 'p', "PATH", OPT_CALL(add_path, &n),
		    "a SKU field of any record, repeatable,\n"
		    "instead of the order's lines (no --shape)" },
		{ "case", 0, "upper|lower", OPT_CALL(set_case, &n.rules),
		    "change the case of ASCII letters" },
		{ "allow", 0, "SET", OPT_CALL(set_allow, &n.rules),
		    "remove characters outside SET, as A-Z0-9._-" },
		{ "pad", 0, "WIDTH", OPT_INT(&n.rules.pad, 1, 255),
		    "zero-pad all-digit SKUs to WIDTH" },
		{ "keep-original", 0, NULL, OPT_FLAG(&n.keep_original),
		    "keep a changed SKU's old value as\n"
		    "KEY_original beside it" },
		OPT_END
	};

	memset(&n, 0, sizeof(n));
	tool_init(&t, "sku-normalize", usage, argc, argv);
	optind = opt_parse(&t, opts, argc, argv);
	/* -p names places in any record, a shape the lines of an order:
	 * together one would silently undo the other */
	if (n.npaths > 0 && shape != NULL)
		tool_usage_error(&t, "-p and --shape: -p works on the fields "
		    "it names, --shape on an order's lines; give one");
	if (n.npaths == 0)
		skunorm_set_model(&n, order_model_new(shape != NULL ? shape :
		    order_shape_find("shopify"), -1));
	if (strict && master == NULL)
		tool_usage_error(&t, "--strict-master: no master (-M)");
	if (master != NULL)
		load_master(&t, &n, master, column);
	/*
	 * Refused, nothing may have been written: the output waits in memory,
	 * but only where the evidence can come, a master of that shape.
	 */
	strict = strict && sku_master_zeros_lost(n.master);
	tool_start(&t, argc - optind, argv + optind);
	if (strict)	/* after tool_start, which opens the writers */
		tool_hold_output(&t);
	while (tool_next(&t, &line)) {
		if (skunorm_record(&n, line.value, &e))
			tool_pass(&t, line.value);
		else
			tool_hold(&t, &line, &e, line.value);
		if (strict && n.zeros_dropped > 0)
			tool_refuse(&t, "master_zeros_stripped", zeros_fmt,
			    master, n.zeros_dropped, "", "its", n.dropped.p,
			    n.dropped_to.p, "Refused (--strict-master), "
			    "nothing written: fix the master, or run without "
			    "--strict-master to rewrite with a warning");
	}
	if (n.zeros_dropped > 0)
		tool_warn(&t, "master_zeros_stripped", zeros_fmt, master,
		    n.zeros_dropped, n.zeros_dropped == 1 ? "" : "s",
		    n.zeros_dropped == 1 ? "its" : "their", n.dropped.p,
		    n.dropped_to.p, "Rewritten to the master's spelling: check "
		    "the master (--strict-master refuses such a run)");
	*tool_counter(&t, "skus") = n.skus;
	*tool_counter(&t, "rewritten") = n.rewritten;
	skunorm_free(&n);
	exc_free(&e);
	return tool_finish(&t);
}
