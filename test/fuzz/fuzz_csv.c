/*
 * fuzz_csv: the CSV table loader (lib/core/csvtable.c) on the input as a file.
 * Either a table or a message "FILE:LINE: what" (or "FILE: what" for what
 * concerns the whole file), one line, naming the file; never both, never a
 * crash. A table: at least one column, every cell a string without NUL,
 * row lines increasing and within the file, header names unique unless
 * empty. For input without any quote, a model of RFC 4180 gives the exact
 * table (the delimiter sniffed from the first line that is not only spaces,
 * tabs, ',' and ';': of ',', ';' and tab the most frequent, ties to the
 * first; fields split at it, rows at \r or \n, rows of empty cells
 * skipped, unquoted fields trimmed of spaces and tabs, a BOM dropped) and
 * the loader must agree with it cell for cell. A file sniff.h names is
 * refused.
 */
#include "fuzz.h"

#include "csvtable.h"
#include "sniff.h"
#include "utf8.h"

struct model {
	size_t ncols, nrows;	/* rows after the header */
	char **cells;		/* row-major, the header first */
	size_t ncells, cap;
	unsigned long bad_line;	/* a row with another number of fields */
	int nul, dup;
};

static void
add_cell(struct model *m, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (m->ncells == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->cells = realloc(m->cells, m->cap * sizeof(*m->cells));
		FUZZ_CHECK(m->cells != NULL, "out of memory");
	}
	m->cells[m->ncells] = malloc(n + 1);
	FUZZ_CHECK(m->cells[m->ncells] != NULL, "out of memory");
	memcpy(m->cells[m->ncells], s, n);
	m->cells[m->ncells++][n] = '\0';
}

/* The delimiter of quote-free text, from its first line with a name. */
static char
model_delimiter(const char *p, size_t n)
{
	static const char cand[] = ",;\t";
	size_t count[3], len, i, j, best;

	while (n > 0) {
		for (len = 0; len < n && p[len] != '\n'; len++)
			;
		for (i = 0; i < len; i++)
			if (strchr(" \t\r,;", p[i]) == NULL || p[i] == '\0')
				break;
		if (i < len) {
			memset(count, 0, sizeof(count));
			for (i = 0; i < len; i++)
				for (j = 0; j < 3; j++)
					count[j] += p[i] == cand[j];
			for (best = 0, j = 1; j < 3; j++)
				if (count[j] > count[best])
					best = j;
			return cand[best];
		}
		p += len + (len < n);
		n -= len + (len < n);
	}
	return ',';
}

/* The table of quote-free text; bad_line or nul set when it has none. */
static void
model(struct model *m, const char *p, size_t n)
{
	unsigned long line = 1;
	size_t i, j;
	char delim;
	int bol = 1;		/* at the start of a line */

	memset(m, 0, sizeof(*m));
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	delim = model_delimiter(p, n);
	while (n > 0) {
		size_t len = 0, fields = 0;
		int blank = 1;
		const char *s;

		/* before the header, a line of either delimiter is blank */
		if (bol && m->ncols == 0) {
			while (len < n && p[len] != '\n' && p[len] != '\0' &&
			    strchr(" \t\r,;", p[len]) != NULL)
				len++;
			if (len == n || p[len] == '\n') {
				line += len < n;
				p += len + (len < n);
				n -= len + (len < n);
				continue;
			}
			len = 0;
		}
		while (len < n && p[len] != '\n' && p[len] != '\r')
			len++;
		/* a row of empty cells is blank */
		for (i = 0; i < len; i++)
			if (p[i] != ' ' && p[i] != '\t' && p[i] != delim)
				blank = 0;
		if (!blank) {
			if (memchr(p, '\0', len) != NULL && !m->bad_line)
				m->nul = 1;
			for (s = p, i = 0; i <= len; i++)
				if (i == len || p[i] == delim) {
					add_cell(m, s, (size_t)(p + i - s));
					s = p + i + 1;
					fields++;
				}
			if (m->ncols == 0)
				m->ncols = fields;
			else if (fields != m->ncols && !m->bad_line && !m->nul)
				m->bad_line = line;
			else
				m->nrows++;
		}
		bol = len < n && p[len] == '\n';
		if (bol)
			line++;
		p += len + (len < n);
		n -= len + (len < n);
	}
	for (i = 0; i < m->ncols; i++)
		for (j = 0; j < i; j++)
			if (m->cells[i][0] != '\0' &&
			    strcmp(m->cells[i], m->cells[j]) == 0)
				m->dup = 1;
}

