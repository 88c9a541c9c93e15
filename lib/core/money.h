/*
 * money: amounts in integer minor units, read from their decimal text and
 * written back as text, never through floating point. The scale is the
 * number of decimals of a minor unit (2 for pounds and pence). A JSON real
 * is read from its shortest round-trip text, so 19.99 is 1999 pence.
 */
#ifndef WMSKIT_MONEY_H
#define WMSKIT_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum { MONEY_MAX_SCALE = 6, MONEY_TEXT_MAX = 32 };

/*
 * Reads "12.34", "12", "0.5", "-3.10" at the given scale; decimals past it
 * must be zeros ("19.9900" at scale 2). 0 for anything else: exponents,
 * a '+', spaces, an empty string, more than int64 holds.
 */
int money_parse(const char *s, size_t len, int scale, int64_t *units);
/* A string, an integer or a real; 0 for other types or bad text. */
int money_from_json(const json_t *v, int scale, int64_t *units);
/* Writes units at scale, such as "6.67", "-0.05", "12"; returns length. */
size_t money_text(int64_t units, int scale, char *buf);
/*
 * The amount in the form of like: a string with scale decimals where like
 * is a string, else a number (an integer at scale 0, a real otherwise).
 */
json_t *money_to_json(int64_t units, int scale, const json_t *like);

/*
 * The decimals of the minor unit of an ISO 4217 currency code: 0 for JPY,
 * KRW and the others without one, 3 for KWD, BHD and the others with
 * three, 4 for CLF and UYW, 2 for the rest; -1 when code is not three
 * capital letters.
 */
int money_currency_scale(const char *code, size_t len);

#endif
