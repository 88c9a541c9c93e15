/*
 * atomicfile: a file is replaced by rename, whole, with the mode (and, as
 * root, the owner) of the file it replaces, or a new file's mode; until
 * the rename the old file is there untouched, and a run that fails leaves
 * it so. Temporary names are random and each run's own; a dead run's are
 * removed, never a live run's, nor anything else beside the file. A
 * character device is written in place; a directory, a FIFO, a socket or
 * a block device is refused. atomic_lock waits for, or refuses, a second
 * run.
 */
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomicfile.h"
#include "diag.h"
#include "testutil.h"
#include "xalloc.h"

enum { NAME = 128 };	/* the names here are short */

static char dir[] = "/tmp/test_atomicfile.XXXXXX";
static char path[NAME];	/* for the children */
static struct atomic_file child_file;

static int
make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
rm_entry(const char *name, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(name);
}

static int
remove_dir(void **state)
{
	(void)state;
	return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/name into path. */
static char *
in_dir(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
write_file(const char *name, const char *text, mode_t mode)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void
assert_file(const char *name, const char *text)
{
	char *got = read_whole(name, NULL);

	assert_string_equal(got, text);
	free(got);
}

static mode_t
mode_of(const char *name)
{
	struct stat st;

	assert_int_equal(lstat(name, &st), 0);
	return st.st_mode & 07777;
}

static int
exists(const char *name)
{
	struct stat st;

	return lstat(name, &st) == 0;
}

/* Temporary names of base in dir, FILE.tmp.*, and the last in last. */
static int
temps_of(const char *base, char *last, size_t size)
{
	char prefix[NAME];
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	snprintf(prefix, sizeof(prefix), "%s.tmp.", base);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			if (last != NULL)
				snprintf(last, size, "%s", e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

/* Writes text as one record into path, as a program does. */
static void
replace(const char *name, const char *text, mode_t mode)
{
	struct atomic_file f;

	atomic_open(&f, name, mode);
	writer_adds(&f.w, text);
	writer_end_record(&f.w);
	atomic_commit(&f);
}

/* f's temporary name: path.tmp. and six letters or digits. */
static void
assert_temp_name(const struct atomic_file *f, const char *name)
{
	size_t n = strlen(name), i;

	assert_non_null(f->tmp);
	assert_int_equal(strlen(f->tmp), n + 5 + 6);
	assert_memory_equal(f->tmp, name, n);
	assert_memory_equal(f->tmp + n, ".tmp.", 5);
	for (i = n + 5; i < n + 11; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789", f->tmp[i]));
}

static void
test_new_file(void **state)
{
	struct atomic_file f;
	char *name = in_dir("new.ndjson"), *tmp;
	mode_t mask;

	(void)state;
	mask = umask(022);
	atomic_open(&f, name, ATOMIC_PRIVATE);
	assert_temp_name(&f, name);
	tmp = xstrdup(f.tmp);
	/* nothing at the name until the rename; the content is private
	 * while it is being written */
	assert_false(exists(name));
	assert_int_equal(mode_of(tmp), 0600);
	writer_adds(&f.w, "{\"a\":1}");
	writer_end_record(&f.w);
	writer_flush(&f.w);
	assert_false(exists(name));
	atomic_commit(&f);
	assert_file(name, "{\"a\":1}\n");
	assert_int_equal(mode_of(name), 0600);
	assert_false(exists(tmp));
	assert_int_equal(temps_of("new.ndjson", NULL, 0), 0);
	free(tmp);

	/* a new file's mode: under the umask, or exact */
	umask(027);
	replace(in_dir("public.prom"), "x 1", ATOMIC_PUBLIC);
	assert_int_equal(mode_of(path), 0640);
	umask(077);
	replace(in_dir("exact.ndjson"), "{}", ATOMIC_EXACT | 0664);
	assert_int_equal(mode_of(path), 0664);
	umask(022);
	replace(in_dir("exact2.ndjson"), "{}", ATOMIC_EXACT | 0640);
	assert_int_equal(mode_of(path), 0640);
	umask(mask);
}

static void
test_replace(void **state)
{
	struct atomic_file f;
	struct stat before, after;
	char name[NAME], other[NAME], got[16];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "%s", in_dir("state.ndjson"));
	snprintf(other, sizeof(other), "%s", in_dir("state.link"));
	write_file(name, "old\n", 0604);
	assert_int_equal(link(name, other), 0);
	assert_int_equal(stat(name, &before), 0);
	fd = open(name, O_RDONLY);
	assert_true(fd >= 0);
	atomic_open(&f, name, ATOMIC_PRIVATE);
	writer_adds(&f.w, "new");
	writer_end_record(&f.w);
	writer_flush(&f.w);
	assert_file(name, "old\n");	/* untouched until the rename */
	atomic_commit(&f);
	assert_file(name, "new\n");
	/* its mode, not the one given for a new file */
	assert_int_equal(mode_of(name), 0604);
	/* a new inode renamed over the name: the old file is as it was for
	 * whoever has it open, or another name for it */
	assert_int_equal(stat(name, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(read(fd, got, sizeof(got)), 4);
	assert_memory_equal(got, "old\n", 4);
	close(fd);
	assert_file(other, "old\n");

	/* a file no one may write is replaced all the same */
	assert_int_equal(chmod(name, 0444), 0);
	replace(name, "newer", ATOMIC_PUBLIC);
	assert_file(name, "newer\n");
	assert_int_equal(mode_of(name), 0444);
	assert_int_equal(temps_of("state.ndjson", NULL, 0), 0);
}

static void
test_owner_kept(void **state)
{
	struct stat st;
	char *name = in_dir("owned.prom");

	(void)state;
	if (geteuid() != 0)
		skip();		/* only root can give a file away */
	write_file(name, "old\n", 0640);
	assert_int_equal(chown(name, 1234, 5678), 0);
	replace(name, "new", ATOMIC_PUBLIC);
	assert_int_equal(stat(name, &st), 0);
	assert_int_equal(st.st_uid, 1234);
	assert_int_equal(st.st_gid, 5678);
	assert_int_equal(st.st_mode & 0777, 0640);
}

/*
 * A symlink as the target: the header does not say; what rename does is
 * replace the link by the new file, with the mode of the file it named,
 * and that file is never written.
 */
static void
test_symlink(void **state)
{
	char real[NAME], name[NAME];
	struct stat st;

	(void)state;
	snprintf(real, sizeof(real), "%s", in_dir("real.txt"));
	snprintf(name, sizeof(name), "%s", in_dir("report.txt"));
	write_file(real, "theirs\n", 0640);
	assert_int_equal(symlink(real, name), 0);
	replace(name, "ours", ATOMIC_PUBLIC);
	assert_int_equal(lstat(name, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_file(name, "ours\n");
	assert_file(real, "theirs\n");
}

static void
test_device(void **state)
{
	struct atomic_file f;
	struct stat st;
	char *name = in_dir("null");

	(void)state;
	atomic_open(&f, "/dev/null", ATOMIC_PUBLIC);
	assert_null(f.tmp);		/* written in place */
	writer_adds(&f.w, "x 1");
	writer_end_record(&f.w);
	atomic_commit(&f);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* also through a link, which stays a link */
	assert_int_equal(symlink("/dev/null", name), 0);
	replace(name, "x 1", ATOMIC_PUBLIC);
	assert_int_equal(lstat(name, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(temps_of("null", NULL, 0), 0);
}

static void
open_path(void)
{
	diag_init("test_atomicfile");
	atomic_open(&child_file, path, ATOMIC_PUBLIC);
	_exit(0);
}

/* atomic_open of name ends the program with message want. */
static void
assert_refused(const char *name, const char *what)
{
	char want[1024];

	snprintf(path, sizeof(path), "%s", name);
	snprintf(want, sizeof(want), "test_atomicfile: %s: %s\n", name, what);
	assert_exits(open_path, 2, want);
}

static void
test_refused(void **state)
{
	static const char refused[] = ": refused, only a regular file is "
	    "replaced";
	struct sockaddr_un sa;
	char name[NAME], what[256];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "%s", in_dir("d"));
	assert_int_equal(mkdir(name, 0700), 0);
	snprintf(what, sizeof(what), "is a directory%s", refused);
	assert_refused(name, what);

	snprintf(name, sizeof(name), "%s", in_dir("f"));
	assert_int_equal(mkfifo(name, 0600), 0);
	snprintf(what, sizeof(what), "is a FIFO%s", refused);
	assert_refused(name, what);
	assert_int_equal(mode_of(name) | S_IFIFO, S_IFIFO | 0600);

	snprintf(name, sizeof(name), "%s", in_dir("s"));
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	assert_true(strlen(name) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, name, strlen(name) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(what, sizeof(what), "is a socket%s", refused);
	assert_refused(name, what);
	close(fd);

	snprintf(name, sizeof(name), "%s", in_dir("b"));
	if (mknod(name, S_IFBLK | 0600, makedev(7, 200)) == 0) {
		snprintf(what, sizeof(what), "is a block device%s", refused);
		assert_refused(name, what);
	}
	assert_int_equal(temps_of("d", NULL, 0) + temps_of("f", NULL, 0) +
	    temps_of("s", NULL, 0) + temps_of("b", NULL, 0), 0);

	/* no directory to put the temporary file in */
	snprintf(name, sizeof(name), "%s", in_dir("none/x.prom"));
	snprintf(what, sizeof(what), "cannot create a file beside it: %s",
	    strerror(ENOENT));
	assert_refused(name, what);
}

/* One of three runs writing m.prom at once: up when its temporary file
 * is there, then the rename when down is closed. */
static int up[2], down[2];

static void
concurrent_run(int i)
{
	struct atomic_file f;
	char c;

	close(up[0]);
	close(down[1]);
	diag_init("test_atomicfile");
	atomic_open(&f, path, ATOMIC_PUBLIC);
	writer_adds(&f.w, i == 0 ? "run 0" : i == 1 ? "run 1" : "run 2");
	writer_end_record(&f.w);
	if (write(up[1], "", 1) != 1 || read(down[0], &c, 1) != 0)
		_exit(97);
	atomic_commit(&f);
	_exit(0);
}

/*
 * Temporary names are random, so another user cannot plant one; runs
 * writing one file at once each have their own, and one whole file wins.
 */
static void
test_temp_names(void **state)
{
	struct atomic_file f;
	char *seen[64], victim[NAME], name[NAME], plant[NAME + 16], c, *got;
	size_t i, j;
	pid_t pid[3];
	int status;

	(void)state;
	snprintf(victim, sizeof(victim), "%s", in_dir("victim"));
	snprintf(name, sizeof(name), "%s", in_dir("m.prom"));
	write_file(victim, "secret\n", 0600);
	/* the old fixed name, and a name of the new form */
	snprintf(plant, sizeof(plant), "%s.tmp", name);
	assert_int_equal(symlink(victim, plant), 0);
	snprintf(plant, sizeof(plant), "%s.tmp.AAAAAA", name);
	assert_int_equal(symlink(victim, plant), 0);
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		atomic_open(&f, name, ATOMIC_PUBLIC);
		assert_temp_name(&f, name);
		seen[i] = xstrdup(f.tmp);
		for (j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
		atomic_commit(&f);
	}
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		free(seen[i]);

	snprintf(path, sizeof(path), "%s", name);
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	for (i = 0; i < 3; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			concurrent_run((int)i);
	}
	close(up[1]);
	close(down[0]);
	for (i = 0; i < 3; i++)
		assert_int_equal(read(up[0], &c, 1), 1);
	/* each its own, and none a stale one to the others */
	assert_int_equal(temps_of("m.prom", NULL, 0), 3 + 1);
	close(down[1]);
	close(up[0]);
	for (i = 0; i < 3; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	got = read_whole(name, NULL);
	assert_true(strcmp(got, "run 0\n") == 0 ||
	    strcmp(got, "run 1\n") == 0 || strcmp(got, "run 2\n") == 0);
	free(got);
	assert_int_equal(temps_of("m.prom", NULL, 0), 1);	/* the plant */
	assert_true(exists(plant));
	assert_file(victim, "secret\n");
}

static void
make_entry(const char *name, int kind)
{
	switch (kind) {
	case 'f':
		write_file(name, "x\n", 0600);
		break;
	case 'd':
		assert_int_equal(mkdir(name, 0700), 0);
		break;
	case 'p':
		assert_int_equal(mkfifo(name, 0600), 0);
		break;
	default:
		assert_int_equal(symlink("victim2", name), 0);
		break;
	}
}

/*
 * A dead run's temporary file is removed by the next run; not a live
 * run's (it holds a lock), nor what only looks like one.
 */
static void
test_stale(void **state)
{
	static const struct {
		const char *name;
		int kind, kept;
	} e[] = {
		{ "t.prom.tmp.Dead01", 'f', 0 },
		{ "t.prom.tmp.Dead02", 'f', 0 },
		{ "t.prom.tmp.Live01", 'f', 1 },
		{ "t.prom.tmp.Theirs", 'f', 1 },	/* another owner's */
		{ "t.prom.tmp.Short", 'f', 1 },
		{ "t.prom.tmp.Long001", 'f', 1 },
		{ "t.prom.tmp", 'f', 1 },
		{ "u.prom.tmp.Dead03", 'f', 1 },	/* another file's */
		{ "t.prom.tmp.Dir001", 'd', 1 },
		{ "t.prom.tmp.Fifo01", 'p', 1 },
		{ "t.prom.tmp.Link01", 'l', 1 },
	};
	char name[NAME], live[NAME], c;
	struct flock l;
	int fd;
	size_t i;
	pid_t pid;

	(void)state;
	write_file(in_dir("victim2"), "secret\n", 0600);
	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		make_entry(in_dir(e[i].name), e[i].kind);
	if (geteuid() == 0)
		assert_int_equal(chown(in_dir("t.prom.tmp.Theirs"), 1234, -1),
		    0);
	snprintf(live, sizeof(live), "%s", in_dir("t.prom.tmp.Live01"));
	/* a live run: another process holding the lock */
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		fd = open(live, O_RDWR);
		memset(&l, 0, sizeof(l));
		l.l_type = F_WRLCK;
		l.l_whence = SEEK_SET;
		if (fd < 0 || fcntl(fd, F_SETLKW, &l) != 0)
			_exit(98);
		if (write(up[1], "", 1) != 1)
			_exit(97);
		/* holds it until the parent is done */
		_exit(read(down[0], &c, 1) == 0 ? 0 : 96);
	}
	close(up[1]);
	close(down[0]);
	assert_int_equal(read(up[0], &c, 1), 1);
	snprintf(name, sizeof(name), "%s", in_dir("t.prom"));
	replace(name, "x 1", ATOMIC_PUBLIC);
	close(down[1]);
	close(up[0]);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		if (exists(in_dir(e[i].name)) != e[i].kept)
			fail_msg("%s: %s", e[i].name,
			    e[i].kept ? "removed" : "kept");
	assert_file(in_dir("victim2"), "secret\n");
	assert_file(name, "x 1\n");
}

static int kill_it;

/* A run that ends, or is killed, before the rename. */
static void
stop_before_commit(void)
{
	diag_init("test_atomicfile");
	atomic_open(&child_file, path, ATOMIC_PUBLIC);
	writer_adds(&child_file.w, "half");
	writer_end_record(&child_file.w);
	writer_flush(&child_file.w);
	if (kill_it)
		raise(SIGKILL);
	die("stopped");
}

static void
write_fails(void)
{
	struct rlimit rl = { 4096, 4096 };
	size_t i;

	signal(SIGXFSZ, SIG_IGN);
	diag_init("test_atomicfile");
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(97);
	atomic_open(&child_file, path, ATOMIC_PUBLIC);
	for (i = 0; i < 10000; i++)
		writer_adds(&child_file.w, "xxxxxxxxxx");
	writer_end_record(&child_file.w);
	atomic_commit(&child_file);
	_exit(0);
}

static void
test_failure_keeps_old(void **state)
{
	char name[NAME], err[512], want[1024], tmp[NAME];
	int status;

	(void)state;
	snprintf(name, sizeof(name), "%s", in_dir("keep.ndjson"));
	write_file(name, "old\n", 0644);

	/* ends before the rename: its temporary file goes too */
	snprintf(path, sizeof(path), "%s", name);
	kill_it = 0;
	assert_exits(stop_before_commit, 2, "test_atomicfile: stopped\n");
	assert_file(name, "old\n");
	assert_int_equal(temps_of("keep.ndjson", NULL, 0), 0);

	/* a write error */
	status = run_child(write_fails, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	snprintf(want, sizeof(want), "test_atomicfile: write error: %s.tmp.",
	    name);
	assert_memory_equal(err, want, strlen(want));
	assert_file(name, "old\n");
	assert_int_equal(temps_of("keep.ndjson", NULL, 0), 0);

	/* killed: its temporary file stays, until the next run */
	kill_it = 1;
	status = run_child(stop_before_commit, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_file(name, "old\n");
	assert_int_equal(temps_of("keep.ndjson", tmp, sizeof(tmp)), 1);
	assert_file(in_dir(tmp), "half\n");
	replace(name, "new", ATOMIC_PUBLIC);
	assert_file(name, "new\n");
	assert_int_equal(temps_of("keep.ndjson", NULL, 0), 0);
}

static void
lock_path(void)
{
	diag_init("test_atomicfile");
	atomic_lock(path, 0);
	_exit(0);
}

static void
test_lock(void **state)
{
	char name[NAME], lock[NAME + 8], want[2048];
	int fd, status;
	mode_t mask;
	pid_t pid;

	(void)state;
	snprintf(name, sizeof(name), "%s", in_dir("l.ndjson"));
	snprintf(lock, sizeof(lock), "%s.lock", name);
	snprintf(path, sizeof(path), "%s", name);
	mask = umask(022);
	assert_exits(lock_path, 0, "");
	umask(mask);
	/* the lock file stays, the owner's alone */
	assert_int_equal(mode_of(lock), 0600);
	assert_false(exists(name));

	/* held by another run: not waiting, status 2 */
	fd = open(lock, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	snprintf(want, sizeof(want), "test_atomicfile: %s: in use by another "
	    "run (%s is locked); not waiting\n", name, lock);
	assert_exits(lock_path, 2, want);

	/* waiting: until the other lets go */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* the lock is the open file's, which a fork shares */
		close(fd);
		diag_init("test_atomicfile");
		atomic_lock(path, 1);
		_exit(0);
	}
	usleep(200000);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* a lock file that is not a regular file, or is a link */
	(void)in_dir("ld");
	snprintf(lock, sizeof(lock), "%s.lock", path);
	assert_int_equal(mkdir(lock, 0700), 0);
	snprintf(want, sizeof(want), "test_atomicfile: %s: cannot create a "
	    "file beside it: %s\n", path, strerror(EISDIR));
	assert_exits(lock_path, 2, want);
	(void)in_dir("lf");
	snprintf(lock, sizeof(lock), "%s.lock", path);
	assert_int_equal(mkfifo(lock, 0600), 0);
	snprintf(want, sizeof(want), "test_atomicfile: %s: is a FIFO: refused "
	    "as a lock file\n", lock);
	assert_exits(lock_path, 2, want);
	write_file(in_dir("victim3"), "secret\n", 0600);
	(void)in_dir("ll");
	snprintf(lock, sizeof(lock), "%s.lock", path);
	assert_int_equal(symlink("victim3", lock), 0);
	snprintf(want, sizeof(want), "test_atomicfile: %s: cannot create a "
	    "file beside it: %s\n", path, strerror(ELOOP));
	assert_exits(lock_path, 2, want);
	assert_file(in_dir("victim3"), "secret\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_owner_kept),
		cmocka_unit_test(test_symlink),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_temp_names),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_failure_keeps_old),
		cmocka_unit_test(test_lock),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
