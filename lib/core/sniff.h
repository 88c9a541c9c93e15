/*
 * sniff: tells from the first bytes of a file that it is not UTF-8 text,
 * so that a compressed file, a spreadsheet or UTF-16 text is refused by
 * name instead of read as thousands of bad lines. Only what is certain is
 * named: a magic number, a byte order mark, or UTF-16/UTF-32 text without
 * one (a NUL byte at every other, or three in four, byte of the first 16,
 * none elsewhere). Anything else, a NUL byte after a value included, is
 * left to the reader, which holds what it cannot read.
 */
#ifndef WMSKIT_SNIFF_H
#define WMSKIT_SNIFF_H

#include <stddef.h>

/* Enough first bytes for every rule; fewer (a short file) is fine. */
#define SNIFF_BYTES	16

/*
 * What the first n bytes at p show the file to be, as a phrase that reads
 * after "is": "gzip-compressed", "bzip2-compressed", "xz-compressed",
 * "zstd-compressed", "a zip archive or Excel workbook", "an Excel workbook
 * (.xls)", "UTF-16 text" (with a byte order mark), "UTF-16LE text",
 * "UTF-16BE text" (without), "UTF-32 text", "UTF-32LE text", "UTF-32BE
 * text"; NULL for UTF-8 text (with or without its BOM) or for bytes it
 * cannot name.
 */
const char *sniff_binary(const void *p, size_t n);
/*
 * What to do about it, for a message "FILE: is WHAT: REMEDY", FILE and
 * PROG left for the reader to fill: "decompress it first, e.g. zcat FILE |
 * PROG (wmskit reads no gzip)", "convert it to UTF-8, e.g. iconv -f UTF-16
 * -t UTF-8"... what is a phrase sniff_binary() returned.
 */
const char *sniff_remedy(const char *what);

#endif
