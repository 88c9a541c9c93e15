/*
 * Unit tests of sku: cleaning, canonical keys, the master and its look-ups.
 * Masters are written to temporary files by the tests that load them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "buf.h"
#include "sku.h"
#include "xalloc.h"

/* Look-alikes, spelt out as bytes. */
#define EN_DASH		"\xE2\x80\x93"
#define NBSP		"\xC2\xA0"
#define ZWSP		"\xE2\x80\x8B"
#define E_ACUTE		"\xC3\xA9"
#define E_ACUTE_UPPER	"\xC3\x89"
#define EURO		"\xE2\x82\xAC"
#define GRINNING	"\xF0\x9F\x98\x80"
#define FW_A		"\xEF\xBC\xA1"	/* full-width A, B, C, 1, 2 */
#define FW_B		"\xEF\xBC\xA2"
#define FW_C		"\xEF\xBC\xA3"
#define FW_1		"\xEF\xBC\x91"
#define FW_2		"\xEF\xBC\x92"


static struct sku_master *
master_ok(const char *csv)
{
	char *err = NULL;
	struct sku_master *m = sku_master_load(temp_text(csv), "sku", &err);

	if (m == NULL)
		fail_msg("%s", err);
	return m;
}

/* Loads csv as a master by column, which must fail with "<file>" want. */
static void
master_fails(const char *csv, const char *column, const char *want)
{
	char *path = temp_text(csv), *err = NULL, *full;

	assert_null(sku_master_load(path, column, &err));
	full = xasprintf("%s%s", path, want);
	assert_string_equal(err, full);
	free(full);
	free(err);
}

static void
expect_clean(const struct sku_rules *r, const char *s, const char *want)
{
	struct buf out = { NULL, 0, 0 };

	/* out is reset first: what it held does not stay */
	buf_adds(&out, "stale");
	sku_clean(r, s, strlen(s), &out);
	assert_string_equal(out.p, want);
	assert_int_equal(out.len, strlen(want));
	buf_free(&out);
}

static void
expect_key(const char *s, const char *want)
{
	struct buf out = { NULL, 0, 0 };

	buf_adds(&out, "stale");
	sku_key(s, strlen(s), &out);
	assert_string_equal(out.p, want);
	assert_int_equal(out.len, strlen(want));
	buf_free(&out);
}

static void
expect_resolve(struct sku_master *m, const struct sku_rules *r,
    const char *s, enum sku_match match, const char *sku)
{
	struct sku_resolution res;

	sku_resolve(m, r, s, strlen(s), &res);
	assert_int_equal(res.match, match);
	if (sku == NULL)
		assert_null(res.sku);
	else
		assert_string_equal(res.sku, sku);
	assert_int_equal(res.ncandidates, 0);
}

/* Expects SKU_AMBIGUOUS with the n candidates of want, in order. */
static void
expect_ambiguous(struct sku_master *m, const struct sku_rules *r,
    const char *s, const char *const *want, size_t n)
{
	struct sku_resolution res;
	size_t i;

	sku_resolve(m, r, s, strlen(s), &res);
	assert_int_equal(res.match, SKU_AMBIGUOUS);
	assert_null(res.sku);
	assert_int_equal(res.ncandidates, n);
	for (i = 0; i < n; i++)
		assert_string_equal(res.candidates[i], want[i]);
}

static void
test_clean_default(void **state)
{
	struct sku_rules r;

	(void)state;
	memset(&r, 0, sizeof(r));
	expect_clean(&r, "ABC-001", "ABC-001");
	expect_clean(&r, " ABC" EN_DASH "001 ", "ABC-001");
	expect_clean(&r, NBSP "abc" ZWSP "-1\t", "abc-1");
	expect_clean(&r, FW_A FW_B FW_C "-" FW_1, "ABC-1");
	/* no case change, no filter, no padding by default */
	expect_clean(&r, "aBc/" E_ACUTE " 7", "aBc/" E_ACUTE " 7");
	expect_clean(&r, "42", "42");
	expect_clean(&r, "  ", "");
	expect_clean(&r, "", "");
}

