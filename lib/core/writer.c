#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
	struct stat st;
	int fl;

	w->fd = fd;
	w->name = name;
	w->cap = 2 * WRITER_BLOCK;
	w->buf = xmalloc(w->cap);
	w->len = w->committed = 0;
	w->unbuffered = 0;
	w->held = 0;
	w->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	w->append = (fl = fcntl(fd, F_GETFL)) != -1 && (fl & O_APPEND);
	w->locked = w->spilling = 0;
	w->mark = -1;
}

void
writer_grow(struct writer *w, size_t n)
{
	XGROW(w->buf, w->cap, w->len + n);
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

/*
 * The lock is advisory: it keeps out the kit's other writers, which is
 * what it is for. A file system without flock (some NFS) writes unlocked.
 */
static int
lock(int fd)
{
	int r;

	while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
		continue;
	return r == 0;
}

static void
unlock(struct writer *w)
{
	if (w->locked)
		(void)flock(w->fd, LOCK_UN);
	w->locked = 0;
}

/* Whether a write of n bytes to a file of this kind needs the lock. */
static int
needs_lock(int regular, size_t n)
{
	return regular || n > PIPE_BUF;
}

/* Where the next write lands, under the lock: the end of the file when
 * appending, else the offset. */
static off_t
position(const struct writer *w)
{
	struct stat st;

	if (!w->regular)
		return -1;
	if (w->append)
		return fstat(w->fd, &st) == 0 ? st.st_size : -1;
	return lseek(w->fd, 0, SEEK_CUR);
}

/* The disk refused the rest: no cut record stays behind. */
static int
cut_back(struct writer *w, int e)
{
	if (!w->regular || w->mark < 0 ||
	    (e != ENOSPC && e != EFBIG && e != EIO && e != EDQUOT))
		return 0;
	if (ftruncate(w->fd, w->mark) != 0)
		return 0;
	if (!w->append)
		(void)lseek(w->fd, w->mark, SEEK_SET);
	return 1;
}

/* Writes buf[0, n); the lock stays while a record is out in part. */
static int
put(struct writer *w, size_t n, int whole)
{
	int e;

	if (!w->locked && !w->spilling && needs_lock(w->regular, n))
		w->locked = lock(w->fd);
	if (!w->spilling)
		w->mark = position(w);
	e = write_all(w->fd, w->buf, n);
	w->spilling = !whole && e == 0;
	if (e != 0 && cut_back(w, e))
		e = -e;
	if (!w->spilling)
		unlock(w);
	return e;
}

/* Writes the committed bytes; whole: they end at a record boundary. */
static void
flush(struct writer *w, int whole)
{
	int e;

	if (w->committed == 0 || w->fd < 0 || w->held)
		return;
	e = put(w, w->committed, whole);
	if (e != 0) {
		w->fd = -1;	/* nothing more goes to a failed descriptor */
		if (e == EPIPE)
			die_quiet();
		if (e < 0)
			die("write error: %s: %s; cut back to the last whole "
			    "record", w->name, strerror(-e));
		die("write error: %s: %s", w->name, strerror(e));
	}
	memmove(w->buf, w->buf + w->committed, w->len - w->committed);
	w->len -= w->committed;
	w->committed = 0;
}

void
writer_flush(struct writer *w)
{
	flush(w, 1);
}

void
writer_end_record(struct writer *w)
{
	writer_addc(w, '\n');
	w->committed = w->len;
	/* a spilled record lets go of the lock at once */
	if (!w->held && (w->unbuffered || w->spilling ||
	    w->len >= WRITER_BLOCK))
		flush(w, 1);
}

void
writer_spill(struct writer *w)
{
	if (!w->spilling)
		flush(w, 1);	/* the whole records before it, alone */
	w->committed = w->len;
	flush(w, 0);
}

void
writer_salvage(struct writer *w)
{
	if (w->fd >= 0 && w->committed > 0 && !w->held && !w->spilling)
		(void)put(w, w->committed, 1);
	else if (w->fd >= 0 && w->spilling) {
		/* a record out in part: cut it off where the disk allows */
		if (w->regular && w->mark >= 0 &&
		    ftruncate(w->fd, w->mark) == 0 && !w->append)
			(void)lseek(w->fd, w->mark, SEEK_SET);
		w->spilling = 0;
		unlock(w);
	}
	w->committed = w->len = 0;
}

int
writer_once(int fd, const void *p, size_t n)
{
	struct stat st;
	int locked, e;

	locked = needs_lock(fstat(fd, &st) == 0 && S_ISREG(st.st_mode), n) &&
	    lock(fd);
	e = write_all(fd, p, n);
	if (locked)
		(void)flock(fd, LOCK_UN);
	return e;
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
