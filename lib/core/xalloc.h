/*
 * xalloc: allocation that cannot return NULL. Running out of memory ends
 * the program with status 2 and a message, after complete records are
 * written; no caller needs an error path for it. jansson uses it too.
 */
#ifndef WMSKIT_XALLOC_H
#define WMSKIT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p, of *cap elements of size bytes, to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
/* xgrow for array a (an lvalue of any object pointer type), cap its size. */
#define XGROW(a, cap, need) do {					\
	void *xgrow_p_ = (a);						\
									\
	xgrow(&xgrow_p_, &(cap), (need), sizeof(*(a)));			\
	(a) = xgrow_p_;							\
} while (0)
char *xstrdup(const char *s);
char *xmemdup(const void *s, size_t n);	/* NUL-terminated copy */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Routes jansson's allocations through xmalloc. */
void xalloc_json(void);

#endif
