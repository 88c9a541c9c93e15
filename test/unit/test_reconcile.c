/*
 * reconcile: a finding's key is the one wmsreport counts it by, and its
 * facts are one line that names what differs, a list cut at most.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "reconcile.h"
#include "testutil.h"

static void
test_key(void **state)
{
	struct buf b = { NULL, 0, 0 };
	json_t *ref;

	(void)state;
	ref = json_string("#1006");
	reconcile_key(&b, "quantity_mismatch", ref);
	assert_string_equal(b.p, "reconcile/quantity_mismatch/#1006");
	json_decref(ref);
	/* an integer's digits; no reference, an empty one */
	ref = json_integer(5001);
	reconcile_key(&b, "not_in_storefront", ref);
	assert_string_equal(b.p, "reconcile/not_in_storefront/5001");
	json_decref(ref);
	reconcile_key(&b, "order_not_in_wms", NULL);
	assert_string_equal(b.p, "reconcile/order_not_in_wms/");
	buf_free(&b);
}

/* The facts of a finding given as JSON, most of a list. */
static void
facts(const char *finding, size_t most, const char *want)
{
	struct buf b = { NULL, 0, 0 };
	json_t *f = parse_json(finding);

	reconcile_facts(&b, f, most);
	assert_string_equal(b.p, want);
	json_decref(f);
	buf_free(&b);
}

static void
test_facts(void **state)
{
	(void)state;
	facts("{\"code\":\"quantity_mismatch\",\"storefront\":{\"lines\":"
	    "{\"TS-BLU-M\":{\"storefront\":2,\"wms\":3}}}}", 0,
	    "TS-BLU-M: storefront 2, WMS 3");
	facts("{\"code\":\"tracking_mismatch\",\"storefront\":{\"tracking\":"
	    "[\"AB1\"]},\"wms\":{\"dispatched_at\":\"2026-11-26T17:05:33Z\","
	    "\"tracking\":[\"AB2\",\"AB3\"]}}", 0, "storefront AB1, WMS AB2 "
	    "AB3, dispatched 2026-11-26T17:05:33Z");
	facts("{\"code\":\"order_not_in_wms\",\"storefront\":{\"created_at\":"
	    "\"2026-11-26T09:00:00Z\",\"fulfillment_status\":\"fulfilled\"}}",
	    0, "placed 2026-11-26T09:00:00Z, storefront fulfilled");
	facts("{\"code\":\"not_in_storefront\",\"wms\":{\"status\":\"PENDING\","
	    "\"dispatched_at\":null,\"dispatched\":0,\"tracking\":[]}}", 0,
	    "WMS PENDING, nothing dispatched");
	facts("{\"code\":\"cancelled_but_active\",\"storefront\":{},\"wms\":"
	    "{\"status\":\"COMPLETED\",\"dispatched_at\":\"2026-11-26T15:00Z\","
	    "\"dispatched\":1,\"tracking\":[\"JD7\"]}}", 0, "cancelled; WMS "
	    "COMPLETED, dispatched 2026-11-26T15:00Z, 1 unit, tracking JD7");
	facts("{\"code\":\"dispatched_not_fulfilled\",\"storefront\":{"
	    "\"fulfillment_status\":null,\"lines\":{\"SCARF\":{\"fulfilled\":0,"
	    "\"dispatched\":1}}},\"wms\":{\"status\":\"COMPLETED\","
	    "\"dispatched\":3}}", 0, "SCARF: fulfilled 0, dispatched 1; WMS "
	    "COMPLETED, 3 units");
	/* found without the WMS order, and with it */
	facts("{\"code\":\"fulfilled_not_dispatched\",\"storefront\":{"
	    "\"fulfillment_status\":null,\"tracking\":[\"JD1\"]}}", 0,
	    "tracking JD1; not in the WMS");
	facts("{\"code\":\"fulfilled_not_dispatched\",\"storefront\":{"
	    "\"fulfillment_status\":\"fulfilled\",\"tracking\":[]},\"wms\":{"
	    "\"status\":\"PENDING\",\"dispatched\":0}}", 0,
	    "storefront fulfilled; WMS PENDING, nothing dispatched");
	/* fulfilled by its lines alone: the status null, no number */
	facts("{\"code\":\"fulfilled_not_dispatched\",\"storefront\":{"
	    "\"fulfillment_status\":null,\"tracking\":[]},\"wms\":{"
	    "\"status\":\"PENDING\",\"dispatched\":0}}", 0,
	    "storefront fulfilled; WMS PENDING, nothing dispatched");
	/* a code it does not know, or none: no facts */
	facts("{\"code\":\"new_code\",\"storefront\":{}}", 0, "");
	facts("{\"owner\":\"ops\"}", 0, "");
}

static void
test_most(void **state)
{
	static const char q[] = "{\"code\":\"quantity_mismatch\","
	    "\"storefront\":{\"lines\":{\"A\":{\"storefront\":1,\"wms\":2},"
	    "\"B\":{\"storefront\":0,\"wms\":1},\"C\":{\"storefront\":4,"
	    "\"wms\":3}}}}";
	static const char t[] = "{\"code\":\"tracking_mismatch\","
	    "\"storefront\":{\"tracking\":[]},\"wms\":{\"tracking\":[\"T1\","
	    "\"T2\",\"T3\"]}}";

	(void)state;
	facts(q, 2, "A: storefront 1, WMS 2; B: storefront 0, WMS 1; and 1 "
	    "more SKU");
	facts(q, 3, "A: storefront 1, WMS 2; B: storefront 0, WMS 1; C: "
	    "storefront 4, WMS 3");
	facts(t, 1, "storefront none, WMS T1 and 2 more");
	facts(t, 0, "storefront none, WMS T1 T2 T3");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_most),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
