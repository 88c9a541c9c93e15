/*
 * nearest: the index finds what a search over every text finds, as long
 * as its work is not cut short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nearest.h"

enum { TEXTS = 3000, KEYS = 400 };

/* Texts of a few shapes that share most pairs, as a master's SKUs do. */
static void
make(char *out, size_t size, unsigned long n)
{
	static const char *const tail[] = { "RED", "BLU", "", "XL", "0" };

	snprintf(out, size, "%c%c%lu%s", 'A' + (int)(n % 3),
	    'K' + (int)(n / 3 % 2), n * 7919 % 1000, tail[n % 5]);
}

static int
by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_index_as_every_text(void **state)
{
	static char texts[TEXTS][32];
	const char *value[TEXTS];
	struct nearest_index *ix = nearest_index_new();
	struct nearest all, indexed;
	uint32_t *ids = NULL;
	size_t cap = 0, i, j, n, hinted = 0;
	char key[32];

	(void)state;
	memset(&all, 0, sizeof(all));
	memset(&indexed, 0, sizeof(indexed));
	for (i = 0; i < TEXTS; i++) {
		make(texts[i], sizeof(texts[i]), i);
		value[i] = texts[i];
		nearest_index_add(ix, texts[i], strlen(texts[i]));
	}
	for (i = 0; i < KEYS; i++) {
		/* an edit or two from a text, or short, or far */
		make(key, sizeof(key), i * 13 + 5);
		if (i % 4 == 1)
			key[1] = 'Z';
		else if (i % 4 == 2)
			key[3] = '\0';
		else if (i % 4 == 3)
			strcat(key, "QQ");
		nearest_start(&all, key, strlen(key), NEAREST_MAX);
		for (j = 0; j < TEXTS; j++)
			nearest_offer(&all, texts[j], strlen(texts[j]),
			    value[j]);
		nearest_start(&indexed, key, strlen(key), NEAREST_MAX);
		n = nearest_index_find(ix, &indexed, &ids, &cap);
		qsort(ids, n, sizeof(*ids), by_id);
		for (j = 0; j < n; j++)
			nearest_offer(&indexed, texts[ids[j]],
			    strlen(texts[ids[j]]), value[ids[j]]);
		assert_int_equal(indexed.n, all.n);
		for (j = 0; j < all.n; j++) {
			assert_ptr_equal(indexed.best[j], all.best[j]);
			assert_int_equal(indexed.dist[j], all.dist[j]);
		}
		hinted += all.n > 0;
	}
	assert_true(hinted > KEYS / 2);	/* the test tests something */
	free(ids);
	nearest_free(&all);
	nearest_free(&indexed);
	nearest_index_free(ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_as_every_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
