/*
 * atomicfile: a file replaced whole or not at all. The new content is
 * written to a temporary file beside the old one, FILE.tmp.XXXXXX (a
 * random name, created with O_EXCL and O_NOFOLLOW, so nothing another
 * user plants beside the file is ever opened), given the mode, owner and
 * group of the file it replaces, flushed to the disk (fsync), then renamed
 * over it, and the directory is synced; a run killed at any point leaves
 * either the old file or the new one, never a mix. Each run has its own
 * temporary name, so runs writing one file do not trip over each other
 * (the last rename wins). A program that ends before the rename removes
 * its temporary file; one killed by a signal leaves it, and the next run
 * that replaces the file removes it (a temporary file is locked while its
 * run lives, so only a dead run's are removed).
 *
 * A target that is a character device (/dev/null) is written in place; a
 * directory, a FIFO, a socket or a block device is refused.
 */
#ifndef WMSKIT_ATOMICFILE_H
#define WMSKIT_ATOMICFILE_H

#include <sys/types.h>

#include "writer.h"

struct atomic_file {
	char *path;
	char *tmp;		/* NULL: written in place (a device) */
	mode_t mode;		/* of a new file, before the umask */
	struct writer w;	/* write the content through this */
};

/* Modes of a new file: records (personal data) are the owner's alone;
 * numbers for another reader (node_exporter) follow the umask. */
#define ATOMIC_PRIVATE	0600
#define ATOMIC_PUBLIC	0666
/* Or'ed with a mode that an operator gave (--mode): set as chmod(1) sets
 * it, not narrowed by the umask, as install -m and mkdir -m do. */
#define ATOMIC_EXACT	010000

/*
 * Creates the temporary file; ends the program (status 2) on failure. A
 * new file gets mode & ~umask (mode & 0777 with ATOMIC_EXACT); an
 * existing one keeps its own.
 */
void atomic_open(struct atomic_file *f, const char *path, mode_t mode);
/* Flushes, syncs and renames into place; ends the program on failure. */
void atomic_commit(struct atomic_file *f);

/*
 * Locks path for the rest of the run, by flock(2) on FILE.lock beside it
 * (created 0600 and never removed: the file itself is replaced by rename,
 * so it cannot carry the lock). When another run holds it, waits, or with
 * wait 0 ends the program (status 2) with a message.
 */
void atomic_lock(const char *path, int wait);

#endif
