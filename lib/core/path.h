/*
 * path: field paths into records, parsed once, used to get and to set.
 *
 *	sku			a member of the record
 *	shipping_lines[0].title	an element of an array, by index
 *	line_items[].sku	every element of an array
 *
 * A leading '.' is allowed (jq's spelling). A key is any text without '.',
 * '[' or ']'. At most PATH_MAX_EACH "[]" in one path.
 */
#ifndef WMSKIT_PATH_H
#define WMSKIT_PATH_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

enum { PATH_MAX_EACH = 4 };

struct path;

/* A place the path reaches in one record. */
struct path_slot {
	json_t *parent;		/* the object or array that holds it */
	const char *key;	/* its key, or NULL in an array */
	size_t index;		/* its index in an array */
	json_t *value;		/* NULL: the object has no such member yet */
	size_t each[PATH_MAX_EACH];	/* the index taken at each "[]" */
};

/* NULL on a syntax error, with *err a message to free. */
struct path *path_parse(const char *text, char **err);
/* A path the program itself spells (a default): a bad one is a bug. */
struct path *path_literal(const char *text);
void path_free(struct path *p);
/*
 * Adds the path text spells, a literal (path_literal), to the *n paths of
 * *list unless text is NULL or a path of the list spells it already.
 */
void path_list_add(struct path ***list, size_t *n, const char *text);
/* Frees n paths and the array that holds them. */
void path_list_free(struct path **list, size_t n);
const char *path_text(const struct path *p);
/*
 * Finds every slot of p in root, into *slots (grown as needed, *cap its
 * size, reusable across records); returns how many. Where a container on
 * the way is missing or of another type, that branch has no slot.
 */
size_t path_find(const struct path *p, json_t *root, struct path_slot **slots,
    size_t *cap);
/* The first value p reaches in root, or NULL (also for a NULL p). */
json_t *path_first(const struct path *p, json_t *root,
    struct path_slot **slots, size_t *cap);
/* The slot's concrete place, such as "line_items[2].sku", into out. */
void path_where(const struct path *p, const struct path_slot *s,
    struct buf *out);
/* Stores value (the caller's reference is taken) in the slot. */
void path_set(const struct path_slot *s, json_t *value);

#endif
