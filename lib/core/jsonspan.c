#include <stdint.h>
#include <string.h>

#include "jsonspan.h"
#include "utf8.h"

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const char *s, size_t i, size_t len)
{
	while (i < len && space(s[i]))
		i++;
	return i;
}

/* From an opening quote to past the closing one. */
static size_t
skip_string(const char *s, size_t i, size_t len)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

/* Past the value that starts at i. */
static size_t
skip_value(const char *s, size_t i, size_t len)
{
	size_t depth = 0;

	do {
		if (s[i] == '"')
			i = skip_string(s, i, len);
		else if (s[i] == '{' || s[i] == '[')
			depth++, i++;
		else if (s[i] == '}' || s[i] == ']')
			depth--, i++;
		else if (depth > 0)
			i++;
		else	/* a number, true, false or null */
			while (i < len && !space(s[i]) && s[i] != ',' &&
			    s[i] != '}' && s[i] != ']')
				i++;
	} while (depth > 0 && i < len);
	return i;
}

static unsigned
hex4(const char *s)
{
	unsigned v = 0;
	int k;

	for (k = 0; k < 4; k++)
		v = v << 4 | (unsigned)(s[k] <= '9' ? s[k] - '0' :
		    (s[k] | 0x20) - 'a' + 10);
	return v;
}

/* Whether the string at s (from its opening quote) decodes to key. */
static int
string_is(const char *s, const char *key, size_t keylen)
{
	char out[4];
	uint32_t cp, lo;
	size_t i = 1, k = 0, n;
	char c;

	while (s[i] != '"') {
		if (s[i] != '\\') {
			if (k == keylen || s[i++] != key[k++])
				return 0;
			continue;
		}
		c = s[i + 1];
		i += 2;
		switch (c) {
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u':
			cp = hex4(s + i);
			i += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && s[i] == '\\' &&
			    s[i + 1] == 'u' && (lo = hex4(s + i + 2)) >= 0xdc00 &&
			    lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
			n = utf8_encode(cp, out);
			if (keylen - k < n || memcmp(out, key + k, n) != 0)
				return 0;
			k += n;
			continue;
		}
		if (k == keylen || c != key[k++])	/* \" \\ \/ and the above */
			return 0;
	}
	return k == keylen;
}

int
jsonspan_member(const char *text, size_t len, const char *key,
    size_t keylen, size_t *start, size_t *end)
{
	size_t i, k, before = 0;	/* past the last value, at its comma */
	int found;

	i = skip_space(text, 0, len) + 1;	/* past '{' */
	for (;;) {
		i = skip_space(text, i, len);
		if (i >= len || text[i] != '"')
			return 0;	/* '}': not there */
		k = i;
		found = string_is(text + k, key, keylen);
		i = skip_string(text, i, len);
		i = skip_space(text, i, len) + 1;	/* past ':' */
		i = skip_value(text, skip_space(text, i, len), len);
		if (found)
			break;
		before = i;
		i = skip_space(text, i, len) + 1;	/* past ',' */
	}
	i = skip_space(text, i, len);
	if (text[i] == ',') {		/* the comma after it goes */
		*start = k;
		*end = skip_space(text, i + 1, len);
	} else if (before > 0) {	/* the last: the comma before it */
		*start = before;
		*end = i;
	} else {			/* the only member */
		*start = k;
		*end = i;
	}
	return 1;
}

size_t
jsonspan_close(const char *text, size_t len)
{
	while (len > 0 && text[len - 1] != '}')
		len--;
	return len - 1;
}
