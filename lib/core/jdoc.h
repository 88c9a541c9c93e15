/*
 * jdoc: one line of JSON, validated whole and indexed once, its values
 * read in place. Where jansson builds a tree of allocated values and
 * prints it again, a jdoc is the line's text and an array of nodes, one a
 * value, in the order the values come; nothing is allocated per value and
 * nothing is printed again, so a program can copy what it does not change
 * byte for byte (numbers of any length and precision, escapes, spacing).
 *
 * Validation is complete: RFC 8259 with strict UTF-8 (utf8.h), surrogate
 * escapes only in pairs, and at most JDOC_MAX_DEPTH levels, as jansson;
 * and, as the kit has always held such records, no key twice in one
 * object (which of the two a producer meant cannot be told).
 * A valid line is accepted whatever its numbers: 1e400 and a 30-digit id
 * are text, and jdoc_int64 says whether one fits.
 *
 * Nodes: node 0 is the line's value. A container's members follow it; an
 * object's as key, value, key, value... Each node knows the index past
 * everything it holds, so a value is skipped in one step.
 */
#ifndef WMSKIT_JDOC_H
#define WMSKIT_JDOC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum { JDOC_MAX_DEPTH = 2048 };
#define JDOC_NONE ((size_t)-1)

enum jdoc_type {
	JDOC_NULL, JDOC_FALSE, JDOC_TRUE, JDOC_NUMBER, JDOC_STRING,
	JDOC_ARRAY, JDOC_OBJECT
};

struct jdoc_node {
	uint32_t start;		/* the value's text: a string with quotes, */
	uint32_t len;		/* a container through its closing bracket */
	uint32_t after;		/* the index past this value and its members */
	uint8_t type;		/* enum jdoc_type */
	uint8_t escaped;	/* a string with a '\': decoded when read */
	uint8_t integer;	/* a number without fraction or exponent */
};

struct jdoc {
	const char *text;
	size_t len;
	struct jdoc_node *node;
	size_t n, cap;
	/* after a refusal: where (a byte offset) and what went wrong */
	size_t error_at;
	const char *error;
	/* the search for repeated keys; with keys_unchecked set, jdoc_parse
	 * leaves it to its caller (jtree finds a key twice as it builds) */
	size_t *slot, nslot;
	int keys_unchecked;
	struct buf scratch;
};

/*
 * Reads the text (not NUL-terminated; at most UINT32_MAX bytes) into d,
 * reusing its memory (a zeroed struct jdoc is empty): 1, or 0 with error
 * and error_at. The text must outlive the reads of d.
 */
int jdoc_parse(struct jdoc *d, const char *text, size_t len);
/* The same of the first value of text, which anything may follow (the
 * start of a line too long to read whole): *end is the offset past it. */
int jdoc_parse_first(struct jdoc *d, const char *text, size_t len,
    size_t *end);
void jdoc_free(struct jdoc *d);

static inline enum jdoc_type
jdoc_type(const struct jdoc *d, size_t i)
{
	return (enum jdoc_type)d->node[i].type;
}

/* The value's text as it came; for a string, with its quotes. */
static inline const char *
jdoc_text(const struct jdoc *d, size_t i, size_t *len)
{
	*len = d->node[i].len;
	return d->text + d->node[i].start;
}

/*
 * A container's first member (an object's first value), and the member
 * after i in the same container; JDOC_NONE at the end. An object's value
 * i has its key at i - 1.
 */
size_t jdoc_first(const struct jdoc *d, size_t container);
size_t jdoc_next(const struct jdoc *d, size_t container, size_t i);
/* How many members the container has. */
size_t jdoc_size(const struct jdoc *d, size_t container);
/* The value of key in object i (keys compared decoded), the first where
 * a key repeats; JDOC_NONE if i has none or is not an object. */
size_t jdoc_get(const struct jdoc *d, size_t i, const char *key,
    size_t keylen);
/* Element k of array i, or JDOC_NONE. */
size_t jdoc_at(const struct jdoc *d, size_t i, size_t k);

/*
 * The decoded text of string i: a pointer into the line when it has no
 * escapes, else into scratch (reset and reused). NULL if i is not a
 * string. A decoded string may hold NUL (\u0000): use *len.
 */
const char *jdoc_string(const struct jdoc *d, size_t i, struct buf *scratch,
    size_t *len);
/* Whether string i decodes to s. */
int jdoc_string_is(const struct jdoc *d, size_t i, const char *s,
    size_t len);
/* The same of a string's text, quotes and all, from a line jdoc (or
 * another strict reader) has accepted: it is not checked again. */
int jdoc_quoted_is(const char *quoted, size_t qlen, const char *s,
    size_t len);
/* Whether object i has no key twice: 1, or 0 with error and error_at
 * as jdoc_parse sets them for the second. */
int jdoc_check_keys(struct jdoc *d, size_t i);
/* Number i as an int64: 1, or 0 when it is not an integer in range. */
int jdoc_int64(const struct jdoc *d, size_t i, int64_t *v);

#endif
