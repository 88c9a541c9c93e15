/* wmsreport: the daily check, from exception envelopes and discrepancies. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "atomicfile.h"
#include "diag.h"
#include "isotime.h"
#include "report.h"
#include "tool.h"

static const char usage[] =
    "usage: wmsreport [--html FILE] [--text FILE] [--as-of TIME]\n"
    "                 [--oldest N] [options] [file ...]\n"
    "\n"
    "Reads exception envelopes and reconcile's records and writes the daily\n"
    "check: counts by owner and code, items per day, the oldest open items\n"
    "with what to do; as text on stdout unless --html or --text is given.\n"
    "\n"
    "      --html FILE          write the report as a self-contained page\n"
    "      --text FILE          write the plain-text summary to FILE\n"
    "      --as-of TIME         the report's day (default now)\n"
    "      --oldest N           oldest items listed per owner (default 10)\n"
    TOOL_USAGE_COMMON;

enum {
	OPT_HTML = TOOL_OPT_FIRST_FREE,
	OPT_TEXT,
	OPT_AS_OF,
	OPT_OLDEST
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "oldest", required_argument, NULL, OPT_OLDEST },
	{ "text", required_argument, NULL, OPT_TEXT },
	TOOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* The report, and the day of the file being read: an item without a
 * time of its own is of its file's day. */
struct reading {
	struct report r;
	const char *source;
	int64_t as_of, file_time;
};

static int64_t
file_day(struct reading *rd, const char *source)
{
	struct stat st;

	if (source != rd->source) {
		rd->source = source;
		rd->file_time = source != ndjson_stdin &&
		    stat(source, &st) == 0 ? (int64_t)st.st_mtime : rd->as_of;
	}
	return rd->file_time;
}

/* An envelope over --max-line (of a line that was itself too long): its
 * exception object comes first, and is all the report needs. */
static int
take_long(void *ctx, const struct ndjson_line *line)
{
	struct reading *rd = ctx;

	return report_add_start(&rd->r, line->text, line->len,
	    file_day(rd, line->source));
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

int
main(int argc, char **argv)
{
	struct tool t;
	struct reading rd = { .source = NULL };
	struct ndjson_line line;
	struct exception e = { "not_an_item", "the line is neither an "
	    "exception envelope nor a reconcile record", NULL, NULL, NULL };
	const char *html = NULL, *text = NULL;
	long oldest = 10;
	int c;

	tool_init(&t, "wmsreport", usage, argc, argv);
	rd.as_of = (int64_t)time(NULL);
	while ((c = getopt_long(argc, argv, TOOL_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_AS_OF:
			if (!iso_time(optarg, strlen(optarg), &rd.as_of))
				tool_usage_error(&t, "--as-of: '%s' is not a "
				    "time such as 2026-11-27T06:00:00Z",
				    optarg);
			break;
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_OLDEST:
			oldest = tool_number(&t, "--oldest", optarg, 0, 100000);
			break;
		case OPT_TEXT:
			text = optarg;
			break;
		default:
			tool_option(&t, c, optarg);
		}
	report_init(&rd.r, rd.as_of, (size_t)oldest);
	t.take_long = take_long;
	t.take_long_ctx = &rd;
	tool_start(&t, argc - optind, argv + optind);
	/* the -x file a run may be appending to as it is read */
	ndjson_growing(t.in);
	while (tool_next(&t, &line))
		if (!report_add(&rd.r, line.value, file_day(&rd, line.source)))
			tool_hold(&t, &line, &e, line.value);
	if (html != NULL)
		write_file(&rd.r, html, report_html);
	if (text != NULL)
		write_file(&rd.r, text, report_text);
	if (html == NULL && text == NULL)
		report_text(&rd.r, &t.out);
	*tool_counter(&t, "items") = rd.r.nitems;
	report_free(&rd.r);
	return tool_finish(&t);
}
