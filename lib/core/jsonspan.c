#include <stddef.h>

#include "jdoc.h"
#include "jsonspan.h"

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
		i = skip_string(text, i, len);
		found = jdoc_quoted_is(text + k, i - k, key, keylen);
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
