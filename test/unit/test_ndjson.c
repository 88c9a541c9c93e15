/*
 * Unit tests of ndjson: the NDJSON line reader. Every input is written to
 * a temporary file by the test that reads it, so the bytes are in view.
 */
#include <fcntl.h>
#include <float.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "diag.h"
#include "ndjson.h"
#include "writer.h"
#include "xalloc.h"


/*
 * Sends stderr to a temporary file until capture_end(), which returns
 * what was written. No assertion may run in between: its report would
 * land in the file.
 */
struct capture {
	int saved;
	char *path;
};

static void
capture_begin(struct capture *c)
{
	int fd;

	c->path = temp_text("");
	fflush(stderr);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	fd = open(c->path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
}

static char *
capture_end(struct capture *c)
{
	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	return read_whole(c->path, NULL);
}

/* Reads the next line and checks all that a caller sees of it. */
static void
expect_line(struct ndjson_reader *r, struct ndjson_line *l,
    enum ndjson_kind kind, const char *text, const char *source,
    unsigned long lineno)
{
	assert_int_equal(ndjson_next(r, l), kind);
	assert_int_equal(l->kind, kind);
	assert_int_equal(l->len, strlen(text));
	assert_memory_equal(l->text, text, l->len);
	assert_string_equal(l->source, source);
	assert_int_equal(l->lineno, lineno);
	if (kind == NDJSON_OBJECT)
		assert_true(json_is_object(l->value));
	if (kind == NDJSON_BAD_JSON || kind == NDJSON_TOO_LONG)
		assert_null(l->value);
	if (kind != NDJSON_BAD_JSON)
		assert_string_equal(l->error, "");
}

static void
expect_end(struct ndjson_reader *r)
{
	struct ndjson_line l;

	assert_int_equal(ndjson_next(r, &l), NDJSON_END);
	assert_int_equal(l.kind, NDJSON_END);
	/* the end stays the end */
	assert_int_equal(ndjson_next(r, &l), NDJSON_END);
}

/* The rest of an over-long line, from ndjson_long_chunk, end to end. */
static char *
drain_long(struct ndjson_reader *r, size_t *len, size_t *nchunks)
{
	char *all = xstrdup("");
	size_t cap = 1;
	const char *p;
	size_t n;

	*len = *nchunks = 0;
	while ((n = ndjson_long_chunk(r, &p)) > 0) {
		void *v = all;

		xgrow(&v, &cap, *len + n + 1, 1);
		all = v;
		memcpy(all + *len, p, n);
		*len += n;
		all[*len] = '\0';
		++*nchunks;
	}
	/* the end of the line stays its end */
	assert_int_equal(ndjson_long_chunk(r, &p), 0);
	return all;
}

static char *
repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void
test_lf_and_crlf(void **state)
{
	char *path = temp_text("{\"a\":1}\n{\"b\":2}\r\n[3]\r\n{\"c\":3}");
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;

	(void)state;
	expect_line(r, &l, NDJSON_OBJECT, "{\"a\":1}", path, 1);
	assert_int_equal(json_integer_value(json_object_get(l.value, "a")), 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"b\":2}", path, 2);
	assert_int_equal(json_integer_value(json_object_get(l.value, "b")), 2);
	expect_line(r, &l, NDJSON_NOT_OBJECT, "[3]", path, 3);
	/* the last line has no \n and is a record all the same */
	expect_line(r, &l, NDJSON_OBJECT, "{\"c\":3}", path, 4);
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 0);
	assert_int_equal(ndjson_trouble(r), 0);
	ndjson_close(r);
}

static void
test_bom_each_file(void **state)
{
	char *names[4];
	struct ndjson_reader *r;
	struct ndjson_line l;

	(void)state;
	names[0] = temp_text("\xEF\xBB\xBF" "{\"f\":1}\n{\"f\":2}\n");
	names[1] = temp_text("\xEF\xBB\xBF" "{\"g\":1}\r\n"
	    "\xEF\xBB\xBF" "{\"g\":2}\n");
	/* shorter than a BOM, and a BOM with nothing after it */
	names[2] = temp_text("{}");
	names[3] = temp_text("\xEF\xBB\xBF");
	r = ndjson_open(names, 4, 1024);
	expect_line(r, &l, NDJSON_OBJECT, "{\"f\":1}", names[0], 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"f\":2}", names[0], 2);
	expect_line(r, &l, NDJSON_OBJECT, "{\"g\":1}", names[1], 1);
	/* a BOM is skipped at the start of a file only */
	expect_line(r, &l, NDJSON_BAD_JSON, "\xEF\xBB\xBF" "{\"g\":2}",
	    names[1], 2);
	expect_line(r, &l, NDJSON_OBJECT, "{}", names[2], 1);
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 0);
	assert_int_equal(ndjson_trouble(r), 0);
	ndjson_close(r);
}

