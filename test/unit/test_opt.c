/*
 * opt: the getopt strings, the --help lines and the parsing made from a
 * table; the common options' rows against the text tool.h keeps for the
 * programs not yet on a table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "opt.h"
#include "testutil.h"

/* The targets, and the tool, outlive a test: what a child's exit leaves
 * stays reachable. */
static struct tool t;
static const char *map, *column = "sku";
static int verbose, pad = 8;
static int64_t buffer;
static struct path *title;
static struct opt_list names;
static struct tool_limit most;
static const struct order_shape *shape;
static int calls;
static const char *called_with;

static void
call(struct tool *tool, void *ctx, const char *arg)
{
	assert_ptr_equal(tool, &t);
	assert_ptr_equal(ctx, &calls);
	calls++;
	called_with = arg;
}

static const struct opt opts[] = {
	{ "map", 'm', "FILE", OPT_STRING(&map), "the table" },
	{ "column", 0, "NAME", OPT_STRING(&column),
	    "the column\n(default sku)" },
	{ "verbose", 'v', NULL, OPT_FLAG(&verbose), "say more" },
	{ "path", 'p', "PATH", OPT_PATH(&title), "the title" },
	{ "name", 0, "TYPE=MEMBER", OPT_LIST(&names),
	    "a name, repeatable" },
	{ "pad", 0, "WIDTH", OPT_INT(&pad, 1, 255), "the width" },
	{ "buffer", 0, "N", OPT_INT64(&buffer, 0, 1000000000), "units" },
	{ "max-bad", 0, "N|P%", OPT_LIMIT(&most), "most bad" },
	{ "call", 0, "ARG", OPT_CALL(call, &calls), "a callback" },
	OPT_ROW_SHAPE(&shape),
	OPT_ROW_ALLOW_EMPTY,
	OPT_END
};

static const char head[] = "usage: test_opt [options] [file ...]\n\n";

static void
test_shortopts(void **state)
{
	char *s = opt_shortopts(opts);

	(void)state;
	/* the program's letters, then the common ones */
	assert_string_equal(s, "m:vp:x:uhV");
	free(s);
}

static void
test_longopts(void **state)
{
	struct option *lo = opt_longopts(opts);
	const char *want[] = { "allow-empty", "buffer", "call", "column",
	    "map", "max-bad", "name", "pad", "path", "shape", "verbose",
	    "exceptions", "help", "label", "max-line", "metrics",
	    "metrics-label", "mode", "progress", "redact", "redact-personal",
	    "stats", "unbuffered", "version" };
	size_t i, n = sizeof(want) / sizeof(want[0]);

	(void)state;
	/* sorted, the program's and then the common ones, as getopt lists
	 * the possibilities of an ambiguous abbreviation */
	for (i = 0; i < n; i++)
		assert_string_equal(lo[i].name, want[i]);
	assert_null(lo[n].name);
	assert_int_equal(lo[4].val, 'm');	/* a letter returns it */
	assert_int_equal(lo[4].has_arg, required_argument);
	assert_int_equal(lo[3].val, 0x100 + 1);	/* else its row's index */
	assert_int_equal(lo[10].has_arg, no_argument);
	assert_int_equal(lo[21].has_arg, optional_argument);	/* stats */
	assert_int_equal(lo[12].val, 'h');
	free(lo);
}

static void
test_usage(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	opt_usage(opts, &b);
	assert_string_equal(b.p,
	    "  -m, --map FILE           the table\n"
	    "      --column NAME        the column\n"
	    "                           (default sku)\n"
	    "  -v, --verbose            say more\n"
	    "  -p, --path PATH          the title\n"
	    "      --name TYPE=MEMBER   a name, repeatable\n"
	    "      --pad WIDTH          the width\n"
	    "      --buffer N           units\n"
	    "      --max-bad N|P%       most bad\n"
	    "      --call ARG           a callback\n"
	    "      --shape NAME         the orders' platform: shopify "
		"(default),\n"
	    "                           shopify-graphql or magento\n"
	    "      --allow-empty        run on a table or side file "
		"with no rows\n");
	buf_free(&b);
}

/* The common options' lines, as every program's --help has always
 * printed them: scripts and the man pages quote them. */
static void
test_common(void **state)
{
	const struct opt delimiter[] = { OPT_ROW_DELIMITER, OPT_END };
	struct buf b = { NULL, 0, 0 };

	(void)state;
	opt_usage(opt_common, &b);
	assert_string_equal(b.p,
	    "  -x, --exceptions FILE    append held records to FILE "
		"(default stderr)\n"
	    "  -u, --unbuffered         write each record at once\n"
	    "      --redact PATH        mark the value at PATH in "
		"held records\n"
	    "      --redact-personal    mark the personal data of the "
		"order shape\n"
	    "                           in held records\n"
	    "      --mode MODE          octal mode of a new file of records\n"
	    "                           (default 0600)\n"
	    "      --stats[=FILE]       print counts as one JSON line "
		"on stderr,\n"
	    "                           or append it to FILE\n"
	    "      --metrics FILE       write counts for Prometheus to FILE\n"
	    "      --metrics-label KEY=VALUE\n"
	    "                           add a label to every series "
		"of --metrics\n"
	    "      --progress           show progress on stderr when "
		"a terminal\n"
	    "      --label NAME         name standard input NAME in "
		"held records\n"
	    "                           and messages\n"
	    "      --max-line SIZE      longest line read (default 64M)\n"
	    "  -h, --help               print this help and exit\n"
	    "  -V, --version            print the version and exit\n");
	buf_reset(&b);
	opt_usage(delimiter, &b);
	assert_string_equal(b.p,
	    "      --delimiter CHAR     the tables' delimiter, such "
		"as ';' or tab\n"
	    "                           (default: , ; or tab, from "
		"the header)\n");
	buf_free(&b);
}

