/*
 * arena: memory handed out in pieces and given back all at once. For
 * things that live and die together (the lines of one order being put
 * back together): no free per piece, no header per piece, and pointers
 * that stay valid until arena_free, unlike a growing array's.
 */
#ifndef WMSKIT_ARENA_H
#define WMSKIT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* the block being filled */
};

/* n bytes, aligned for any object; a zeroed arena is an empty one. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of the n bytes at s, NUL-terminated. */
char *arena_copy(struct arena *a, const void *s, size_t n);
/* Gives back every piece; the arena is empty and can be used again. */
void arena_free(struct arena *a);

#endif
