/*
 * tool: what every program of the kit shares around its record loop.
 *
 * The common options (-h -V -u -x FILE --stats[=FILE] --metrics FILE
 * --metrics-label KEY=VALUE --progress --label NAME --max-line SIZE
 * --redact PATH --redact-personal --mode MODE), the input
 * (operands, or stdin), the output writer, the exception sink (-x FILE
 * appended, else stderr), the counts, the --stats line and the exit status:
 * 0 every record passed, 1 a record was held, 2 trouble. Lines that are not
 * JSON objects are held here, so a program's loop sees only objects.
 *
 *	tool_init(&t, "name", usage, argc, argv);
 *	optind = opt_parse(&t, opts, argc, argv);	(opt.h)
 *	tool_start(&t, argc - optind, argv + optind);
 *	while (tool_next(&t, &line)) ... tool_pass() or tool_hold() ...
 *	return tool_finish(&t);
 */
#ifndef WMSKIT_TOOL_H
#define WMSKIT_TOOL_H

#include <stdnoreturn.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "ndjson.h"
#include "order.h"
#include "path.h"
#include "redact.h"
#include "writer.h"

#define WMSKIT_VERSION "0.1.0"

/* The codes of the common options that have no letter, for tool_option:
 * opt_common's rows and OPT_ROW_ALLOW_EMPTY, OPT_ROW_DELIMITER (opt.h). */
enum {
	TOOL_OPT_STATS = 0x100,
	TOOL_OPT_MAX_LINE,
	TOOL_OPT_METRICS,
	TOOL_OPT_ALLOW_EMPTY,	/* for the programs that read tables */
	TOOL_OPT_DELIMITER,	/* for the programs that read tables */
	TOOL_OPT_REDACT,
	TOOL_OPT_REDACT_PERSONAL,
	TOOL_OPT_MODE,
	TOOL_OPT_METRICS_LABEL,
	TOOL_OPT_PROGRESS,
	TOOL_OPT_LABEL
};

enum { TOOL_MAX_COUNTERS = 16, TOOL_MAX_NOTES = 8, TOOL_MAX_LABELS = 16 };

/*
 * Why a run differed from the routine, for --metrics: a refusal (exit 2:
 * a safety limit, or "usage", "input", "error", "output_closed"), a limit
 * passed by --force, a warning about an input.
 */
enum tool_note_kind { TOOL_REFUSED, TOOL_FORCED, TOOL_WARNED };

struct tool_note {
	enum tool_note_kind kind;
	const char *reason;	/* a plain word, such as "empty_table" */
};

/* --metrics-label: a label that every series of --metrics carries. */
struct tool_label {
	const char *name;	/* its first len bytes, as given */
	size_t len;
	const char *value;
};

struct tool {
	const char *name;
	const char *usage;	/* synopsis, blank line, options */
	int argc;		/* the command line, for a usage error before */
	char **argv;		/* --metrics was reached */
	const char *exceptions_file;
	const char *metrics_file;
	struct tool_label labels[TOOL_MAX_LABELS];
	size_t nlabels;
	const char *stats_file;	/* --stats=FILE, or NULL for stderr */
	int stats_fd;		/* open from tool_start */
	const char *label;	/* --label: standard input's name, or NULL */
	int progress;		/* --progress, and stderr is a terminal */
	struct timespec progress_at;	/* when the line was last drawn */
	int progress_shown;
	unsigned long long bytes;	/* of the lines read, for --progress */
	size_t max_line;
	int stats, unbuffered, trouble;
	int allow_empty;	/* --allow-empty */
	struct redact *redact;	/* --redact, --redact-personal, or NULL */
	int redact_personal;
	mode_t record_mode;	/* of a new file of records, for atomic_open:
				 * ATOMIC_PRIVATE, or --mode | ATOMIC_EXACT */
	const struct order_shape *shape;	/* by --shape, or NULL */
	int hold;		/* tool_hold_output, before or after tool_start */
	struct ndjson_reader *in;
	/* the record read last and its line: tool_pass writes it as it came
	 * but for what the program changed */
	const json_t *record;
	const struct jtree *tree;
	struct writer out, exc;
	unsigned long read, written, held, blank;
	unsigned long findings;	/* results for a person: exit 1 as held */
	unsigned long held_by_code[EXC_NCODES];
	unsigned long found_by_code[EXC_NCODES];	/* by tool_finding */
	const char *counter_name[TOOL_MAX_COUNTERS];
	unsigned long counter[TOOL_MAX_COUNTERS];
	size_t ncounters;
	/* a line over --max-line that the program takes itself from its
	 * first bytes (wmsreport: an envelope's exception comes first);
	 * 1 taken, the rest of the line is skipped; 0 held as too long */
	int (*take_long)(void *ctx, const struct ndjson_line *line);
	void *take_long_ctx;
	struct tool_note notes[TOOL_MAX_NOTES];
	size_t nnotes;
	struct timespec started;
};

