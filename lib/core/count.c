#include "count.h"

int
json_count(const json_t *v, int64_t *n)
{
	double r;

	if (json_is_integer(v)) {
		*n = json_integer_value(v);
		return 1;
	}
	if (!json_is_real(v))
		return 0;
	r = json_real_value(v);
	if (!(r >= -9007199254740992.0 && r <= 9007199254740992.0) ||
	    r != (double)(int64_t)r)
		return 0;
	*n = (int64_t)r;
	return 1;
}
