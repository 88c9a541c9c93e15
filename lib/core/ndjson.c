#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "jtree.h"
#include "ndjson.h"
#include "sniff.h"
#include "xalloc.h"

enum { READ_BLOCK = 256 * 1024 };

struct ndjson_reader {
	char *const *names;
	size_t nnames, next_name;
	int fd;			/* -1 between files */
	int eof, at_start, in_long;
	int regular;		/* the current file: one that may yet grow */
	int stopped;		/* a signal cut a read short */
	int growing;		/* ndjson_growing() */
	int quiet;		/* ndjson_read_file(): refused says it */
	char refused[256];	/* the last file sniff named, and why */
	const char *source;
	const char *stdin_name;	/* by ndjson_name_stdin, or NULL */
	unsigned long lineno, blank;
	int trouble;
	size_t max_line;
	char *buf;
	size_t cap, start, end;	/* unread bytes are buf[start, end) */
	json_t *value;
	struct jtree tree;	/* the line read last */
	int index;		/* ndjson_index() */
	const char *option, *space;	/* ndjson_name_option(), or "" */
};

static char *const stdin_name[] = { "-" };
const char ndjson_stdin[] = "(standard input)";

struct ndjson_reader *
ndjson_open(char *const *names, size_t n, size_t max_line)
{
	struct ndjson_reader *r = xcalloc(1, sizeof(*r));

	r->option = r->space = "";
	if (n == 0) {
		names = stdin_name;
		n = 1;
	}
	r->names = names;
	r->nnames = n;
	r->fd = -1;
	r->max_line = max_line;
	/* at most a line of max_line bytes and its \r\n */
	r->cap = max_line + 2 < READ_BLOCK ? max_line + 2 : READ_BLOCK;
	r->buf = xmalloc(r->cap);
	return r;
}

void
ndjson_name_option(struct ndjson_reader *r, const char *option)
{
	r->option = option;
	r->space = " ";
}

void
ndjson_name_stdin(struct ndjson_reader *r, const char *name)
{
	r->stdin_name = name;
}

static void
close_file(struct ndjson_reader *r)
{
	if (r->fd > 0)
		close(r->fd);
	r->fd = -1;
	r->start = r->end = 0;
}

/* Opens the next file; 0 when there is none left. */
static int
open_next(struct ndjson_reader *r)
{
	struct stat st;

	while (r->next_name < r->nnames) {
		const char *name = r->names[r->next_name++];

		if (strcmp(name, "-") == 0) {
			r->fd = 0;
			r->source = r->stdin_name != NULL ? r->stdin_name :
			    ndjson_stdin;
		} else if ((r->fd = open(name, O_RDONLY)) < 0) {
			warnmsg("%s%s%s: %s", r->option, r->space, name,
			    strerror(errno));
			r->trouble = 1;
			continue;
		} else
			r->source = name;
		r->regular = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
		r->eof = 0;
		r->at_start = 1;
		r->lineno = 0;
		r->start = r->end = 0;
		return 1;
	}
	return 0;
}

/* Reads more of the current file; 0 at its end or on an error. */
static size_t
fill(struct ndjson_reader *r)
{
	ssize_t k;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		size_t cap = r->cap * 2;

		if (cap > r->max_line + 2)
			cap = r->max_line + 2;
		r->buf = xrealloc(r->buf, cap);
		r->cap = cap;
	}
	do
		k = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (k < 0 && errno == EINTR && !diag_stopping());
	if (k < 0 && errno == EINTR) {
		/* told to stop: no more input, and not all of it was read */
		r->stopped = 1;
		r->eof = 1;
		return 0;
	}
	if (k < 0) {
		warnmsg("%s%s%s: %s", r->option, r->space, r->source,
		    strerror(errno));
		r->trouble = 1;
		k = 0;
	}
	if (k == 0)
		r->eof = 1;
	r->end += (size_t)k;
	return (size_t)k;
}

static int
is_blank(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 0;
}

