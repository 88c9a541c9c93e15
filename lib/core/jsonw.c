#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonw.h"
#include "utf8.h"

size_t
jsonw_integer_text(json_int_t i, char *buf)
{
	char tmp[JSONW_NUMBER_MAX];
	unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i :
	    (unsigned long long)i;
	size_t n = 0, k = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (i < 0)
		buf[k++] = '-';
	while (n > 0)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return k;
}

size_t
jsonw_real_text(double d, char *buf)
{
	int prec, n = 0;

	/*
	 * 17 significant digits always round-trip. A normal double that has
	 * a form of 15 digits or fewer gets it from %.15g (trailing zeros
	 * dropped); a subnormal has fewer digits of its own, so try them all.
	 */
	prec = d != 0 && fabs(d) < DBL_MIN ? 1 : 15;
	for (; prec <= 17; prec++) {
		n = snprintf(buf, JSONW_NUMBER_MAX, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (strpbrk(buf, ".eEn") == NULL) {	/* "100" must stay a real */
		buf[n++] = '.';
		buf[n++] = '0';
		buf[n] = '\0';
	}
	return (size_t)n;
}

static const char hexdigit[] = "0123456789abcdef";

void
jsonw_string(struct writer *w, const char *s, size_t len)
{
	size_t i, run = 0;

	writer_addc(w, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		writer_add(w, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hexdigit[c >> 4];
			esc[5] = hexdigit[c & 15];
			n = 6;
		}
		writer_add(w, esc, n);
	}
	writer_add(w, s + run, len - run);
	writer_addc(w, '"');
}

void
jsonw_text(struct writer *w, const char *s, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	size_t i = 0, n;
	uint32_t cp;

	if (utf8_valid(s, len)) {
		jsonw_string(w, s, len);
		return;
	}
	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			buf_add(&b, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		buf_add(&b, s + i, n);
		i += n;
	}
	jsonw_string(w, b.p, b.len);
	buf_free(&b);
}

void
jsonw_value(struct writer *w, const json_t *v)
{
	char num[JSONW_NUMBER_MAX];
	const char *key;
	json_t *item;
	size_t i, keylen;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		writer_addc(w, '{');
		/* a key may hold \u0000: by its length */
		json_object_keylen_foreach((json_t *)v, key, keylen, item) {
			if (!first)
				writer_addc(w, ',');
			first = 0;
			jsonw_string(w, key, keylen);
			writer_addc(w, ':');
			jsonw_value(w, item);
		}
		writer_addc(w, '}');
		break;
	case JSON_ARRAY:
		writer_addc(w, '[');
		json_array_foreach(v, i, item) {
			if (i > 0)
				writer_addc(w, ',');
			jsonw_value(w, item);
		}
		writer_addc(w, ']');
		break;
	case JSON_STRING:
		jsonw_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		writer_add(w, num, jsonw_integer_text(json_integer_value(v), num));
		break;
	case JSON_REAL:
		writer_add(w, num, jsonw_real_text(json_real_value(v), num));
		break;
	case JSON_TRUE:
		writer_add(w, "true", 4);
		break;
	case JSON_FALSE:
		writer_add(w, "false", 5);
		break;
	case JSON_NULL:
		writer_add(w, "null", 4);
		break;
	}
}
