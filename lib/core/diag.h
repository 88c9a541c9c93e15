/*
 * diag: diagnostics on stderr in the one format of the kit,
 * "prog: message" or "prog: file:line: message" (err(3) style).
 * die() and die_quiet() end the program with status 2 (trouble),
 * after the hook set by diag_on_exit() has written what was committed.
 *
 * A message is written whole, in one write(), so that it never cuts a line
 * that another program writes to the same stderr. Control characters in it
 * (below 0x20 but tab, and DEL) come out escaped as \n, \r or \x1b: a SKU
 * or a file name from the data must not move the cursor, retitle the
 * terminal or forge a line of its own.
 *
 * A program may defer TERM, INT and HUP (diag_defer_signals): a handler
 * only notes the signal, and the program stops at its next record
 * boundary, where it asks diag_stopping().
 */
#ifndef WMSKIT_DIAG_H
#define WMSKIT_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>

extern const char *progname;

void diag_init(const char *name);
/* Called once, first, by die() and die_quiet(): flushes complete records
 * and writes --metrics, with diag_exit_reason() as its reason. */
void diag_on_exit(void (*hook)(void));
/* Called before each message on stderr: a progress line is taken down
 * first, whoever says something. */
void diag_before_message(void (*hook)(void));
/* Why the program is dying, for the hook: "error" in die(), "output_closed"
 * in die_quiet(); NULL before. */
const char *diag_exit_reason(void);

void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A reader closed our pipe: nothing to say, output incomplete, status 2. */
noreturn void die_quiet(void);

/*
 * Copies s[0, n) into dst with control characters escaped; dst has room
 * for 4 * n bytes. Returns the length written (no NUL is added).
 */
size_t diag_escape(char *dst, const char *s, size_t n);

/* Notes TERM, INT and HUP from now on instead of dying of them. */
void diag_defer_signals(void);
/* The signal noted, or 0. */
int diag_stopping(void);

#endif
