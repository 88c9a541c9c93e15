#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "dekit.h"
#include "jsonw.h"
#include "money.h"
#include "orderref.h"
#include "xalloc.h"

void
dekit_init(struct dekit *d, struct kits *kits)
{
	memset(d, 0, sizeof(*d));
	d->kits = kits;
	d->lines = path_literal("line_items");
	d->sku_key = "sku";
	d->qty_key = "quantity";
	d->price_key = "price";
	d->id_key = "id";
	d->parent_key = "parent_item_id";
	d->scale = 2;
	d->seen = hash_new();
}

void
dekit_free(struct dekit *d)
{
	path_free(d->lines);
	hash_free(d->seen);
	hash_free(d->stock);
	free(d->available);
	free(d->slots);
	free(d->shares);
	free(d->sums);
	free(d->kls);
	buf_free(&d->text);
	buf_free(&d->path);
	buf_free(&d->msg);
	json_decref(d->detail);
	kits_free(d->kits);
}

/* n in the type of like: a real stays a real. */
static json_t *
count_json(int64_t n, const json_t *like)
{
	return json_is_real(like) ? json_real((double)n) : json_integer(n);
}

/* Notes why the record is held; the first problem speaks for it. */
static void __attribute__((format(printf, 5, 0)))
vhold(struct dekit *d, struct exception *e, const char *code,
    const json_t *value, const char *fmt, va_list ap)
{
	e->code = code;
	e->value = value;
	e->path = d->path.p;
	buf_reset(&d->msg);
	buf_vprintf(&d->msg, fmt, ap);
	e->message = d->msg.p;
}

/* The record is held for its member key. */
static void __attribute__((format(printf, 5, 6)))
hold_at(struct dekit *d, struct exception *e, const char *code,
    const char *key, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&d->path);
	buf_adds(&d->path, key);
	va_start(ap, fmt);
	vhold(d, e, code, json_object_get(e->value, key), fmt, ap);
	va_end(ap);
}

/* The record is held for lines[line].key (key NULL: the line). */
static void __attribute__((format(printf, 7, 8)))
problem(struct dekit *d, struct exception *e, const char *code,
    const struct path_slot *where, size_t line, const char *key,
    const char *fmt, ...)
{
	va_list ap;
	json_t *l = json_array_get(where->value, line);

	if (e->code != NULL)
		return;
	path_where(d->lines, where, &d->path);
	buf_printf(&d->path, "[%zu]", line);
	if (key != NULL) {
		buf_printf(&d->path, ".%s", key);
		l = json_object_get(l, key);
	}
	va_start(ap, fmt);
	vhold(d, e, code, l, fmt, ap);
	va_end(ap);
}

static void
reset(struct dekit *d, struct exception *e)
{
	memset(e, 0, sizeof(*e));
	json_decref(d->detail);
	d->detail = NULL;
}

static const char *
line_sku(const struct dekit *d, const json_t *line, size_t *len)
{
	json_t *sku = json_object_get(line, d->sku_key);

	if (!json_is_string(sku))
		return NULL;
	*len = json_string_length(sku);
	return json_string_value(sku);
}

/* Remembers the ids that lines name as their parent. */
static void
note_parents(struct dekit *d, json_t *lines)
{
	size_t i;
	json_t *l;
	int fresh;

	hash_clear(d->seen);
	json_array_foreach(lines, i, l)
		if (ref_text(json_object_get(l, d->parent_key), &d->text))
			hash_put(d->seen, d->text.p, d->text.len, &fresh);
}

/* The kit of a line to break down, or NULL. */
static const struct kit *
kit_of_line(struct dekit *d, const json_t *line)
{
	const struct kit *k;
	const char *sku;
	size_t len;

	if ((sku = line_sku(d, line, &len)) == NULL ||
	    (k = kits_get(d->kits, sku, len)) == NULL)
		return NULL;
	if (hash_count(d->seen) > 0 &&
	    ref_text(json_object_get(line, d->id_key), &d->text) &&
	    hash_has(d->seen, d->text.p, d->text.len))
		return NULL;	/* its components are lines already */
	return k;
}

struct dekit_kitline {
	const struct kit *kit;
	json_t *line;
	int64_t qty, unit;	/* kits, and the unit price in minor units */
	const json_t *price;	/* NULL: no price to share */
	size_t slot, index;	/* where the line is in the record */
};

