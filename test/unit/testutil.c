#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "xalloc.h"

enum { MAX_TEMPS = 64 };

static char *temps[MAX_TEMPS];
static size_t ntemps;

char *
temp_file(const void *s, size_t len)
{
	const char *dir = getenv("TMPDIR");
	const char *p = s;
	char *path;
	int fd;

	assert_true(ntemps < MAX_TEMPS);
	path = xasprintf("%s/wmskit-test-XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	temps[ntemps++] = path;
	while (len > 0) {
		ssize_t k = write(fd, p, len);

		assert_true(k > 0);
		p += k;
		len -= (size_t)k;
	}
	assert_int_equal(close(fd), 0);
	return path;
}

char *
temp_text(const char *s)
{
	return temp_file(s, strlen(s));
}

int
remove_temps(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ntemps; i++) {
		unlink(temps[i]);
		free(temps[i]);
	}
	ntemps = 0;
	return 0;
}

char *
read_whole(const char *path, size_t *lenp)
{
	char *p = NULL;
	size_t len = 0, cap = 0;
	ssize_t k;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	do {
		void *v = p;

		xgrow(&v, &cap, len + 4096, 1);
		p = v;
		k = read(fd, p + len, cap - len - 1);
		assert_true(k >= 0);
		len += (size_t)k;
	} while (k > 0);
	close(fd);
	p[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return p;
}

json_t *
parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &jerr);

	if (v == NULL)
		fail_msg("bad test JSON: %s: %s", jerr.text, text);
	return v;
}

int
run_child(void (*fn)(void), char *err, size_t errsize)
{
	int fds[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	fflush(stdout);		/* the child must not write ours again */
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], STDERR_FILENO) < 0)
			_exit(99);
		fn();
		_exit(0);		/* fn should not return */
	}
	close(fds[1]);
	while ((n = read(fds[0], err + len, errsize - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

char *
temp_writer(struct writer *w)
{
	char *path = temp_file("", 0);
	int fd = open(path, O_WRONLY | O_TRUNC);

	assert_true(fd >= 0);
	writer_open(w, fd, path);
	return path;
}

char *
written_envelopes(struct writer *w, const char *path)
{
	static const char key[] = ",\"key\":\"",
	    at[] = "\",\"at\":\"2026-11-27T05:20:00Z\"";
	char *s, *p, *q;

	writer_close(w);
	s = read_whole(path, NULL);
	while ((p = strstr(s, key)) != NULL) {
		q = strstr(p, at);
		assert_non_null(q);
		memmove(p, q + sizeof(at) - 1, strlen(q + sizeof(at) - 1) + 1);
	}
	return s;
}

void
assert_exits(void (*fn)(void), int status, const char *want)
{
	char err[4096];
	int got = run_child(fn, err, sizeof(err));

	assert_true(WIFEXITED(got));
	assert_int_equal(WEXITSTATUS(got), status);
	assert_string_equal(err, want);
}

uint64_t
test_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

void
assert_json_text(const json_t *v, const char *want)
{
	char *got;

	assert_non_null(v);
	got = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}
