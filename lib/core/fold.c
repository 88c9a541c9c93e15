#include <string.h>

#include "fold.h"
#include "utf8.h"

enum { DROP = -1, KEEP = 0 };

/* The ASCII stand-in for cp, DROP, or KEEP. */
static int
fold_char(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)	/* full-width ASCII */
		return (int)(cp - 0xFEE0);
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r':
	case 0x00A0: case 0x1680: case 0x2000: case 0x2001: case 0x2002:
	case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007:
	case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
	case 0x3000:
		return ' ';
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
	case 0xFEFF:
		return DROP;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
		return '-';
	case 0x2018: case 0x2019: case 0x201A: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x2033:
		return '"';
	case 0x2044: case 0x2215:
		return '/';
	}
	return KEEP;
}

void
fold_text(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, n, begin = out->len, end;
	uint32_t cp;

	buf_add(out, "", 0);	/* out->p exists even for empty text */
	while (i < len) {
		int c;

		if ((unsigned char)s[i] < 0x80 && s[i] > ' ') {
			buf_addc(out, s[i++]);
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			n = 1, cp = (unsigned char)s[i];	/* keep as is */
		if ((c = fold_char(cp)) == KEEP)
			buf_add(out, s + i, n);
		else if (c != DROP)
			buf_addc(out, (char)c);
		i += n;
	}
	for (end = out->len; end > begin && out->p[end - 1] == ' '; end--)
		continue;
	out->len = end;
	out->p[end] = '\0';
	for (i = begin; i < end && out->p[i] == ' '; i++)
		continue;
	if (i > begin) {
		memmove(out->p + begin, out->p + i, end - i + 1);
		out->len -= i - begin;
	}
}

void
fold_words(const char *s, size_t len, struct buf *out)
{
	size_t begin = out->len, i, j;

	fold_text(s, len, out);
	for (i = j = begin; i < out->len; i++) {
		char c = out->p[i];

		if (c == ' ' && j > begin && out->p[j - 1] == ' ')
			continue;
		out->p[j++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out->len = j;
	out->p[j] = '\0';
}
