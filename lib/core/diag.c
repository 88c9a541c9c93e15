#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "writer.h"

const char *progname = "wmskit";
static void (*exit_hook)(void);
static void (*message_hook)(void);
static const char *exit_reason;

void
diag_init(const char *name)
{
	progname = name;
}

void
diag_on_exit(void (*hook)(void))
{
	exit_hook = hook;
}

void
diag_before_message(void (*hook)(void))
{
	message_hook = hook;
}

size_t
diag_escape(char *dst, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *d = dst;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c != 0x7f) || c == '\t') {
			*d++ = (char)c;
			continue;
		}
		*d++ = '\\';
		if (c == '\n')
			*d++ = 'n';
		else if (c == '\r')
			*d++ = 'r';
		else {
			*d++ = 'x';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
	}
	return (size_t)(d - dst);
}

/*
 * "prog: message\n" in one write. Memory comes from malloc, not xmalloc:
 * "out of memory" itself is said here. Without it, a message is cut to
 * what the stack holds.
 */
static void __attribute__((format(printf, 1, 0)))
vmsg(const char *fmt, va_list ap)
{
	char text[1024], line[4 * sizeof(text) + 128];
	char *m = text, *out = line;
	size_t plen = strlen(progname), len, cap = sizeof(line);
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(text, sizeof(text), fmt, aq);
	va_end(aq);
	len = n < 0 ? 0 : (size_t)n;
	if (len >= sizeof(text)) {
		if ((m = malloc(len + 1)) != NULL)
			(void)vsnprintf(m, len + 1, fmt, ap);
		else {
			m = text;
			len = sizeof(text) - 1;
		}
	}
	if (plen > 64)
		plen = 64;
	if (plen + 3 + 4 * len > cap) {
		if ((out = malloc(plen + 3 + 4 * len)) != NULL)
			cap = plen + 3 + 4 * len;
		else {
			out = line;
			len = (cap - plen - 3) / 4;
		}
	}
	if (message_hook != NULL)
		message_hook();
	memcpy(out, progname, plen);
	memcpy(out + plen, ": ", 2);
	n = (int)(plen + 2 + diag_escape(out + plen + 2, m, len));
	out[n++] = '\n';
	(void)writer_once(STDERR_FILENO, out, (size_t)n);
	if (m != text)
		free(m);
	if (out != line)
		free(out);
}

void
vwarnmsg(const char *fmt, va_list ap)
{
	vmsg(fmt, ap);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static volatile sig_atomic_t stopping;

static void
note_signal(int sig)
{
	stopping = sig;
}

void
diag_defer_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_signal;
	sigemptyset(&sa.sa_mask);
	/*
	 * No SA_RESTART: a read waiting on an idle pipe returns EINTR, so a
	 * program told to stop does not wait for its next input first.
	 */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* a signal ignored by whoever started us stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		(void)sigaction(sigs[i], &sa, NULL);
	}
}

int
diag_stopping(void)
{
	return stopping;
}

const char *
diag_exit_reason(void)
{
	return exit_reason;
}

static void
run_exit_hook(const char *reason)
{
	void (*hook)(void) = exit_hook;

	exit_reason = reason;

	exit_hook = NULL;	/* a failure inside the hook must not loop */
	if (hook)
		hook();
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	run_exit_hook("error");
	exit(2);
}

void
die_quiet(void)
{
	run_exit_hook("output_closed");
	exit(2);
}
