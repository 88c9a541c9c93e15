#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "xalloc.h"

/* Blocks double from the first size up to the last, so that a small
 * order costs one malloc and a huge one a few dozen. */
enum { FIRST_BLOCK = 4096, LAST_BLOCK = 1 << 20 };

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t at, size;

	if (n > SIZE_MAX - (alignof(max_align_t) - 1))
		die("out of memory");
	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (b == NULL || b->size - b->used < n) {
		size = b == NULL ? FIRST_BLOCK : b->size < LAST_BLOCK ?
		    b->size * 2 : LAST_BLOCK;
		if (size < n)
			size = n;
		if (size > SIZE_MAX - sizeof(*b))
			die("out of memory");
		b = xmalloc(sizeof(*b) + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	at = b->used;
	b->used += n;
	return b->data + at;
}

char *
arena_copy(struct arena *a, const void *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		die("out of memory");
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
