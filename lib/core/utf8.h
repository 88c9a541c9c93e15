/*
 * utf8: strict UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF), the same rule jansson applies to the strings it reads.
 */
#ifndef WMSKIT_UTF8_H
#define WMSKIT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one character at s; returns its length, or 0 if invalid. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes at most); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
int utf8_valid(const char *s, size_t len);

#endif
