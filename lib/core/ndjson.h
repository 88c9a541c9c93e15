/*
 * ndjson: the reader of newline-delimited JSON, one value a line.
 *
 * Reads the files named (stdin for "-" or for none) in turn, in blocks.
 * Accepts \n and \r\n, skips a UTF-8 BOM at the start of each file, skips
 * and counts blank lines, takes a last line without \n as a line. Every line
 * knows its source and number. Each line is read by jtree (jdoc's strict
 * reading, then a jansson tree): duplicate keys and a raw NUL byte are bad
 * JSON, \u0000 is allowed, only blanks may follow the value, and any valid
 * number passes (jtree.h says how it is held). A line longer than max_line
 * bytes is never held whole: it comes as NDJSON_TOO_LONG with its first
 * bytes, and ndjson_long_chunk() hands out the rest piece by piece. A file
 * that cannot be opened or read, or that sniff.h names (gzip, UTF-16...),
 * is reported on stderr and skipped, and ndjson_trouble() says so at the
 * end. A read cut short by a signal that diag_stopping() reports ends the
 * input, and is trouble too.
 */
#ifndef WMSKIT_NDJSON_H
#define WMSKIT_NDJSON_H

#include <stddef.h>

#include <jansson.h>

#include "jtree.h"

enum ndjson_kind {
	NDJSON_END,		/* no more input */
	NDJSON_OBJECT,		/* a JSON object: the normal record */
	NDJSON_NOT_OBJECT,	/* valid JSON, but an array, string, number... */
	NDJSON_BAD_JSON,	/* not valid JSON: error and column say why */
	NDJSON_TOO_LONG		/* over max_line: text is its first max_line bytes */
};

struct ndjson_line {
	enum ndjson_kind kind;
	json_t *value;		/* OBJECT, NOT_OBJECT; the reader frees it */
	struct jtree *tree;	/* the value's line, for jtree_write; after
				 * ndjson_index, an object's value is NULL
				 * and jtree_build makes what is needed */
	const char *text;	/* the line without its end of line */
	size_t len;
	const char *source;	/* file name, or "(standard input)" */
	unsigned long lineno;
	int column;		/* BAD_JSON */
	char error[160];	/* BAD_JSON */
};

struct ndjson_reader;

/* The source name of stdin: a line's source is this very pointer. */
extern const char ndjson_stdin[];

struct ndjson_reader *ndjson_open(char *const *names, size_t n,
    size_t max_line);
/* Names the standard input name instead of ndjson_stdin, in lines and in
 * the reader's messages (--label); before the first ndjson_next. */
void ndjson_name_stdin(struct ndjson_reader *r, const char *name);
/* Prefixes the reader's messages about its files (cannot be opened or
 * read, is gzip...) with option and a space, as "--wms x: No such file or
 * directory", so that they say which option named the file. */
void ndjson_name_option(struct ndjson_reader *r, const char *option);
/* Objects indexed without a tree (jtree_index), before the first
 * ndjson_next: a line's value is NULL for an object, its tree->doc
 * indexed; any other value is built as before. */
void ndjson_index(struct ndjson_reader *r);
/* Fills line with the next non-blank line; valid until the next call. */
enum ndjson_kind ndjson_next(struct ndjson_reader *r, struct ndjson_line *line);
/*
 * Files that may still be appended to, such as a -x file that a run is
 * writing: a last line of a regular file without its \n that is not valid
 * JSON is taken for a record not yet written whole. It is left out, with a
 * warning, instead of coming as NDJSON_BAD_JSON. A side input that must be
 * whole (a snapshot) does without, so that a cut file shows as one.
 */
void ndjson_growing(struct ndjson_reader *r);
/* The value of a line's text, parsed as the reader parses it; NULL and
 * err when it is not JSON. The caller frees it. */
json_t *ndjson_parse(const char *text, size_t len, json_error_t *err);
/* The message of a NDJSON_BAD_JSON line, written into msg: "invalid JSON
 * at column 4: a value expected". */
void ndjson_problem(const struct ndjson_line *line, char *msg,
    size_t size);
/* After NDJSON_TOO_LONG: the next piece of the line; 0 at its end. */
size_t ndjson_long_chunk(struct ndjson_reader *r, const char **p);
unsigned long ndjson_blank_lines(const struct ndjson_reader *r);
int ndjson_trouble(const struct ndjson_reader *r);
void ndjson_close(struct ndjson_reader *r);
/*
 * Reads a side input whole (orders to look up, a saved state): each object
 * goes to each(ctx, record, &why). 0 and *err ("file:line: why") at the
 * first line that is not a JSON object or that each() refuses, setting why
 * (to free); such a file is trouble for the program, not data to hold.
 */
int ndjson_read_file(const char *path, int (*each)(void *, json_t *,
    char **), void *ctx, char **err);

#endif
