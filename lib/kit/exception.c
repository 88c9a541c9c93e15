#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "exception.h"
#include "isotime.h"
#include "jsonw.h"
#include "num.h"
#include "orderref.h"
#include "utf8.h"
#include "xalloc.h"

/* Sorted by code; wmskit(7) has the same table. */
const struct exc_code_info exc_codes[EXC_NCODES] = {
	[EXC_NONE] = { "", EXC_INTEGRATION, "" },
	[EXC_AMBIGUOUS_SHIP_METHOD] = { "ambiguous_ship_method", EXC_ECOMMERCE,
	    "The order has live shipping lines with different titles; keep "
	    "the one paid for in the storefront, then feed the order back." },
	[EXC_AMBIGUOUS_SKU] = { "ambiguous_sku", EXC_ECOMMERCE,
	    "Several master SKUs fit; set the exact master SKU on the product." },
	[EXC_BAD_EVENT] = { "bad_event", EXC_INTEGRATION,
	    "The event lacks its order reference, shipment id or lines; fix "
	    "the WMS webhook mapping." },
	[EXC_BAD_FIELD] = { "bad_field", EXC_INTEGRATION,
	    "A field of the order is not of the type its shape gives it; "
	    "check --shape, then the producer." },
	[EXC_BAD_JSON] = { "bad_json", EXC_INTEGRATION,
	    "Fix the producer of the line; the text is kept in raw." },
	[EXC_BAD_PRICE] = { "bad_price", EXC_INTEGRATION,
	    "The price is not a decimal in minor units; fix the producer." },
	[EXC_BAD_QUANTITY] = { "bad_quantity", EXC_INTEGRATION,
	    "The quantity is not a whole number as needed; fix the producer." },
	[EXC_BAD_SKU] = { "bad_sku", EXC_INTEGRATION,
	    "The SKU is not a string, or is empty once cleaned; fix it at the "
	    "source." },
	[EXC_CANCELLED_BUT_ACTIVE] = { "cancelled_but_active", EXC_OPS,
	    "Cancelled in the storefront, still active in the WMS: stop the "
	    "pick or the dispatch." },
	[EXC_CANCELLED_IN_WMS] = { "cancelled_in_wms", EXC_INTEGRATION,
	    "The WMS cancelled an order the storefront still has live; find "
	    "why, then cancel it in the storefront or send it again." },
	[EXC_CANCELLED_ORDER] = { "cancelled_order", EXC_OPS,
	    "The order was cancelled in the storefront and is not sent to the "
	    "WMS; if the WMS has it already, cancel it there before it is "
	    "picked." },
	[EXC_CHILD_BEFORE_PARENT] = { "child_before_parent", EXC_INTEGRATION,
	    "A line of a bulk export comes before the parent it names: the "
	    "file was reordered or joined. Export it again and nest the "
	    "file as Shopify wrote it." },
	[EXC_CONFLICTING_SHIPMENT] = { "conflicting_shipment", EXC_OPS,
	    "The WMS sent a shipment again with other lines or quantities; "
	    "check which is right in the WMS before the customer is told." },
	[EXC_DISPATCHED_NOT_FULFILLED] = { "dispatched_not_fulfilled",
	    EXC_INTEGRATION,
	    "Dispatched by the WMS, not fulfilled in the storefront: send the "
	    "fulfilment so the customer is told." },
	[EXC_DUPLICATE_ID] = { "duplicate_id", EXC_INTEGRATION,
	    "Two lines of a bulk export have one id, so the objects with it "
	    "are held whole; the file was joined or is from two runs. Export "
	    "it again." },
	[EXC_DUPLICATE_LISTING] = { "duplicate_listing", EXC_ECOMMERCE,
	    "The storefront lists one SKU more than once; each listing was "
	    "updated. Give each listing its own SKU, or retire one." },
	[EXC_DUPLICATE_ORDER] = { "duplicate_order", EXC_INTEGRATION,
	    "An order is twice in one side's export; the first counts. Fix "
	    "the export." },
	[EXC_DUPLICATE_SKU] = { "duplicate_sku", EXC_OPS,
	    "The SKU has two records; fix the export so that it has one." },
	[EXC_EDIT_AFTER_DISPATCH] = { "edit_after_dispatch", EXC_ECOMMERCE,
	    "The order changed after the WMS dispatched it; arrange the "
	    "return or refund with the customer." },
	[EXC_EDIT_DURING_PICK] = { "edit_during_pick", EXC_OPS,
	    "The order changed while the warehouse picks it; take out or add "
	    "what the message says by hand, before it is packed." },
	[EXC_FULFILLED_NOT_DISPATCHED] = { "fulfilled_not_dispatched",
	    EXC_FINANCE,
	    "Fulfilled in the storefront with no WMS dispatch: do not invoice "
	    "until the dispatch is verified." },
	[EXC_LINE_TOO_LONG] = { "line_too_long", EXC_INTEGRATION,
	    "Check the producer; raise --max-line if the record is genuine." },
	[EXC_MISSING_COMPONENT_STOCK] = { "missing_component_stock", EXC_OPS,
	    "A kit's component has no stock record; its stock is set to 0 "
	    "until the component is in the WMS stock export." },
	[EXC_MISSING_IN_STORE] = { "missing_in_store", EXC_ECOMMERCE,
	    "The WMS holds stock of a SKU the storefront does not list; list "
	    "it, or pass --ignore-missing-store." },
	[EXC_MISSING_IN_WMS] = { "missing_in_wms", EXC_OPS,
	    "The storefront sells a SKU the WMS has no stock record of; its "
	    "stock is set to 0. Add it to the WMS or retire it." },
	[EXC_MISSING_SHIP_METHOD] = { "missing_ship_method", EXC_ECOMMERCE,
	    "The order needs shipping but has no shipping title; set the "
	    "shipping method on the order." },
	[EXC_MISSING_SKU] = { "missing_sku", EXC_ECOMMERCE,
	    "A line to pick has no SKU (a custom item); set the product's "
	    "SKU, or mark the line as not requiring shipping." },
	[EXC_NO_FIELD] = { "no_field", EXC_INTEGRATION,
	    "The record has no place for the field to set; check the path "
	    "options against the records' shape." },
	[EXC_NO_FULFILLMENT_LINE] = { "no_fulfillment_line", EXC_INTEGRATION,
	    "A storefront line has no line item in the fulfilment orders; "
	    "export the order's fulfilment orders again, then feed the event "
	    "back." },
	[EXC_NO_SERVICE_CODE] = { "no_service_code", EXC_INTEGRATION,
	    "The order has lines to pick but no carrier service code: run "
	    "shipmap before wmsorder, with the same --shape." },
	[EXC_NOT_AN_ITEM] = { "not_an_item", EXC_INTEGRATION,
	    "Give wmsreport only exception envelopes and reconcile records." },
	[EXC_NOT_AN_OBJECT] = { "not_an_object", EXC_INTEGRATION,
	    "Each line must be one JSON object; fix the producer." },
	[EXC_NOT_IN_STOREFRONT] = { "not_in_storefront", EXC_INTEGRATION,
	    "The WMS holds an order the storefront does not know; find its "
	    "source before it ships." },
	[EXC_ORDER_NOT_IN_WMS] = { "order_not_in_wms", EXC_INTEGRATION,
	    "The storefront order never reached the WMS; push it again and "
	    "find why the hand-over failed." },
	[EXC_ORPHAN_CHILD] = { "orphan_child", EXC_INTEGRATION,
	    "A line of a bulk export names a parent that no line before it "
	    "has (or that was held): the file is cut or mixed. Export it "
	    "again; with --grouped, check that the query set groupObjects." },
	[EXC_OVER_SHIPMENT] = { "over_shipment", EXC_OPS,
	    "More shipped or cancelled than is left on the order; check the "
	    "dispatch in the WMS before anything reaches the customer." },
	[EXC_QUANTITY_MISMATCH] = { "quantity_mismatch", EXC_OPS,
	    "Line quantities differ between the systems; run orderdiff to "
	    "amend the WMS order before it ships, or stop the pick." },
	[EXC_TRACKING_MISMATCH] = { "tracking_mismatch", EXC_OPS,
	    "The tracking numbers differ between the systems; correct the "
	    "storefront from the WMS." },
	[EXC_UNKNOWN_KIT] = { "unknown_kit", EXC_INTEGRATION,
	    "The line's kit reference does not fit the kit table; check that "
	    "the table is the one dekit broke the order down with." },
	[EXC_UNKNOWN_LINE] = { "unknown_line", EXC_OPS,
	    "The WMS shipped a SKU that is not on the order; check the pick." },
	[EXC_UNKNOWN_ORDER] = { "unknown_order", EXC_INTEGRATION,
	    "The event's order is not in --orders; check that the orders "
	    "file covers the events." },
	[EXC_UNKNOWN_SKU] = { "unknown_sku", EXC_ECOMMERCE,
	    "Correct the product's SKU, or have the SKU added to the WMS master." },
	[EXC_UNMAPPED_SHIP_METHOD] = { "unmapped_ship_method", EXC_ECOMMERCE,
	    "Add the title to the shipping table (or correct the storefront's "
	    "shipping method), then feed the order back." },
	[EXC_UNMAPPED_STATUS] = { "unmapped_status", EXC_INTEGRATION,
	    "Add the WMS status to the status table, with its effect." },
};

