/*
 * writer: bytes leave only at record boundaries; write errors end the
 * program with status 2.
 */
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
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

#include "diag.h"
#include "testutil.h"
#include "writer.h"

/* An empty temporary file, already unlinked. */
static int
temp_fd(void)
{
	char name[] = "/tmp/test_writer.XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	unlink(name);
	return fd;
}

static size_t
file_size(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return (size_t)st.st_size;
}

/* The file holds exactly want. */
static void
assert_file(int fd, const char *want)
{
	char got[256];
	size_t n = strlen(want);

	assert_true(n < sizeof(got));
	assert_int_equal(file_size(fd), n);
	assert_int_equal(pread(fd, got, sizeof(got), 0), (ssize_t)n);
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void
test_record_boundary(void **state)
{
	struct writer w;
	int fd = temp_fd();

	(void)state;
	writer_open(&w, fd, "temp");
	writer_adds(&w, "{\"a\":1}");
	writer_flush(&w);
	assert_int_equal(file_size(fd), 0);	/* half a record stays */
	writer_end_record(&w);
	assert_int_equal(file_size(fd), 0);	/* buffered */
	writer_flush(&w);
	assert_file(fd, "{\"a\":1}\n");

	/* a complete record goes; the one in progress behind it stays */
	writer_adds(&w, "r2");
	writer_end_record(&w);
	writer_adds(&w, "r3 half");
	writer_flush(&w);
	assert_file(fd, "{\"a\":1}\nr2\n");
	writer_adds(&w, ", r3 end");
	writer_end_record(&w);
	writer_flush(&w);
	assert_file(fd, "{\"a\":1}\nr2\nr3 half, r3 end\n");
	writer_flush(&w);			/* nothing twice */
	assert_file(fd, "{\"a\":1}\nr2\nr3 half, r3 end\n");
	writer_release(&w);
	close(fd);
}

/* writer_release writes the complete records and drops a partial one. */
static void
test_release(void **state)
{
	struct writer w;
	int fd = temp_fd();

	(void)state;
	writer_open(&w, fd, "temp");
	writer_adds(&w, "whole");
	writer_end_record(&w);
	writer_addc(&w, 'h');
	writer_add(&w, "alf", 3);
	writer_release(&w);
	assert_null(w.buf);
	assert_file(fd, "whole\n");
	close(fd);
}

/* Many small records: the buffer fills and flushes, always whole records. */
static void
test_full_buffer(void **state)
{
	enum { REC = 1000, NREC = 300 };	/* more than the buffer */
	char rec[REC];
	struct writer w;
	size_t i, size;
	int fd = temp_fd();

	(void)state;
	memset(rec, 'r', sizeof(rec) - 1);
	writer_open(&w, fd, "temp");
	for (i = 0; i < NREC; i++) {
		writer_add(&w, rec, sizeof(rec) - 1);
		writer_end_record(&w);
		size = file_size(fd);
		if (size % REC != 0)
			fail_msg("%zu bytes out: part of a record", size);
	}
	assert_true(file_size(fd) > 0);
	writer_flush(&w);
	assert_int_equal(file_size(fd), (size_t)REC * NREC);
	writer_release(&w);
	close(fd);
}

/* A record larger than the buffer is held whole until its end. */
static void
test_big_record(void **state)
{
	enum { BIG = 300 * 1024 };
	static char chunk[1024];
	struct writer w;
	char *back;
	size_t i;
	int fd = temp_fd();

	(void)state;
	memset(chunk, 'x', sizeof(chunk));
	writer_open(&w, fd, "temp");
	writer_adds(&w, "small");
	writer_end_record(&w);
	for (i = 0; i < BIG / sizeof(chunk); i++) {
		writer_add(&w, chunk, sizeof(chunk));
		assert_int_equal(file_size(fd), 0);
	}
	writer_flush(&w);			/* only "small\n" may go */
	assert_int_equal(file_size(fd), 6);
	writer_end_record(&w);
	writer_flush(&w);
	assert_int_equal(file_size(fd), 6 + BIG + 1);

	back = malloc(6 + BIG + 1);
	assert_non_null(back);
	assert_int_equal(pread(fd, back, 6 + BIG + 1, 0), 6 + BIG + 1);
	assert_memory_equal(back, "small\n", 6);
	for (i = 6; i < 6 + BIG; i++)
		if (back[i] != 'x')
			fail_msg("byte %zu is %#x", i, (unsigned char)back[i]);
	assert_int_equal(back[6 + BIG], '\n');
	free(back);
	writer_release(&w);
	close(fd);
}

static void
test_salvage(void **state)
{
	struct writer w;
	int fd = temp_fd();

	(void)state;
	writer_open(&w, fd, "temp");
	writer_adds(&w, "r1");
	writer_end_record(&w);
	writer_adds(&w, "r2");
	writer_end_record(&w);
	writer_adds(&w, "partial");
	writer_salvage(&w);
	assert_file(fd, "r1\nr2\n");
	/* what was salvaged is gone, and so is the partial record */
	writer_flush(&w);
	writer_adds(&w, "r3");
	writer_end_record(&w);
	writer_flush(&w);
	assert_file(fd, "r1\nr2\nr3\n");
	writer_release(&w);
	close(fd);
}

/* On the fatal path a write error is ignored: salvage returns. */
/* A held writer lets nothing out, even unbuffered or past a block, and
 * salvage drops what it held: a run that may refuse never half-writes. */
static void
test_held(void **state)
{
	struct writer w;
	int fd = temp_fd();
	size_t i;

	(void)state;
	writer_open(&w, fd, "temp");
	w.unbuffered = 1;
	w.held = 1;
	for (i = 0; i < 20000; i++) {
		writer_adds(&w, "0123456789");
		writer_end_record(&w);
	}
	writer_flush(&w);
	assert_int_equal(file_size(fd), 0);
	writer_salvage(&w);
	assert_int_equal(file_size(fd), 0);
	writer_adds(&w, "dropped");
	writer_end_record(&w);
	writer_adds(&w, "dropped");
	writer_end_record(&w);
	writer_discard(&w);
	writer_adds(&w, "r1");
	writer_end_record(&w);
	w.held = 0;
	writer_flush(&w);
	assert_file(fd, "r1\n");
	writer_release(&w);
	close(fd);
}

static void
test_salvage_ignores_errors(void **state)
{
	struct writer w;
	int fd = open("/dev/full", O_WRONLY);

	(void)state;
	assert_true(fd >= 0);
	writer_open(&w, fd, "/dev/full");
	writer_adds(&w, "lost");
	writer_end_record(&w);
	writer_salvage(&w);
	assert_int_equal(w.len, 0);
	writer_release(&w);	/* nothing left to write */
	close(fd);
}

static void
test_spill(void **state)
{
	struct writer w;
	int fd = temp_fd();

	(void)state;
	writer_open(&w, fd, "temp");
	writer_adds(&w, "done");
	writer_end_record(&w);
	writer_adds(&w, "head");
	writer_spill(&w);
	assert_file(fd, "done\nhead");
	writer_adds(&w, "tail");
	writer_end_record(&w);
	writer_flush(&w);
	assert_file(fd, "done\nheadtail\n");
	writer_release(&w);
	close(fd);
}

static void
test_unbuffered(void **state)
{
	struct writer w;
	int fd = temp_fd();

	(void)state;
	writer_open(&w, fd, "temp");
	w.unbuffered = 1;
	writer_adds(&w, "a");
	assert_int_equal(file_size(fd), 0);
	writer_end_record(&w);
	assert_file(fd, "a\n");			/* no flush called */
	writer_adds(&w, "b");
	assert_file(fd, "a\n");
	writer_end_record(&w);
	assert_file(fd, "a\nb\n");
	writer_release(&w);
	close(fd);
}

/* writer_close writes, then closes the descriptor. */
static void
test_close(void **state)
{
	struct writer w;
	int fd = temp_fd(), copy = dup(fd);

	(void)state;
	assert_true(copy >= 0);
	writer_open(&w, fd, "temp");
	writer_adds(&w, "last");
	writer_end_record(&w);
	writer_close(&w);
	assert_int_equal(w.fd, -1);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
	assert_file(copy, "last\n");
	close(copy);
}

static void
write_to_full(void)
{
	struct writer w;
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0)
		_exit(98);
	diag_init("test_writer");
	writer_open(&w, fd, "standard output");
	writer_adds(&w, "{\"a\":1}");
	writer_end_record(&w);
	writer_flush(&w);
}

