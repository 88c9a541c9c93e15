/*
 * diag: messages are escaped and written whole, so that data cannot drive
 * the terminal or forge a line.
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

#include "diag.h"

static void
test_escape(void **state)
{
	static const char in[] = "a\x1b]0;t\x07\tb\r\nc\x7f\x01\xc3\xa9";
	char out[4 * sizeof(in)];
	size_t n;

	(void)state;
	n = diag_escape(out, in, sizeof(in) - 1);
	out[n] = '\0';
	/* tab and UTF-8 stay; ESC, BEL, CR, LF, DEL and SOH do not */
	assert_string_equal(out,
	    "a\\x1b]0;t\\x07\tb\\r\\nc\\x7f\\x01\xc3\xa9");
}

static void
test_message(void **state)
{
	char got[256];
	int fds[2], saved;
	ssize_t n;

	(void)state;
	diag_init("prog");
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_int_equal(dup2(fds[1], STDERR_FILENO), STDERR_FILENO);
	warnmsg("%s: No such file", "a\x1b[2J\nprog: all clear");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], got, sizeof(got) - 1);	/* one write, one read */
	close(fds[0]);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got,
	    "prog: a\\x1b[2J\\nprog: all clear: No such file\n");
}

/* The hook runs before the message is written: --progress takes its line
 * down there, so a message never lands in the middle of it. */
static int hook_calls;

static void
count_hook(void)
{
	hook_calls++;
}

static void
test_before_message(void **state)
{
	int fds[2], saved;

	(void)state;
	diag_init("prog");
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_int_equal(dup2(fds[1], STDERR_FILENO), STDERR_FILENO);
	warnmsg("before the hook");
	diag_before_message(count_hook);
	warnmsg("one");
	warnmsg("two");
	diag_before_message(NULL);
	warnmsg("after");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	close(fds[0]);
	assert_int_equal(hook_calls, 2);
}

static void
test_long_message(void **state)
{
	char *text = malloc(5001), *got = malloc(30000);
	size_t len = 0;
	int fds[2], saved;
	ssize_t n;

	(void)state;
	assert_non_null(text);
	assert_non_null(got);
	memset(text, '\n', 5000);
	text[5000] = '\0';
	diag_init("prog");
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_int_equal(dup2(fds[1], STDERR_FILENO), STDERR_FILENO);
	warnmsg("%s", text);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	while ((n = read(fds[0], got + len, 30000 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	/* "prog: ", 5000 times "\n" escaped, and the newline */
	assert_int_equal(len, 6 + 2 * 5000 + 1);
	assert_int_equal(got[len - 1], '\n');
	free(text);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_before_message),
		cmocka_unit_test(test_long_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
