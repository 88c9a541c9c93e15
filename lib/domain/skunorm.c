#include <stdlib.h>
#include <string.h>

#include "skunorm.h"
#include "xalloc.h"

struct skunorm_change {
	struct path_slot slot;
	size_t off, len;	/* the new SKU in n->text */
};

void
skunorm_add_path(struct skunorm *n, struct path *p)
{
	size_t cap = n->npaths;

	XGROW(n->paths, cap, n->npaths + 1);
	n->paths[n->npaths++] = p;
}

void
skunorm_set_model(struct skunorm *n, struct order_model *m)
{
	order_model_free(n->model);
	n->model = m;
}

/* The place of slot s of p into n->where: in the record, or with a model
 * in the line looked at. */
static void
locate(struct skunorm *n, const struct path *p, const struct path_slot *s)
{
	if (n->model == NULL) {
		path_where(p, s, &n->where);
		return;
	}
	order_line_where(n->model, &n->order, n->line, NULL, &n->where);
	path_where(p, s, &n->at);
	buf_addc(&n->where, '.');
	buf_add(&n->where, n->at.p, n->at.len);
}

static void
add_change(struct skunorm *n, const struct path_slot *s, const char *sku,
    size_t len)
{
	XGROW(n->changes, n->changecap, n->nchanges + 1);
	n->changes[n->nchanges].slot = *s;
	n->changes[n->nchanges].off = n->text.len;
	n->changes[n->nchanges].len = len;
	n->nchanges++;
	buf_add(&n->text, sku, len);
}

static json_t *
string_list(const char **s, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* "SKU "X" what "A", "B"", naming the place when X is not a string. */
static void
message(struct skunorm *n, struct exception *e, const json_t *value,
    const char *what, const char **list, size_t nlist)
{
	size_t i;

	if (json_is_string(value))
		exc_add(e, "SKU \"%s\" %s", json_string_value(value), what);
	else
		exc_add(e, "the SKU at %s %s", n->where.p, what);
	for (i = 0; i < nlist; i++)
		exc_add(e, "%s\"%s\"", i == 0 ? " " : ", ", list[i]);
}

/*
 * Notes a SKU that cannot be made right, value (NULL: absent) at n->where:
 * the first becomes the exception, the others go into its "also" list.
 * Without what, the message is the one made in n->at.
 */
static void
problem(struct skunorm *n, struct exception *e, enum exc_code code,
    const json_t *value, const char *what, const char **list,
    size_t nlist, const char *listname)
{
	json_t *also, *one;

	if (e->code == EXC_NONE) {
		buf_reset(&e->pathbuf);
		buf_add(&e->pathbuf, n->where.p, n->where.len);
		exc_hold(e, code, e->pathbuf.p, value, "%s",
		    what != NULL || n->at.p == NULL ? "" : n->at.p);
		if (what != NULL)
			message(n, e, value, what, list, nlist);
		n->detail = json_object();
		if (listname != NULL)
			json_object_set_new(n->detail, listname,
			    string_list(list, nlist));
		return;
	}
	if ((also = json_object_get(n->detail, "also")) == NULL) {
		also = json_array();
		json_object_set_new(n->detail, "also", also);
	}
	one = json_pack("{s:s,s:s}", "code", exc_codes[code].name, "path",
	    n->where.p);
	if (value != NULL)
		json_object_set(one, "value", (json_t *)value);
	json_array_append_new(also, one);
}

/*
 * A SKU that matched by the canonical key: counted when only leading zeros
 * set it apart from an all-digit SKU of a master that looks cut down.
 */
static void
note_zeros(struct skunorm *n, const char *sku, size_t len, const char *to)
{
	if (!sku_master_zeros_lost(n->master) ||
	    !sku_all_digits(to, strlen(to)))
		return;
	sku_clean(&n->rules, sku, len, &n->clean);
	if (n->clean.len < 2 || n->clean.p[0] != '0' ||
	    !sku_all_digits(n->clean.p, n->clean.len))
		return;
	if (n->zeros_dropped++ == 0) {
		buf_add(&n->dropped, n->clean.p, n->clean.len);
		buf_adds(&n->dropped_to, to);
	}
}

static void
resolve(struct skunorm *n, const struct path *p, const struct path_slot *s,
    struct exception *e)
{
	struct sku_resolution res;
	const char *sku = json_string_value(s->value), *near[3];
	size_t len = json_string_length(s->value), k;

	if (n->master == NULL) {
		sku_clean(&n->rules, sku, len, &n->clean);
		if (n->clean.len == 0) {
			locate(n, p, s);
			problem(n, e, EXC_BAD_SKU, s->value,
			    "is empty once cleaned", NULL, 0, NULL);
		} else if (n->clean.len != len ||
		    memcmp(n->clean.p, sku, len) != 0)
			add_change(n, s, n->clean.p, n->clean.len);
		return;
	}
	sku_resolve(n->master, &n->rules, sku, len, &res);
	switch (res.match) {
	case SKU_EXACT:
		break;
	case SKU_KEY:
		note_zeros(n, sku, len, res.sku);
		/* FALLTHROUGH */
	case SKU_CLEANED:
	case SKU_CASE:
		add_change(n, s, res.sku, strlen(res.sku));
		break;
	case SKU_AMBIGUOUS:
		locate(n, p, s);
		problem(n, e, EXC_AMBIGUOUS_SKU, s->value,
		    "fits several master SKUs:", res.candidates,
		    res.ncandidates, "candidates");
		break;
	case SKU_UNKNOWN:	/* the hint starts from what cleaning made */
		sku_clean(&n->rules, sku, len, &n->clean);
		locate(n, p, s);
		if (n->clean.len == 0) {
			problem(n, e, EXC_BAD_SKU, s->value,
			    "is empty once cleaned", NULL, 0, NULL);
			break;
		}
		k = sku_nearest(n->master, n->clean.p, n->clean.len, near, 3);
		problem(n, e, EXC_UNKNOWN_SKU, s->value, k > 0 ?
		    "is not in the master; nearest:" : "is not in the master",
		    near, k, "nearest");
		break;
	}
}

static int
no_sku(const json_t *v)
{
	return v == NULL || json_is_null(v) || (json_is_string(v) &&
	    json_string_length(v) == 0);
}

/* Resolves each SKU that p reaches in root; no SKU is left alone. */
static void
look_at(struct skunorm *n, const struct path *p, json_t *root,
    struct exception *e)
{
	size_t j, nslots;

	nslots = path_find(p, root, &n->slots, &n->slotcap);
	for (j = 0; j < nslots; j++) {
		const struct path_slot *s = &n->slots[j];

		/* no SKU: null, absent or "" (custom items) */
		if (no_sku(s->value))
			continue;
		n->skus++;
		if (json_is_string(s->value)) {
			resolve(n, p, s, e);
			continue;
		}
		locate(n, p, s);
		problem(n, e, EXC_BAD_SKU, s->value, "is not a string", NULL, 0,
		    NULL);
	}
}

/*
 * The lines the warehouse may pick. A quantity that cannot be read is no
 * proof that a line is not picked, so its SKU must be right too; holding
 * it for the quantity is left to the programs that count (bad_quantity).
 */
static int
order_skus(struct skunorm *n, json_t *record, struct exception *e)
{
	struct order *o = &n->order;
	const struct path *p = order_model_path(n->model, "sku");
	size_t i;

	if (!order_read(n->model, record, o, e))
		return 0;
	if (p == NULL)
		return 1;
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		int counted = l->qty_ok && l->qty >= 0;

		if (!order_picks(l) || (counted && l->qty == 0))
			continue;
		n->line = i;
		if (!no_sku(l->sku)) {
			look_at(n, p, l->obj, e);
			continue;
		}
		order_line_where(n->model, o, i, path_text(p), &n->where);
		buf_reset(&n->at);
		buf_printf(&n->at, "line %s %s but has no SKU (shape %s)",
		    n->where.p, counted ? "is to be picked" : "may be picked "
		    "(its quantity is not a whole number of 0 or more)",
		    order_model_shape(n->model)->name);
		problem(n, e, EXC_MISSING_SKU, l->sku, NULL, NULL, 0, NULL);
	}
	return 1;
}

