/* opt: options declared once; see opt.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "isotime.h"
#include "opt.h"
#include "xalloc.h"

/* Where an option's help starts in --help, counting from 0. */
enum { HELP_COL = 27, LONG_ONLY = 0x100 };

const struct opt opt_common[] = {
	{ "exceptions", 'x', "FILE", OPT_TOOL('x'),
	    "append held records to FILE (default stderr)" },
	{ "unbuffered", 'u', NULL, OPT_TOOL('u'), "write each record at once" },
	{ "redact", 0, "PATH", OPT_TOOL(TOOL_OPT_REDACT),
	    "mark the value at PATH in held records" },
	{ "redact-personal", 0, NULL, OPT_TOOL(TOOL_OPT_REDACT_PERSONAL),
	    "mark the personal data of the order shape\nin held records" },
	{ "mode", 0, "MODE", OPT_TOOL(TOOL_OPT_MODE),
	    "octal mode of a new file of records\n(default 0600)" },
	{ "stats", 0, "[=FILE]", OPT_TOOL(TOOL_OPT_STATS),
	    "print counts as one JSON line on stderr,\nor append it to FILE" },
	{ "metrics", 0, "FILE", OPT_TOOL(TOOL_OPT_METRICS),
	    "write counts for Prometheus to FILE" },
	{ "metrics-label", 0, "KEY=VALUE", OPT_TOOL(TOOL_OPT_METRICS_LABEL),
	    "add a label to every series of --metrics" },
	{ "progress", 0, NULL, OPT_TOOL(TOOL_OPT_PROGRESS),
	    "show progress on stderr when a terminal" },
	{ "label", 0, "NAME", OPT_TOOL(TOOL_OPT_LABEL),
	    "name standard input NAME in held records\nand messages" },
	{ "max-line", 0, "SIZE", OPT_TOOL(TOOL_OPT_MAX_LINE),
	    "longest line read (default 64M)" },
	{ "help", 'h', NULL, OPT_K_HELP, { .ctx = NULL }, 0, 0, NULL,
	    "print this help and exit" },
	{ "version", 'V', NULL, OPT_TOOL('V'),
	    "print the version and exit" },
	OPT_END
};

static size_t
count(const struct opt *opts)
{
	size_t n = 0;

	while (opts[n].name != NULL)
		n++;
	return n;
}

/* The row of index i of opts and then opt_common. */
static const struct opt *
row(const struct opt *opts, size_t nopts, size_t i)
{
	return i < nopts ? &opts[i] : &opt_common[i - nopts];
}

/* The index of the row that row i stands for: an alias's new name's, by
 * name; any other row's own. */
static size_t
resolve(const struct opt *opts, size_t nopts, size_t i)
{
	size_t n = nopts + count(opt_common), j;
	const struct opt *o = row(opts, nopts, i);

	if (o->kind != OPT_K_ALIAS)
		return i;
	for (j = 0; j < n; j++)
		if (row(opts, nopts, j)->kind != OPT_K_ALIAS &&
		    strcmp(row(opts, nopts, j)->name, o->to.alias) == 0)
			return j;
	die("internal error: --%s is an alias of no option --%s", o->name,
	    o->to.alias);
}

static int
has_arg(const struct opt *o)
{
	if (o->arg == NULL)
		return no_argument;
	return o->arg[0] == '[' ? optional_argument : required_argument;
}

char *
opt_shortopts(const struct opt *opts)
{
	size_t nopts = count(opts), n = nopts + count(opt_common), i;
	const struct opt *o;
	struct buf b = { NULL, 0, 0 };

	buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		o = row(opts, nopts, i);
		if (o->letter == 0)
			continue;
		buf_addc(&b, (char)o->letter);
		if (has_arg(o) != no_argument)
			buf_adds(&b, has_arg(o) == optional_argument ? "::" :
			    ":");
	}
	return b.p;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct option *)a)->name,
	    ((const struct option *)b)->name);
}

/* Sorted, a program's and then the common ones, as getopt lists them when
 * an abbreviation is ambiguous. An alias is its new name's twin, so that
 * an abbreviation of both is not ambiguous. */
struct option *
opt_longopts(const struct opt *opts)
{
	size_t nopts = count(opts), n = nopts + count(opt_common), i, j;
	struct option *lo = xcalloc(n + 1, sizeof(*lo));
	const struct opt *o;

	for (i = 0; i < n; i++) {
		j = resolve(opts, nopts, i);
		o = row(opts, nopts, j);
		lo[i].name = row(opts, nopts, i)->name;
		lo[i].has_arg = has_arg(o);
		lo[i].val = o->letter != 0 ? o->letter : LONG_ONLY + (int)j;
	}
	qsort(lo, nopts, sizeof(*lo), by_name);
	qsort(lo + nopts, n - nopts, sizeof(*lo), by_name);
	return lo;
}

