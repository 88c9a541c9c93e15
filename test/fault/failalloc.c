/*
 * failalloc: an LD_PRELOAD shim for fault injection.
 *
 *   FAILALLOC_N=N        the N-th call of malloc, calloc or realloc made
 *                        from main on (the shim arms itself as main starts)
 *                        returns NULL with errno ENOMEM
 *   FAILALLOC_PERSIST=1  every call from the N-th on fails, as when memory
 *                        is really gone
 *   FAILALLOC_KILL=N     the N-th call from main on of write, fsync, close,
 *                        rename, unlink, fchmod, mkstemp or open ends the
 *                        process with SIGKILL before it is made (a kill at
 *                        any point of an update)
 *   FAILALLOC_LOG=FILE   appends "calls C fired F" at exit (C allocation
 *                        calls, or file calls with FAILALLOC_KILL; F 1 when
 *                        the fault was injected), and, with
 *                        FAILALLOC_BACKTRACE=1, the stack of the failing call
 *
 * It calls the next malloc in line (libc's, or ASan's when the program is
 * built with -fsanitize=address: run it with
 * ASAN_OPTIONS=verify_asan_link_order=0), so it works under ASan and
 * valgrind too. Allocations made while dlsym looks those up come from a
 * small static arena.
 */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);

static int armed, persist, fired, backtraces;
static unsigned long fail_at, kill_at, calls, file_calls;
static const char *log_file;

/* The arena for dlsym's own allocations, before the next ones are known. */
static _Alignas(16) char arena[16384];
static size_t arena_used;
static int resolving;

static int
in_arena(const void *p)
{
	return (const char *)p >= arena && (const char *)p < arena + sizeof(arena);
}

static void *
arena_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > sizeof(arena) - arena_used)
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static void
resolve(void)
{
	if (next_malloc != NULL || resolving)
		return;
	resolving = 1;
	next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	resolving = 0;
}

static unsigned long
env_number(const char *name)
{
	const char *s = getenv(name);

	return s != NULL ? strtoul(s, NULL, 10) : 0;
}

static void
say(const char *s)
{
	int fd;

	if (log_file == NULL)
		return;
	fd = open(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)!write(fd, s, strlen(s));
		close(fd);
	}
}

static void
trace(void)
{
	void *frames[32];
	int n, fd;

	if (log_file == NULL || !backtraces)
		return;
	n = backtrace(frames, 32);
	fd = open(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		backtrace_symbols_fd(frames, n, fd);
		close(fd);
	}
}

/* Whether this allocation call fails. */
static int
fail_now(void)
{
	if (!armed || fail_at == 0)
		return 0;
	calls++;
	if (calls == fail_at || (persist && calls > fail_at)) {
		if (!fired) {
			fired = 1;
			armed = 0;	/* backtrace may allocate */
			trace();
			armed = 1;
		}
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *
malloc(size_t n)
{
	resolve();
	if (next_malloc == NULL)
		return arena_alloc(n);
	return fail_now() ? NULL : next_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	resolve();
	if (next_calloc == NULL) {
		if (size != 0 && n > SIZE_MAX / size)
			return NULL;
		p = arena_alloc(n * size);	/* the arena is zeros */
		return p;
	}
	return fail_now() ? NULL : next_calloc(n, size);
}

void *
realloc(void *old, size_t n)
{
	void *p;

	resolve();
	if (in_arena(old) || next_realloc == NULL) {
		if (fail_now())
			return NULL;
		p = next_malloc != NULL ? next_malloc(n) : arena_alloc(n);
		if (p != NULL && old != NULL) {
			size_t room = (size_t)(arena + sizeof(arena) -
			    (char *)old);

			memcpy(p, old, n < room ? n : room);
		}
		return p;
	}
	return fail_now() ? NULL : next_realloc(old, n);
}

void
free(void *p)
{
	if (p == NULL || in_arena(p))
		return;
	resolve();
	if (next_free != NULL)
		next_free(p);
}

/* File calls: a kill before the N-th. */
static void
file_call(void)
{
	if (!armed || kill_at == 0)
		return;
	if (++file_calls == kill_at) {
		char msg[64];

		armed = 0;
		snprintf(msg, sizeof(msg), "calls %lu fired 1\n", file_calls);
		say(msg);
		raise(SIGKILL);
	}
}

#define NEXT(type, name, args) \
	static type (*next) args; \
	if (next == NULL) \
		next = (type (*) args)dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *p, size_t n)
{
	NEXT(ssize_t, "write", (int, const void *, size_t));
	file_call();
	return next(fd, p, n);
}

int
fsync(int fd)
{
	NEXT(int, "fsync", (int));
	file_call();
	return next(fd);
}

int
close(int fd)
{
	NEXT(int, "close", (int));
	file_call();
	return next(fd);
}

int
rename(const char *from, const char *to)
{
	NEXT(int, "rename", (const char *, const char *));
	file_call();
	return next(from, to);
}

int
unlink(const char *path)
{
	NEXT(int, "unlink", (const char *));
	file_call();
	return next(path);
}

int
fchmod(int fd, mode_t mode)
{
	NEXT(int, "fchmod", (int, mode_t));
	file_call();
	return next(fd, mode);
}

int
mkstemp(char *template)
{
	NEXT(int, "mkstemp", (char *));
	file_call();
	return next(template);
}

static int
open_mode(const char *name, const char *path, int flags, va_list ap)
{
	static int (*next_open)(const char *, int, ...);
	static int (*next_open64)(const char *, int, ...);
	int (**slot)(const char *, int, ...) = name[4] ? &next_open64 :
	    &next_open;
	mode_t mode = 0;

	if (*slot == NULL)
		*slot = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, name);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	file_call();
	return (*slot)(path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_mode("open", path, flags, ap);
	va_end(ap);
	return fd;
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_mode("open64", path, flags, ap);
	va_end(ap);
	return fd;
}

static void __attribute__((destructor))
report(void)
{
	char msg[96];

	if (!armed && !fired && fail_at == 0 && kill_at == 0)
		return;
	armed = 0;
	snprintf(msg, sizeof(msg), "calls %lu fired %d\n",
	    kill_at ? file_calls : calls, fired);
	say(msg);
}

/* Armed as main starts: what the loader and libc do before is not ours. */
typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int
armed_main(int argc, char **argv, char **envp)
{
	void *warm[1];

	fail_at = env_number("FAILALLOC_N");
	kill_at = env_number("FAILALLOC_KILL");
	persist = env_number("FAILALLOC_PERSIST") != 0;
	backtraces = env_number("FAILALLOC_BACKTRACE") != 0;
	log_file = getenv("FAILALLOC_LOG");
	if (backtraces)
		backtrace(warm, 1);	/* loads libgcc_s now, not at the fault */
	armed = 1;
	return real_main(argc, argv, envp);
}

int
__libc_start_main(main_fn main, int argc, char **argv,
    void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
    void *stack_end)
{
	int (*next)(main_fn, int, char **, void (*)(void), void (*)(void),
	    void (*)(void), void *);

	next = (int (*)(main_fn, int, char **, void (*)(void), void (*)(void),
	    void (*)(void), void *))dlsym(RTLD_NEXT, "__libc_start_main");
	real_main = main;
	return next(armed_main, argc, argv, init, fini, rtld_fini, stack_end);
}
