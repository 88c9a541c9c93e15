#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hash.h"
#include "jsonspan.h"
#include "nest.h"
#include "xalloc.h"

/* An array a child goes into: its name, and its opening as JSON text. */
struct member {
	char *name;
	size_t len;
	char *opening;		/* "lineItems":[ */
	size_t olen;
};

/* The children of one node that go into one member, in input order. */
struct group {
	const struct member *m;
	struct node *first, *last;
	struct group *next;
};

struct node {
	const char *text;	/* the line as it came */
	size_t len;
	size_t cut, cut_end;	/* its "__parentId" member, left out */
	size_t close;		/* its closing brace */
	int empty;		/* no member but the one cut */
	uint32_t *keys;		/* its keys' texts, as offset and length */
	size_t nkeys;
	const char *source;
	unsigned long lineno;
	struct group *groups, *last_group;
	struct node *next;	/* the next child in its group */
	struct node *after;	/* the next line of its root, in input order */
	struct root *root;
	unsigned level;		/* 0 for a root, 1 for its children... */
};

struct root {
	struct node node;
	struct arena own;	/* with grouped, its lines and groups */
	struct arena *arena;	/* own, or the nest's shared one */
	struct node *last;	/* its last line */
	unsigned long lines;
	char *held;		/* why it is held whole, or NULL */
	struct root *next;	/* in the open or done list */
};

/* A child held at the end, once it is known whether its parent came. */
struct kept {
	char *text;
	size_t len;
	const char *source;
	unsigned long lineno;
	char *parent;
	size_t parent_len;
	int parent_before;	/* its parent's id was read before it */
};

struct frame {
	struct node *node;
	struct group *g;
	struct node *c;		/* the child of g being written */
};

struct nest {
	int grouped, ended;
	struct hash *types;	/* type -> struct member * */
	struct hash *members;	/* member name -> struct member *, owned */
	struct hash *ids;	/* id -> struct node *, of the open roots */
	struct hash *groups;	/* (node, member) -> struct group *, ditto */
	struct hash *wanted;	/* parents of kept lines: non-NULL once read */
	struct hash *kept_ids;	/* ids of kept lines and of lines held */
	/* Without grouped, every root lives to the end: one arena for all
	 * of them costs less than a block each */
	struct arena shared;
	struct root *open, *open_last, *done, *done_last;
	unsigned long nopen;
	struct kept *kept;
	size_t nkept, kept_cap, next_kept;
	struct root *writing;	/* given by nest_next, for nest_write */
	struct root *holding;	/* held whole, line by line */
	struct node *next_held;
	json_t *record, *value;	/* of the last NEST_HELD */
	json_t *fields;		/* the members nest_add reads of a line */
	struct frame *stack;
	size_t stack_cap;
	struct nest_counts counts;
};

/* The slot of key in h, made if new. */
static void **
slot_of(struct hash *h, const char *key, size_t len)
{
	int fresh;

	return hash_put(h, key, len, &fresh);
}

/* A bulk query nests two levels; a file with children far deeper is not
 * an export, and its objects would be too deep for the kit to read back. */
enum { MAX_LEVEL = 16 };

/* Connections whose name is not the plural of their type's. */
static const struct {
	const char *type, *member;
} connections[] = {
	{ "ExternalVideo", "media" },
	{ "FulfillmentOrderLineItem", "lineItems" },
	{ "MediaImage", "media" },
	{ "Model3d", "media" },
	{ "ProductVariant", "variants" },
	{ "Video", "media" },
};

struct nest *
nest_new(void)
{
	struct nest *n = xcalloc(1, sizeof(*n));

	n->types = hash_new();
	n->members = hash_new();
	n->ids = hash_new();
	n->groups = hash_new();
	n->wanted = hash_new();
	n->kept_ids = hash_new();
	return n;
}

void
nest_grouped(struct nest *n)
{
	n->grouped = 1;
}

static void
free_root(struct root *r)
{
	arena_free(&r->own);
	free(r->held);
	free(r);
}

static void
free_roots(struct root *r)
{
	struct root *next;

	for (; r != NULL; r = next) {
		next = r->next;
		free_root(r);
	}
}

