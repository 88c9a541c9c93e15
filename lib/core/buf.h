/*
 * buf: a growable byte string, reused from record to record so that the hot
 * loop does not allocate. Once anything is added (even "" of length 0), p
 * is NUL-terminated after len bytes; a zeroed buf has p NULL.
 */
#ifndef WMSKIT_BUF_H
#define WMSKIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
};

void buf_reset(struct buf *b);	/* len = 0, keeps the memory */
void buf_free(struct buf *b);
void buf_add(struct buf *b, const void *s, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
