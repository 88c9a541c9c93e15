/*
 * orderref: one order, two spellings. The storefront names an order
 * "#1001", the WMS often keeps "1001": the key of a reference is its text
 * (a string, or an integer's digits) trimmed of spaces and tabs and of one
 * leading '#'.
 */
#ifndef WMSKIT_ORDERREF_H
#define WMSKIT_ORDERREF_H

#include <jansson.h>

#include "buf.h"

/* The text of a reference or an id into out: a string as it is, an
 * integer's digits; 0 for any other value. */
int ref_text(const json_t *ref, struct buf *out);
/* The key of ref into out; 0 when ref is not a string or an integer, or
 * its key is empty. */
int order_ref_key(const json_t *ref, struct buf *out);

#endif