void tool_init(struct tool *t, const char *name, const char *usage,
    int argc, char **argv);
/* A common option, or a usage error (exit 2) for anything else. */
void tool_option(struct tool *t, int c, const char *arg);
noreturn void tool_usage_error(struct tool *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends --help or --version: 0, or 2 with a message on a write error. */
noreturn void tool_exit_flushed(void);
/* Replaces *p by the path text of option, or a usage error. */
void tool_path(struct tool *t, struct path **p, const char *text);
/* Appends the path text of a repeatable option to the list *v of *n
 * paths, or a usage error; the first use (*given 0, then 1) replaces the
 * defaults. */
void tool_path_add(struct tool *t, struct path ***v, size_t *n, int *given,
    const char *text);
/* The order shape named by --shape, or a usage error; --redact-personal
 * takes its personal data (every shape's when a program has none). */
const struct order_shape *tool_shape(struct tool *t, const char *name);
/* Overrides field of the order model with the path text of option, or a
 * usage error. */
void tool_model_path(struct tool *t, struct order_model *m,
    const char *field, const char *text);
/* Parses a number option within [min, max], or a usage error. */
long tool_number(struct tool *t, const char *option, const char *arg,
    long min, long max);

/*
 * A safety limit that an option moves (wmskit(7), Safety limits): at most
 * n records, or, with share, at most n hundredths of a percent of a total.
 * Unset (all zero), the program's default rule holds; given, the option
 * replaces that rule with its one bound, so that what it says is what
 * passes: "--max-zero 30%" allows 30% of the total, whatever its count.
 */
struct tool_limit {
	int set, share;
	unsigned long n;
	const char *text;	/* as given, for messages */
};

/* The text of a limit, "N" or "P%" (P from 0 to 100, two decimals at
 * most, no sign or space), into *l; 0 when it is neither. */
int tool_limit_parse(struct tool_limit *l, const char *text);
/* The same for option, or a usage error. */
void tool_limit(struct tool *t, struct tool_limit *l, const char *option,
    const char *arg);
/* The most records that l, given, lets through of total: a share counts
 * whole records, so 10% of 19 is 1. */
unsigned long tool_limit_allowed(const struct tool_limit *l,
    unsigned long total);
/* Who sets the limit, for a refusal's "more than the 5 that ...": appends
 * "--max-zero 5 allows", or "--max-zero allows by default" when unset. */
void tool_limit_by(const struct tool_limit *l, const char *option,
    struct buf *b);

void tool_start(struct tool *t, int nfiles, char **files);
/* The next object record; 0 at the end. Other lines are held here. */
int tool_next(struct tool *t, struct ndjson_line *line);
/* As tool_next, from a reader of the program's own, such as a second
 * input given by an option (tool_open_side). */
int tool_next_from(struct tool *t, struct ndjson_reader *r,
    struct ndjson_line *line);
/*
 * A second input, a file an option names, read with tool_next_from.
 * *file must outlive the reader, whose lines name it. The reader's
 * messages about the file name option ("--wms x: No such file or
 * directory"); a file that cannot be opened reads as none and is
 * trouble. tool_close_side
 * closes it; a file not read whole is t->trouble: half a side would make
 * records look missing.
 */
struct ndjson_reader *tool_open_side(struct tool *t, const char *option,
    const char *const *file);
void tool_close_side(struct tool *t, struct ndjson_reader *r);
/* Writes record to the output: the record read last as its line, with
 * only what the program changed in it written anew (jtree_write); any
 * other record as jsonw writes it. */
void tool_pass(struct tool *t, const json_t *record);
/* Ends a record that the program wrote to t->out itself (text it copies
 * from its input). */
void tool_pass_written(struct tool *t);
void tool_hold(struct tool *t, const struct ndjson_line *line,
    const struct exception *e, const json_t *record);
/* Counts a finding of code: a result for a person,
 * passed on as a record, that makes the exit status 1 and shows in
 * --metrics as wmskit_held does. */
void tool_finding(struct tool *t, enum exc_code code);
/* Whether text is a label name for Prometheus, [a-zA-Z_][a-zA-Z0-9_]*,
 * and not one of the kit's own or reserved (__*). */
int tool_label_name(const char *text, size_t len);
/* A named count for --stats, starting at zero. */
unsigned long *tool_counter(struct tool *t, const char *name);
/*
 * Safety limits (wmskit(7)). tool_hold_output keeps every record and
 * envelope in memory from then on, so that a run can still refuse what it
 * made; tool_release_output lets them go. tool_refuse says why on stderr,
 * drops what was held, writes --metrics with the reason and exits 2;
 * before tool_start it refuses before anything is read. tool_forced says
 * on stderr that --force took the run past a limit; tool_warn warns of an
 * input once. Both go into --metrics with their reason.
 */
void tool_hold_output(struct tool *t);
void tool_release_output(struct tool *t);
noreturn void tool_refuse(struct tool *t, const char *reason,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The message on stderr, and a note of kind for reason (once a reason). */
void tool_tell(struct tool *t, enum tool_note_kind kind, const char *reason,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define tool_forced(t, why, ...) tool_tell(t, TOOL_FORCED, why, __VA_ARGS__)
#define tool_warn(t, why, ...) tool_tell(t, TOOL_WARNED, why, __VA_ARGS__)
/* A table or side file of option with no rows: refused as empty_table
 * unless --allow-empty. */
void tool_need_rows(struct tool *t, const char *option, const char *file,
    size_t rows);
/* Whether file is a regular file of no bytes: what a failed export leaves,
 * told apart from a CSV without its header. */
int tool_empty_file(const char *file);
/* A table that is such a file: refused as empty_table, even with
 * --allow-empty (a table meant to have no rows keeps its header). */
void tool_need_header(struct tool *t, const char *option, const char *file);
/* Writes out what is buffered: before a state that must follow it. */
void tool_flush(struct tool *t);
/* Seconds since tool_init. */
double tool_seconds(const struct tool *t);
/* Flushes, closes, prints --stats; returns the exit status. */
int tool_finish(struct tool *t);

/*
 * --metrics (metrics.c, a part of this module): the run's numbers in the
 * Prometheus text format, for node_exporter's textfile collector: records
 * by outcome, held records and
 * findings by code and owner (every code, 0 too), the program's own counts,
 * why a run stopped with status 2, the run's duration, its end time, the
 * end time of the last run that exited 0 or 1 (read back from the file
 * it replaces) and the exit status. Every series carries tool="…" and the
 * --metrics-label labels. Every value is of the last run (gauges), and the
 * file is replaced atomically, so a scrape never sees half of it;
 * `promtool check metrics` passes it. Writes t's numbers and the exit
 * status to path, replacing it.
 */
void tool_write_metrics(const char *path, const struct tool *t, int status);

#endif
