#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exception.h"
#include "isotime.h"
#include "jsonw.h"
#include "num.h"
#include "orderref.h"
#include "reconcile.h"
#include "report.h"
#include "xalloc.h"

struct report_item {
	/* offsets into strings; brief and facts: a finding's facts */
	size_t key, code, owner, tool, ref, message, brief, facts;
	int64_t first, last;	/* of its envelopes' "at"; UNDATED if none */
	unsigned long times;	/* envelopes of it in the window */
	int resolved;
	char day[11];		/* of first, or "undated" */
};

#define UNDATED INT64_MIN

/* A count of items under one name. */
struct tally {
	const char *name;
	unsigned long n;
	size_t first;		/* order of first sight, for ties */
	size_t item;		/* the first item under it */
};

static const char *const owners[] = { "ops", "ecommerce", "finance",
    "integration" };

void
report_init(struct report *r, int64_t as_of, int64_t since, size_t oldest)
{
	memset(r, 0, sizeof(*r));
	r->oldest = oldest;
	r->as_of = as_of;
	r->from = since < 0 ? INT64_MIN : as_of - since;
	iso_date(as_of, r->date);
	buf_add(&r->strings, "", 1);	/* offset 0: no text */
	r->keys = hash_new();
	r->passed = hash_new();
}

void
report_free(struct report *r)
{
	free(r->items);
	free(r->passed_at);
	hash_free(r->keys);
	hash_free(r->passed);
	buf_free(&r->strings);
	buf_free(&r->tmp);
	buf_free(&r->ref);
	buf_free(&r->brief);
	buf_free(&r->facts);
	jtree_free(&r->start);
}

static size_t
keep(struct report *r, const char *s)
{
	size_t off = r->strings.len;

	if (s == NULL || *s == '\0')
		return 0;
	buf_adds(&r->strings, s);
	buf_addc(&r->strings, '\0');
	return off;
}

static const char *
text(const struct report *r, size_t off)
{
	return r->strings.p + off;
}

static const char *
string(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * The reference of an envelope's record (exc_ref's, as the key has it):
 * of the text of a line that was not JSON, or of the record written
 * compact where an older envelope gives no key.
 */
static const char *
ref_of(struct report *r, const json_t *rec)
{
	const json_t *record = json_object_get(rec, "record");
	const char *raw = string(rec, "raw");
	char *dump;

	if (raw != NULL || record == NULL) {
		raw = raw ? raw : "";
		exc_ref(&r->ref, NULL, raw, strlen(raw));
	} else {
		dump = json_dumps(record, JSON_COMPACT | JSON_ENCODE_ANY);
		exc_ref(&r->ref, record, dump ? dump : "", dump ?
		    strlen(dump) : 0);
		free(dump);
	}
	buf_addc(&r->ref, '\0');
	return r->ref.p;
}

/* The texts of an envelope or finding; NULL where it has none. */
struct texts {
	const char *key, *tool, *code, *owner, *ref, *message, *brief, *facts;
};

/* Its message and facts, the latest of an item's. */
static void
keep_latest(struct report *r, struct report_item *it, const struct texts *x)
{
	it->message = keep(r, x->message);
	it->brief = keep(r, x->brief);
	it->facts = keep(r, x->facts);
}

/*
 * Counts one envelope (or finding) at time at: a new item, or one more
 * time of an item seen before. Left out when at is outside the window; an
 * envelope without "at" is of the undated item of its key.
 */
static void
count(struct report *r, const struct texts *x, int64_t at)
{
	struct report_item *it;
	size_t *i;
	int fresh;

	if (at != UNDATED && (at < r->from || at > r->as_of)) {
		r->left_out++;
		return;
	}
	i = hash_put_index(r->keys, x->key, strlen(x->key), &fresh);
	if (fresh) {
		XGROW(r->items, r->itemcap, r->nitems + 1);
		*i = r->nitems++;
		it = &r->items[*i];
		memset(it, 0, sizeof(*it));
		it->key = keep(r, x->key);
		it->tool = keep(r, x->tool);
		it->code = keep(r, x->code);
		it->owner = keep(r, x->owner);
		it->ref = keep(r, x->ref);
		it->first = it->last = UNDATED;
	} else
		it = &r->items[*i];
	it->times++;
	if (at != UNDATED) {
		if (it->first == UNDATED || at < it->first)
			it->first = at;
		if (it->last == UNDATED || at >= it->last) {
			it->last = at;
			keep_latest(r, it, x);
		}
	} else if (it->message == 0 && it->facts == 0)
		keep_latest(r, it, x);
}

