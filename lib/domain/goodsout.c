#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "count.h"
#include "goodsout.h"
#include "isotime.h"
#include "orderref.h"
#include "xalloc.h"

/* By goods_out_status_id: the name of each. */
static const char *const status_names[] = {
	NULL, "DRAFT", "PENDING", "PICK", "PART", "ALLOCATED", "COMPLETED",
	"PART_ALLOCATED", "CANCELLED"
};

void
goodsout_init(struct goodsout *g)
{
	static const char *cancelled[] = { "CANCELLED", "8" };
	struct goodsout_paths *at = &g->at;

	memset(g, 0, sizeof(*g));
	at->ref = path_literal("reference");
	at->status = path_literal("status");
	at->lines = path_literal("lines");
	at->dispatched_at = path_literal("dispatched_at");
	path_list_add(&at->tracking, &at->ntracking, "tracking_number");
	at->sku = "sku";
	at->qty = "order_quantity";
	at->picked = "pick_quantity";
	at->dispatched = "dispatch_quantity";
	at->cancelled = cancelled;
	at->ncancelled = 2;
	g->index = hash_new();
	g->held = hash_new();
	buf_add(&g->strings, "", 1);	/* offset 0 is no text */
}

void
goodsout_free(struct goodsout *g)
{
	struct goodsout_paths *at = &g->at;

	path_free(at->ref);
	path_free(at->status);
	path_free(at->lines);
	path_free(at->dispatched_at);
	path_list_free(at->tracking, at->ntracking);
	opt_list_free(&g->given);
	hash_free(g->index);
	hash_free(g->held);
	free(g->orders);
	free(g->lines);
	free(g->tracks);
	free(g->slots);
	buf_free(&g->strings);
	buf_free(&g->key);
	buf_free(&g->text);
	memset(g, 0, sizeof(*g));
}

void
goodsout_opt_cancelled(struct tool *t, void *ctx, const char *status)
{
	struct goodsout *g = ctx;

	(void)t;
	XGROW(g->given.v, g->given.cap, g->given.n + 1);
	g->given.v[g->given.n++] = status;
	/* the first use replaces the defaults */
	g->at.cancelled = g->given.v;
	g->at.ncancelled = g->given.n;
}

void
goodsout_opt_tracking(struct tool *t, void *ctx, const char *path)
{
	struct goodsout *g = ctx;

	tool_path_add(t, &g->at.tracking, &g->at.ntracking,
	    &g->tracking_given, path);
}

static json_t *
first(struct goodsout *g, const struct path *p, json_t *rec)
{
	return path_first(p, rec, &g->slots, &g->slotcap);
}

static size_t
add_string(struct goodsout *g, const char *s, size_t len)
{
	size_t off = g->strings.len;

	buf_add(&g->strings, s, len);
	buf_addc(&g->strings, '\0');
	return off;
}

const char *
goodsout_text(const struct goodsout *g, size_t off)
{
	return off ? g->strings.p + off : NULL;
}


/* A count, or 0 for an absent or null one (not yet known to the WMS). */
static int
count_or_none(const json_t *v, int64_t *n)
{
	*n = 0;
	return v == NULL || json_is_null(v) || json_count(v, n);
}

int64_t
goodsout_time(const json_t *v, const int64_t *zone)
{
	int64_t t;

	if (json_is_string(v) && iso_time_in(json_string_value(v),
	    json_string_length(v), zone, &t))
		return t;
	return GOODSOUT_NO_TIME;
}

void
goodsout_tracking_key(const char *s, size_t len, struct buf *out)
{
	size_t i;

	buf_reset(out);
	buf_add(out, "", 0);
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t')
			continue;
		buf_addc(out, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
	}
}

void
goodsout_tracking(struct path **paths, size_t n, json_t *rec, json_t *set,
    struct path_slot **slots, size_t *slotcap, struct buf *text)
{
	size_t i, j, k, m;
	json_t *v;

