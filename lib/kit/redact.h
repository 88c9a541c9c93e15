/*
 * redact: keeps personal data out of exception envelopes (--redact PATH,
 * --redact-personal), so that a held order can be fixed from a file that
 * lives for weeks without that file holding the customer's details.
 *
 * Each value a path reaches in a held record is replaced by the string
 * REDACT_MARK, whatever its type (an object goes whole), but null, true
 * and false, which say nothing of a person; a member the record lacks
 * stays absent. The same values are marked where the envelope repeats
 * them (the exception's value and detail members). A record that is not
 * an object is marked whole, and the text of a line that is not JSON
 * gives way to a mark with its length in bytes: no path can say where
 * the personal data in them is. Only envelopes are redacted: a record
 * passed on is what the next system needs.
 */
#ifndef WMSKIT_REDACT_H
#define WMSKIT_REDACT_H

#include <stddef.h>

#include <jansson.h>

#define REDACT_MARK "[redacted]"

struct order_shape;
struct redact;

struct redact *redact_new(void);
void redact_free(struct redact *r);
/* Adds a path as an option gives it: 0 with *err (to free) if bad. */
int redact_add(struct redact *r, const char *text, char **err);
/* Adds the personal-data paths of shape, or of every shape when NULL:
 * its personal paths, and the personal members of its addresses. */
void redact_add_personal(struct redact *r, const struct order_shape *shape);
/* Whether r (which may be NULL) redacts anything. */
int redact_any(const struct redact *r);
/*
 * Finds the values to mark in record, the held record of an envelope,
 * forgetting those of the last one. Then redact_copy(r, v) gives, for
 * record or any value within it, a copy with them marked: a new
 * reference (to v itself where nothing was found).
 */
void redact_find(struct redact *r, const json_t *record);
json_t *redact_copy(const struct redact *r, const json_t *v);
/* The mark for len bytes of a line's text: "[redacted: 1234 bytes]"
 * into buf, which has REDACT_TEXT_MAX bytes. Returns its length. */
enum { REDACT_TEXT_MAX = 64 };
size_t redact_text_mark(char *buf, unsigned long long len);

#endif
