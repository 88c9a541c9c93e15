/*
 * Unit tests of kits: loading the kit table (nesting, weights, every
 * refusal with its message) and sharing an amount among a kit's leaves.
 * Tables are written to temporary files by the tests that load them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "buf.h"
#include "kits.h"
#include "xalloc.h"

/* Plain, weighted and nested kits; a kit used before its own rows. */
static const char table_csv[] =
    "kit_sku,component_sku,qty,weight\n"
    "GIFT,MUG,1,\n"		/* line 2 */
    "GIFT,TEA,3,\n"
    "BUNDLE,GIFT,2,\n"		/* line 4 */
    "BUNDLE,SPOON,1,\n"
    "PAIR,SOCK-L,1,3\n"		/* line 6 */
    "PAIR,SOCK-R,1,1\n"
    "\n"
    "HAMPER,GIFT,1,2.5\n"	/* line 9 */
    "HAMPER,WINE,1,7.5\n"
    "BOX,CASE,2,\n"		/* line 11 */
    "BOX,PEN,1,\n"
    "CASE,LID,1,\n"		/* line 13 */
    "CASE,BASE,4,\n";


static struct kits *
kits_ok(const char *csv)
{
	char *err = NULL;
	struct kits *ks = kits_load(temp_text(csv), &err);

	if (ks == NULL)
		fail_msg("%s", err);
	assert_null(err);
	return ks;
}

/* Loads csv, which must fail with "<file>" want. */
static void
kits_fails(const char *csv, const char *want)
{
	char *path = temp_text(csv), *err = NULL, *full;

	assert_null(kits_load(path, &err));
	assert_non_null(err);
	full = xasprintf("%s%s", path, want);
	assert_string_equal(err, full);
	free(full);
	free(err);
}

static const struct kit *
get(const struct kits *ks, const char *sku)
{
	const struct kit *k = kits_get(ks, sku, strlen(sku));

	if (k == NULL)
		fail_msg("no kit \"%s\"", sku);
	assert_string_equal(k->sku, sku);
	return k;
}

/* The leaves of k are n pairs of SKU and quantity. */
static void
expect_leaves(const struct kit *k, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(k->nleaves, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *sku = va_arg(ap, const char *);
		int64_t qty = va_arg(ap, int64_t);

		assert_string_equal(k->leaves[i].sku, sku);
		assert_int_equal(k->leaves[i].qty, qty);
	}
	va_end(ap);
}

/* kits_share of total among the kit's leaves is the n int64_t that follow. */
static void
expect_shares(const struct kits *ks, const char *sku, int64_t total,
    size_t n, ...)
{
	const struct kit *k = get(ks, sku);
	int64_t *shares;
	va_list ap;
	size_t i;

	assert_int_equal(k->nleaves, n);
	shares = xcalloc(n + 1, sizeof(*shares));
	shares[n] = -12345;	/* a canary past the end */
	kits_share(ks, k, total, shares);
	assert_int_equal(shares[n], -12345);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_int_equal(shares[i], va_arg(ap, int64_t));
	va_end(ap);
	free(shares);
}

#define Q(n)	((int64_t)(n))

