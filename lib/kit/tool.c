#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "csvtable.h"
#include "diag.h"
#include "jsonw.h"
#include "jtree.h"
#include "num.h"
#include "tool.h"
#include "utf8.h"
#include "xalloc.h"

static struct tool *current;	/* for the exit hook */

static void clear_current(void);

static void note(struct tool *t, enum tool_note_kind kind,
    const char *reason);
static void progress_end(struct tool *t);

/* Ends a run with status 2: --metrics says why, whatever stopped it. */
static noreturn void
trouble_exit(struct tool *t, const char *reason)
{
	progress_end(t);
	if (t->in != NULL)
		t->blank = ndjson_blank_lines(t->in);
	if (t->metrics_file != NULL) {
		note(t, TOOL_REFUSED, reason);
		tool_write_metrics(t->metrics_file, t, 2);
	}
	exit(2);
}

/* On a fatal error: the complete records reach their files (writers not
 * yet opened have none), and --metrics is written, before the input is
 * read too: a missing table must fire the alert. */
static void
salvage(void)
{
	writer_salvage(&current->out);
	writer_salvage(&current->exc);
	trouble_exit(current, diag_exit_reason());
}

void
tool_init(struct tool *t, const char *name, const char *usage, int argc,
    char **argv)
{
	memset(t, 0, sizeof(*t));
	diag_init(name);
	t->name = name;
	t->usage = usage;
	t->max_line = 64UL << 20;
	t->record_mode = ATOMIC_PRIVATE;
	t->stats_fd = STDERR_FILENO;
	t->argc = argc;
	t->argv = argv;
	clock_gettime(CLOCK_MONOTONIC, &t->started);
	xalloc_json();
	if (argc > 0)
		argv[0] = (char *)name;	/* getopt's messages name the tool */
	current = t;
	diag_on_exit(salvage);
}

int
tool_label_name(const char *text, size_t len)
{
	/* the kit's own labels: a second one would make a series invalid */
	static const char *const own[] = { "tool", "outcome", "code",
	    "owner", "name", "reason" };
	size_t i;

	if (len == 0 || (len >= 2 && text[0] == '_' && text[1] == '_'))
		return 0;
	for (i = 0; i < len; i++)
		if (!((text[i] >= 'a' && text[i] <= 'z') ||
		    (text[i] >= 'A' && text[i] <= 'Z') || text[i] == '_' ||
		    (i > 0 && text[i] >= '0' && text[i] <= '9')))
			return 0;
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (strlen(own[i]) == len && memcmp(own[i], text, len) == 0)
			return 0;
	return 1;
}

/* --metrics-label KEY=VALUE: NULL when taken (the last value of a name
 * counts), else why not. */
static const char *
add_label(struct tool *t, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t i, n;

	if (eq == NULL)
		return "is not KEY=VALUE";
	n = (size_t)(eq - arg);
	if (!tool_label_name(arg, n))
		return "KEY is not a label name of letters, digits and _ "
		    "(not first a digit, not __ first), nor one of the kit's "
		    "own (tool, outcome, code, owner, name, reason)";
	if (eq[1] == '\0' || !utf8_valid(eq + 1, strlen(eq + 1)))
		return "VALUE is empty or not UTF-8";
	for (i = 0; i < t->nlabels; i++)
		if (t->labels[i].len == n &&
		    memcmp(t->labels[i].name, arg, n) == 0)
			break;
	if (i == TOOL_MAX_LABELS)
		return "too many labels (16 at most)";
	t->labels[i] = (struct tool_label){ arg, n, eq + 1 };
	if (i == t->nlabels)
		t->nlabels++;
	return NULL;
}

/*
 * A usage error before getopt reached --metrics (an unknown option before
 * it): the file and labels are taken from the rest of the command line,
 * as they would have been, so that the alert fires whatever the order.
 */