static void
test_clean_case(void **state)
{
	struct sku_rules r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.letter_case = SKU_CASE_UPPER;
	/* ASCII letters only */
	expect_clean(&r, " abc-" E_ACUTE "1z ", "ABC-" E_ACUTE "1Z");
	expect_clean(&r, "ABC", "ABC");
	r.letter_case = SKU_CASE_LOWER;
	expect_clean(&r, "ABC-" E_ACUTE_UPPER "1Z", "abc-" E_ACUTE_UPPER "1z");
	expect_clean(&r, FW_A "b", "ab");
}

static void
test_clean_allow(void **state)
{
	struct sku_rules r;
	char *err = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(sku_rules_allow(&r, "A-Za-z0-9-", &err), 1);
	assert_null(err);
	expect_clean(&r, "AB/C;D,E-1", "ABCDE-1");
	/* non-ASCII characters go whole, not byte by byte */
	expect_clean(&r, "A" E_ACUTE "B" EURO "C" GRINNING "-2", "ABC-2");
	expect_clean(&r, "A B", "AB");
	/* look-alikes are folded before the filter sees them */
	expect_clean(&r, EN_DASH "ab" FW_1, "-ab1");
	expect_clean(&r, "//", "");

	/* spaces the filter brings to the ends are trimmed */
	assert_int_equal(sku_rules_allow(&r, "A-Z ", &err), 1);
	expect_clean(&r, "/ A B /", "A B");
	/* the case changes first, then the filter */
	r.letter_case = SKU_CASE_UPPER;
	expect_clean(&r, "ab-c", "ABC");
	r.letter_case = SKU_CASE_KEEP;
	expect_clean(&r, "ab-C", "C");
}

static void
test_clean_pad(void **state)
{
	struct sku_rules r;
	char *err = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.pad = 6;
	expect_clean(&r, "123", "000123");
	expect_clean(&r, " 42 ", "000042");
	expect_clean(&r, FW_1 FW_2, "000012");
	expect_clean(&r, "0", "000000");
	/* only when shorter */
	expect_clean(&r, "123456", "123456");
	expect_clean(&r, "1234567", "1234567");
	/* only all-digit SKUs */
	expect_clean(&r, "12A", "12A");
	expect_clean(&r, "1 2", "1 2");
	expect_clean(&r, "-12", "-12");
	expect_clean(&r, "", "");
	/* after the filter: what is left may be all digits */
	assert_int_equal(sku_rules_allow(&r, "0-9", &err), 1);
	expect_clean(&r, "12-3", "000123");
	expect_clean(&r, "A-B", "");
}

static void
test_rules_allow(void **state)
{
	struct sku_rules r;
	char *err = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(sku_rules_allow(&r, "A-Za-z0-9-", &err), 1);
	assert_int_equal(r.filter, 1);
	assert_int_equal(r.allowed['A'], 1);
	assert_int_equal(r.allowed['M'], 1);
	assert_int_equal(r.allowed['Z'], 1);
	assert_int_equal(r.allowed['a'], 1);
	assert_int_equal(r.allowed['z'], 1);
	assert_int_equal(r.allowed['0'], 1);
	assert_int_equal(r.allowed['9'], 1);
	assert_int_equal(r.allowed['-'], 1);
	assert_int_equal(r.allowed['/'], 0);
	assert_int_equal(r.allowed['_'], 0);
	assert_int_equal(r.allowed[' '], 0);
	assert_int_equal(r.allowed['@'], 0);
	assert_int_equal(r.allowed['['], 0);
	/* '-' first or last is itself; a new set replaces the old */
	assert_int_equal(sku_rules_allow(&r, "-x", &err), 1);
	assert_int_equal(r.allowed['-'], 1);
	assert_int_equal(r.allowed['x'], 1);
	assert_int_equal(r.allowed['A'], 0);
	assert_int_equal(sku_rules_allow(&r, "._-", &err), 1);
	assert_int_equal(r.allowed['.'], 1);
	assert_int_equal(r.allowed['_'], 1);
	assert_int_equal(r.allowed['-'], 1);
	assert_int_equal(r.allowed['/'], 0);
	assert_null(err);
}