static void
test_load(void **state)
{
	struct kits *ks = kits_ok(table_csv);
	const struct kit *k;

	(void)state;
	assert_int_equal(kits_count(ks), 6);
	/* in the order of first appearance, each with its first line */
	assert_string_equal(kits_at(ks, 0)->sku, "GIFT");
	assert_int_equal(kits_at(ks, 0)->line, 2);
	assert_string_equal(kits_at(ks, 1)->sku, "BUNDLE");
	assert_int_equal(kits_at(ks, 1)->line, 4);
	assert_string_equal(kits_at(ks, 2)->sku, "PAIR");
	assert_int_equal(kits_at(ks, 2)->line, 6);
	assert_string_equal(kits_at(ks, 3)->sku, "HAMPER");
	assert_int_equal(kits_at(ks, 3)->line, 9);
	assert_string_equal(kits_at(ks, 4)->sku, "BOX");
	assert_int_equal(kits_at(ks, 4)->line, 11);
	assert_string_equal(kits_at(ks, 5)->sku, "CASE");
	assert_int_equal(kits_at(ks, 5)->line, 13);

	/* leaves depth first in table order, quantities multiplied */
	expect_leaves(get(ks, "GIFT"), 2, "MUG", Q(1), "TEA", Q(3));
	expect_leaves(get(ks, "BUNDLE"), 3, "MUG", Q(2), "TEA", Q(6),
	    "SPOON", Q(1));
	expect_leaves(get(ks, "PAIR"), 2, "SOCK-L", Q(1), "SOCK-R", Q(1));
	expect_leaves(get(ks, "HAMPER"), 3, "MUG", Q(1), "TEA", Q(3),
	    "WINE", Q(1));
	/* a kit used before its own rows */
	expect_leaves(get(ks, "BOX"), 3, "LID", Q(2), "BASE", Q(8),
	    "PEN", Q(1));
	expect_leaves(get(ks, "CASE"), 2, "LID", Q(1), "BASE", Q(4));

	/* kits_get and kits_at name the same kit */
	assert_ptr_equal(get(ks, "HAMPER"), kits_at(ks, 3));
	/* components, unknown SKUs and prefixes are not kits */
	assert_null(kits_get(ks, "MUG", 3));
	assert_null(kits_get(ks, "SPOON", 5));
	assert_null(kits_get(ks, "NOPE", 4));
	assert_null(kits_get(ks, "GIF", 3));
	assert_null(kits_get(ks, "gift", 4));
	assert_null(kits_get(ks, "", 0));
	/* the length counts, not a NUL */
	k = kits_get(ks, "GIFTS", 4);
	assert_non_null(k);
	assert_string_equal(k->sku, "GIFT");
	assert_null(kits_get(ks, "GIFT", 3));
	kits_free(ks);
}

static void
test_load_shapes(void **state)
{
	struct kits *ks;

	(void)state;
	/* columns in any order, others ignored, no weight column */
	ks = kits_ok("note,qty,component_sku,kit_sku\n"
	    "x,2,A,K\r\n"
	    "y,5,B,K\n");
	assert_int_equal(kits_count(ks), 1);
	assert_int_equal(kits_at(ks, 0)->line, 2);
	expect_leaves(get(ks, "K"), 2, "A", Q(2), "B", Q(5));
	expect_shares(ks, "K", 700, 2, Q(200), Q(500));
	kits_free(ks);

	/* a header only: no kits */
	ks = kits_ok("kit_sku,component_sku,qty\n");
	assert_int_equal(kits_count(ks), 0);
	assert_null(kits_get(ks, "K", 1));
	kits_free(ks);

	/* a diamond is no cycle; a component may sit in many kits */
	ks = kits_ok("kit_sku,component_sku,qty\n"
	    "TOP,LEFT,1\nTOP,RIGHT,2\nLEFT,CORE,3\nRIGHT,CORE,5\n"
	    "CORE,X,1\nCORE,Y,2\n");
	assert_int_equal(kits_count(ks), 4);
	expect_leaves(get(ks, "TOP"), 4, "X", Q(3), "Y", Q(6), "X", Q(10),
	    "Y", Q(20));
	expect_leaves(get(ks, "RIGHT"), 2, "X", Q(5), "Y", Q(10));
	expect_leaves(get(ks, "CORE"), 2, "X", Q(1), "Y", Q(2));
	kits_free(ks);

	/* the same leaf twice, once through a kit: two leaves */
	ks = kits_ok("kit_sku,component_sku,qty\n"
	    "DUP,GIFT,1\nDUP,MUG,1\nGIFT,MUG,1\nGIFT,TEA,3\n");
	expect_leaves(get(ks, "DUP"), 3, "MUG", Q(1), "TEA", Q(3), "MUG",
	    Q(1));
	kits_free(ks);

	/* quoting keeps spaces; unquoted cells lose them */
	ks = kits_ok("kit_sku,component_sku,qty\n"
	    " K ,\" A \", 2 \n");
	expect_leaves(get(ks, "K"), 1, " A ", Q(2));
	kits_free(ks);
}

static void
test_cycles(void **state)
{
	(void)state;
	kits_fails("kit_sku,component_sku,qty\nA,B,1\nB,A,1\n",
	    ": kits form a cycle: A -> B -> A");
	kits_fails("kit_sku,component_sku,qty\nA,B,1\nB,C,1\nC,A,1\n",
	    ": kits form a cycle: A -> B -> C -> A");
	/* named from the kit where it starts, not from the way in */
	kits_fails("kit_sku,component_sku,qty\n"
	    "X,LEAF,1\nX,A,1\nA,B,1\nB,C,1\nC,A,1\n",
	    ": kits form a cycle: A -> B -> C -> A");
	kits_fails("kit_sku,component_sku,qty\n"
	    "B,C,1\nC,A,1\nA,B,1\n",
	    ": kits form a cycle: B -> C -> A -> B");
	/* behind a kit that is already done */
	kits_fails("kit_sku,component_sku,qty\n"
	    "OK,LEAF,1\nTOP,OK,1\nTOP,P,1\nP,Q,1\nQ,P,1\n",
	    ": kits form a cycle: P -> Q -> P");
	kits_fails("kit_sku,component_sku,qty\nA,A,1\n",
	    ": kits form a cycle: A -> A");
	kits_fails("kit_sku,component_sku,qty\nB,LEAF,1\nA,B,1\nB,B,2\n",
	    ": kits form a cycle: B -> B");
}