const char *const exc_owners[] = {
	[EXC_OPS] = "ops", [EXC_ECOMMERCE] = "ecommerce",
	[EXC_FINANCE] = "finance", [EXC_INTEGRATION] = "integration"
};

enum exc_code
exc_find(const char *name)
{
	enum exc_code c;

	for (c = EXC_NONE + 1; c < EXC_NCODES; c++)
		if (strcmp(exc_codes[c].name, name) == 0)
			return c;
	return EXC_NONE;
}

int
exc_vhold(struct exception *e, enum exc_code code, const char *path,
    const json_t *value, const char *fmt, va_list ap)
{
	buf_reset(&e->msgbuf);
	buf_add(&e->msgbuf, "", 0);	/* "" too is a message */
	buf_vprintf(&e->msgbuf, fmt, ap);
	e->code = code;
	e->message = e->msgbuf.p;
	e->path = path;
	e->value = value;
	return 0;
}

int
exc_hold(struct exception *e, enum exc_code code, const char *path,
    const json_t *value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	exc_vhold(e, code, path, value, fmt, ap);
	va_end(ap);
	return 0;
}

void
exc_vadd(struct exception *e, const char *fmt, va_list ap)
{
	buf_vprintf(&e->msgbuf, fmt, ap);
	e->message = e->msgbuf.p;	/* it may have moved */
}