static void
test_blank_lines(void **state)
{
	char *path = temp_text("\n  \n\t\n{\"a\":1}\n \t \r\n\r\n{\"b\":2}\n\n"
	    "   ");
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;

	(void)state;
	expect_line(r, &l, NDJSON_OBJECT, "{\"a\":1}", path, 4);
	assert_int_equal(ndjson_blank_lines(r), 3);
	expect_line(r, &l, NDJSON_OBJECT, "{\"b\":2}", path, 7);
	assert_int_equal(ndjson_blank_lines(r), 5);
	expect_end(r);
	/* line 8 empty, line 9 spaces without \n */
	assert_int_equal(ndjson_blank_lines(r), 7);
	ndjson_close(r);
}

static void
test_line_numbers_per_file(void **state)
{
	char *names[3];
	struct ndjson_reader *r;
	struct ndjson_line l;

	(void)state;
	names[0] = temp_text("{\"x\":1}\n\n{\"x\":2}\n");
	names[1] = temp_text("");
	names[2] = temp_text("\n{\"y\":1}\n");
	r = ndjson_open(names, 3, 1024);
	expect_line(r, &l, NDJSON_OBJECT, "{\"x\":1}", names[0], 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"x\":2}", names[0], 3);
	expect_line(r, &l, NDJSON_OBJECT, "{\"y\":1}", names[2], 2);
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 2);
	ndjson_close(r);
}

static void
test_stdin(void **state)
{
	char *path = temp_text("{\"in\":1}\n\n{\"in\":2}");
	char *file = temp_text("{\"file\":1}\n");
	char *names[] = { file, "-", file };
	struct ndjson_reader *r;
	struct ndjson_line l;
	int saved = dup(0), fd;

	(void)state;
	assert_true(saved >= 0);

	/* "-" among files */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	r = ndjson_open(names, 3, 1024);
	expect_line(r, &l, NDJSON_OBJECT, "{\"file\":1}", file, 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"in\":1}", "(standard input)", 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"in\":2}", "(standard input)", 3);
	expect_line(r, &l, NDJSON_OBJECT, "{\"file\":1}", file, 1);
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 1);
	ndjson_close(r);
	/* the reader leaves standard input open */
	assert_true(fcntl(0, F_GETFD) >= 0);

	/* no names at all: standard input */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	r = ndjson_open(NULL, 0, 1024);
	expect_line(r, &l, NDJSON_OBJECT, "{\"in\":1}", "(standard input)", 1);
	expect_line(r, &l, NDJSON_OBJECT, "{\"in\":2}", "(standard input)", 3);
	expect_end(r);
	ndjson_close(r);

	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
}

