/*
 * Unit tests of exception: the code table, its copy in wmskit(7), and the
 * envelopes, written through a writer to a temporary file and compared
 * byte for byte.
 */
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
#include "exception.h"
#include "ndjson.h"
#include "writer.h"
#include "xalloc.h"


/* Base64 the plain way, to check the streaming one against. */
static char *
base64(const unsigned char *s, size_t n)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = digits[s[i] >> 2];
		*o++ = digits[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = digits[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		*o++ = digits[s[i + 2] & 63];
	}
	if (n - i == 1) {
		*o++ = digits[s[i] >> 2];
		*o++ = digits[(s[i] & 3) << 4];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		*o++ = digits[s[i] >> 2];
		*o++ = digits[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = digits[(s[i + 1] & 15) << 2];
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static void
test_find_every_code(void **state)
{
	enum exc_code c;

	(void)state;
	for (c = EXC_NONE + 1; c < EXC_NCODES; c++)
		assert_int_equal(exc_find(exc_codes[c].name), c);
	assert_int_equal(exc_find("no_such_code"), EXC_NONE);
	assert_int_equal(exc_find(""), EXC_NONE);
	assert_string_equal(exc_codes[EXC_BAD_JSON].name, "bad_json");
	assert_int_equal(exc_codes[EXC_BAD_JSON].owner, EXC_INTEGRATION);
	assert_int_equal(exc_codes[EXC_UNKNOWN_SKU].owner, EXC_ECOMMERCE);
	assert_int_equal(exc_codes[EXC_CANCELLED_BUT_ACTIVE].owner, EXC_OPS);
	assert_int_equal(exc_codes[EXC_FULFILLED_NOT_DISPATCHED].owner,
	    EXC_FINANCE);
	assert_string_equal(exc_owners[EXC_ECOMMERCE], "ecommerce");
}

/* Every code has its entry (a code added to the enum and not the table
 * would be a hole), in the order of the names, so the enum is sorted. */
static void
test_table_sorted_and_owned(void **state)
{
	enum exc_code i;

	(void)state;
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++) {
		const struct exc_code_info *c = &exc_codes[i];

		assert_non_null(c->name);
		if (i > EXC_NONE + 1 && strcmp(exc_codes[i - 1].name,
		    c->name) >= 0)
			fail_msg("\"%s\" before \"%s\"", exc_codes[i - 1].name,
			    c->name);
		assert_true(strlen(c->name) > 0);
		assert_int_equal(strspn(c->name, "abcdefghijklmnopqrstuvwxyz_"),
		    strlen(c->name));
		assert_true(c->owner <= EXC_INTEGRATION);
		assert_non_null(c->action);
		assert_true(strlen(c->action) > 0);
	}
}

/* Every code is in wmskit(7) as ".It Sy CODE Pq OWNER", a line alone. */
static void
test_man_page_agrees(void **state)
{
	const char *man = SRCDIR "/man/wmskit.7";
	char *text, *lines, *want;
	size_t i;

	(void)state;
	if (access(man, R_OK) != 0)
		fail_msg("%s: cannot be read", man);
	text = read_whole(man, NULL);
	lines = xasprintf("\n%s\n", text);
	for (i = EXC_NONE + 1; i < EXC_NCODES; i++) {
		const char *owner = exc_owners[exc_codes[i].owner];

		want = xasprintf("\n.It Sy %s Pq %s\n", exc_codes[i].name,
		    owner);
		if (strstr(lines, want) == NULL)
			fail_msg("%s has no line \".It Sy %s Pq %s\"", man,
			    exc_codes[i].name, owner);
		free(want);
	}
	free(lines);
	free(text);
}

static void
test_write_record(void **state)
{
	struct writer w;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *value, *detail, *record;
	char *path, *got;

	(void)state;
	memset(&line, 0, sizeof(line));
	line.source = "orders.ndjson";
	line.lineno = 7;
	value = json_string("X-1");
	detail = parse_json("{\"nearest\":[\"X-2\",\"X-10\"],\"also\":[{\"code\":"
	    "\"bad_sku\",\"path\":\"line_items[1].sku\",\"value\":1}]}");
	record = parse_json("{\"id\":1,\"total\":19.99,\"whole\":100.0,"
	    "\"big\":9223372036854775807,\"neg\":-42,"
	    "\"note\":\"caf\\u00e9 \\\"q\\\"\\n\\t\\u0001\\\\\","
	    "\"nul\":\"a\\u0000b\",\"line_items\":[{\"sku\":\"X-1\"},"
	    "{\"sku\":1}],\"t\":true,\"z\":null,\"empty\":{},\"none\":[]}");
	e.code = EXC_UNKNOWN_SKU;
	e.message = "SKU \"X-1\" is not in the master; nearest: \"X-2\", "
	    "\"X-10\"";
	e.path = "line_items[0].sku";
	e.value = value;
	e.detail = detail;

	path = temp_writer(&w);
	exc_write_record(&w, "sku-normalize", &e, &line, record);
	/* without path, value or detail; a source that needs escapes */
	e.code = EXC_BAD_SKU;
	e.message = "tab\there";
	e.path = NULL;
	e.value = NULL;
	e.detail = NULL;
	line.source = "dir\\\"odd\".ndjson";
	line.lineno = 4294967295UL;
	exc_write_record(&w, "t", &e, &line, json_object_get(record,
	    "empty"));
	got = written_envelopes(&w, path);
	assert_string_equal(got,
	    "{\"exception\":{\"tool\":\"sku-normalize\","
	    "\"code\":\"unknown_sku\",\"owner\":\"ecommerce\","
	    "\"message\":\"SKU \\\"X-1\\\" is not in the master; nearest: "
	    "\\\"X-2\\\", \\\"X-10\\\"\",\"source\":\"orders.ndjson\","
	    "\"line\":7,\"path\":\"line_items[0].sku\",\"value\":\"X-1\","
	    "\"nearest\":[\"X-2\",\"X-10\"],\"also\":["
	    "{\"code\":\"bad_sku\",\"path\":\"line_items[1].sku\","
	    "\"value\":1}]},"
	    "\"record\":{\"id\":1,\"total\":19.99,\"whole\":100.0,"
	    "\"big\":9223372036854775807,\"neg\":-42,"
	    "\"note\":\"caf\xC3\xA9 \\\"q\\\"\\n\\t\\u0001\\\\\","
	    "\"nul\":\"a\\u0000b\",\"line_items\":[{\"sku\":\"X-1\"},"
	    "{\"sku\":1}],\"t\":true,\"z\":null,\"empty\":{},\"none\":[]}}\n"
	    "{\"exception\":{\"tool\":\"t\",\"code\":\"bad_sku\",\"owner\":"
	    "\"integration\",\"message\":\"tab\\there\",\"source\":"
	    "\"dir\\\\\\\"odd\\\".ndjson\",\"line\":4294967295},"
	    "\"record\":{}}\n");
	free(got);
	json_decref(value);
	json_decref(detail);
	json_decref(record);
	exc_free(&e);
}

/*
 * The record of its own line is written as the line's text, byte for byte
 * but for the blanks around it; a record that is not the line's value
 * (built by the program) is written by jsonw.
 */
static void
test_write_record_as_it_came(void **state)
{
	struct writer w;
	char *path = temp_writer(&w), *got;
	struct exception e = { .code = EXC_BAD_FIELD, .message = "m" };
	struct ndjson_line line;
	const char text[] = " {\"n\":1.10, \"e\":1e2,\"s\":\"\\u00e9\\/\"}\t\r";
	json_t *other = json_pack("{s:f}", "n", 1.10);

	(void)state;
	memset(&line, 0, sizeof(line));
	line.text = text;
	line.len = sizeof(text) - 1;
	line.source = "in";
	line.lineno = 1;
	line.value = parse_json(text);
	exc_write_record(&w, "t", &e, &line, line.value);
	exc_write_record(&w, "t", &e, &line, other);
	got = written_envelopes(&w, path);
	assert_non_null(strstr(got, ",\"record\":{\"n\":1.10, \"e\":1e2,"
	    "\"s\":\"\\u00e9\\/\"}}\n"));
	assert_non_null(strstr(got, ",\"record\":{\"n\":1.1}}\n"));
	free(got);
	json_decref(line.value);
	json_decref(other);
}

static void
test_write_raw(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *member;
	} cases[] = {
		/* valid UTF-8: the text itself, escaped as JSON */
		{ "{bad \"\xC3\xA9\"\t\\", 11,
		    "\"raw\":\"{bad \\\"\xC3\xA9\\\"\\t\\\\\"" },
		{ "a\0b", 3, "\"raw\":\"a\\u0000b\"" },
		{ "", 0, "\"raw\":\"\"" },
		/* not: base64, whatever is left of the last three bytes */
		{ "\xff", 1, "\"raw_base64\":\"/w==\"" },
		{ "\xff\xfe", 2, "\"raw_base64\":\"//4=\"" },
		{ "\xff\xfe\xfd", 3, "\"raw_base64\":\"//79\"" },
		{ "\xff\xfe\xfd\xfc", 4, "\"raw_base64\":\"//79/A==\"" },
		{ "\xff\xfe\xfd\xfc\xfb", 5, "\"raw_base64\":\"//79/Ps=\"" },
		{ "\xff\xfe\xfd\xfc\xfb\xfa", 6,
		    "\"raw_base64\":\"//79/Pv6\"" },
		/* a cut sequence, an overlong, a surrogate */
		{ "abc\xC3", 4, "\"raw_base64\":\"YWJjww==\"" },
		{ "\xC0\xAF", 2, "\"raw_base64\":\"wK8=\"" },
		{ "\xED\xA0\x80", 3, "\"raw_base64\":\"7aCA\"" },
	};
	struct writer w;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	char *path, *got, *want, *more;
	json_t *record = parse_json("{\"v\":[1,\"x\"]}");
	size_t i;

	(void)state;
	exc_clear(&e);
	e.code = EXC_BAD_JSON;
	e.message = "not JSON: invalid token";
	memset(&line, 0, sizeof(line));
	line.kind = NDJSON_BAD_JSON;
	line.source = "(standard input)";
	path = temp_writer(&w);
	want = xstrdup("");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		line.text = cases[i].text;
		line.len = cases[i].len;
		line.lineno = i + 1;
		exc_write_raw(&w, "wmskit-test", &e, &line);
		more = xasprintf("%s{\"exception\":{\"tool\":\"wmskit-test\","
		    "\"code\":\"bad_json\",\"owner\":\"integration\","
		    "\"message\":\"not JSON: invalid token\",\"source\":"
		    "\"(standard input)\",\"line\":%zu},%s}\n", want, i + 1,
		    cases[i].member);
		free(want);
		want = more;
	}
	/* the code's owner, the path and the value are there for raw too */
	e.code = EXC_NOT_AN_OBJECT;
	e.message = "not an object";
	e.path = "";
	e.value = json_object_get(record, "v");
	line.text = "[1,\"x\"]";
	line.len = 7;
	line.lineno = 99;
	exc_write_raw(&w, "wmskit-test", &e, &line);
	got = written_envelopes(&w, path);
	more = xasprintf("%s{\"exception\":{\"tool\":\"wmskit-test\","
	    "\"code\":\"not_an_object\",\"owner\":\"integration\","
	    "\"message\":\"not an object\",\"source\":\"(standard input)\","
	    "\"line\":99,\"path\":\"\",\"value\":[1,\"x\"]},"
	    "\"raw\":\"[1,\\\"x\\\"]\"}\n", want);
	assert_string_equal(got, more);
	free(more);
	free(want);
	free(got);
	json_decref(record);
	exc_free(&e);
}

