#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

const char *progname = "wmskit";
static void (*exit_hook)(void);

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

static void __attribute__((format(printf, 1, 0)))
vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static void
run_exit_hook(void)
{
	void (*hook)(void) = exit_hook;

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
	run_exit_hook();
	exit(2);
}

void
die_quiet(void)
{
	run_exit_hook();
	exit(2);
}
