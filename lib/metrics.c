#include <string.h>
#include <time.h>

#include "atomicfile.h"
#include "buf.h"
#include "metrics.h"
#include "tool.h"
#include "xalloc.h"

static void
family(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* name{tool="…"[,label="value"]} value: label values are plain words */
static void
sample(struct buf *b, const char *name, const char *tool, const char *labels,
    unsigned long value)
{
	buf_printf(b, "%s{tool=\"%s\"%s%s} %lu\n", name, tool,
	    *labels ? "," : "", labels, value);
}

/* What made the run differ from the routine: 1 for each reason. */
static void
notes(struct buf *b, const struct tool *t)
{
	static const char *const name[] = { "wmskit_refused", "wmskit_forced",
	    "wmskit_warning" };
	static const char *const help[] = {
	    "The last run refused its input (exit 2), by reason.",
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
			sample(b, name[k], t->name, label.p, 1);
		}
	}
	buf_free(&label);
}

void
metrics_write(const char *path, const struct tool *t, int status)
{
	struct atomic_file f;
	struct buf b = { NULL, 0, 0 }, label = { NULL, 0, 0 };
	size_t i;

	family(&b, "wmskit_records", "Records of the last run, by outcome.");
	sample(&b, "wmskit_records", t->name, "outcome=\"read\"",
	    t->read);
	sample(&b, "wmskit_records", t->name, "outcome=\"written\"",
	    t->written);
	sample(&b, "wmskit_records", t->name, "outcome=\"held\"",
	    t->held);
	sample(&b, "wmskit_records", t->name, "outcome=\"blank\"",
	    t->blank);
	family(&b, "wmskit_held", "Records held in the last run, by code "
	    "and owner.");
	for (i = 0; i < exc_ncodes; i++) {
		if (t->held_by_code[i] == 0)
			continue;
		buf_reset(&label);
		buf_printf(&label, "code=\"%s\",owner=\"%s\"",
		    exc_codes[i].code, exc_codes[i].owner);
		sample(&b, "wmskit_held", t->name, label.p,
		    t->held_by_code[i]);
	}
	family(&b, "wmskit_count", "The program's own counts of the last "
	    "run.");
	for (i = 0; i < t->ncounters; i++) {
		buf_reset(&label);
		buf_printf(&label, "name=\"%s\"", t->counter_name[i]);
		sample(&b, "wmskit_count", t->name, label.p,
		    t->counter[i]);
	}
	notes(&b, t);
	family(&b, "wmskit_run_seconds", "How long the last run took.");
	buf_printf(&b, "wmskit_run_seconds{tool=\"%s\"} %.6f\n", t->name,
	    tool_seconds(t));
	family(&b, "wmskit_last_run_timestamp_seconds", "When the last run "
	    "ended, in seconds since the epoch.");
	sample(&b, "wmskit_last_run_timestamp_seconds", t->name, "",
	    (unsigned long)time(NULL));
	family(&b, "wmskit_exit_status", "The last run's exit status: 0 "
	    "passed, 1 held, 2 trouble.");
	sample(&b, "wmskit_exit_status", t->name, "", (unsigned long)status);
	atomic_open(&f, path, ATOMIC_PUBLIC);
	writer_add(&f.w, b.p, b.len);
	f.w.committed = f.w.len;
	atomic_commit(&f);
	buf_free(&b);
	buf_free(&label);
}
