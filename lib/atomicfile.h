/*
 * atomicfile: a file replaced whole or not at all. The new content is
 * written to a temporary file beside the old one, flushed to the disk
 * (fsync), then renamed over it, and the directory is synced; a run killed
 * at any point leaves either the old file or the new one, never a mix.
 */
#ifndef WMSKIT_ATOMICFILE_H
#define WMSKIT_ATOMICFILE_H

#include "writer.h"

struct atomic_file {
	char *path, *tmp;
	struct writer w;	/* write the content through this */
};

/* Creates the temporary file; ends the program (status 2) on failure. */
void atomic_open(struct atomic_file *f, const char *path);
/* Flushes, syncs and renames into place; ends the program on failure. */
void atomic_commit(struct atomic_file *f);

#endif