/* The time of an "at" member; UNDATED without one. */
static int64_t
at_of(const json_t *obj)
{
	const json_t *v = json_object_get(obj, "at");
	int64_t t;

	if (json_is_string(v) && iso_time(json_string_value(v),
	    json_string_length(v), &t))
		return t;
	return UNDATED;
}

int
report_add(struct report *r, const json_t *rec)
{
	const json_t *exc = json_object_get(rec, "exception");
	struct texts x = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	size_t pre;

	if (json_is_object(exc) && json_is_string(json_object_get(exc,
	    "code"))) {
		x.tool = string(exc, "tool") ? string(exc, "tool") : "";
		x.code = string(exc, "code");
		x.key = string(exc, "key");
		buf_reset(&r->tmp);
		buf_printf(&r->tmp, "%s/%s/", x.tool, x.code);
		pre = r->tmp.len;
		/* the reference is what follows tool/code/ in the key */
		if (x.key != NULL && strncmp(x.key, r->tmp.p, pre) == 0)
			x.ref = x.key + pre;
		else {
			x.ref = ref_of(r, rec);
			buf_adds(&r->tmp, x.ref);
			x.key = r->tmp.p;
		}
		x.owner = string(exc, "owner");
		x.message = string(exc, "message");
		count(r, &x, at_of(exc));
	} else if (json_is_string(json_object_get(rec, "code")) &&
	    json_is_string(json_object_get(rec, "owner"))) {
		x.tool = "reconcile";
		x.code = string(rec, "code");
		x.owner = string(rec, "owner");
		x.message = string(rec, "message");
		/* the reference is what follows reconcile/code/ in the key */
		reconcile_key(&r->tmp, x.code, json_object_get(rec,
		    "order_ref"));
		x.ref = r->tmp.p + strlen("reconcile/") + strlen(x.code) + 1;
		if ((x.key = string(rec, "key")) == NULL)
			x.key = r->tmp.p;
		/* the facts in short for the page, whole for --items */
		reconcile_facts(&r->brief, rec, 3);
		reconcile_facts(&r->facts, rec, 0);
		x.brief = r->brief.p;
		x.facts = r->facts.p;
		count(r, &x, at_of(rec));
	} else
		return 0;
	return 1;
}

int
report_add_start(struct report *r, const char *text, size_t len)
{
	static const char key[] = "\"exception\"";
	json_t *exc, *rec;
	size_t i = 0, end;
	int ok;

	/* {"exception": as the kit writes it, blanks allowed */
	while (i < len && strchr(" \t\r", text[i]) != NULL)
		i++;
	if (i == len || text[i++] != '{')
		return 0;
	while (i < len && strchr(" \t\r", text[i]) != NULL)
		i++;
	if (len - i < sizeof(key) - 1 || memcmp(text + i, key,
	    sizeof(key) - 1) != 0)
		return 0;
	for (i += sizeof(key) - 1; i < len && strchr(" \t\r", text[i]); i++)
		continue;
	if (i == len || text[i++] != ':')
		return 0;
	/* the one value there, the rest of the line left unread */
	exc = jtree_read_first(&r->start, text + i, len - i, &end);
	if (!json_is_object(exc)) {
		json_decref(exc);
		return 0;
	}
	rec = json_pack("{s:o}", "exception", exc);
	ok = rec != NULL && report_add(r, rec);
	json_decref(rec);
	return ok;
}

void
report_passed(struct report *r, const json_t *rec, const char *text,
    size_t len, int64_t when)
{
	size_t *i;
	int fresh;

	if (json_object_get(rec, "exception") != NULL)
		return;		/* held, not passed */
	exc_ref(&r->ref, rec, text, len);
	i = hash_put_index(r->passed, r->ref.p, r->ref.len, &fresh);
	if (fresh) {
		XGROW(r->passed_at, r->passedcap, r->npassed + 1);
		r->passed_at[r->npassed] = when;
		*i = r->npassed++;
	} else if (when > r->passed_at[*i])
		r->passed_at[*i] = when;
}

