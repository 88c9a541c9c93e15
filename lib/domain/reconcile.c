#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "count.h"
#include "isotime.h"
#include "num.h"
#include "orderref.h"
#include "reconcile.h"
#include "xalloc.h"

#define NO_TIME GOODSOUT_NO_TIME

const enum exc_code rc_codes[RC_NCODES] = {
	EXC_ORDER_NOT_IN_WMS, EXC_NOT_IN_STOREFRONT, EXC_CANCELLED_BUT_ACTIVE,
	EXC_DISPATCHED_NOT_FULFILLED, EXC_FULFILLED_NOT_DISPATCHED,
	EXC_TRACKING_MISMATCH, EXC_QUANTITY_MISMATCH
};

void
reconcile_init(struct reconcile *rc)
{
	struct rc_paths *at = &rc->at;

	memset(rc, 0, sizeof(*rc));
	goodsout_init(&rc->go);
	at->f_order = path_literal("order_id");
	at->f_status = path_literal("status");
	path_list_add(&at->f_tracking, &at->nf_tracking, "tracking_number");
	path_list_add(&at->f_tracking, &at->nf_tracking, "tracking_numbers[]");
	rc->grace = 2 * 3600;
	rc->fulfilled = hash_new();
	rc->qty = hash_new();
}

void
reconcile_use_model(struct reconcile *rc, struct order_model *m)
{
	order_model_free(rc->model);
	rc->model = m;
}

int
reconcile_zone(const char *s, int64_t *seconds)
{
	int sign, h, mi = 0;

	if (strcasecmp(s, "Z") == 0 || strcasecmp(s, "UTC") == 0) {
		*seconds = 0;
		return 1;
	}
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s++ == '-' ? -1 : 1;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return 0;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	if (*s == ':')
		s++;
	if (*s != '\0') {
		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
		    s[2] != '\0')
			return 0;
		mi = (s[0] - '0') * 10 + (s[1] - '0');
	}
	if (h > 23 || mi > 59)
		return 0;
	*seconds = sign * (h * 3600 + mi * 60);
	return 1;
}

void
reconcile_free(struct reconcile *rc)
{
	struct rc_paths *at = &rc->at;

	path_list_free(at->tracking, at->ntracking);
	path_free(at->f_order);
	path_free(at->f_status);
	path_list_free(at->f_tracking, at->nf_tracking);
	goodsout_free(&rc->go);
	hash_free(rc->fulfilled);
	hash_free(rc->qty);
	free(rc->foff);
	free(rc->units);
	free(rc->slots);
	buf_free(&rc->ftexts);
	buf_free(&rc->ref);
	buf_free(&rc->id);
	buf_free(&rc->track);
	buf_free(&rc->fkey);
	order_free(&rc->order);
	order_model_free(rc->model);
	kits_free(rc->kits);
	sku_master_free(rc->master);
}

/* Appends the tracking numbers the paths reach to set, each once. */
static void
collect_tracking(struct reconcile *rc, struct path **paths, size_t n,
    json_t *rec, json_t *set)
{
	goodsout_tracking(paths, n, rec, set, &rc->slots, &rc->slotcap,
	    &rc->track);
}

/*
 * The key of an order id as the fulfilments name it: its text, where a
 * GraphQL global id ("gid://shopify/Order/5600000000001") is the REST id
 * it ends in, so that GraphQL orders meet REST fulfilments.
 */
static int
id_key(const json_t *id, struct buf *out)
{
	const char *slash;
	size_t n;

	if (!ref_text(id, out))
		return 0;
	if (out->len > 6 && strncmp(out->p, "gid://", 6) == 0 &&
	    (slash = strrchr(out->p, '/')) != NULL) {
		n = strlen(slash + 1);
		memmove(out->p, slash + 1, n + 1);
		out->len = n;
	}
	return 1;
}