/* The character column of byte off, as jansson counts: from 1. */
static int
column_of(const char *text, size_t off)
{
	size_t i;
	int col = 1;

	for (i = 0; i < off; i++)
		col += ((unsigned char)text[i] & 0xC0) != 0x80;
	return col;
}

void
ndjson_index(struct ndjson_reader *r)
{
	r->index = 1;
}

/* Reads the line into r->tree: the kind, and the value or the fault. */
static enum ndjson_kind
parse(struct ndjson_reader *r, struct ndjson_line *line)
{
	line->tree = &r->tree;
	if (r->index && jtree_index(&r->tree, line->text, line->len)) {
		if (jdoc_type(&r->tree.doc, 0) == JDOC_OBJECT) {
			line->value = NULL;
			return line->kind = NDJSON_OBJECT;
		}
		r->value = jtree_build(&r->tree, 0);
	} else if (!r->index)
		r->value = jtree_read(&r->tree, line->text, line->len);
	line->value = r->value;
	if (r->value != NULL)
		return line->kind = json_is_object(r->value) ? NDJSON_OBJECT :
		    NDJSON_NOT_OBJECT;
	line->column = column_of(line->text, r->tree.doc.error_at);
	snprintf(line->error, sizeof(line->error), "%s", r->tree.doc.error);
	return line->kind = NDJSON_BAD_JSON;
}

json_t *
ndjson_parse(const char *text, size_t len, json_error_t *err)
{
	struct jtree t = { .cap = 0 };
	json_t *v = jtree_read(&t, text, len);

	if (v == NULL) {
		memset(err, 0, sizeof(*err));
		err->column = column_of(text, t.doc.error_at);
		err->position = (int)t.doc.error_at;
		snprintf(err->text, sizeof(err->text), "%s", t.doc.error);
	}
	jtree_free(&t);
	return v;
}

void
ndjson_problem(const struct ndjson_line *line, char *msg, size_t size)
{
	snprintf(msg, size, "invalid JSON at column %d: %s", line->column,
	    line->error);
}

/* A file that sniff names (gzip, UTF-16...): said, trouble, skipped. */
static int
refuse(struct ndjson_reader *r)
{
	const char *what = sniff_binary(r->buf + r->start, r->end - r->start);

	if (what == NULL)
		return 0;
	snprintf(r->refused, sizeof(r->refused), "%s%s%s: is %s: %s",
	    r->option, r->space, r->source, what, sniff_remedy(what));
	if (!r->quiet)
		warnmsg("%s", r->refused);
	r->trouble = 1;
	return 1;
}

enum ndjson_kind
ndjson_next(struct ndjson_reader *r, struct ndjson_line *line)
{
	const char *p;

	json_decref(r->value);
	r->value = NULL;
	while (r->in_long && ndjson_long_chunk(r, &p) > 0)
		continue;
	memset(line, 0, offsetof(struct ndjson_line, error));
	line->error[0] = '\0';
	for (;;) {
		char *text, *nl;
		size_t len;

		if (r->stopped || (r->fd < 0 && !open_next(r)))
			return line->kind = NDJSON_END;
		/* a BOM, or what sniff names, is decided before anything */
		if (r->at_start && r->end - r->start < SNIFF_BYTES &&
		    r->end < r->cap && !r->eof && memchr(r->buf + r->start,
		    '\n', r->end - r->start) == NULL) {
			fill(r);
			continue;
		}
		if (r->at_start && refuse(r)) {
			close_file(r);
			continue;
		}
		if (r->at_start) {
			r->at_start = 0;
			if (r->end - r->start >= 3 &&
			    memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0)
				r->start += 3;
		}
		text = r->buf + r->start;
		nl = r->at_start ? NULL : memchr(text, '\n', r->end - r->start);
		len = nl != NULL ? (size_t)(nl - text) : r->end - r->start;
		/* over the limit, unless by the \r of \r\n */
		if (len > r->max_line && !(len == r->max_line + 1 &&
		    text[r->max_line] == '\r')) {
			r->lineno++;
			r->start += r->max_line;
			r->in_long = 1;
			line->kind = NDJSON_TOO_LONG;
			line->text = text;
			line->len = r->max_line;
			line->source = r->source;
			line->lineno = r->lineno;
			return NDJSON_TOO_LONG;
		}
		if (nl == NULL && !r->eof) {
			fill(r);
			continue;
		}
		if (nl == NULL && len == 0) {
			close_file(r);
			continue;
		}
		/* a line; the last of a file may have no newline */
		r->start += len + (nl != NULL);
		r->lineno++;
		if (len > 0 && text[len - 1] == '\r')
			len--;
		if (is_blank(text, len)) {
			r->blank++;
			continue;
		}
		line->text = text;
		line->len = len;
		line->source = r->source;
		line->lineno = r->lineno;
		if (parse(r, line) != NDJSON_BAD_JSON || nl != NULL ||
		    !r->regular || !r->growing)
			return line->kind;
		/*
		 * A file being appended to (a -x file while a run writes it)
		 * may end in half a record: not bad data, but data not yet
		 * here. A whole record, or bad JSON with its newline, is
		 * taken as before.
		 */
		warnmsg("%s:%lu: a last line without its newline: not yet "
		    "written? left for the next run", r->source, r->lineno);
		memset(line, 0, offsetof(struct ndjson_line, error));
		line->error[0] = '\0';
	}
}

