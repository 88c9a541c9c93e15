#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "diag.h"
#include "xalloc.h"

/* Temporary files not yet renamed: removed if the program ends first. */
static struct atomic_file *pending[4];

static void
remove_pending(void)
{
	size_t i;

	for (i = 0; i < sizeof(pending) / sizeof(pending[0]); i++)
		if (pending[i] != NULL)
			unlink(pending[i]->tmp);
}

/* Replaces was by f among the pending files. */
static void
track(struct atomic_file *f, struct atomic_file *was)
{
	static int registered;
	size_t i;

	if (!registered)
		registered = atexit(remove_pending) == 0;
	for (i = 0; i < sizeof(pending) / sizeof(pending[0]); i++)
		if (pending[i] == was) {
			pending[i] = f;
			return;
		}
}

void
atomic_open(struct atomic_file *f, const char *path)
{
	int fd;

	f->path = xstrdup(path);
	/* one name a file: a run killed before its rename leaves FILE.tmp,
	 * which the next run replaces (runs of one file must not overlap) */
	f->tmp = xasprintf("%s.tmp", path);
	if ((fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0) {
		if (errno == ENOMEM)
			die("out of memory");
		die("%s: cannot create a file beside it: %s", path,
		    strerror(errno));
	}
	track(f, NULL);
	writer_open(&f->w, fd, f->tmp);
}

/* Makes the rename durable; best effort: not every file system allows it. */
static void
sync_dir(const char *path)
{
	char copy[PATH_MAX];
	int fd;

	if (strlen(path) >= sizeof(copy))
		return;
	strcpy(copy, path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

void
atomic_commit(struct atomic_file *f)
{
	int fd = f->w.fd;

	writer_flush(&f->w);
	if (fsync(fd) != 0)
		die("%s: %s", f->tmp, strerror(errno));
	writer_close(&f->w);
	if (rename(f->tmp, f->path) != 0)
		die("%s: %s", f->path, strerror(errno));
	track(NULL, f);	/* in place: nothing to remove any more */
	sync_dir(f->path);
	free(f->path);
	free(f->tmp);
}