int
skunorm_record(struct skunorm *n, json_t *record, struct exception *e)
{
	size_t i;

	exc_clear(e);
	json_decref(n->detail);
	n->detail = NULL;
	n->nchanges = 0;
	buf_reset(&n->text);
	if (n->model != NULL) {
		if (!order_skus(n, record, e))
			return 0;	/* bad_field, e from the model */
	} else
		for (i = 0; i < n->npaths; i++)
			look_at(n, n->paths[i], record, e);
	if (e->code != EXC_NONE) {
		e->detail = n->detail;
		return 0;
	}
	for (i = 0; i < n->nchanges; i++) {
		struct skunorm_change *c = &n->changes[i];

		if (n->keep_original && c->slot.key != NULL) {
			buf_reset(&n->where);
			buf_adds(&n->where, c->slot.key);
			buf_adds(&n->where, "_original");
			/* an earlier original is the one an audit wants */
			if (json_object_get(c->slot.parent, n->where.p) == NULL)
				json_object_set(c->slot.parent, n->where.p,
				    c->slot.value);
		}
		path_set(&c->slot, json_stringn(n->text.p + c->off, c->len));
	}
	n->rewritten += n->nchanges;
	return 1;
}

void
skunorm_free(struct skunorm *n)
{
	size_t i;

	for (i = 0; i < n->npaths; i++)
		path_free(n->paths[i]);
	free(n->paths);
	free(n->slots);
	free(n->changes);
	buf_free(&n->text);
	buf_free(&n->where);
	buf_free(&n->clean);
	buf_free(&n->at);
	buf_free(&n->dropped);
	buf_free(&n->dropped_to);
	json_decref(n->detail);
	order_free(&n->order);
	order_model_free(n->model);
	sku_master_free(n->master);
}