void
nest_free(struct nest *n)
{
	struct member *m;
	const char *key;
	size_t pos = 0, len, i;
	void *v;

	if (n == NULL)
		return;
	while (hash_next(n->members, &pos, &key, &len, &v)) {
		m = v;
		free(m->name);
		free(m->opening);
		free(m);
	}
	free_roots(n->open);
	free_roots(n->done);
	if (n->writing != NULL)
		free_root(n->writing);
	if (n->holding != NULL)
		free_root(n->holding);
	for (i = 0; i < n->nkept; i++) {
		free(n->kept[i].text);
		free(n->kept[i].parent);
	}
	free(n->kept);
	arena_free(&n->shared);
	json_decref(n->record);
	json_decref(n->value);
	json_decref(n->fields);
	free(n->stack);
	hash_free(n->types);
	hash_free(n->members);
	hash_free(n->ids);
	hash_free(n->groups);
	hash_free(n->wanted);
	hash_free(n->kept_ids);
	free(n);
}

static struct member *
member_named(struct nest *n, const char *name, size_t len)
{
	struct member *m;
	json_t *s;
	char *q;
	void **slot;
	int fresh;

	slot = hash_put(n->members, name, len, &fresh);
	if (!fresh)
		return *slot;
	m = xcalloc(1, sizeof(*m));
	m->name = xmemdup(name, len);
	m->len = len;
	if ((s = json_stringn(name, len)) == NULL ||
	    (q = json_dumps(s, JSON_ENCODE_ANY)) == NULL)
		die("out of memory");
	json_decref(s);
	m->opening = xasprintf("%s:[", q);
	m->olen = strlen(m->opening);
	free(q);
	return *slot = m;
}

int
nest_name(struct nest *n, const char *spec, char **err)
{
	const char *eq = strchr(spec, '=');

	if (eq == NULL || eq == spec || eq[1] == '\0') {
		*err = xasprintf("--name: '%s' is not TYPE=MEMBER, such as "
		    "FulfillmentOrderLineItem=lineItems", spec);
		return 0;
	}
	*slot_of(n->types, spec, (size_t)(eq - spec)) =
	    member_named(n, eq + 1, strlen(eq + 1));
	return 1;
}

/* LineItem: lineItems; Address: addresses; Delivery: deliveries. */
static const struct member *
member_of(struct nest *n, const char *type, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	const struct member *m;
	size_t i;
	char last, before;

	if ((m = hash_get(n->types, type, len)) != NULL)
		return m;
	for (i = 0; i < sizeof(connections) / sizeof(connections[0]); i++)
		if (strlen(connections[i].type) == len &&
		    memcmp(connections[i].type, type, len) == 0)
			break;
	if (i < sizeof(connections) / sizeof(connections[0])) {
		buf_adds(&b, connections[i].member);
	} else {
		buf_add(&b, type, len);
		if (b.p[0] >= 'A' && b.p[0] <= 'Z')
			b.p[0] = (char)(b.p[0] - 'A' + 'a');
		last = b.p[len - 1];
		before = len > 1 ? b.p[len - 2] : '\0';
		if (last == 'y' && before != '\0' && !strchr("aeiou", before)) {
			b.len--;
			buf_adds(&b, "ies");
		} else if (strchr("sxz", last) != NULL || (last == 'h' &&
		    (before == 'c' || before == 's'))) {
			buf_adds(&b, "es");
		} else {
			buf_addc(&b, 's');
		}
	}
	m = member_named(n, b.p, b.len);
	buf_free(&b);
	*slot_of(n->types, type, len) = (void *)m;
	return m;
}

/* The type in a gid: gid://shopify/LineItem/1 is a LineItem. */
static int
gid_type(const char *id, size_t len, const char **type, size_t *tlen)
{
	const char *p, *end = id + len, *slash;

	if (len < 6 || memcmp(id, "gid://", 6) != 0)
		return 0;
	if ((p = memchr(id + 6, '/', len - 6)) == NULL)
		return 0;
	p++;
	if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL ||
	    slash == p)
		return 0;
	*type = p;
	*tlen = (size_t)(slash - p);
	return 1;
}

/*
 * Where a line's keys are, for group_for to ask whether it has a member
 * of a name without reading its text again: a child may make it a parent.
 */
static void
note_keys(struct node *d, struct arena *a, const struct jdoc *doc)
{
	size_t k, i = 0;

	d->nkeys = jdoc_size(doc, 0);
	d->keys = arena_alloc(a, 2 * d->nkeys * sizeof(*d->keys));
	for (k = jdoc_first(doc, 0); k != JDOC_NONE; k = jdoc_next(doc, 0, k)) {
		d->keys[i++] = doc->node[k - 1].start;
		d->keys[i++] = doc->node[k - 1].len;
	}
}

