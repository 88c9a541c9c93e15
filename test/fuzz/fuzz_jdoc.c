/*
 * fuzz_jdoc: the kit's own JSON reader (jdoc, and jtree over it) against
 * jansson's parser with the flags the kit once read with, on one line
 * (the input up to its first newline). Properties:
 *  - every line jansson reads, jdoc reads, to the same values: types, key
 *    order, strings byte for byte, integers equal, reals equal as strtod
 *    reads jdoc's text; and jtree's tree equals jansson's (json_equal);
 *    a raw NUL byte, which jansson takes for the end, is refused;
 *  - a line jansson refuses is refused by jdoc too, unless it is valid
 *    JSON that jansson cannot hold: a number out of its range, a key with
 *    \u0000 (then jdoc carries it);
 *  - a tree jtree built, written back unchanged, is the line's value
 *    byte for byte; changed (a member set, removed, added or moved, as
 *    the line's length chooses), it is written as JSON that reads back
 *    as the changed tree;
 *  - jtree refuses what jdoc refuses (it checks an object's keys as it
 *    builds the object, jdoc_parse as it reads it);
 *  - a refusal is at an offset within the line.
 */
#include <errno.h>

#include "fuzz.h"
#include "buf.h"
#include "jdoc.h"
#include "jsonw.h"
#include "jtree.h"

static struct jdoc d;
static struct jtree t, again;
static struct buf scratch;
static struct writer out, a, b;

/* The text of node i, NUL-terminated, for strtoll and strtod. */
static char *
copy_of(size_t i)
{
	size_t len;
	const char *p = jdoc_text(&d, i, &len);
	char *copy = strndup(p, len);

	FUZZ_CHECK(copy != NULL, "out of memory");
	return copy;
}

/* The number's value as strtod reads its text. */
static double
real_of(size_t i)
{
	char *copy = copy_of(i);
	double r = strtod(copy, NULL);

	free(copy);
	return r;
}

/* Whether jansson would refuse number i: out of int64, or a real that
 * strtod takes to infinity. */
static int
too_big_for_jansson(size_t i)
{
	char *copy;

	if (!d.node[i].integer)
		return isinf(real_of(i));
	copy = copy_of(i);
	errno = 0;
	(void)strtoll(copy, NULL, 10);
	free(copy);
	return errno == ERANGE;
}

/* Whether object i has a key holding a NUL. */
static int
key_with_nul(size_t i)
{
	size_t m, len;
	const char *s;

	for (m = jdoc_first(&d, i); m != JDOC_NONE; m = jdoc_next(&d, i, m)) {
		s = jdoc_string(&d, m - 1, &scratch, &len);
		if (memchr(s, '\0', len) != NULL)
			return 1;
	}
	return 0;
}

/* Node i and v, as values of their own (members: walk). */
static void
same(size_t i, const json_t *v)
{
	const char *s;
	size_t len;
	int64_t n;

	switch (jdoc_type(&d, i)) {
	case JDOC_NULL:
		FUZZ_CHECK(json_is_null(v), "null differs");
		break;
	case JDOC_TRUE:
		FUZZ_CHECK(json_is_true(v), "true differs");
		break;
	case JDOC_FALSE:
		FUZZ_CHECK(json_is_false(v), "false differs");
		break;
	case JDOC_STRING:
		s = jdoc_string(&d, i, &scratch, &len);
		FUZZ_CHECK(json_is_string(v) && json_string_length(v) == len &&
		    memcmp(json_string_value(v), s, len) == 0,
		    "a string differs");
		break;
	case JDOC_NUMBER:
		if (json_is_integer(v))
			FUZZ_CHECK(jdoc_int64(&d, i, &n) &&
			    n == json_integer_value(v), "an integer differs");
		else
			FUZZ_CHECK(json_is_real(v) && !d.node[i].integer &&
			    json_real_value(v) == real_of(i),
			    "a real differs");
		break;
	case JDOC_ARRAY:
		FUZZ_CHECK(json_is_array(v) && json_array_size(v) ==
		    jdoc_size(&d, i), "an array differs");
		break;
	case JDOC_OBJECT:
		FUZZ_CHECK(json_is_object(v), "an object differs");
		break;
	}
}

/* Both trees, node by node, containers with their members in order. */
static void
walk(size_t i, const json_t *v)
{
	size_t m, k = 0;
	const char *key;
	json_t *mv;
	void *it;

	same(i, v);
	if (jdoc_type(&d, i) == JDOC_ARRAY) {
		for (m = jdoc_first(&d, i); m != JDOC_NONE;
		    m = jdoc_next(&d, i, m))
			walk(m, json_array_get(v, k++));
	} else if (jdoc_type(&d, i) == JDOC_OBJECT) {
		/* jansson keeps the last of a repeated key, in the place of
		 * the first; compare where the keys are distinct */
		if (json_object_size(v) != jdoc_size(&d, i))
			return;
		it = json_object_iter((json_t *)v);
		for (m = jdoc_first(&d, i); m != JDOC_NONE;
		    m = jdoc_next(&d, i, m)) {
			size_t len;
			const char *s = jdoc_string(&d, m - 1, &scratch, &len);

			key = json_object_iter_key(it);
			mv = json_object_iter_value(it);
			FUZZ_CHECK(json_object_iter_key_len(it) == len &&
			    memcmp(key, s, len) == 0, "key order differs");
			walk(m, mv);
			it = json_object_iter_next((json_t *)v, it);
		}
	}
}