static int
add_fulfilment(void *ctx, json_t *f, char **why)
{
	struct reconcile *rc = ctx;
	json_t *status = path_first(rc->at.f_status, f, &rc->slots,
	    &rc->slotcap);
	json_t *set = json_array(), *v;
	const char *s = json_string_value(status);
	size_t i, *at;
	int fresh;

	if (!id_key(path_first(rc->at.f_order, f, &rc->slots, &rc->slotcap),
	    &rc->id)) {
		json_decref(set);
		*why = xasprintf("no order id at %s", path_text(rc->at.f_order));
		return 0;
	}
	if (s != NULL && (strcmp(s, "cancelled") == 0 || strcmp(s, "error")
	    == 0 || strcmp(s, "failure") == 0)) {
		json_decref(set);
		return 1;	/* a fulfilment that did not happen */
	}
	collect_tracking(rc, rc->at.f_tracking, rc->at.nf_tracking, f, set);
	at = hash_put_index(rc->fulfilled, rc->id.p, rc->id.len, &fresh);
	if (fresh) {
		XGROW(rc->foff, rc->fcap, rc->nf + 1);
		rc->foff[rc->nf] = rc->ftexts.len;
		buf_add(&rc->ftexts, "", 1);	/* a list ends in "" */
		*at = rc->nf++;
	} else if (*at != rc->nf - 1) {
		json_decref(set);
		*why = xstrdup("fulfilments of one order must be on "
		    "consecutive lines");
		return 0;
	}
	rc->ftexts.len--;	/* reopen the list */
	json_array_foreach(set, i, v) {
		buf_adds(&rc->ftexts, json_string_value(v));
		buf_addc(&rc->ftexts, '\0');
	}
	buf_addc(&rc->ftexts, '\0');
	json_decref(set);
	return 1;
}

int
reconcile_load_fulfilments(struct reconcile *rc, const char *path, char **err)
{
	return ndjson_read_file(path, add_fulfilment, rc, err);
}

int
reconcile_load_kits(struct reconcile *rc, const char *path, char **err)
{
	return (rc->kits = kits_load(path, err)) != NULL;
}

int
reconcile_load_master(struct reconcile *rc, const char *path,
    const char *column, char **err)
{
	return (rc->master = sku_master_load(path, column, err)) != NULL;
}


/* A time; one written without a zone is in *zone, or none without one. */
static int64_t
time_of(const json_t *v, const int64_t *zone)
{
	return goodsout_time(v, zone);
}

static const char *
text_at(const struct reconcile *rc, size_t off)
{
	return goodsout_text(&rc->go, off);
}

/* The WMS side's facts. */
static json_t *
wms_facts(const struct reconcile *rc, const struct goodsout_order *w)
{
	json_t *tracks = json_array();
	size_t i;

	for (i = 0; i < w->ntracks; i++)
		json_array_append_new(tracks, json_string(text_at(rc,
		    rc->go.tracks[w->tracks_at + i])));
	return json_pack("{s:s?,s:s?,s:I,s:o}", "status", text_at(rc,
	    w->status), "dispatched_at", text_at(rc, w->dispatched_text),
	    "dispatched", (json_int_t)w->dispatched, "tracking", tracks);
}

static json_t *
finding(struct reconcile *rc, enum exc_code code, const json_t *ref,
    int64_t since, json_t *sf, json_t *wms)
{
	const char *name = exc_codes[code].name;
	char at[21];

	rc->found[code]++;
	reconcile_key(&rc->fkey, name, ref);
	/* the clock of the envelopes: --as-of dates the order, not this */
	exc_time_text(exc_now(), at);
	return json_pack("{s:s,s:s,s:O,s:o,s:o*,s:o*,s:s%,s:s}", "code", name,
	    "owner", exc_owners[exc_codes[code].owner], "order_ref", ref, "age",
	    since == NO_TIME ? json_null() : json_integer(rc->as_of - since),
	    "storefront", sf, "wms", wms, "key", rc->fkey.p, rc->fkey.len,
	    "at", at);
}

/* The index of sku in the tally, added with nothing on either side. */
static size_t
tally_index(struct reconcile *rc, const char *sku, size_t len, size_t *n)
{
	int fresh;
	size_t *at = hash_put_index(rc->qty, sku, len, &fresh);

	if (fresh) {
		XGROW(rc->units, rc->qtycap, *n + 1);
		rc->units[*n] = (struct rc_units){
			hash_key(rc->qty, sku, len), 0, 0, 0, 0, 1 };
		*at = (*n)++;
	}
	return *at;
}

/* What the storefront's lines tell of the order. */
struct rc_picks {
	size_t n;		/* SKUs in the tally */
	int any;		/* a line to pick with units to pick */
	int known;		/* every such line says what is fulfilled */
	int done;		/* and some of it is */
};