static int
has_key(const struct node *d, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < 2 * d->nkeys; i += 2)
		if (jdoc_quoted_is(d->text + d->keys[i], d->keys[i + 1], key,
		    len))
			return 1;
	return 0;
}

static void
fill_node(struct node *d, struct root *r, const struct ndjson_line *line,
    int child)
{
	const struct jdoc *doc = &line->tree->doc;

	d->text = arena_copy(r->arena, line->text, line->len);
	d->len = line->len;
	d->cut = d->cut_end = 0;
	if (child && !jsonspan_member(doc, 0, "__parentId", 10, &d->cut,
	    &d->cut_end))
		die("internal error: no __parentId in its text");
	d->close = doc->node[0].start + doc->node[0].len - 1;
	d->empty = jdoc_size(doc, 0) == (child ? 1U : 0U);
	note_keys(d, r->arena, doc);
	d->source = line->source;
	d->lineno = line->lineno;
	d->root = r;
	r->lines++;
	if (r->last != NULL)
		r->last->after = d;
	r->last = d;
}

/* Every open root is done: with grouped, when the next root starts. */
static void
close_open(struct nest *n)
{
	if (n->open == NULL)
		return;
	if (n->done_last != NULL)
		n->done_last->next = n->open;
	else
		n->done = n->open;
	n->done_last = n->open_last;
	n->open = n->open_last = NULL;
	n->nopen = 0;
	hash_clear(n->ids);
	hash_clear(n->groups);
}

static void
add_root(struct nest *n, const struct ndjson_line *line)
{
	struct root *r;

	if (n->grouped)
		close_open(n);
	r = xcalloc(1, sizeof(*r));
	r->arena = n->grouped ? &r->own : &n->shared;
	fill_node(&r->node, r, line, 0);
	if (n->open_last != NULL)
		n->open_last->next = r;
	else
		n->open = r;
	n->open_last = r;
	if (++n->nopen > n->counts.most_open)
		n->counts.most_open = n->nopen;
}

static void
keep(struct nest *n, const struct ndjson_line *line, const json_t *parent,
    const json_t *id)
{
	struct kept *k;

	XGROW(n->kept, n->kept_cap, n->nkept + 1);
	k = &n->kept[n->nkept++];
	k->text = xmemdup(line->text, line->len);
	k->len = line->len;
	k->source = line->source;
	k->lineno = line->lineno;
	k->parent_len = json_string_length(parent);
	k->parent = xmemdup(json_string_value(parent), k->parent_len);
	k->parent_before = hash_get(n->wanted, k->parent, k->parent_len) !=
	    NULL;
	(void)slot_of(n->wanted, k->parent, k->parent_len);
	if (json_is_string(id))
		(void)slot_of(n->kept_ids, json_string_value(id),
		    json_string_length(id));
}

/* An id read before: the roots of both lines are held whole. */
static int
duplicate(const struct ndjson_line *line, const json_t *id,
    struct node *first, struct node *parent, struct exception *e)
{
	char *why = xasprintf("the id %s is on two lines, %s:%lu and %s:%lu",
	    json_string_value(id), first->source, first->lineno, line->source,
	    line->lineno);

	if (first->root->held == NULL)
		first->root->held = xstrdup(why);
	if (parent != NULL && parent->root->held == NULL)
		parent->root->held = xstrdup(why);
	exc_hold(e, EXC_DUPLICATE_ID, "id", id, "%s; the objects "
	    "with it are held whole", why);
	free(why);
	return 0;
}

/* By a hash, not the parent's list: a parent may have 200,000 types. */
static struct group *
group_for(struct nest *n, struct node *parent, const struct member *m)
{
	const void *key[2] = { parent, m };
	struct group *g;
	void **slot;
	int fresh;

	if ((g = hash_get(n->groups, (const char *)key, sizeof(key))) != NULL)
		return g;
	if (has_key(parent, m->name, m->len))
		return NULL;	/* the parent has a member of that name */
	g = arena_alloc(parent->root->arena, sizeof(*g));
	g->m = m;
	g->first = g->last = NULL;
	g->next = NULL;
	if (parent->last_group != NULL)
		parent->last_group->next = g;
	else
		parent->groups = g;
	parent->last_group = g;
	slot = hash_put(n->groups, (const char *)key, sizeof(key), &fresh);
	*slot = g;
	return g;
}