/* Checks a kit line; 0 with e filled when it cannot be broken down. */
static int
check_kit_line(struct dekit *d, const struct path_slot *where, size_t i,
    struct dekit_kitline *kl, struct exception *e)
{
	const json_t *q = json_object_get(kl->line, d->qty_key);
	int64_t total;
	size_t j;

	kl->price = json_object_get(kl->line, d->price_key);
	if (json_is_null(kl->price))
		kl->price = NULL;
	if (!json_count(q, &kl->qty) || kl->qty <= 0) {
		problem(d, e, "bad_quantity", where, i, d->qty_key,
		    "the quantity of kit line \"%s\" is not a positive integer",
		    kl->kit->sku);
		return 0;
	}
	for (j = 0; j < kl->kit->nleaves; j++)
		if (__builtin_mul_overflow(kl->qty, kl->kit->leaves[j].qty,
		    &total)) {
			problem(d, e, "bad_quantity", where, i, d->qty_key,
			    "the quantity of kit line \"%s\" is too large",
			    kl->kit->sku);
			return 0;
		}
	if (kl->price == NULL)
		return 1;
	if (!money_from_json(kl->price, d->scale, &kl->unit) || kl->unit < 0 ||
	    __builtin_mul_overflow(kl->unit, kl->qty, &total)) {
		problem(d, e, "bad_price", where, i, d->price_key,
		    "the price of kit line \"%s\" is not a decimal of at most "
		    "%d places, 0 or more", kl->kit->sku, d->scale);
		return 0;
	}
	return 1;
}

/* A component line: a copy of the kit line with its own values. */
static void
add_component(struct dekit *d, json_t *out, const struct dekit_kitline *kl,
    size_t leaf, int64_t qty, int64_t unit, size_t number)
{
	const struct kit_leaf *lf = &kl->kit->leaves[leaf];
	json_t *c = json_copy(kl->line);
	json_t *id = json_object_get(kl->line, d->id_key);

	json_object_set_new(c, d->sku_key, json_string(lf->sku));
	json_object_set_new(c, d->qty_key, count_json(qty,
	    json_object_get(kl->line, d->qty_key)));
	if (kl->price != NULL)
		json_object_set_new(c, d->price_key, money_to_json(unit,
		    d->scale, kl->price));
	if (ref_text(id, &d->text)) {
		buf_printf(&d->text, "-%zu", number);
		json_object_set_new(c, d->id_key, json_stringn(d->text.p,
		    d->text.len));
	}
	json_object_set_new(c, "kit", json_pack("{s:s,s:O,s:I,s:I}", "sku",
	    kl->kit->sku, "line_id", id ? id : json_null(), "qty",
	    (json_int_t)lf->qty, "position", (json_int_t)leaf + 1));
	json_array_append_new(out, c);
	d->component_lines++;
}

/* Appends the component lines of one kit line to out. */
static void
break_down(struct dekit *d, const struct dekit_kitline *kl, json_t *out)
{
	const struct kit *k = kl->kit;
	int64_t total = kl->unit * kl->qty, rest = total;
	size_t j, first = k->nleaves, number = 1;
	void *p = d->shares;

	xgrow(&p, &d->sharecap, k->nleaves, sizeof(*d->shares));
	d->shares = p;
	kits_share(d->kits, k, total, d->shares);
	for (j = 0; j < k->nleaves; j++) {	/* whole unit prices */
		int64_t q = kl->qty * k->leaves[j].qty;

		d->shares[j] /= q;
		rest -= d->shares[j] * q;
	}
	for (j = 0; j < k->nleaves && first == k->nleaves; j++)
		if (rest % (kl->qty * k->leaves[j].qty) == 0)
			first = j;
	if (first < k->nleaves)	/* a line whose quantity divides the rest */
		d->shares[first] += rest / (kl->qty * k->leaves[first].qty);
	for (j = 0; j < k->nleaves; j++) {
		int64_t q = kl->qty * k->leaves[j].qty;

		if (j > 0 || first < k->nleaves) {
			add_component(d, out, kl, j, q, d->shares[j], number++);
			continue;
		}
		/* none divides it: quantity - 1, then one line of 1 */
		add_component(d, out, kl, 0, q - 1, d->shares[0] + rest / q,
		    number++);
		add_component(d, out, kl, 0, 1, d->shares[0] + rest / q +
		    rest % q, number++);
	}
	d->kit_lines++;
}