void
exc_add(struct exception *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	exc_vadd(e, fmt, ap);
	va_end(ap);
}

void
exc_clear(struct exception *e)
{
	e->code = EXC_NONE;
	e->message = e->path = NULL;
	e->value = e->detail = NULL;
}

void
exc_free(struct exception *e)
{
	buf_free(&e->msgbuf);
	buf_free(&e->pathbuf);
	exc_clear(e);
}

void
exc_ref(struct buf *out, const json_t *record, const char *text, size_t len)
{
	static const char *const keys[] = { "shipment_id", "name",
	    "increment_id", "order_ref", "reference", "sku", NULL };
	const char *const *k;
	/* FNV-1a 64: a fixed hash, so that a key is the same in every run
	 * and on every machine (hash.h's is keyed per process) */
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	buf_reset(out);
	for (k = keys; json_is_object(record) && *k != NULL; k++)
		if (ref_text(json_object_get(record, *k), out) && out->len > 0)
			return;
		else
			buf_reset(out);
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 0x100000001b3ULL;
	}
	buf_printf(out, "fnv1a64:%016llx", (unsigned long long)h);
}

void
exc_time_text(int64_t t, char *out)
{
	int64_t s = (t % 86400 + 86400) % 86400;

	iso_date(t, out);
	snprintf(out + 10, 11, "T%02d:%02d:%02dZ", (int)(s / 3600),
	    (int)(s / 60 % 60), (int)(s % 60));
}

