#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jsonw.h"
#include "jtree.h"
#include "xalloc.h"

/* jansson says NULL or -1 only when out of memory. */
static json_t *
made(json_t *v)
{
	if (v == NULL)
		die("out of memory");
	return v;
}

static void
added(int rc)
{
	if (rc != 0)
		die("out of memory");
}

double
jtree_real(const char *text, size_t len)
{
	char small[64], *copy = len < sizeof(small) ? small : xmalloc(len + 1);
	double d;

	memcpy(copy, text, len);
	copy[len] = '\0';
	d = strtod(copy, NULL);
	if (copy != small)
		free(copy);
	/* jansson holds no infinity: the nearest value it can */
	return isinf(d) ? copysign(DBL_MAX, d) : d;
}

static json_t *
refused(json_t *partial)
{
	json_decref(partial);
	return NULL;
}

/*
 * Node i's value, or NULL for an object with a key twice (t->doc's error
 * set): jdoc leaves that check to the build, where jansson's table of the
 * object's keys finds it for nothing (the object has fewer members than
 * its node), in the order jdoc would, an object when it closes.
 */
static json_t *
build(struct jtree *t, size_t i)
{
	struct jdoc *d = &t->doc;
	const char *s;
	json_t *v, *member;
	int64_t n;
	size_t k, len, members = 0;

	switch (jdoc_type(d, i)) {
	case JDOC_NULL:
		v = json_null();
		break;
	case JDOC_FALSE:
		v = json_false();
		break;
	case JDOC_TRUE:
		v = json_true();
		break;
	case JDOC_NUMBER:
		s = jdoc_text(d, i, &len);
		v = made(jdoc_int64(d, i, &n) ? json_integer(n) :
		    json_real(jtree_real(s, len)));
		break;
	case JDOC_STRING:
		s = jdoc_string(d, i, &t->scratch, &len);
		v = made(json_stringn_nocheck(s, len));
		break;
	case JDOC_ARRAY:
		v = made(json_array());
		for (k = jdoc_first(d, i); k != JDOC_NONE;
		    k = jdoc_next(d, i, k)) {
			if ((member = build(t, k)) == NULL)
				return refused(v);
			added(json_array_append_new(v, member));
		}
		break;
	default:
		v = made(json_object());
		for (k = jdoc_first(d, i); k != JDOC_NONE;
		    k = jdoc_next(d, i, k), members++) {
			/* the member before its key: both use scratch */
			if ((member = build(t, k)) == NULL)
				return refused(v);
			s = jdoc_string(d, k - 1, &t->scratch, &len);
			added(json_object_setn_new_nocheck(v, s, len, member));
		}
		if (json_object_size(v) != members && !jdoc_check_keys(d, i))
			return refused(v);
		break;
	}
	t->built[i] = v;
	return v;
}

/* The tree of node i of t->doc, read 1 or refused 0. */
static json_t *
tree(struct jtree *t, int read, size_t i)
{
	if (!read)
		return NULL;
	if (t->cap < t->doc.n)
		XGROW(t->built, t->cap, t->doc.n);
	return build(t, i);
}

json_t *
jtree_read(struct jtree *t, const char *text, size_t len)
{
	t->doc.keys_unchecked = 1;
	return tree(t, jdoc_parse(&t->doc, text, len), 0);
}

int
jtree_index(struct jtree *t, const char *text, size_t len)
{
	t->doc.keys_unchecked = 0;
	return jdoc_parse(&t->doc, text, len);
}

json_t *
jtree_build(struct jtree *t, size_t i)
{
	return tree(t, 1, i);
}

json_t *
jtree_read_first(struct jtree *t, const char *text, size_t len,
    size_t *end)
{
	t->doc.keys_unchecked = 1;
	return tree(t, jdoc_parse_first(&t->doc, text, len, end), 0);
}

void
jtree_free(struct jtree *t)
{
	jdoc_free(&t->doc);
	free(t->built);
	buf_free(&t->scratch);
	memset(t, 0, sizeof(*t));
}

/*
 * The writing. from is the first byte of the line not yet written: the
 * line's text is copied lazily, so that a record as it came is one copy.
 * put(c, v, i) is called with the text up to node i's start due (from at
 * or before it) and returns with the text up to its end due.
 */