static void
test_rules_allow_errors(void **state)
{
	struct sku_rules r;
	char *err = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(sku_rules_allow(&r, "z-a", &err), 0);
	assert_string_equal(err, "bad character set \"z-a\": a range runs "
	    "backwards");
	free(err);
	err = NULL;
	assert_int_equal(sku_rules_allow(&r, "A-Z" E_ACUTE, &err), 0);
	assert_string_equal(err, "bad character set \"A-Z" E_ACUTE "\": only "
	    "ASCII characters");
	free(err);
	err = NULL;
	assert_int_equal(sku_rules_allow(&r, "a-" E_ACUTE, &err), 0);
	assert_string_equal(err, "bad character set \"a-" E_ACUTE "\": only "
	    "ASCII characters");
	free(err);
}

static void
test_key(void **state)
{
	(void)state;
	expect_key("abc-00123", "ABC00123");
	expect_key("000123", "123");
	expect_key("123", "123");
	expect_key("0", "0");
	expect_key("000", "0");
	expect_key("---", "");
	expect_key("", "");
	/* zeros go from the start of the key only */
	expect_key("-0a-0", "A0");
	expect_key("0a", "A");
	expect_key("A0", "A0");
	expect_key("ts-red-m", "TSREDM");
	expect_key("a/b c_d.e", "ABCDE");
	expect_key(E_ACUTE "-1", E_ACUTE "1");
	expect_key("1" E_ACUTE "2", "1" E_ACUTE "2");
}

/* A separator between two digits is kept apart: one mark for a run. */
static void
test_key_digit_separators(void **state)
{
	(void)state;
	assert_int_equal(SKU_KEY_MARK, '-');
	expect_key("CBL-1.5M", "CBL1-5M");
	expect_key("CBL-15M", "CBL15M");
	expect_key("cbl 1 . 5 m", "CBL1-5M");
	expect_key("CBL-1-5M", "CBL1-5M");
	expect_key("12 345", "12-345");
	expect_key("12345", "12345");
	/* between a digit and a letter a separator is only punctuation */
	expect_key("A-1", "A1");
	expect_key("1-A", "1A");
	expect_key("A.1.B", "A1B");
	/* at the ends it is nothing */
	expect_key("-1-", "1");
	expect_key("000-", "0");
	/* leading zeros that run up to a mark keep one: a number of
	 * their own */
	expect_key("0-0", "0-0");
	expect_key("00-12", "0-12");
	expect_key("0.5", "0-5");
	expect_key("00.5", "0-5");
	expect_key("007.5", "7-5");
	expect_key("0-0-1", "0-0-1");
	expect_key("1-007", "1-007");
}

static void
test_master_load(void **state)
{
	struct sku_master *m = master_ok("name,sku\nx,A-1\n\ny,b\n");

	(void)state;
	assert_int_equal(sku_master_count(m), 2);
	sku_master_free(m);
	m = master_ok("sku\n");
	assert_int_equal(sku_master_count(m), 0);
	sku_master_free(m);
}

/* The shape of a master whose leading zeros a spreadsheet dropped. */
static void
expect_zeros_lost(const char *csv, int want)
{
	struct sku_master *m = master_ok(csv);

	if (sku_master_zeros_lost(m) != want)
		fail_msg("%s: zeros lost %d, expected %d", csv, !want, want);
	sku_master_free(m);
}

static void
test_master_zeros_lost(void **state)
{
	(void)state;
	expect_zeros_lost("sku\n123\n4567\nABC-001\n", 1);
	expect_zeros_lost("sku\n1\n22\n333\n", 1);	/* or numbered so */
	/* one leading zero anywhere: not cut down */
	expect_zeros_lost("sku\n0123\n45\n6789\n", 0);
	expect_zeros_lost("sku\n000123\n123456\n", 0);
	/* "0" alone is a number a spreadsheet keeps */
	expect_zeros_lost("sku\n0\n12\n345\n", 1);
	/* lengths alike: a fixed-width numbering, healthy or not */
	expect_zeros_lost("sku\n101\n150\n", 0);
	/* fewer than two all-digit SKUs, or none */
	expect_zeros_lost("sku\n123\nABC-1\nA12345\n", 0);
	expect_zeros_lost("sku\nTS-RED-M\n1-2\n00-12\n", 0);
	expect_zeros_lost("sku\n", 0);
}

