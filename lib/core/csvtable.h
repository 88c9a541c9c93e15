/*
 * csvtable: a mapping table read whole from a CSV file with libcsv.
 *
 * The delimiter is --delimiter's, else sniffed from the header line: of
 * ',', ';' and tab, the one that splits it into the most fields, ties to
 * ',' (a header of one column is read with ','). RFC 4180 quoting
 * (strict: a stray quote is an error), \n or \r\n, a UTF-8 BOM before the
 * header (Excel writes one) skipped, and blank lines and rows of empty
 * cells (",,", what Excel leaves below a table) skipped as blank. The
 * first non-blank row names the columns, in any order; unknown ones are
 * ignored by the caller. Unquoted fields lose leading and trailing spaces
 * and tabs; quote a field to keep them. Every row has as many fields as
 * the header. Each row knows the line it starts on, for messages such as
 * "skus.csv:14: duplicate sku". A cell is a NUL-terminated string of
 * valid UTF-8 (a NUL byte or invalid UTF-8 in a cell is an error). A file
 * that is compressed, UTF-16 or a workbook is refused by name (sniff.h).
 */
#ifndef WMSKIT_CSVTABLE_H
#define WMSKIT_CSVTABLE_H

#include <stddef.h>

struct csv_table {
	char *name;		/* the file, as named */
	size_t ncols, nrows;
	char **header;
	char **cells;		/* row r, column c: cells[r * ncols + c] */
	unsigned long *lines;	/* the line row r starts on */
	char *storage;
};

/*
 * The delimiter of every table loaded from then on, as --delimiter gives
 * it: one ASCII character other than a letter, digit, space, quote or line
 * end, or "tab" or "\\t" for a tab; NULL: sniffed again. 0 when text is
 * none of these, which changes nothing.
 */
int csv_table_set_delimiter(const char *text);

/* NULL on failure, with *err a message "file:line: what" to free. */
struct csv_table *csv_table_load(const char *path, char **err);
/* The index of column name, or -1 when the header has none. */
int csv_table_column(const struct csv_table *t, const char *name);
/* As csv_table_column, but a missing column sets *err, a message that
 * lists the columns the header has, and returns -1. */
int csv_table_require(const struct csv_table *t, const char *name, char **err);
/* As csv_table_require, where option (such as "--master-column") picks
 * the column: the message says so. */
int csv_table_require_by(const struct csv_table *t, const char *name,
    const char *option, char **err);
const char *csv_table_cell(const struct csv_table *t, size_t row, int col);
void csv_table_free(struct csv_table *t);

#endif
