/*
 * jtree: the one boundary between the kit's reader (jdoc) and jansson.
 *
 * A line is read by jdoc (validated whole, indexed once); the program
 * works on a jansson tree built from that index, which is three to four
 * times quicker than jansson's own parser (no second lexing, no checks
 * done twice). When the program passes the record on, jtree_write writes
 * the tree against the line: every value the program left as it was is
 * copied from the line byte for byte (1.10, 1e2, \u00e9, \/, a 30-digit
 * id, the spacing), and only what it changed or added is printed (jsonw).
 * So the output of a filter differs from its input in exactly the values
 * the filter changed, and a record it does not change comes out as it came.
 *
 * Numbers: an integer in int64 becomes a jansson integer; any other number
 * a real, by strtod, held at +-DBL_MAX beyond a double's range: a value
 * for the program to compare, while the text stays the line's. A program
 * that needs an integer reads it by json_is_integer, as before; an id of
 * 30 digits is then not an integer, and is passed on as it came.
 */
#ifndef WMSKIT_JTREE_H
#define WMSKIT_JTREE_H

#include <jansson.h>

#include "buf.h"
#include "jdoc.h"
#include "writer.h"

struct jtree {
	struct jdoc doc;	/* the line, indexed */
	json_t **built;		/* node i's value in the tree (borrowed) */
	size_t cap;
	struct buf scratch;
};

/*
 * Reads text into t (jdoc_parse) and builds its tree: a new reference, or
 * NULL with t->doc.error and error_at when the text is not JSON. The text
 * must outlive t's use. Out of memory is fatal, as everywhere in the kit.
 */
json_t *jtree_read(struct jtree *t, const char *text, size_t len);
/*
 * Reads text into t->doc without a tree (jdoc_parse, keys checked): 1, or
 * 0 with the doc's error. For a program that looks up a few members and
 * copies the rest as it came; jtree_build makes the values it needs.
 */
int jtree_index(struct jtree *t, const char *text, size_t len);
/* The value of node i of the line read last, as a new tree. */
json_t *jtree_build(struct jtree *t, size_t i);
/* The same of the first value of text (jdoc_parse_first). */
json_t *jtree_read_first(struct jtree *t, const char *text, size_t len,
    size_t *end);
void jtree_free(struct jtree *t);

/* The real a number's text stands for, as jtree builds it. */
double jtree_real(const char *text, size_t len);

/*
 * Writes v, the tree read last (or a value in it), as the line's text
 * where v is as it came: node is the index of v's node in t->doc (0 for
 * the record). An object with members added at its end keeps its text and
 * gains them before its closing brace; an array whose members moved finds
 * them by identity; a container otherwise rebuilt is written compactly,
 * its unchanged members still as they came.
 */
void jtree_write(struct writer *w, const struct jtree *t, size_t node,
    const json_t *v);

#endif
