#include <string.h>

#include "jsonw.h"
#include "orderref.h"

static int
space(char c)
{
	return c == ' ' || c == '\t';
}

int
ref_text(const json_t *ref, struct buf *out)
{
	char num[JSONW_NUMBER_MAX];

	buf_reset(out);
	if (json_is_string(ref))
		buf_add(out, json_string_value(ref), json_string_length(ref));
	else if (json_is_integer(ref))
		buf_add(out, num, jsonw_integer_text(json_integer_value(ref),
		    num));
	else
		return 0;
	return 1;
}

int
order_ref_key(const json_t *ref, struct buf *out)
{
	size_t begin = 0, len;

	if (!ref_text(ref, out))
		return 0;
	len = out->len;
	while (len > 0 && space(out->p[len - 1]))
		len--;
	while (begin < len && space(out->p[begin]))
		begin++;
	if (begin < len && out->p[begin] == '#')
		begin++;
	memmove(out->p, out->p + begin, len - begin);
	out->len = len - begin;
	out->p[out->len] = '\0';
	return out->len > 0;
}