void
report_finish(struct report *r)
{
	struct report_item *it, *v;
	const char *ref;
	size_t i, k, p;

	r->open = r->nitems;
	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		if (it->first == UNDATED)
			strcpy(it->day, "undated");
		else
			iso_date(it->first, it->day);
		ref = text(r, it->ref);
		/* passed after it was last held, and by the report's time */
		p = hash_get_index(r->passed, ref, strlen(ref));
		if (p != HASH_NONE && r->passed_at[p] <= r->as_of &&
		    (it->last == UNDATED || r->passed_at[p] >= it->last)) {
			it->resolved = 1;
			r->open--;
		}
	}
	/* open items first, each part in the order first seen */
	v = xcalloc(r->nitems + 1, sizeof(*r->items));
	for (i = 0, k = 0; i < r->nitems; i++)
		if (!r->items[i].resolved)
			v[k++] = r->items[i];
	for (i = 0; i < r->nitems; i++)
		if (r->items[i].resolved)
			v[k++] = r->items[i];
	free(r->items);
	r->items = v;
	r->itemcap = r->nitems + 1;
	for (i = 0; i < r->open; i++)
		r->undated += r->items[i].first == UNDATED;
}

/* Counts of items by a text of theirs (code or owner or day). */
static size_t
count_by(const struct report *r, const char *(*field)(const struct report *,
    const struct report_item *), struct tally **out)
{
	struct hash *h = hash_new();
	struct tally *t = xcalloc(1, sizeof(*t));	/* never NULL: qsort */
	size_t i, n = 0, cap = 1;
	int fresh;

	for (i = 0; i < r->open; i++) {
		const char *name = field(r, &r->items[i]);
		size_t *at = hash_put_index(h, name, strlen(name), &fresh);

		if (fresh) {
			XGROW(t, cap, n + 1);
			t[n].name = name;
			t[n].n = 0;
			t[n].first = n;
			t[n].item = i;
			*at = n++;
		}
		t[*at].n++;
	}
	hash_free(h);
	*out = t;
	return n;
}

static const char *
code_of(const struct report *r, const struct report_item *it)
{
	return text(r, it->code);
}

static const char *
day_of(const struct report *r, const struct report_item *it)
{
	(void)r;
	return it->day;
}

static int
by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int
by_time(const void *a, const void *b)
{
	const struct report_item *const *x = a, *const *y = b;

	/* undated last: nothing says how old they are */
	if ((*x)->first != (*y)->first) {
		if ((*x)->first == UNDATED || (*y)->first == UNDATED)
			return (*x)->first == UNDATED ? 1 : -1;
		return (*x)->first < (*y)->first ? -1 : 1;
	}
	return *x < *y ? -1 : *x > *y;	/* input order */
}

static unsigned long
owner_count(const struct report *r, const char *owner)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < r->open; i++)
		n += strcmp(text(r, r->items[i].owner), owner) == 0;
	return n;
}

static const char *
action(const char *code)
{
	return exc_codes[exc_find(code)].action;	/* "" if none */
}

/* The oldest items of an owner, oldest first, into *out. */
static size_t
oldest(const struct report *r, const char *owner,
    const struct report_item ***out)
{
	const struct report_item **v = xcalloc(r->nitems + 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < r->open; i++)
		if (strcmp(text(r, r->items[i].owner), owner) == 0)
			v[n++] = &r->items[i];
	qsort(v, n, sizeof(*v), by_time);
	*out = v;
	return n < r->oldest ? n : r->oldest;
}

static void
puts_w(struct writer *w, const char *s)
{
	writer_adds(w, s);
}

/*
 * A control character (below 0x20 but tab, and DEL) as text, \n or \x1b,
 * into out (5 bytes); 0 for any other character. A name or message from
 * the data must not forge a line of the report or drive a terminal.
 */
static int
control(unsigned char c, char *out)
{
	if ((c >= 0x20 && c != 0x7f) || c == '\t')
		return 0;
	if (c == '\n' || c == '\r')
		snprintf(out, 5, "\\%c", c == '\n' ? 'n' : 'r');
	else
		snprintf(out, 5, "\\x%02x", c);
	return 1;
}

