/*
 * exception: the envelope that holds a record the kit will not pass on.
 *
 *   {"exception":{"tool":…,"code":…,"owner":…,"message":…,"source":…,
 *    "line":…[,"path":…,"value":…][,detail members…],"key":…,"at":…},
 *    "record":<as it came>}
 *
 * A line that is not JSON keeps its text in "raw", or in "raw_base64" when
 * it is not valid UTF-8 or is over the line limit (streamed, never held
 * whole). Every code has one owner and one action, in one table here that
 * wmskit(7) reproduces (a test checks that they agree).
 *
 * "at" is the UTC time of writing, or $SOURCE_DATE_EPOCH when that is a
 * number of seconds (so that tests and reproducible runs are exact).
 * "key" is the problem's identity, the same in every run: tool/code/ref,
 * where ref is what exc_ref gives.
 */
#ifndef WMSKIT_EXCEPTION_H
#define WMSKIT_EXCEPTION_H

#include <stdarg.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "ndjson.h"
#include "redact.h"
#include "writer.h"

/* The codes, as an enum so that a misspelt code does not compile. */
enum exc_code {
	EXC_NONE,	/* no exception (a zeroed struct exception) */
	EXC_AMBIGUOUS_SHIP_METHOD,
	EXC_AMBIGUOUS_SKU,
	EXC_BAD_EVENT,
	EXC_BAD_FIELD,
	EXC_BAD_JSON,
	EXC_BAD_PRICE,
	EXC_BAD_QUANTITY,
	EXC_BAD_SKU,
	EXC_CANCELLED_BUT_ACTIVE,
	EXC_CANCELLED_IN_WMS,
	EXC_CANCELLED_ORDER,
	EXC_CHILD_BEFORE_PARENT,
	EXC_CONFLICTING_SHIPMENT,
	EXC_DISPATCHED_NOT_FULFILLED,
	EXC_DUPLICATE_ID,
	EXC_DUPLICATE_LISTING,
	EXC_DUPLICATE_ORDER,
	EXC_DUPLICATE_SKU,
	EXC_EDIT_AFTER_DISPATCH,
	EXC_EDIT_DURING_PICK,
	EXC_FULFILLED_NOT_DISPATCHED,
	EXC_LINE_TOO_LONG,
	EXC_MISSING_COMPONENT_STOCK,
	EXC_MISSING_IN_STORE,
	EXC_MISSING_IN_WMS,
	EXC_MISSING_SHIP_METHOD,
	EXC_MISSING_SKU,
	EXC_NO_FIELD,
	EXC_NO_FULFILLMENT_LINE,
	EXC_NO_SERVICE_CODE,
	EXC_NOT_AN_ITEM,
	EXC_NOT_AN_OBJECT,
	EXC_NOT_IN_STOREFRONT,
	EXC_ORDER_NOT_IN_WMS,
	EXC_ORPHAN_CHILD,
	EXC_OVER_SHIPMENT,
	EXC_QUANTITY_MISMATCH,
	EXC_TRACKING_MISMATCH,
	EXC_UNKNOWN_KIT,
	EXC_UNKNOWN_LINE,
	EXC_UNKNOWN_ORDER,
	EXC_UNKNOWN_SKU,
	EXC_UNMAPPED_SHIP_METHOD,
	EXC_UNMAPPED_STATUS,
	EXC_NCODES
};

enum exc_owner { EXC_OPS, EXC_ECOMMERCE, EXC_FINANCE, EXC_INTEGRATION };

struct exc_code_info {
	const char *name;	/* as in envelopes: "unknown_sku" */
	enum exc_owner owner;
	const char *action;
};

/* Indexed by code; [EXC_NONE] has an empty name. */
extern const struct exc_code_info exc_codes[EXC_NCODES];
/* "ops", "ecommerce", "finance", "integration", indexed by owner. */
extern const char *const exc_owners[];

/* The code of name, as read from an envelope; EXC_NONE if none. */
enum exc_code exc_find(const char *name);

/*
 * What a record is held for. The message is formatted into msgbuf, and a
 * path that has to be built can be built in pathbuf: the exception owns
 * that text, so that no caller keeps buffers for it. A zeroed struct
 * exception is empty and valid; holding again reuses its buffers, so a
 * record loop allocates nothing once warm. exc_free releases them.
 */
struct exception {
	enum exc_code code;	/* EXC_NONE: nothing held */
	const char *message;
	const char *path;	/* the failing field, or NULL */
	const json_t *value;	/* its value, or NULL */
	const json_t *detail;	/* an object of further members, or NULL */
	struct buf msgbuf, pathbuf;
};

/*
 * The reference of a record for the key, into out: the text of its first
 * member among shipment_id, name, increment_id, order_ref, reference and
 * sku that is a non-empty string or an integer; else "fnv1a64:" and the
 * FNV-1a 64 hash of the line's text in 16 hex digits. wmsreport computes
 * it of a record that passed, to find what it resolves.
 */
void exc_ref(struct buf *out, const json_t *record, const char *text,
    size_t len);
/* t as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void exc_time_text(int64_t t, char *out);
/* The time an envelope is written: now, or $SOURCE_DATE_EPOCH. */
int64_t exc_now(void);

/*
 * Fills e: code, a message formatted into e's own buffer, and the failing
 * field's path and value (NULL where none; path may be e->pathbuf.p).
 * Returns 0, so that a check can end in "return exc_hold(...)".
 */
int exc_hold(struct exception *e, enum exc_code code, const char *path,
    const json_t *value, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int exc_vhold(struct exception *e, enum exc_code code, const char *path,
    const json_t *value, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* Adds to the message held, for one built in parts. */
void exc_add(struct exception *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void exc_vadd(struct exception *e, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Nothing held any more; the buffers are kept for the next hold. */
void exc_clear(struct exception *e);
void exc_free(struct exception *e);

/* Holds record, read from line, as it came in. */
void exc_write_record(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    const json_t *record);
/* Holds a line that is not a record: its text as raw or raw_base64. */
void exc_write_raw(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line);
/* Holds a line over the limit, streaming the rest of it from r. */
void exc_write_long(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    struct ndjson_reader *r);
/*
 * The same, redacted by red (redact.h; NULL or empty redacts nothing):
 * the values it names are marked, and the text of a line that is not
 * JSON is replaced by a mark with its length.
 */
void exc_write_record_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    const json_t *record, struct redact *red);
void exc_write_raw_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    const struct redact *red);
void exc_write_long_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    struct ndjson_reader *r, const struct redact *red);

#endif