/*
 * Over-long lines of many lengths, so the base64 carry between pieces
 * takes every value; the base64 must decode to the whole line.
 */
static void
test_write_long(void **state)
{
	enum { MAX_LINE = 10, FIRST = 11, LAST = 60 };
	struct writer w;
	struct ndjson_line line;
	struct ndjson_reader *r;
	struct exception e = { .code = EXC_NONE };
	char *text = xstrdup("{}\n"), *more, *in, *out, *got, *want, *b64;
	unsigned char bytes[LAST];
	size_t n, i;
	unsigned long lineno;

	(void)state;
	/* all bytes but \n and \r, so most lines are not UTF-8 */
	for (i = 0; i < LAST; i++) {
		bytes[i] = (unsigned char)(i * 37 + 128);
		if (bytes[i] == '\n' || bytes[i] == '\r')
			bytes[i] = 'x';
	}
	for (n = FIRST; n <= LAST; n++) {
		more = xasprintf("%s%.*s%s{}\n", text, (int)n, (char *)bytes,
		    n % 4 == 0 ? "\r\n" : "\n");
		free(text);
		text = more;
	}
	in = temp_file(text, strlen(text));
	exc_clear(&e);
	e.code = EXC_LINE_TOO_LONG;
	e.message = "line longer than 10 bytes";
	r = ndjson_open(&in, 1, MAX_LINE);
	out = temp_writer(&w);
	want = xstrdup("");
	assert_int_equal(ndjson_next(r, &line), NDJSON_OBJECT);
	for (n = FIRST, lineno = 2; n <= LAST; n++, lineno += 2) {
		assert_int_equal(ndjson_next(r, &line), NDJSON_TOO_LONG);
		assert_int_equal(line.lineno, lineno);
		exc_write_long(&w, "wmskit-test", &e, &line, r);
		/* the rest was read: the next line comes next */
		assert_int_equal(ndjson_next(r, &line), NDJSON_OBJECT);
		assert_int_equal(line.lineno, lineno + 1);
		b64 = base64(bytes, n);
		more = xasprintf("%s{\"exception\":{\"tool\":\"wmskit-test\","
		    "\"code\":\"line_too_long\",\"owner\":\"integration\","
		    "\"message\":\"line longer than 10 bytes\",\"source\":"
		    "\"%s\",\"line\":%lu},\"raw_base64\":\"%s\"}\n", want, in,
		    lineno, b64);
		free(b64);
		free(want);
		want = more;
	}
	assert_int_equal(ndjson_next(r, &line), NDJSON_END);
	ndjson_close(r);
	got = written_envelopes(&w, out);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(text);
	exc_free(&e);
}

