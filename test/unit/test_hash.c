/*
 * hash: byte-string keys to pointers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"

enum { MANY = 100000 };

/* The value stored for key number i: never NULL. */
#define VAL(i)	((void *)(uintptr_t)((i) + 1))

static size_t
key_of(char *key, size_t size, size_t i)
{
	return (size_t)snprintf(key, size, "key%zu", i);
}

static void
test_put_get(void **state)
{
	struct hash *h = hash_new();
	int x, y, fresh = -1;
	void **slot;
	char key[4] = "abc";

	(void)state;
	assert_int_equal(hash_count(h), 0);
	assert_null(hash_get(h, "a", 1));

	slot = hash_put(h, "a", 1, &fresh);
	assert_int_equal(fresh, 1);
	assert_null(*slot);
	*slot = &x;
	assert_ptr_equal(hash_get(h, "a", 1), &x);
	assert_int_equal(hash_count(h), 1);

	slot = hash_put(h, "a", 1, &fresh);	/* again: the same slot */
	assert_int_equal(fresh, 0);
	assert_ptr_equal(*slot, &x);
	*slot = &y;
	assert_ptr_equal(hash_get(h, "a", 1), &y);
	assert_int_equal(hash_count(h), 1);

	/* the key is copied: the caller's buffer may change */
	*hash_put(h, key, 3, &fresh) = &x;
	assert_int_equal(fresh, 1);
	memcpy(key, "xyz", 3);
	assert_ptr_equal(hash_get(h, "abc", 3), &x);
	assert_null(hash_get(h, "xyz", 3));
	/* length counts, not the NUL */
	assert_ptr_equal(hash_get(h, "abc", 1), &y);
	assert_null(hash_get(h, "ab", 2));
	assert_int_equal(hash_count(h), 2);
	hash_free(h);
	hash_free(NULL);
}

/* Values survive the many rehashes of 100000 insertions. */
static void
test_many(void **state)
{
	struct hash *h = hash_new();
	char key[32];
	size_t i, n;
	int fresh;

	(void)state;
	for (i = 0; i < MANY; i++) {
		n = key_of(key, sizeof(key), i);
		*hash_put(h, key, n, &fresh) = VAL(i);
		if (!fresh)
			fail_msg("%s is not fresh", key);
		if (hash_count(h) != i + 1)
			fail_msg("count %zu after %zu keys", hash_count(h),
			    i + 1);
	}
	for (i = 0; i < MANY; i++) {
		n = key_of(key, sizeof(key), i);
		if (hash_get(h, key, n) != VAL(i))
			fail_msg("%s lost its value", key);
	}
	for (i = 0; i < MANY; i += 7) {
		n = key_of(key, sizeof(key), i);
		if (*hash_put(h, key, n, &fresh) != VAL(i) || fresh)
			fail_msg("%s: put again is not the old slot", key);
	}
	assert_int_equal(hash_count(h), MANY);
	assert_null(hash_get(h, "key100000", 9));
	assert_null(hash_get(h, "key", 3));
	assert_null(hash_get(h, "", 0));
	hash_free(h);
}

/* NUL bytes are part of a key; the empty key is a key. */
static void
test_binary_keys(void **state)
{
	static const struct {
		const char *key;
		size_t len;
	} keys[] = {
		{ "", 0 },
		{ "\0", 1 },
		{ "\0\0", 2 },
		{ "a", 1 },
		{ "a\0", 2 },
		{ "a\0b", 3 },
		{ "a\0c", 3 },
		{ "\0a", 2 },
		{ "abcdefgh", 8 },		/* one full SipHash block */
		{ "abcdefgh\0", 9 },
	};
	size_t i, n = sizeof(keys) / sizeof(keys[0]);
	struct hash *h = hash_new();
	int fresh;

	(void)state;
	for (i = 0; i < n; i++) {
		*hash_put(h, keys[i].key, keys[i].len, &fresh) = VAL(i);
		if (!fresh)
			fail_msg("key %zu collides with an earlier one", i);
	}
	assert_int_equal(hash_count(h), n);
	for (i = 0; i < n; i++)
		assert_ptr_equal(hash_get(h, keys[i].key, keys[i].len),
		    VAL(i));
	assert_null(hash_get(h, "\0\0\0", 3));
	assert_null(hash_get(h, "b", 1));
	hash_free(h);
}

