/* wmsreport: the daily check, from exception envelopes and discrepancies. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "atomicfile.h"
#include "diag.h"
#include "isotime.h"
#include "opt.h"
#include "report.h"
#include "tool.h"

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
    "\n";

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
read_resolved(struct tool *t, struct report *r, const char *path)
{
	struct ndjson_reader *in;
	struct ndjson_line line;
	struct stat st;

	/* tool_open_side says why a file cannot be read */
	if (stat(path, &st) != 0)
		st.st_mtime = 0;
	in = tool_open_side(t, "--resolved", &path);
	ndjson_growing(in);
	while (ndjson_next(in, &line) != NDJSON_END)
		if (line.kind == NDJSON_OBJECT)
			report_passed(r, line.value, line.text, line.len,
			    (int64_t)st.st_mtime);
	tool_close_side(t, in);
}

typedef void render_fn(struct report *, struct writer *);

/* --items-format: csv or ndjson. */
static void
set_items_format(struct tool *t, void *render, const char *arg)
{
	render_fn **fn = render;

	if (strcmp(arg, "csv") == 0)
		*fn = report_items_csv;
	else if (strcmp(arg, "ndjson") == 0)
		*fn = report_items_ndjson;
	else
		tool_usage_error(t, "--items-format: '%s' is not csv or "
		    "ndjson", arg);
}

/* --since: a duration before --as-of. */
static void
set_since(struct tool *t, void *since, const char *arg)
{
	if (!iso_duration(arg, since))
		tool_usage_error(t, "--since: '%s' is not a duration such as "
		    "24h or 7d", arg);
}

int
main(int argc, char **argv)
{
	struct tool t;
	struct report r;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NOT_AN_ITEM, .message = "the line "
	    "is neither an exception envelope nor a reconcile record" };
	const char *html = NULL, *text = NULL, *items = NULL;
	struct opt_list resolved = { NULL, 0, 0 };
	render_fn *items_render = report_items_csv;
	int64_t as_of = exc_now(), since = -1;	/* the clock of "at" */
	int oldest = 10;
	size_t i;
	const struct opt opts[] = {
		{ "html", 0, "FILE", OPT_STRING(&html),
		    "write the report as a self-contained page" },
		{ "text", 0, "FILE", OPT_STRING(&text),
		    "write the plain-text summary to FILE" },
		{ "items", 0, "FILE", OPT_STRING(&items),
		    "write the open items to FILE, for a spreadsheet" },
		{ "items-format", 0, "FMT",
		    OPT_CALL(set_items_format, &items_render),
		    "csv (the default) or ndjson" },
		{ "as-of", 0, "TIME", OPT_TIME(&as_of),
		    "the report's time (default now)" },
		{ "since", 0, "DURATION", OPT_CALL(set_since, &since),
		    "only what was held in DURATION before it (7d)" },
		{ "resolved", 0, "FILE", OPT_LIST(&resolved),
		    "a later run's output: its records resolve\n"
		    "the items they match (repeatable)" },
		{ "oldest", 0, "N", OPT_INT(&oldest, 0, 100000),
		    "oldest items listed per owner (default 10)" },
		OPT_END
	};

	tool_init(&t, "wmsreport", usage, argc, argv);
	optind = opt_parse(&t, opts, argc, argv);
	report_init(&r, as_of, since, (size_t)oldest);
	t.take_long = take_long;
	t.take_long_ctx = &r;
	tool_start(&t, argc - optind, argv + optind);
	/* the -x file a run may be appending to as it is read */
	ndjson_growing(t.in);
	while (tool_next(&t, &line))
		if (!report_add(&r, line.value))
			tool_hold(&t, &line, &e, line.value);
	for (i = 0; i < resolved.n; i++)
		read_resolved(&t, &r, resolved.v[i]);
	opt_list_free(&resolved);
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