static void
metrics_from_argv(struct tool *t)
{
	const char *a;
	int i;

	for (i = 1; i < t->argc && strcmp(t->argv[i], "--") != 0; i++) {
		a = t->argv[i];
		if (strcmp(a, "--metrics") == 0 && i + 1 < t->argc)
			t->metrics_file = t->argv[++i];
		else if (strncmp(a, "--metrics=", 10) == 0)
			t->metrics_file = a + 10;
		else if (strcmp(a, "--metrics-label") == 0 && i + 1 < t->argc)
			(void)add_label(t, t->argv[++i]);
		else if (strncmp(a, "--metrics-label=", 16) == 0)
			(void)add_label(t, a + 16);
	}
	if (t->metrics_file != NULL && t->metrics_file[0] == '\0')
		t->metrics_file = NULL;
}

void
tool_usage_error(struct tool *t, const char *fmt, ...)
{
	const char *blank = strstr(t->usage, "\n\n");
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vwarnmsg(fmt, ap);
		va_end(ap);
	}
	fwrite(t->usage, 1, blank ? (size_t)(blank - t->usage) + 1 :
	    strlen(t->usage), stderr);
	fprintf(stderr, "Try '%s --help' for more.\n", t->name);
	if (t->metrics_file == NULL)
		metrics_from_argv(t);
	trouble_exit(t, "usage");
}

noreturn void
tool_exit_flushed(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: standard output: %s", strerror(errno));
	exit(0);
}

/* Past the white space and '+' that strtol(3) let these options take. */
static const char *
unpadded(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '+' && s[1] >= '0' && s[1] <= '9' ? s + 1 : s;
}

long
tool_number(struct tool *t, const char *option, const char *arg, long min,
    long max)
{
	int64_t v;

	/* "-0" reads as 0 for a min of 0, as it always did */
	if (num_int64(unpadded(arg), INT64_MIN, INT64_MAX, &v, NULL) !=
	    NUM_OK || v < min || v > max)
		tool_usage_error(t, "%s: '%s' is not a number from %ld to %ld",
		    option, arg, min, max);
	return (long)v;
}

int
tool_limit_parse(struct tool_limit *l, const char *text)
{
	const char *p;
	uint64_t v;
	unsigned long hundredths = 0;
	int digits;

	/* not strtoul or strtod: they take signs, spaces, "1e1" and "inf" */
	if (num_uint64(text, ULONG_MAX, &v, &p) != NUM_OK)
		return 0;
	if (*p == '\0') {
		*l = (struct tool_limit){ 1, 0, v, text };
		return 1;
	}
	if (*p == '.') {
		for (p++, digits = 0; *p >= '0' && *p <= '9' && digits < 3;
		    p++, digits++)
			hundredths = hundredths * 10 +
			    (unsigned long)(*p - '0');
		if (digits == 0 || digits > 2)
			return 0;
		if (digits == 1)
			hundredths *= 10;
	}
	if (p[0] != '%' || p[1] != '\0' || v > 100 ||
	    (v == 100 && hundredths > 0))
		return 0;
	*l = (struct tool_limit){ 1, 1, v * 100 + hundredths, text };
	return 1;
}

void
tool_limit(struct tool *t, struct tool_limit *l, const char *option,
    const char *arg)
{
	if (!tool_limit_parse(l, arg))
		tool_usage_error(t, "%s: '%s' is not a count such as 20 or a "
		    "share such as 10%% or 2.5%%", option, arg);
}

unsigned long
tool_limit_allowed(const struct tool_limit *l, unsigned long total)
{
	if (!l->share)
		return l->n;
	/* n is at most 10000: in two parts, so that nothing overflows */
	return total / 10000 * l->n + total % 10000 * l->n / 10000;
}

void
tool_limit_by(const struct tool_limit *l, const char *option,
    struct buf *b)
{
	if (l->set)
		buf_printf(b, "%s %s allows", option, l->text);
	else
		buf_printf(b, "%s allows by default", option);
}