static void
test_next(void **state)
{
	enum { N = 1000 };
	struct hash *h = hash_new();
	unsigned char seen[N + 1];
	char want[32];
	const char *key;
	size_t pos = 0, len, i, visits = 0;
	void *value;
	int fresh;

	(void)state;
	assert_int_equal(hash_next(h, &pos, &key, &len, &value), 0);

	for (i = 0; i < N; i++) {
		len = key_of(want, sizeof(want), i);
		*hash_put(h, want, len, &fresh) = VAL(i);
	}
	*hash_put(h, "x\0y", 3, &fresh) = VAL(N);	/* and a binary key */
	memset(seen, 0, sizeof(seen));
	pos = 0;
	while (hash_next(h, &pos, &key, &len, &value)) {
		i = (size_t)(uintptr_t)value - 1;
		assert_true(i <= N);
		if (seen[i]++)
			fail_msg("entry %zu visited twice", i);
		if (i == N) {
			assert_int_equal(len, 3);
			assert_memory_equal(key, "x\0y", 3);
		} else {
			assert_int_equal(len, key_of(want, sizeof(want), i));
			assert_memory_equal(key, want, len);
		}
		visits++;
	}
	assert_int_equal(visits, N + 1);
	assert_int_equal(visits, hash_count(h));
	assert_null(memchr(seen, 0, sizeof(seen)));
	/* the end stays the end */
	assert_int_equal(hash_next(h, &pos, &key, &len, &value), 0);
	hash_free(h);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_hash_bytes(void **state)
{
	static const char *small[] = {
		"", "a", "b", "ab", "ba", "abcdefg", "abcdefgh", "abcdefghi",
	};
	uint64_t *hv, z;
	char key[32];
	size_t i, n, nsmall = sizeof(small) / sizeof(small[0]);

	(void)state;
	/* the same key, the same hash, within a run */
	assert_true(hash_bytes("sku", 3) == hash_bytes("sku", 3));
	/* length is part of the key: trailing NULs count */
	z = hash_bytes("a", 1);
	assert_true(z != hash_bytes("a\0", 2));
	assert_true(hash_bytes("", 0) != hash_bytes("\0", 1));
	assert_true(hash_bytes("\0", 1) != hash_bytes("\0\0", 2));

	/* distinct keys, distinct hashes, none 0 (the empty mark) */
	hv = calloc(MANY + nsmall, sizeof(*hv));
	assert_non_null(hv);
	for (i = 0; i < MANY; i++) {
		n = key_of(key, sizeof(key), i);
		hv[i] = hash_bytes(key, n);
	}
	for (i = 0; i < nsmall; i++)
		hv[MANY + i] = hash_bytes(small[i], strlen(small[i]));
	qsort(hv, MANY + nsmall, sizeof(*hv), cmp_u64);
	for (i = 0; i < MANY + nsmall; i++) {
		if (hv[i] == 0)
			fail_msg("a hash is 0");
		if (i > 0 && hv[i] == hv[i - 1])
			fail_msg("two keys hash alike: %#llx",
			    (unsigned long long)hv[i]);
	}
	free(hv);
}

static void
test_clear(void **state)
{
	struct hash *h = hash_new();
	const char *k;
	char key[32];
	size_t i, n;
	void *v;
	int fresh;

	(void)state;
	hash_clear(h);				/* an empty table */
	assert_int_equal(hash_count(h), 0);
	for (i = 0; i < MANY; i++) {		/* keys over many blocks */
		n = key_of(key, sizeof(key), i);
		*hash_put(h, key, n, &fresh) = VAL(i);
	}
	hash_clear(h);
	assert_int_equal(hash_count(h), 0);
	assert_null(hash_get(h, "key0", 4));
	assert_null(hash_get(h, "key99999", 8));
	i = 0;
	assert_int_equal(hash_next(h, &i, &k, &n, &v), 0);

	/* the table works as new, keys from the reused memory intact */
	for (i = 0; i < MANY; i += 3) {
		n = key_of(key, sizeof(key), i);
		*hash_put(h, key, n, &fresh) = VAL(i + 5);
		if (!fresh)
			fail_msg("%s survived the clear", key);
	}
	assert_int_equal(hash_count(h), (MANY + 2) / 3);
	for (i = 0; i < MANY; i++) {
		n = key_of(key, sizeof(key), i);
		if (hash_get(h, key, n) != (i % 3 == 0 ? VAL(i + 5) : NULL))
			fail_msg("%s: wrong value after clear", key);
	}
	hash_free(h);
}

/* The table's copy of a key stays put while the table grows. */
static void
test_key(void **state)
{
	struct hash *h = hash_new();
	const char *copy, *bin;
	char key[32];
	size_t i, n;
	int fresh;

	(void)state;
	assert_null(hash_key(h, "sku", 3));
	memcpy(key, "sku-1", 6);
	*hash_put(h, key, 5, &fresh) = VAL(0);
	copy = hash_key(h, "sku-1", 5);
	assert_non_null(copy);
	assert_true(copy != key);
	assert_string_equal(copy, "sku-1");	/* NUL-terminated */
	*hash_put(h, "a\0b", 3, &fresh) = VAL(1);
	bin = hash_key(h, "a\0b", 3);
	assert_non_null(bin);
	assert_memory_equal(bin, "a\0b\0", 4);
	assert_null(hash_key(h, "a", 1));

	for (i = 0; i < MANY; i++) {		/* many rehashes, new blocks */
		n = key_of(key, sizeof(key), i);
		*hash_put(h, key, n, &fresh) = VAL(i);
	}
	assert_ptr_equal(hash_key(h, "sku-1", 5), copy);
	assert_string_equal(copy, "sku-1");
	assert_ptr_equal(hash_key(h, "a\0b", 3), bin);
	assert_string_equal(hash_key(h, "key99999", 8), "key99999");
	hash_free(h);
}

/* Indexes: 0 is an index like any other; absent is HASH_NONE. */
static void
test_index(void **state)
{
	struct hash *h = hash_new();
	char key[32];
	size_t i, n, *at;
	int fresh;

	(void)state;
	assert_int_equal(hash_get_index(h, "a", 1), HASH_NONE);
	at = hash_put_index(h, "a", 1, &fresh);
	assert_true(fresh);
	assert_int_equal(*at, HASH_NONE);
	*at = 0;
	assert_int_equal(hash_get_index(h, "a", 1), 0);
	at = hash_put_index(h, "a", 1, &fresh);
	assert_false(fresh);
	assert_int_equal(*at, 0);
	assert_true(hash_has(h, "a", 1));
	for (i = 0; i < MANY; i++) {	/* through many rehashes */
		n = key_of(key, sizeof(key), i);
		*hash_put_index(h, key, n, &fresh) = i;
		assert_true(fresh);
	}
	for (i = 0; i < MANY; i++) {
		n = key_of(key, sizeof(key), i);
		assert_int_equal(hash_get_index(h, key, n), i);
	}
	assert_int_equal(hash_get_index(h, "b", 1), HASH_NONE);
	hash_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_binary_keys),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_hash_bytes),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
