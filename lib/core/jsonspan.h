/*
 * jsonspan: where things are in the text of a JSON object that a parser
 * has already accepted, so that a program can copy the text around them
 * byte for byte instead of printing a parsed value again (which rewrites
 * numbers and escapes). The text must be valid JSON; these functions do
 * not check it again.
 */
#ifndef WMSKIT_JSONSPAN_H
#define WMSKIT_JSONSPAN_H

#include <stddef.h>

/*
 * The member named key (compared after decoding the text's escapes, so
 * "\u005f_id" is "__id") at the top level of the object text: *start and
 * *end bound the text to cut to remove it, its key, value and one comma
 * beside it, leaving a valid object. 0 when the object has no such member.
 */
int jsonspan_member(const char *text, size_t len, const char *key,
    size_t keylen, size_t *start, size_t *end);
/* The offset of the object's closing brace. */
size_t jsonspan_close(const char *text, size_t len);

#endif
