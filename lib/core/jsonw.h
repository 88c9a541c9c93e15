/*
 * jsonw: the kit's one JSON writer. Compact, key order as stored, UTF-8 left
 * unescaped (only '"', '\\' and bytes below 0x20 are escaped; NUL as
 * \u0000), integers as their exact int64 text, and reals with the fewest
 * significant digits that read back as the same double, so 19.99 stays
 * 19.99 (jansson 2.14's own dump would print 19.989999999999998), in the
 * %g form of C (1e+300, 1e-05). A real keeps a '.' or an exponent, so it
 * reads back as a real. Keys are C strings (jansson refuses NUL in keys).
 */
#ifndef WMSKIT_JSONW_H
#define WMSKIT_JSONW_H

#include <jansson.h>

#include "writer.h"

enum { JSONW_NUMBER_MAX = 32 };

void jsonw_value(struct writer *w, const json_t *v);
void jsonw_string(struct writer *w, const char *s, size_t len);
/* As jsonw_string, each invalid UTF-8 byte written as U+FFFD: for text
 * about the data (a message, a file name), never for the data itself. */
void jsonw_text(struct writer *w, const char *s, size_t len);
/* Formats d in buf (JSONW_NUMBER_MAX bytes); returns the length. */
size_t jsonw_real_text(double d, char *buf);
size_t jsonw_integer_text(json_int_t i, char *buf);

#endif
