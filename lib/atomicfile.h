/*
 * atomicfile: a file replaced whole or not at all. The new content is
 * written to a temporary file beside the old one, flushed to the disk
 * (fsync), then renamed over it, and the directory is synced; a run killed
 * at any point leaves either the old file or the new one, never a mix. A
 * program that ends before the rename (trouble) removes its temporary
 * file, FILE.tmp; one killed by a signal leaves it, and the next run
 * replaces it. Runs that write one file must not overlap (flock(1)).
 */
#ifndef WMSKIT_ATOMICFILE_H
#define WMSKIT_ATOMICFILE_H

#include "writer.h"

struct atomic_file {
	char *path, *tmp;
	struct writer w;	/* write the content through this */
};

/* Creates FILE.tmp; ends the program (status 2) on failure. */
void atomic_open(struct atomic_file *f, const char *path);
/* Flushes, syncs and renames into place; ends the program on failure. */
void atomic_commit(struct atomic_file *f);

#endif