static void
test_kinds(void **state)
{
	char *path = temp_text(
	    "{\"a\":1}\n"
	    "[1,2]\n"
	    "\"str\"\n"
	    "42\n"
	    "{bad\n"
	    "{\"a\":1,\"a\":2}\n"
	    "{\"s\":\"\xff\"}\n"
	    "{\"n\":\"a\\u0000b\"}\n"
	    "{} {}\n"
	    "  {\"sp\":true}  \n");
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;

	(void)state;
	expect_line(r, &l, NDJSON_OBJECT, "{\"a\":1}", path, 1);
	assert_int_equal(l.column, 0);
	expect_line(r, &l, NDJSON_NOT_OBJECT, "[1,2]", path, 2);
	assert_true(json_is_array(l.value));
	assert_int_equal(json_array_size(l.value), 2);
	expect_line(r, &l, NDJSON_NOT_OBJECT, "\"str\"", path, 3);
	assert_string_equal(json_string_value(l.value), "str");
	expect_line(r, &l, NDJSON_NOT_OBJECT, "42", path, 4);
	assert_int_equal(json_integer_value(l.value), 42);

	expect_line(r, &l, NDJSON_BAD_JSON, "{bad", path, 5);
	assert_int_equal(l.column, 2);
	assert_string_equal(l.error, "a string key expected");
	/* jansson would keep the last "a" silently */
	expect_line(r, &l, NDJSON_BAD_JSON, "{\"a\":1,\"a\":2}", path, 6);
	assert_int_equal(l.column, 8);
	assert_string_equal(l.error, "a key that the object has already");
	expect_line(r, &l, NDJSON_BAD_JSON, "{\"s\":\"\xff\"}", path, 7);
	assert_int_equal(l.column, 7);
	assert_string_equal(l.error, "invalid UTF-8");

	expect_line(r, &l, NDJSON_OBJECT, "{\"n\":\"a\\u0000b\"}", path, 8);
	assert_int_equal(json_string_length(json_object_get(l.value, "n")), 3);
	assert_memory_equal(json_string_value(json_object_get(l.value, "n")),
	    "a\0b", 3);
	expect_line(r, &l, NDJSON_BAD_JSON, "{} {}", path, 9);
	assert_int_equal(l.column, 4);
	assert_string_equal(l.error,
	    "the end of the line expected after the value");
	/* spaces around a value are the line's, and harmless */
	expect_line(r, &l, NDJSON_OBJECT, "  {\"sp\":true}  ", path, 10);
	/* a good line after a bad one has no stale error */
	assert_int_equal(l.column, 0);
	expect_end(r);
	ndjson_close(r);
}

static void
test_too_long(void **state)
{
	char *rest70 = repeat('x', 70), *text, *path, *got;
	/* exactly 16 bytes: at the limit, not over it */
	const char *at_limit = "{\"k\":\"12345678\"}";
	struct ndjson_reader *r;
	struct ndjson_line l;
	size_t len, nchunks;

	(void)state;
	assert_int_equal(strlen(at_limit), 16);
	text = xasprintf("{\"a\":1}\n0123456789abcdef%s\n%s\n"
	    "{\"k\":\"123456789\"}\n{\"b\":2}\n0123456789abcdefTAIL",
	    rest70, at_limit);
	path = temp_text(text);
	r = ndjson_open(&path, 1, 16);
	expect_line(r, &l, NDJSON_OBJECT, "{\"a\":1}", path, 1);

	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789abcdef", path, 2);
	assert_int_equal(l.len, 16);
	got = drain_long(r, &len, &nchunks);
	assert_int_equal(len, 70);
	assert_string_equal(got, rest70);
	/* the reader holds a line and its \r\n: the rest comes in pieces */
	assert_true(nchunks >= 4);
	free(got);

	expect_line(r, &l, NDJSON_OBJECT, at_limit, path, 3);
	/* one byte over */
	expect_line(r, &l, NDJSON_TOO_LONG, "{\"k\":\"123456789\"", path, 4);
	got = drain_long(r, &len, &nchunks);
	assert_string_equal(got, "}");
	free(got);
	expect_line(r, &l, NDJSON_OBJECT, "{\"b\":2}", path, 5);

	/* an over-long last line without \n */
	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789abcdef", path, 6);
	got = drain_long(r, &len, &nchunks);
	assert_string_equal(got, "TAIL");
	free(got);
	expect_end(r);
	assert_int_equal(ndjson_trouble(r), 0);
	ndjson_close(r);
	free(text);
	free(rest70);
}

