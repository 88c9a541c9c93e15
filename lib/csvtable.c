#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "csvtable.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

struct loader {
	struct csv_table *t;
	struct buf storage;	/* every cell, NUL-terminated, end to end */
	size_t *offsets;	/* cell offsets into storage until the end */
	size_t noffsets, offcap;
	size_t rowcap, fields;	/* fields so far in the current row */
	unsigned long line, row_line;
	char *err;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct loader *l = data;
	void *p = l->offsets;

	if (l->err != NULL)
		return;
	if (memchr(s, '\0', len) != NULL) {
		l->err = xasprintf("%s:%lu: a NUL byte in a field",
		    l->t->name, l->line);
		return;
	}
	if (!utf8_valid(s, len)) {	/* every cell may become JSON text */
		l->err = xasprintf("%s:%lu: a field that is not valid UTF-8",
		    l->t->name, l->line);
		return;
	}
	xgrow(&p, &l->offcap, l->noffsets + 1, sizeof(size_t));
	l->offsets = p;
	l->offsets[l->noffsets++] = l->storage.len;
	buf_add(&l->storage, s, len);
	buf_addc(&l->storage, '\0');
	l->fields++;
}

static void
on_row(int c, void *data)
{
	struct loader *l = data;
	struct csv_table *t = l->t;
	void *p = t->lines;

	(void)c;
	if (l->err != NULL)
		return;
	if (t->ncols == 0)
		t->ncols = l->fields;	/* the header */
	else if (l->fields != t->ncols) {
		l->err = xasprintf("%s:%lu: %zu fields, but the header has %zu",
		    t->name, l->row_line, l->fields, t->ncols);
		return;
	} else {
		xgrow(&p, &l->rowcap, t->nrows + 1, sizeof(unsigned long));
		t->lines = p;
		t->lines[t->nrows++] = l->row_line;
	}
	l->fields = 0;
}

/* Turns offsets into pointers once storage stops moving. */
static void
finish(struct loader *l)
{
	struct csv_table *t = l->t;
	size_t i, j;

	t->storage = l->storage.p;
	t->header = xcalloc(t->ncols + 1, sizeof(char *));
	t->cells = xcalloc(t->nrows * t->ncols + 1, sizeof(char *));
	for (i = 0; i < l->noffsets; i++) {
		char *cell = t->storage + l->offsets[i];

		if (i < t->ncols)
			t->header[i] = cell;
		else
			t->cells[i - t->ncols] = cell;
	}
	free(l->offsets);
	for (i = 0; i < t->ncols; i++)	/* unnamed columns are ignored */
		for (j = 0; j < i; j++)
			if (t->header[i][0] != '\0' &&
			    strcmp(t->header[i], t->header[j]) == 0) {
				l->err = xasprintf("%s: column \"%s\" twice in "
				    "the header", t->name, t->header[i]);
				return;
			}
}

struct csv_table *
csv_table_load(const char *path, char **err)
{
	struct loader l;
	struct csv_parser p;
	struct csv_table *t = xcalloc(1, sizeof(*t));
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	memset(&l, 0, sizeof(l));
	l.t = t;
	t->name = xstrdup(path);
	*err = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOMEM)
			die("out of memory");
		*err = xasprintf("%s: %s", path, strerror(errno));
		csv_table_free(t);
		return NULL;
	}
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_realloc_func(&p, xrealloc);
	csv_set_free_func(&p, free);
	while (l.err == NULL && (n = getline(&text, &cap, f)) > 0) {
		char *s = text;

		l.line++;
		if (l.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
		/* libcsv's state 0: no row begun, so one starts on this line */
		if (p.pstate == 0)
			l.row_line = l.line;
		if (csv_parse(&p, s, (size_t)n, on_field, on_row, &l) !=
		    (size_t)n && l.err == NULL)
			l.err = xasprintf("%s:%lu: %s", path, l.line,
			    csv_strerror(csv_error(&p)));
	}
	/* getline fails on ENOMEM without ferror: an end that is no end */
	if (l.err == NULL && (ferror(f) || !feof(f))) {
		if (errno == ENOMEM)
			die("out of memory");
		l.err = xasprintf("%s: %s", path, strerror(errno));
	}
	if (l.err == NULL && csv_fini(&p, on_field, on_row, &l) != 0 &&
	    l.err == NULL)
		l.err = xasprintf("%s:%lu: a quoted field is not closed", path,
		    l.row_line);
	csv_free(&p);
	free(text);
	fclose(f);
	if (l.err == NULL && t->ncols == 0)
		l.err = xasprintf("%s: no header row", path);
	if (l.err == NULL)
		finish(&l);
	else
		free(l.offsets);
	if (t->storage == NULL)
		t->storage = l.storage.p;
	if (l.err != NULL) {
		*err = l.err;
		csv_table_free(t);
		return NULL;
	}
	return t;
}

int
csv_table_column(const struct csv_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

int
csv_table_require(const struct csv_table *t, const char *name, char **err)
{
	int c = csv_table_column(t, name);

	if (c < 0)
		*err = xasprintf("%s: no column \"%s\" in the header", t->name,
		    name);
	return c;
}

const char *
csv_table_cell(const struct csv_table *t, size_t row, int col)
{
	return t->cells[row * t->ncols + (size_t)col];
}

void
csv_table_free(struct csv_table *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->header);
	free(t->cells);
	free(t->lines);
	free(t->storage);
	free(t);
}