/* One spelt out: the base64 is that of the whole line, no more. */
static void
test_write_long_literal(void **state)
{
	struct writer w;
	struct ndjson_line line;
	struct ndjson_reader *r;
	struct exception e = { .code = EXC_NONE };
	char *in = temp_file("0123456789abcdefghij\r\n{}", 24), *out, *got;
	char *want;

	(void)state;
	exc_clear(&e);
	e.code = EXC_LINE_TOO_LONG;
	e.message = "m";
	r = ndjson_open(&in, 1, 8);
	out = temp_writer(&w);
	assert_int_equal(ndjson_next(r, &line), NDJSON_TOO_LONG);
	exc_write_long(&w, "t", &e, &line, r);
	assert_int_equal(ndjson_next(r, &line), NDJSON_OBJECT);
	assert_int_equal(line.lineno, 2);
	ndjson_close(r);
	got = written_envelopes(&w, out);
	want = xasprintf("{\"exception\":{\"tool\":\"t\",\"code\":"
	    "\"line_too_long\",\"owner\":\"integration\",\"message\":\"m\","
	    "\"source\":\"%s\",\"line\":1},"
	    "\"raw_base64\":\"MDEyMzQ1Njc4OWFiY2RlZmdoaWo=\"}\n", in);
	assert_string_equal(got, want);
	free(want);
	free(got);
	exc_free(&e);
}