int
dekit_order(struct dekit *d, json_t *record, struct exception *e)
{
	size_t n, s, i, k;
	json_t *l;
	void *p;

	reset(d, e);
	d->nkls = 0;
	n = path_find(d->lines, record, &d->slots, &d->slotcap);
	for (s = 0; s < n; s++) {	/* check all before changing any */
		if (!json_is_array(d->slots[s].value))
			continue;
		note_parents(d, d->slots[s].value);
		json_array_foreach(d->slots[s].value, i, l) {
			struct dekit_kitline kl = { kit_of_line(d, l), l, 0, 0,
			    NULL, s, i };

			if (kl.kit == NULL ||
			    !check_kit_line(d, &d->slots[s], i, &kl, e))
				continue;
			p = d->kls;
			xgrow(&p, &d->klcap, d->nkls + 1, sizeof(*d->kls));
			d->kls = p;
			d->kls[d->nkls++] = kl;
		}
	}
	if (e->code != NULL)
		return 0;
	/* only arrays with kit lines are rebuilt: most orders have none */
	for (k = 0; k < d->nkls; ) {
		json_t *out = json_array();

		s = d->kls[k].slot;
		json_array_foreach(d->slots[s].value, i, l) {
			if (k < d->nkls && d->kls[k].slot == s &&
			    d->kls[k].index == i)
				break_down(d, &d->kls[k++], out);
			else
				json_array_append(out, l);
		}
		path_set(&d->slots[s], out);
	}
	return 1;
}

/* Fold back: the component lines of one kit line in one record. */
struct group {
	const struct kit *kit;
	const json_t *line_id;
	size_t at;		/* its sums in d->sums: 3 per component */
	int emitted;
};

/* The kit a component line names, or NULL with e filled. */
static const struct kit *
check_component(struct dekit *d, const struct path_slot *where, size_t i,
    json_t *line, int64_t *pos, int64_t *perkit, struct exception *e)
{
	json_t *ref = json_object_get(line, "kit");
	json_t *ks = json_object_get(ref, "sku");
	const struct kit *k = NULL;
	int64_t qty;

	if (json_is_string(ks))
		k = kits_get(d->kits, json_string_value(ks),
		    json_string_length(ks));
	if (k == NULL) {
		problem(d, e, "unknown_kit", where, i, "kit", "the line names "
		    "a kit that is not in the kit table");
		return NULL;
	}
	if (!json_count(json_object_get(ref, "position"), pos) || *pos < 1 ||
	    (size_t)*pos > k->nleaves ||
	    !json_count(json_object_get(ref, "qty"), perkit) || *perkit < 1) {
		problem(d, e, "unknown_kit", where, i, "kit", "the line's kit "
		    "position or qty does not fit kit \"%s\"", k->sku);
		return NULL;
	}
	if (!json_count(json_object_get(line, d->qty_key), &qty) || qty < 0) {
		problem(d, e, "bad_quantity", where, i, d->qty_key,
		    "the quantity is not an integer, 0 or more");
		return NULL;
	}
	return k;
}

/* Finds or makes the group of a component line. */
static struct group *
group_of(struct dekit *d, struct group **groups, size_t *n, size_t *cap,
    const struct kit *k, json_t *ref)
{
	const json_t *line_id = json_object_get(ref, "line_id");
	void **slot, *p;
	size_t need;
	int fresh;

	buf_reset(&d->text);
	buf_add(&d->text, k->sku, strlen(k->sku) + 1);
	if (!ref_text(line_id, &d->path))
		buf_reset(&d->path);
	buf_add(&d->text, d->path.p ? d->path.p : "", d->path.len);
	slot = hash_put(d->seen, d->text.p, d->text.len, &fresh);
	if (!fresh)
		return &(*groups)[(uintptr_t)*slot - 1];
	p = *groups;
	xgrow(&p, cap, *n + 1, sizeof(**groups));
	*groups = p;
	(*groups)[*n].kit = k;
	(*groups)[*n].line_id = line_id;
	(*groups)[*n].at = *n == 0 ? 0 : (*groups)[*n - 1].at +
	    3 * (*groups)[*n - 1].kit->nleaves;
	(*groups)[*n].emitted = 0;
	need = (*groups)[*n].at + 3 * k->nleaves;
	p = d->sums;
	xgrow(&p, &d->sumcap, need, sizeof(*d->sums));
	d->sums = p;
	memset(d->sums + (*groups)[*n].at, 0, 3 * k->nleaves *
	    sizeof(*d->sums));
	*slot = (void *)(uintptr_t)++*n;
	return &(*groups)[*n - 1];
}