const struct order_shape *
tool_shape(struct tool *t, const char *name)
{
	const struct order_shape *s = order_shape_find(name);

	if (s == NULL)
		tool_usage_error(t, "--shape: '%s' is not one of "
		    ORDER_SHAPE_NAMES, name);
	t->shape = s;
	return s;
}

void
tool_model_path(struct tool *t, struct order_model *m, const char *field,
    const char *text)
{
	char *err;

	if (!order_model_set(m, field, text, &err))
		tool_usage_error(t, "%s", err);
}

void
tool_path(struct tool *t, struct path **p, const char *text)
{
	char *err;

	path_free(*p);
	if ((*p = path_parse(text, &err)) == NULL)
		tool_usage_error(t, "%s", err);
}

void
tool_path_add(struct tool *t, struct path ***v, size_t *n, int *given,
    const char *text)
{
	struct path *p = NULL;

	tool_path(t, &p, text);
	if (!*given) {
		path_list_free(*v, *n);
		*v = NULL;
		*n = 0;
		*given = 1;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = p;
}

/* "4096", "64K", "64M", "1G" */
static size_t
parse_size(struct tool *t, const char *arg)
{
	uint64_t v = 0;
	const char *end;
	int shift = 0, ok;

	ok = num_uint64(unpadded(arg), UINT64_MAX, &v, &end) == NUM_OK;
	switch (*end) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	}
	if (!ok || *end != '\0' || v == 0 ||
	    v > ((uint64_t)SIZE_MAX >> 1 >> shift))
		tool_usage_error(t, "--max-line: '%s' is not a size such as "
		    "4096, 64K or 64M", arg);
	return (size_t)(v << shift);
}

/* "0640", "640": an octal mode as chmod(1) takes it, permissions only */
static mode_t
parse_mode(struct tool *t, const char *arg)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 8);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    arg[0] == '+' || arg[0] == ' ' || v > 0777)
		tool_usage_error(t, "--mode: '%s' is not an octal mode from 0 "
		    "to 0777, such as 0640", arg);
	return (mode_t)v;
}

void
tool_option(struct tool *t, int c, const char *arg)
{
	const char *why;
	char *err;

	switch (c) {
	case 'V':
		printf("%s (wmskit) %s\n", t->name, WMSKIT_VERSION);
		tool_exit_flushed();
	case 'h':
		fputs(t->usage, stdout);
		tool_exit_flushed();
	case 'u':
		t->unbuffered = 1;
		break;
	case 'x':
		t->exceptions_file = arg;
		break;
	case TOOL_OPT_MAX_LINE:
		t->max_line = parse_size(t, arg);
		break;
	case TOOL_OPT_METRICS:
		t->metrics_file = arg;
		break;
	case TOOL_OPT_MODE:
		t->record_mode = parse_mode(t, arg) | ATOMIC_EXACT;
		break;
	case TOOL_OPT_STATS:
		t->stats = 1;
		if (arg != NULL && arg[0] == '\0')
			tool_usage_error(t, "--stats=: an empty file name");
		t->stats_file = arg;	/* --stats=FILE; --stats is stderr */
		break;
	case TOOL_OPT_METRICS_LABEL:
		if ((why = add_label(t, arg)) != NULL)
			tool_usage_error(t, "--metrics-label: '%s' %s", arg,
			    why);
		break;
	case TOOL_OPT_PROGRESS:
		t->progress = 1;
		break;
	case TOOL_OPT_LABEL:
		t->label = arg;
		break;
	case TOOL_OPT_ALLOW_EMPTY:
		t->allow_empty = 1;
		break;
	case TOOL_OPT_DELIMITER:
		if (!csv_table_set_delimiter(arg))
			tool_usage_error(t, "--delimiter: '%s' is not one "
			    "character other than a letter, digit, space, "
			    "quote or line end, nor tab", arg);
		break;
	case TOOL_OPT_REDACT:
		if (t->redact == NULL)
			t->redact = redact_new();
		if (!redact_add(t->redact, arg, &err))
			tool_usage_error(t, "--redact: %s", err);
		break;
	case TOOL_OPT_REDACT_PERSONAL:
		t->redact_personal = 1;
		break;
	default:	/* getopt has said what was wrong */
		tool_usage_error(t, NULL);
	}
}

