#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "writer.h"
#include "xalloc.h"

enum { WRITER_BLOCK = 64 * 1024 };

void
writer_open(struct writer *w, int fd, const char *name)
{
	w->fd = fd;
	w->name = name;
	w->cap = 2 * WRITER_BLOCK;
	w->buf = xmalloc(w->cap);
	w->len = w->committed = 0;
	w->unbuffered = 0;
	w->held = 0;
}

void
writer_grow(struct writer *w, size_t n)
{
	void *p = w->buf;

	xgrow(&p, &w->cap, w->len + n, 1);
	w->buf = p;
}

/* Writes all n bytes; returns 0, or the errno of the failure. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

void
writer_flush(struct writer *w)
{
	int e;

	if (w->committed == 0 || w->fd < 0 || w->held)
		return;
	e = write_all(w->fd, w->buf, w->committed);
	if (e != 0) {
		w->fd = -1;	/* nothing more goes to a failed descriptor */
		if (e == EPIPE)
			die_quiet();
		die("write error: %s: %s", w->name, strerror(e));
	}
	memmove(w->buf, w->buf + w->committed, w->len - w->committed);
	w->len -= w->committed;
	w->committed = 0;
}

void
writer_end_record(struct writer *w)
{
	writer_addc(w, '\n');
	w->committed = w->len;
	if (!w->held && (w->unbuffered || w->len >= WRITER_BLOCK))
		writer_flush(w);
}

void
writer_spill(struct writer *w)
{
	w->committed = w->len;
	writer_flush(w);
}

void
writer_salvage(struct writer *w)
{
	if (w->fd >= 0 && w->committed > 0 && !w->held)
		(void)write_all(w->fd, w->buf, w->committed);
	w->committed = w->len = 0;
}

void
writer_discard(struct writer *w)
{
	w->committed = w->len = 0;
}

void
writer_release(struct writer *w)
{
	writer_flush(w);
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = w->committed = 0;
}

void
writer_close(struct writer *w)
{
	int fd = w->fd;

	writer_release(w);
	w->fd = -1;
	if (fd >= 0 && close(fd) != 0 && errno != EINTR) {
		if (errno == EPIPE)
			die_quiet();
		die("write error: %s: %s", w->name, strerror(errno));
	}
}