struct put {
	struct writer *w;
	const struct jtree *t;
	size_t from;
};

static size_t
start_of(const struct put *c, size_t i)
{
	return c->t->doc.node[i].start;
}

static size_t
end_of(const struct put *c, size_t i)
{
	return (size_t)c->t->doc.node[i].start + c->t->doc.node[i].len;
}

static void
flush(struct put *c, size_t upto)
{
	writer_add(c->w, c->t->doc.text + c->from, upto - c->from);
	c->from = upto;
}

/* Writes v in place of node i's text. */
static void
replace(struct put *c, size_t i, const json_t *v)
{
	flush(c, start_of(c, i));
	jsonw_value(c->w, v);
	c->from = end_of(c, i);
}

static int
same_scalar(const struct jdoc *d, size_t i, const json_t *v)
{
	const char *s;
	int64_t n;
	size_t len;
	double r;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return jdoc_type(d, i) == JDOC_STRING && jdoc_string_is(d, i,
		    json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return jdoc_type(d, i) == JDOC_NUMBER && jdoc_int64(d, i, &n) &&
		    n == json_integer_value(v);
	case JSON_REAL:
		if (jdoc_type(d, i) != JDOC_NUMBER || jdoc_int64(d, i, &n))
			return 0;
		s = jdoc_text(d, i, &len);
		r = jtree_real(s, len);
		/* -0.0 == 0.0, but a zero's sign is the value's */
		return r == json_real_value(v) &&
		    signbit(r) == signbit(json_real_value(v));
	case JSON_TRUE:
		return jdoc_type(d, i) == JDOC_TRUE;
	case JSON_FALSE:
		return jdoc_type(d, i) == JDOC_FALSE;
	case JSON_NULL:
		return jdoc_type(d, i) == JDOC_NULL;
	default:
		return 0;	/* a container for a scalar */
	}
}

static void put(struct put *c, const json_t *v, size_t i);

/* A member with no node of its own: written whole. */
static void
put_new(struct put *c, const char *key, size_t keylen, const json_t *v)
{
	jsonw_string(c->w, key, keylen);
	writer_addc(c->w, ':');
	jsonw_value(c->w, v);
}

/* A member of a container being rebuilt, against node i (or none). */
static void
put_member(struct put *c, const json_t *v, size_t i)
{
	if (i == JDOC_NONE) {
		jsonw_value(c->w, v);
		return;
	}
	c->from = start_of(c, i);
	put(c, v, i);
	flush(c, end_of(c, i));
}

/*
 * Whether object v has node i's keys in their order, then perhaps more:
 * 1, and *added its first key past them (NULL: none); 0 otherwise.
 */
static int
keeps_keys(const struct jdoc *d, size_t i, const json_t *v, void **added)
{
	void *it = json_object_iter((json_t *)v);
	size_t k = jdoc_first(d, i);

	/* a member added to {} has no member to follow: rebuilt */
	if (k == JDOC_NONE && it != NULL)
		return 0;
	for (; k != JDOC_NONE; k = jdoc_next(d, i, k)) {
		if (it == NULL || !jdoc_string_is(d, k - 1,
		    json_object_iter_key(it), json_object_iter_key_len(it)))
			return 0;
		it = json_object_iter_next((json_t *)v, it);
	}
	*added = it;
	return 1;
}