/* The -x or --stats file, opened to append so that nothing blocks: a FIFO
 * without a reader would wait in open() for ever, before any input. A new
 * file has record_mode (envelopes hold whole orders, customers' details
 * with them); one that exists keeps its own. what goes in it, for a
 * FIFO's message. */
static int
open_append(const char *path, mode_t record_mode, const char *what)
{
	int fd, fl, tries = 0;

	do {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
		    O_CLOEXEC | O_NONBLOCK, record_mode & 0777);
		if (fd >= 0) {
			if (record_mode & ATOMIC_EXACT &&
			    fchmod(fd, record_mode & 0777) != 0)
				die("%s: %s", path, strerror(errno));
			break;
		}
		if (errno != EEXIST)
			break;
		/* there: open it as it is (removed meanwhile: again) */
		fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK);
	} while (fd < 0 && errno == ENOENT && ++tries < 100);
	if (fd < 0 && errno == ENXIO)
		die("%s: a FIFO with no reader: %s would go nowhere", path,
		    what);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
		die("%s: %s", path, strerror(errno));
	return fd;
}

/* Whether fd is a regular file, and which. */
static int
regular_fd(int fd, struct stat *st)
{
	return fstat(fd, st) == 0 && S_ISREG(st->st_mode);
}

/*
 * A program that reads its own -x file or output appends to what it reads
 * and never ends (cat refuses the same). Only regular files: a terminal is
 * stdin and stdout at once, rightly.
 */
static void
refuse_input_is_output(struct tool *t, int nfiles, char **files)
{
	struct stat out[2], in;
	int nout = 0, i, j;
	const char *name;

	if (regular_fd(t->out.fd, &out[nout]))
		nout++;
	if (regular_fd(t->exc.fd, &out[nout]))
		nout++;
	for (i = 0; i < (nfiles > 0 ? nfiles : 1) && nout > 0; i++) {
		name = nfiles > 0 ? files[i] : "-";
		if (strcmp(name, "-") == 0 ? !regular_fd(STDIN_FILENO, &in) :
		    stat(name, &in) != 0 || !S_ISREG(in.st_mode))
			continue;
		for (j = 0; j < nout; j++)
			if (in.st_dev == out[j].st_dev &&
			    in.st_ino == out[j].st_ino)
				tool_refuse(t, "input_is_output", "%s: input "
				    "file is output file", strcmp(name, "-") ==
				    0 ? "standard input" : name);
	}
}

void
tool_start(struct tool *t, int nfiles, char **files)
{
	/* a file size limit is a write error (EFBIG) with a message and a
	 * file cut back to a whole record, not a silent death */
	(void)signal(SIGXFSZ, SIG_IGN);
	/* after the options, so that --shape is known in any order */
	if (t->redact_personal) {
		if (t->redact == NULL)
			t->redact = redact_new();
		redact_add_personal(t->redact, t->shape);
	}
	writer_open(&t->out, STDOUT_FILENO, "standard output");
	t->out.unbuffered = t->unbuffered;
	if (t->exceptions_file != NULL) {
		writer_open(&t->exc, open_append(t->exceptions_file,
		    t->record_mode, "held records"), t->exceptions_file);
		t->exc.unbuffered = t->unbuffered;
	} else {
		writer_open(&t->exc, STDERR_FILENO, "standard error");
		t->exc.unbuffered = 1;	/* stderr interleaves with messages */
	}
	if (t->stats_file != NULL)
		t->stats_fd = open_append(t->stats_file, t->record_mode,
		    "the --stats line");
	refuse_input_is_output(t, nfiles, files);
	t->out.held = t->exc.held = t->hold;
	t->progress = t->progress && isatty(STDERR_FILENO);
	t->progress_at = t->started;	/* the first line after 250 ms */
	if (t->progress)
		diag_before_message(clear_current);
	diag_defer_signals();
	t->in = ndjson_open(files, (size_t)nfiles, t->max_line);
	if (t->label != NULL)
		ndjson_name_stdin(t->in, t->label);
}