/* Streamed: a line of megabytes does not grow the writer's buffer. */
static void
test_write_long_streamed(void **state)
{
	enum { SIZE = 3 * 1024 * 1024 };
	struct writer w;
	struct ndjson_line line;
	struct ndjson_reader *r;
	struct exception e = { .code = EXC_NONE };
	unsigned char *big = xmalloc(SIZE + 1);
	char *in, *out, *got, *b64, *want;
	size_t i, cap;

	(void)state;
	for (i = 0; i < SIZE; i++)
		big[i] = (unsigned char)(i % 251 == '\n' ? 0 : i % 251);
	big[SIZE] = '\n';
	in = temp_file(big, SIZE + 1);
	exc_clear(&e);
	e.code = EXC_LINE_TOO_LONG;
	e.message = "m";
	r = ndjson_open(&in, 1, 1000);
	out = temp_writer(&w);
	cap = w.cap;
	assert_int_equal(ndjson_next(r, &line), NDJSON_TOO_LONG);
	exc_write_long(&w, "t", &e, &line, r);
	assert_int_equal(w.cap, cap);
	assert_int_equal(ndjson_next(r, &line), NDJSON_END);
	ndjson_close(r);
	got = written_envelopes(&w, out);
	b64 = base64(big, SIZE);
	want = xasprintf("{\"exception\":{\"tool\":\"t\",\"code\":"
	    "\"line_too_long\",\"owner\":\"integration\",\"message\":\"m\","
	    "\"source\":\"%s\",\"line\":1},\"raw_base64\":\"%s\"}\n", in, b64);
	assert_int_equal(strlen(got), strlen(want));
	assert_true(strcmp(got, want) == 0);
	free(want);
	free(b64);
	free(got);
	free(big);
	exc_free(&e);
}

