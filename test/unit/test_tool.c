/*
 * tool: the safety limits' text ("N" or "P%") and what a limit allows;
 * the label names --metrics-label takes.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "tool.h"

/* text parses as a count of n. */
static void
assert_count(const char *text, unsigned long n)
{
	struct tool_limit l = { 0, 0, 0, NULL };

	assert_true(tool_limit_parse(&l, text));
	assert_true(l.set);
	assert_false(l.share);
	assert_int_equal(l.n, n);
	assert_ptr_equal(l.text, text);
}

/* text parses as a share of n hundredths of a percent. */
static void
assert_share(const char *text, unsigned long n)
{
	struct tool_limit l = { 0, 0, 0, NULL };

	assert_true(tool_limit_parse(&l, text));
	assert_true(l.set);
	assert_true(l.share);
	assert_int_equal(l.n, n);
	assert_ptr_equal(l.text, text);
}

/* text is refused, and *l left as it was. */
static void
assert_refused(const char *text)
{
	struct tool_limit l = { 0, 0, 7, NULL };

	if (tool_limit_parse(&l, text))
		fail_msg("'%s' was taken", text);
	assert_false(l.set);
	assert_int_equal(l.n, 7);
}

static void
test_counts(void **state)
{
	char max[32], over[64];

	(void)state;
	assert_count("0", 0);
	assert_count("12", 12);
	assert_count("007", 7);
	snprintf(max, sizeof(max), "%lu", ULONG_MAX);
	assert_count(max, ULONG_MAX);
	/* one past the largest count, and ten times it: not wrapped round */
	snprintf(over, sizeof(over), "%s", max);
	over[strlen(over) - 1]++;	/* ULONG_MAX ends in 5 */
	assert_refused(over);
	snprintf(over, sizeof(over), "%s0", max);
	assert_refused(over);
	assert_refused("99999999999999999999999999999999");
}

static void
test_shares(void **state)
{
	(void)state;
	assert_share("0%", 0);
	assert_share("0.0%", 0);
	assert_share("10%", 1000);
	assert_share("10.5%", 1050);
	assert_share("10.05%", 1005);
	assert_share("2.5%", 250);
	assert_share("99.99%", 9999);
	assert_share("100%", 10000);
	assert_share("100.0%", 10000);
	assert_share("100.00%", 10000);
	assert_share("020%", 2000);
	assert_refused("100.01%");
	assert_refused("100.1%");
	assert_refused("101%");
	assert_refused("12.345%");
	assert_refused("10.500%");
	assert_refused("99999999999999999999999%");
}

static void
test_refused(void **state)
{
	(void)state;
	assert_refused("");
	assert_refused("%");
	assert_refused("-1");
	assert_refused("+1");
	assert_refused("-1%");
	assert_refused(" 5");
	assert_refused("5 ");
	assert_refused("5 %");
	assert_refused("5%%");
	assert_refused("5%x");
	assert_refused(".5%");
	assert_refused("5.%");
	assert_refused("5.5");		/* a count is whole */
	assert_refused("1e1");
	assert_refused("1e1%");
	assert_refused("0x10");
	assert_refused("inf");
	assert_refused("nan%");
	assert_refused("x");
}

static void
test_allowed(void **state)
{
	struct tool_limit l;

	(void)state;
	assert_true(tool_limit_parse(&l, "12"));
	assert_int_equal(tool_limit_allowed(&l, 0), 12);
	assert_int_equal(tool_limit_allowed(&l, 5), 12);	/* a count */
	assert_int_equal(tool_limit_allowed(&l, 1000), 12);
	assert_true(tool_limit_parse(&l, "0"));
	assert_int_equal(tool_limit_allowed(&l, 1000), 0);

	/* a share counts whole records, rounded down */
	assert_true(tool_limit_parse(&l, "10%"));
	assert_int_equal(tool_limit_allowed(&l, 0), 0);
	assert_int_equal(tool_limit_allowed(&l, 9), 0);
	assert_int_equal(tool_limit_allowed(&l, 10), 1);
	assert_int_equal(tool_limit_allowed(&l, 19), 1);
	assert_int_equal(tool_limit_allowed(&l, 20), 2);
	assert_true(tool_limit_parse(&l, "10.5%"));
	assert_int_equal(tool_limit_allowed(&l, 200), 21);
	assert_int_equal(tool_limit_allowed(&l, 199), 20);
	assert_true(tool_limit_parse(&l, "74.99%"));
	assert_int_equal(tool_limit_allowed(&l, 8), 5);
	assert_int_equal(tool_limit_allowed(&l, 10000), 7499);
	assert_true(tool_limit_parse(&l, "0%"));
	assert_int_equal(tool_limit_allowed(&l, 1000), 0);
	assert_true(tool_limit_parse(&l, "0.01%"));
	assert_int_equal(tool_limit_allowed(&l, 9999), 0);
	assert_int_equal(tool_limit_allowed(&l, 10000), 1);

	/* 100% is the whole, up to the largest total: no overflow */
	assert_true(tool_limit_parse(&l, "100%"));
	assert_int_equal(tool_limit_allowed(&l, 0), 0);
	assert_int_equal(tool_limit_allowed(&l, 7), 7);
	assert_int_equal(tool_limit_allowed(&l, ULONG_MAX), ULONG_MAX);
	assert_true(tool_limit_parse(&l, "50%"));
	assert_int_equal(tool_limit_allowed(&l, ULONG_MAX), ULONG_MAX / 2);
	assert_true(tool_limit_parse(&l, "99.99%"));
	assert_true(tool_limit_allowed(&l, ULONG_MAX) < ULONG_MAX);
}

static void
test_by(void **state)
{
	struct tool_limit l = { 0, 0, 0, NULL };
	struct buf b = { NULL, 0, 0 };

	(void)state;
	tool_limit_by(&l, "--max-zero", &b);
	assert_string_equal(b.p, "--max-zero allows by default");
	buf_reset(&b);
	assert_true(tool_limit_parse(&l, "2.50%"));
	tool_limit_by(&l, "--max-zero", &b);
	assert_string_equal(b.p, "--max-zero 2.50% allows");
	buf_free(&b);
}

/* --metrics-label names: Prometheus's, less the kit's own and __*. */
static void
test_label_names(void **state)
{
	static const char *const good[] = { "shop", "_x", "Env_2", "a" };
	static const char *const bad[] = { "", "2x", "sh-op", "sh op",
	    "__name__", "tool", "code", "owner", "reason", "name", "outcome",
	    "caf\xc3\xa9" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(tool_label_name(good[i], strlen(good[i])));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tool_label_name(bad[i], strlen(bad[i])))
			fail_msg("'%s' was taken", bad[i]);
	/* the length given counts: "shop" of "shop=x" */
	assert_true(tool_label_name("shop=x", 4));
	assert_false(tool_label_name("shop=x", 5));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_by),
		cmocka_unit_test(test_label_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