/* "tool: 1200 records, 3.4 MB, 1.1 MB/s, 2 held", drawn over itself. */
static void
progress_draw(struct tool *t, const char *end)
{
	char line[160];
	double s = tool_seconds(t), mb = (double)t->bytes / 1e6;
	int n;

	n = snprintf(line, sizeof(line), "\r%s: %lu records, %.1f MB, "
	    "%.1f MB/s, %lu held%s", t->name, t->read, mb,
	    s > 0 ? mb / s : 0.0, t->held, end);
	if (n > 0)
		(void)writer_once(STDERR_FILENO, line, (size_t)n < sizeof(line) ?
		    (size_t)n : sizeof(line) - 1);
	t->progress_shown = 1;
}

/* At most four times a second: a terminal is not a log. */
static void
progress(struct tool *t)
{
	struct timespec now;

	if (!t->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - t->progress_at.tv_sec) * 1000 +
	    (now.tv_nsec - t->progress_at.tv_nsec) / 1000000 < 250)
		return;
	t->progress_at = now;
	progress_draw(t, "\033[K");
}

/* Before a message or an envelope on stderr: the line goes, and is drawn
 * again at the next update. */
static void
progress_clear(struct tool *t)
{
	if (t->progress && t->progress_shown) {
		(void)writer_once(STDERR_FILENO, "\r\033[K", 4);
		t->progress_shown = 0;
	}
}

/* diag's hook: any message on stderr takes the progress line down. */
static void
clear_current(void)
{
	progress_clear(current);
}

/* The final counts, on a line of their own. */
static void
progress_end(struct tool *t)
{
	if (t->progress && t->in != NULL) {	/* a terminal: tool_start */
		progress_draw(t, "\033[K\n");
		t->progress = 0;
	}
}

static void
count_held(struct tool *t, enum exc_code code)
{
	t->held++;
	t->held_by_code[code]++;
}

static void print_stats(struct tool *t);

static const char *
signal_name(int sig)
{
	switch (sig) {
	case SIGTERM: return "SIGTERM";
	case SIGINT: return "SIGINT";
	case SIGHUP: return "SIGHUP";
	}
	return "a signal";
}

/*
 * Told to stop (TERM, INT, HUP): at a record boundary, with every record
 * before it written whole, as a shell reports a signal's death.
 */
static noreturn void
stop(struct tool *t, int sig)
{
	int status = 128 + sig;

	progress_end(t);
	warnmsg("stopped by %s after %lu records read; the output ends with "
	    "the last whole record", signal_name(sig), t->read);
	t->blank = ndjson_blank_lines(t->in);
	if (t->hold) {	/* the run never decided on what it held */
		writer_discard(&t->out);
		writer_discard(&t->exc);
	}
	writer_flush(&t->out);
	writer_flush(&t->exc);
	if (t->stats)
		print_stats(t);
	if (t->metrics_file != NULL)
		tool_write_metrics(t->metrics_file, t, status);
	exit(status);
}

/* A line read: counted, shown by --progress. An
 * envelope that follows on stderr clears the progress line first. */
static void
read_line(struct tool *t, struct ndjson_line *line)
{
	t->read++;
	t->bytes += line->len + 1;
	t->record = line->kind == NDJSON_OBJECT ? line->value : NULL;
	t->tree = line->tree;
	if (line->kind != NDJSON_OBJECT && t->exc.fd == STDERR_FILENO)
		progress_clear(t);
	else
		progress(t);
}

int
tool_next(struct tool *t, struct ndjson_line *line)
{
	return tool_next_from(t, t->in, line);
}

int
tool_next_from(struct tool *t, struct ndjson_reader *r,
    struct ndjson_line *line)
{
	char msg[256];
	struct exception e = { .code = EXC_NONE, .message = msg };