/* Writes the kit line of a group, and sets what it takes of each part. */
static void
emit_kit_line(struct dekit *d, struct group *g, json_t *out)
{
	int64_t *sum = d->sums + g->at, *perkit = sum + g->kit->nleaves;
	int64_t *take = perkit + g->kit->nleaves, kits = INT64_MAX;
	size_t j;
	json_t *line;

	for (j = 0; j < g->kit->nleaves; j++) {
		int64_t k = perkit[j] > 0 ? sum[j] / perkit[j] : 0;

		if (k < kits)
			kits = k;
	}
	for (j = 0; j < g->kit->nleaves; j++)
		take[j] = kits * perkit[j];
	g->emitted = 1;
	if (kits == 0)
		return;
	line = json_object();
	if (!json_is_null(g->line_id) && g->line_id != NULL)
		json_object_set(line, d->id_key, (json_t *)g->line_id);
	json_object_set_new(line, d->sku_key, json_string(g->kit->sku));
	json_object_set_new(line, d->qty_key, json_integer(kits));
	json_array_append_new(out, line);
	d->kit_lines++;
}

int
dekit_rekit(struct dekit *d, json_t *record, struct exception *e)
{
	struct group *groups = NULL;
	size_t n, s, i, ngroups, cap = 0;
	int64_t pos, perkit, qty;
	json_t *l;

	reset(d, e);
	n = path_find(d->lines, record, &d->slots, &d->slotcap);
	for (s = 0; s < n && e->code == NULL; s++) {
		if (!json_is_array(d->slots[s].value))
			continue;
		json_array_foreach(d->slots[s].value, i, l)
			if (json_is_object(json_object_get(l, "kit")) &&
			    check_component(d, &d->slots[s], i, l, &pos,
			    &perkit, e) == NULL)
				break;
	}
	for (s = 0; s < n && e->code == NULL; s++) {
		json_t *out;

		if (!json_is_array(d->slots[s].value))
			continue;
		hash_clear(d->seen);
		ngroups = 0;
		json_array_foreach(d->slots[s].value, i, l) {	/* the sums */
			const struct kit *k;
			struct group *g;

			if (!json_is_object(json_object_get(l, "kit")))
				continue;
			k = check_component(d, &d->slots[s], i, l, &pos,
			    &perkit, e);
			g = group_of(d, &groups, &ngroups, &cap, k,
			    json_object_get(l, "kit"));
			json_count(json_object_get(l, d->qty_key), &qty);
			d->sums[g->at + (size_t)pos - 1] += qty;
			if (d->sums[g->at + k->nleaves + (size_t)pos - 1] == 0)
				d->sums[g->at + k->nleaves + (size_t)pos - 1] =
				    perkit;
		}
		out = json_array();
		json_array_foreach(d->slots[s].value, i, l) {
			const struct kit *k;
			struct group *g;
			int64_t *take, used;

			if (!json_is_object(json_object_get(l, "kit"))) {
				json_array_append(out, l);
				continue;
			}
			k = check_component(d, &d->slots[s], i, l, &pos,
			    &perkit, e);
			g = group_of(d, &groups, &ngroups, &cap, k,
			    json_object_get(l, "kit"));
			if (!g->emitted)
				emit_kit_line(d, g, out);
			json_count(json_object_get(l, d->qty_key), &qty);
			take = &d->sums[g->at + 2 * k->nleaves + (size_t)pos - 1];
			used = qty < *take ? qty : *take;
			*take -= used;
			if (used == 0)
				json_array_append(out, l);
			else if (used < qty) {	/* units beyond whole kits */
				json_t *c = json_copy(l);

				json_object_set_new(c, d->qty_key, count_json(
				    qty - used, json_object_get(l, d->qty_key)));
				json_array_append_new(out, c);
			}
		}
		path_set(&d->slots[s], out);
	}
	free(groups);
	return e->code == NULL;
}

