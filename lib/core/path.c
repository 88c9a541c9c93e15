#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "num.h"
#include "path.h"
#include "utf8.h"
#include "xalloc.h"

enum seg_kind { SEG_KEY, SEG_INDEX, SEG_EACH };

struct segment {
	enum seg_kind kind;
	char *key;
	size_t index;
};

struct path {
	char *text;
	struct segment *seg;
	size_t nseg;
};

static struct path *
fail(struct path *p, char **err, const char *text, const char *why)
{
	*err = xasprintf("bad path \"%s\": %s", text, why);
	path_free(p);
	return NULL;
}

struct path *
path_parse(const char *text, char **err)
{
	struct path *p = xcalloc(1, sizeof(*p));
	const char *s = text;
	size_t neach = 0;

	p->text = xstrdup(text);
	p->seg = xcalloc(strlen(text) + 1, sizeof(*p->seg));
	if (*s == '.')
		s++;
	if (*s == '\0')
		return fail(p, err, text, "empty");
	while (*s != '\0') {
		struct segment *g = &p->seg[p->nseg];
		size_t n = strcspn(s, ".[]");

		if (n > 0) {
			if (!utf8_valid(s, n))
				return fail(p, err, text, "a key that is not "
				    "valid UTF-8");
			g->kind = SEG_KEY;
			g->key = xmemdup(s, n);
			s += n;
		} else if (s[0] == '[' && s[1] == ']') {
			if (++neach > PATH_MAX_EACH)
				return fail(p, err, text, "too many []");
			g->kind = SEG_EACH;
			s += 2;
		} else if (s[0] == '[' && s[1] >= '0' && s[1] <= '9') {
			const char *end;
			uint64_t i;
			enum num_status st;

			g->kind = SEG_INDEX;
			st = num_uint64(s + 1, SIZE_MAX, &i, &end);
			if (*end != ']')
				return fail(p, err, text, "an index is digits "
				    "in []");
			if (st != NUM_OK)
				return fail(p, err, text, "an index too large");
			g->index = (size_t)i;
			s = end + 1;
		} else
			return fail(p, err, text, "expected a key, [] or [N]");
		p->nseg++;
		if (*s == '.' && (s[1] == '\0' || s[1] == '.' || s[1] == '['))
			return fail(p, err, text, "a key is missing after '.'");
		else if (*s == '.')
			s++;
		else if (*s != '\0' && *s != '[')
			return fail(p, err, text, "expected '.' or '[' "
			    "between parts");
	}
	return p;
}

struct path *
path_literal(const char *text)
{
	char *err;
	struct path *p = path_parse(text, &err);

	if (p == NULL)
		die("internal error: %s", err);
	return p;
}

void
path_free(struct path *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nseg; i++)
		free(p->seg[i].key);
	free(p->seg);
	free(p->text);
	free(p);
}

void
path_list_add(struct path ***list, size_t *n, const char *text)
{
	size_t i;

	if (text == NULL)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i]->text, text) == 0)
			return;
	/* the lists keep no capacity: each is a handful, grown by one */
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = path_literal(text);
}

void
path_list_free(struct path **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		path_free(list[i]);
	free(list);
}

const char *
path_text(const struct path *p)
{
	return p->text;
}

struct walk {
	const struct path *p;
	struct path_slot **slots;
	size_t *cap, n;
	size_t each[PATH_MAX_EACH];
};

static void
add_slot(struct walk *w, json_t *parent, const char *key, size_t index,
    json_t *value)
{
	struct path_slot *s;

	XGROW(*w->slots, *w->cap, w->n + 1);
	s = &(*w->slots)[w->n++];
	s->parent = parent;
	s->key = key;
	s->index = index;
	s->value = value;
	memcpy(s->each, w->each, sizeof(s->each));
}

static void
walk(struct walk *w, json_t *v, size_t i, size_t depth)
{
	const struct segment *g = &w->p->seg[i];
	int last = i + 1 == w->p->nseg;
	json_t *child;
	size_t k;

	switch (g->kind) {
	case SEG_KEY:
		if (!json_is_object(v))
			return;
		child = json_object_get(v, g->key);
		if (last)
			add_slot(w, v, g->key, 0, child);
		else if (child != NULL)
			walk(w, child, i + 1, depth);
		break;
	case SEG_INDEX:
		if (!json_is_array(v) || g->index >= json_array_size(v))
			return;
		child = json_array_get(v, g->index);
		if (last)
			add_slot(w, v, NULL, g->index, child);
		else
			walk(w, child, i + 1, depth);
		break;
	case SEG_EACH:
		if (!json_is_array(v))
			return;
		json_array_foreach(v, k, child) {
			w->each[depth] = k;
			if (last)
				add_slot(w, v, NULL, k, child);
			else
				walk(w, child, i + 1, depth + 1);
		}
		break;
	}
}

size_t
path_find(const struct path *p, json_t *root, struct path_slot **slots,
    size_t *cap)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.slots = slots;
	w.cap = cap;
	walk(&w, root, 0, 0);
	return w.n;
}

json_t *
path_first(const struct path *p, json_t *root, struct path_slot **slots,
    size_t *cap)
{
	size_t i, n;

	if (p == NULL)
		return NULL;
	n = path_find(p, root, slots, cap);
	for (i = 0; i < n; i++)
		if ((*slots)[i].value != NULL)
			return (*slots)[i].value;
	return NULL;
}

void
path_where(const struct path *p, const struct path_slot *s, struct buf *out)
{
	size_t i, depth = 0;
	char num[32];

	buf_reset(out);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *g = &p->seg[i];

		switch (g->kind) {
		case SEG_KEY:
			if (i > 0)
				buf_addc(out, '.');
			buf_adds(out, g->key);
			break;
		case SEG_INDEX:
			snprintf(num, sizeof(num), "[%zu]", g->index);
			buf_adds(out, num);
			break;
		case SEG_EACH:
			snprintf(num, sizeof(num), "[%zu]", s->each[depth++]);
			buf_adds(out, num);
			break;
		}
	}
}

void
path_set(const struct path_slot *s, json_t *value)
{
	if (s->key != NULL)
		json_object_set_new(s->parent, s->key, value);
	else
		json_array_set_new(s->parent, s->index, value);
}
