#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvtable.h"
#include "hash.h"
#include "kits.h"
#include "money.h"
#include "num.h"
#include "xalloc.h"

enum {
	KIT_MAX_DEPTH = 64,	/* nesting; deeper is refused at load */
	KIT_MAX_LEAVES = 10000,	/* components of one kit, expanded */
	WEIGHT_SCALE = 6	/* weights are read to a millionth */
};

struct row {
	const char *component;
	int64_t qty, weight;
	unsigned long line;
};

struct node {
	struct kit kit;
	struct row *rows;	/* its components, in table order */
	size_t nrows, rowcap;
	int weighted;
	int state;		/* 0 new, 1 being expanded, 2 done */
	int64_t units;		/* leaf units in one kit */
	int height;		/* levels of kits, itself included */
};

struct kits {
	struct csv_table *table;
	struct node *nodes;	/* in order of first appearance */
	size_t n, cap;
	struct hash *index;	/* kit SKU to its node's index */
	const char *name;
};

static struct node *
node_of(const struct kits *ks, const char *sku, size_t len)
{
	size_t i = hash_get_index(ks->index, sku, len);

	return i == HASH_NONE ? NULL : &ks->nodes[i];
}

/* Reads the rows into nodes; 0 and *err on a bad cell. */
static int
read_rows(struct kits *ks, char **err)
{
	struct csv_table *t = ks->table;
	int ckit, ccomp, cqty, cweight = csv_table_column(t, "weight");
	struct hash *pairs = hash_new();	/* "kit\0component" */
	struct buf key = { NULL, 0, 0 };
	size_t r;
	int ok = 0;

	if ((ckit = csv_table_require(t, "kit_sku", err)) < 0 ||
	    (ccomp = csv_table_require(t, "component_sku", err)) < 0 ||
	    (cqty = csv_table_require(t, "qty", err)) < 0)
		goto out;
	for (r = 0; r < t->nrows; r++) {
		const char *kit = csv_table_cell(t, r, ckit);
		const char *comp = csv_table_cell(t, r, ccomp);
		const char *qty = csv_table_cell(t, r, cqty);
		const char *w = cweight < 0 ? "" : csv_table_cell(t, r, cweight);
		unsigned long line = t->lines[r];
		struct row row = { comp, 0, -1, line };
		struct node *nd;
		size_t *at;
		int fresh;

		if (*kit == '\0' || *comp == '\0') {
			*err = xasprintf("%s:%lu: empty %s", ks->name, line,
			    *kit == '\0' ? "kit_sku" : "component_sku");
			goto out;
		}
		if (num_int64(qty, 1, INT64_MAX, &row.qty, NULL) != NUM_OK) {
			*err = xasprintf("%s:%lu: qty \"%s\" is not a positive "
			    "integer", ks->name, line, qty);
			goto out;
		}
		if (*w != '\0' && (!money_parse(w, strlen(w), WEIGHT_SCALE,
		    &row.weight) || row.weight < 0)) {
			*err = xasprintf("%s:%lu: weight \"%s\" is not a "
			    "non-negative decimal", ks->name, line, w);
			goto out;
		}
		buf_reset(&key);
		buf_add(&key, kit, strlen(kit) + 1);
		buf_adds(&key, comp);
		hash_put(pairs, key.p, key.len, &fresh);
		if (!fresh) {
			*err = xasprintf("%s:%lu: component \"%s\" twice in "
			    "kit \"%s\"", ks->name, line, comp, kit);
			goto out;
		}
		at = hash_put_index(ks->index, kit, strlen(kit), &fresh);
		if (fresh) {
			XGROW(ks->nodes, ks->cap, ks->n + 1);
			memset(&ks->nodes[ks->n], 0, sizeof(*ks->nodes));
			ks->nodes[ks->n].kit.sku = kit;
			ks->nodes[ks->n].kit.line = line;
			*at = ks->n++;
		}
		nd = &ks->nodes[*at];
		XGROW(nd->rows, nd->rowcap, nd->nrows + 1);
		nd->rows[nd->nrows++] = row;
	}
	ok = 1;
out:
	hash_free(pairs);
	buf_free(&key);
	return ok;
}

/* Weights on every row of a kit, or on none. */
static int
check_weights(struct kits *ks, struct node *nd, char **err)
{
	size_t i, with = 0;
	int64_t sum = 0;

	for (i = 0; i < nd->nrows; i++)
		if (nd->rows[i].weight >= 0) {
			with++;
			sum = num_add_sat(sum, nd->rows[i].weight);
		}
	if (with == 0)
		return 1;
	for (i = 0; with < nd->nrows && nd->rows[i].weight >= 0; i++)
		continue;
	if (with < nd->nrows)
		*err = xasprintf("%s:%lu: kit \"%s\" has weights on some rows "
		    "only", ks->name, nd->rows[i].line, nd->kit.sku);
	else if (sum == 0)
		*err = xasprintf("%s:%lu: the weights of kit \"%s\" are all 0",
		    ks->name, nd->rows[0].line, nd->kit.sku);
	else
		nd->weighted = 1;
	return nd->weighted;
}

static void
add_leaf(struct node *nd, size_t *cap, const char *sku, int64_t qty)
{
	XGROW(nd->kit.leaves, *cap, nd->kit.nleaves + 1);
	nd->kit.leaves[nd->kit.nleaves].sku = sku;
	nd->kit.leaves[nd->kit.nleaves++].qty = qty;
}