/* The \r of \r\n belongs to the end of line, long line or not. */
static void
test_too_long_crlf(void **state)
{
	const char *at_limit = "{\"k\":\"12345678\"}";
	char *text = xasprintf("%s\r\n", at_limit), *path, *got, *more, *rest;
	struct ndjson_reader *r;
	struct ndjson_line l;
	size_t n, len, nchunks;
	unsigned long lineno = 1;

	(void)state;
	/* rests of every length, so that \r falls at each place in a piece */
	for (n = 1; n <= 40; n++) {
		rest = repeat((char)('a' + n % 26), n);
		more = xasprintf("%s0123456789ABCDEF%s\r\n{}\r\n", text, rest);
		free(text);
		free(rest);
		text = more;
	}
	/* a bare \r inside is the line's; a last \r at the end of file not */
	more = xasprintf("%s0123456789ABCDEFab\rcd\r\n%s\r", text, at_limit);
	free(text);
	text = more;
	path = temp_text(text);
	r = ndjson_open(&path, 1, 16);
	expect_line(r, &l, NDJSON_OBJECT, at_limit, path, lineno++);
	for (n = 1; n <= 40; n++) {
		rest = repeat((char)('a' + n % 26), n);
		expect_line(r, &l, NDJSON_TOO_LONG, "0123456789ABCDEF", path,
		    lineno++);
		got = drain_long(r, &len, &nchunks);
		assert_int_equal(len, n);
		assert_string_equal(got, rest);
		free(got);
		free(rest);
		expect_line(r, &l, NDJSON_OBJECT, "{}", path, lineno++);
	}
	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789ABCDEF", path, lineno++);
	got = drain_long(r, &len, &nchunks);
	assert_int_equal(len, 5);
	assert_string_equal(got, "ab\rcd");
	free(got);
	expect_line(r, &l, NDJSON_OBJECT, at_limit, path, lineno++);
	expect_end(r);
	ndjson_close(r);
	free(text);

	/* skipped by ndjson_next without draining, then a rest of one \r */
	text = xstrdup("0123456789ABCDEFxyz\r\n{}\r\n0123456789ABCDEF\r\r\n"
	    "{}\r\n0123456789ABCDEFxyz\r");
	path = temp_text(text);
	r = ndjson_open(&path, 1, 16);
	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789ABCDEF", path, 1);
	expect_line(r, &l, NDJSON_OBJECT, "{}", path, 2);
	/* 17 bytes and \r\n: over the limit by its last \r */
	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789ABCDEF", path, 3);
	got = drain_long(r, &len, &nchunks);
	assert_string_equal(got, "\r");
	free(got);
	expect_line(r, &l, NDJSON_OBJECT, "{}", path, 4);
	expect_line(r, &l, NDJSON_TOO_LONG, "0123456789ABCDEF", path, 5);
	got = drain_long(r, &len, &nchunks);
	assert_string_equal(got, "xyz");
	free(got);
	expect_end(r);
	ndjson_close(r);
	free(text);
}

static void
test_too_long_skipped(void **state)
{
	char *a = repeat('a', 100), *b = repeat('b', 33), *text, *path;
	char *names[2];
	struct ndjson_reader *r;
	struct ndjson_line l;
	const char *p;

	(void)state;
	text = xasprintf("%s\n{\"after\":1}\n%s\n\n%s", a, b, b);
	path = temp_text(text);
	names[0] = path;
	names[1] = temp_text("{\"next\":1}\n");
	r = ndjson_open(names, 2, 16);
	expect_line(r, &l, NDJSON_TOO_LONG, "aaaaaaaaaaaaaaaa", path, 1);
	/* not drained: ndjson_next skips the rest itself */
	expect_line(r, &l, NDJSON_OBJECT, "{\"after\":1}", path, 2);
	/* nothing is over-long now */
	assert_int_equal(ndjson_long_chunk(r, &p), 0);
	/* drained in part */
	expect_line(r, &l, NDJSON_TOO_LONG, "bbbbbbbbbbbbbbbb", path, 3);
	assert_true(ndjson_long_chunk(r, &p) > 0);
	/* an over-long last line of a file, skipped, then the next file */
	expect_line(r, &l, NDJSON_TOO_LONG, "bbbbbbbbbbbbbbbb", path, 5);
	expect_line(r, &l, NDJSON_OBJECT, "{\"next\":1}", names[1], 1);
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 1);
	ndjson_close(r);
	free(text);
	free(a);
	free(b);
}

/* Over the 256 KiB read block: a line bigger than a block, whole or not. */
static void
test_long_lines_over_block(void **state)
{
	size_t big = 300 * 1024, huge = 700 * 1024, len, nchunks;
	char *s = repeat('s', big), *h = repeat('h', huge);
	char *text, *path, *got;
	struct ndjson_reader *r;
	struct ndjson_line l;

	(void)state;
	text = xasprintf("{\"s\":\"%s\"}\n%s\n{\"end\":1}\n", s, h);
	path = temp_text(text);

	/* a limit above both: the first line comes whole */
	r = ndjson_open(&path, 1, 1024 * 1024);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(l.len, big + 8);
	assert_int_equal(json_string_length(json_object_get(l.value, "s")),
	    big);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, huge);
	assert_int_equal(l.lineno, 2);
	expect_line(r, &l, NDJSON_OBJECT, "{\"end\":1}", path, 3);
	expect_end(r);
	ndjson_close(r);

	/* a limit above the block but below the second line */
	r = ndjson_open(&path, 1, 400 * 1024);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(l.len, big + 8);
	assert_int_equal(ndjson_next(r, &l), NDJSON_TOO_LONG);
	assert_int_equal(l.len, 400 * 1024);
	assert_int_equal(l.lineno, 2);
	assert_memory_equal(l.text, h, l.len);
	got = drain_long(r, &len, &nchunks);
	assert_int_equal(len, huge - 400 * 1024);
	assert_memory_equal(got, h, len);
	free(got);
	expect_line(r, &l, NDJSON_OBJECT, "{\"end\":1}", path, 3);
	expect_end(r);
	ndjson_close(r);
	free(text);
	free(s);
	free(h);
}