static void
model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->ncells; i++)
		free(m->cells[i]);
	free(m->cells);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_file f;
	struct csv_table *t;
	char *err = NULL;
	size_t plen, r, c, lines = 1, i;

	mem_file_open(&f, data, size);
	plen = strlen(f.path);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	t = csv_table_load(f.path, &err);
	if (t == NULL) {
		const char *s;
		char *end;
		unsigned long line;

		FUZZ_CHECK(err != NULL, "no table and no message");
		FUZZ_CHECK(strncmp(err, f.path, plen) == 0 &&
		    err[plen] == ':', "message does not name the file: %s",
		    err);
		FUZZ_CHECK(strchr(err, '\n') == NULL, "message of two lines");
		s = err + plen + 1;
		if (*s >= '0' && *s <= '9') {
			line = strtoul(s, &end, 10);
			FUZZ_CHECK(*end == ':' && end[1] == ' ' && end[2] != '\0',
			    "message not FILE:LINE: what: %s", err);
			FUZZ_CHECK(line >= 1 && line <= lines, "message names "
			    "line %lu of a file of %zu: %s", line, lines, err);
		} else
			FUZZ_CHECK(*s == ' ' && s[1] != '\0', "message not "
			    "FILE: what: %s", err);
		free(err);
	} else {
		FUZZ_CHECK(err == NULL, "a table and a message");
		FUZZ_CHECK(t->ncols >= 1, "a table without columns");
		FUZZ_CHECK(strcmp(t->name, f.path) == 0, "table name");
		for (c = 0; c < t->ncols; c++) {
			FUZZ_CHECK(t->header[c] != NULL, "NULL header cell");
			for (i = 0; i < c; i++)
				FUZZ_CHECK(t->header[c][0] == '\0' ||
				    strcmp(t->header[c], t->header[i]) != 0,
				    "a column twice in the header");
			FUZZ_CHECK(csv_table_column(t, t->header[c]) <= (int)c,
			    "csv_table_column");
		}
		for (r = 0; r < t->nrows; r++) {
			FUZZ_CHECK(t->lines[r] >= 1 && t->lines[r] <= lines &&
			    (r == 0 || t->lines[r] > t->lines[r - 1] ||
			    memchr(data, '\r', size) != NULL),
			    "row %zu starts on line %lu", r, t->lines[r]);
			for (c = 0; c < t->ncols; c++)
				FUZZ_CHECK(csv_table_cell(t, r, (int)c) != NULL,
				    "NULL cell");
		}
	}
	if (sniff_binary(data, size) != NULL)
		FUZZ_CHECK(t == NULL, "a table from what is not text");
	else if (memchr(data, '"', size) == NULL) {
		struct model m;

		model(&m, (const char *)data, size);
		/* a cell that is not UTF-8 is refused too */
		if (m.ncols == 0 || m.nul || m.bad_line || m.dup ||
		    !utf8_valid((const char *)data, size))
			FUZZ_CHECK(t == NULL, "a table from text that has none "
			    "(cols %zu, nul %d, bad line %lu, dup %d)", m.ncols,
			    m.nul, m.bad_line, m.dup);
		else {
			FUZZ_CHECK(t != NULL, "no table from a valid text");
			FUZZ_CHECK(t->ncols == m.ncols && t->nrows == m.nrows,
			    "table %zux%zu, model %zux%zu", t->nrows, t->ncols,
			    m.nrows, m.ncols);
			for (i = 0; i < m.ncells; i++)
				FUZZ_CHECK(strcmp(i < m.ncols ? t->header[i] :
				    t->cells[i - m.ncols], m.cells[i]) == 0,
				    "cell %zu: \"%s\", model \"%s\"", i,
				    i < m.ncols ? t->header[i] :
				    t->cells[i - m.ncols], m.cells[i]);
		}
		model_free(&m);
	}
	csv_table_free(t);
	mem_file_close(&f);
	return 0;
}