/*
 * Adds a line's units, and those fulfilled (-1: not known), to sku. Sums
 * are held at the ends of int64: a sum this large differs anyway.
 */
static void
tally_storefront(struct reconcile *rc, const char *sku, size_t len,
    int64_t q, int64_t done, size_t *n)
{
	size_t i = tally_index(rc, sku, len, n);	/* may move units */
	struct rc_units *u = &rc->units[i];

	u->sf = num_add_sat(u->sf, q);
	if (done < 0)
		u->sfknown = 0;
	else
		u->sfdone = num_add_sat(u->sfdone, done);
}

/*
 * The storefront's lines to pick at their live quantities, SKUs resolved
 * and bundles expanded; 0 and e on a line whose quantity is not a count.
 */
static int
storefront_lines(struct reconcile *rc, struct rc_picks *p,
    struct exception *e)
{
	struct order *o = &rc->order;
	size_t i, j;

	hash_clear(rc->qty);
	memset(p, 0, sizeof(*p));
	p->known = 1;
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		const struct kit *kit;
		struct sku_resolution res;
		const char *s;
		size_t len;
		int64_t done = -1;

		if (!order_picks(l))
			continue;	/* not shipped, or a parent's */
		if (l->qty_ok && l->qty > 0)
			p->any = 1;
		if (!json_is_string(l->sku) || json_string_length(l->sku) == 0)
			continue;	/* custom items: no SKU */
		s = json_string_value(l->sku);
		if (!l->qty_ok || l->qty < 0) {
			e->value = l->obj;
			return exc_hold(e, EXC_BAD_QUANTITY, e->path,
			    e->value, l->qty_ok ? "the live quantity of \"%s\" "
			    "is below 0" : "the quantity of \"%s\" is not an "
			    "integer", s);
		}
		if (l->qty > 0 && !l->fulfilled_ok)
			p->known = 0;
		else if (l->fulfilled_ok)
			done = l->fulfilled;
		if (done > 0)
			p->done = 1;
		len = json_string_length(l->sku);
		if (rc->master != NULL) {	/* as sku-normalize would */
			sku_resolve(rc->master, &rc->rules, s, len, &res);
			if (res.sku != NULL)
				s = res.sku, len = strlen(res.sku);
		}
		kit = rc->kits ? kits_get(rc->kits, s, len) : NULL;
		if (kit == NULL) {
			tally_storefront(rc, s, len, l->qty, done, &p->n);
			continue;
		}
		for (j = 0; j < kit->nleaves; j++) {
			int64_t units, part = -1;

			if (!num_mul(l->qty, kit->leaves[j].qty, &units) ||
			    (done >= 0 && !num_mul(done, kit->leaves[j].qty,
			    &part))) {
				e->value = l->obj;
				return exc_hold(e, EXC_BAD_QUANTITY,
				    e->path, e->value, "the quantity of \"%s\" "
				    "is too large", json_string_value(l->sku));
			}
			tally_storefront(rc, kit->leaves[j].sku,
			    strlen(kit->leaves[j].sku), units, part, &p->n);
		}
	}
	return 1;
}

/* Adds the WMS order's lines to the tally after the storefront's n. */
static size_t
tally_wms(struct reconcile *rc, const struct goodsout_order *w, size_t n)
{
	struct rc_units *u;
	size_t i, k;

	for (i = 0; i < w->nlines; i++) {
		const struct goodsout_line *l = &rc->go.lines[w->lines_at + i];
		const char *s = text_at(rc, l->sku);

		k = tally_index(rc, s, strlen(s), &n);
		u = &rc->units[k];
		u->wq = num_add_sat(u->wq, l->ordered);
		u->wd = num_add_sat(u->wd, l->dispatched);
	}
	return n;
}

/* {sku: {"storefront": a, "wms": b}} where the two differ, or NULL. */
static json_t *
quantity_differences(struct reconcile *rc, size_t n)
{
	json_t *diff = json_object();
	size_t i;

	for (i = 0; i < n; i++)	/* storefront's order, then the WMS's */
		if (rc->units[i].sf != rc->units[i].wq)
			json_object_set_new(diff, rc->units[i].sku, json_pack(
			    "{s:I,s:I}", "storefront",
			    (json_int_t)rc->units[i].sf, "wms",
			    (json_int_t)rc->units[i].wq));
	if (json_object_size(diff) == 0) {
		json_decref(diff);
		return NULL;
	}
	return diff;
}