	for (i = 0; i < n; i++) {
		m = path_find(paths[i], rec, slots, slotcap);
		for (j = 0; j < m; j++) {
			json_t *t = (*slots)[j].value;
			int dup = 0;

			if (!json_is_string(t) || json_string_length(t) == 0)
				continue;
			goodsout_tracking_key(json_string_value(t),
			    json_string_length(t), text);
			json_array_foreach(set, k, v)
				dup |= strcmp(json_string_value(v),
				    text->p) == 0;
			if (!dup && text->len > 0)
				json_array_append_new(set,
				    json_string(text->p));
		}
	}
}

/* Whether two status names are one: case, and ' ' or '-' for '_'. */
static int
same_name(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a == ' ' || *a == '-' ? '_' : *a;

		if (x >= 'a' && x <= 'z')
			x = (char)(x - 'a' + 'A');
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

enum goodsout_status
goodsout_status(const struct goodsout *g, const char *text)
{
	size_t i;

	for (i = 0; i < g->at.ncancelled; i++)
		if (strcasecmp(text, g->at.cancelled[i]) == 0)
			return GO_CANCELLED;
	/* 8 and CANCELLED only by the list, which --wms-cancelled replaces */
	for (i = GO_DRAFT; i < GO_CANCELLED; i++)
		if (same_name(text, status_names[i]) || (text[0] ==
		    (char)('0' + i) && text[1] == '\0'))
			return (enum goodsout_status)i;
	return GO_UNKNOWN;
}

const char *
goodsout_status_name(enum goodsout_status s)
{
	return status_names[s];
}

/* Adds a line of the order; 0 when a quantity is not a count. */
static int
add_line(struct goodsout *g, json_t *l, const json_t *sku)
{
	struct goodsout_line gl;

	if (!count_or_none(json_object_get(l, g->at.qty), &gl.ordered) ||
	    !count_or_none(json_object_get(l, g->at.picked), &gl.picked) ||
	    !count_or_none(json_object_get(l, g->at.dispatched),
	    &gl.dispatched))
		return 0;
	gl.sku = add_string(g, json_string_value(sku),
	    json_string_length(sku));
	XGROW(g->lines, g->linecap, g->nlines + 1);
	g->lines[g->nlines++] = gl;
	return 1;
}

int
goodsout_read(struct goodsout *g, const struct ndjson_line *line,
    struct exception *e)
{
	json_t *rec = line->value, *l, *v, *set;
	struct goodsout_order w;
	size_t i, k, n, strings = g->strings.len;
	int fresh;

	exc_clear(e);
	memset(&w, 0, sizeof(w));
	e->value = first(g, g->at.ref, rec);
	if (!order_ref_key(e->value, &g->key)) {
		e->path = path_text(g->at.ref);
		return exc_hold(e, EXC_NO_FIELD, e->path, e->value,
		    "the WMS order has no reference at %s",
		    path_text(g->at.ref));
	}
	if (hash_has(g->index, g->key.p, g->key.len)) {
		e->path = path_text(g->at.ref);
		return exc_hold(e, EXC_DUPLICATE_ORDER, e->path,
		    e->value, "a second WMS order \"%s\"; the first counts",
		    g->key.p);
	}
	w.lines_at = g->nlines;
	n = path_find(g->at.lines, rec, &g->slots, &g->slotcap);
	for (k = 0; k < n; k++)
		json_array_foreach(g->slots[k].value, i, l) {
			json_t *sku = json_object_get(l, g->at.sku);

			if (!json_is_string(sku) || json_string_length(sku) ==
			    0)
				continue;
			if (add_line(g, l, sku)) {
				w.dispatched += g->lines[g->nlines - 1].
				    dispatched;
				continue;
			}
			g->nlines = w.lines_at;
			g->strings.len = strings;
			/* held: its storefront order is not missing */
			hash_put(g->held, g->key.p, g->key.len, &fresh);
			e->value = l;
			return exc_hold(e, EXC_BAD_QUANTITY, e->path,
			    e->value, "a quantity of \"%s\" is not an integer",
			    json_string_value(sku));
		}
	w.nlines = g->nlines - w.lines_at;
	set = json_array();
	goodsout_tracking(g->at.tracking, g->at.ntracking, rec, set,
	    &g->slots, &g->slotcap, &g->text);
	w.tracks_at = g->ntracks;
	json_array_foreach(set, i, v) {
		XGROW(g->tracks, g->trackcap, g->ntracks + 1);
		g->tracks[g->ntracks++] = add_string(g, json_string_value(v),
		    json_string_length(v));
	}
	w.ntracks = json_array_size(set);
	json_decref(set);
	if (ref_text(first(g, g->at.status, rec), &g->text)) {
		w.status = add_string(g, g->text.p, g->text.len);
		w.status_id = goodsout_status(g, g->text.p);
		w.cancelled = w.status_id == GO_CANCELLED;
	}
	v = first(g, g->at.dispatched_at, rec);
	w.dispatched_at = goodsout_time(v, g->zone);
	if (json_is_string(v))
		w.dispatched_text = add_string(g, json_string_value(v),
		    json_string_length(v));
	w.ref = add_string(g, g->key.p, g->key.len);
	XGROW(g->orders, g->ordercap, g->norders + 1);
	g->orders[g->norders] = w;
	*hash_put_index(g->index, g->key.p, g->key.len, &fresh) =
	    g->norders++;
	return 1;
}

unsigned long
goodsout_load(struct goodsout *g, struct tool *t, const char *file)
{
	struct ndjson_reader *r = tool_open_side(t, "--wms", &file);
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	unsigned long read = t->read;

	while (tool_next_from(t, r, &line))
		if (!goodsout_read(g, &line, &e))
			tool_hold(t, &line, &e, line.value);
	tool_close_side(t, r);
	exc_free(&e);
	return t->read - read;
}

struct goodsout_order *
goodsout_find(struct goodsout *g, const char *key, size_t len)
{
	size_t i = hash_get_index(g->index, key, len);

	return i == HASH_NONE ? NULL : &g->orders[i];
}

int
goodsout_held(const struct goodsout *g, const char *key, size_t len)
{
	return hash_has(g->held, key, len);
}

/*
 * By default more than 10 and more than 20% of the orders due: a normal day
 * misses a few orders, far under a fifth, while an export cut short or
 * filtered wrongly misses a great share; the 10 keep a small run to its
 * findings (1 missing of 2, 6 of 8 are for a person to read).
 */
unsigned long
goodsout_max_missing(const struct tool_limit *limit, unsigned long due)
{
	unsigned long share = due / 5;

	if (limit->set)
		return tool_limit_allowed(limit, due);
	return share > 10 ? share : 10;
}

void
goodsout_judge(struct tool *t, const char *file, unsigned long rows,
    unsigned long missing, unsigned long due,
    const struct tool_limit *limit, int force)
{
	unsigned long most = goodsout_max_missing(limit, due);
	struct buf by = { NULL, 0, 0 };

	if (missing == 0)
		return;
	if (rows == 0) {
		/* --allow-empty: the WMS has no orders, all due are missing */
		tool_need_rows(t, "--wms", file, rows);
		return;
	}
	if (missing <= most)
		return;
	tool_limit_by(limit, "--max-missing", &by);
	if (!force)
		tool_refuse(t, "incomplete_wms", "%lu of the %lu storefront "
		    "orders due are not in the WMS file %s: more than the %lu "
		    "that %s. An incomplete export? Refused, nothing written; "
		    "--max-missing N or P%% moves the limit, --force reports "
		    "anyway", missing, due, file, most, by.p);
	tool_forced(t, "incomplete_wms", "--force: %lu of the %lu storefront "
	    "orders due are not in the WMS file %s: more than the %lu that "
	    "%s; reported", missing, due, file, most, by.p);
	buf_free(&by);
}