/* "A -> B -> A", from the kit on the path where the cycle starts. */
static char *
cycle_text(struct kits *ks, struct node **path, size_t depth,
    const struct node *again)
{
	struct buf b = { NULL, 0, 0 };
	size_t i = 0;
	char *s;

	while (path[i] != again)
		i++;
	buf_adds(&b, ks->name);
	buf_adds(&b, ": kits form a cycle: ");
	for (; i < depth; i++) {
		buf_adds(&b, path[i]->kit.sku);
		buf_adds(&b, " -> ");
	}
	buf_adds(&b, again->kit.sku);
	s = xstrdup(b.p);
	buf_free(&b);
	return s;
}

/* Expands nd after its component kits; 0 and *err on a cycle or excess. */
static int
expand(struct kits *ks, struct node *nd, struct node **path, size_t depth,
    char **err)
{
	size_t i, j, cap = 0;

	if (nd->state == 2)
		return 1;
	if (nd->state == 1) {
		*err = cycle_text(ks, path, depth, nd);
		return 0;
	}
	if (depth == KIT_MAX_DEPTH) {
		*err = xasprintf("%s: kit \"%s\" nests more than %d deep",
		    ks->name, nd->kit.sku, KIT_MAX_DEPTH);
		return 0;
	}
	nd->state = 1;
	nd->height = 1;
	path[depth] = nd;
	for (i = 0; i < nd->nrows; i++) {
		const struct row *r = &nd->rows[i];
		struct node *sub = node_of(ks, r->component,
		    strlen(r->component));

		if (sub == NULL) {
			if (nd->kit.nleaves >= KIT_MAX_LEAVES)
				break;	/* refused below */
			add_leaf(nd, &cap, r->component, r->qty);
			continue;
		}
		if (!expand(ks, sub, path, depth + 1, err))
			return 0;
		if (sub->height + 1 > nd->height)
			nd->height = sub->height + 1;
		if (nd->height > KIT_MAX_DEPTH) {	/* whatever the row order */
			*err = xasprintf("%s: kit \"%s\" nests more than %d "
			    "deep", ks->name, nd->kit.sku, KIT_MAX_DEPTH);
			return 0;
		}
		for (j = 0; j < sub->kit.nleaves; j++) {
			int64_t q;

			if (!num_mul(sub->kit.leaves[j].qty, r->qty, &q) ||
			    nd->kit.nleaves >= KIT_MAX_LEAVES) {
				*err = xasprintf("%s: kit \"%s\" expands to "
				    "too many components", ks->name,
				    nd->kit.sku);
				return 0;
			}
			add_leaf(nd, &cap, sub->kit.leaves[j].sku, q);
		}
	}
	if (i < nd->nrows) {
		*err = xasprintf("%s: kit \"%s\" expands to too many "
		    "components", ks->name, nd->kit.sku);
		return 0;
	}
	for (i = 0; i < nd->kit.nleaves; i++)
		if (!num_add(nd->units, nd->kit.leaves[i].qty, &nd->units)) {
			*err = xasprintf("%s: kit \"%s\" expands to too many "
			    "components", ks->name, nd->kit.sku);
			return 0;
		}
	nd->state = 2;
	return 1;
}

struct kits *
kits_load(const char *path, char **err)
{
	struct kits *ks = xcalloc(1, sizeof(*ks));
	struct node *stack[KIT_MAX_DEPTH];
	size_t i;

	*err = NULL;
	ks->name = path;
	ks->index = hash_new();
	if ((ks->table = csv_table_load(path, err)) == NULL ||
	    !read_rows(ks, err))
		goto fail;
	for (i = 0; i < ks->n; i++)
		if (!check_weights(ks, &ks->nodes[i], err) && *err != NULL)
			goto fail;
	for (i = 0; i < ks->n; i++)
		if (!expand(ks, &ks->nodes[i], stack, 0, err))
			goto fail;
	return ks;
fail:
	kits_free(ks);
	return NULL;
}

void
kits_free(struct kits *ks)
{
	size_t i;

	if (ks == NULL)
		return;
	for (i = 0; i < ks->n; i++) {
		free(ks->nodes[i].rows);
		free(ks->nodes[i].kit.leaves);
	}
	free(ks->nodes);
	hash_free(ks->index);
	csv_table_free(ks->table);
	free(ks);
}

const struct kit *
kits_get(const struct kits *ks, const char *sku, size_t len)
{
	struct node *nd = node_of(ks, sku, len);

	return nd ? &nd->kit : NULL;
}

size_t
kits_count(const struct kits *ks)
{
	return ks->n;
}

const struct kit *
kits_at(const struct kits *ks, size_t i)
{
	return &ks->nodes[i].kit;
}

static void
share_node(const struct kits *ks, const struct node *nd, int64_t amount,
    int64_t *shares, size_t *pos)
{
	int64_t *w = xcalloc(nd->nrows, sizeof(*w));
	int64_t *part = xcalloc(nd->nrows, sizeof(*part));
	size_t i;

	for (i = 0; i < nd->nrows; i++) {
		const struct row *r = &nd->rows[i];
		const struct node *sub = node_of(ks, r->component,
		    strlen(r->component));

		w[i] = nd->weighted ? r->weight : r->qty * (sub ? sub->units :
		    1);
	}
	num_share(amount, w, nd->nrows, part);
	for (i = 0; i < nd->nrows; i++) {
		const struct node *sub = node_of(ks, nd->rows[i].component,
		    strlen(nd->rows[i].component));

		if (sub != NULL)
			share_node(ks, sub, part[i], shares, pos);
		else
			shares[(*pos)++] = part[i];
	}
	free(w);
	free(part);
}

void
kits_share(const struct kits *ks, const struct kit *k, int64_t total,
    int64_t *shares)
{
	size_t pos = 0;

	/* a kit is the first member of its node */
	share_node(ks, (const struct node *)k, total, shares, &pos);
}