/* A long option that reaches column 28 takes its help to the next line;
 * one that ends a column before keeps one space. */
static void
test_usage_wrap(void **state)
{
	const struct opt wide[] = {
		{ "abcdefghijklm", 0, "PATH", OPT_STRING(&map), "fits" },
		{ "abcdefghijklmn", 0, "PATH", OPT_STRING(&map), "wraps" },
		{ "stats", 0, "[=FILE]", OPT_STRING(&map), "optional" },
		OPT_END
	};
	struct buf b = { NULL, 0, 0 };

	(void)state;
	opt_usage(wide, &b);
	assert_string_equal(b.p,
	    "      --abcdefghijklm PATH fits\n"
	    "      --abcdefghijklmn PATH\n"
	    "                           wraps\n"
	    "      --stats[=FILE]       optional\n");
	buf_free(&b);
}

static int
parse(char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	optind = 0;	/* getopt starts again */
	return opt_parse(&t, opts, argc, argv);
}

static void
test_parse(void **state)
{
	char *argv[] = { "test_opt", "-m", "map.csv", "in.ndjson", "-v",
	    "--path=a.b[0]", "--name", "x=y", "--name=z=w", "--pad", "12",
	    "--buffer", "42", "--max-bad", "5%", "--call", "one",
	    "--call", "two", "--shape", "magento", "--column", "c",
	    "-u", "--stats=s.json", "--allow-empty", "--", "-v", NULL };
	int first;

	(void)state;
	first = parse(argv);
	/* getopt moves the operands to the end, in their order */
	assert_int_equal(first, 26);
	assert_string_equal(argv[first], "in.ndjson");
	assert_string_equal(argv[first + 1], "-v");
	assert_string_equal(map, "map.csv");
	assert_string_equal(column, "c");
	assert_int_equal(verbose, 1);
	assert_non_null(title);
	assert_int_equal(names.n, 2);
	assert_string_equal(names.v[0], "x=y");
	assert_string_equal(names.v[1], "z=w");
	assert_int_equal(pad, 12);
	assert_true(buffer == 42);
	assert_true(most.set && most.share);
	assert_int_equal(calls, 2);
	assert_string_equal(called_with, "two");
	assert_ptr_equal(shape, order_shape_find("magento"));
	assert_ptr_equal(t.shape, shape);	/* --redact-personal's */
	assert_int_equal(t.unbuffered, 1);
	assert_int_equal(t.stats, 1);
	assert_string_equal(t.stats_file, "s.json");
	assert_int_equal(t.allow_empty, 1);
	path_free(title);
	title = NULL;
	opt_list_free(&names);
	assert_null(names.v);
}

/* The last of a single option wins; a path replaces the one before. */
static void
test_parse_again(void **state)
{
	char *argv[] = { "test_opt", "--map", "a", "-mb", "-p", "x", "-p",
	    "y", "--buffer", "7", NULL };

	(void)state;
	assert_int_equal(parse(argv), 10);
	assert_string_equal(map, "b");
	assert_int_equal(buffer, 7);
	assert_non_null(title);
	path_free(title);
	title = NULL;
}

/* A time: seconds since the epoch, from an ISO 8601 time. */
static int64_t when;
static const struct opt times[] = {
	{ "as-of", 0, "TIME", OPT_TIME(&when), "the time" },
	OPT_END
};

static void
test_parse_time(void **state)
{
	char *argv[] = { "test_opt", "--as-of", "2026-11-27T06:00:00Z",
	    NULL };

	(void)state;
	optind = 0;
	assert_int_equal(opt_parse(&t, times, 3, argv), 3);
	assert_true(when == 1795759200);
}

/* Old names: each the new one's twin, with a line on stderr. */
static const char *lines_path, *qty;
static const struct opt renamed[] = {
	{ "lines-path", 0, "PATH", OPT_STRING(&lines_path), "the lines" },
	{ "qty-key", 0, "KEY", OPT_STRING(&qty), "a quantity" },
	OPT_ROW_ALIAS("lines", "lines-path"),
	OPT_ROW_ALIAS("qty", "qty-key"),
	OPT_ROW_ALIAS("quiet", "unbuffered"),
	OPT_END
};

