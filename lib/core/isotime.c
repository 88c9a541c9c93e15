#include <stdio.h>
#include <string.h>

#include "isotime.h"
#include "num.h"

/* n digits at *s as a number, or -1. */
static int
digits(const char **s, const char *end, int n)
{
	int v = 0;

	if (end - *s < n)
		return -1;
	for (; n > 0; n--, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (**s - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
iso_date(int64_t t, char *out)
{
	int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);

	snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, d);
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int
iso_time(const char *s, size_t len, int64_t *t)
{
	return iso_time_in(s, len, NULL, t);
}

int
iso_time_in(const char *s, size_t len, const int64_t *zone, int64_t *t)
{
	const char *end = s + len;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;

	if ((y = digits(&s, end, 4)) < 0 || s == end || *s++ != '-' ||
	    (mo = digits(&s, end, 2)) < 1 || mo > 12 || s == end ||
	    *s++ != '-' || (d = digits(&s, end, 2)) < 1 ||
	    d > days_in_month(y, mo))
		return 0;
	if (s < end) {
		if (*s != 'T' && *s != 't' && *s != ' ')
			return 0;
		s++;
		if ((h = digits(&s, end, 2)) < 0 || h > 23 || s == end ||
		    *s++ != ':' || (mi = digits(&s, end, 2)) < 0 || mi > 59)
			return 0;
		if (s < end && *s == ':') {
			s++;
			if ((sec = digits(&s, end, 2)) < 0 || sec > 60)
				return 0;
			if (s < end && (*s == '.' || *s == ',')) {
				const char *f = ++s;

				while (s < end && *s >= '0' && *s <= '9')
					s++;	/* a fraction: ignored */
				if (s == f)	/* ISO 8601: a digit at least */
					return 0;
			}
		}
		if (s < end && (*s == 'Z' || *s == 'z'))
			s++;
		else if (s < end && (*s == '+' || *s == '-')) {
			int sign = *s++ == '-' ? -1 : 1, oh, om;

			if ((oh = digits(&s, end, 2)) < 0 || oh > 23)
				return 0;
			if (s < end && *s == ':')
				s++;
			if ((om = digits(&s, end, 2)) < 0 || om > 59)
				return 0;
			off = sign * (oh * 3600 + om * 60);
		} else if (zone != NULL)
			off = (int)*zone;
		else
			return 0;	/* a time needs its zone: no local time */
	}
	if (s != end)
		return 0;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    off;
	return 1;
}

int
iso_duration(const char *s, int64_t *seconds)
{
	int64_t total = 0;

	if (*s == '\0')
		return 0;
	while (*s != '\0') {
		int64_t v, unit;

		if (num_int64(s, 0, INT64_MAX, &v, &s) != NUM_OK)
			return 0;
		switch (*s++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		default: return 0;
		}
		if (!num_mul(v, unit, &v) || !num_add(total, v, &total))
			return 0;
	}
	*seconds = total;
	return 1;
}
