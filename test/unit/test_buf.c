/*
 * buf: a growable byte string, NUL-terminated after len bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

/* b holds exactly the n bytes of want, then a NUL. */
static void
assert_buf(const struct buf *b, const void *want, size_t n)
{
	assert_non_null(b->p);
	assert_int_equal(b->len, n);
	assert_true(b->cap > b->len);
	assert_memory_equal(b->p, want, n);
	assert_int_equal(b->p[n], '\0');
}

static void
test_add(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	buf_add(&b, "", 0);		/* memory, even for nothing */
	assert_buf(&b, "", 0);
	buf_add(&b, "abcdef", 3);
	assert_buf(&b, "abc", 3);
	buf_add(&b, "x\0y", 3);		/* NUL bytes are bytes */
	assert_buf(&b, "abcx\0y", 6);
	buf_add(&b, "", 0);
	assert_buf(&b, "abcx\0y", 6);
	buf_free(&b);
}

static void
test_addc(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	buf_addc(&b, 'a');
	assert_buf(&b, "a", 1);
	buf_addc(&b, 'b');
	assert_buf(&b, "ab", 2);
	buf_addc(&b, '\0');
	assert_buf(&b, "ab\0", 3);
	buf_addc(&b, 'c');
	assert_buf(&b, "ab\0c", 4);
	buf_free(&b);
}

static void
test_adds(void **state)
{
	struct buf b = { NULL, 0, 0 };

	(void)state;
	buf_adds(&b, "line_items");
	buf_adds(&b, "");
	buf_adds(&b, "[2]");
	buf_adds(&b, ".sku");
	assert_buf(&b, "line_items[2].sku", 17);
	assert_string_equal(b.p, "line_items[2].sku");
	buf_free(&b);
}

static void
test_reset(void **state)
{
	struct buf b = { NULL, 0, 0 };
	size_t cap;
	char *p;

	(void)state;
	buf_reset(&b);			/* nothing to keep: no harm */
	assert_int_equal(b.len, 0);
	buf_adds(&b, "first record");
	cap = b.cap;
	p = b.p;
	buf_reset(&b);
	assert_buf(&b, "", 0);
	assert_ptr_equal(b.p, p);	/* the memory is kept */
	assert_int_equal(b.cap, cap);
	buf_adds(&b, "second");
	assert_buf(&b, "second", 6);
	assert_ptr_equal(b.p, p);	/* and reused */
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_adds(&b, "after free");	/* a freed buf starts over */
	assert_buf(&b, "after free", 10);
	buf_free(&b);
}

/* Many small adds and some large ones, checked at every step. */
static void
test_growth(void **state)
{
	enum { N = 100000, CHUNK = 1000, NCHUNK = 1000 };
	struct buf b = { NULL, 0, 0 };
	static char chunk[CHUNK];
	char *want;
	size_t i;

	(void)state;
	want = malloc(N);
	assert_non_null(want);
	for (i = 0; i < N; i++) {
		want[i] = (char)('a' + i % 26);
		buf_addc(&b, want[i]);
		if (b.len != i + 1 || b.p[b.len] != '\0' || b.cap <= b.len)
			fail_msg("after %zu bytes: len %zu", i + 1, b.len);
	}
	assert_buf(&b, want, N);
	free(want);

	buf_reset(&b);
	for (i = 0; i < NCHUNK; i++) {
		memset(chunk, '0' + (int)(i % 10), CHUNK);
		buf_add(&b, chunk, CHUNK);
		if (b.len != (i + 1) * CHUNK || b.p[b.len] != '\0')
			fail_msg("after %zu chunks: len %zu", i + 1, b.len);
	}
	for (i = 0; i < (size_t)CHUNK * NCHUNK; i++)
		if (b.p[i] != '0' + (int)(i / CHUNK % 10))
			fail_msg("byte %zu is %c", i, b.p[i]);
	buf_free(&b);
}

static void
test_printf(void **state)
{
	struct buf b = { NULL, 0, 0 };
	char *big;

	(void)state;
	buf_adds(&b, "line_items");
	buf_printf(&b, "[%zu].%s", (size_t)12, "sku");
	assert_buf(&b, "line_items[12].sku", 18);
	buf_printf(&b, "%s", "");	/* nothing added */
	assert_buf(&b, "line_items[12].sku", 18);
	buf_printf(&b, "%d%c", -7, '!');
	assert_buf(&b, "line_items[12].sku-7!", 21);

	/* output larger than the memory there is */
	big = malloc(10001);
	assert_non_null(big);
	memset(big, 'z', 10000);
	big[10000] = '\0';
	buf_reset(&b);
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, 10002);
	assert_int_equal(b.p[0], '<');
	assert_memory_equal(b.p + 1, big, 10000);
	assert_int_equal(b.p[10001], '>');
	assert_int_equal(b.p[10002], '\0');
	free(big);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_addc),
		cmocka_unit_test(test_adds),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_printf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