static void
test_bad_qty(void **state)
{
	(void)state;
	kits_fails("kit_sku,component_sku,qty\nK,A,1\nK,B,0\n",
	    ":3: qty \"0\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,-1\n",
	    ":2: qty \"-1\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,1.5\n",
	    ":2: qty \"1.5\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,1.0\n",
	    ":2: qty \"1.0\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,x\n",
	    ":2: qty \"x\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,\n",
	    ":2: qty \"\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,+2\n",
	    ":2: qty \"+2\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,\" 2\"\n",
	    ":2: qty \" 2\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,1e3\n",
	    ":2: qty \"1e3\" is not a positive integer");
	kits_fails("kit_sku,component_sku,qty\nK,A,9223372036854775808\n",
	    ":2: qty \"9223372036854775808\" is not a positive integer");
	/* the first bad row speaks, the line it is on */
	kits_fails("kit_sku,component_sku,qty\nK,A,1\n\n\nK,B,0\nK,C,x\n",
	    ":5: qty \"0\" is not a positive integer");
}

static void
test_bad_weight(void **state)
{
	(void)state;
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,abc\n",
	    ":2: weight \"abc\" is not a non-negative decimal");
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,1\nK,B,1,-1\n",
	    ":3: weight \"-1\" is not a non-negative decimal");
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,-0.5\n",
	    ":2: weight \"-0.5\" is not a non-negative decimal");
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,1e2\n",
	    ":2: weight \"1e2\" is not a non-negative decimal");
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,50%\n",
	    ":2: weight \"50%\" is not a non-negative decimal");
	/* read to a millionth */
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,0.0000001\n",
	    ":2: weight \"0.0000001\" is not a non-negative decimal");

	/* weights on some rows only: the first row without one */
	kits_fails("kit_sku,component_sku,qty,weight\n"
	    "K,A,1,1\nK,B,1,\nK,C,1,2\n",
	    ":3: kit \"K\" has weights on some rows only");
	kits_fails("kit_sku,component_sku,qty,weight\n"
	    "OK,X,1,\nK,A,1,\nOK,Y,1,\nK,B,1,1\n",
	    ":3: kit \"K\" has weights on some rows only");
	/* all zero */
	kits_fails("kit_sku,component_sku,qty,weight\n"
	    "OK,X,1,1\nK,A,1,0\nK,B,2,0.000\n",
	    ":3: the weights of kit \"K\" are all 0");
	kits_fails("kit_sku,component_sku,qty,weight\nK,A,1,0\n",
	    ":2: the weights of kit \"K\" are all 0");
}

static void
test_bad_rows(void **state)
{
	char *err = NULL;

	(void)state;
	kits_fails("kit_sku,component_sku,qty\nK,A,1\nK,B,1\nK,A,2\n",
	    ":4: component \"A\" twice in kit \"K\"");
	/* in two kits is fine; twice in one is not */
	kits_fails("kit_sku,component_sku,qty\nJ,A,1\nK,A,1\nJ,B,1\nJ,A,1\n",
	    ":5: component \"A\" twice in kit \"J\"");
	kits_fails("kit_sku,component_sku,qty\nK,A,1\n,B,1\n",
	    ":3: empty kit_sku");
	kits_fails("kit_sku,component_sku,qty\nK,\"\",1\n",
	    ":2: empty component_sku");
	kits_fails("kit_sku,component_sku,qty\n,,1\n",
	    ":2: empty kit_sku");
	kits_fails("kit_sku,qty\nK,1\n",
	    ": no column \"component_sku\" in the header, which has "
	    "\"kit_sku\", \"qty\"");
	kits_fails("component_sku,qty\nA,1\n",
	    ": no column \"kit_sku\" in the header, which has "
	    "\"component_sku\", \"qty\"");
	kits_fails("kit_sku,component_sku\nK,A\n",
	    ": no column \"qty\" in the header, which has \"kit_sku\", "
	    "\"component_sku\"");
	kits_fails("kit_sku,component_sku,qty\nK,A\n",
	    ":2: 2 fields, but the header has 3");
	kits_fails("", ": no header row");
	assert_null(kits_load("/nonexistent/wmskit/kits.csv", &err));
	assert_string_equal(err, "/nonexistent/wmskit/kits.csv: No such "
	    "file or directory");
	free(err);
}