	for (;;) {
		if (diag_stopping())
			stop(t, diag_stopping());
		switch (ndjson_next(r, line)) {
		case NDJSON_END:
			t->record = NULL;
			if (diag_stopping())
				stop(t, diag_stopping());
			return 0;
		case NDJSON_OBJECT:
			read_line(t, line);
			return 1;
		case NDJSON_NOT_OBJECT:
			read_line(t, line);
			e.code = EXC_NOT_AN_OBJECT;
			snprintf(msg, sizeof(msg), "the line is a JSON %s, "
			    "not an object", json_is_array(line->value) ?
			    "array" : json_is_string(line->value) ? "string" :
			    json_is_number(line->value) ? "number" : "literal");
			exc_write_record_redacted(&t->exc, t->name, &e, line,
			    line->value, t->redact);
			break;
		case NDJSON_BAD_JSON:
			read_line(t, line);
			ndjson_problem(line, msg, sizeof(msg));
			e.code = EXC_BAD_JSON;
			exc_write_raw_redacted(&t->exc, t->name, &e, line,
			    t->redact);
			break;
		case NDJSON_TOO_LONG:
			read_line(t, line);
			if (t->take_long != NULL &&
			    t->take_long(t->take_long_ctx, line)) {
				const char *p;

				while (ndjson_long_chunk(r, &p) > 0)
					continue;
				continue;
			}
			e.code = EXC_LINE_TOO_LONG;
			snprintf(msg, sizeof(msg), "the line is longer than "
			    "%zu bytes (--max-line)", t->max_line);
			exc_write_long_redacted(&t->exc, t->name, &e, line, r,
			    t->redact);
			break;
		}
		count_held(t, e.code);
	}
}

struct ndjson_reader *
tool_open_side(struct tool *t, const char *option, const char *const *file)
{
	/* the reader only reads the name */
	struct ndjson_reader *r = ndjson_open((char *const *)file, 1,
	    t->max_line);

	ndjson_name_option(r, option);
	return r;
}

void
tool_close_side(struct tool *t, struct ndjson_reader *r)
{
	t->trouble |= ndjson_trouble(r);
	ndjson_close(r);
}

void
tool_pass(struct tool *t, const json_t *record)
{
	if (record == NULL)	/* a value jansson refused to make */
		die("internal error: a record could not be made");
	if (record == t->record)
		jtree_write(&t->out, t->tree, 0, record);
	else
		jsonw_value(&t->out, record);
	tool_pass_written(t);
}

void
tool_pass_written(struct tool *t)
{
	writer_end_record(&t->out);
	t->written++;
}

void
tool_hold(struct tool *t, const struct ndjson_line *line,
    const struct exception *e, const json_t *record)
{
	if (t->exc.fd == STDERR_FILENO)
		progress_clear(t);
	exc_write_record_redacted(&t->exc, t->name, e, line, record,
	    t->redact);
	count_held(t, e->code);
}

void
tool_finding(struct tool *t, enum exc_code code)
{
	t->findings++;
	t->found_by_code[code]++;
}

unsigned long *
tool_counter(struct tool *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncounters; i++)
		if (strcmp(t->counter_name[i], name) == 0)
			return &t->counter[i];
	if (t->ncounters == TOOL_MAX_COUNTERS)
		die("internal error: too many counters");
	t->counter_name[t->ncounters] = name;
	return &t->counter[t->ncounters++];
}

double
tool_seconds(const struct tool *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->started.tv_sec) +
	    (double)(now.tv_nsec - t->started.tv_nsec) / 1e9;
}

/* One line, in one write: it must not be cut by an envelope on the same
 * stderr. */
