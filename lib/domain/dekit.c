#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "dekit.h"
#include "jsonw.h"
#include "money.h"
#include "num.h"
#include "orderref.h"
#include "xalloc.h"

void
dekit_init(struct dekit *d, struct kits *kits)
{
	memset(d, 0, sizeof(*d));
	d->kits = kits;
	d->sku_key = "sku";
	d->qty_key = "quantity";
	d->seen = hash_new();
	dekit_use_model(d, order_model_new(order_shapes[0], -1));
}

static void
free_list(struct path **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		path_free(list[i]);
	free(list);
}

static void
forget_lists(struct dekit *d)
{
	free_list(d->qtys, d->nqtys);
	free_list(d->units, d->nunits);
	free_list(d->totals, d->ntotals);
	free_list(d->drops, d->ndrops);
	d->qtys = d->units = d->totals = d->drops = NULL;
	d->nqtys = d->nunits = d->ntotals = d->ndrops = 0;
	d->ready = 0;
}

void
dekit_use_model(struct dekit *d, struct order_model *m)
{
	char *err = NULL;

	order_model_free(d->model);
	forget_lists(d);
	d->model = m;
	/*
	 * A shape without parents (shopify) still never expands a line that
	 * other lines name by parent_item_id, as Magento's children do.
	 */
	if (order_model_path(m, "parent") == NULL &&
	    !order_model_set(m, "parent", "parent_item_id", &err))
		abort();
}

void
dekit_free(struct dekit *d)
{
	forget_lists(d);
	order_model_free(d->model);
	order_free(&d->o);
	hash_free(d->seen);
	hash_free(d->stock);
	hash_free(d->places);
	hash_free(d->figures);
	while (d->nlocs > 0)
		json_decref(d->locs[--d->nlocs]);
	free(d->locs);
	free(d->available);
	free(d->slots);
	free(d->shares);
	free(d->sums);
	free(d->cells);
	free(d->kids);
	free(d->kls);
	free(d->amounts);
	buf_free(&d->text);
	buf_free(&d->id);
	json_decref(d->detail);
	kits_free(d->kits);
}

static void
add_field(struct dekit *d, struct path ***list, size_t *n, const char *field)
{
	const struct path *p = order_model_path(d->model, field);

	if (p != NULL)
		path_list_add(list, n, path_text(p));
}

/*
 * The shape's quantities, unit amounts, totals and unshareable members,
 * with the fields the options override (--qty-key, --price-key) added.
 */
static void
prepare(struct dekit *d)
{
	const struct order_shape *s = order_model_shape(d->model);
	size_t i;

	if (d->ready)
		return;
	add_field(d, &d->qtys, &d->nqtys, "qty");
	add_field(d, &d->qtys, &d->nqtys, "live_qty");
	add_field(d, &d->qtys, &d->nqtys, "cancelled_qty");
	for (i = 0; s->qty_fields[i] != NULL; i++)
		path_list_add(&d->qtys, &d->nqtys, s->qty_fields[i]);
	add_field(d, &d->units, &d->nunits, "price");
	for (i = 0; s->unit_amounts[i] != NULL; i++)
		path_list_add(&d->units, &d->nunits, s->unit_amounts[i]);
	for (i = 0; s->total_amounts[i] != NULL; i++)
		path_list_add(&d->totals, &d->ntotals, s->total_amounts[i]);
	for (i = 0; s->unshareable[i] != NULL; i++)
		path_list_add(&d->drops, &d->ndrops, s->unshareable[i]);
	d->ready = 1;
}

/* n in the type of like: a real stays a real. */
static json_t *
count_json(int64_t n, const json_t *like)
{
	return json_is_real(like) ? json_real((double)n) : json_integer(n);
}

/* The record, e->value, is held for its member key. */
static void __attribute__((format(printf, 4, 5)))
hold_at(struct exception *e, enum exc_code code, const char *key,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	exc_vhold(e, code, key, json_object_get(e->value, key), fmt, ap);
	va_end(ap);
}

/*
 * The record is held for a member of line i: the slot s of path p (NULL:
 * the member named by text), with value.
 */
