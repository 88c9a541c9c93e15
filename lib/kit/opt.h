/*
 * opt: a program's options, each declared once, as a row of a table from
 * which getopt_long's strings, the option lines of --help and the parsing
 * are made. A row names the option, its short letter (or 0), its
 * argument as --help shows it (NULL for none; "[=FILE]" for an optional
 * one), what it sets and its help, lines split by \n. The common options
 * of tool.h are rows too (opt_common), after a program's own.
 *
 *	const char *map = NULL;
 *	const struct opt opts[] = {
 *		{ "map", 'm', "FILE", OPT_STRING(&map), "CSV: title, code" },
 *		OPT_ROW_SHAPE(&shape),
 *		OPT_END
 *	};
 *	tool_init(&t, "name", head, argc, argv);
 *	optind = opt_parse(&t, opts, argc, argv);
 *
 * head is what --help prints before the option lines: the synopsis, a
 * blank line (a usage error prints what comes before it), what the
 * program does and a blank line. Each option is set as getopt meets it:
 * the last of a single option wins, a repeated one (OPT_LIST, OPT_CALL)
 * takes each; a bad argument is a usage error, naming the option. An
 * OPT_ROW_ALIAS row keeps an option's old name: it sets what the new one
 * does, after a line on stderr, "name: --old is now --new".
 */
#ifndef WMSKIT_OPT_H
#define WMSKIT_OPT_H

#include <getopt.h>
#include <stdint.h>

#include "buf.h"
#include "tool.h"

/* A repeated option's arguments, in order; opt_list_free frees v. */
struct opt_list {
	const char **v;
	size_t n, cap;
};

enum opt_kind {
	OPT_K_END, OPT_K_FLAG, OPT_K_STRING, OPT_K_PATH, OPT_K_LIST,
	OPT_K_INT, OPT_K_INT64, OPT_K_TIME, OPT_K_LIMIT, OPT_K_SHAPE,
	OPT_K_CALL, OPT_K_TOOL, OPT_K_HELP, OPT_K_ALIAS
};

/* What a row sets, by its kind: a typed pointer, so that a row whose
 * target does not fit its kind does not compile. */
union opt_to {
	int *flag;
	const char **str;
	struct path **path;
	struct opt_list *list;
	int *i;
	int64_t *i64;
	struct tool_limit *limit;
	const struct order_shape **shape;
	const char *alias;	/* the option's new name */
	void *ctx;
};

/* An option that needs code of its own: ctx is the row's. */
typedef void opt_call(struct tool *t, void *ctx, const char *arg);

struct opt {
	const char *name;	/* long, without -- */
	int letter;		/* short, or 0 */
	const char *arg;	/* in --help; NULL: the option takes none */
	enum opt_kind kind;
	union opt_to to;
	long min, max;		/* OPT_INT, OPT_INT64; OPT_TOOL: the code */
	opt_call *call;		/* OPT_CALL */
	const char *help;	/* lines split by \n */
};

/*
 * The kinds, each what a row says after its argument's name: a flag set
 * to 1, a string, a path (tool_path, replacing the one before), a string
 * appended to a list, a number from lo to hi (tool_number), a time as
 * seconds since the epoch (iso_time, such as 2026-11-27T06:00:00Z), a limit
 * (tool_limit), an order shape (tool_shape), a call, a common option
 * (tool_option of its code).
 */
#define OPT_FLAG(p)	OPT_K_FLAG, { .flag = (p) }, 0, 0, NULL
#define OPT_STRING(p)	OPT_K_STRING, { .str = (p) }, 0, 0, NULL
#define OPT_PATH(p)	OPT_K_PATH, { .path = (p) }, 0, 0, NULL
#define OPT_LIST(l)	OPT_K_LIST, { .list = (l) }, 0, 0, NULL
#define OPT_INT(p, lo, hi)	OPT_K_INT, { .i = (p) }, (lo), (hi), NULL
#define OPT_INT64(p, lo, hi)	OPT_K_INT64, { .i64 = (p) }, (lo), (hi), NULL
#define OPT_TIME(p)	OPT_K_TIME, { .i64 = (p) }, 0, 0, NULL
#define OPT_LIMIT(p)	OPT_K_LIMIT, { .limit = (p) }, 0, 0, NULL
#define OPT_SHAPE(p)	OPT_K_SHAPE, { .shape = (p) }, 0, 0, NULL
#define OPT_CALL(fn, c)	OPT_K_CALL, { .ctx = (c) }, 0, 0, (fn)
#define OPT_TOOL(code)	OPT_K_TOOL, { .ctx = NULL }, (code), 0, NULL
/* An old name of an option, kept so that a script written for it still
 * runs: parsed as the new one, with a warning, and left out of --help. */
#define OPT_ROW_ALIAS(old, new) \
	{ (old), 0, NULL, OPT_K_ALIAS, { .alias = (new) }, 0, 0, NULL, NULL }
#define OPT_END	{ NULL, 0, NULL, OPT_K_END, { .ctx = NULL }, 0, 0, NULL, NULL }

/* The rows of the options several programs share but not all. */
#define OPT_ROW_SHAPE(p) \
	{ "shape", 0, "NAME", OPT_SHAPE(p), "the orders' platform: " \
	    "shopify (default),\nshopify-graphql or magento" }
#define OPT_ROW_ALLOW_EMPTY \
	{ "allow-empty", 0, NULL, OPT_TOOL(TOOL_OPT_ALLOW_EMPTY), \
	    "run on a table or side file with no rows" }
#define OPT_ROW_DELIMITER \
	{ "delimiter", 0, "CHAR", OPT_TOOL(TOOL_OPT_DELIMITER), \
	    "the tables' delimiter, such as ';' or tab\n" \
	    "(default: , ; or tab, from the header)" }

/* The options of every program, which come after a program's own. */
extern const struct opt opt_common[];

/* Sets what opts and opt_common say from argv, as getopt_long meets
 * them; returns the index of the first operand. --help prints t's usage
 * and the option lines; a bad option is a usage error (exit 2). */
int opt_parse(struct tool *t, const struct opt *opts, int argc, char **argv);

/* What opt_parse gives getopt_long, opts' then opt_common's: the short
 * options, and the long ones (an option with no letter returns 0x100 and
 * its row's index; an alias what its new name returns). Both to free. */
char *opt_shortopts(const struct opt *opts);
struct option *opt_longopts(const struct opt *opts);
/* The --help lines of opts alone but their aliases, appended to b: two
 * spaces, "-m, --map
 * FILE" or "    --name ARG", the help from column 28, on the next line
 * where the option reaches it, each further line indented as far. */
void opt_usage(const struct opt *opts, struct buf *b);

void opt_list_free(struct opt_list *l);

#endif