void
ndjson_growing(struct ndjson_reader *r)
{
	r->growing = 1;
}

size_t
ndjson_long_chunk(struct ndjson_reader *r, const char **p)
{
	char *nl;
	size_t len;

	if (!r->in_long)
		return 0;
	/* a lone \r is the end of line if \n or the end of file follows */
	if (r->start == r->end ||
	    (r->end - r->start == 1 && r->buf[r->start] == '\r')) {
		if (r->eof || fill(r) == 0) {
			r->start = r->end = 0;
			r->in_long = 0;
			return 0;
		}
	}
	*p = r->buf + r->start;
	nl = memchr(*p, '\n', r->end - r->start);
	if (nl == NULL) {
		len = r->end - r->start;
		if ((*p)[len - 1] == '\r')
			len--;	/* held back until what follows is known */
		r->start += len;
		return len;
	}
	len = (size_t)(nl - *p);
	r->start += len + 1;
	r->in_long = 0;
	if (len > 0 && (*p)[len - 1] == '\r')
		len--;
	return len;
}

unsigned long
ndjson_blank_lines(const struct ndjson_reader *r)
{
	return r->blank;
}

int
ndjson_trouble(const struct ndjson_reader *r)
{
	return r->trouble || r->stopped;
}

void
ndjson_close(struct ndjson_reader *r)
{
	json_decref(r->value);
	close_file(r);
	jtree_free(&r->tree);
	free(r->buf);
	free(r);
}

int
ndjson_read_file(const char *path, int (*each)(void *, json_t *, char **),
    void *ctx, char **err)
{
	char *names[1] = { (char *)path };
	struct ndjson_reader *r;
	struct ndjson_line line;
	char *why = NULL;
	int ok = 1, fd;

	if ((fd = open(path, O_RDONLY)) < 0) {	/* said once, by the caller */
		*err = xasprintf("%s: %s", path, strerror(errno));
		return 0;
	}
	close(fd);
	r = ndjson_open(names, 1, 64UL << 20);
	r->quiet = 1;

	while (ok && ndjson_next(r, &line) != NDJSON_END) {
		if (line.kind == NDJSON_OBJECT && each(ctx, line.value, &why))
			continue;
		if (why == NULL)
			why = xstrdup(line.kind == NDJSON_BAD_JSON ?
			    line.error : line.kind == NDJSON_TOO_LONG ?
			    "the line is too long" : "not a JSON object");
		*err = xasprintf("%s:%lu: %s", path, line.lineno, why);
		free(why);
		ok = 0;
	}
	if (ok && ndjson_trouble(r)) {
		*err = r->refused[0] != '\0' ? xstrdup(r->refused) :
		    xasprintf("%s: cannot be read", path);
		ok = 0;
	}
	ndjson_close(r);
	return ok;
}