/* Text with &, <, > and " escaped for HTML, and control characters. */
static void
html(struct writer *w, const char *s)
{
	char c[5];

	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': puts_w(w, "&amp;"); break;
		case '<': puts_w(w, "&lt;"); break;
		case '>': puts_w(w, "&gt;"); break;
		case '"': puts_w(w, "&quot;"); break;
		default:
			if (control((unsigned char)*s, c))
				puts_w(w, c);
			else
				writer_addc(w, *s);
		}
}

/* Text for the plain report, control characters escaped, padded with
 * spaces to width bytes. */
static void
plain(struct writer *w, const char *s, size_t width)
{
	size_t n = 0;
	char c[5];

	for (; *s != '\0'; s++)
		if (control((unsigned char)*s, c)) {
			puts_w(w, c);
			n += strlen(c);
		} else {
			writer_addc(w, *s);
			n++;
		}
	for (; n < width; n++)
		writer_addc(w, ' ');
}

static void __attribute__((format(printf, 3, 4)))
printf_w(struct report *r, struct writer *w, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&r->tmp);
	va_start(ap, fmt);
	buf_vprintf(&r->tmp, fmt, ap);
	va_end(ap);
	writer_add(w, r->tmp.p, r->tmp.len);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name,
	    ((const struct tally *)b)->name);
}

/* The colour of a code, from its name by a fixed hash (FNV-1a 32): the
 * same in every report, whatever other codes it shows. */
static void
colour(const char *code, char *out, size_t len)
{
	uint32_t h = 2166136261U;

	for (; *code != '\0'; code++)
		h = (h ^ (unsigned char)*code) * 16777619U;
	snprintf(out, len, "hsl(%u,%u%%,%u%%)", (unsigned)(h % 360),
	    (h >> 9) % 2 ? 55U : 70U, (h >> 10) % 2 ? 60U : 45U);
}

/* The index of each name of t in h. */
static struct hash *
index_of(const struct tally *t, size_t n)
{
	struct hash *h = hash_new_sized(n);
	size_t i;
	int fresh;

	for (i = 0; i < n; i++)
		*hash_put_index(h, t[i].name, strlen(t[i].name), &fresh) = i;
	return h;
}

/* A bar's part: the items of a day and code. */
struct cell {
	size_t day, code;
	unsigned long n;
};

static int
by_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->code < y->code ? -1 : x->code > y->code;
}

