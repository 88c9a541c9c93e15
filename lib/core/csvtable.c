#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "csvtable.h"
#include "diag.h"
#include "sniff.h"
#include "utf8.h"
#include "xalloc.h"

/* The header names at most this many columns in a message. */
#define NAMES_SHOWN	12

static unsigned char delimiter;	/* --delimiter, or 0: sniffed */

struct loader {
	struct csv_table *t;
	struct buf storage;	/* every cell, NUL-terminated, end to end */
	size_t *offsets;	/* cell offsets into storage until the end */
	size_t noffsets, offcap;
	size_t rowcap, fields;	/* fields so far in the current row */
	int filled;		/* a field of the current row is not empty */
	unsigned long line, row_line;
	char *err;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct loader *l = data;

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
	XGROW(l->offsets, l->offcap, l->noffsets + 1);
	l->offsets[l->noffsets++] = l->storage.len;
	buf_add(&l->storage, s, len);
	buf_addc(&l->storage, '\0');
	l->fields++;
	l->filled |= len > 0;
}

/* Appends a column's name, quoted, on one line: a name may hold a line
 * end, and a message is one line. */
static void
add_name(struct buf *b, const char *name)
{
	size_t n = strlen(name);
	char *e = xmalloc(4 * n + 1);

	buf_addc(b, '"');
	buf_add(b, e, diag_escape(e, name, n));
	buf_addc(b, '"');
	free(e);
}

/* A row of empty cells is what a spreadsheet saves below a table: blank. */
static void
drop_row(struct loader *l)
{
	if (l->fields > 0) {
		l->noffsets -= l->fields;
		l->storage.len = l->offsets[l->noffsets];
	}
	l->fields = 0;
}

static void
on_row(int c, void *data)
{
	struct loader *l = data;
	struct csv_table *t = l->t;

	(void)c;
	if (l->err != NULL)
		return;
	if (!l->filled) {
		drop_row(l);
		return;
	}
	l->filled = 0;
	if (t->ncols == 0)
		t->ncols = l->fields;	/* the header */
	else if (l->fields != t->ncols) {
		l->err = xasprintf("%s:%lu: %zu fields, but the header has %zu",
		    t->name, l->row_line, l->fields, t->ncols);
		return;
	} else {
		XGROW(t->lines, l->rowcap, t->nrows + 1);
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
				struct buf b = { NULL, 0, 0 };

				buf_printf(&b, "%s: column ", t->name);
				add_name(&b, t->header[i]);
				buf_adds(&b, " twice in the header");
				l->err = b.p;
				return;
			}
}

int
csv_table_set_delimiter(const char *text)
{
	unsigned char c;

	if (text == NULL) {
		delimiter = 0;
		return 1;
	}
	c = (unsigned char)text[0];
	if (strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0)
		c = '\t';
	else if (c == '\0' || text[1] != '\0' || c > 0x7e || c <= ' ' ||
	    c == '"' || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return 0;
	delimiter = c;
	return 1;
}

/*
 * The delimiter of a header line: of ',', ';' and tab, the one found most
 * often outside quotes, ties to the first; ',' when there is none.
 */
static unsigned char
sniff_delimiter(const char *s, size_t n)
{
	static const unsigned char cand[] = { ',', ';', '\t' };
	size_t count[sizeof(cand)] = { 0 }, i, j, best = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (j = 0; j < sizeof(cand); j++)
				count[j] += (unsigned char)s[i] == cand[j];
	}
	for (j = 1; j < sizeof(cand); j++)
		if (count[j] > count[best])
			best = j;
	return cand[best];
}

/*
 * Whether a line before the header is blank: spaces and delimiters only
 * (either candidate while the delimiter is still to be sniffed).
 */
static int
blank_line(const char *s, size_t n)
{
	char set[8] = " \t\r\n,;";

	if (delimiter != 0)
		set[4] = (char)delimiter, set[5] = '\0';
	return strspn(s, set) >= n;
}

