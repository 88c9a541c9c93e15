/*
 * isotime: the times and durations of the records, exactly. Times are
 * ISO 8601 / RFC 3339 as the vendors write them ("2026-11-26T09:12:44Z",
 * "+01:00" offsets, fractions of a second ignored, a date alone is its
 * midnight UTC); durations are "90s", "30m", "2h", "1d" or sums such as
 * "1h30m". Both in whole seconds since the epoch, never local time.
 */
#ifndef WMSKIT_ISOTIME_H
#define WMSKIT_ISOTIME_H

#include <stddef.h>
#include <stdint.h>

/* 1 and *t when s is such a time; 0 otherwise. */
int iso_time(const char *s, size_t len, int64_t *t);
/* The same, where a time written without a zone is in *zone (seconds
 * east of UTC) unless zone is NULL: Magento's "2026-11-27 05:55:00". */
int iso_time_in(const char *s, size_t len, const int64_t *zone, int64_t *t);
/* The UTC date of t as "YYYY-MM-DD" into out (11 bytes). */
void iso_date(int64_t t, char *out);
/* 1 and *seconds when s is such a duration; 0 otherwise. */
int iso_duration(const char *s, int64_t *seconds);

#endif