/* A chain of n kits K0 > K1 > ... > K(n-1) > LEAF, top or bottom first. */
static char *
chain(size_t n, int bottom_first)
{
	struct buf b = { NULL, 0, 0 };
	size_t i, j;
	char *s;

	buf_adds(&b, "kit_sku,component_sku,qty\n");
	for (j = 0; j < n; j++) {
		i = bottom_first ? n - 1 - j : j;
		if (i + 1 < n)
			buf_printf(&b, "K%zu,K%zu,1\n", i, i + 1);
		else
			buf_printf(&b, "K%zu,LEAF,2\n", i);
	}
	s = xstrdup(b.p);
	buf_free(&b);
	return s;
}

static void
test_depth(void **state)
{
	struct kits *ks;
	char *csv;

	(void)state;
	/* 64 kits deep loads */
	csv = chain(64, 0);
	ks = kits_ok(csv);
	assert_int_equal(kits_count(ks), 64);
	expect_leaves(get(ks, "K0"), 1, "LEAF", Q(2));
	expect_leaves(get(ks, "K63"), 1, "LEAF", Q(2));
	kits_free(ks);
	free(csv);
	csv = chain(64, 1);
	ks = kits_ok(csv);
	expect_leaves(get(ks, "K0"), 1, "LEAF", Q(2));
	kits_free(ks);
	free(csv);
	/* one more is refused */
	csv = chain(65, 0);
	kits_fails(csv, ": kit \"K64\" nests more than 64 deep");
	free(csv);
}

/* Deeper than 64 is refused whatever the order of the rows. */
static void
test_depth_bottom_first(void **state)
{
	char *csv = chain(65, 1), *path = temp_text(csv), *err = NULL;
	struct kits *ks;

	(void)state;
	free(csv);
	ks = kits_load(path, &err);
	kits_free(ks);
	assert_null(ks);
	assert_non_null(err);
	assert_non_null(strstr(err, "nests more than 64 deep"));
	free(err);
}

/*
 * BASE has 100 leaves; each of M1..Mm is BASE; BIG is M1..Mm, then extra
 * rows of leaves of its own.
 */
static char *
wide(size_t m, size_t extra)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;
	char *s;

	buf_adds(&b, "kit_sku,component_sku,qty\n");
	for (i = 1; i <= m; i++)
		buf_printf(&b, "BIG,M%zu,1\n", i);
	for (i = 0; i < extra; i++)
		buf_printf(&b, "BIG,E%zu,1\n", i);
	for (i = 1; i <= m; i++)
		buf_printf(&b, "M%zu,BASE,1\n", i);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "BASE,L%zu,%zu\n", i, i + 1);
	s = xstrdup(b.p);
	buf_free(&b);
	return s;
}

static void
test_too_many_components(void **state)
{
	struct kits *ks;
	const struct kit *k;
	char *csv;

	(void)state;
	/* 10000 leaves load */
	csv = wide(100, 0);
	ks = kits_ok(csv);
	k = get(ks, "BIG");
	assert_int_equal(k->nleaves, 10000);
	assert_string_equal(k->leaves[0].sku, "L0");
	assert_int_equal(k->leaves[0].qty, 1);
	assert_string_equal(k->leaves[9999].sku, "L99");
	assert_int_equal(k->leaves[9999].qty, 100);
	kits_free(ks);
	free(csv);
	/* 10100 do not */
	csv = wide(101, 0);
	kits_fails(csv, ": kit \"BIG\" expands to too many components");
	free(csv);
	/* nor do units past int64 */
	kits_fails("kit_sku,component_sku,qty\n"
	    "A,B,4611686018427387904\nB,X,2\n",
	    ": kit \"A\" expands to too many components");
	kits_fails("kit_sku,component_sku,qty\n"
	    "A,X,9223372036854775807\nA,Y,1\n",
	    ": kit \"A\" expands to too many components");
}

