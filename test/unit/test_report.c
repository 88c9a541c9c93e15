/*
 * report: an envelope too long to read whole still counts, from its start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

static void
test_add_start(void **state)
{
	/* a line_too_long envelope cut inside its raw_base64 */
	static const char start[] = "{\"exception\":{\"tool\":\"sku-normalize\","
	    "\"code\":\"line_too_long\",\"owner\":\"integration\",\"message\":"
	    "\"the line is longer than 67108864 bytes (--max-line)\","
	    "\"source\":\"orders.ndjson\",\"line\":7},\"raw_base64\":\"eyJuYW1l";
	static const char *const not[] = { "", "{", "{\"record\":{}}",
	    "{\"exception\":", "{\"exception\":{\"code\":\"x\"",
	    "{\"exception\":[]", "[{\"exception\":{}}]" };
	struct report r;
	size_t i;

	(void)state;
	report_init(&r, 0, 10);
	assert_int_equal(report_add_start(&r, start, strlen(start), 0), 1);
	assert_int_equal(r.nitems, 1);
	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++)
		assert_int_equal(report_add_start(&r, not[i], strlen(not[i]),
		    0), 0);
	assert_int_equal(r.nitems, 1);
	report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
