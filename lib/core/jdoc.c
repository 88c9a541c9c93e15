#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jdoc.h"
#include "num.h"
#include "utf8.h"
#include "xalloc.h"

struct parse {
	struct jdoc *d;
	const char *p, *end;
};

/* The bytes a string's scan stops at: '"', '\\', controls, non-ASCII. */
static const unsigned char stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
	[0x80] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

/* Whether a value began before at: more than blanks. */
static int
begun(const char *text, const char *at)
{
	for (; text < at; text++)
		if (*text != ' ' && *text != '\t' && *text != '\n' &&
		    *text != '\r')
			return 1;
	return 0;
}

static int
fail(struct parse *s, const char *at, const char *what)
{
	s->d->error_at = (size_t)(at - s->d->text);
	/* a NUL byte is the mistake of a writer, not of the JSON around it;
	 * a line that stops short is most often a file cut short */
	if (at < s->end && *at == '\0')
		what = "a NUL byte (JSON writes one as \\u0000, in a string)";
	else if (at == s->end && begun(s->d->text, at) &&
	    strncmp(what, "the line ends", 13) != 0)
		what = "the line ends before the value does (cut short?)";
	s->d->error = what;
	return 0;
}

static void
skip_space(struct parse *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static struct jdoc_node *
add(struct parse *s, enum jdoc_type type)
{
	struct jdoc *d = s->d;
	struct jdoc_node *nd;

	if (d->n == d->cap)
		XGROW(d->node, d->cap, d->n + 1);
	nd = &d->node[d->n++];
	nd->start = (uint32_t)(s->p - d->text);
	nd->type = (uint8_t)type;
	nd->escaped = 0;
	nd->integer = 0;
	return nd;
}

/* The value of one hex digit, or -1. */
static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* \uXXXX at p (past the 'u'): its value, or -1. */
static long
hex4(const char *p, const char *end)
{
	long v = 0;
	int i, h;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hex(p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static int
string(struct parse *s, struct jdoc_node *nd)
{
	const char *p = s->p + 1, *end = s->end;
	uint32_t cp;
	size_t k;
	long u;

	for (;;) {
		while (p < end && !stop[(unsigned char)*p])
			p++;
		if (p == end)
			return fail(s, p, "the line ends inside a string");
		if (*p == '"')
			break;
		if (*p == '\\') {
			nd->escaped = 1;
			if (++p == end)
				return fail(s, p, "the line ends inside a "
				    "string");
			if (strchr("\"\\/bfnrt", *p) != NULL && *p != '\0') {
				p++;
				continue;
			}
			if (*p != 'u' || (u = hex4(p + 1, end)) < 0)
				return fail(s, p - 1, "an escape that is not "
				    "JSON's");
			p += 5;
			if (u >= 0xDC00 && u <= 0xDFFF)
				return fail(s, p - 6, "a lone low surrogate "
				    "escape");
			if (u < 0xD800 || u > 0xDBFF)
				continue;
			if (end - p < 2 || p[0] != '\\' || p[1] != 'u' ||
			    (u = hex4(p + 2, end)) < 0xDC00 || u > 0xDFFF)
				return fail(s, p - 6, "a high surrogate escape "
				    "without its low one");
			p += 6;
		} else if ((unsigned char)*p < 0x20)
			return fail(s, p, "a control character in a string "
			    "(JSON writes it as \\u00XX)");
		else if ((k = utf8_decode(p, (size_t)(end - p), &cp)) == 0)
			return fail(s, p, "invalid UTF-8");
		else
			p += k;
	}
	s->p = p + 1;
	nd->len = (uint32_t)(s->p - (s->d->text + nd->start));
	return 1;
}

static int
digits(struct parse *s)
{
	const char *p = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > p;
}

static int
number(struct parse *s, struct jdoc_node *nd)
{
	const char *start = s->p;

	nd->integer = 1;
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (!digits(s))
		return fail(s, start, "a value expected");
	if (s->p < s->end && *s->p == '.') {
		nd->integer = 0;
		s->p++;
		if (!digits(s))
			return fail(s, s->p, "digits expected after '.'");
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		nd->integer = 0;
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return fail(s, s->p, "digits expected in the "
			    "exponent");
	}
	nd->len = (uint32_t)(s->p - start);
	return 1;
}

static int
literal(struct parse *s, struct jdoc_node *nd, const char *word,
    enum jdoc_type type)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return fail(s, s->p, "a value expected");
	nd->type = (uint8_t)type;
	nd->len = (uint32_t)n;
	s->p += n;
	return 1;
}

/* A member's key and its colon. */
static int
key(struct parse *s)
{
	struct jdoc_node *nd;

	skip_space(s);
	if (s->p == s->end || *s->p != '"')
		return fail(s, s->p, "a string key expected");
	nd = add(s, JDOC_STRING);
	if (!string(s, nd))
		return 0;
	nd->after = (uint32_t)s->d->n;
	skip_space(s);
	if (s->p == s->end || *s->p != ':')
		return fail(s, s->p, "':' expected");
	s->p++;
	return 1;
}

/* A scalar value at s->p. */
static int
scalar(struct parse *s)
{
	struct jdoc_node *nd = add(s, JDOC_NUMBER);
	int ok;

	switch (*s->p) {
	case '"':
		nd->type = JDOC_STRING;
		ok = string(s, nd);
		break;
	case 'f':
		ok = literal(s, nd, "false", JDOC_FALSE);
		break;
	case 'n':
		ok = literal(s, nd, "null", JDOC_NULL);
		break;
	case 't':
		ok = literal(s, nd, "true", JDOC_TRUE);
		break;
	default:
		ok = number(s, nd);
		break;
	}
	nd->after = (uint32_t)s->d->n;
	return ok;
}

static const char key_twice[] = "a key that the object has already";

/* Whether keys a and b decode alike. */
static int
same_key(struct jdoc *d, size_t a, size_t b)
{
	const struct jdoc_node *x = &d->node[a], *y = &d->node[b];
	const char *k;
	size_t len;

	if (!x->escaped && !y->escaped)
		return x->len == y->len && memcmp(d->text + x->start,
		    d->text + y->start, x->len) == 0;
	k = jdoc_string(d, a, &d->scratch, &len);
	return jdoc_string_is(d, b, k, len);
}

/*
 * The second of a key that object i has twice, or JDOC_NONE. The kit
 * holds such a record, as its jansson reading did: which of the two a
 * producer meant cannot be told. Few members are compared pairwise, many
 * through a table of their keys' hashes.
 */
static size_t
repeated_key(struct jdoc *d, size_t i)
{
	size_t n = 0, a, b, mask, slot, len;
	const char *k;

	for (a = jdoc_first(d, i); a != JDOC_NONE; a = jdoc_next(d, i, a))
		n++;
	if (n <= 8) {
		for (a = jdoc_first(d, i); a != JDOC_NONE;
		    a = jdoc_next(d, i, a))
			for (b = jdoc_first(d, i); b != a;
			    b = jdoc_next(d, i, b))
				if (same_key(d, a - 1, b - 1))
					return a - 1;
		return JDOC_NONE;
	}
	for (mask = 15; mask < 2 * n; mask = mask * 2 + 1)
		continue;
	if (d->nslot < mask + 1)
		XGROW(d->slot, d->nslot, mask + 1);
	memset(d->slot, 0, (mask + 1) * sizeof(*d->slot));
	for (a = jdoc_first(d, i); a != JDOC_NONE; a = jdoc_next(d, i, a)) {
		k = jdoc_string(d, a - 1, &d->scratch, &len);
		for (slot = hash_bytes(k, len) & mask; d->slot[slot] != 0;
		    slot = (slot + 1) & mask)
			if (same_key(d, d->slot[slot] - 1, a - 1))
				return a - 1;
		d->slot[slot] = a;	/* key a - 1, plus one: 0 is free */
	}
	return JDOC_NONE;
}

int
jdoc_check_keys(struct jdoc *d, size_t i)
{
	size_t twice = repeated_key(d, i);

	if (twice == JDOC_NONE)
		return 1;
	d->error_at = d->node[twice].start;
	d->error = key_twice;
	return 0;
}

static int parse(struct jdoc *, const char *, size_t, size_t *);

int
jdoc_parse(struct jdoc *d, const char *text, size_t len)
{
	return parse(d, text, len, NULL);
}

int
jdoc_parse_first(struct jdoc *d, const char *text, size_t len, size_t *end)
{
	return parse(d, text, len, end);
}

/* The value of text; with end, the first value, anything after it. */
static int
parse(struct jdoc *d, const char *text, size_t len, size_t *end)
{
	uint32_t open[JDOC_MAX_DEPTH];
	size_t depth = 0;
	struct parse s = { d, text, text + len };
	struct jdoc_node *c;

	d->text = text;
	d->len = len;
	d->n = 0;
	d->error = NULL;
	if (len > UINT32_MAX)
		return fail(&s, text, "a line over 4 GiB");
	for (;;) {
		skip_space(&s);	/* a value */
		if (s.p == s.end)
			return fail(&s, s.p, "a value expected");
		if (*s.p == '{' || *s.p == '[') {
			int object = *s.p == '{';

			/* as jansson counts: an empty one is a level too */
			if (depth == JDOC_MAX_DEPTH)
				return fail(&s, s.p, "nested deeper than 2048 "
				    "levels");
			c = add(&s, object ? JDOC_OBJECT : JDOC_ARRAY);
			s.p++;
			skip_space(&s);
			if (s.p < s.end && *s.p == (object ? '}' : ']')) {
				s.p++;
				c->len = (uint32_t)(s.p - text - c->start);
				c->after = (uint32_t)d->n;
			} else {
				open[depth++] = (uint32_t)(d->n - 1);
				if (object && !key(&s))
					return 0;
				continue;
			}
		} else if (!scalar(&s))
			return 0;
		for (;;) {	/* after a value */
			int object;

			if (depth == 0 && end != NULL) {
				*end = (size_t)(s.p - text);
				return 1;
			}
			skip_space(&s);
			if (depth == 0)
				return s.p == s.end ? 1 : fail(&s, s.p,
				    "the end of the line expected after the "
				    "value");
			c = &d->node[open[depth - 1]];
			object = c->type == JDOC_OBJECT;
			if (s.p < s.end && *s.p == (object ? '}' : ']')) {
				size_t twice;

				s.p++;
				c->len = (uint32_t)(s.p - text - c->start);
				c->after = (uint32_t)d->n;
				if (object && !d->keys_unchecked &&
				    (twice = repeated_key(d,
				    open[depth - 1])) != JDOC_NONE)
					return fail(&s, text +
					    d->node[twice].start,
					    key_twice);
				depth--;
				continue;
			}
			if (s.p == s.end || *s.p != ',')
				return fail(&s, s.p, object ?
				    "',' or '}' expected" :
				    "',' or ']' expected");
			s.p++;
			if (object && !key(&s))
				return 0;
			break;
		}
	}
}

void
jdoc_free(struct jdoc *d)
{
	free(d->node);
	free(d->slot);
	buf_free(&d->scratch);
	memset(d, 0, sizeof(*d));
}

size_t
jdoc_first(const struct jdoc *d, size_t container)
{
	const struct jdoc_node *c = &d->node[container];

	if ((c->type != JDOC_ARRAY && c->type != JDOC_OBJECT) ||
	    c->after == container + 1)
		return JDOC_NONE;
	return container + 1 + (c->type == JDOC_OBJECT);
}

size_t
jdoc_next(const struct jdoc *d, size_t container, size_t i)
{
	size_t next = d->node[i].after;

	if (next >= d->node[container].after)
		return JDOC_NONE;
	return next + (d->node[container].type == JDOC_OBJECT);
}

size_t
jdoc_size(const struct jdoc *d, size_t container)
{
	size_t i, n = 0;

	for (i = jdoc_first(d, container); i != JDOC_NONE;
	    i = jdoc_next(d, container, i))
		n++;
	return n;
}

size_t
jdoc_get(const struct jdoc *d, size_t i, const char *key, size_t keylen)
{
	size_t v;

	if (d->node[i].type != JDOC_OBJECT)
		return JDOC_NONE;
	for (v = jdoc_first(d, i); v != JDOC_NONE; v = jdoc_next(d, i, v))
		if (jdoc_string_is(d, v - 1, key, keylen))
			return v;
	return JDOC_NONE;
}

size_t
jdoc_at(const struct jdoc *d, size_t i, size_t k)
{
	size_t v;

	if (d->node[i].type != JDOC_ARRAY)
		return JDOC_NONE;
	for (v = jdoc_first(d, i); v != JDOC_NONE && k > 0; k--)
		v = jdoc_next(d, i, v);
	return v;
}

/*
 * The next character of an escaped string's text at *p (valid, as the
 * parser checked), UTF-8 encoded into out; its length.
 */
static size_t
decode(const char **p, char out[4])
{
	static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
	const char *s = *p, *e;
	long u, lo;

	if (*s != '\\') {
		out[0] = *s;
		*p = s + 1;
		return 1;
	}
	*p = s + 2;
	if (s[1] != 'u') {	/* " \ / as they are */
		e = strchr(from, s[1]);
		out[0] = e != NULL ? to[e - from] : s[1];
		return 1;
	}
	u = hex4(s + 2, s + 6);
	*p = s + 6;
	if (u >= 0xD800 && u <= 0xDBFF) {
		lo = hex4(s + 8, s + 12);
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		*p = s + 12;
	}
	return utf8_encode((uint32_t)u, out);
}

const char *
jdoc_string(const struct jdoc *d, size_t i, struct buf *scratch,
    size_t *len)
{
	const struct jdoc_node *nd = &d->node[i];
	const char *p = d->text + nd->start + 1, *end;
	char c[4];

	if (nd->type != JDOC_STRING)
		return NULL;
	end = d->text + nd->start + nd->len - 1;
	if (!nd->escaped) {
		*len = (size_t)(end - p);
		return p;
	}
	buf_reset(scratch);
	while (p < end)
		buf_add(scratch, c, decode(&p, c));
	buf_add(scratch, "", 0);	/* a terminated empty string too */
	*len = scratch->len;
	return scratch->p;
}

int
jdoc_quoted_is(const char *quoted, size_t qlen, const char *s, size_t len)
{
	const char *p = quoted + 1, *end = quoted + qlen - 1;
	char c[4];
	size_t n;

	while (p < end) {
		n = decode(&p, c);
		if (n > len || memcmp(c, s, n) != 0)
			return 0;
		s += n;
		len -= n;
	}
	return len == 0;
}

int
jdoc_string_is(const struct jdoc *d, size_t i, const char *s, size_t len)
{
	const struct jdoc_node *nd = &d->node[i];
	const char *q = d->text + nd->start;

	if (nd->type != JDOC_STRING)
		return 0;
	if (!nd->escaped)
		return nd->len - 2 == len && memcmp(q + 1, s, len) == 0;
	return jdoc_quoted_is(q, nd->len, s, len);
}

int
jdoc_int64(const struct jdoc *d, size_t i, int64_t *v)
{
	const struct jdoc_node *nd = &d->node[i];
	const char *p = d->text + nd->start, *end = p + nd->len;
	int neg = *p == '-';
	int64_t x = 0;

	if (nd->type != JDOC_NUMBER || !nd->integer)
		return 0;
	for (p += neg; p < end; p++)
		if (!num_mul(x, 10, &x) || !num_add(x, neg ? '0' - *p :
		    *p - '0', &x))
			return 0;
	*v = x;
	return 1;
}
