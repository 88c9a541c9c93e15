#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
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

#define SUFFIX	".tmp."
#define RANDOM	6	/* characters of the random part */

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

static noreturn void
die_beside(const char *path)
{
	if (errno == ENOMEM)
		die("out of memory");
	die("%s: cannot create a file beside it: %s", path, strerror(errno));
}

/* The directory and the last name of path, in the two buffers. */
static int
split(const char *path, char *dir, char *base)
{
	char copy[PATH_MAX];

	if (strlen(path) >= sizeof(copy))
		return 0;
	strcpy(copy, path);
	strcpy(dir, dirname(copy));
	strcpy(copy, path);
	strcpy(base, basename(copy));
	return 1;
}

/* Is name base's temporary file, base.tmp.XXXXXX? */
static int
is_temp(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 &&
	    strncmp(name + n, SUFFIX, strlen(SUFFIX)) == 0 &&
	    strlen(name + n + strlen(SUFFIX)) == RANDOM;
}

/*
 * A live run's mark on its temporary file: a record lock (fcntl), not
 * flock(2), which the writer takes and drops around its writes.
 */
static int
hold(int fd, short type, int cmd)
{
	struct flock l;

	memset(&l, 0, sizeof(l));
	l.l_type = type;
	l.l_whence = SEEK_SET;
	while (fcntl(fd, cmd, &l) != 0)
		if (errno != EINTR)
			return 0;
	return 1;
}

/*
 * Removes the temporary files of path left by runs killed before their
 * rename. A live run holds a lock on its temporary file until the rename,
 * so one that can be locked is a dead run's; only our own regular files,
 * and only when the name still names the file locked.
 */
static void
remove_stale(const char *path)
{
	char dir[PATH_MAX], base[PATH_MAX], *name;
	struct dirent *e;
	struct stat st, now;
	DIR *d;
	int fd;

	if (!split(path, dir, base) || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!is_temp(e->d_name, base))
			continue;
		name = xasprintf("%s/%s", dir, e->d_name);
		fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && hold(fd, F_RDLCK, F_SETLK) &&
		    lstat(name, &now) == 0 && now.st_dev == st.st_dev &&
		    now.st_ino == st.st_ino)
			(void)unlink(name);
		if (fd >= 0)
			close(fd);
		free(name);
	}
	closedir(d);
}

/*
 * Creates path.tmp.XXXXXX, a name no one else has, and holds its lock
 * until the rename (see remove_stale).
 */
static int
create_temp(struct atomic_file *f)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[RANDOM];
	struct stat st;
	size_t i, n = strlen(f->tmp) - RANDOM;
	int fd, tries;

	for (tries = 0; tries < 100; tries++) {
		if (getentropy(r, sizeof(r)) != 0)
			die("%s: no random numbers: %s", f->path,
			    strerror(errno));
		for (i = 0; i < RANDOM; i++)
			f->tmp[n + i] = set[r[i] % (sizeof(set) - 1)];
		fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			die_beside(f->path);
		}
		/* a stale-file sweep of another run may have removed it
		 * between the open and the lock: then try another name */
		if (!hold(fd, F_WRLCK, F_SETLKW))
			die("%s: %s", f->tmp, strerror(errno));
		if (fstat(fd, &st) == 0 && st.st_nlink > 0)
			return fd;
		close(fd);
	}
	errno = EEXIST;
	die_beside(f->path);
}

static const char *
kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISBLK(m))
		return "a block device";
	return "not a regular file";
}

void
atomic_open(struct atomic_file *f, const char *path, mode_t mode)
{
	struct stat st;
	int fd;

	f->path = xstrdup(path);
	f->tmp = NULL;
	f->mode = mode;
	if (stat(path, &st) == 0) {
		if (S_ISCHR(st.st_mode)) {
			/* /dev/null: a device is written, never replaced */
			fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY |
			    O_CLOEXEC);
			if (fd < 0)
				die("%s: %s", path, strerror(errno));
			writer_open(&f->w, fd, f->path);
			return;
		}
		if (!S_ISREG(st.st_mode))
			die("%s: is %s: refused, only a regular file is "
			    "replaced", path, kind(st.st_mode));
	} else if (errno != ENOENT)
		die("%s: %s", path, strerror(errno));
	remove_stale(path);
	f->tmp = xasprintf("%s" SUFFIX "%0*d", path, RANDOM, 0);
	fd = create_temp(f);
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
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/*
 * Gives the temporary file the owner, group and mode of the file it
 * replaces, or a new file's mode. An owner we cannot give (not root) is
 * ours; a group we cannot give loses the group's access, since the
 * group's readers would be others, and we say so.
 */
static void
keep_mode(struct atomic_file *f, int fd)
{
	struct stat old, tmp;
	mode_t mask, mode;

	if (stat(f->path, &old) != 0 || !S_ISREG(old.st_mode)) {
		mask = umask(0);
		umask(mask);
		mode = f->mode & 0777 & ~(f->mode & ATOMIC_EXACT ? 0 : mask);
	} else {
		mode = old.st_mode & 0777;
		if (fstat(fd, &tmp) != 0)
			die("%s: %s", f->tmp, strerror(errno));
		if ((old.st_uid != tmp.st_uid || old.st_gid != tmp.st_gid) &&
		    fchown(fd, old.st_uid, old.st_gid) != 0 &&
		    old.st_gid != tmp.st_gid &&
		    fchown(fd, (uid_t)-1, old.st_gid) != 0) {
			warnmsg("%s: cannot keep its group (%lu): %s; "
			    "the new file is not the group's", f->path,
			    (unsigned long)old.st_gid, strerror(errno));
			mode &= ~(mode_t)S_IRWXG;
		}
	}
	if (fchmod(fd, mode) != 0)
		die("%s: %s", f->tmp, strerror(errno));
}

void
atomic_commit(struct atomic_file *f)
{
	int fd = f->w.fd;

	if (f->tmp == NULL) {	/* a device, written in place */
		writer_close(&f->w);
		free(f->path);
		return;
	}
	writer_flush(&f->w);
	keep_mode(f, fd);
	if (fsync(fd) != 0)
		die("%s: %s", f->tmp, strerror(errno));
	/* the descriptor stays open, and its lock held, until the rename:
	 * the file is a live run's to the stale-file sweep till then */
	writer_release(&f->w);
	if (rename(f->tmp, f->path) != 0)
		die("%s: %s", f->path, strerror(errno));
	track(NULL, f);	/* in place: nothing to remove any more */
	/* synced above, so a late error (NFS) has been seen already */
	(void)close(fd);
	sync_dir(f->path);
	free(f->path);
	free(f->tmp);
}

void
atomic_lock(const char *path, int wait)
{
	struct stat st;
	char *name;
	int fd;

	name = xasprintf("%s.lock", path);
	/* never removed: a lock file removed while another run waits on it
	 * lets a third run lock a new file of the same name */
	fd = open(name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC, 0600);
	if (fd < 0 && (errno == ENOTDIR || errno == ENAMETOOLONG))
		die("%s: %s", path, strerror(errno));	/* a wrong path */
	if (fd < 0)
		die_beside(path);
	if (fstat(fd, &st) != 0)
		die("%s: %s", name, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: is %s: refused as a lock file", name,
		    kind(st.st_mode));
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		free(name);
		return;	/* the descriptor, and the lock, live as the run */
	}
	if (errno != EWOULDBLOCK)
		die("%s: %s", name, strerror(errno));
	if (!wait)
		die("%s: in use by another run (%s is locked); not waiting",
		    path, name);
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			die("%s: %s", name, strerror(errno));
	free(name);
}