void
opt_usage(const struct opt *opts, struct buf *b)
{
	const struct opt *o;
	const char *s, *nl;
	size_t start, len;

	for (o = opts; o->name != NULL; o++) {
		if (o->kind == OPT_K_ALIAS)
			continue;
		start = b->len;
		if (o->letter != 0)
			buf_printf(b, "  -%c, --%s", o->letter, o->name);
		else
			buf_printf(b, "      --%s", o->name);
		if (o->arg != NULL)
			buf_printf(b, "%s%s", has_arg(o) == optional_argument ?
			    "" : " ", o->arg);
		if (b->len - start >= HELP_COL) {
			buf_addc(b, '\n');
			start = b->len;
		}
		for (s = o->help; ; s = nl + 1) {
			while (b->len - start < HELP_COL)
				buf_addc(b, ' ');
			nl = strchr(s, '\n');
			len = nl != NULL ? (size_t)(nl - s) : strlen(s);
			buf_add(b, s, len);
			buf_addc(b, '\n');
			if (nl == NULL)
				break;
			start = b->len;
		}
	}
}

static noreturn void
help(const struct tool *t, const struct opt *opts)
{
	struct buf b = { NULL, 0, 0 };

	buf_adds(&b, t->usage);
	opt_usage(opts, &b);
	opt_usage(opt_common, &b);
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
	tool_exit_flushed();
}

/* The option as a message names it. */
static const char *
dashed(const struct opt *o, char *s, size_t size)
{
	snprintf(s, size, "--%s", o->name);
	return s;
}

static void
take(struct tool *t, const struct opt *opts, const struct opt *o,
    const char *arg)
{
	struct opt_list *l;
	char name[64];

	switch (o->kind) {
	case OPT_K_FLAG:
		*o->to.flag = 1;
		break;
	case OPT_K_STRING:
		*o->to.str = arg;
		break;
	case OPT_K_PATH:
		tool_path(t, o->to.path, arg);
		break;
	case OPT_K_LIST:
		l = o->to.list;
		XGROW(l->v, l->cap, l->n + 1);
		l->v[l->n++] = arg;
		break;
	case OPT_K_INT:
		*o->to.i = (int)tool_number(t, dashed(o, name, sizeof(name)),
		    arg, o->min, o->max);
		break;
	case OPT_K_INT64:
		*o->to.i64 = tool_number(t, dashed(o, name, sizeof(name)),
		    arg, o->min, o->max);
		break;
	case OPT_K_TIME:
		if (!iso_time(arg, strlen(arg), o->to.i64))
			tool_usage_error(t, "--%s: '%s' is not a time such as "
			    "2026-11-27T06:00:00Z", o->name, arg);
		break;
	case OPT_K_LIMIT:
		tool_limit(t, o->to.limit, dashed(o, name, sizeof(name)), arg);
		break;
	case OPT_K_SHAPE:
		*o->to.shape = tool_shape(t, arg);
		break;
	case OPT_K_CALL:
		o->call(t, o->to.ctx, arg);
		break;
	case OPT_K_TOOL:
		tool_option(t, (int)o->min, arg);
		break;
	case OPT_K_HELP:
		help(t, opts);
	case OPT_K_ALIAS:	/* resolved by opt_parse */
	case OPT_K_END:
		break;
	}
}

/* The line an option's old name is worth, once per use. */
static void
warn_alias(const struct opt *opts, const char *name)
{
	size_t nopts = count(opts), i;

	for (i = 0; i < nopts; i++)
		if (opts[i].kind == OPT_K_ALIAS &&
		    strcmp(opts[i].name, name) == 0)
			warnmsg("--%s is now --%s", name,
			    opts[i].to.alias);
}

/* getopt's strings, reachable from here should a usage error end the
 * program while they are in use. */
static char *shortopts;
static struct option *longopts;

int
opt_parse(struct tool *t, const struct opt *opts, int argc, char **argv)
{
	size_t nopts = count(opts), n = nopts + count(opt_common), i;
	const struct opt *o;
	int c, at = -1;

	shortopts = opt_shortopts(opts);
	longopts = opt_longopts(opts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, &at)) !=
	    -1) {
		if (at >= 0)
			warn_alias(opts, longopts[at].name);
		at = -1;
		o = NULL;
		if (c >= LONG_ONLY && (size_t)(c - LONG_ONLY) < n)
			o = row(opts, nopts, (size_t)(c - LONG_ONLY));
		for (i = 0; o == NULL && c != '?' && i < n; i++)
			if (row(opts, nopts, i)->letter == c)
				o = row(opts, nopts, i);
		if (o == NULL)	/* getopt has said what was wrong */
			tool_usage_error(t, NULL);
		take(t, opts, o, optarg);
	}
	free(shortopts);
	free(longopts);
	shortopts = NULL;
	longopts = NULL;
	return optind;
}

void
opt_list_free(struct opt_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
