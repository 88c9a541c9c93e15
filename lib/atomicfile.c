#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "diag.h"
#include "xalloc.h"

void
atomic_open(struct atomic_file *f, const char *path)
{
	int fd;
	mode_t mask = umask(0);

	umask(mask);
	f->path = xstrdup(path);
	f->tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(f->tmp)) < 0)
		die("%s: cannot create a file beside it: %s", path,
		    strerror(errno));
	/* mkstemp makes 0600; a file for others (a collector) needs more */
	(void)fchmod(fd, 0666 & ~mask);
	writer_open(&f->w, fd, f->tmp);
}

static void
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {	/* best effort: not every file system allows it */
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

void
atomic_commit(struct atomic_file *f)
{
	int fd = f->w.fd;

	writer_flush(&f->w);
	if (fsync(fd) != 0) {
		int e = errno;

		unlink(f->tmp);
		die("%s: %s", f->tmp, strerror(e));
	}
	writer_close(&f->w);
	if (rename(f->tmp, f->path) != 0) {
		int e = errno;

		unlink(f->tmp);
		die("%s: %s", f->path, strerror(e));
	}
	sync_dir(f->path);
	free(f->path);
	free(f->tmp);
}