static int
add(struct nest *n, const struct ndjson_line *line, struct exception *e)
{
	const json_t *v = n->fields, *pid, *id, *tn;
	struct node *parent = NULL, *first = NULL, *d;
	const struct member *m;
	struct group *g;
	const char *type;
	size_t tlen;

	pid = json_object_get(v, "__parentId");
	id = json_object_get(v, "id");
	if (pid != NULL && !json_is_string(pid))
		return exc_hold(e, EXC_BAD_FIELD, "__parentId", pid,
		    "__parentId is not a string");
	if (pid != NULL)
		parent = hash_get(n->ids, json_string_value(pid),
		    json_string_length(pid));
	if (json_is_string(id)) {
		if (hash_has(n->wanted, json_string_value(id),
		    json_string_length(id))) {	/* a kept line's parent */
			*slot_of(n->wanted, json_string_value(id),
			    json_string_length(id)) = n;
		}
		first = hash_get(n->ids, json_string_value(id),
		    json_string_length(id));
		if (first != NULL)
			return duplicate(line, id, first, parent, e);
	}
	if (pid == NULL) {
		add_root(n, line);
		d = &n->open_last->node;
	} else {
		if ((tn = json_object_get(v, "__typename")) != NULL) {
			if (!json_is_string(tn))
				return exc_hold(e, EXC_BAD_FIELD,
				    "__typename", tn, "__typename is not a "
				    "string");
			type = json_string_value(tn);
			tlen = json_string_length(tn);
			if (tlen == 0)
				return exc_hold(e, EXC_BAD_FIELD,
				    "__typename", tn, "__typename is empty");
		} else if (!json_is_string(id) || !gid_type(json_string_value(
		    id), json_string_length(id), &type, &tlen)) {
			return exc_hold(e, EXC_BAD_FIELD, "id", id,
			    "a child with no __typename and no gid in its "
			    "id: its type, and so its array, is unknown");
		}
		if (parent == NULL) {
			keep(n, line, pid, id);
			return 1;
		}
		if (parent->level == MAX_LEVEL)
			return exc_hold(e, EXC_BAD_FIELD, "__parentId",
			    pid, "a child %d levels below its root: a bulk "
			    "export has at most 2", MAX_LEVEL + 1);
		m = member_of(n, type, tlen);
		if ((g = group_for(n, parent, m)) == NULL)
			return exc_hold(e, EXC_BAD_FIELD, "__parentId",
			    pid, "its parent %s has a member %s of its own; "
			    "--name %.*s=NAME puts such children in another",
			    json_string_value(pid), m->name, (int)tlen, type);
		d = arena_alloc(parent->root->arena, sizeof(*d));
		memset(d, 0, sizeof(*d));
		fill_node(d, parent->root, line, 1);
		d->level = parent->level + 1;
		if (g->last != NULL)
			g->last->next = d;
		else
			g->first = d;
		g->last = d;
	}
	if (json_is_string(id))
		*slot_of(n->ids, json_string_value(id),
		    json_string_length(id)) = d;
	return 1;
}

/*
 * The members nest reads of a line, built from its index (the rest of the
 * line is only copied): a line is read whole by jdoc, never made a tree.
 */
static json_t *
fields_of(struct jtree *t)
{
	static const char *const names[] = { "id", "__parentId",
	    "__typename" };
	json_t *f = json_object();
	size_t i, k;

	if (f == NULL)
		die("out of memory");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((k = jdoc_get(&t->doc, 0, names[i], strlen(names[i]))) !=
		    JDOC_NONE && json_object_set_new(f, names[i],
		    jtree_build(t, k)) != 0)
			die("out of memory");
	return f;
}

int
nest_add(struct nest *n, const struct ndjson_line *line,
    struct exception *e)
{
	const json_t *id;

	json_decref(n->fields);
	n->fields = fields_of(line->tree);
	id = json_object_get(n->fields, "id");
	exc_clear(e);
	if (add(n, line, e))
		return 1;
	/* a line held now was read: its children are orphans of a held
	 * parent, not of one that never came */
	if (json_is_string(id))
		(void)slot_of(n->kept_ids, json_string_value(id),
		    json_string_length(id));
	return 0;
}

void
nest_end(struct nest *n)
{
	close_open(n);
	n->ended = 1;
}

static void
held_line(struct nest *n, struct ndjson_line *line, json_t **record,
    const char *text, size_t len, const char *source,
    unsigned long lineno)
{
	json_error_t err;

	memset(line, 0, sizeof(*line));
	if ((n->record = ndjson_parse(text, len, &err)) == NULL)
		die("internal error: a line read is no longer JSON");
	line->kind = NDJSON_OBJECT;
	line->value = *record = n->record;
	line->text = text;
	line->len = len;
	line->source = source;
	line->lineno = lineno;
}

