/*
 * xalloc: no allocation returns NULL, even of 0 bytes; one that cannot be
 * had (a size whose n * size overflows, or more than there is) ends the
 * program with status 2 and "out of memory". XGROW grows an array of any
 * type by doubling from 16, keeping its elements; xmemdup and xasprintf
 * give exact, NUL-terminated copies.
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "testutil.h"
#include "xalloc.h"

/*
 * Under AddressSanitizer a malloc beyond its limit aborts the program
 * instead of returning NULL: these tests are of what xalloc does with
 * the NULL.
 */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void
test_zero_bytes(void **state)
{
	char *a, *b, *c, *d;

	(void)state;
	a = xmalloc(0);
	b = xcalloc(0, 0);
	c = xrealloc(NULL, 0);
	d = xmalloc(0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_non_null(d);
	assert_ptr_not_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void
test_calloc_zeroed(void **state)
{
	unsigned char *p;
	size_t i;

	(void)state;
	p = xcalloc(1000, 3);
	for (i = 0; i < 3000; i++)
		assert_int_equal(p[i], 0);
	free(p);
}

static void
test_realloc_keeps(void **state)
{
	char *p = xmalloc(4);

	(void)state;
	memcpy(p, "abcd", 4);
	p = xrealloc(p, 1 << 20);
	assert_memory_equal(p, "abcd", 4);
	p = xrealloc(p, 2);
	assert_memory_equal(p, "ab", 2);
	free(p);
}

struct rec {
	int64_t a;
	char name[20];
};

static void
test_xgrow(void **state)
{
	struct rec *r = NULL;
	int *v = NULL, *was;
	size_t cap = 0, rcap = 0, i;

	(void)state;
	XGROW(v, cap, 0);		/* nothing needed: nothing done */
	assert_null(v);
	assert_int_equal(cap, 0);
	XGROW(v, cap, 1);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	was = v;
	XGROW(v, cap, 16);		/* room enough: not moved */
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 16);
	for (i = 0; i < 16; i++)
		v[i] = (int)i * 3;
	XGROW(v, cap, 17);
	assert_int_equal(cap, 32);
	XGROW(v, cap, 1000);
	assert_int_equal(cap, 1024);
	for (i = 16; i < 1000; i++)
		v[i] = (int)i * 3;
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], (int)i * 3);
	free(v);

	/* elements of the array's own size, not a pointer's */
	cap = 5;			/* a capacity not from xgrow */
	v = xmalloc(5 * sizeof(*v));
	XGROW(v, cap, 6);
	assert_int_equal(cap, 10);
	free(v);
	XGROW(r, rcap, 40);
	assert_int_equal(rcap, 64);
	memset(r, 0xab, rcap * sizeof(*r));	/* all of it is ours */
	strcpy(r[63].name, "last");
	XGROW(r, rcap, 65);
	assert_int_equal(rcap, 128);
	assert_string_equal(r[63].name, "last");
	free(r);
}

static int64_t *grown;
static size_t grown_cap;

/* 2^61 elements of 8 bytes: 2^64 bytes, one past SIZE_MAX */
static void
grow_past_size_max(void)
{
	diag_init("test_xalloc");
	XGROW(grown, grown_cap, SIZE_MAX / 8 + 1);
}

/* every capacity a power of two, and none big enough */
static void
grow_to_size_max(void)
{
	char *p = NULL;
	size_t cap = 0;

	diag_init("test_xalloc");
	XGROW(p, cap, SIZE_MAX);
	free(p);
}

/* the largest capacity doubling can give, which no malloc has */
static void
grow_to_half(void)
{
	diag_init("test_xalloc");
	grown_cap = 0;
	XGROW(grown, grown_cap, SIZE_MAX / 16 + 1);
}

static void
calloc_overflow(void)
{
	diag_init("test_xalloc");
	(void)xcalloc(SIZE_MAX / 2, 4);
}

static void
malloc_too_much(void)
{
	diag_init("test_xalloc");
	(void)xmalloc(SIZE_MAX);
}

static char *volatile kept;	/* still ours when the realloc fails */

static void
realloc_too_much(void)
{
	diag_init("test_xalloc");
	kept = xmalloc(16);
	kept = xrealloc(kept, SIZE_MAX - 16);
}

static void
test_out_of_memory(void **state)
{
	static void (*const fn[])(void) = { grow_past_size_max,
	    grow_to_size_max, grow_to_half, calloc_overflow, malloc_too_much,
	    realloc_too_much };
	char err[1024], *msg;
	size_t i;
	int status;

	(void)state;
	for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
		status = run_child(fn[i], err, sizeof(err));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 2)
			fail_msg("case %zu: status %#x: %s", i, status, err);
		/* AddressSanitizer says first that it refused the size */
		msg = err;
		if (strncmp(msg, "==", 2) == 0 && strchr(msg, '\n') != NULL)
			msg = strchr(msg, '\n') + 1;
		assert_string_equal(msg, "test_xalloc: out of memory\n");
	}
}

static void
test_xmemdup(void **state)
{
	char *p;

	(void)state;
	p = xmemdup("ab\0cd!", 5);	/* an inner NUL is copied too */
	assert_memory_equal(p, "ab\0cd\0", 6);
	free(p);
	p = xmemdup("xyz", 0);
	assert_string_equal(p, "");
	free(p);
	p = xmemdup("xyz", 2);
	assert_string_equal(p, "xy");
	free(p);
	p = xstrdup("");
	assert_string_equal(p, "");
	free(p);
	p = xstrdup("héllo");
	assert_string_equal(p, "héllo");
	free(p);
}

static void
test_xasprintf(void **state)
{
	char *p, *big;

	(void)state;
	p = xasprintf("%s.tmp.%0*d|%ld|%%", "/a/b", 6, 0, -12L);
	assert_string_equal(p, "/a/b.tmp.000000|-12|%");
	free(p);
	p = xasprintf("%s", "");
	assert_string_equal(p, "");
	free(p);
	/* longer than any first guess at the size */
	big = xmalloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	p = xasprintf("<%s>", big);
	assert_int_equal(strlen(p), 100002);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[100001], '>');
	assert_memory_equal(p + 1, big, 100000);
	free(p);
	free(big);
}

/* A wide character no locale can write: vsnprintf fails (EILSEQ). */
static void
format_fails(void)
{
	diag_init("test_xalloc");
	(void)xasprintf("%ls", L"a\xdc00");
}

static void
test_xasprintf_fails(void **state)
{
	(void)state;
	assert_exits(format_fails, 2,
	    "test_xalloc: internal error: bad format %ls\n");
}

static void
test_json(void **state)
{
	json_malloc_t m;
	json_free_t f;
	json_t *v;
	char *s;

	(void)state;
	xalloc_json();
	json_get_alloc_funcs(&m, &f);
	assert_ptr_equal(m, xmalloc);
	assert_ptr_equal(f, free);
	v = json_pack("{s:[i,s]}", "a", 1, "b");
	s = json_dumps(v, JSON_COMPACT);
	assert_string_equal(s, "{\"a\":[1,\"b\"]}");
	free(s);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_bytes),
		cmocka_unit_test(test_calloc_zeroed),
		cmocka_unit_test(test_realloc_keeps),
		cmocka_unit_test(test_xgrow),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_xmemdup),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test(test_xasprintf_fails),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