/* Thousands of lines of varied length, so lines cross block boundaries. */
static void
test_block_boundaries(void **state)
{
	enum { NLINES = 4000 };
	static const size_t limits[] = { 1024 * 1024, 1000 };
	char **want = xcalloc(NLINES, sizeof(*want));
	char *text = NULL, *path;
	size_t len = 0, cap = 0, i, k, nblank = 0;

	(void)state;
	for (i = 0; i < NLINES; i++) {
		size_t padlen = (i * 7919) % 400;
		char *pad = repeat((char)('a' + i % 26), padlen);
		const char *eol = i % 3 == 0 ? "\r\n" : "\n";
		char *line;
		void *v = text;

		if (i % 97 == 5) {	/* blank lines, counted */
			want[i] = xstrdup(i % 2 ? "" : " \t");
			nblank++;
		} else
			want[i] = xasprintf("{\"i\":%zu,\"p\":\"%s\"}", i,
			    pad);
		if (i == NLINES - 1)
			eol = "";
		line = xasprintf("%s%s", want[i], eol);
		xgrow(&v, &cap, len + strlen(line) + 1, 1);
		text = v;
		memcpy(text + len, line, strlen(line) + 1);
		len += strlen(line);
		free(line);
		free(pad);
	}
	assert_true(len > 3 * 256 * 1024);
	path = temp_file(text, len);
	for (k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
		struct ndjson_reader *r = ndjson_open(&path, 1, limits[k]);
		struct ndjson_line l;

		for (i = 0; i < NLINES; i++) {
			if (want[i][0] != '{')
				continue;
			expect_line(r, &l, NDJSON_OBJECT, want[i], path, i + 1);
			assert_int_equal(json_integer_value(
			    json_object_get(l.value, "i")), i);
		}
		expect_end(r);
		assert_int_equal(ndjson_blank_lines(r), nblank);
		ndjson_close(r);
	}
	for (i = 0; i < NLINES; i++)
		free(want[i]);
	free(want);
	free(text);
}

static void
test_missing_file(void **state)
{
	char *names[4], *err, *want, text[32];
	struct ndjson_reader *r;
	struct ndjson_line l;
	enum ndjson_kind kind[4];
	const char *source = NULL;
	unsigned long lineno = 0;
	struct capture c;
	const char *dir = getenv("TMPDIR");
	int trouble;

	(void)state;
	names[0] = temp_text("{\"one\":1}\n");
	names[1] = "/nonexistent/wmskit/missing.ndjson";
	/* opens, but cannot be read */
	names[2] = xstrdup(dir != NULL && *dir != '\0' ? dir : "/tmp");
	names[3] = temp_text("{\"two\":2}\n");
	r = ndjson_open(names, 4, 1024);
	capture_begin(&c);
	kind[0] = ndjson_next(r, &l);
	kind[1] = ndjson_next(r, &l);
	snprintf(text, sizeof(text), "%.*s", (int)l.len, l.text);
	source = l.source;
	lineno = l.lineno;
	kind[2] = ndjson_next(r, &l);
	kind[3] = ndjson_next(r, &l);
	trouble = ndjson_trouble(r);
	err = capture_end(&c);

	/* the files after the missing one and the directory are read */
	assert_int_equal(kind[0], NDJSON_OBJECT);
	assert_int_equal(kind[1], NDJSON_OBJECT);
	assert_string_equal(text, "{\"two\":2}");
	assert_string_equal(source, names[3]);
	assert_int_equal(lineno, 1);
	assert_int_equal(kind[2], NDJSON_END);
	assert_int_equal(kind[3], NDJSON_END);
	assert_int_equal(trouble, 1);
	want = xasprintf("%s: %s: No such file or directory\n"
	    "%s: %s: Is a directory\n", progname, names[1], progname,
	    names[2]);
	assert_string_equal(err, want);
	ndjson_close(r);
	free(names[2]);
	free(want);
	free(err);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	diag_init("test_ndjson");
	return 0;
}