/* A kept child, once the input has ended. */
static void
hold_kept(struct nest *n, const struct kept *k, struct exception *e)
{
	json_t *parent = json_stringn(k->parent, k->parent_len);

	if (!k->parent_before &&
	    hash_get(n->wanted, k->parent, k->parent_len) != NULL)
		exc_hold(e, EXC_CHILD_BEFORE_PARENT, "__parentId",
		    parent, "its parent %s comes after it: the export's lines "
		    "are out of order", k->parent);
	else if (hash_has(n->kept_ids, k->parent, k->parent_len))
		exc_hold(e, EXC_ORPHAN_CHILD, "__parentId", parent,
		    "its parent %s is held too", k->parent);
	else if (n->grouped)
		exc_hold(e, EXC_ORPHAN_CHILD, "__parentId", parent,
		    "its parent %s is not in the root being read; with "
		    "--grouped, a child must come in its root's group",
		    k->parent);
	else
		exc_hold(e, EXC_ORPHAN_CHILD, "__parentId", parent,
		    "no line has the id %s", k->parent);
	n->value = parent;	/* e's, until the next call */
}

enum nest_out
nest_next(struct nest *n, struct ndjson_line *line, json_t **record,
    struct exception *e)
{
	struct node *d;
	struct kept *k;

	exc_clear(e);
	json_decref(n->record);
	json_decref(n->value);
	n->record = n->value = NULL;
	for (;;) {
		if (n->holding != NULL && (d = n->next_held) != NULL) {
			n->next_held = d->after;
			held_line(n, line, record, d->text, d->len, d->source,
			    d->lineno);
			exc_hold(e, EXC_DUPLICATE_ID, NULL, NULL,
			    "held whole: %s", n->holding->held);
			return NEST_HELD;
		}
		if (n->holding != NULL) {
			free_root(n->holding);
			n->holding = NULL;
		}
		if (n->done != NULL) {
			n->writing = n->done;
			if ((n->done = n->done->next) == NULL)
				n->done_last = NULL;
			n->writing->next = NULL;
			if (n->writing->held == NULL)
				return NEST_ROOT;
			n->holding = n->writing;
			n->next_held = &n->holding->node;
			n->writing = NULL;
			continue;
		}
		if (n->ended && n->next_kept < n->nkept) {
			k = &n->kept[n->next_kept++];
			held_line(n, line, record, k->text, k->len, k->source,
			    k->lineno);
			hold_kept(n, k, e);
			return NEST_HELD;
		}
		return NEST_NONE;
	}
}

static void
write_head(struct writer *w, const struct node *d)
{
	writer_add(w, d->text, d->cut);
	writer_add(w, d->text + d->cut_end, d->close - d->cut_end);
}

static void
enter(struct nest *n, size_t *depth, struct writer *w, struct node *d)
{
	write_head(w, d);
	XGROW(n->stack, n->stack_cap, *depth + 1);
	n->stack[*depth].node = d;
	n->stack[*depth].g = d->groups;
	n->stack[*depth].c = NULL;
	++*depth;
}

/* Depth first, without recursion: a hostile export may nest deeply. */
void
nest_write(struct nest *n, struct writer *w)
{
	struct root *r = n->writing;
	struct frame *f;
	size_t depth = 0;

	enter(n, &depth, w, &r->node);
	while (depth > 0) {
		f = &n->stack[depth - 1];
		if (f->c != NULL) {	/* the child f->c is written */
			if ((f->c = f->c->next) != NULL) {
				writer_addc(w, ',');
				enter(n, &depth, w, f->c);
				continue;
			}
			writer_addc(w, ']');
			f->g = f->g->next;
		}
		if (f->g == NULL) {
			writer_add(w, f->node->text + f->node->close,
			    f->node->len - f->node->close);
			depth--;
			continue;
		}
		if (f->g != f->node->groups || !f->node->empty)
			writer_addc(w, ',');
		writer_add(w, f->g->m->opening, f->g->m->olen);
		f->c = f->g->first;
		enter(n, &depth, w, f->c);
	}
	n->counts.roots++;
	n->counts.children += r->lines - 1;
	free_root(r);
	n->writing = NULL;
}

const struct nest_counts *
nest_counts(const struct nest *n)
{
	return &n->counts;
}
