/*
 * kits: the kit table (bundles and their components) and the arithmetic
 * of breaking a kit into components.
 *
 * CSV columns kit_sku, component_sku, qty (component units in one kit), and
 * optionally weight (the component's share of the kit's price). Kits may
 * nest; a component that is itself a kit is expanded in turn, quantities
 * multiplied. Refused at load, with "file:line: what": a qty that is not a
 * positive integer, a weight that is not a non-negative decimal, a kit with
 * weights on some rows only or all zero, a component twice in one kit; and
 * with "file: what", a cycle (named, as "A -> B -> A"), nesting deeper than
 * 64 and a kit of more than 10000 components expanded.
 */
#ifndef WMSKIT_KITS_H
#define WMSKIT_KITS_H

#include <stddef.h>
#include <stdint.h>

struct kit_leaf {
	const char *sku;	/* a component that is not a kit */
	int64_t qty;		/* its units in one kit, nesting multiplied */
};

struct kit {			/* first in its node: see kits_share */
	const char *sku;
	unsigned long line;	/* where the table first names it */
	struct kit_leaf *leaves;	/* depth first, in table order */
	size_t nleaves;
};

struct kits;

struct kits *kits_load(const char *path, char **err);
void kits_free(struct kits *ks);
/* The kit of that SKU, or NULL when it is not a kit. */
const struct kit *kits_get(const struct kits *ks, const char *sku, size_t len);
size_t kits_count(const struct kits *ks);
/* Kits in the order they first appear in the table. */
const struct kit *kits_at(const struct kits *ks, size_t i);
/*
 * Shares total (minor units, >= 0) among the kit's leaves, exactly: by
 * weight where the table gives weights, level by level, else by component
 * units (every unit of every leaf alike). Whole units go by the largest
 * remainder, ties to the first leaf. shares has k->nleaves slots.
 */
void kits_share(const struct kits *ks, const struct kit *k, int64_t total,
    int64_t *shares);

#endif