static void
print_stats(struct tool *t)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;
	const char *sep = "";

	buf_printf(&b, "{\"tool\":\"%s\",\"read\":%lu,\"written\":%lu,"
	    "\"held\":%lu,\"blank\":%lu,\"held_by_code\":{", t->name, t->read,
	    t->written, t->held, t->blank);
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++)
		if (t->held_by_code[i] > 0) {
			buf_printf(&b, "%s\"%s\":%lu", sep, exc_codes[i].name,
			    t->held_by_code[i]);
			sep = ",";
		}
	buf_addc(&b, '}');
	for (i = 0; i < t->ncounters; i++)
		buf_printf(&b, ",\"%s\":%lu", t->counter_name[i],
		    t->counter[i]);
	buf_printf(&b, ",\"seconds\":%.3f}\n", tool_seconds(t));
	if (writer_once(t->stats_fd, b.p, b.len) != 0 && t->stats_file)
		warnmsg("write error: %s: %s", t->stats_file,
		    strerror(errno));
	buf_free(&b);
}

void
tool_hold_output(struct tool *t)
{
	t->hold = t->out.held = t->exc.held = 1;
}

void
tool_release_output(struct tool *t)
{
	t->hold = t->out.held = t->exc.held = 0;
}

static void
note(struct tool *t, enum tool_note_kind kind, const char *reason)
{
	size_t i;

	for (i = 0; i < t->nnotes; i++)
		if (t->notes[i].kind == kind &&
		    strcmp(t->notes[i].reason, reason) == 0)
			return;
	if (t->nnotes < TOOL_MAX_NOTES)
		t->notes[t->nnotes++] = (struct tool_note){ kind, reason };
}

void
tool_refuse(struct tool *t, const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnmsg(fmt, ap);	/* escaped, whole, the progress line down */
	va_end(ap);
	if (t->in != NULL) {
		writer_discard(&t->out);
		writer_discard(&t->exc);
	}
	trouble_exit(t, reason);
}

void
tool_tell(struct tool *t, enum tool_note_kind kind, const char *reason,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnmsg(fmt, ap);	/* escaped, whole, the progress line down */
	va_end(ap);
	note(t, kind, reason);
}

void
tool_need_rows(struct tool *t, const char *option, const char *file,
    size_t rows)
{
	if (rows == 0 && !t->allow_empty)
		tool_refuse(t, "empty_table", "%s %s: no rows, only a header "
		    "or nothing: a failed export? Refused; --allow-empty runs "
		    "with it", option, file);
}

int
tool_empty_file(const char *file)
{
	struct stat st;

	return stat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

void
tool_need_header(struct tool *t, const char *option, const char *file)
{
	if (tool_empty_file(file))
		tool_refuse(t, "empty_table", "%s %s: an empty file, not even "
		    "a header: a failed export? Refused; a table meant to have "
		    "no rows gives its header line, with --allow-empty",
		    option, file);
}

void
tool_flush(struct tool *t)
{
	struct stat st;

	writer_flush(&t->out);
	writer_flush(&t->exc);
	/* a file of updates reaches the disk before a state that follows */
	if (fstat(t->out.fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    fsync(t->out.fd) != 0)
		die("write error: standard output: %s", strerror(errno));
}

int
tool_finish(struct tool *t)
{
	int trouble = t->trouble || ndjson_trouble(t->in);
	int status = trouble ? 2 : t->held > 0 || t->findings > 0 ? 1 : 0;

	/* a signal after the last record: the run is whole, but was told
	 * to stop, and says so as a shell expects */
	if (diag_stopping())
		status = 128 + diag_stopping();

	if (status == 2)	/* an input unreadable, in part or whole */
		note(t, TOOL_REFUSED, "input");
	t->blank = ndjson_blank_lines(t->in);
	progress_end(t);
	tool_release_output(t);
	writer_close(&t->out);
	if (t->exceptions_file != NULL)
		writer_close(&t->exc);
	else
		writer_release(&t->exc);
	if (t->stats)
		print_stats(t);
	if (t->stats_file != NULL)
		(void)close(t->stats_fd);
	if (t->metrics_file != NULL)
		tool_write_metrics(t->metrics_file, t, status);
	ndjson_close(t->in);
	t->in = NULL;
	redact_free(t->redact);
	t->redact = NULL;
	return status;
}
