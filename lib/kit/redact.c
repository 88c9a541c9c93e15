#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "order.h"
#include "path.h"
#include "redact.h"
#include "xalloc.h"

struct redact {
	struct path **paths;
	size_t n, cap;
	struct path_slot *slots;	/* scratch for path_find */
	size_t slotcap;
	struct hash *found;	/* the values to mark, by their address */
};

struct redact *
redact_new(void)
{
	struct redact *r = xcalloc(1, sizeof(*r));

	r->found = hash_new();
	return r;
}

void
redact_free(struct redact *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		path_free(r->paths[i]);
	free(r->paths);
	free(r->slots);
	hash_free(r->found);
	free(r);
}

static void
add_path(struct redact *r, struct path *p)
{
	XGROW(r->paths, r->cap, r->n + 1);
	r->paths[r->n++] = p;
}

int
redact_add(struct redact *r, const char *text, char **err)
{
	struct path *p = path_parse(text, err);

	if (p == NULL)
		return 0;
	add_path(r, p);
	return 1;
}

static void
add_shape(struct redact *r, const struct order_shape *s)
{
	size_t i, j;
	char *text;

	for (i = 0; s->personal[i] != NULL; i++)
		add_path(r, path_literal(s->personal[i]));
	for (i = 0; s->addresses[i] != NULL; i++)
		for (j = 0; s->address_personal[j] != NULL; j++) {
			text = xasprintf("%s.%s", s->addresses[i],
			    s->address_personal[j]);
			add_path(r, path_literal(text));
			free(text);
		}
}

void
redact_add_personal(struct redact *r, const struct order_shape *shape)
{
	size_t i;

	if (shape != NULL)
		add_shape(r, shape);
	else	/* a path that misses costs nothing: every shape's */
		for (i = 0; order_shapes[i] != NULL; i++)
			add_shape(r, order_shapes[i]);
}

int
redact_any(const struct redact *r)
{
	return r != NULL && r->n > 0;
}

static void
mark(struct redact *r, const json_t *v)
{
	int fresh;

	hash_put(r->found, (const char *)&v, sizeof(v), &fresh);
}

void
redact_find(struct redact *r, const json_t *record)
{
	size_t i, k, n;
	json_t *v;

	hash_clear(r->found);
	/* a path names members: it cannot say what in an array is whose */
	if (!json_is_object(record)) {
		mark(r, record);
		return;
	}
	for (i = 0; i < r->n; i++) {
		/* path_find changes nothing; it takes the root to give
		 * slots that path_set can change */
		n = path_find(r->paths[i], (json_t *)record, &r->slots,
		    &r->slotcap);
		for (k = 0; k < n; k++) {
			v = r->slots[k].value;
			/* null, true and false say nothing of a person,
			 * and jansson shares one of each across records */
			if (v != NULL && !json_is_null(v) &&
			    !json_is_boolean(v))
				mark(r, v);
		}
	}
}

static json_t *
copy(const struct redact *r, const json_t *v)
{
	const char *key;
	json_t *out, *item;
	size_t i;

	if (hash_has(r->found, (const char *)&v, sizeof(v)))
		return json_string(REDACT_MARK);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach((json_t *)v, key, item)
			json_object_set_new(out, key, copy(r, item));
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, item)
			json_array_append_new(out, copy(r, item));
		return out;
	default:	/* a scalar is shared, never changed */
		return json_incref((json_t *)v);
	}
}

json_t *
redact_copy(const struct redact *r, const json_t *v)
{
	if (hash_count(r->found) == 0)
		return json_incref((json_t *)v);
	return copy(r, v);
}

size_t
redact_text_mark(char *buf, unsigned long long len)
{
	return (size_t)snprintf(buf, REDACT_TEXT_MAX, "[redacted: %llu bytes]",
	    len);
}
