/*
 * utf8: strict decoding (RFC 3629) and encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

struct good {
	const char *s;		/* the bytes */
	size_t len;
	uint32_t cp;
};

/* One character of each length, and the edges of each range. */
static const struct good goods[] = {
	{ "A", 1, 0x41 },
	{ "\x7F", 1, 0x7F },
	{ "\xC2\x80", 2, 0x80 },
	{ "\xC3\xA9", 2, 0xE9 },		/* é */
	{ "\xDF\xBF", 2, 0x7FF },
	{ "\xE0\xA0\x80", 3, 0x800 },
	{ "\xE2\x82\xAC", 3, 0x20AC },		/* € */
	{ "\xED\x9F\xBF", 3, 0xD7FF },		/* below the surrogates */
	{ "\xEE\x80\x80", 3, 0xE000 },		/* above them */
	{ "\xEF\xBF\xBF", 3, 0xFFFF },
	{ "\xF0\x90\x80\x80", 4, 0x10000 },
	{ "\xF0\x9F\x98\x80", 4, 0x1F600 },	/* 😀 */
	{ "\xF4\x8F\xBF\xBF", 4, 0x10FFFF },
};

static void
test_decode(void **state)
{
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		cp = 0xFFFFFFFF;
		assert_int_equal(utf8_decode(goods[i].s, goods[i].len, &cp),
		    goods[i].len);
		assert_int_equal(cp, goods[i].cp);
	}
	/* NUL is a character like any other */
	assert_int_equal(utf8_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
	/* one character only, whatever follows */
	assert_int_equal(utf8_decode("\xC3\xA9xyz", 5, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xE2\x82\xAC\xE2\x82\xAC", 6, &cp), 3);
	assert_int_equal(cp, 0x20AC);
}

static void
test_encode(void **state)
{
	char out[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		memset(out, 0, sizeof(out));
		assert_int_equal(utf8_encode(goods[i].cp, out), goods[i].len);
		assert_memory_equal(out, goods[i].s, goods[i].len);
	}
}

/* Every scalar value encodes to the length its range calls for and back. */
static void
test_round_trip_all(void **state)
{
	char out[4];
	uint32_t c, back;
	size_t n, want;

	(void)state;
	for (c = 0; c <= 0x10FFFF; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		n = utf8_encode(c, out);
		if (n != want)
			fail_msg("U+%04X encodes to %zu bytes", (unsigned)c, n);
		if (utf8_decode(out, n, &back) != n || back != c)
			fail_msg("U+%04X does not decode back", (unsigned)c);
		/* the same bytes one short are truncated */
		if (n > 1 && utf8_decode(out, n - 1, &back) != 0)
			fail_msg("U+%04X decodes when truncated", (unsigned)c);
	}
}

/* Sequences that must decode to nothing. */
static void
assert_bad(const char *s, size_t len)
{
	uint32_t cp;

	if (utf8_decode(s, len, &cp) != 0)
		fail_msg("decoded an invalid sequence to U+%04X", (unsigned)cp);
}

static void
test_overlong(void **state)
{
	(void)state;
	assert_bad("\xC0\x80", 2);		/* NUL in two bytes */
	assert_bad("\xC1\xBF", 2);		/* U+007F */
	assert_bad("\xE0\x80\x80", 3);		/* NUL in three */
	assert_bad("\xE0\x9F\xBF", 3);		/* U+07FF */
	assert_bad("\xF0\x80\x80\x80", 4);	/* NUL in four */
	assert_bad("\xF0\x8F\xBF\xBF", 4);	/* U+FFFF */
}

static void
test_surrogate(void **state)
{
	(void)state;
	assert_bad("\xED\xA0\x80", 3);		/* U+D800 */
	assert_bad("\xED\xB0\x80", 3);		/* U+DC00 */
	assert_bad("\xED\xBF\xBF", 3);		/* U+DFFF */
}

static void
test_too_large(void **state)
{
	(void)state;
	assert_bad("\xF4\x90\x80\x80", 4);	/* U+110000 */
	assert_bad("\xF5\x80\x80\x80", 4);
	assert_bad("\xF7\xBF\xBF\xBF", 4);
	assert_bad("\xF8\x88\x80\x80\x80", 5);	/* old 5-byte form */
	assert_bad("\xFE", 1);
	assert_bad("\xFF", 1);
}

static void
test_truncated(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 0, &cp), 0);
	assert_bad("\xC3", 1);
	assert_bad("\xE2\x82", 2);
	assert_bad("\xF0\x9F\x98", 3);
	/* the bytes exist, but len stops short of them */
	assert_bad("\xE2\x82\xAC", 2);
	assert_bad("\xF0\x9F\x98\x80", 3);
	/* the sequence is cut by an ASCII byte */
	assert_bad("\xE2\x82" "A", 3);
	assert_bad("\xC3" "A", 2);
	assert_bad("\xF0\x9F\x98" "A", 4);
}

static void
test_stray_continuation(void **state)
{
	(void)state;
	assert_bad("\x80", 1);
	assert_bad("\xBF", 1);
	assert_bad("\x80" "A", 2);
	assert_bad("\xA9\xC3", 2);
}

static void
test_valid(void **state)
{
	static const char mixed[] = "Caf\xC3\xA9 \xE2\x80\x93 10 \xE2\x82\xAC "
	    "\xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC";

	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain ASCII", 11));
	assert_true(utf8_valid("a\0b", 3));
	assert_true(utf8_valid(mixed, sizeof(mixed) - 1));

	assert_false(utf8_valid("Caf\xC3", 4));			/* cut at end */
	assert_false(utf8_valid("ok \xED\xA0\x80 no", 9));	/* surrogate */
	assert_false(utf8_valid("x\xC0\x80", 3));		/* overlong */
	assert_false(utf8_valid("abc\x80", 4));			/* stray */
	assert_false(utf8_valid("\xE2\x82\xAC\xF4\x90\x80\x80", 7));
	assert_false(utf8_valid("\xC3\xA9\xC3\xA9\xC3", 5));

	/* only len bytes count */
	assert_true(utf8_valid("\xC3\xA9\xFF", 2));
	assert_false(utf8_valid("\xC3\xA9\xFF", 3));
	assert_false(utf8_valid(mixed, sizeof(mixed) - 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogate),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_stray_continuation),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