/* Past 10000 is refused whatever the order and kind of the rows. */
static void
test_too_many_components_any_order(void **state)
{
	struct kits *ks;
	struct buf b = { NULL, 0, 0 };
	char *csv, *err = NULL;
	size_t i;

	(void)state;
	/* 10000 through nesting, then one leaf of its own */
	csv = wide(100, 1);
	kits_fails(csv, ": kit \"BIG\" expands to too many components");
	free(csv);
	/* 10001 leaves of its own */
	buf_adds(&b, "kit_sku,component_sku,qty\n");
	for (i = 0; i < 10001; i++)
		buf_printf(&b, "FLAT,C%zu,1\n", i);
	ks = kits_load(temp_text(b.p), &err);
	buf_free(&b);
	if (ks != NULL)
		fail_msg("a kit of %zu leaves loads", kits_at(ks, 0)->nleaves);
	assert_non_null(strstr(err, ": kit \"FLAT\" expands to too many "
	    "components"));
	free(err);
}

static void
test_share(void **state)
{
	struct kits *ks = kits_ok("kit_sku,component_sku,qty,weight\n"
	    "TRIO,A,1,\nTRIO,B,1,\nTRIO,C,1,\n"
	    "DUO,X,1,3\nDUO,Y,1,1\n"
	    "EVEN,P,1,0.5\nEVEN,Q,1,0.5\n"
	    "ZERO,R,1,0\nZERO,S,1,1\n");

	(void)state;
	expect_shares(ks, "TRIO", 1000, 3, Q(334), Q(333), Q(333));
	expect_shares(ks, "TRIO", 1001, 3, Q(334), Q(334), Q(333));
	expect_shares(ks, "TRIO", 999, 3, Q(333), Q(333), Q(333));
	expect_shares(ks, "TRIO", 2, 3, Q(1), Q(1), Q(0));
	expect_shares(ks, "TRIO", 1, 3, Q(1), Q(0), Q(0));
	expect_shares(ks, "TRIO", 0, 3, Q(0), Q(0), Q(0));
	/* weights 3:1 */
	expect_shares(ks, "DUO", 1000, 2, Q(750), Q(250));
	expect_shares(ks, "DUO", 1001, 2, Q(751), Q(250));
	expect_shares(ks, "DUO", 1003, 2, Q(752), Q(251));
	expect_shares(ks, "DUO", 1, 2, Q(1), Q(0));
	expect_shares(ks, "DUO", 2, 2, Q(2), Q(0));
	/* ties to the first */
	expect_shares(ks, "EVEN", 3, 2, Q(2), Q(1));
	expect_shares(ks, "EVEN", 1, 2, Q(1), Q(0));
	/* a weight of 0 gets nothing */
	expect_shares(ks, "ZERO", 999, 2, Q(0), Q(999));
	/* large amounts are exact */
	expect_shares(ks, "DUO", INT64_MAX, 2, Q(6917529027641081855),
	    Q(2305843009213693952));
	expect_shares(ks, "TRIO", INT64_MAX, 3, Q(3074457345618258603),
	    Q(3074457345618258602), Q(3074457345618258602));
	kits_free(ks);
}

static void
test_share_units(void **state)
{
	struct kits *ks = kits_ok(table_csv);

	(void)state;
	/* by component units: MUG 1, TEA 3 */
	expect_shares(ks, "GIFT", 1000, 2, Q(250), Q(750));
	expect_shares(ks, "GIFT", 999, 2, Q(250), Q(749));
	expect_shares(ks, "GIFT", 1, 2, Q(0), Q(1));
	/* nested, every unit alike: MUG 2, TEA 6, SPOON 1 */
	expect_shares(ks, "BUNDLE", 900, 3, Q(200), Q(600), Q(100));
	expect_shares(ks, "BUNDLE", 1000, 3, Q(222), Q(667), Q(111));
	/* LID 2, BASE 8, PEN 1 */
	expect_shares(ks, "BOX", 1100, 3, Q(200), Q(800), Q(100));
	/* weighted 2.5:7.5 above, by units 1:3 below */
	expect_shares(ks, "HAMPER", 1000, 3, Q(63), Q(187), Q(750));
	expect_shares(ks, "HAMPER", 800, 3, Q(50), Q(150), Q(600));
	expect_shares(ks, "PAIR", 1000, 2, Q(750), Q(250));
	kits_free(ks);
}