/* A file being appended to: a cut last line is left for the next run. */
static void
test_growing(void **state)
{
	char *names[1], *err;
	struct ndjson_reader *r;
	struct ndjson_line l;
	struct capture c;

	(void)state;
	diag_init("test");
	names[0] = temp_text("{\"a\":1}\n{\"b\":[1,2");
	r = ndjson_open(names, 1, 1024);
	ndjson_growing(r);
	capture_begin(&c);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(ndjson_next(r, &l), NDJSON_END);
	err = capture_end(&c);
	assert_int_equal(ndjson_trouble(r), 0);
	ndjson_close(r);
	assert_true(strstr(err, ":2: a last line without its newline: not "
	    "yet written? left for the next run\n") != NULL);
	free(err);

	/* a reader that needs the file whole holds it as bad JSON */
	r = ndjson_open(names, 1, 1024);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	ndjson_close(r);

	/* a last line that parses is a record, growing or not */
	names[0] = temp_text("{\"a\":1}\n{\"b\":2}");
	r = ndjson_open(names, 1, 1024);
	ndjson_growing(r);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(ndjson_next(r, &l), NDJSON_END);
	ndjson_close(r);
}

/* jansson would read "123" NUL as 123: a raw NUL is never JSON. */
static void
test_nul_byte(void **state)
{
	static const char text[] = "123\0\n{\"a\":1}\0\n{\"a\":1}\0x\n"
	    "{\"\xc3\xa9\":\"a\0b\"}\n{bad,1}\0\n";
	char *path = temp_file(text, sizeof(text) - 1);
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;
	char msg[256];

	(void)state;
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, 4);	/* the NUL is the line's */
	assert_memory_equal(l.text, "123\0", 4);
	assert_int_equal(l.column, 4);
	assert_null(l.value);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, 8);
	assert_memory_equal(l.text, "{\"a\":1}\0", 8);
	assert_int_equal(l.column, 8);
	ndjson_problem(&l, msg, sizeof(msg));
	assert_string_equal(msg, "invalid JSON at column 8: a NUL byte "
	    "(JSON writes one as \\u0000, in a string)");
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, 9);
	assert_int_equal(l.column, 8);
	/* in a string; the column counts characters, as jansson's */
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, 12);
	assert_int_equal(l.column, 8);
	/* a fault before the NUL is the one said */
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.column, 2);
	assert_string_equal(l.error, "a string key expected");
	expect_end(r);
	ndjson_close(r);
}

/*
 * Every line is read by jtree: what jansson's parser could not hold (a
 * 30-digit number, a key with \u0000) is an object like any other, its
 * tree written back as the line came; a refusal has jdoc's reason and its
 * column; blank lines are as before.
 */
static void
test_tree(void **state)
{
	static const char first[] =
	    "{\"id\":123456789012345678901234567890,\"a\\u0000\":1.10}";
	char *path = temp_text(
	    "{\"id\":123456789012345678901234567890,\"a\\u0000\":1.10}\n"
	    "  \n"
	    "[1]\n"
	    "{\"\u00e9\":\"x\"\t}\n"
	    "{\"a\":1,\"a\":2}\n"
	    "{\"b\":tru}\n");
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;
	struct writer w;
	char *out, *text;
	size_t len;

	(void)state;
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(l.lineno, 1);
	assert_true(json_is_real(json_object_get(l.value, "id")));
	assert_true(json_real_value(json_object_getn(l.value, "a\0", 2)) ==
	    1.1);
	out = temp_writer(&w);
	jtree_write(&w, l.tree, 0, l.value);
	writer_end_record(&w);
	writer_close(&w);
	text = read_whole(out, &len);
	assert_int_equal(len, sizeof(first));
	assert_memory_equal(text, first, len - 1);
	free(text);
	assert_int_equal(ndjson_next(r, &l), NDJSON_NOT_OBJECT);
	assert_int_equal(l.lineno, 3);
	assert_true(json_is_array(l.value));
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.column, 8);
	assert_string_equal(l.error, "a key that the object has already");
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.lineno, 6);
	assert_int_equal(l.column, 6);
	assert_string_equal(l.error, "a value expected");
	expect_end(r);
	assert_int_equal(ndjson_blank_lines(r), 1);
	ndjson_close(r);
}