static void
test_all_digits(void **state)
{
	(void)state;
	assert_true(sku_all_digits("000123", 6));
	assert_true(sku_all_digits("0", 1));
	assert_false(sku_all_digits("", 0));
	assert_false(sku_all_digits("12 3", 4));
	assert_false(sku_all_digits("12a", 3));
	assert_true(sku_all_digits("12a", 2));	/* by length */
}

static void
test_master_errors(void **state)
{
	char *err = NULL;

	(void)state;
	master_fails("sku,name\nA,1\n\nB,2\nA,3\n", "sku",
	    ":5: duplicate sku \"A\" (first on line 2)");
	/* exact spelling: "a" is not "A" */
	master_fails("item\nA\na\n\"b\nc\"\nb\nc\nA\n", "item",
	    ":8: duplicate item \"A\" (first on line 2)");
	master_fails("sku,name\nA,x\n,y\n", "sku", ":3: empty sku");
	master_fails("item,n\nA,1\n\"\",2\n", "item", ":3: empty item");
	master_fails("name\nA\n", "sku", ": no column \"sku\" in the header, "
	    "which has \"name\"; --master-column picks another");
	master_fails("sku\n\"open", "sku", ":2: a quoted field is not closed");
	assert_null(sku_master_load("/nonexistent/wmskit/master.csv", "sku",
	    &err));
	assert_string_equal(err, "/nonexistent/wmskit/master.csv: No such "
	    "file or directory");
	free(err);
}

static void
test_resolve(void **state)
{
	static const char *const case_both[] = { "abc", "ABC" };
	static const char *const key_both[] = { "A-1", "A1" };
	struct sku_master *m = master_ok("sku,name\n"
	    "ABC-001,a\n000123,b\nTS-RED-M,c\nabc,d\nABC,e\nA-1,f\nA1,g\n");
	struct sku_rules r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(sku_master_count(m), 7);
	expect_resolve(m, &r, "ABC-001", SKU_EXACT, "ABC-001");
	expect_resolve(m, &r, "abc", SKU_EXACT, "abc");
	expect_resolve(m, &r, " ABC" EN_DASH "001 ", SKU_CLEANED, "ABC-001");
	expect_resolve(m, &r, "abc-001", SKU_CASE, "ABC-001");
	expect_resolve(m, &r, FW_A "bc-001", SKU_CASE, "ABC-001");
	expect_resolve(m, &r, "123", SKU_KEY, "000123");
	expect_resolve(m, &r, "0123", SKU_KEY, "000123");
	expect_resolve(m, &r, "TSREDM", SKU_KEY, "TS-RED-M");
	expect_resolve(m, &r, "ts red m", SKU_KEY, "TS-RED-M");
	expect_resolve(m, &r, "abc001", SKU_KEY, "ABC-001");
	/* ambiguous ignoring case, and by key; candidates in master order */
	expect_ambiguous(m, &r, "Abc", case_both, 2);
	expect_ambiguous(m, &r, "a.1", key_both, 2);
	/* the case stage comes before the key stage */
	expect_resolve(m, &r, "a-1", SKU_CASE, "A-1");
	expect_resolve(m, &r, "a1", SKU_CASE, "A1");
	expect_resolve(m, &r, "XYZ", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "---", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "ABC-002", SKU_UNKNOWN, NULL);

	/* the rules make the cleaned form */
	r.letter_case = SKU_CASE_UPPER;
	expect_resolve(m, &r, "abc-001", SKU_CLEANED, "ABC-001");
	r.letter_case = SKU_CASE_KEEP;
	r.pad = 6;
	expect_resolve(m, &r, "123", SKU_CLEANED, "000123");
	sku_master_free(m);
}

