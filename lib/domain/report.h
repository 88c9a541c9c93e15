/*
 * report: the daily check. Reads the kit's exception envelopes and
 * reconcile's discrepancy records and counts the items they are: one item
 * per distinct key (the envelope's "key", else the same computed from it),
 * with the first and last time it was held (its envelopes' "at") and how
 * many times. An item whose envelopes have no "at" (written before the
 * kit wrote one) is undated: counted, in an "undated" bucket, never dated
 * by a file's time. Records that passed in later runs resolve the open
 * items of their reference. A finding's item shows its facts
 * (reconcile_facts'), in short on the page and in the summary, whole in
 * the items. Writes a self-contained HTML page (inline CSS and SVG, no
 * script, nothing fetched) that reads on a phone, a plain-text summary for
 * email, and the open items as CSV or NDJSON for a spreadsheet.
 */
#ifndef WMSKIT_REPORT_H
#define WMSKIT_REPORT_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "hash.h"
#include "jtree.h"
#include "writer.h"

struct report_item;

struct report {
	struct report_item *items;	/* open ones first after finish */
	size_t nitems, itemcap;
	size_t open;		/* after report_finish */
	unsigned long undated;	/* open items without a time */
	unsigned long left_out;	/* envelopes outside the window */
	struct buf strings;	/* the items' texts, end to end */
	size_t oldest;		/* how many oldest items a table lists */
	char date[11];		/* the report's day, "YYYY-MM-DD" */
	int64_t as_of, from;	/* the window of "at" counted */
	struct hash *keys;	/* key to its item index */
	struct hash *passed;	/* reference to its passed_at index */
	int64_t *passed_at;
	size_t npassed, passedcap;
	struct buf tmp, ref, brief, facts;
	struct jtree start;	/* the start of a line too long */
};

/* since: the window's length in seconds before as_of, or -1 for all. */
void report_init(struct report *r, int64_t as_of, int64_t since,
    size_t oldest);
void report_free(struct report *r);
/* Adds a record; 0 when it is neither an envelope nor a discrepancy. */
int report_add(struct report *r, const json_t *rec);
/*
 * Adds the envelope whose line starts with text, as the part of a line
 * too long to read whole (a line_too_long envelope of a line over the
 * limit): its exception object, which comes first, is read, the rest is
 * not. 0 when the start is not {"exception":{...}.
 */
int report_add_start(struct report *r, const char *text, size_t len);
/*
 * A record that passed at time when (the line text it was read from): it
 * resolves the items of its reference (exc_ref's) last held at or before
 * when, if when is not after the report's time. Envelopes are ignored.
 */
void report_passed(struct report *r, const json_t *rec, const char *text,
    size_t len, int64_t when);
/* Settles the items once everything is read: call before writing. */
void report_finish(struct report *r);
void report_html(struct report *r, struct writer *w);
void report_text(struct report *r, struct writer *w);
/*
 * The open items, oldest first, as CSV with a header, or as NDJSON. A CSV
 * cell that a spreadsheet would take for a formula starts with a '.
 */
void report_items_csv(struct report *r, struct writer *w);
void report_items_ndjson(struct report *r, struct writer *w);

#endif
