/*
 * count: a quantity read from JSON. A count is a JSON integer, or a real
 * with an integral value within 2^53 (2.0 from a system that writes every
 * number as a real); a string, a fraction or anything else is not one.
 */
#ifndef WMSKIT_COUNT_H
#define WMSKIT_COUNT_H

#include <stdint.h>

#include <jansson.h>

/* 1 and *n when v is a count; 0 otherwise. */
int json_count(const json_t *v, int64_t *n);

#endif
