/*
 * testutil: what the unit tests share: temporary files that the group
 * teardown removes, a file read back whole, JSON for fixtures, and a
 * function run in a child process (for what ends the program).
 */
#ifndef WMSKIT_TESTUTIL_H
#define WMSKIT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "writer.h"

/* A new temporary file holding len bytes of s; remove_temps removes it. */
char *temp_file(const void *s, size_t len);
/* The same for a string. */
char *temp_text(const char *s);
/* A cmocka group teardown: removes the temporary files. */
int remove_temps(void **state);
/* The whole of a file, NUL-terminated; *len its size unless len is NULL. */
char *read_whole(const char *path, size_t *len);
/* A fixture's JSON, which must parse (duplicates refused, \u0000 allowed). */
json_t *parse_json(const char *text);

/* A writer on a new temporary file; its path. */
char *temp_writer(struct writer *w);
/*
 * Closes the writer and returns what it wrote (to free), each envelope's
 * key and at taken out: test_exception checks those, the other tests the
 * rest. The at must be that of SOURCE_DATE_EPOCH, which the tests set.
 */
char *written_envelopes(struct writer *w, const char *path);
/* Runs fn in a child with stderr on a pipe: its wait status, and what it
 * wrote to stderr in err (NUL-terminated, at most errsize - 1 bytes). */
int run_child(void (*fn)(void), char *err, size_t errsize);

/* Runs fn in a child (run_child): it must end the program with status,
 * having written exactly want on stderr. */
void assert_exits(void (*fn)(void), int status, const char *want);
/* The next of a fixed series of pseudo-random numbers (xorshift64), from
 * *x, which must not start at 0: the same cases on every run. */
uint64_t test_random(uint64_t *x);
/* v, written as compact JSON in its key order, must be want. */
void assert_json_text(const json_t *v, const char *want);

#endif
