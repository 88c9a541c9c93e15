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
	struct report r;
	struct ndjson_line line;
	struct exception e = { "not_an_item", "the line is neither an "
	    "exception envelope nor a reconcile record", NULL, NULL, NULL };
	const char *html = NULL, *text = NULL, *source = NULL;
	int64_t as_of = (int64_t)time(NULL), file_time = 0;
	struct stat st;
	long oldest = 10;
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
		case OPT_OLDEST:
			oldest = tool_number(&t, "--oldest", optarg, 0, 100000);
			break;
		case OPT_TEXT:
			text = optarg;
			break;
		default:
			tool_option(&t, c, optarg);
		}
	report_init(&r, as_of, (size_t)oldest);
	tool_start(&t, argc - optind, argv + optind);
	while (tool_next(&t, &line)) {
		if (line.source != source) {	/* a file's items: its day */
			source = line.source;
			file_time = source != ndjson_stdin &&
			    stat(source, &st) == 0 ? (int64_t)st.st_mtime :
			    as_of;
		}
		if (!report_add(&r, line.value, file_time))
			tool_hold(&t, &line, &e, line.value);
	}
	if (html != NULL)
		write_file(&r, html, report_html);
	if (text != NULL)
		write_file(&r, text, report_text);
	if (html == NULL && text == NULL)
		report_text(&r, &t.out);
	*tool_counter(&t, "items") = r.nitems;
	report_free(&r);
	return tool_finish(&t);
}
