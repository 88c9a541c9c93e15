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
	atomic_open(&f, path);
	writer_add(&f.w, b.p, b.len);
	f.w.committed = f.w.len;
	atomic_commit(&f);
	buf_free(&b);
	buf_free(&label);
}
