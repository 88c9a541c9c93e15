/*
 * diag: diagnostics on stderr in the one format of the kit,
 * "prog: message" or "prog: file:line: message" (err(3) style).
 * die() and die_quiet() end the program with status 2 (trouble),
 * after the hook set by diag_on_exit() has written what was committed.
 */
#ifndef WMSKIT_DIAG_H
#define WMSKIT_DIAG_H

#include <stdnoreturn.h>

extern const char *progname;

void diag_init(const char *name);
/* Called once, first, by die() and die_quiet(): flushes complete records. */
void diag_on_exit(void (*hook)(void));

void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A reader closed our pipe: nothing to say, output incomplete, status 2. */
noreturn void die_quiet(void);

#endif