/*
 * {sku: {"fulfilled": a, "dispatched": b}} for the storefront's SKUs (of
 * the first nsf) whose units fulfilled it knows and the WMS has dispatched
 * more of; or NULL.
 */
static json_t *
dispatch_differences(struct reconcile *rc, size_t nsf)
{
	json_t *diff = json_object();
	size_t i;

	for (i = 0; i < nsf; i++)
		if (rc->units[i].sfknown &&
		    rc->units[i].wd > rc->units[i].sfdone)
			json_object_set_new(diff, rc->units[i].sku, json_pack(
			    "{s:I,s:I}", "fulfilled",
			    (json_int_t)rc->units[i].sfdone, "dispatched",
			    (json_int_t)rc->units[i].wd));
	if (json_object_size(diff) == 0) {
		json_decref(diff);
		return NULL;
	}
	return diff;
}

/* Whether the two sets of tracking numbers differ. */
static int
tracking_differs(const struct reconcile *rc, const struct goodsout_order *w,
    const json_t *sf)
{
	size_t i, j;
	json_t *v;

	if (json_array_size(sf) != w->ntracks)
		return 1;
	for (i = 0; i < w->ntracks; i++) {
		int found = 0;

		json_array_foreach(sf, j, v)
			found |= strcmp(json_string_value(v), text_at(rc,
			    rc->go.tracks[w->tracks_at + i])) == 0;
		if (!found)
			return 1;
	}
	return 0;
}

/* Adds a tracking number, as compared, to set unless it is there. */
static void
add_track(struct reconcile *rc, const char *s, size_t len, json_t *set)
{
	json_t *v;
	size_t i;

	goodsout_tracking_key(s, len, &rc->track);
	if (rc->track.len == 0)
		return;
	json_array_foreach(set, i, v)
		if (strcmp(json_string_value(v), rc->track.p) == 0)
			return;
	json_array_append_new(set, json_string(rc->track.p));
}

/* The tracking numbers of the order's live fulfilments, or its paths. */
static void
order_tracks(struct reconcile *rc, json_t *set)
{
	struct order *o = &rc->order;
	json_t *nums[64];
	size_t i, j, k;

	if (rc->at.ntracking > 0) {
		collect_tracking(rc, rc->at.tracking, rc->at.ntracking,
		    o->record, set);
		return;
	}
	for (i = 0; i < o->nfulfilments; i++) {
		if (!o->fulfilments[i].live)
			continue;	/* a fulfilment that did not happen */
		k = order_tracking(rc->model, &o->fulfilments[i], nums, 64);
		for (j = 0; j < k; j++)
			add_track(rc, json_string_value(nums[j]),
			    json_string_length(nums[j]), set);
	}
}

static void
add_fulfilment_tracking(struct reconcile *rc, json_t *set, int *fulfilled)
{
	const char *s;
	size_t i;

	if (!id_key(rc->order.id, &rc->id) ||
	    (i = hash_get_index(rc->fulfilled, rc->id.p, rc->id.len)) ==
	    HASH_NONE)
		return;
	*fulfilled = 1;
	for (s = rc->ftexts.p + rc->foff[i]; *s != '\0';
	    s += strlen(s) + 1)
		add_track(rc, s, strlen(s), set);
}