/* Valid JSON passes whatever its numbers: jansson's limits are not the
 * kit's (jtree.h). */
static void
test_numbers_pass(void **state)
{
	char *path = temp_text(
	    "12345678901234567890\n"
	    "{\"a\":[1,{\"b\":-9223372036854775809}]}\n"
	    "{\"n\":-1.5e999, \"m\": 1e999}\n"
	    "[9223372036854775807,-9223372036854775808,1e-400,1.7e308]\n"
	    "{\"n\":1E400,}\n"
	    "[99999999999999999999,01]\n");
	struct ndjson_reader *r = ndjson_open(&path, 1, 1024);
	struct ndjson_line l;
	json_t *v;

	(void)state;
	expect_line(r, &l, NDJSON_NOT_OBJECT, "12345678901234567890", path, 1);
	assert_true(json_real_value(l.value) == 12345678901234567890.0);
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	v = json_object_get(json_array_get(json_object_get(l.value, "a"), 1),
	    "b");
	assert_true(json_is_real(v));
	assert_int_equal(ndjson_next(r, &l), NDJSON_OBJECT);
	/* beyond a double: held at its largest, the text kept by jtree */
	assert_true(json_real_value(json_object_get(l.value, "n")) ==
	    -DBL_MAX);
	assert_true(json_real_value(json_object_get(l.value, "m")) ==
	    DBL_MAX);
	assert_int_equal(ndjson_next(r, &l), NDJSON_NOT_OBJECT);
	assert_int_equal(json_integer_value(json_array_get(l.value, 0)),
	    INT64_MAX);
	assert_int_equal(json_integer_value(json_array_get(l.value, 1)),
	    INT64_MIN);
	assert_true(json_real_value(json_array_get(l.value, 2)) == 0);
	/* not valid JSON for another reason: bad_json still */
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	expect_end(r);
	ndjson_close(r);
}

/* A file sniff names is said, skipped and trouble; the next is read. */
static void
test_refused_files(void **state)
{
	static const char gz[] = "\x1f\x8b\x08\0\0\0\0\0\0\x03";
	static const char u16[] = "\xff\xfe{\0}\0\n\0";
	char *names[4];
	struct ndjson_reader *r;
	struct ndjson_line l;
	struct capture c;
	char *err, *want;

	(void)state;
	names[0] = temp_file(gz, sizeof(gz) - 1);
	names[1] = temp_file(u16, sizeof(u16) - 1);
	names[2] = temp_text("{\"ok\":1}\n");
	names[3] = temp_file("123\0\n", 5);	/* NUL after a value: read */
	diag_init("test");
	r = ndjson_open(names, 4, 1024);
	capture_begin(&c);
	ndjson_next(r, &l);
	err = capture_end(&c);
	assert_int_equal(l.kind, NDJSON_OBJECT);
	assert_string_equal(l.source, names[2]);
	assert_int_equal(ndjson_next(r, &l), NDJSON_BAD_JSON);
	assert_int_equal(l.len, 4);
	assert_string_equal(l.source, names[3]);
	expect_end(r);
	assert_true(ndjson_trouble(r));
	ndjson_close(r);
	want = xasprintf("test: %s: is gzip-compressed: decompress it first, "
	    "e.g. zcat FILE | PROG (wmskit reads no gzip)\n"
	    "test: %s: is UTF-16 text: convert it to UTF-8, e.g. iconv -f "
	    "UTF-16 -t UTF-8\n", names[0], names[1]);
	assert_string_equal(err, want);
	free(want);
	free(err);

	/* a side file says it in its error, once */
	capture_begin(&c);
	assert_int_equal(ndjson_read_file(names[1], NULL, NULL, &err), 0);
	want = capture_end(&c);
	assert_string_equal(want, "");
	free(want);
	want = xasprintf("%s: is UTF-16 text: convert it to UTF-8, e.g. "
	    "iconv -f UTF-16 -t UTF-8", names[1]);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lf_and_crlf),
		cmocka_unit_test(test_bom_each_file),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_line_numbers_per_file),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_too_long_crlf),
		cmocka_unit_test(test_too_long_skipped),
		cmocka_unit_test(test_long_lines_over_block),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_growing),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_numbers_pass),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_refused_files),
	};

	return cmocka_run_group_tests(tests, setup, remove_temps);
}