static int
parse_renamed(char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	optind = 0;
	return opt_parse(&t, renamed, argc, argv);
}

static void
test_alias_rows(void **state)
{
	struct option *lo = opt_longopts(renamed);
	struct buf b = { NULL, 0, 0 };
	char *s = opt_shortopts(renamed);

	(void)state;
	/* sorted as ever; an alias returns what its new name does */
	assert_string_equal(lo[0].name, "lines");
	assert_string_equal(lo[1].name, "lines-path");
	assert_string_equal(lo[2].name, "qty");
	assert_string_equal(lo[3].name, "qty-key");
	assert_string_equal(lo[4].name, "quiet");
	assert_int_equal(lo[0].val, lo[1].val);
	assert_int_equal(lo[0].has_arg, required_argument);
	assert_int_equal(lo[2].val, lo[3].val);
	assert_int_equal(lo[4].val, 'u');	/* a common option's letter */
	assert_int_equal(lo[4].has_arg, no_argument);
	assert_string_equal(s, "x:uhV");	/* no letter of its own */
	/* not in --help */
	opt_usage(renamed, &b);
	assert_string_equal(b.p,
	    "      --lines-path PATH    the lines\n"
	    "      --qty-key KEY        a quantity\n");
	buf_free(&b);
	free(lo);
	free(s);
}

static char *old_names[] = { "test_opt", "--lines", "a", "--qty=q",
    "--quiet", "in.ndjson", NULL };
static char *new_names[] = { "test_opt", "--lines-path", "b", "--qty-key",
    "r", "--line", "c", NULL };

static void
run_old_names(void)
{
	assert_int_equal(parse_renamed(old_names), 5);
	assert_string_equal(lines_path, "a");
	assert_string_equal(qty, "q");
	assert_int_equal(t.unbuffered, 1);
	exit(0);
}

/* The new names say nothing; an abbreviation of both an old name and its
 * new one is the old one's. */
static void
run_new_names(void)
{
	assert_int_equal(parse_renamed(new_names), 7);
	assert_string_equal(lines_path, "c");
	assert_string_equal(qty, "r");
	exit(0);
}

static void
test_alias_parse(void **state)
{
	(void)state;
	assert_exits(run_old_names, 0,
	    "test_opt: --lines is now --lines-path\n"
	    "test_opt: --qty is now --qty-key\n"
	    "test_opt: --quiet is now --unbuffered\n");
	assert_exits(run_new_names, 0,
	    "test_opt: --lines is now --lines-path\n");
}

static char *bad_pad[] = { "test_opt", "--pad", "0", NULL };
static char *bad_int64[] = { "test_opt", "--buffer", "5000000000", NULL };
static char *bad_limit[] = { "test_opt", "--max-bad", "x", NULL };
static char *bad_shape[] = { "test_opt", "--shape", "amazon", NULL };
static char *bad_option[] = { "test_opt", "--bogus", NULL };
static char *no_arg[] = { "test_opt", "-m", NULL };
static char *bad_time[] = { "test_opt", "--as-of", "today", NULL };

static void run_bad_pad(void) { parse(bad_pad); exit(0); }
static void run_bad_int64(void) { parse(bad_int64); exit(0); }
static void run_bad_limit(void) { parse(bad_limit); exit(0); }
static void run_bad_shape(void) { parse(bad_shape); exit(0); }
static void run_bad_option(void) { parse(bad_option); exit(0); }
static void run_no_arg(void) { parse(no_arg); exit(0); }

static void
run_bad_time(void)
{
	optind = 0;
	opt_parse(&t, times, 3, bad_time);
	exit(0);
}

/* A usage error: status 2, the message naming the option, the synopsis. */
static void
assert_usage_error(void (*fn)(void), const char *message)
{
	char want[1024];

	snprintf(want, sizeof(want), "test_opt: %s\n"
	    "usage: test_opt [options] [file ...]\n"
	    "Try 'test_opt --help' for more.\n", message);
	assert_exits(fn, 2, want);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_usage_error(run_bad_pad,
	    "--pad: '0' is not a number from 1 to 255");
	assert_usage_error(run_bad_int64,
	    "--buffer: '5000000000' is not a number from 0 to 1000000000");
	assert_usage_error(run_bad_option, "unrecognized option '--bogus'");
	assert_usage_error(run_no_arg, "option requires an argument -- 'm'");
	assert_usage_error(run_bad_shape, "--shape: 'amazon' is not one of "
	    ORDER_SHAPE_NAMES);
	assert_usage_error(run_bad_limit, "--max-bad: 'x' is not a count "
	    "such as 20 or a share such as 10% or 2.5%");
	assert_usage_error(run_bad_time, "--as-of: 'today' is not a time "
	    "such as 2026-11-27T06:00:00Z");
}

/* One tool for all the tests: it has no free. */
static int
setup(void **state)
{
	(void)state;
	tool_init(&t, "test_opt", head, 0, NULL);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shortopts),
		cmocka_unit_test(test_longopts),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_usage_wrap),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_again),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_alias_rows),
		cmocka_unit_test(test_alias_parse),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