/* The first container of v, depth first, after skipping *k of them. */
static json_t *
container(json_t *v, size_t *k)
{
	json_t *m, *found;
	const char *key;
	size_t i;

	if (!json_is_object(v) && !json_is_array(v))
		return NULL;
	if ((*k)-- == 0)
		return v;
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if ((found = container(m, k)) != NULL)
				return found;
	} else
		json_object_foreach(v, key, m)
			if ((found = container(m, k)) != NULL)
				return found;
	return NULL;
}

/* Changes a container of v as seed chooses: 1 if it could. */
static int
mutate(json_t *v, size_t seed)
{
	size_t k = seed % 7;
	json_t *c = container(v, &k);
	void *it;

	if (c == NULL)
		return 0;
	if (json_is_array(c)) {
		switch (seed / 7 % 4) {
		case 0:
			return json_array_append_new(c, json_integer(1)) == 0;
		case 1:
			return json_array_insert_new(c, 0, json_true()) == 0;
		case 2:
			return json_array_remove(c, 0) == 0;
		default:	/* the first to the end */
			return json_array_size(c) > 1 &&
			    json_array_append(c, json_array_get(c, 0)) == 0 &&
			    json_array_remove(c, 0) == 0;
		}
	}
	it = json_object_iter(c);
	switch (seed / 7 % 4) {
	case 0:
		return json_object_set_new(c, "fuzz added", json_real(0.5)) ==
		    0;
	case 1:
		return it != NULL && json_object_iter_set_new(c, it,
		    json_string("set")) == 0;
	case 2:
		return it != NULL && json_object_deln(c, json_object_iter_key(
		    it), json_object_iter_key_len(it)) == 0;
	default:	/* the first key, last */
		if (it == NULL)
			return 0;
		{
			json_t *m = json_incref(json_object_iter_value(it));
			size_t len = json_object_iter_key_len(it);
			char *key = malloc(len + 1);	/* it may hold NUL */

			FUZZ_CHECK(key != NULL, "out of memory");
			memcpy(key, json_object_iter_key(it), len + 1);
			json_object_deln(c, key, len);
			json_object_setn_new(c, key, len, m);
			free(key);
			return 1;
		}
	}
}

/* Whether two trees are equal, as jsonw writes them: json_equal cannot
 * compare keys with \u0000. */
static int
same_tree(const json_t *x, const json_t *y)
{
	if (a.buf == NULL) {
		writer_open(&a, -1, "memory");
		writer_open(&b, -1, "memory");
	}
	writer_discard(&a);
	writer_discard(&b);
	jsonw_value(&a, x);
	jsonw_value(&b, y);
	return a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0;
}

/* jtree's tree of the line: jansson's, and written back as it came. */
static void
rewritten(const char *text, size_t len, const json_t *theirs)
{
	json_t *ours = jtree_read(&t, text, len);
	const struct jdoc_node *top;

	FUZZ_CHECK(ours != NULL, "jtree refuses what jdoc reads");
	FUZZ_CHECK(theirs == NULL || json_equal(ours, theirs),
	    "jtree's tree is not jansson's");
	if (out.buf == NULL)
		writer_open(&out, -1, "memory");	/* never flushed */
	writer_discard(&out);
	jtree_write(&out, &t, 0, ours);
	top = &t.doc.node[0];
	FUZZ_CHECK(out.len == top->len && memcmp(out.buf, text + top->start,
	    top->len) == 0, "not written back as it came");
	if (mutate(ours, len)) {
		json_t *back;

		writer_discard(&out);
		jtree_write(&out, &t, 0, ours);
		back = jtree_read(&again, out.buf, out.len);
		FUZZ_CHECK(back != NULL, "a changed tree written as bad JSON: "
		    "%s", again.doc.error);
		FUZZ_CHECK(same_tree(back, ours), "a changed tree written "
		    "as another");
		json_decref(back);
	}
	json_decref(ours);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0, i;
	json_error_t err;
	json_t *v;
	int ok, big = 0;

	while (len < size && data[len] != '\n')
		len++;
	v = json_loadb((const char *)data, len, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &err);
	ok = jdoc_parse(&d, (const char *)data, len);
	if (!ok)
		FUZZ_CHECK(d.error != NULL && d.error_at <= len,
		    "a refusal without its place");
	if (v != NULL && memchr(data, '\0', len) != NULL) {
		FUZZ_CHECK(!ok, "a raw NUL byte read");
		json_decref(v);
		return 0;
	}
	if (ok)
		rewritten((const char *)data, len, v);
	else	/* jtree checks keys as it builds: it must refuse as well */
		FUZZ_CHECK(jtree_read(&t, (const char *)data, len) == NULL,
		    "jtree reads what jdoc refuses (%s)", d.error);
	if (v != NULL) {
		FUZZ_CHECK(ok, "jansson reads what jdoc refuses (at %zu: %s)",
		    d.error_at, d.error);
		walk(0, v);
		json_decref(v);
		return 0;
	}
	if (!ok)
		return 0;
	for (i = 0; i < d.n && !big; i++)
		big = jdoc_type(&d, i) == JDOC_NUMBER ? too_big_for_jansson(i) :
		    jdoc_type(&d, i) == JDOC_OBJECT && key_with_nul(i);
	FUZZ_CHECK(big, "jdoc reads what jansson refuses: %s", err.text);
	return 0;
}
