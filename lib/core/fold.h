/*
 * fold: text as a person meant it. Maps the Unicode look-alikes that
 * spreadsheets and word processors bring in to their ASCII originals (en and
 * em dashes and the minus sign to '-', non-breaking and other spaces to ' ',
 * curly quotes to straight ones, full-width forms to ASCII), drops
 * invisible characters (zero-width spaces, soft hyphens, a stray BOM), and
 * trims white space at both ends. Everything else is kept as it is.
 */
#ifndef WMSKIT_FOLD_H
#define WMSKIT_FOLD_H

#include <stddef.h>

#include "buf.h"

/* Appends the folded form of s (valid UTF-8) to out. */
void fold_text(const char *s, size_t len, struct buf *out);
/*
 * As fold_text, then ASCII letters in lower case and each run of spaces
 * made one: the form in which titles typed by people are compared
 * ("Next day  delivery " and "Next Day Delivery" fold alike).
 */
void fold_words(const char *s, size_t len, struct buf *out);

#endif