/* Bars of items per day, stacked by code. */
static void
chart(struct report *r, struct writer *w, const struct tally *codes,
    size_t ncodes)
{
	struct tally *days;
	size_t ndays = count_by(r, day_of, &days), d, c, i, k, ncells = 0;
	struct hash *dayix, *codeix;
	struct cell *cells;
	unsigned long top = 1;
	const int width = 760, height = 240, left = 40, bottom = 70;
	double slot, bar;
	char fill[32];

	/* the cells that have items, by day and code: not every day by
	 * every code, which grows as their product */
	qsort(days, ndays, sizeof(*days), by_name);
	dayix = index_of(days, ndays);
	codeix = index_of(codes, ncodes);
	cells = xcalloc(r->open + 1, sizeof(*cells));
	for (i = 0; i < r->open; i++) {
		const char *code = text(r, r->items[i].code);

		/* every open item's day and code is in the tallies */
		cells[i].day = hash_get_index(dayix, r->items[i].day,
		    strlen(r->items[i].day));
		cells[i].code = hash_get_index(codeix, code, strlen(code));
		cells[i].n = 1;
	}
	hash_free(dayix);
	hash_free(codeix);
	qsort(cells, r->open, sizeof(*cells), by_cell);
	for (i = 0; i < r->open; i++)
		if (ncells > 0 && by_cell(&cells[ncells - 1], &cells[i]) == 0)
			cells[ncells - 1].n++;
		else
			cells[ncells++] = cells[i];
	for (d = 0; d < ndays; d++)
		if (days[d].n > top)
			top = days[d].n;
	slot = ndays ? (double)(width - left - 10) / (double)ndays : 0;
	bar = slot * 0.7 < 48 ? slot * 0.7 : 48;
	/* drawn in its own units, shrunk to a narrow screen by the style */
	printf_w(r, w, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"items per day and code\">\n", width, height, width,
	    height);
	printf_w(r, w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#555\"/>\n", left, height - bottom, width - 5,
	    height - bottom);
	printf_w(r, w, "<text x=\"%d\" y=\"14\" text-anchor=\"end\" "
	    "class=\"axis\">%lu</text>\n", left - 6, top);
	for (d = 0, k = 0; d < ndays; d++) {
		double x = left + slot * (double)d + (slot - bar) / 2;
		double y = height - bottom;

		for (; k < ncells && cells[k].day == d; k++) {
			double h = (double)cells[k].n /
			    (double)top * (height - bottom - 10);

			c = cells[k].code;
			y -= h;
			colour(codes[c].name, fill, sizeof(fill));
			printf_w(r, w, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>%s ", x, y, bar, h, fill, days[d].name);
			html(w, codes[c].name);
			printf_w(r, w, ": %lu</title></rect>\n",
			    cells[k].n);
		}
		printf_w(r, w, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" "
		    "transform=\"rotate(-45 %.1f %d)\" text-anchor=\"end\">"
		    "%s</text>\n", x + bar / 2, height - bottom + 14,
		    x + bar / 2, height - bottom + 14, days[d].name);
	}
	puts_w(w, "</svg>\n<p class=\"legend\">");
	for (c = 0; c < ncodes; c++) {
		colour(codes[c].name, fill, sizeof(fill));
		printf_w(r, w, "<span><i style=\"background:%s\"></i>", fill);
		html(w, codes[c].name);
		puts_w(w, "</span> ");
	}
	puts_w(w, "</p>\n");
	free(cells);
	free(days);
}

/* A phone's 420 px: tables scroll in their own box (their texts kept wide
 * enough to read), the chart shrinks, the cards wrap. */
static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "@media (max-width:600px){body{margin:.8em}}"
    ".wide{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}"
    "h1{font-size:1.5em;margin:0}.meta{color:#666;margin:.2em 0 1.5em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border-bottom:1px solid #ddd;padding:.3em .8em;text-align:left;"
    "vertical-align:top}td:first-child,td.k{white-space:nowrap}"
    ".codes td:last-child,.items td:nth-last-child(-n+2){min-width:12em}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f4f4f4}.axis{font-size:11px;fill:#555}"
    ".legend span{margin-right:1em;white-space:nowrap}.legend i{display:"
    "inline-block;width:.8em;height:.8em;margin-right:.3em}"
    ".cards{display:flex;flex-wrap:wrap;gap:1em;margin-bottom:1.5em}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:.6em 1.2em}"
    ".card b{display:block;font-size:1.8em}";

/* How long ago t was at the report's time: "5h", "3d"; "-" undated. The
 * day column shows the same time, so that the two agree. */
static const char *
age(struct report *r, const struct report_item *it, char *out, size_t len)
{
	int64_t s;

	if (it->first == UNDATED) {
		snprintf(out, len, "-");
		return out;
	}
	s = num_sub_sat(r->as_of, it->first);
	if (s < 48 * 3600)
		snprintf(out, len, "%lldh", (long long)(s / 3600));
	else
		snprintf(out, len, "%lldd", (long long)(s / 86400));
	return out;
}

/* What an item says: its message, else a finding's facts in short. */
static const char *
what(const struct report *r, const struct report_item *it)
{
	return text(r, it->message ? it->message : it->brief);
}

void
report_html(struct report *r, struct writer *w)
{
	struct tally *codes;
	size_t ncodes = count_by(r, code_of, &codes), i, k, n;
	const struct report_item **v;
	char a[24];

	qsort(codes, ncodes, sizeof(*codes), by_count);
	puts_w(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n");
	printf_w(r, w, "<title>wmskit daily check, %s</title>\n<style>%s"
	    "</style>\n</head>\n<body>\n<h1>wmskit daily check</h1>\n"
	    "<p class=\"meta\">%s: <span id=\"total\">%zu</span> open "
	    "items, <span id=\"undated\">%lu</span> undated, "
	    "<span id=\"resolved\">%zu</span> resolved</p>\n", r->date, style,
	    r->date, r->open, r->undated, r->nitems - r->open);
	puts_w(w, "<h2>By owner</h2>\n<div class=\"cards\">\n");
	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		printf_w(r, w, "<div class=\"card\"><b data-owner=\"%s\">%lu"
		    "</b>%s</div>\n", owners[i], owner_count(r, owners[i]),
		    owners[i]);
	puts_w(w, "</div>\n<h2>By code</h2>\n<div class=\"wide\">"
	    "<table class=\"codes\">\n"
	    "<tr><th>Code</th><th>Owner</th><th>Items</th><th>Action</th>"
	    "</tr>\n");
	for (i = 0; i < ncodes; i++) {
		const struct report_item *it = &r->items[codes[i].item];

		puts_w(w, "<tr><td>");
		html(w, codes[i].name);
		puts_w(w, "</td><td>");
		html(w, text(r, it->owner));
		printf_w(r, w, "</td><td class=\"n\" data-code=\"");
		html(w, codes[i].name);
		printf_w(r, w, "\">%lu</td><td>", codes[i].n);
		html(w, action(codes[i].name));
		puts_w(w, "</td></tr>\n");
	}
	puts_w(w, "</table></div>\n<h2>Per day first held</h2>\n");
	chart(r, w, codes, ncodes);
	puts_w(w, "<h2>Oldest open items</h2>\n");
	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		n = oldest(r, owners[i], &v);
		if (n > 0) {
			printf_w(r, w, "<h3>%s</h3>\n<div class=\"wide\">"
			    "<table class=\"items\">\n<tr><th>Day</th><th>Age</th>"
			    "<th>Times</th><th>Code</th><th>Tool</th>"
			    "<th>Reference</th><th>Message or facts</th>"
			    "<th>Action</th></tr>\n", owners[i]);
			for (k = 0; k < n; k++) {
				printf_w(r, w, "<tr><td>%s</td><td class=\"n\">"
				    "%s</td><td class=\"n\">%lu</td><td>",
				    v[k]->day, age(r, v[k], a, sizeof(a)),
				    v[k]->times);
				html(w, text(r, v[k]->code));
				puts_w(w, "</td><td class=\"k\">");
				html(w, text(r, v[k]->tool));
				puts_w(w, "</td><td class=\"k\">");
				html(w, text(r, v[k]->ref));
				puts_w(w, "</td><td>");
				html(w, what(r, v[k]));
				puts_w(w, "</td><td>");
				html(w, action(text(r, v[k]->code)));
				puts_w(w, "</td></tr>\n");
			}
			puts_w(w, "</table></div>\n");
		}
		free(v);
	}
	if (r->nitems > r->open) {
		puts_w(w, "<h2>Resolved</h2>\n<div class=\"wide\"><table>\n"
		    "<tr><th>Key</th><th>Times</th><th>First held</th></tr>\n");
		for (i = r->open; i < r->nitems; i++) {
			puts_w(w, "<tr><td class=\"k\">");
			html(w, text(r, r->items[i].key));
			printf_w(r, w, "</td><td class=\"n\">%lu</td><td>%s"
			    "</td></tr>\n", r->items[i].times,
			    r->items[i].day);
		}
		puts_w(w, "</table></div>\n");
	}
	puts_w(w, "</body>\n</html>");
	writer_end_record(w);
	free(codes);
}

void
report_text(struct report *r, struct writer *w)
{
	struct tally *codes;
	size_t ncodes = count_by(r, code_of, &codes), i, k, n;
	const struct report_item **v;

	qsort(codes, ncodes, sizeof(*codes), by_count);
	printf_w(r, w, "wmskit daily check, %s: %zu open items", r->date,
	    r->open);
	if (r->undated > 0)
		printf_w(r, w, ", %lu undated", r->undated);
	if (r->nitems > r->open)
		printf_w(r, w, ", %zu resolved", r->nitems - r->open);
	puts_w(w, "\n\nBy owner:\n");
	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		printf_w(r, w, "  %-12s %6lu\n", owners[i],
		    owner_count(r, owners[i]));
	puts_w(w, "\nBy code:\n");
	for (i = 0; i < ncodes; i++) {
		puts_w(w, "  ");
		plain(w, codes[i].name, 26);
		printf_w(r, w, " %6lu  %s\n", codes[i].n,
		    action(codes[i].name));
	}
	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		n = oldest(r, owners[i], &v);
		if (n > 0)
			printf_w(r, w, "\nOldest open items of %s:\n",
			    owners[i]);
		for (k = 0; k < n; k++) {
			printf_w(r, w, "  %-10s  ", v[k]->day);
			plain(w, text(r, v[k]->code), 0);
			puts_w(w, "  ");
			plain(w, text(r, v[k]->tool), 0);
			puts_w(w, "  ");
			plain(w, text(r, v[k]->ref), 0);
			if (v[k]->message)
				puts_w(w, ": ");
			else if (v[k]->brief)
				puts_w(w, " ");
			plain(w, what(r, v[k]), 0);
			if (v[k]->times > 1)
				printf_w(r, w, " (held %lu times)",
				    v[k]->times);
			puts_w(w, "\n");
		}
		free(v);
	}
	if (r->nitems > r->open)
		puts_w(w, "\nResolved since:\n");
	for (i = r->open; i < r->nitems; i++) {
		printf_w(r, w, "  %-10s  ", r->items[i].day);
		plain(w, text(r, r->items[i].key), 0);
		printf_w(r, w, " (held %lu times)\n", r->items[i].times);
	}
	w->len--;	/* the record's newline ends the last line */
	writer_end_record(w);
	free(codes);
}

