/* wmsreport: the daily check, from exception envelopes and discrepancies. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "atomicfile.h"
#include "diag.h"
#include "isotime.h"
#include "report.h"
#include "tool.h"
#include "xalloc.h"

static const char usage[] =
    "usage: wmsreport [--html FILE] [--text FILE] [--items FILE]\n"
    "                 [--items-format csv|ndjson] [--as-of TIME]\n"
    "                 [--since DURATION] [--resolved FILE]... [--oldest N]\n"
    "                 [options] [file ...]\n"
    "\n"
    "Reads exception envelopes and reconcile's records and writes the daily\n"
    "check: one item per distinct key, with when it was first and last held\n"
    "and how many times; counts by owner and code, items per day first held,\n"
    "the oldest open items with what to do; as text on stdout unless --html,\n"
    "--text or --items is given.\n"
    "\n"
    "      --html FILE          write the report as a self-contained page\n"
    "      --text FILE          write the plain-text summary to FILE\n"
    "      --items FILE         write the open items to FILE, for a spreadsheet\n"
    "      --items-format FMT   csv (the default) or ndjson\n"
    "      --as-of TIME         the report's time (default now)\n"
    "      --since DURATION     only what was held in DURATION before it (7d)\n"
    "      --resolved FILE      a later run's output: its records resolve\n"
    "                           the items they match (repeatable)\n"
    "      --oldest N           oldest items listed per owner (default 10)\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_HTML = TOOL_OPT_FIRST_FREE,
	OPT_TEXT,
	OPT_AS_OF,
	OPT_OLDEST,
	OPT_SINCE,
	OPT_RESOLVED,
	OPT_ITEMS,
	OPT_ITEMS_FORMAT
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "items", required_argument, NULL, OPT_ITEMS },
	{ "items-format", required_argument, NULL, OPT_ITEMS_FORMAT },
	{ "oldest", required_argument, NULL, OPT_OLDEST },
	{ "resolved", required_argument, NULL, OPT_RESOLVED },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "text", required_argument, NULL, OPT_TEXT },
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* An envelope over --max-line (of a line that was itself too long): its
 * exception object comes first, and is all the report needs. */
static int
take_long(void *ctx, const struct ndjson_line *line)
{
	return report_add_start(ctx, line->text, line->len);
}

/* Writes a report to path, replacing it whole. */
static void
write_file(struct report *r, const char *path,
    void (*render)(struct report *, struct writer *))
{
	struct atomic_file f;

	atomic_open(&f, path, ATOMIC_PUBLIC);
	render(r, &f.w);
	atomic_commit(&f);
}

/*
 * The records of a later run's output: each resolves the items of its
 * reference held before the file was last written (its time). A line
 * that is not a record resolves nothing.
 */
static void
read_resolved(struct tool *t, struct report *r, char *path)
{
	struct ndjson_reader *in;
	struct ndjson_line line;
	struct stat st;

	/* the reader says why a file cannot be read */
	if (stat(path, &st) != 0)
		st.st_mtime = 0;
	in = ndjson_open(&path, 1, t->max_line);
	ndjson_growing(in);
	while (ndjson_next(in, &line) != NDJSON_END)
		if (line.kind == NDJSON_OBJECT)
			report_passed(r, line.value, line.text, line.len,
			    (int64_t)st.st_mtime);
	t->trouble |= ndjson_trouble(in);
	ndjson_close(in);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct report r;
	struct ndjson_line line;
	struct exception e = { "not_an_item", "the line is neither an "
	    "exception envelope nor a reconcile record", NULL, NULL, NULL };
	const char *html = NULL, *text = NULL, *items = NULL;
	char **resolved = NULL;
	size_t nresolved = 0, cap = 0, i;
	void (*items_render)(struct report *, struct writer *) =
	    report_items_csv;
	int64_t as_of = exc_now(), since = -1;	/* the clock of "at" */
	long oldest = 10;
	void *p;
	int c;

	tool_init(&t, "wmsreport", usage, argc, argv);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_AS_OF:
			if (!iso_time(optarg, strlen(optarg), &as_of))
				tool_usage_error(&t, "--as-of: '%s' is not a "
				    "time such as 2026-11-27T06:00:00Z",
				    optarg);
			break;
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_ITEMS:
			items = optarg;
			break;
		case OPT_ITEMS_FORMAT:
			if (strcmp(optarg, "csv") == 0)
				items_render = report_items_csv;
			else if (strcmp(optarg, "ndjson") == 0)
				items_render = report_items_ndjson;
			else
				tool_usage_error(&t, "--items-format: '%s' is "
				    "not csv or ndjson", optarg);
			break;
		case OPT_OLDEST:
			oldest = tool_number(&t, "--oldest", optarg, 0, 100000);
			break;
		case OPT_RESOLVED:
			p = resolved;
			xgrow(&p, &cap, nresolved + 1, sizeof(*resolved));
			resolved = p;
			resolved[nresolved++] = optarg;
			break;
		case OPT_SINCE:
			if (!iso_duration(optarg, &since))
				tool_usage_error(&t, "--since: '%s' is not a "
				    "duration such as 24h or 7d", optarg);
			break;
		case OPT_TEXT:
			text = optarg;
			break;
		default:
			tool_option(&t, c, optarg);
		}
	report_init(&r, as_of, since, (size_t)oldest);
	t.take_long = take_long;
	t.take_long_ctx = &r;
	tool_start(&t, argc - optind, argv + optind);
	/* the -x file a run may be appending to as it is read */
	ndjson_growing(t.in);
	while (tool_next(&t, &line))
		if (!report_add(&r, line.value))
			tool_hold(&t, &line, &e, line.value);
	for (i = 0; i < nresolved; i++)
		read_resolved(&t, &r, resolved[i]);
	free(resolved);
	report_finish(&r);
	if (html != NULL)
		write_file(&r, html, report_html);
	if (text != NULL)
		write_file(&r, text, report_text);
	if (items != NULL)
		write_file(&r, items, items_render);
	if (html == NULL && text == NULL && items == NULL)
		report_text(&r, &t.out);
	*tool_counter(&t, "items") = r.open;
	*tool_counter(&t, "resolved") = r.nitems - r.open;
	*tool_counter(&t, "undated") = r.undated;
	report_free(&r);
	return tool_finish(&t);
}
