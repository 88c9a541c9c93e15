/*
 * Unit tests of arena: pieces are distinct, aligned for any object and
 * keep what was written in them while more are handed out; a piece larger
 * than any block; copies are NUL-terminated; an arena freed is empty and
 * used again; a size that cannot be had ends the program, never a short
 * piece. Run under ASan or valgrind, overlaps and leaks show too.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "testutil.h"

enum { PIECES = 5000 };

static int
aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

/* Fills pieces of many sizes (some larger than a whole first block),
 * then checks that none was written over by another. */
static void
fill_and_check(struct arena *a)
{
	static unsigned char *piece[PIECES];
	static size_t size[PIECES];
	size_t i, k;

	for (i = 0; i < PIECES; i++) {
		size[i] = i % 7 == 0 ? 1 : i % 501 == 0 ? 9000 : i % 97 + 1;
		piece[i] = arena_alloc(a, size[i]);
		assert_non_null(piece[i]);
		assert_true(aligned(piece[i]));
		memset(piece[i], (int)(i % 251), size[i]);
	}
	for (i = 0; i < PIECES; i++)
		for (k = 0; k < size[i]; k++)
			if (piece[i][k] != (unsigned char)(i % 251))
				fail_msg("piece %zu byte %zu overwritten", i, k);
}

static void
test_many(void **state)
{
	struct arena a = { NULL };

	(void)state;
	fill_and_check(&a);
	assert_non_null(a.head);
	arena_free(&a);
	assert_null(a.head);
}

static void
test_distinct(void **state)
{
	struct arena a = { NULL };
	char *p, *q, *r;

	(void)state;
	p = arena_alloc(&a, 1);
	q = arena_alloc(&a, 1);
	r = arena_alloc(&a, alignof(max_align_t) + 1);
	assert_true(aligned(p) && aligned(q) && aligned(r));
	/* one byte still takes a whole aligned slot */
	assert_true(q - p >= (ptrdiff_t)alignof(max_align_t) ||
	    p - q >= (ptrdiff_t)alignof(max_align_t));
	assert_true(r != p && r != q);
	arena_free(&a);
}

static void
test_large(void **state)
{
	struct arena a = { NULL };
	size_t big = (size_t)3 << 20;	/* past the largest block */
	unsigned char *small, *huge, *after;
	size_t i;

	(void)state;
	small = arena_alloc(&a, 10);
	memset(small, 's', 10);
	huge = arena_alloc(&a, big);
	assert_true(aligned(huge));
	memset(huge, 'h', big);
	after = arena_alloc(&a, 100);
	assert_true(aligned(after));
	memset(after, 'a', 100);
	for (i = 0; i < 10; i++)
		assert_int_equal(small[i], 's');
	assert_int_equal(huge[0], 'h');
	assert_int_equal(huge[big - 1], 'h');
	for (i = 0; i < 100; i++)
		assert_int_equal(after[i], 'a');
	/* the first piece of an arena may be large too */
	arena_free(&a);
	huge = arena_alloc(&a, big + 1);
	memset(huge, 'H', big + 1);
	assert_int_equal(huge[big], 'H');
	arena_free(&a);
}

static void
test_copy(void **state)
{
	struct arena a = { NULL };
	char src[] = "{\"id\":\"gid://shopify/Order/1\"}tail";
	char *p, *e, *z;

	(void)state;
	p = arena_copy(&a, src, 30);
	assert_true(aligned(p));
	assert_string_equal(p, "{\"id\":\"gid://shopify/Order/1\"}");
	assert_int_equal(strlen(p), 30);
	assert_true(p != src);
	src[0] = 'X';			/* a copy, not the same bytes */
	assert_int_equal(p[0], '{');
	e = arena_copy(&a, "", 0);
	assert_string_equal(e, "");
	assert_true(e != p);
	z = arena_copy(&a, "a\0b", 3);	/* bytes, NULs and all */
	assert_memory_equal(z, "a\0b\0", 4);
	assert_string_equal(p, "{\"id\":\"gid://shopify/Order/1\"}");
	arena_free(&a);
}

static void
test_reuse(void **state)
{
	struct arena a = { NULL };
	char *p;

	(void)state;
	arena_free(&a);			/* an empty arena: nothing to do */
	assert_null(a.head);
	fill_and_check(&a);
	arena_free(&a);
	assert_null(a.head);
	p = arena_copy(&a, "again", 5);
	assert_string_equal(p, "again");
	fill_and_check(&a);
	assert_string_equal(p, "again");
	arena_free(&a);
	assert_null(a.head);
}

static void
alloc_max(void)
{
	struct arena a = { NULL };

	diag_init("test_arena");
	(void)arena_alloc(&a, SIZE_MAX - 1);
}

static void
copy_max(void)
{
	struct arena a = { NULL };

	diag_init("test_arena");
	(void)arena_copy(&a, "", SIZE_MAX - 1);
}

static void
test_too_large(void **state)
{
	(void)state;
	assert_exits(alloc_max, 2, "test_arena: out of memory\n");
	assert_exits(copy_max, 2, "test_arena: out of memory\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_distinct),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