/* A status of the order that says it is fulfilled, in whole or part. */
static int
fulfilled_status(const json_t *status)
{
	static const char *const done[] = { "fulfilled", "partial",
	    "partially_fulfilled", "complete" };
	size_t i;

	if (!json_is_string(status))
		return 0;
	for (i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (strcasecmp(json_string_value(status), done[i]) == 0)
			return 1;
	return 0;
}

/* The value at one of the model's order fields, or NULL. */
static json_t *
order_field(struct reconcile *rc, const char *field)
{
	return path_first(order_model_path(rc->model, field),
	    rc->order.record, &rc->slots, &rc->slotcap);
}

/* The storefront's side of an order, as reconcile_order judges it. */
struct rc_side {
	const json_t *ref;	/* the order's reference */
	struct rc_picks p;	/* what its lines tell */
	int64_t created;	/* NO_TIME where not known */
	int cancelled;
	int due;		/* the WMS must have it by now */
	int fulfilled;		/* in whole or part, as the storefront says */
	json_t *facts;		/* the storefront's, as a finding has them */
};

/*
 * Reads the order and finds its WMS order (*w, NULL where none), marked as
 * named by the storefront; 0 and e when it is held: a field that cannot
 * be read, no reference, or a reference the storefront had before.
 */
static int
read_order(struct reconcile *rc, json_t *order, struct goodsout_order **w,
    struct exception *e)
{
	const struct path *refpath = order_model_path(rc->model, "ref");
	int read = order_read(rc->model, order, &rc->order, e);
	json_t *ref = rc->order.ref;

	*w = NULL;
	if (!order_ref_key(ref, &rc->ref)) {
		if (!read)
			return 0;	/* e: bad_field */
		return exc_hold(e, EXC_NO_FIELD, refpath ? path_text(refpath) :
		    NULL, ref, "the order has no reference at %s",
		    refpath ? path_text(refpath) : "(none)");
	}
	*w = goodsout_find(&rc->go, rc->ref.p, rc->ref.len);
	/* a duplicate is found through the WMS side: memory for one side */
	if (*w != NULL && (*w)->matched) {
		exc_clear(e);
		return exc_hold(e, EXC_DUPLICATE_ORDER, path_text(refpath), ref,
		    "a second storefront order \"%s\"; the first counts",
		    rc->ref.p);
	}
	if (*w != NULL)	/* named by the storefront, even if held below */
		(*w)->matched = 1;
	return read;	/* e: bad_field */
}

/* What the storefront says of the order read, its lines tallied in p. */
static void
storefront_side(struct reconcile *rc, struct rc_side *s)
{
	struct order *o = &rc->order;
	json_t *tracks = json_array();
	int fulfilled = 0;

	s->ref = o->ref;
	s->created = time_of(o->created, rc->zone);
	s->cancelled = o->cancelled;
	/* nothing to pick (gift cards, say): nothing for the WMS */
	s->due = s->p.any && !s->cancelled && (s->created == NO_TIME ||
	    s->created + rc->grace <= rc->as_of);
	rc->due += s->due;
	order_tracks(rc, tracks);
	add_fulfilment_tracking(rc, tracks, &fulfilled);
	/* where each line says what is fulfilled, the lines decide: a gift
	 * card fulfilled at once makes no order "partial" to the WMS */
	if (s->p.any && s->p.known)
		fulfilled = s->p.done;
	else
		fulfilled |= fulfilled_status(o->status);
	s->fulfilled = fulfilled | (json_array_size(tracks) > 0);
	s->facts = json_pack("{s:O*,s:O*,s:O*,s:o}", "created_at", o->created,
	    "cancelled_at", order_field(rc, "cancelled"),
	    "fulfillment_status", o->status, "tracking", tracks);
}

/* Appends a finding of the order: sf and wms are taken. */
static void
found_one(struct reconcile *rc, json_t *found, enum exc_code code,
    const struct rc_side *s, int64_t since, json_t *sf, json_t *wms)
{
	json_array_append_new(found, finding(rc, code, s->ref, since, sf,
	    wms));
}

/* An order that the WMS file does not have. */
static void
judge_not_in_wms(struct reconcile *rc, const struct rc_side *s,
    json_t *found)
{
	if (s->due)
		found_one(rc, found, EXC_ORDER_NOT_IN_WMS, s, s->created,
		    json_copy(s->facts), NULL);
	if (s->p.any && s->fulfilled)
		found_one(rc, found, EXC_FULFILLED_NOT_DISPATCHED, s,
		    s->created, json_copy(s->facts), NULL);
}

/* Dispatches: the WMS's that the storefront does not show fulfilled,
 * and the storefront's fulfilments the WMS has not dispatched. */
static void
judge_dispatch(struct reconcile *rc, const struct rc_side *s,
    const struct goodsout_order *w, json_t *found)
{
	json_t *diff = dispatch_differences(rc, s->p.n), *sf;

	if ((w->dispatched > 0 || w->dispatched_at != NO_TIME) &&
	    (!s->fulfilled || diff != NULL) &&
	    (w->dispatched_at == NO_TIME || w->dispatched_at + rc->grace <=
	    rc->as_of)) {
		sf = json_copy(s->facts);
		if (diff != NULL)
			json_object_set(sf, "lines", diff);
		found_one(rc, found, EXC_DISPATCHED_NOT_FULFILLED, s,
		    w->dispatched_at, sf, wms_facts(rc, w));
	}
	json_decref(diff);
	if (s->p.any && s->fulfilled && w->dispatched == 0 &&
	    w->dispatched_at == NO_TIME)
		found_one(rc, found, EXC_FULFILLED_NOT_DISPATCHED, s,
		    s->created, json_copy(s->facts), wms_facts(rc, w));
}

/* An order on both sides, not cancelled: dispatches, tracking numbers,
 * quantities. */
static void
judge_both(struct reconcile *rc, const struct rc_side *s,
    const struct goodsout_order *w, json_t *found)
{
	size_t n = tally_wms(rc, w, s->p.n);
	json_t *tracks = json_object_get(s->facts, "tracking"), *diff, *sf;

	judge_dispatch(rc, s, w, found);
	if (json_array_size(tracks) > 0 && w->ntracks > 0 &&
	    tracking_differs(rc, w, tracks))
		found_one(rc, found, EXC_TRACKING_MISMATCH, s,
		    w->dispatched_at, json_copy(s->facts), wms_facts(rc, w));
	if ((diff = quantity_differences(rc, n)) != NULL) {
		sf = json_copy(s->facts);
		json_object_set_new(sf, "lines", diff);
		found_one(rc, found, EXC_QUANTITY_MISMATCH, s, s->created, sf,
		    wms_facts(rc, w));
	}
}

int
reconcile_order(struct reconcile *rc, json_t *order, json_t *found,
    struct exception *e)
{
	struct goodsout_order *w;
	struct rc_side s;

	if (!read_order(rc, order, &w, e) || !storefront_lines(rc, &s.p, e))
		return 0;
	if (w == NULL && goodsout_held(&rc->go, rc->ref.p, rc->ref.len))
		return 1;	/* its WMS order is held: nothing to compare */
	storefront_side(rc, &s);
	if (w == NULL)
		judge_not_in_wms(rc, &s, found);
	else if (s.cancelled && !w->cancelled)
		found_one(rc, found, EXC_CANCELLED_BUT_ACTIVE, &s, s.created,
		    json_copy(s.facts), wms_facts(rc, w));
	else if (!s.cancelled)
		judge_both(rc, &s, w, found);
	json_decref(s.facts);
	return 1;
}

json_t *
reconcile_unmatched(struct reconcile *rc, size_t i)
{
	struct goodsout_order *w = &rc->go.orders[i];
	json_t *ref, *f;

	if (w->matched)
		return NULL;
	ref = json_string(text_at(rc, w->ref));
	f = finding(rc, EXC_NOT_IN_STOREFRONT, ref, w->dispatched_at, NULL,
	    wms_facts(rc, w));
	json_decref(ref);
	return f;
}

unsigned long
reconcile_missing(const struct reconcile *rc)
{
	return rc->found[EXC_ORDER_NOT_IN_WMS];
}

void
reconcile_key(struct buf *out, const char *code, const json_t *ref)
{
	struct buf text = { NULL, 0, 0 };

	buf_reset(out);
	buf_printf(out, "reconcile/%s/", code);
	if (ref_text(ref, &text))
		buf_add(out, text.p, text.len);
	buf_free(&text);
}

/* A member's string, or NULL. */
static const char *
string_at(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* sep between the parts of the facts, none before the first. */
static void
part(struct buf *out, size_t start, const char *sep)
{
	if (out->len > start)
		buf_adds(out, sep);
}

/* The strings of an array, space-separated, most of them; "none". */
static void
list(struct buf *out, const json_t *a, size_t most)
{
	size_t i, n = json_array_size(a), shown = 0;

	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(a, i);

		if (most > 0 && shown == most)
			break;
		if (shown++ > 0)
			buf_addc(out, ' ');
		if (json_is_string(v))
			buf_add(out, json_string_value(v),
			    json_string_length(v));
	}
	if (shown == 0)
		buf_adds(out, "none");
	else if (shown < n)
		buf_printf(out, " and %zu more", n - shown);
}

/* "SKU: one a, two b; ..." of {"SKU":{one:a,two:b}}, most SKUs. */
static void
lines(struct buf *out, const json_t *l, const char *one, const char *label1,
    const char *two, const char *label2, size_t most)
{
	const char *sku;
	const json_t *v;
	size_t shown = 0, n = json_object_size(l);

	json_object_foreach((json_t *)l, sku, v) {
		if (most > 0 && shown == most)
			break;
		if (shown++ > 0)
			buf_adds(out, "; ");
		buf_printf(out, "%s: %s %lld, %s %lld", sku, label1,
		    (long long)json_integer_value(json_object_get(v, one)),
		    label2,
		    (long long)json_integer_value(json_object_get(v, two)));
	}
	if (shown < n)
		buf_printf(out, "; and %zu more SKU%s", n - shown,
		    n - shown == 1 ? "" : "s");
}

/* The WMS's order: "WMS PENDING, nothing dispatched", "WMS COMPLETED,
 * dispatched 2026-11-26T15:00:00Z, 1 unit, tracking JD0002". */
static void
wms_side(struct buf *out, const json_t *wms, size_t most)
{
	const char *status = string_at(wms, "status");
	const char *at = string_at(wms, "dispatched_at");
	json_int_t units = json_integer_value(json_object_get(wms,
	    "dispatched"));
	const json_t *tracks = json_object_get(wms, "tracking");

	buf_printf(out, "WMS %s", status ? status : "status unknown");
	if (at != NULL)
		buf_printf(out, ", dispatched %s", at);
	if (units == 0 && at == NULL)
		buf_adds(out, ", nothing dispatched");
	else
		buf_printf(out, ", %lld unit%s", (long long)units,
		    units == 1 ? "" : "s");
	if (json_array_size(tracks) > 0) {
		buf_adds(out, ", tracking ");
		list(out, tracks, most);
	}
}

void
reconcile_facts(struct buf *out, const json_t *f, size_t most)
{
	const char *code = string_at(f, "code"), *s;
	const json_t *sf = json_object_get(f, "storefront");
	const json_t *wms = json_object_get(f, "wms");
	const json_t *l = json_object_get(sf, "lines");
	size_t start;

	buf_reset(out);
	buf_add(out, "", 0);
	if (code == NULL)
		return;
	start = out->len;
	switch (exc_find(code)) {
	case EXC_ORDER_NOT_IN_WMS:
		if ((s = string_at(sf, "created_at")) != NULL)
			buf_printf(out, "placed %s", s);
		if ((s = string_at(sf, "fulfillment_status")) != NULL) {
			part(out, start, ", ");
			buf_printf(out, "storefront %s", s);
		}
		break;
	case EXC_NOT_IN_STOREFRONT:
		wms_side(out, wms, most);
		break;
	case EXC_CANCELLED_BUT_ACTIVE:
		s = string_at(sf, "cancelled_at");
		buf_printf(out, "cancelled%s%s; ", s ? " " : "", s ? s : "");
		wms_side(out, wms, most);
		break;
	case EXC_DISPATCHED_NOT_FULFILLED:
		if (json_object_size(l) > 0) {
			lines(out, l, "fulfilled", "fulfilled", "dispatched",
			    "dispatched", most);
			buf_adds(out, "; ");
		}
		wms_side(out, wms, most);
		if ((s = string_at(sf, "fulfillment_status")) != NULL)
			buf_printf(out, "; storefront %s", s);
		break;
	case EXC_FULFILLED_NOT_DISPATCHED:
		if ((s = string_at(sf, "fulfillment_status")) != NULL)
			buf_printf(out, "storefront %s", s);
		if (json_array_size(json_object_get(sf, "tracking")) > 0) {
			part(out, start, ", ");
			buf_adds(out, "tracking ");
			list(out, json_object_get(sf, "tracking"), most);
		}
		if (out->len == start)	/* its lines say so */
			buf_adds(out, "storefront fulfilled");
		buf_adds(out, "; ");
		if (wms != NULL)
			wms_side(out, wms, most);
		else
			buf_adds(out, "not in the WMS");
		break;
	case EXC_TRACKING_MISMATCH:
		buf_adds(out, "storefront ");
		list(out, json_object_get(sf, "tracking"), most);
		buf_adds(out, ", WMS ");
		list(out, json_object_get(wms, "tracking"), most);
		if ((s = string_at(wms, "dispatched_at")) != NULL)
			buf_printf(out, ", dispatched %s", s);
		break;
	case EXC_QUANTITY_MISMATCH:
		lines(out, l, "storefront", "storefront", "wms", "WMS", most);
		break;
	default:	/* not a finding of reconcile */
		break;
	}
}
