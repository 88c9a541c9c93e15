/*
 * writer: block-buffered output to a file descriptor, in whole records.
 *
 * Bytes leave only at a record boundary (writer_end_record), so a run that
 * ends early (a write error, memory exhausted) never leaves half a line: the
 * buffer grows to hold a record larger than itself. A write error ends the
 * program with status 2 and a message; a closed pipe (EPIPE, when SIGPIPE is
 * ignored) ends it quietly with status 2.
 *
 * Records leave in one write() where the kernel takes it whole, under an
 * advisory lock (flock LOCK_EX) on a regular file, and on anything else for
 * a write over PIPE_BUF: so programs sharing a file (one -x file for a whole
 * pipeline, stdout and stderr redirected together) never interleave their
 * records. A record spilled in pieces keeps the lock until its end. On
 * ENOSPC, EFBIG or EIO on a regular file the file is cut back to the end of
 * the last whole record before the program ends, so the next append starts
 * on a line of its own.
 */
#ifndef WMSKIT_WRITER_H
#define WMSKIT_WRITER_H

#include <stddef.h>
#include <string.h>
#include <sys/types.h>

struct writer {
	int fd;			/* -1: closed or failed */
	const char *name;	/* for messages */
	char *buf;
	size_t len, cap;
	size_t committed;	/* end of the last complete record */
	int unbuffered;		/* flush at every record end */
	int held;		/* nothing leaves until held is cleared: for a
				 * run that may yet refuse what it made */
	int regular;		/* a regular file: locked, cut back on error */
	int append;		/* opened O_APPEND: a write goes to the end */
	int locked;		/* holds the flock */
	int spilling;		/* a record is out in part */
	off_t mark;		/* end of the last whole record; -1: unknown */
};

void writer_open(struct writer *w, int fd, const char *name);
void writer_grow(struct writer *w, size_t n);
/* Ends a record with '\n'; flushes when the buffer is full or unbuffered. */
void writer_end_record(struct writer *w);
void writer_flush(struct writer *w);
/*
 * Writes even a record in progress: only for a record too large to hold,
 * such as an envelope that streams an over-long line.
 */
void writer_spill(struct writer *w);
/* Fatal path: writes the complete records, ignores errors; a held
 * writer's records are dropped, since its run never decided on them. */
void writer_salvage(struct writer *w);
/* Drops everything not yet written. */
void writer_discard(struct writer *w);
/* Flushes and frees; writer_close also closes the descriptor, and its
 * close error counts as a write error (as for NFS). */
void writer_release(struct writer *w);
void writer_close(struct writer *w);
/*
 * Writes n bytes to fd at once, under the lock where a writer would take
 * it: a line that is not a record, such as --stats or a message on stderr.
 * Returns 0, or the errno of the failure.
 */
int writer_once(int fd, const void *p, size_t n);

static inline void
writer_add(struct writer *w, const void *s, size_t n)
{
	if (w->cap - w->len < n)
		writer_grow(w, n);
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void
writer_addc(struct writer *w, char c)
{
	if (w->len == w->cap)
		writer_grow(w, 1);
	w->buf[w->len++] = c;
}

static inline void
writer_adds(struct writer *w, const char *s)
{
	writer_add(w, s, strlen(s));
}

#endif