/* e owns its text: a hold reuses the buffers, and exc_free ends them. */
static void
test_hold_owns_text(void **state)
{
	struct exception e = { .code = EXC_NONE };
	json_t *v = json_string("X");
	const char *first;

	(void)state;
	assert_int_equal(exc_hold(&e, EXC_BAD_SKU, "sku", v, "SKU \"%s\"",
	    "X"), 0);
	assert_int_equal(e.code, EXC_BAD_SKU);
	assert_string_equal(e.message, "SKU \"X\"");
	assert_string_equal(e.path, "sku");
	assert_ptr_equal(e.value, v);
	first = e.msgbuf.p;
	exc_add(&e, " is %s", "bad");
	assert_string_equal(e.message, "SKU \"X\" is bad");
	exc_clear(&e);
	assert_int_equal(e.code, EXC_NONE);
	assert_null(e.message);
	assert_null(e.path);
	assert_null(e.value);
	buf_reset(&e.pathbuf);
	buf_adds(&e.pathbuf, "line_items[0].sku");
	exc_hold(&e, EXC_UNKNOWN_SKU, e.pathbuf.p, NULL, "%s", "");
	assert_string_equal(e.message, "");	/* a message, if empty */
	assert_string_equal(e.path, "line_items[0].sku");
	assert_ptr_equal(e.msgbuf.p, first);	/* no new allocation */
	exc_free(&e);
	assert_null(e.msgbuf.p);
	assert_null(e.pathbuf.p);
	assert_int_equal(e.code, EXC_NONE);
	json_decref(v);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	diag_init("test_exception");
	return 0;
}

/* The key's reference: the record's, else a fixed hash of the line. */
static void
test_key(void **state)
{
	struct buf b = { NULL, 0, 0 };
	json_t *order = json_pack("{s:s,s:s}", "name", "#1001", "sku", "X"),
	    *event = json_pack("{s:s,s:i}", "order_ref", "1001",
	    "shipment_id", 7), *stock = json_pack("{s:s}", "sku", "MUG"),
	    *none = json_pack("{s:s}", "name", "");
	char at[21];

	(void)state;
	exc_ref(&b, order, "", 0);
	assert_string_equal(b.p, "#1001");
	exc_ref(&b, event, "", 0);
	assert_string_equal(b.p, "7");
	exc_ref(&b, stock, "", 0);
	assert_string_equal(b.p, "MUG");
	/* FNV-1a 64 of the text: the same in every run */
	exc_ref(&b, none, "", 0);
	assert_string_equal(b.p, "fnv1a64:cbf29ce484222325");
	exc_ref(&b, NULL, "a", 1);
	assert_string_equal(b.p, "fnv1a64:af63dc4c8601ec8c");
	exc_time_text(1795756800, at);
	assert_string_equal(at, "2026-11-27T05:20:00Z");
	exc_time_text(-1, at);
	assert_string_equal(at, "1969-12-31T23:59:59Z");
	assert_int_equal(exc_now(), 1795756800);
	json_decref(order);
	json_decref(event);
	json_decref(stock);
	json_decref(none);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_every_code),
		cmocka_unit_test(test_table_sorted_and_owned),
		cmocka_unit_test(test_man_page_agrees),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_hold_owns_text),
		cmocka_unit_test(test_write_record),
		cmocka_unit_test(test_write_record_as_it_came),
		cmocka_unit_test(test_write_raw),
		cmocka_unit_test(test_write_long),
		cmocka_unit_test(test_write_long_literal),
		cmocka_unit_test(test_write_long_streamed),
	};

	/* envelopes' "at", exact */
	setenv("SOURCE_DATE_EPOCH", "1795756800", 1);
	return cmocka_run_group_tests(tests, setup, remove_temps);
}
