/*
 * nest: a Shopify bulk export (JSONL in which each child object of a
 * connection is a line of its own, naming its parent's id in
 * "__parentId") put back together: each root with its descendants, one
 * line a root, in the order the roots came.
 *
 * A child goes into its parent in an array named after its type (its
 * "__typename", else the type in its gid: gid://shopify/LineItem/1 is a
 * LineItem): lineItems for LineItem, the name GraphQL gives the
 * connection, or as nest_name sets. It loses its "__parentId" member and
 * nothing else: every object is copied from its line byte for byte, and
 * the arrays are added before its closing brace, in the order their first
 * children came; children keep the input's order.
 *
 * Roots stay open, in memory, until the input ends; with grouped (the
 * export's groupObjects, every child right after its root), a root is
 * done when the next one starts, and only it is in memory.
 *
 * Held (nothing is lost; each line is held as it came): a child whose
 * parent was not read before it (orphan_child; child_before_parent when
 * the parent comes later), a line whose id was read before (duplicate_id:
 * both roots it is in are held whole, every line of them), a child whose
 * "__parentId" is not a string, whose type cannot be told, or whose
 * parent has a member of the array's name, or that would be more than 16
 * levels below its root (bad_field). Ids are strings;
 * with grouped, only the open root's ids are remembered, so a child of a
 * root written earlier is an orphan and an id repeated in another root
 * is not noticed.
 */
#ifndef WMSKIT_NEST_H
#define WMSKIT_NEST_H

#include <jansson.h>

#include "buf.h"
#include "exception.h"
#include "ndjson.h"
#include "writer.h"

struct nest;

struct nest_counts {
	unsigned long roots;	/* written */
	unsigned long children;	/* written inside them */
	unsigned long most_open;	/* roots in memory at once */
};

struct nest *nest_new(void);
void nest_free(struct nest *n);
/* The export is grouped: each root is done when the next one starts. */
void nest_grouped(struct nest *n);
/* --name Type=member: the array that children of Type go into. 0 and
 * *err (to free) when spec is not of that form. */
int nest_name(struct nest *n, const char *spec, char **err);

/* Takes an object line: 1 taken (a root, a child into its parent, or a
 * line kept to be held at the end); 0 to hold it now, e filled. */
int nest_add(struct nest *n, const struct ndjson_line *line,
    struct exception *e);
/* After the last line: every open root is done. */
void nest_end(struct nest *n);

enum nest_out { NEST_NONE, NEST_ROOT, NEST_HELD };
/*
 * What is done, in order: NEST_ROOT, a root to write with nest_write;
 * NEST_HELD, a line to hold, with line (its text, source and number),
 * *record (its value, freed by the next call) and e filled; NEST_NONE,
 * nothing more until the next nest_add or nest_end.
 */
enum nest_out nest_next(struct nest *n, struct ndjson_line *line,
    json_t **record, struct exception *e);
/* Writes the root that nest_next gave, whole, and lets it go. */
void nest_write(struct nest *n, struct writer *w);

const struct nest_counts *nest_counts(const struct nest *n);

#endif