/* Level by level: the kit's share first, then within it. */
static void
test_share_levels(void **state)
{
	struct kits *ks = kits_ok("kit_sku,component_sku,qty,weight\n"
	    "NEST,SUB,1,1\nNEST,Z,1,1\n"
	    "SUB,X,1,1\nSUB,Y,1,1\n"
	    "OUTER,INNER,1,1\nOUTER,W,1,9\n"
	    "INNER,U,1,1\nINNER,V,1,3\n");

	(void)state;
	/* NEST gives SUB 1 (a tie, to the first), SUB gives X 1 */
	expect_shares(ks, "NEST", 1, 3, Q(1), Q(0), Q(0));
	expect_shares(ks, "NEST", 3, 3, Q(1), Q(1), Q(1));
	expect_shares(ks, "NEST", 1000, 3, Q(250), Q(250), Q(500));
	expect_shares(ks, "NEST", 1001, 3, Q(251), Q(250), Q(500));
	/* OUTER gives INNER 100 of 1000, INNER gives 25 and 75 */
	expect_shares(ks, "OUTER", 1000, 3, Q(25), Q(75), Q(900));
	expect_shares(ks, "OUTER", 10, 3, Q(0), Q(1), Q(9));
	kits_free(ks);
}

/* Shares always add up to the total, and none is negative. */
static void
test_share_property(void **state)
{
	struct kits *ks = kits_ok("kit_sku,component_sku,qty,weight\n"
	    "FLAT7,A,1,\nFLAT7,B,2,\nFLAT7,C,3,\nFLAT7,D,4,\nFLAT7,E,5,\n"
	    "FLAT7,F,6,\nFLAT7,G,7,\n"
	    "ODD,A,1,0.333333\nODD,B,1,0\nODD,C,2,1.5\nODD,D,1,0.000001\n"
	    "MID,FLAT7,2,\nMID,ODD,3,\nMID,H,1,\n"
	    "TOP,MID,1,2\nTOP,ODD,2,1\nTOP,I,5,0.25\n"
	    "ONE,J,1,\n"
	    "BIGQ,K,999,\nBIGQ,L,1,\n");
	static const int64_t big[] = { 2001, 9999, 99999, 100000, 1234567,
	    999999999, INT64_MAX / 3, INT64_MAX - 1, INT64_MAX };
	int64_t shares[64];
	size_t i, j, n;
	int64_t total, sum;

	(void)state;
	for (i = 0; i < kits_count(ks); i++) {
		const struct kit *k = kits_at(ks, i);

		assert_true(k->nleaves < 64);
		for (n = 0; n < 2001 + sizeof(big) / sizeof(big[0]); n++) {
			total = n <= 2000 ? (int64_t)n : big[n - 2001];
			memset(shares, 0xA5, sizeof(shares));
			kits_share(ks, k, total, shares);
			for (j = 0, sum = 0; j < k->nleaves; j++) {
				if (shares[j] < 0)
					fail_msg("%s of %lld: share %zu is "
					    "%lld", k->sku, (long long)total,
					    j, (long long)shares[j]);
				assert_false(__builtin_add_overflow(sum,
				    shares[j], &sum));
			}
			if (sum != total)
				fail_msg("%s of %lld: shares add up to %lld",
				    k->sku, (long long)total, (long long)sum);
		}
	}
	kits_free(ks);
}

/* One level by units: each share is the floor or the ceiling of its part. */
static void
test_share_flat_bounds(void **state)
{
	struct kits *ks = kits_ok("kit_sku,component_sku,qty\n"
	    "FLAT,A,1\nFLAT,B,2\nFLAT,C,3\nFLAT,D,4\nFLAT,E,5\nFLAT,F,6\n"
	    "FLAT,G,7\n");
	const struct kit *k = get(ks, "FLAT");
	int64_t shares[7], total, exact;
	size_t j;

	(void)state;
	for (total = 0; total <= 2000; total++) {
		kits_share(ks, k, total, shares);
		for (j = 0; j < 7; j++) {
			exact = total * k->leaves[j].qty;	/* over 28 */
			assert_true(shares[j] * 28 <= exact + 27);
			assert_true(shares[j] * 28 >= exact - 27);
		}
	}
	kits_free(ks);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_shapes),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_bad_qty),
		cmocka_unit_test(test_bad_weight),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_depth_bottom_first),
		cmocka_unit_test(test_too_many_components),
		cmocka_unit_test(test_too_many_components_any_order),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_share_units),
		cmocka_unit_test(test_share_levels),
		cmocka_unit_test(test_share_property),
		cmocka_unit_test(test_share_flat_bounds),
	};

	return cmocka_run_group_tests(tests, setup, remove_temps);
}
