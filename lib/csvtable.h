/*
 * csvtable: a mapping table read whole from a CSV file with libcsv.
 *
 * RFC 4180 quoting (strict: a stray quote is an error), \n or \r\n, a UTF-8
 * BOM before the header (Excel writes one) and blank lines skipped. The
 * first row names the columns, in any order; unknown ones are ignored by the
 * caller. Unquoted fields lose leading and trailing spaces and tabs; quote
 * a field to keep them. Every row has as many fields as the header. Each
 * row knows the line it starts on, for messages such as
 * "skus.csv:14: duplicate sku". A cell is a NUL-terminated string of
 * valid UTF-8 (a NUL byte or invalid UTF-8 in a cell is an error).
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

/* NULL on failure, with *err a message "file:line: what" to free. */
struct csv_table *csv_table_load(const char *path, char **err);
/* The index of column name, or -1 when the header has none. */
int csv_table_column(const struct csv_table *t, const char *name);
/* As csv_table_column, but a missing column sets *err and returns -1. */
int csv_table_require(const struct csv_table *t, const char *name, char **err);
const char *csv_table_cell(const struct csv_table *t, size_t row, int col);
void csv_table_free(struct csv_table *t);

#endif
