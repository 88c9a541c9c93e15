#include <stddef.h>

#include "jdoc.h"
#include "jsonspan.h"

int
jsonspan_member(const struct jdoc *d, size_t obj, const char *key,
    size_t keylen, size_t *start, size_t *end)
{
	size_t v = jdoc_get(d, obj, key, keylen), k, before = JDOC_NONE, next;

	if (v == JDOC_NONE)
		return 0;
	for (k = jdoc_first(d, obj); k != v; k = jdoc_next(d, obj, k))
		before = k;
	*start = d->node[v - 1].start;
	if ((next = jdoc_next(d, obj, v)) != JDOC_NONE) {
		/* the comma after it goes, and the blanks to the next key */
		*end = d->node[next - 1].start;
		return 1;
	}
	/* the last: the comma before it, the blanks to the closing brace */
	if (before != JDOC_NONE)
		*start = d->node[before].start + d->node[before].len;
	*end = d->node[obj].start + d->node[obj].len - 1;	/* its '}' */
	return 1;
}
