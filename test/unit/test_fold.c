/*
 * fold: Unicode look-alikes to ASCII, invisibles dropped, ends trimmed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "fold.h"

/* Folds in into an empty buf and checks the whole result. */
static void
assert_fold(const char *in, const char *want)
{
	struct buf b = { NULL, 0, 0 };

	fold_text(in, strlen(in), &b);
	assert_non_null(b.p);
	assert_string_equal(b.p, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void
test_dashes(void **state)
{
	(void)state;
	assert_fold("A\u2013B", "A-B");			/* en dash */
	assert_fold("A\u2014B", "A-B");			/* em dash */
	assert_fold("10\u22125", "10-5");		/* minus sign */
	assert_fold("x\u2010y\u2011z", "x-y-z");	/* hyphens */
	assert_fold("2\u20133 \u2014 \u22121", "2-3 - -1");
}

static void
test_spaces(void **state)
{
	(void)state;
	assert_fold("a\u00A0b", "a b");			/* NBSP */
	assert_fold("a\u2009b", "a b");			/* thin space */
	assert_fold("a\u3000b", "a b");			/* ideographic */
	assert_fold("a\u202Fb", "a b");			/* narrow NBSP */
	/* trimmed at both ends, whatever the kind */
	assert_fold("\u00A0\u2009 SKU-1 \u3000", "SKU-1");
	assert_fold("\u3000x", "x");
	assert_fold("x\u00A0", "x");
	/* inside, each space stays: only the ends are trimmed */
	assert_fold("a\u00A0\u00A0b", "a  b");
	assert_fold("a \u2009b", "a  b");
}

static void
test_invisible(void **state)
{
	(void)state;
	assert_fold("AB\u200BC", "ABC");		/* zero-width space */
	assert_fold("co\u00ADop", "coop");		/* soft hyphen */
	assert_fold("\uFEFFsku", "sku");		/* stray BOM */
	assert_fold("a\u200C\u200D\u2060b", "ab");
	/* dropped characters do not shield spaces from the trim */
	assert_fold(" \u200B x \u200B ", "x");
	assert_fold("\u200B", "");
}

static void
test_full_width(void **state)
{
	(void)state;
	assert_fold("\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", "ABC123");
	assert_fold("ＡＢＣ１２３", "ABC123");
	assert_fold("\uFF53\uFF4B\uFF55\uFF0D\uFF11", "sku-1");
	assert_fold("\uFF01\uFF5E", "!~");		/* ends of the range */
}

static void
test_quotes(void **state)
{
	(void)state;
	assert_fold("\u201CHi\u201D", "\"Hi\"");
	assert_fold("it\u2019s", "it's");
	assert_fold("\u2018x\u2019", "'x'");
	assert_fold("\u201Elow\u201C", "\"low\"");
	assert_fold("5\u2032 6\u2033", "5' 6\"");	/* primes */
}

static void
test_ascii_white_space(void **state)
{
	(void)state;
	assert_fold("\tA\tB\t", "A B");
	assert_fold("a\r\nb", "a  b");
	assert_fold(" \n\v\f\r ", "");
	assert_fold("  padded  ", "padded");
}

static void
test_kept(void **state)
{
	(void)state;
	assert_fold("\u00E9", "\u00E9");		/* é */
	assert_fold("caf\u00E9 cr\u00E8me", "caf\u00E9 cr\u00E8me");
	assert_fold("\u65E5\u672C", "\u65E5\u672C");
	assert_fold("\U0001F600", "\U0001F600");
	assert_fold("\u20AC10", "\u20AC10");		/* not a look-alike */
	assert_fold("a-b_c/d \"e\" 'f' ~!", "a-b_c/d \"e\" 'f' ~!");
}

static void
test_append(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	buf_adds(&b, "id: ");
	fold_text("\u00A0 42 ", 6, &b);
	/* the existing trailing space is not trimmed, only what was added */
	assert_string_equal(b.p, "id: 42");
	assert_int_equal(b.len, 6);

	buf_reset(&b);
	buf_adds(&b, "  ");
	fold_text("\u3000x\u3000", 7, &b);
	assert_string_equal(b.p, "  x");
	assert_int_equal(b.len, 3);

	/* nothing left to add leaves the old content alone */
	buf_reset(&b);
	buf_adds(&b, "keep ");
	fold_text(" \u200B ", 5, &b);
	assert_string_equal(b.p, "keep ");
	assert_int_equal(b.len, 5);

	/* a second fold goes after the first */
	fold_text("\u2018a\u2019", 7, &b);
	fold_text(" b ", 3, &b);
	assert_string_equal(b.p, "keep 'a'b");
	assert_int_equal(b.len, 9);
	buf_free(&b);
}

static void
test_empty(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	fold_text("", 0, &b);
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	buf_free(&b);

	fold_text("\u00A0\t ", 4, &b);
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	buf_free(&b);
}

/* Only len bytes are read: s need not be NUL-terminated. */
static void
test_length(void **state)
{
	static const char s[] = { 'a', 'b', 'c', ' ', 'd' };
	struct buf b = { NULL, 0, 0 };

	(void)state;
	fold_text(s, 4, &b);
	assert_string_equal(b.p, "abc");
	assert_int_equal(b.len, 3);
	buf_reset(&b);
	fold_text(s, sizeof(s), &b);
	assert_string_equal(b.p, "abc d");
	buf_free(&b);
}

static void
assert_words(const char *in, const char *want)
{
	struct buf b = { NULL, 0, 0 };

	fold_words(in, strlen(in), &b);
	assert_non_null(b.p);
	assert_string_equal(b.p, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void
test_words(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	assert_words("Next day  delivery ", "next day delivery");
	assert_words("Next Day Delivery", "next day delivery");
	assert_words("\u00A0EXPRESS\u2009\u2009Shipping\t", "express shipping");
	assert_words("\uFF21\uFF22 \u2014 C", "ab - c");
	assert_words("\u00C9COLE", "\u00C9cole");	/* ASCII letters only */
	assert_words(" \t ", "");

	/* what was there before is left as it was */
	buf_adds(&b, "Ship  ");
	fold_words(" Two  Day ", 10, &b);
	assert_string_equal(b.p, "Ship  two day");
	assert_int_equal(b.len, 13);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_ascii_white_space),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