/* The open items oldest first, undated last. */
static const struct report_item **
open_items(struct report *r)
{
	const struct report_item **v = xcalloc(r->open + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < r->open; i++)
		v[i] = &r->items[i];
	qsort(v, r->open, sizeof(*v), by_time);
	return v;
}

/*
 * A CSV field (RFC 4180): quoted when it has a comma, quote or line end.
 * One that starts with = + - @, tab or CR, which a spreadsheet runs as a
 * formula, starts with a ' (OWASP's advice on CSV injection): a message or
 * an order name from the data must not run in the reader's spreadsheet.
 */
static void
csv_field(struct writer *w, const char *s)
{
	int formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			writer_addc(w, '\'');
		writer_adds(w, s);
		return;
	}
	writer_addc(w, '"');
	if (formula)
		writer_addc(w, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			writer_addc(w, '"');
		writer_addc(w, *s);
	}
	writer_addc(w, '"');
}

static const char *
time_text(int64_t t, char *out)
{
	if (t == UNDATED)
		*out = '\0';
	else
		exc_time_text(t, out);
	return out;
}

void
report_items_csv(struct report *r, struct writer *w)
{
	const struct report_item **v = open_items(r);
	char first[21], last[21];
	size_t i, k;

	writer_adds(w, "key,tool,code,owner,reference,first_seen,last_seen,"
	    "times,message,facts");
	writer_end_record(w);
	for (i = 0; i < r->open; i++) {
		const size_t f[] = { v[i]->key, v[i]->tool, v[i]->code,
		    v[i]->owner, v[i]->ref };

		for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			if (k > 0)
				writer_addc(w, ',');
			csv_field(w, text(r, f[k]));
		}
		printf_w(r, w, ",%s,%s,%lu,", time_text(v[i]->first, first),
		    time_text(v[i]->last, last), v[i]->times);
		csv_field(w, text(r, v[i]->message));
		writer_addc(w, ',');
		csv_field(w, text(r, v[i]->facts));
		writer_end_record(w);
	}
	free(v);
}

void
report_items_ndjson(struct report *r, struct writer *w)
{
	const struct report_item **v = open_items(r);
	char first[21], last[21];
	json_t *o;
	size_t i;

	for (i = 0; i < r->open; i++) {
		o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:I,s:s,s:s?}",
		    "key", text(r, v[i]->key), "tool", text(r, v[i]->tool),
		    "code", text(r, v[i]->code), "owner", text(r,
		    v[i]->owner), "reference", text(r, v[i]->ref),
		    "first_seen", v[i]->first == UNDATED ? NULL :
		    time_text(v[i]->first, first), "last_seen",
		    v[i]->last == UNDATED ? NULL : time_text(v[i]->last, last),
		    "times", (json_int_t)v[i]->times, "message",
		    text(r, v[i]->message), "facts", v[i]->facts ?
		    text(r, v[i]->facts) : NULL);
		jsonw_value(w, o);
		writer_end_record(w);
		json_decref(o);
	}
	free(v);
}
