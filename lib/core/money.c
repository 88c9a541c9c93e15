#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "money.h"
#include "num.h"

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

int
money_parse(const char *s, size_t len, int scale, int64_t *units)
{
	const char *end = s + len;
	int64_t v = 0;
	int neg = 0, decimals = 0, digits = 0;

	if (s < end && *s == '-')
		neg = 1, s++;
	/* negative amounts add negative digits: INT64_MIN reads too */
	for (; s < end && digit(*s); s++, digits++)
		if (!num_mul(v, 10, &v) ||
		    !num_add(v, neg ? '0' - *s : *s - '0', &v))
			return 0;
	if (digits == 0)
		return 0;
	if (s < end && *s == '.') {
		if (++s == end || !digit(*s))
			return 0;	/* "12." is not a decimal */
		for (; s < end && digit(*s); s++) {
			if (decimals++ < scale) {
				if (!num_mul(v, 10, &v) || !num_add(v,
				    neg ? '0' - *s : *s - '0', &v))
					return 0;
			} else if (*s != '0')
				return 0;	/* finer than a minor unit */
		}
	}
	if (s != end)
		return 0;
	for (; decimals < scale; decimals++)
		if (!num_mul(v, 10, &v))
			return 0;
	*units = v;
	return 1;
}

int
money_from_json(const json_t *v, int scale, int64_t *units)
{
	char text[JSONW_NUMBER_MAX];

	switch (json_typeof(v)) {
	case JSON_STRING:
		return money_parse(json_string_value(v), json_string_length(v),
		    scale, units);
	case JSON_INTEGER:
		return money_parse(text, jsonw_integer_text(
		    json_integer_value(v), text), scale, units);
	case JSON_REAL:
		return money_parse(text, jsonw_real_text(json_real_value(v),
		    text), scale, units);
	default:
		return 0;
	}
}

size_t
money_text(int64_t units, int scale, char *buf)
{
	char digits[MONEY_TEXT_MAX];
	uint64_t u = units < 0 ? 0 - (uint64_t)units : (uint64_t)units;
	size_t n = 0, k = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0 || n <= (size_t)scale);	/* "0.05": a leading 0 */
	if (units < 0)
		buf[k++] = '-';
	while (n > 0) {
		if (n == (size_t)scale)
			buf[k++] = '.';
		buf[k++] = digits[--n];
	}
	buf[k] = '\0';
	return k;
}

json_t *
money_to_json(int64_t units, int scale, const json_t *like)
{
	char text[MONEY_TEXT_MAX];
	size_t n = money_text(units, scale, text);

	if (json_is_string(like))
		return json_stringn(text, n);
	if (scale == 0)
		return json_integer(units);
	return json_real(strtod(text, NULL));
}

int
money_currency_scale(const char *code, size_t len)
{
	/* ISO 4217's exponents other than 2, in alphabetical order */
	static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF "
	    "UGX UYI VND VUV XAF XOF XPF";
	static const char three[] = "BHD IQD JOD KWD LYD OMR TND";
	static const char four[] = "CLF UYW";
	char c[4];
	size_t i;

	if (len != 3)
		return -1;
	for (i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return -1;
	memcpy(c, code, 3);
	c[3] = '\0';
	if (strstr(zero, c) != NULL)
		return 0;
	if (strstr(three, c) != NULL)
		return 3;
	if (strstr(four, c) != NULL)
		return 4;
	return 2;
}