static void
put_object(struct put *c, const json_t *v, size_t i)
{
	const struct jdoc *d = &c->t->doc;
	void *it, *added;
	const char *key;
	size_t k, last = JDOC_NONE, keylen;
	int first = 1;

	if (keeps_keys(d, i, v, &added)) {
		it = json_object_iter((json_t *)v);
		for (k = jdoc_first(d, i); k != JDOC_NONE;
		    k = jdoc_next(d, i, k)) {
			put(c, json_object_iter_value(it), k);
			it = json_object_iter_next((json_t *)v, it);
			last = k;
		}
		if (added == NULL)
			return;
		flush(c, end_of(c, last));
		for (it = added; it != NULL;
		    it = json_object_iter_next((json_t *)v, it)) {
			writer_addc(c->w, ',');
			put_new(c, json_object_iter_key(it),
			    json_object_iter_key_len(it),
			    json_object_iter_value(it));
		}
		return;
	}
	/* members gone or moved: compact, each member against its node */
	flush(c, start_of(c, i));
	writer_addc(c->w, '{');
	for (it = json_object_iter((json_t *)v); it != NULL;
	    it = json_object_iter_next((json_t *)v, it)) {
		key = json_object_iter_key(it);
		keylen = json_object_iter_key_len(it);
		if (!first)
			writer_addc(c->w, ',');
		first = 0;
		if ((k = jdoc_get(d, i, key, keylen)) == JDOC_NONE) {
			put_new(c, key, keylen, json_object_iter_value(it));
			continue;
		}
		c->from = start_of(c, k - 1);
		flush(c, end_of(c, k - 1));
		writer_addc(c->w, ':');
		put_member(c, json_object_iter_value(it), k);
	}
	writer_addc(c->w, '}');
	c->from = end_of(c, i);
}

/* Whether array v has node i's members where they were, then perhaps
 * more: a container must be the very one built from its node. */
static int
keeps_places(const struct put *c, size_t i, const json_t *v)
{
	const struct jdoc *d = &c->t->doc;
	size_t k, j = 0;

	if (json_array_size(v) < jdoc_size(d, i) || jdoc_size(d, i) == 0)
		return json_array_size(v) == 0 && jdoc_size(d, i) == 0;
	for (k = jdoc_first(d, i); k != JDOC_NONE; k = jdoc_next(d, i, k)) {
		const json_t *m = json_array_get(v, j++);

		if ((json_is_object(m) || json_is_array(m)) &&
		    c->t->built[k] != m)
			return 0;
	}
	return 1;
}

/* The node of array i that v was built from, searched from *near on. */
static size_t
origin(const struct put *c, size_t i, const json_t *v, size_t *near)
{
	const struct jdoc *d = &c->t->doc;
	size_t k;

	for (k = *near; k != JDOC_NONE; k = jdoc_next(d, i, k))
		if (c->t->built[k] == v)
			return *near = jdoc_next(d, i, k), k;
	for (k = jdoc_first(d, i); k != *near; k = jdoc_next(d, i, k))
		if (c->t->built[k] == v)
			return *near = jdoc_next(d, i, k), k;
	return JDOC_NONE;
}

static void
put_array(struct put *c, const json_t *v, size_t i)
{
	const struct jdoc *d = &c->t->doc;
	size_t k, j = 0, last = JDOC_NONE, near, n = json_array_size(v);

	if (keeps_places(c, i, v)) {
		for (k = jdoc_first(d, i); k != JDOC_NONE;
		    k = jdoc_next(d, i, k)) {
			put(c, json_array_get(v, j++), k);
			last = k;
		}
		if (j == n)
			return;
		flush(c, end_of(c, last));
		for (; j < n; j++) {
			writer_addc(c->w, ',');
			jsonw_value(c->w, json_array_get(v, j));
		}
		return;
	}
	/* members gone, added between or moved: found by identity */
	flush(c, start_of(c, i));
	writer_addc(c->w, '[');
	near = jdoc_first(d, i);
	for (j = 0; j < n; j++) {
		const json_t *m = json_array_get(v, j);

		if (j > 0)
			writer_addc(c->w, ',');
		put_member(c, m, origin(c, i, m, &near));
	}
	writer_addc(c->w, ']');
	c->from = end_of(c, i);
}

static void
put(struct put *c, const json_t *v, size_t i)
{
	const struct jdoc *d = &c->t->doc;

	if (json_is_object(v) && jdoc_type(d, i) == JDOC_OBJECT)
		put_object(c, v, i);
	else if (json_is_array(v) && jdoc_type(d, i) == JDOC_ARRAY)
		put_array(c, v, i);
	else if (!same_scalar(d, i, v))
		replace(c, i, v);
}

void
jtree_write(struct writer *w, const struct jtree *t, size_t node,
    const json_t *v)
{
	struct put c = { w, t, t->doc.node[node].start };

	put(&c, v, node);
	flush(&c, end_of(&c, node));
}