int64_t
exc_now(void)
{
	static int64_t fixed = -1;
	static int read;
	const char *s;
	int64_t v;

	if (!read) {
		read = 1;
		s = getenv("SOURCE_DATE_EPOCH");
		if (s != NULL && num_int64(s, 0, INT64_MAX, &v, NULL) == NUM_OK)
			fixed = v;
	}
	return fixed >= 0 ? fixed : (int64_t)time(NULL);
}

static void
member(struct writer *w, const char *key)
{
	writer_addc(w, ',');
	jsonw_string(w, key, strlen(key));
	writer_addc(w, ':');
}

/* v as the envelope holds it: with what red found in the record marked. */
static void
value(struct writer *w, const json_t *v, const struct redact *red)
{
	json_t *c;

	if (red == NULL) {
		jsonw_value(w, v);
		return;
	}
	c = redact_copy(red, v);
	jsonw_value(w, c);
	json_decref(c);
}

/*
 * The line's own text, byte for byte (numbers, escapes and spacing as they
 * came): it is the record's JSON, read whole. The blanks around it go, so
 * that no CR or tab of the line ends up in the envelope's.
 */
static void
as_it_came(struct writer *w, const char *text, size_t len)
{
	while (len > 0 && strchr(" \t\r", text[len - 1]) != NULL)
		len--;
	while (len > 0 && strchr(" \t\r", *text) != NULL) {
		text++;
		len--;
	}
	writer_add(w, text, len);
}

/*
 * The exception object. record is the record held, or NULL for a line
 * that is not one: the key's reference comes from it, else from the
 * line's text (the part read, for a line over the limit).
 */
static void
begin(struct writer *w, const char *tool, const struct exception *e,
    const struct ndjson_line *line, const json_t *record,
    const struct redact *red)
{
	char num[JSONW_NUMBER_MAX], at[21];
	struct buf ref = { NULL, 0, 0 }, key_text = { NULL, 0, 0 };
	const char *key;
	json_t *v;

	writer_adds(w, "{\"exception\":{\"tool\":");
	jsonw_string(w, tool, strlen(tool));
	member(w, "code");
	writer_addc(w, '"');
	writer_adds(w, exc_codes[e->code].name);
	writer_addc(w, '"');
	member(w, "owner");
	writer_addc(w, '"');
	writer_adds(w, exc_owners[exc_codes[e->code].owner]);
	writer_addc(w, '"');
	member(w, "message");
	jsonw_text(w, e->message, strlen(e->message));
	member(w, "source");
	jsonw_text(w, line->source, strlen(line->source));
	member(w, "line");
	writer_add(w, num, jsonw_integer_text((json_int_t)line->lineno, num));
	if (e->path) {
		member(w, "path");
		jsonw_text(w, e->path, strlen(e->path));
	}
	if (e->value) {
		member(w, "value");
		value(w, e->value, red);
	}
	if (e->detail)
		json_object_foreach((json_t *)e->detail, key, v) {
			member(w, key);
			value(w, v, red);
		}
	exc_ref(&ref, record, line->text, line->len);
	buf_printf(&key_text, "%s/%s/", tool, exc_codes[e->code].name);
	buf_add(&key_text, ref.p, ref.len);
	member(w, "key");
	jsonw_text(w, key_text.p, key_text.len);
	member(w, "at");
	exc_time_text(exc_now(), at);
	jsonw_string(w, at, strlen(at));
	buf_free(&ref);
	buf_free(&key_text);
	writer_addc(w, '}');
}

static void
end(struct writer *w)
{
	writer_addc(w, '}');
	writer_end_record(w);
}

void
exc_write_record(struct writer *w, const char *tool, const struct exception *e,
    const struct ndjson_line *line, const json_t *record)
{
	exc_write_record_redacted(w, tool, e, line, record, NULL);
}