/* libcsv stopped at s[at] in strict mode: says why in words. */
static char *
parse_error(const struct loader *l, const struct csv_parser *p,
    const char *s, size_t n, size_t at)
{
	const char *name = l->t->name;
	size_t field = l->fields + 1;

	if (p->status == CSV_ETOOBIG)
		return xasprintf("%s:%lu: field %zu is too large", name,
		    l->line, field);
	if (at < n && s[at] == '"' && !p->quoted)
		return xasprintf("%s:%lu: field %zu: a quote inside an "
		    "unquoted field; quote the whole field and double the "
		    "quotes in it, as \"5\"\" cable\"", name, l->line, field);
	return xasprintf("%s:%lu: field %zu: text after the closing quote of "
	    "a quoted field; quote the whole field and double the quotes in "
	    "it, as \"5\"\" cable\"", name, l->line, field);
}

/*
 * A file that is not text, named rather than read as thousands of bad
 * rows. sniff's remedies pipe into a program; a table is named by an
 * option, so a compressed one or an archive gets its own.
 */
static char *
not_text(const char *path, const char *s, size_t n)
{
	const char *what = sniff_binary(s, n), *remedy;

	if (what == NULL)
		return NULL;
	remedy = sniff_remedy(what);
	if (strstr(remedy, "PROG") != NULL)
		remedy = strstr(what, "compressed") != NULL ?
		    "decompress it first (tables are read as text)" :
		    "save the sheet as CSV UTF-8";
	return xasprintf("%s: is %s: %s", path, what, remedy);
}

/* The whole of f into b: a table is read whole, and its first bytes are
 * sniffed before any is parsed, from a pipe too. */
static int
slurp(FILE *f, struct buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	return !ferror(f);
}

struct csv_table *
csv_table_load(const char *path, char **err)
{
	struct loader l;
	struct csv_parser p;
	struct csv_table *t = xcalloc(1, sizeof(*t));
	struct buf text = { NULL, 0, 0 };
	size_t off = 0;
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
	if (!slurp(f, &text))
		l.err = xasprintf("%s: %s", path, strerror(errno));
	else
		l.err = not_text(path, text.p, text.len);
	fclose(f);
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_realloc_func(&p, xrealloc);
	csv_set_free_func(&p, free);
	csv_set_delim(&p, delimiter != 0 ? delimiter : ',');
	while (l.err == NULL && off < text.len) {
		char *s = text.p + off, *eol = memchr(s, '\n', text.len - off);
		size_t n = eol != NULL ? (size_t)(eol - s) + 1 : text.len - off;
		size_t done;

		off += n;
		l.line++;
		if (l.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
		/* libcsv's state 0: no row begun, so one starts on this line */
		if (p.pstate == 0)
			l.row_line = l.line;
		if (t->ncols == 0 && p.pstate == 0) {
			if (blank_line(s, n))
				continue;
			if (delimiter == 0)
				csv_set_delim(&p, sniff_delimiter(s, n));
		}
		done = csv_parse(&p, s, n, on_field, on_row, &l);
		if (done != n && l.err == NULL)
			l.err = parse_error(&l, &p, s, n, done);
	}
	if (l.err == NULL && csv_fini(&p, on_field, on_row, &l) != 0 &&
	    l.err == NULL)
		l.err = xasprintf("%s:%lu: a quoted field is not closed", path,
		    l.row_line);
	csv_free(&p);
	buf_free(&text);
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
	return csv_table_require_by(t, name, NULL, err);
}

int
csv_table_require_by(const struct csv_table *t, const char *name,
    const char *option, char **err)
{
	struct buf b = { NULL, 0, 0 };
	int c = csv_table_column(t, name);
	size_t i, shown = 0, named = 0;

	if (c >= 0)
		return c;
	buf_printf(&b, "%s: no column ", t->name);
	add_name(&b, name);
	buf_adds(&b, " in the header");
	for (i = 0; i < t->ncols; i++) {
		if (t->header[i][0] == '\0')	/* unnamed: ignored */
			continue;
		if (named++ < NAMES_SHOWN) {
			buf_adds(&b, shown++ == 0 ? ", which has " : ", ");
			add_name(&b, t->header[i]);
		}
	}
	if (named > shown)
		buf_printf(&b, " and %zu more", named - shown);
	if (option != NULL)
		buf_printf(&b, "; %s picks another", option);
	/* one column split by none of the delimiters tried: another one */
	if (t->ncols == 1 && strpbrk(t->header[0], ",;|:\t") != NULL)
		buf_adds(&b, "; --delimiter names the table's delimiter");
	*err = b.p;
	return -1;
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
