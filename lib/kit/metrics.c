#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomicfile.h"
#include "buf.h"
#include "num.h"
#include "tool.h"
#include "xalloc.h"

#define LAST_SUCCESS "wmskit_last_success_timestamp_seconds"

static void
family(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* A label value as the text format quotes it: \, " and newline escaped. */
static void
label_value(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++)
		if (*v == '\\' || *v == '"')
			buf_printf(b, "\\%c", *v);
		else if (*v == '\n')
			buf_printf(b, "\\n");
		else
			buf_addc(b, *v);
}

/* name{tool="…"[,label="value"][,--metrics-label…]} value; the kit's own
 * label values are plain words. */
static void
series(struct buf *b, const char *name, const struct tool *t,
    const char *labels)
{
	size_t i;

	buf_printf(b, "%s{tool=\"%s\"%s%s", name, t->name, *labels ? "," : "",
	    labels);
	for (i = 0; i < t->nlabels; i++) {
		buf_printf(b, ",%.*s=\"", (int)t->labels[i].len,
		    t->labels[i].name);
		label_value(b, t->labels[i].value);
		buf_addc(b, '"');
	}
	buf_addc(b, '}');
}

static void
sample(struct buf *b, const char *name, const struct tool *t,
    const char *labels, unsigned long value)
{
	series(b, name, t, labels);
	buf_printf(b, " %lu\n", value);
}

/* What made the run differ from the routine: 1 for each reason. */
static void
notes(struct buf *b, const struct tool *t)
{
	static const char *const name[] = { "wmskit_refused", "wmskit_forced",
	    "wmskit_warning" };
	static const char *const help[] = {
	    ("The last run stopped with exit status 2, by reason: a safety "
	    "limit, usage, input, error or output_closed."),
	    "The last run passed a safety limit because of --force, by reason.",
	    "The last run warned of an input, by reason." };
	struct buf label = { NULL, 0, 0 };
	size_t i, k;
	int any;

	for (k = 0; k < 3; k++) {
		any = 0;
		for (i = 0; i < t->nnotes; i++) {
			if (t->notes[i].kind != (enum tool_note_kind)k)
				continue;
			if (!any++)
				family(b, name[k], help[k]);
			buf_reset(&label);
			buf_printf(&label, "reason=\"%s\"", t->notes[i].reason);
			sample(b, name[k], t, label.p, 1);
		}
	}
	buf_free(&label);
}

/*
 * The last success of the file that this run replaces: the file is all
 * the memory a run has of the ones before. 0 when there is none (never a
 * success: the staleness alert fires, as it should).
 */
static unsigned long
last_success(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0, n = strlen(LAST_SUCCESS);
	uint64_t v = 0;
	const char *p, *end;

	if (f == NULL)
		return 0;
	while (getline(&text, &cap, f) > 0) {
		if (strncmp(text, LAST_SUCCESS, n) != 0 ||
		    (text[n] != '{' && text[n] != ' '))
			continue;
		/* the value follows the last space: label values may have
		 * spaces, and come before it */
		if ((p = strrchr(text, ' ')) != NULL &&
		    (num_uint64(p + 1, ULONG_MAX, &v, &end) != NUM_OK ||
		    (*end != '\n' && *end != '\0')))
			v = 0;
		break;
	}
	free(text);
	fclose(f);
	return v;
}

void
tool_write_metrics(const char *path, const struct tool *t, int status)
{
	struct atomic_file f;
	struct buf b = { NULL, 0, 0 }, label = { NULL, 0, 0 };
	unsigned long now = (unsigned long)time(NULL), success;
	size_t i;

	success = status == 0 || status == 1 ? now : last_success(path);
	family(&b, "wmskit_records", "Records of the last run, by outcome.");
	sample(&b, "wmskit_records", t, "outcome=\"read\"", t->read);
	sample(&b, "wmskit_records", t, "outcome=\"written\"", t->written);
	sample(&b, "wmskit_records", t, "outcome=\"held\"", t->held);
	sample(&b, "wmskit_records", t, "outcome=\"blank\"", t->blank);
	/* every code, at 0 too: a series that comes and goes is an alert
	 * that cannot tell "none" from "not measured" */
	family(&b, "wmskit_held", "Records held and findings of the last "
	    "run, by code and owner.");
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++) {
		buf_reset(&label);
		buf_printf(&label, "code=\"%s\",owner=\"%s\"",
		    exc_codes[i].name, exc_owners[exc_codes[i].owner]);
		sample(&b, "wmskit_held", t, label.p, t->held_by_code[i] +
		    t->found_by_code[i]);
	}
	if (t->ncounters > 0)
		family(&b, "wmskit_counted", "The program's own counts of the "
		    "last run, by name.");
	for (i = 0; i < t->ncounters; i++) {
		buf_reset(&label);
		buf_printf(&label, "name=\"%s\"", t->counter_name[i]);
		sample(&b, "wmskit_counted", t, label.p, t->counter[i]);
	}
	notes(&b, t);
	family(&b, "wmskit_run_seconds", "How long the last run took.");
	series(&b, "wmskit_run_seconds", t, "");
	buf_printf(&b, " %.6f\n", tool_seconds(t));
	family(&b, "wmskit_last_run_timestamp_seconds", "When the last run "
	    "ended, in seconds since the epoch.");
	sample(&b, "wmskit_last_run_timestamp_seconds", t, "", now);
	family(&b, LAST_SUCCESS, "When the last run that exited 0 or 1 "
	    "ended, in seconds since the epoch; 0 for never.");
	sample(&b, LAST_SUCCESS, t, "", success);
	family(&b, "wmskit_exit_status", "The last run's exit status: 0 "
	    "passed, 1 held, 2 trouble.");
	sample(&b, "wmskit_exit_status", t, "", (unsigned long)status);
	atomic_open(&f, path, ATOMIC_PUBLIC);
	writer_add(&f.w, b.p, b.len);
	f.w.committed = f.w.len;
	atomic_commit(&f);
	buf_free(&b);
	buf_free(&label);
}