static void
test_write_error(void **state)
{
	char err[512], want[256];
	int status;

	(void)state;
	status = run_child(write_to_full, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_non_null(strstr(err, "write error"));
	snprintf(want, sizeof(want),
	    "test_writer: write error: standard output: %s\n",
	    strerror(ENOSPC));
	assert_string_equal(err, want);
}

static void
write_to_closed_pipe(void)
{
	struct writer w;
	int fds[2];

	signal(SIGPIPE, SIG_IGN);
	if (pipe(fds) != 0)
		_exit(98);
	close(fds[0]);
	diag_init("test_writer");
	writer_open(&w, fds[1], "standard output");
	writer_adds(&w, "{\"a\":1}");
	writer_end_record(&w);
	writer_flush(&w);
}

static void
test_epipe_quiet(void **state)
{
	char err[512];
	int status;

	(void)state;
	status = run_child(write_to_closed_pipe, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_string_equal(err, "");
}

static int shared_fd = -1;

/* A file size limit in the middle of a record: exit 2, the file cut back
 * to its last whole record. */
static void
write_past_limit(void)
{
	struct rlimit rl = { 4096, 4096 };
	struct writer w;
	size_t i;

	signal(SIGXFSZ, SIG_IGN);
	diag_init("test_writer");
	writer_open(&w, shared_fd, "temp");
	w.unbuffered = 1;
	writer_adds(&w, "{\"a\":1}");
	writer_end_record(&w);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(97);
	for (i = 0; i < 10000; i++)
		writer_addc(&w, 'x');
	writer_end_record(&w);
	_exit(0);
}

static void
test_cut_back(void **state)
{
	char name[] = "/tmp/test_writer.XXXXXX", err[512];
	int status;

	(void)state;
	shared_fd = mkstemp(name);
	assert_true(shared_fd >= 0);
	unlink(name);
	assert_int_equal(fcntl(shared_fd, F_SETFL, O_APPEND), 0);
	status = run_child(write_past_limit, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_string_equal(err, "test_writer: write error: temp: File too "
	    "large; cut back to the last whole record\n");
	assert_file(shared_fd, "{\"a\":1}\n");
	close(shared_fd);
}

/* A record spilled in pieces holds the lock until its end, so that no
 * other writer's record lands inside it. */
static void
test_spill_locks(void **state)
{
	char name[] = "/tmp/test_writer.XXXXXX";
	struct writer w;
	int fd, other;

	(void)state;
	fd = mkstemp(name);
	assert_true(fd >= 0);
	other = open(name, O_WRONLY | O_APPEND);
	assert_true(other >= 0);
	unlink(name);
	writer_open(&w, fd, "temp");
	writer_adds(&w, "{\"a\":\"");
	writer_spill(&w);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	writer_adds(&w, "b\"}");
	writer_end_record(&w);
	assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(flock(other, LOCK_UN), 0);
	assert_file(fd, "{\"a\":\"b\"}\n");
	writer_release(&w);
	close(fd);
	close(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_boundary),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_full_buffer),
		cmocka_unit_test(test_big_record),
		cmocka_unit_test(test_salvage),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_salvage_ignores_errors),
		cmocka_unit_test(test_spill),
		cmocka_unit_test(test_unbuffered),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_epipe_quiet),
		cmocka_unit_test(test_cut_back),
		cmocka_unit_test(test_spill_locks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
