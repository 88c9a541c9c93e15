/* sku-normalize: make SKUs match the WMS SKU master exactly. */

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "skunorm.h"
#include "tool.h"

static const char usage[] =
    "usage: sku-normalize [-M master.csv] [-p path]... [options] [file ...]\n"
    "\n"
    "Cleans the SKUs of NDJSON records and, with a master, resolves each to\n"
    "the master's exact spelling; holds a record whose SKU cannot be.\n"
    "Without -p, the SKUs of the order lines the warehouse picks.\n"
    "\n"
    "  -M, --master FILE        CSV of the SKUs the WMS knows\n"
    "      --master-column NAME the master's SKU column (default sku)\n"
    "      --strict-master      refuse a master that seems to have lost\n"
    "                           leading zeros, rather than warn\n"
    TOOL_USAGE_DELIMITER
    TOOL_USAGE_SHAPE
    "  -p, --path PATH          a SKU field of any record, repeatable,\n"
    "                           instead of the order's lines (no --shape)\n"
    "      --case upper|lower   change the case of ASCII letters\n"
    "      --allow SET          remove characters outside SET, as A-Z0-9._-\n"
    "      --pad WIDTH          zero-pad all-digit SKUs to WIDTH\n"
    "      --keep-original      keep a changed SKU's old value as\n"
    "                           KEY_original beside it\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_MASTER_COLUMN = TOOL_OPT_FIRST_FREE,
	OPT_CASE,
	OPT_ALLOW,
	OPT_PAD,
	OPT_KEEP_ORIGINAL,
	OPT_SHAPE,
	OPT_STRICT_MASTER
};

static const struct option longopts[] = {
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "case", required_argument, NULL, OPT_CASE },
	{ "keep-original", no_argument, NULL, OPT_KEEP_ORIGINAL },
	{ "master", required_argument, NULL, 'M' },
	{ "master-column", required_argument, NULL, OPT_MASTER_COLUMN },
	{ "pad", required_argument, NULL, OPT_PAD },
	{ "path", required_argument, NULL, 'p' },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	{ "strict-master", no_argument, NULL, OPT_STRICT_MASTER },
	TOOL_LONGOPT_DELIMITER,
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

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

static void
add_path(struct tool *t, struct skunorm *n, const char *text)
{
	struct path *p = NULL;

	tool_path(t, &p, text);
	skunorm_add_path(n, p);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct skunorm n;
	struct ndjson_line line;
	struct exception e;
	const struct order_shape *shape = NULL;
	const char *master = NULL, *column = "sku";
	char *err;
	int c, strict = 0;

	memset(&n, 0, sizeof(n));
	tool_init(&t, "sku-normalize", usage, argc, argv);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS "M:p:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'M':
			master = optarg;
			break;
		case 'p':
			add_path(&t, &n, optarg);
			break;
		case OPT_ALLOW:
			if (!sku_rules_allow(&n.rules, optarg, &err))
				tool_usage_error(&t, "--allow: %s", err);
			break;
		case OPT_CASE:
			if (strcmp(optarg, "upper") == 0)
				n.rules.letter_case = SKU_CASE_UPPER;
			else if (strcmp(optarg, "lower") == 0)
				n.rules.letter_case = SKU_CASE_LOWER;
			else
				tool_usage_error(&t, "--case: '%s' is neither "
				    "upper nor lower", optarg);
			break;
		case OPT_KEEP_ORIGINAL:
			n.keep_original = 1;
			break;
		case OPT_MASTER_COLUMN:
			column = optarg;
			break;
		case OPT_SHAPE:
			shape = tool_shape(&t, optarg);
			break;
		case OPT_STRICT_MASTER:
			strict = 1;
			break;
		case OPT_PAD:
			n.rules.pad = (int)tool_number(&t, "--pad", optarg, 1,
			    255);
			break;
		default:
			tool_option(&t, c, optarg);
		}
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
	return tool_finish(&t);
}