/* A 15 m cable is not a 1.5 m cable, whatever the export did. */
static void
test_resolve_digit_separators(void **state)
{
	static const char *const both[] = { "CBL-1.5M", "CBL-1-5M" };
	struct sku_master *m = master_ok("sku\nCBL-1.5M\n000123\n0-12\n");
	struct sku_rules r;

	(void)state;
	memset(&r, 0, sizeof(r));
	expect_resolve(m, &r, "CBL-15M", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "CBL15M", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "cbl 1.5m", SKU_KEY, "CBL-1.5M");
	expect_resolve(m, &r, "CBL-1" EN_DASH "5M", SKU_KEY, "CBL-1.5M");
	expect_resolve(m, &r, "CBL 1,5 M", SKU_KEY, "CBL-1.5M");
	/* leading zeros still go */
	expect_resolve(m, &r, "123", SKU_KEY, "000123");
	expect_resolve(m, &r, "0123", SKU_KEY, "000123");
	expect_resolve(m, &r, "1-23", SKU_UNKNOWN, NULL);
	expect_resolve(m, &r, "00.12", SKU_KEY, "0-12");
	expect_resolve(m, &r, "12", SKU_UNKNOWN, NULL);
	sku_master_free(m);
	/* both in the master: each its own; a third spelling fits both */
	m = master_ok("sku\nCBL-1.5M\nCBL-15M\nCBL-1-5M\n");
	expect_resolve(m, &r, "cbl15m", SKU_KEY, "CBL-15M");
	expect_resolve(m, &r, "CBL 15 M", SKU_KEY, "CBL-15M");
	expect_resolve(m, &r, "cbl-15m", SKU_CASE, "CBL-15M");
	expect_ambiguous(m, &r, "CBL 1/5M", both, 2);
	sku_master_free(m);
}

static void
test_resolve_candidates_capped(void **state)
{
	static const char *const first[] = { "X-1", "X.1", "X/1", "X 1",
	    "X:1", "X;1", "X+1", "X=1", "X~1", "X#1" };
	struct sku_master *m = master_ok("sku\n"
	    "X-1\nX.1\nX/1\nX 1\nX:1\nX;1\nX+1\nX=1\nX~1\nX#1\nX@1\nX_1\n");
	struct sku_rules r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(SKU_MAX_CANDIDATES, 10);
	expect_ambiguous(m, &r, "x1", first, SKU_MAX_CANDIDATES);
	sku_master_free(m);
}

static void
test_nearest(void **state)
{
	struct sku_master *m = master_ok("sku\n"
	    "TS-BLU-XL\nTS-RED-XXL\nTS-RED-M\nTS-RED-S\nAB-1\n");
	const char *out[8];

	(void)state;
	/* nearest first; equally near in master order */
	assert_int_equal(sku_nearest(m, "ts-red-l", 8, out, 8), 3);
	assert_string_equal(out[0], "TS-RED-M");
	assert_string_equal(out[1], "TS-RED-S");
	assert_string_equal(out[2], "TS-RED-XXL");
	assert_int_equal(sku_nearest(m, "ts-red-l", 8, out, 2), 2);
	assert_string_equal(out[0], "TS-RED-M");
	assert_string_equal(out[1], "TS-RED-S");
	assert_int_equal(sku_nearest(m, "TS-RED-XX", 9, out, 1), 1);
	assert_string_equal(out[0], "TS-RED-XXL");
	/* short keys: one edit at most */
	assert_int_equal(sku_nearest(m, "AB-2", 4, out, 8), 1);
	assert_string_equal(out[0], "AB-1");
	assert_int_equal(sku_nearest(m, "AC-2", 4, out, 8), 0);
	/* nothing near, no key, no room */
	assert_int_equal(sku_nearest(m, "QQQQQQQQ", 8, out, 8), 0);
	assert_int_equal(sku_nearest(m, "---", 3, out, 8), 0);
	assert_int_equal(sku_nearest(m, "TS-RED-M", 8, out, 0), 0);
	sku_master_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_default),
		cmocka_unit_test(test_clean_case),
		cmocka_unit_test(test_clean_allow),
		cmocka_unit_test(test_clean_pad),
		cmocka_unit_test(test_rules_allow),
		cmocka_unit_test(test_rules_allow_errors),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_key_digit_separators),
		cmocka_unit_test(test_resolve_digit_separators),
		cmocka_unit_test(test_master_load),
		cmocka_unit_test(test_master_errors),
		cmocka_unit_test(test_master_zeros_lost),
		cmocka_unit_test(test_all_digits),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_candidates_capped),
		cmocka_unit_test(test_nearest),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