void
exc_write_record_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    const json_t *record, struct redact *red)
{
	if (redact_any(red))
		redact_find(red, record);
	else
		red = NULL;
	begin(w, tool, e, line, record, red);
	member(w, "record");
	if (red == NULL && line->text != NULL && record == line->value)
		as_it_came(w, line->text, line->len);
	else
		value(w, record, red);
	end(w);
}

/* A line's text with a redaction: only how long it was. */
static void
text_mark(struct writer *w, unsigned long long len)
{
	char mark[REDACT_TEXT_MAX];

	member(w, "raw");
	jsonw_string(w, mark, redact_text_mark(mark, len));
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of a stream: whole triples at once, the rest carried over. */
struct b64 {
	unsigned char t[3];
	size_t n;
};

static void
b64_triple(struct writer *w, const unsigned char *t, size_t n)
{
	char out[4];
	unsigned long v = (unsigned long)t[0] << 16 |
	    (n > 1 ? (unsigned long)t[1] << 8 : 0) | (n > 2 ? t[2] : 0);

	out[0] = b64[v >> 18 & 63];
	out[1] = b64[v >> 12 & 63];
	out[2] = n > 1 ? b64[v >> 6 & 63] : '=';
	out[3] = n > 2 ? b64[v & 63] : '=';
	writer_add(w, out, 4);
}

static void
b64_add(struct writer *w, struct b64 *s, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	for (; n > 0 && s->n > 0; n--) {
		s->t[s->n++] = *u++;
		if (s->n == 3) {
			b64_triple(w, s->t, 3);
			s->n = 0;
		}
	}
	for (; n >= 3; n -= 3, u += 3)
		b64_triple(w, u, 3);
	while (n-- > 0)
		s->t[s->n++] = *u++;
}

static void
b64_end(struct writer *w, struct b64 *s)
{
	if (s->n > 0)
		b64_triple(w, s->t, s->n);
	s->n = 0;
}

void
exc_write_raw(struct writer *w, const char *tool, const struct exception *e,
    const struct ndjson_line *line)
{
	exc_write_raw_redacted(w, tool, e, line, NULL);
}

void
exc_write_raw_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    const struct redact *red)
{
	/* the reader's messages never quote the text: nothing to cut */
	begin(w, tool, e, line, NULL, NULL);
	if (redact_any(red))
		text_mark(w, line->len);
	else if (utf8_valid(line->text, line->len)) {
		member(w, "raw");
		jsonw_string(w, line->text, line->len);
	} else {
		struct b64 s = { { 0, 0, 0 }, 0 };

		member(w, "raw_base64");
		writer_addc(w, '"');
		b64_add(w, &s, line->text, line->len);
		b64_end(w, &s);
		writer_addc(w, '"');
	}
	end(w);
}

void
exc_write_long(struct writer *w, const char *tool, const struct exception *e,
    const struct ndjson_line *line, struct ndjson_reader *r)
{
	exc_write_long_redacted(w, tool, e, line, r, NULL);
}

void
exc_write_long_redacted(struct writer *w, const char *tool,
    const struct exception *e, const struct ndjson_line *line,
    struct ndjson_reader *r, const struct redact *red)
{
	struct b64 s = { { 0, 0, 0 }, 0 };
	unsigned long long len = line->len;
	const char *p;
	size_t n;

	begin(w, tool, e, line, NULL, NULL);
	if (redact_any(red)) {
		/* the rest is read, so that the next line starts right */
		while ((n = ndjson_long_chunk(r, &p)) > 0)
			len += n;
		text_mark(w, len);
		end(w);
		return;
	}
	member(w, "raw_base64");
	writer_addc(w, '"');
	b64_add(w, &s, line->text, line->len);
	while ((n = ndjson_long_chunk(r, &p)) > 0) {
		b64_add(w, &s, p, n);
		writer_spill(w);	/* memory stays bounded */
	}
	b64_end(w, &s);
	writer_addc(w, '"');
	end(w);
}
