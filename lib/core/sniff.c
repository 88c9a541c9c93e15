#include <string.h>

#include "sniff.h"

struct kind {
	const char *magic;	/* NULL: an encoding, found by its NULs */
	size_t len;
	const char *name;
	const char *remedy;
};

#define UTF(w, e)	{ NULL, 0, "UTF-" w e " text", \
	"convert it to UTF-8, e.g. iconv -f UTF-" w e " -t UTF-8" }

/* The byte order marks of UTF-32 begin with those of UTF-16: first. */
static const struct kind kinds[] = {
	{ "\xFF\xFE\0\0", 4, "UTF-32 text",
	    "convert it to UTF-8, e.g. iconv -f UTF-32 -t UTF-8" },
	{ "\0\0\xFE\xFF", 4, "UTF-32 text",
	    "convert it to UTF-8, e.g. iconv -f UTF-32 -t UTF-8" },
	{ "\xFF\xFE", 2, "UTF-16 text",
	    "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8" },
	{ "\xFE\xFF", 2, "UTF-16 text",
	    "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8" },
	{ "\x1F\x8B", 2, "gzip-compressed",
	    "decompress it first, e.g. zcat FILE | PROG (wmskit reads no "
	    "gzip)" },
	/* "BZh", the block size, and the first block's own magic */
	{ "BZh", 3, "bzip2-compressed",
	    "decompress it first, e.g. bzcat FILE | PROG" },
	{ "\xFD" "7zXZ\0", 6, "xz-compressed",
	    "decompress it first, e.g. xzcat FILE | PROG" },
	{ "\x28\xB5\x2F\xFD", 4, "zstd-compressed",
	    "decompress it first, e.g. zstdcat FILE | PROG" },
	{ "PK\3\4", 4, "a zip archive or Excel workbook",
	    "extract it (unzip -p FILE | PROG), or save the sheet as "
	    "CSV UTF-8" },
	{ "PK\5\6", 4, "a zip archive or Excel workbook",
	    "extract it (unzip -p FILE | PROG), or save the sheet as "
	    "CSV UTF-8" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an Excel workbook (.xls)",
	    "save the sheet as CSV UTF-8" },
	UTF("16", "LE"), UTF("16", "BE"), UTF("32", "LE"), UTF("32", "BE"),
};

enum { UTF16LE = 11, UTF16BE, UTF32LE, UTF32BE };

/*
 * Text in units of w bytes whose every unit holds one non-NUL byte, at
 * the same place (nz): ASCII or Latin-1 in UTF-16 or UTF-32, as the first
 * line of a table or of NDJSON is.
 */
static int
units(const unsigned char *p, size_t n, size_t w, size_t nz)
{
	size_t i, j;

	if (n > SNIFF_BYTES)
		n = SNIFF_BYTES;
	n -= n % w;
	if (n < 2 * w)
		return 0;
	for (i = 0; i < n; i += w)
		for (j = 0; j < w; j++)
			if ((p[i + j] != 0) != (j == nz))
				return 0;
	return 1;
}

const char *
sniff_binary(const void *v, size_t n)
{
	const unsigned char *p = v;
	size_t i;

	for (i = 0; kinds[i].magic != NULL; i++)
		if (n >= kinds[i].len &&
		    memcmp(p, kinds[i].magic, kinds[i].len) == 0)
			break;
	/* bzip2 only with its block magic: "BZh" may start a text */
	if (kinds[i].magic != NULL && kinds[i].magic[0] == 'B' &&
	    (n < 10 || p[3] < '1' || p[3] > '9' ||
	    memcmp(p + 4, "1AY&SY", 6) != 0))
		return NULL;
	if (kinds[i].magic != NULL)
		return kinds[i].name;
	if (units(p, n, 4, 0))
		return kinds[UTF32LE].name;
	if (units(p, n, 4, 3))
		return kinds[UTF32BE].name;
	if (units(p, n, 2, 0))
		return kinds[UTF16LE].name;
	if (units(p, n, 2, 1))
		return kinds[UTF16BE].name;
	return NULL;
}

const char *
sniff_remedy(const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(what, kinds[i].name) == 0)
			return kinds[i].remedy;
	return "wmskit reads UTF-8 text";
}
