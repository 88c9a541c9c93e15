/*
 * fuzz_jsonw: the kit's JSON writer (lib/core/jsonw.c). The input is parsed by
 * jansson as the reader parses a line (any value, \u0000 allowed); what
 * jsonw writes must parse back, strictly, to the same value: same types,
 * same key order, the same bits of every real. Then each 8 bytes of the
 * input, taken as a double, must be written as the shortest text that
 * reads back as that double (fewer significant digits do not), keeping a
 * '.' or an exponent, in at most JSONW_NUMBER_MAX - 1 bytes; and each
 * 8 bytes as an integer must be written as printf writes it.
 */
#include <float.h>
#include <inttypes.h>

#include "fuzz.h"

#include "jsonw.h"
#include "writer.h"

/* Significant digits of a %g text: from the first to the last non-zero. */
static int
digits(const char *s)
{
	int n = 0, last = 0;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s < '0' || *s > '9' || (n == 0 && *s == '0'))
			continue;
		n++;
		if (*s != '0')
			last = n;
	}
	return last ? last : 1;
}

static void
check_real(double d)
{
	char buf[JSONW_NUMBER_MAX + 8], shorter[512];
	json_error_t err;
	size_t n;
	json_t *v;
	double back;
	int k;

	memset(buf, 'X', sizeof(buf));
	n = jsonw_real_text(d, buf);
	FUZZ_CHECK(n < JSONW_NUMBER_MAX && buf[n] == '\0' &&
	    strlen(buf) == n, "real text overruns its buffer");
	FUZZ_CHECK(buf[JSONW_NUMBER_MAX] == 'X', "real text wrote past "
	    "JSONW_NUMBER_MAX");
	FUZZ_CHECK(strpbrk(buf, ".e") != NULL, "real %s has no '.' or "
	    "exponent", buf);
	v = json_loadb(buf, n, JSON_DECODE_ANY, &err);
	FUZZ_CHECK(v != NULL && json_is_real(v), "real text %s does not "
	    "read back as a JSON real (%s)", buf, v ? "wrong type" : err.text);
	back = json_real_value(v);
	FUZZ_CHECK(memcmp(&back, &d, sizeof(d)) == 0, "real %.17g written "
	    "as %s reads back as %.17g", d, buf, back);
	json_decref(v);
	k = digits(buf);
	if (k > 1) {
		snprintf(shorter, sizeof(shorter), "%.*g", k - 1, d);
		FUZZ_CHECK(strtod(shorter, NULL) != d, "real %s is not the "
		    "shortest: %s reads back too", buf, shorter);
	}
}

static void
check_integer(json_int_t i)
{
	char buf[JSONW_NUMBER_MAX], want[32];
	size_t n = jsonw_integer_text(i, buf);

	snprintf(want, sizeof(want), "%" PRId64, (int64_t)i);
	FUZZ_CHECK(n == strlen(want) && strcmp(buf, want) == 0, "integer "
	    "%s written as %s", want, buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *v, *back;
	struct writer w;
	size_t i;

	v = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &err);
	if (v != NULL) {
		writer_open(&w, -1, "fuzz");	/* never flushed: no fd */
		jsonw_value(&w, v);
		back = parse_strict(w.buf, w.len, &err);
		FUZZ_CHECK(back != NULL, "jsonw text does not parse: %s: %.*s",
		    err.text, (int)(w.len > 400 ? 400 : w.len), w.buf);
		FUZZ_CHECK(json_equal(v, back), "jsonw text is not json_equal "
		    "to the value: %.*s", (int)(w.len > 400 ? 400 : w.len),
		    w.buf);
		FUZZ_CHECK(json_same(v, back), "jsonw text changes a type, the "
		    "key order or a real's bits: %.*s",
		    (int)(w.len > 400 ? 400 : w.len), w.buf);
		FUZZ_CHECK(memchr(w.buf, '\n', w.len) == NULL, "jsonw text "
		    "has a newline");
		json_decref(back);
		json_decref(v);
		writer_release(&w);
	}
	for (i = 0; i + 8 <= size; i += 8) {
		double d;
		int64_t n;

		memcpy(&d, data + i, 8);
		memcpy(&n, data + i, 8);
		if (isfinite(d))
			check_real(d);
		check_integer((json_int_t)n);
	}
	return 0;
}
