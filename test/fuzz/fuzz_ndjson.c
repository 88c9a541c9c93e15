/*
 * fuzz_ndjson: bytes as NDJSON files, through the reader (lib/core/ndjson.c)
 * and out through the writer and the exception envelopes, as every program
 * does. Properties, checked against a model of the reader's documented
 * rules (lines end at \n, one \r before it dropped, a BOM at the start of
 * each file skipped, lines of spaces and tabs blank, a line over max_line
 * held whole):
 *   - the number of records out is the number of non-blank lines in;
 *   - every output line is valid JSON (strict: UTF-8, no duplicate keys);
 *   - an object comes out equal to the line parsed (types, key order, the
 *     bits of reals); any other line comes out as an envelope whose record,
 *     raw or raw_base64 is the line exactly, with its source and number;
 *   - no crash, no undefined behaviour, no leak.
 * Each input is read three ways: one file with a large max_line, one file
 * with a tiny one (the buffer edges), and split into two files.
 */
#include "fuzz.h"

#include "exception.h"
#include "jsonw.h"
#include "ndjson.h"
#include "utf8.h"
#include "writer.h"

struct expect {
	size_t file;		/* which of the files */
	unsigned long lineno;
	const char *text;	/* the line as the model reads it */
	size_t len;
	int too_long;
};

/* The model: the records that the file's bytes must give, appended. */
static void
model(const char *p, size_t n, size_t file, size_t max_line,
    struct expect **ex, size_t *nex, size_t *cap)
{
	unsigned long lineno = 0;
	size_t i;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n, raw = len;
		int too_long, blank = 1;

		lineno++;
		too_long = raw > max_line && !(raw == max_line + 1 &&
		    p[max_line] == '\r');
		if (len > 0 && p[len - 1] == '\r')
			len--;
		for (i = 0; i < len; i++)
			if (p[i] != ' ' && p[i] != '\t')
				blank = 0;
		if (too_long || !blank) {
			if (*nex == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				*ex = realloc(*ex, *cap * sizeof(**ex));
				FUZZ_CHECK(*ex != NULL, "out of memory");
			}
			(*ex)[(*nex)++] = (struct expect){ file, lineno, p, len,
			    too_long };
		}
		p += raw + (nl != NULL);
		n -= raw + (nl != NULL);
	}
}

/* The writing side of a program's loop for one line. */
static void
emit(struct writer *w, struct ndjson_reader *r, struct ndjson_line *line)
{
	struct exception e = { .code = EXC_NONE, .message = "fuzz" };

	switch (line->kind) {
	case NDJSON_OBJECT:
		jsonw_value(w, line->value);
		writer_end_record(w);
		break;
	case NDJSON_NOT_OBJECT:
		e.code = EXC_NOT_AN_OBJECT;
		exc_write_record(w, "fuzz", &e, line, line->value);
		break;
	case NDJSON_BAD_JSON:
		e.code = EXC_BAD_JSON;
#ifndef FUZZ_TOLERATE_KNOWN
		e.message = line->error;	/* jansson's text, as tool.c */
#endif
		exc_write_raw(w, "fuzz", &e, line);
		break;
	case NDJSON_TOO_LONG:
		e.code = EXC_LINE_TOO_LONG;
		exc_write_long(w, "fuzz", &e, line, r);
		break;
	case NDJSON_END:
		break;
	}
}

