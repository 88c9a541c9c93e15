/*
 * report: the daily check. Reads the kit's exception envelopes and
 * reconcile's discrepancy records, counts them by owner, code and day,
 * and writes a self-contained HTML page (inline CSS and SVG, no script,
 * nothing fetched) and a plain-text summary for email. Each item's day is
 * that of the record's own time (created_at, dispatched_at, updated_at,
 * in that order), else the day of the file it came from.
 */
#ifndef WMSKIT_REPORT_H
#define WMSKIT_REPORT_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "hash.h"
#include "writer.h"

struct report_item;

struct report {
	struct report_item *items;
	size_t nitems, itemcap;
	struct buf strings;	/* the items' texts, end to end */
	size_t oldest;		/* how many oldest items a table lists */
	char date[11];		/* the report's day, "YYYY-MM-DD" */
	struct buf tmp;
};

void report_init(struct report *r, int64_t as_of, size_t oldest);
void report_free(struct report *r);
/* Adds a record; 0 when it is neither an envelope nor a discrepancy. */
int report_add(struct report *r, const json_t *rec, int64_t file_time);
/*
 * Adds the envelope whose line starts with text, as the part of a line
 * too long to read whole (a line_too_long envelope of a line over the
 * limit): its exception object, which comes first, is read, the rest is
 * not. 0 when the start is not {"exception":{...}.
 */
int report_add_start(struct report *r, const char *text, size_t len,
    int64_t file_time);
void report_html(struct report *r, struct writer *w);
void report_text(struct report *r, struct writer *w);

#endif