static void __attribute__((format(printf, 8, 9)))
problem(struct dekit *d, struct exception *e, enum exc_code code, size_t i,
    const struct path *p, const struct path_slot *s, const json_t *value,
    const char *fmt, ...)
{
	va_list ap;

	if (e->code != EXC_NONE)
		return;	/* the first problem speaks for the record */
	if (p != NULL && s != NULL) {
		path_where(p, s, &d->text);
		order_line_where(d->model, &d->o, i, d->text.p, &e->pathbuf);
	} else
		order_line_where(d->model, &d->o, i, p ? path_text(p) : "kit",
		    &e->pathbuf);
	va_start(ap, fmt);
	exc_vhold(e, code, e->pathbuf.p, value, fmt, ap);
	va_end(ap);
}

static void
reset(struct dekit *d, struct exception *e)
{
	exc_clear(e);
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

/* The slots of p in v, into d->slots; how many. */
static size_t
find(struct dekit *d, const struct path *p, json_t *v)
{
	return p == NULL ? 0 : path_find(p, v, &d->slots, &d->slotcap);
}

/* Sets the first slot of p in v to x (taken); x is dropped where none. */
static void
put(struct dekit *d, const struct path *p, json_t *v, json_t *x)
{
	if (find(d, p, v) > 0)
		path_set(&d->slots[0], x);
	else
		json_decref(x);
}

/*
 * An amount of a kit line: a unit amount (units[list]) or a line total
 * (totals[list]), at the slot-th slot of its path, in minor units at
 * scale.
 */
struct dekit_amount {
	int total;
	size_t list, slot;
	int64_t v;
	int scale;
	const json_t *like;
};

struct dekit_kitline {
	const struct kit *kit;
	size_t line;		/* its index among the order's lines */
	size_t first, n;	/* its amounts in d->amounts */
};

/* An amount's decimals: its sibling currency code's, else the order's. */
static int
amount_scale(const struct dekit *d, const struct path_slot *s)
{
	static const char *const keys[] = { "currency_code", "currencyCode" };
	size_t i;
	int scale;

	for (i = 0; i < 2; i++) {
		json_t *c = json_object_get(s->parent, keys[i]);

		if (json_is_string(c) && (scale = money_currency_scale(
		    json_string_value(c), json_string_length(c))) >= 0)
			return scale;
	}
	return d->o.scale;
}

/* Reads the amounts of one list of a kit line; 0 with e on a bad one. */
static int
read_amounts(struct dekit *d, size_t i, const struct kit *k, int total,
    struct exception *e)
{
	struct path **list = total ? d->totals : d->units;
	size_t n = total ? d->ntotals : d->nunits, a, s, ns;
	json_t *obj = d->o.lines[i].obj;
	int64_t line;

	for (a = 0; a < n; a++) {
		ns = find(d, list[a], obj);
		for (s = 0; s < ns; s++) {
			const json_t *v = d->slots[s].value;
			struct dekit_amount am = { total, a, s, 0, 0, v };

			if (v == NULL || json_is_null(v))
				continue;
			am.scale = amount_scale(d, &d->slots[s]);
			/* a unit amount's line total must fit too */
			if (!money_from_json(v, am.scale, &am.v) ||
			    am.v == INT64_MIN || (!total && (am.v < 0 ||
			    !num_mul(am.v, d->o.lines[i].qty, &line)))) {
				problem(d, e, EXC_BAD_PRICE, i, list[a],
				    &d->slots[s], v, "the %s of kit line "
				    "\"%s\" is not a decimal of at most %d "
				    "places%s", path_text(list[a]), k->sku,
				    am.scale, total ? "" : ", 0 or more");
				return 0;
			}
			XGROW(d->amounts, d->amountcap, d->namounts + 1);
			d->amounts[d->namounts++] = am;
		}
	}
	return 1;
}

/*
 * Checks kit line i, whose live quantity is above 0: its quantities are
 * whole and fit once multiplied; its amounts are decimals of its currency.
 * 0 with e filled when it cannot be broken down.
 */
static int
check_kit_line(struct dekit *d, size_t i, struct dekit_kitline *kl,
    struct exception *e)
{
	const struct kit *k = kl->kit;
	json_t *obj = d->o.lines[i].obj;
	size_t a, s, j, ns;
	int64_t q, total;

	for (a = 0; a < d->nqtys; a++) {
		ns = find(d, d->qtys[a], obj);
		for (s = 0; s < ns; s++) {
			const json_t *v = d->slots[s].value;

			if (v == NULL || json_is_null(v))
				continue;
			if (!json_count(v, &q)) {
				problem(d, e, EXC_BAD_QUANTITY, i, d->qtys[a],
				    &d->slots[s], v, "the %s of kit line "
				    "\"%s\" is not a whole number",
				    path_text(d->qtys[a]), k->sku);
				return 0;
			}
			for (j = 0; j < k->nleaves; j++)
				if (!num_mul(q, k->leaves[j].qty, &total)) {
					problem(d, e, EXC_BAD_QUANTITY, i,
					    d->qtys[a], &d->slots[s], v,
					    "the %s of kit line \"%s\" is too "
					    "large", path_text(d->qtys[a]),
					    k->sku);
					return 0;
				}
		}
	}
	kl->first = d->namounts;
	if (!read_amounts(d, i, k, 0, e) || !read_amounts(d, i, k, 1, e))
		return 0;
	kl->n = d->namounts - kl->first;
	return 1;
}

/* A component line: a copy of the kit line with its own values. */
static void
add_component(struct dekit *d, json_t *out, const struct dekit_kitline *kl,
    size_t leaf, int64_t units, size_t row, size_t number)
{
	const struct order_line *l = &d->o.lines[kl->line];
	const struct kit_leaf *lf = &kl->kit->leaves[leaf];
	size_t rowlen = kl->kit->nleaves + 1, a, s, ns;
	json_t *c = json_deep_copy(l->obj), *elem;
	int64_t q;

	for (a = 0; a < kl->n; a++) {
		const struct dekit_amount *am = &d->amounts[kl->first + a];

		ns = find(d, (am->total ? d->totals : d->units)[am->list], c);
		if (am->slot < ns)
			path_set(&d->slots[am->slot], money_to_json(
			    d->cells[a * rowlen + row], am->scale, am->like));
	}
	for (a = 0; a < d->nqtys; a++) {
		ns = find(d, d->qtys[a], c);
		for (s = 0; s < ns; s++)
			if (json_count(d->slots[s].value, &q))
				path_set(&d->slots[s], count_json(q * units,
				    d->slots[s].value));
	}
	for (a = 0; a < d->ndrops; a++) {
		ns = find(d, d->drops[a], c);
		while (ns-- > 0)
			if (d->slots[ns].key != NULL &&
			    d->slots[ns].value != NULL)
				json_object_del(d->slots[ns].parent,
				    d->slots[ns].key);
	}
	put(d, order_model_path(d->model, "sku"), c, json_string(lf->sku));
	if (ref_text(l->id, &d->text)) {
		buf_printf(&d->text, "-%zu", number);
		put(d, order_model_path(d->model, "line_id"), c,
		    json_stringn(d->text.p, d->text.len));
	}
	json_object_set_new(c, "kit", json_pack("{s:s,s:O,s:I,s:I}", "sku",
	    kl->kit->sku, "line_id", l->id ? l->id : json_null(), "qty",
	    (json_int_t)lf->qty, "position", (json_int_t)leaf + 1));
	if (d->o.list == ORDER_EDGES) {	/* an edge of its own */
		elem = json_copy(l->elem);
		json_object_set_new(elem, "node", c);
	} else
		elem = c;
	json_array_append_new(out, elem);
	d->component_lines++;
}

/*
 * The cells of one amount: a row of nleaves + 1, the first component's
 * line (or, split, the line of units per kit less one), the line of one
 * unit of the first component where it is split, then the others'.
 * Returns whether a unit amount needs the split.
 */
static int
amount_cells(struct dekit *d, const struct kit *k, const struct dekit_amount
    *am, int split, int64_t *row)
{
	int64_t *sh = d->shares, v = am->v < 0 ? -am->v : am->v, rest;
	size_t j, first = k->nleaves;
	int64_t q0 = k->leaves[0].qty, units[2] = { q0 - 1, 1 };

	kits_share(d->kits, k, v, sh);
	if (am->total) {	/* by the same weights */
		if (split)	/* by units: one unit against the others */
			num_share(sh[0], units, 2, row);
		else
			row[0] = sh[0], row[1] = 0;
		for (j = 1; j < k->nleaves; j++)
			row[j + 1] = sh[j];
		if (am->v < 0)
			for (j = 0; j <= k->nleaves; j++)
				row[j] = -row[j];
		return 0;
	}
	/* for one kit: whole unit amounts, then the rest */
	rest = v;
	for (j = 0; j < k->nleaves; j++) {
		sh[j] /= k->leaves[j].qty;
		rest -= sh[j] * k->leaves[j].qty;
	}
	for (j = 0; j < k->nleaves && first == k->nleaves; j++)
		if (rest % k->leaves[j].qty == 0)
			first = j;
	if (first < k->nleaves)	/* a component whose units divide it */
		sh[first] += rest / k->leaves[first].qty;
	row[0] = row[1] = sh[0];
	for (j = 1; j < k->nleaves; j++)
		row[j + 1] = sh[j];
	if (first < k->nleaves)
		return 0;
	/* none divides it: units less one, then one unit with the rest */
	row[0] = sh[0] + rest / q0;
	row[1] = sh[0] + rest / q0 + rest % q0;
	return 1;
}

/* Appends the component lines of one kit line to out. */
static void
break_down(struct dekit *d, const struct dekit_kitline *kl, json_t *out)
{
	const struct kit *k = kl->kit;
	size_t rowlen = k->nleaves + 1, a, j, number = 1;
	int split = 0;

	XGROW(d->shares, d->sharecap, k->nleaves);
	XGROW(d->cells, d->cellcap, kl->n * rowlen + 1);
	for (a = 0; a < kl->n; a++)
		if (!d->amounts[kl->first + a].total)
			split |= amount_cells(d, k, &d->amounts[kl->first + a],
			    0, d->cells + a * rowlen);
	for (a = 0; a < kl->n; a++)
		if (d->amounts[kl->first + a].total)
			amount_cells(d, k, &d->amounts[kl->first + a], split,
			    d->cells + a * rowlen);
	for (j = 0; j < k->nleaves; j++) {
		if (j > 0)
			add_component(d, out, kl, j, k->leaves[j].qty, j + 1,
			    number++);
		else if (!split)
			add_component(d, out, kl, 0, k->leaves[0].qty, 0,
			    number++);
		else {
			add_component(d, out, kl, 0, k->leaves[0].qty - 1, 0,
			    number++);
			add_component(d, out, kl, 0, 1, 1, number++);
		}
	}
	d->kit_lines++;
}

/* Marks the lines that other lines name as their parent. */
static void
mark_parents(struct dekit *d)
{
	size_t i;

	XGROW(d->kids, d->kidcap, d->o.nlines + 1);
	memset(d->kids, 0, d->o.nlines);
	for (i = 0; i < d->o.nlines; i++)
		if (d->o.lines[i].parent != 0)
			d->kids[d->o.lines[i].parent - 1] = 1;
}

/* The kit of line i when it is to be broken down, or NULL. */
static const struct kit *
kit_of_line(struct dekit *d, size_t i)
{
	const struct order_line *l = &d->o.lines[i];

	if (!order_picks(l) || d->kids[i] || !json_is_string(l->sku))
		return NULL;
	return kits_get(d->kits, json_string_value(l->sku),
	    json_string_length(l->sku));
}

int
dekit_order(struct dekit *d, json_t *record, struct exception *e)
{
	struct order *o = &d->o;
	size_t i, k;
	json_t *out;

	reset(d, e);
	prepare(d);
	d->nkls = d->namounts = 0;
	if (!order_read(d->model, record, o, e))
		return 0;
	mark_parents(d);
	for (i = 0; i < o->nlines; i++) {	/* check all before changing */
		const struct order_line *l = &o->lines[i];
		struct dekit_kitline kl = { kit_of_line(d, i), i, 0, 0 };

		if (kl.kit == NULL)
			continue;
		if (!l->qty_ok) {
			problem(d, e, EXC_BAD_QUANTITY, i, l->qty_field, NULL,
			    l->qty_value, l->qty_value == NULL ?
			    "kit line \"%s\" has no quantity" :
			    "the quantity of kit line \"%s\" is not a whole "
			    "number", kl.kit->sku);
			return 0;
		}
		if (l->qty < 0) {
			problem(d, e, EXC_BAD_QUANTITY, i, l->qty_field, NULL,
			    l->qty_value, "the quantity of kit line \"%s\" "
			    "is below 0", kl.kit->sku);
			return 0;
		}
		if (l->qty == 0)
			continue;	/* removed by an edit: none to pick */
		if (!check_kit_line(d, i, &kl, e))
			return 0;
		XGROW(d->kls, d->klcap, d->nkls + 1);
		d->kls[d->nkls++] = kl;
	}
	if (d->nkls == 0)
		return 1;	/* most orders have no kit lines */
	out = json_array();
	for (i = 0, k = 0; i < o->nlines; i++)
		if (k < d->nkls && d->kls[k].line == i)
			break_down(d, &d->kls[k++], out);
		else
			json_array_append(out, o->lines[i].elem);
	json_array_clear(o->lines_array);
	json_array_extend(o->lines_array, out);
	json_decref(out);
	return 1;
}

/* Fold back: the component lines of one kit line in one record. */
struct group {
	const struct kit *kit;
	const json_t *line_id;
	size_t at;		/* its sums in d->sums: 3 per component */
	int emitted;
};

/* A line's quantity at the model's quantity field; 0 where none. */
static int
line_count(struct dekit *d, json_t *obj, int64_t *qty, json_t **v)
{
	*v = find(d, order_model_path(d->model, "qty"), obj) > 0 ?
	    d->slots[0].value : NULL;
	return json_count(*v, qty);
}

/* The kit line i names, or NULL with e filled. */
static const struct kit *
check_component(struct dekit *d, size_t i, int64_t *pos, int64_t *perkit,
    int64_t *qty, struct exception *e)
{
	json_t *line = d->o.lines[i].obj;
	json_t *ref = json_object_get(line, "kit");
	json_t *ks = json_object_get(ref, "sku"), *v;
	const struct kit *k = NULL;

	if (json_is_string(ks))
		k = kits_get(d->kits, json_string_value(ks),
		    json_string_length(ks));
	if (k == NULL) {
		problem(d, e, EXC_UNKNOWN_KIT, i, NULL, NULL, ref, "the line "
		    "names a kit that is not in the kit table");
		return NULL;
	}
	if (!json_count(json_object_get(ref, "position"), pos) || *pos < 1 ||
	    (size_t)*pos > k->nleaves ||
	    !json_count(json_object_get(ref, "qty"), perkit) || *perkit < 1) {
		problem(d, e, EXC_UNKNOWN_KIT, i, NULL, NULL, ref, "the line's "
		    "kit position or qty does not fit kit \"%s\"", k->sku);
		return NULL;
	}
	if (!line_count(d, line, qty, &v) || *qty < 0) {
		problem(d, e, EXC_BAD_QUANTITY, i, order_model_path(d->model,
		    "qty"), NULL, v, "the quantity is not an integer, 0 or "
		    "more");
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
	size_t need, *at;
	int fresh;

	buf_reset(&d->text);
	buf_add(&d->text, k->sku, strlen(k->sku) + 1);
	if (!ref_text(line_id, &d->id))
		buf_reset(&d->id);
	buf_add(&d->text, d->id.p ? d->id.p : "", d->id.len);
	at = hash_put_index(d->seen, d->text.p, d->text.len, &fresh);
	if (!fresh)
		return &(*groups)[*at];
	XGROW(*groups, *cap, *n + 1);
	(*groups)[*n].kit = k;
	(*groups)[*n].line_id = line_id;
	(*groups)[*n].at = *n == 0 ? 0 : (*groups)[*n - 1].at +
	    3 * (*groups)[*n - 1].kit->nleaves;
	(*groups)[*n].emitted = 0;
	need = (*groups)[*n].at + 3 * k->nleaves;
	XGROW(d->sums, d->sumcap, need);
	memset(d->sums + (*groups)[*n].at, 0, 3 * k->nleaves *
	    sizeof(*d->sums));
	*at = (*n)++;
	return &(*groups)[*at];
}

/* A line as an element of the lines: an edge where they are edges. */
static json_t *
element(struct dekit *d, json_t *line)
{
	return d->o.list == ORDER_EDGES ? json_pack("{s:o}", "node", line) :
	    line;
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
		put(d, order_model_path(d->model, "line_id"), line,
		    json_incref((json_t *)g->line_id));
	put(d, order_model_path(d->model, "sku"), line,
	    json_string(g->kit->sku));
	put(d, order_model_path(d->model, "qty"), line, json_integer(kits));
	json_array_append_new(out, element(d, line));
	d->kit_lines++;
}

/* A copy of line i's element with qty units left. */
static json_t *
rest_of(struct dekit *d, size_t i, int64_t qty)
{
	const struct order_line *l = &d->o.lines[i];
	json_t *c = json_deep_copy(l->obj), *elem, *v;
	int64_t was;

	if (line_count(d, c, &was, &v))
		path_set(&d->slots[0], count_json(qty, v));
	if (d->o.list != ORDER_EDGES)
		return c;
	elem = json_copy(l->elem);
	json_object_set_new(elem, "node", c);
	return elem;
}

int
dekit_rekit(struct dekit *d, json_t *record, struct exception *e)
{
	struct order *o = &d->o;
	struct group *groups = NULL;
	size_t i, ngroups = 0, cap = 0;
	int64_t pos, perkit, qty;
	json_t *out;

	reset(d, e);
	if (!order_read(d->model, record, o, e))
		return 0;
	for (i = 0; i < o->nlines; i++)
		if (json_is_object(json_object_get(o->lines[i].obj, "kit")) &&
		    check_component(d, i, &pos, &perkit, &qty, e) == NULL)
			return 0;
	hash_clear(d->seen);
	for (i = 0; i < o->nlines; i++) {	/* the sums */
		json_t *ref = json_object_get(o->lines[i].obj, "kit");
		const struct kit *k;
		struct group *g;

		if (!json_is_object(ref))
			continue;
		k = check_component(d, i, &pos, &perkit, &qty, e);
		g = group_of(d, &groups, &ngroups, &cap, k, ref);
		d->sums[g->at + (size_t)pos - 1] += qty;
		if (d->sums[g->at + k->nleaves + (size_t)pos - 1] == 0)
			d->sums[g->at + k->nleaves + (size_t)pos - 1] = perkit;
	}
	if (ngroups == 0) {
		free(groups);
		return 1;
	}
	out = json_array();
	for (i = 0; i < o->nlines; i++) {
		json_t *ref = json_object_get(o->lines[i].obj, "kit");
		const struct kit *k;
		struct group *g;
		int64_t *take, used;

		if (!json_is_object(ref)) {
			json_array_append(out, o->lines[i].elem);
			continue;
		}
		k = check_component(d, i, &pos, &perkit, &qty, e);
		g = group_of(d, &groups, &ngroups, &cap, k, ref);
		if (!g->emitted)
			emit_kit_line(d, g, out);
		take = &d->sums[g->at + 2 * k->nleaves + (size_t)pos - 1];
		used = qty < *take ? qty : *take;
		*take -= used;
		if (used == 0)
			json_array_append(out, o->lines[i].elem);
		else if (used < qty)	/* units beyond whole kits */
			json_array_append_new(out, rest_of(d, i, qty - used));
	}
	json_array_clear(o->lines_array);
	json_array_extend(o->lines_array, out);
	json_decref(out);
	free(groups);
	return 1;
}

/*
 * Stock: the components of every kit. A figure is kept per component and
 * location; without a location key all stock is at one location, 0.
 */
static void
index_components(struct dekit *d)
{
	size_t i, j, n = 0;
	int fresh;

	d->stock = hash_new();
	d->places = hash_new();
	d->figures = hash_new();
	for (i = 0; i < kits_count(d->kits); i++) {
		const struct kit *k = kits_at(d->kits, i);

		for (j = 0; j < k->nleaves; j++) {
			size_t *at = hash_put_index(d->stock,
			    k->leaves[j].sku, strlen(k->leaves[j].sku), &fresh);

			if (fresh)
				*at = n++;
		}
	}
}

/* A component's index among the components. */
static size_t
component(const struct dekit *d, const char *sku)
{
	return hash_get_index(d->stock, sku, strlen(sku));
}

/*
 * The figure of component c at location l, or NULL where it has no
 * record there; with make, one is made (INT64_MIN: no figure yet).
 */
static int64_t *
figure(struct dekit *d, size_t c, size_t l, int make)
{
	const size_t key[2] = { c, l };
	size_t *at, i;
	int fresh;

	if (!make) {
		i = hash_get_index(d->figures, (const char *)key, sizeof(key));
		return i == HASH_NONE ? NULL : &d->available[i];
	}
	at = hash_put_index(d->figures, (const char *)key, sizeof(key),
	    &fresh);
	if (fresh) {
		XGROW(d->available, d->availablecap, d->navailable + 1);
		d->available[d->navailable] = INT64_MIN;
		*at = d->navailable++;
	}
	return &d->available[*at];
}

/*
 * The location of a component's stock record into *l, its text left in
 * d->text. A location is keyed by its text, as stockdiff's --location-key
 * keys it, so that 65000000001 and "65000000001" are one; its value as
 * first seen is what the kit records carry. 0 with e filled where the
 * record has no string or integer there.
 */
static int
location_of(struct dekit *d, json_t *record, const char *sku, size_t *l,
    struct exception *e)
{
	json_t *v;
	size_t *at;
	int fresh;

	*l = 0;
	if (d->location_key == NULL)
		return 1;
	v = json_object_get(record, d->location_key);
	if (!ref_text(v, &d->text)) {
		hold_at(e, EXC_NO_FIELD, d->location_key, "the stock record "
		    "of component \"%s\" has no location (a string or an "
		    "integer) at %s", sku, d->location_key);
		return 0;
	}
	at = hash_put_index(d->places, d->text.p, d->text.len, &fresh);
	if (fresh) {
		XGROW(d->locs, d->loccap, d->nlocs + 1);
		d->locs[d->nlocs] = json_incref(v);
		*at = d->nlocs++;
	}
	*l = *at;
	return 1;
}

int
dekit_stock_record(struct dekit *d, json_t *record, struct exception *e)
{
	const char *sku;
	size_t len, idx, l;
	int64_t avail, *fig;

	reset(d, e);
	if (d->stock == NULL)
		index_components(d);
	if ((sku = line_sku(d, record, &len)) == NULL ||
	    (idx = hash_get_index(d->stock, sku, len)) == HASH_NONE)
		return 1;	/* not a component: nothing to remember */
	e->value = record;
	if (!location_of(d, record, sku, &l, e))
		return 0;
	/* a held figure still puts the component here: its kits get 0 */
	fig = figure(d, idx, l, 1);
	if (!json_count(json_object_get(record, d->qty_key), &avail)) {
		hold_at(e, EXC_BAD_QUANTITY, d->qty_key, "the stock of "
		    "component \"%s\" is not an integer", sku);
		return 0;
	}
	if (*fig != INT64_MIN && d->location_key == NULL) {
		hold_at(e, EXC_DUPLICATE_SKU, d->sku_key, "a second stock "
		    "record for component \"%s\"; the first one counts", sku);
		return 0;
	}
	if (*fig != INT64_MIN) {
		hold_at(e, EXC_DUPLICATE_SKU, d->sku_key, "a second stock "
		    "record for component \"%s\" at %s \"%s\"; the first one "
		    "counts", sku, d->location_key, d->text.p);
		return 0;
	}
	/* INT64_MIN marks "no figure"; any negative counts as 0 anyway */
	*fig = avail == INT64_MIN ? -1 : avail;
	return 1;
}

/* Whether any component of k has a stock record at location l. */
static int
kit_is_at(struct dekit *d, const struct kit *k, size_t l)
{
	size_t j;

	for (j = 0; j < k->nleaves; j++)
		if (figure(d, component(d, k->leaves[j].sku), l, 0) != NULL)
			return 1;
	return 0;
}

/*
 * The kit's figure at location l: the smallest, over its components, of
 * their figure divided by their units in one kit; 0 where a component has
 * no figure there, each such component named once in missing.
 */
static int64_t
kit_figure(struct dekit *d, const struct kit *k, size_t l, json_t *missing)
{
	int64_t kits = INT64_MAX, *fig, a;
	size_t j, n = 0, at;

	/* a SKU reached twice through nesting: its units per kit add up */
	hash_clear(d->seen);
	XGROW(d->sums, d->sumcap, k->nleaves);
	for (j = 0; j < k->nleaves; j++) {
		const char *sku = k->leaves[j].sku;
		int fresh;
		size_t *slot = hash_put_index(d->seen, sku, strlen(sku),
		    &fresh);

		if (fresh) {
			d->sums[n] = 0;
			*slot = n++;
		}
		d->sums[*slot] += k->leaves[j].qty;
	}
	for (j = 0; j < k->nleaves; j++) {
		const char *sku = k->leaves[j].sku;

		at = hash_get_index(d->seen, sku, strlen(sku));
		if (d->sums[at] == 0)
			continue;	/* this SKU is done */
		fig = figure(d, component(d, sku), l, 0);
		if (fig == NULL || *fig == INT64_MIN)
			json_array_append_new(missing, json_string(sku));
		else if ((a = *fig < 0 ? 0 : *fig) / d->sums[at] < kits)
			kits = a / d->sums[at];
		d->sums[at] = 0;
	}
	return json_array_size(missing) > 0 ? 0 : kits;
}

int
dekit_stock_next(struct dekit *d, size_t i, size_t *at, json_t **record,
    struct exception *e)
{
	const struct kit *k = kits_at(d->kits, i);
	json_t *missing;
	size_t l = *at;
	int64_t kits;
	int nowhere = 0;

	reset(d, e);
	*record = NULL;
	if (d->stock == NULL)
		index_components(d);
	if (d->location_key == NULL) {
		if (l > 0)
			return 0;
	} else {
		while (l < d->nlocs && !kit_is_at(d, k, l))
			l++;
		if (l >= d->nlocs && *at > 0)
			return 0;
		/*
		 * No component anywhere: there is no location to write 0
		 * at, and stockdiff zeroes the storefront's records of the
		 * kit as missing_in_wms; the kit is still reported.
		 */
		nowhere = l >= d->nlocs;
		l = nowhere ? SIZE_MAX : l;
	}
	*at = nowhere ? d->nlocs + 1 : l + 1;
	missing = json_array();
	kits = kit_figure(d, k, l, missing);
	*record = json_object();
	json_object_set_new(*record, d->sku_key, json_string(k->sku));
	if (d->location_key != NULL && !nowhere)
		json_object_set(*record, d->location_key, d->locs[l]);
	json_object_set_new(*record, d->qty_key, json_integer(kits));
	json_object_set_new(*record, "kit", json_true());
	if (json_array_size(missing) == 0) {
		json_decref(missing);
		return DEKIT_PASS;
	}
	d->detail = json_pack("{s:o}", "missing", missing);
	if (nowhere)
		exc_hold(e, EXC_MISSING_COMPONENT_STOCK, NULL, NULL,
		    "kit \"%s\" has no component with a stock record at any "
		    "%s; no record is written for it", k->sku,
		    d->location_key);
	else if (d->location_key != NULL) {
		ref_text(d->locs[l], &d->text);
		exc_hold(e, EXC_MISSING_COMPONENT_STOCK, NULL, NULL,
		    "kit \"%s\" has components without a stock record at %s "
		    "\"%s\"; its stock there is set to 0", k->sku,
		    d->location_key, d->text.p);
	} else
		exc_hold(e, EXC_MISSING_COMPONENT_STOCK, NULL, NULL,
		    "kit \"%s\" has components without a stock record; its "
		    "stock is set to 0", k->sku);
	e->detail = d->detail;
	return nowhere ? DEKIT_HOLD : DEKIT_PASS | DEKIT_HOLD;
}

int
dekit_stock_kit(struct dekit *d, size_t i, json_t **record,
    struct exception *e)
{
	size_t at = 0;

	return dekit_stock_next(d, i, &at, record, e) == DEKIT_PASS;
}