/* Stock: the components of every kit, each with its availability. */
static void
index_components(struct dekit *d)
{
	size_t i, j, n = 0;
	int fresh;

	d->stock = hash_new();
	for (i = 0; i < kits_count(d->kits); i++) {
		const struct kit *k = kits_at(d->kits, i);

		for (j = 0; j < k->nleaves; j++) {
			void **slot = hash_put(d->stock, k->leaves[j].sku,
			    strlen(k->leaves[j].sku), &fresh);

			if (fresh)
				*slot = (void *)(uintptr_t)++n;
		}
	}
	d->available = xcalloc(n + 1, sizeof(*d->available));
	for (i = 0; i < n; i++)
		d->available[i] = INT64_MIN;
}

int
dekit_stock_record(struct dekit *d, json_t *record, struct exception *e)
{
	const char *sku;
	size_t len, idx;
	int64_t avail;

	reset(d, e);
	if (d->stock == NULL)
		index_components(d);
	if ((sku = line_sku(d, record, &len)) == NULL ||
	    (idx = (uintptr_t)hash_get(d->stock, sku, len)) == 0)
		return 1;	/* not a component: nothing to remember */
	e->value = record;
	if (!json_count(json_object_get(record, d->qty_key), &avail)) {
		hold_at(d, e, "bad_quantity", d->qty_key, "the stock of "
		    "component \"%s\" is not an integer", sku);
		return 0;
	}
	if (d->available[idx - 1] != INT64_MIN) {
		hold_at(d, e, "duplicate_sku", d->sku_key, "a second stock "
		    "record for component \"%s\"; the first one counts", sku);
		return 0;
	}
	/* INT64_MIN marks "no record"; any negative counts as 0 anyway */
	d->available[idx - 1] = avail == INT64_MIN ? -1 : avail;
	return 1;
}

int
dekit_stock_kit(struct dekit *d, size_t i, json_t **record,
    struct exception *e)
{
	const struct kit *k = kits_at(d->kits, i);
	int64_t kits = INT64_MAX;
	json_t *missing = json_array();
	size_t j;

	size_t n = 0;
	void *p = d->sums;

	reset(d, e);
	if (d->stock == NULL)
		index_components(d);
	/* a SKU reached twice through nesting: its units per kit add up */
	hash_clear(d->seen);
	xgrow(&p, &d->sumcap, k->nleaves, sizeof(*d->sums));
	d->sums = p;
	for (j = 0; j < k->nleaves; j++) {
		const char *sku = k->leaves[j].sku;
		int fresh;
		void **slot = hash_put(d->seen, sku, strlen(sku), &fresh);

		if (fresh) {
			d->sums[n] = 0;
			*slot = (void *)(uintptr_t)++n;
		}
		d->sums[(uintptr_t)*slot - 1] += k->leaves[j].qty;
	}
	for (j = 0; j < k->nleaves; j++) {
		const char *sku = k->leaves[j].sku;
		size_t at = (uintptr_t)hash_get(d->seen, sku, strlen(sku));
		int64_t a = d->available[(uintptr_t)hash_get(d->stock, sku,
		    strlen(sku)) - 1];

		if (d->sums[at - 1] == 0)
			continue;	/* this SKU is done */
		if (a == INT64_MIN)
			json_array_append_new(missing, json_string(sku));
		else if ((a < 0 ? 0 : a) / d->sums[at - 1] < kits)
			kits = (a < 0 ? 0 : a) / d->sums[at - 1];
		d->sums[at - 1] = 0;
	}
	if (json_array_size(missing) > 0)
		kits = 0;
	*record = json_pack("{s:s,s:I,s:b}", d->sku_key, k->sku, d->qty_key,
	    (json_int_t)kits, "kit", 1);
	if (json_array_size(missing) == 0) {
		json_decref(missing);
		return 1;
	}
	d->detail = json_pack("{s:o}", "missing", missing);
	buf_reset(&d->msg);
	buf_printf(&d->msg, "kit \"%s\" has components without a stock "
	    "record; its stock is set to 0", k->sku);
	e->code = "missing_component_stock";
	e->message = d->msg.p;
	e->detail = d->detail;
	return 0;
}