/* One output line against what the model expects of it. */
static void
check_record(const char *out, size_t outlen, const struct expect *x,
    char *const *names)
{
	json_error_t err;
	json_t *got = parse_strict(out, outlen, &err), *exc, *want;
	const char *code;

	FUZZ_CHECK(got != NULL && json_is_object(got), "output line is not "
	    "a JSON object (%s): %.*s", got ? "not an object" : err.text,
	    (int)(outlen > 300 ? 300 : outlen), out);
	exc = json_object_get(got, "exception");
	if (x->too_long) {
		json_t *b = json_object_get(got, "raw_base64");
		unsigned char *bytes;
		size_t n;

		FUZZ_CHECK(exc != NULL && json_is_string(b), "a line over "
		    "max_line is not held with raw_base64");
		FUZZ_CHECK(strcmp(json_string_value(json_object_get(exc,
		    "code")), "line_too_long") == 0, "wrong code for a long "
		    "line");
		FUZZ_CHECK(base64_decode(json_string_value(b),
		    json_string_length(b), &bytes, &n), "raw_base64 is not "
		    "base64");
		FUZZ_CHECK(n == x->len && memcmp(bytes, x->text, n) == 0,
		    "raw_base64 of a long line (line %lu) is not the line: "
		    "%zu bytes, want %zu", x->lineno, n, x->len);
		free(bytes);
		goto where;
	}
	want = parse_strict(x->text, x->len, &err);
	if (want != NULL && json_is_object(want)) {
		FUZZ_CHECK(json_same(got, want), "object on line %lu does not "
		    "round-trip: in %.*s out %.*s", x->lineno, (int)x->len,
		    x->text, (int)outlen, out);
		json_decref(want);
		json_decref(got);
		return;
	}
	FUZZ_CHECK(exc != NULL, "line %lu should be held", x->lineno);
	code = json_string_value(json_object_get(exc, "code"));
	if (want != NULL) {
		FUZZ_CHECK(strcmp(code, "not_an_object") == 0, "code %s for "
		    "a non-object", code);
		FUZZ_CHECK(json_same(json_object_get(got, "record"), want),
		    "record of a non-object (line %lu) is not the line",
		    x->lineno);
		json_decref(want);
	} else {
		json_t *raw = json_object_get(got, "raw");
		json_t *b = json_object_get(got, "raw_base64");

		FUZZ_CHECK(strcmp(code, "bad_json") == 0, "code %s for bad "
		    "JSON", code);
		if (raw != NULL) {
			FUZZ_CHECK(json_is_string(raw) && b == NULL &&
			    json_string_length(raw) == x->len &&
			    memcmp(json_string_value(raw), x->text, x->len) ==
			    0, "raw is not the line %lu", x->lineno);
			FUZZ_CHECK(utf8_valid(x->text, x->len), "raw for a "
			    "line that is not UTF-8");
		} else {
			unsigned char *bytes;
			size_t n;

			FUZZ_CHECK(json_is_string(b) && base64_decode(
			    json_string_value(b), json_string_length(b), &bytes,
			    &n), "neither raw nor raw_base64");
			FUZZ_CHECK(n == x->len && memcmp(bytes, x->text, n) ==
			    0, "raw_base64 is not the line %lu", x->lineno);
			FUZZ_CHECK(!utf8_valid(x->text, x->len), "raw_base64 "
			    "for a UTF-8 line");
			free(bytes);
		}
	}
where:
	FUZZ_CHECK(json_integer_value(json_object_get(exc, "line")) ==
	    (json_int_t)x->lineno, "envelope line %lld, want %lu",
	    (long long)json_integer_value(json_object_get(exc, "line")),
	    x->lineno);
	FUZZ_CHECK(strcmp(json_string_value(json_object_get(exc, "source")),
	    names[x->file]) == 0, "envelope source");
	json_decref(got);
}

static void
run(const uint8_t *data, size_t size, size_t split, size_t max_line)
{
	struct mem_file f[2], out;
	char *names[2];
	size_t nfiles = split < size ? 2 : 1, nex = 0, cap = 0, i, outlen;
	struct expect *ex = NULL;
	struct ndjson_reader *r;
	struct ndjson_line line;
	struct writer w;
	char *text, *p;

	if (nfiles == 1)
		split = size;
	mem_file_open(&f[0], data, split);
	names[0] = f[0].path;
	model((const char *)data, split, 0, max_line, &ex, &nex, &cap);
	if (nfiles == 2) {
		mem_file_open(&f[1], data + split, size - split);
		names[1] = f[1].path;
		model((const char *)data + split, size - split, 1, max_line,
		    &ex, &nex, &cap);
	}
	mem_file_open(&out, "", 0);
	writer_open(&w, out.fd, "fuzz output");
	r = ndjson_open(names, nfiles, max_line);
	while (ndjson_next(r, &line) != NDJSON_END) {
		FUZZ_CHECK(line.len <= max_line, "a line longer than max_line");
		emit(&w, r, &line);
	}
	FUZZ_CHECK(!ndjson_trouble(r), "the reader reports trouble");
	ndjson_close(r);
	writer_release(&w);

	text = read_back(out.fd, &outlen);
	for (i = 0, p = text; p < text + outlen; i++) {
		char *nl = memchr(p, '\n', (size_t)(text + outlen - p));

		FUZZ_CHECK(nl != NULL, "the output ends in half a line");
		FUZZ_CHECK(i < nex, "more records out (%zu+) than non-blank "
		    "lines in (%zu)", i + 1, nex);
		check_record(p, (size_t)(nl - p), &ex[i], names);
		p = nl + 1;
	}
	FUZZ_CHECK(i == nex, "%zu records out for %zu non-blank lines in "
	    "(max_line %zu)", i, nex, max_line);
	free(text);
	free(ex);
	mem_file_close(&out);
	mem_file_close(&f[0]);
	if (nfiles == 2)
		mem_file_close(&f[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, size, 1 << 20);
	if (size > 0) {
#ifdef FUZZ_TOLERATE_KNOWN	/* known: --max-line 1 before the BOM test */
		run(data, size, size, (size_t)(data[0] & 31) + 2);
#else
		run(data, size, size, (size_t)(data[0] & 31) + 1);
#endif
		run(data, size, (size_t)data[0] * size / 256, 1 << 20);
	}
	return 0;
}
