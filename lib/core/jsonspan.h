/*
 * jsonspan: where a member is in the text of an object that jdoc has
 * indexed, so that a program can copy the text around it byte for byte
 * instead of printing a parsed value again (which rewrites numbers and
 * escapes).
 */
#ifndef WMSKIT_JSONSPAN_H
#define WMSKIT_JSONSPAN_H

#include <stddef.h>

#include "jdoc.h"

/*
 * The member named key (compared after decoding the text's escapes, so
 * "\u005f_id" is "__id") of object node obj: *start and *end bound the
 * text to cut to remove it, its key, value and one comma beside it (the
 * one after it, else the one before), leaving a valid object; offsets in
 * d->text. 0 when the object has no such member.
 */
int jsonspan_member(const struct jdoc *d, size_t obj, const char *key,
    size_t keylen, size_t *start, size_t *end);

#endif
