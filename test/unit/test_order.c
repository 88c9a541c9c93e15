/*
 * Unit tests of order: the one model of an order, on orders shaped as
 * Shopify REST, Shopify GraphQL and Magento send them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "isotime.h"
#include "money.h"
#include "order.h"
#include "testutil.h"
#include "xalloc.h"

struct fixture {
	struct order_model *m;
	struct order o;
	struct exception e;
	json_t *record;
};

/* Reads text as an order of the named shape, which must succeed. */
static void
read_ok(struct fixture *f, const char *shape, const char *text)
{
	f->m = order_model_new(order_shape_find(shape), -1);
	memset(&f->o, 0, sizeof(f->o));
	memset(&f->e, 0, sizeof(f->e));
	f->record = parse_json(text);
	assert_int_equal(order_read(f->m, f->record, &f->o, &f->e), 1);
}

static void
done(struct fixture *f)
{
	order_free(&f->o);
	exc_free(&f->e);
	order_model_free(f->m);
	json_decref(f->record);
}

static void
expect_line(const struct order_line *l, enum order_role role, int64_t qty,
    const char *sku)
{
	assert_int_equal(l->role, role);
	assert_true(l->qty_ok);
	assert_int_equal(l->qty, qty);
	if (sku == NULL)
		assert_true(l->sku == NULL || json_is_null(l->sku));
	else
		assert_string_equal(json_string_value(l->sku), sku);
}

static void
test_shopify_edited(void **state)
{
	struct fixture f;
	const struct order_ship *s;
	size_t nlive;

	(void)state;
	read_ok(&f, "shopify", "{\"id\":5600000000001,\"name\":\"#1001\","
	    "\"currency\":\"GBP\",\"cancelled_at\":null,\"line_items\":["
	    "{\"id\":1,\"sku\":\"MUG\",\"quantity\":3,\"current_quantity\":1,"
	    "\"price\":\"8.50\"},"
	    "{\"id\":2,\"sku\":\"TOTE\",\"quantity\":1,\"current_quantity\":0,"
	    "\"price\":\"15.00\"},"
	    "{\"id\":3,\"sku\":\"SCARF\",\"quantity\":2,\"price\":\"12\"},"
	    "{\"id\":4,\"sku\":\"GC-25\",\"quantity\":1,\"gift_card\":true,"
	    "\"price\":\"25.00\"},"
	    "{\"id\":5,\"sku\":null,\"quantity\":1,\"requires_shipping\":false,"
	    "\"price\":\"5.00\"}],"
	    "\"shipping_lines\":[{\"title\":\"Standard\",\"is_removed\":true},"
	    "{\"title\":\"Next Day\",\"is_removed\":false}]}");
	assert_string_equal(json_string_value(f.o.ref), "#1001");
	assert_int_equal(json_integer_value(f.o.id), 5600000000001);
	assert_false(f.o.cancelled);
	assert_int_equal(f.o.scale, 2);
	assert_int_equal(f.o.nlines, 5);
	expect_line(&f.o.lines[0], ORDER_PICK, 1, "MUG");
	assert_int_equal(f.o.lines[0].price, 850);
	expect_line(&f.o.lines[1], ORDER_PICK, 0, "TOTE");
	expect_line(&f.o.lines[2], ORDER_PICK, 2, "SCARF");
	assert_int_equal(f.o.lines[2].price, 1200);
	expect_line(&f.o.lines[3], ORDER_NOT_SHIPPED, 1, "GC-25");
	expect_line(&f.o.lines[4], ORDER_NOT_SHIPPED, 1, NULL);
	s = order_live_shipping(&f.o, &nlive);
	assert_int_equal(nlive, 1);
	assert_string_equal(json_string_value(s->title), "Next Day");
	assert_int_equal(order_check_picks(f.m, &f.o, &f.e), 1);
	done(&f);
}

static void
test_graphql_connections(void **state)
{
	/* the two lines go between the parts of each way of writing it */
	static const char *const lists[][3] = {
	    { "{\"edges\":[{\"node\":", "},{\"node\":", "}]}" },
	    { "{\"nodes\":[", ",", "]}" },
	    { "[", ",", "]" },
	};
	static const char *const where[] = {
	    "lineItems.edges[1].node.sku", "lineItems.nodes[1].sku",
	    "lineItems[1].sku",
	};
	const char *a = "{\"id\":\"gid://shopify/LineItem/1\",\"sku\":\"MUG\","
	    "\"quantity\":2,\"currentQuantity\":1,\"requiresShipping\":true,"
	    "\"isGiftCard\":false,\"originalUnitPriceSet\":{\"shopMoney\":"
	    "{\"amount\":\"1200\",\"currencyCode\":\"JPY\"}}}";
	const char *b = "{\"id\":\"gid://shopify/LineItem/2\",\"sku\":\"GC\","
	    "\"quantity\":1,\"isGiftCard\":true}";
	struct fixture f;
	struct buf out = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *lines = xasprintf("%s%s%s%s%s", lists[i][0], a,
		    lists[i][1], b, lists[i][2]);
		char *text = xasprintf("{\"id\":\"gid://shopify/Order/1\","
		    "\"name\":\"#1001\",\"currencyCode\":\"JPY\","
		    "\"cancelledAt\":\"2026-11-27T06:00:00Z\",\"lineItems\":%s,"
		    "\"shippingLines\":{\"nodes\":[{\"title\":\"Express\","
		    "\"isRemoved\":true}]}}", lines);
		size_t nlive;

		read_ok(&f, "shopify-graphql", text);
		assert_true(f.o.cancelled);
		assert_int_equal(f.o.scale, 0);
		assert_int_equal(f.o.nlines, 2);
		expect_line(&f.o.lines[0], ORDER_PICK, 1, "MUG");
		assert_int_equal(f.o.lines[0].price, 1200);
		expect_line(&f.o.lines[1], ORDER_NOT_SHIPPED, 1, "GC");
		assert_null(order_live_shipping(&f.o, &nlive));
		assert_int_equal(nlive, 0);
		order_line_where(f.m, &f.o, 1, "sku", &out);
		assert_string_equal(out.p, where[i]);
		done(&f);
		free(lines);
		free(text);
	}
	buf_free(&out);
}

/* The Adobe sample's items, as Magento's REST API gives them. */
static void
test_magento_parents(void **state)
{
	struct fixture f;
	size_t nlive;
	int64_t t, utc = 0;

	(void)state;
	read_ok(&f, "magento", "{\"entity_id\":3,\"increment_id\":\"000000003\","
	    "\"order_currency_code\":\"KWD\",\"state\":\"new\","
	    "\"created_at\":\"2026-11-27 05:55:00\","
	    "\"shipping_description\":\"Best Way - Table Rate\",\"items\":["
	    "{\"item_id\":3,\"parent_item_id\":null,\"product_type\":\"simple\","
	    "\"sku\":\"WS12-M-Orange\",\"qty_ordered\":2.0000,"
	    "\"qty_canceled\":1.0,\"price\":22.125},"
	    "{\"item_id\":4,\"product_type\":\"downloadable\",\"sku\":\"240-LV08\","
	    "\"qty_ordered\":1,\"qty_canceled\":0,\"price\":18},"
	    "{\"item_id\":5,\"product_type\":\"bundle\",\"sku\":\"24-WG080-24-WG084\","
	    "\"qty_ordered\":1,\"qty_canceled\":0,\"price\":68},"
	    "{\"item_id\":6,\"parent_item_id\":5,\"product_type\":\"simple\","
	    "\"sku\":\"24-WG084\",\"qty_ordered\":1,\"qty_canceled\":0,"
	    "\"price\":5},"
	    "{\"item_id\":10,\"product_type\":\"configurable\","
	    "\"sku\":\"MH01-S-Gray\",\"qty_ordered\":1,\"qty_canceled\":0,"
	    "\"price\":52},"
	    "{\"item_id\":11,\"parent_item_id\":10,\"product_type\":\"simple\","
	    "\"sku\":\"MH01-S-Gray\",\"qty_ordered\":1,\"qty_canceled\":0,"
	    "\"price\":0},"
	    "{\"item_id\":12,\"product_type\":\"virtual\",\"sku\":\"WARRANTY\","
	    "\"qty_ordered\":1.5,\"price\":3}]}");
	assert_string_equal(json_string_value(f.o.ref), "000000003");
	assert_int_equal(f.o.scale, 3);
	assert_false(f.o.cancelled);
	expect_line(&f.o.lines[0], ORDER_PICK, 1, "WS12-M-Orange");
	assert_int_equal(f.o.lines[0].price, 22125);
	expect_line(&f.o.lines[1], ORDER_NOT_SHIPPED, 1, "240-LV08");
	expect_line(&f.o.lines[2], ORDER_PARENT, 1, "24-WG080-24-WG084");
	expect_line(&f.o.lines[3], ORDER_PICK, 1, "24-WG084");
	assert_int_equal(f.o.lines[3].parent, 3);
	expect_line(&f.o.lines[4], ORDER_PICK, 1, "MH01-S-Gray");
	assert_int_equal(f.o.lines[4].price, 52000);
	expect_line(&f.o.lines[5], ORDER_IN_PARENT, 1, "MH01-S-Gray");
	assert_int_equal(f.o.lines[5].parent, 5);
	/* a decimal quantity is fine where nobody picks the line */
	assert_int_equal(f.o.lines[6].role, ORDER_NOT_SHIPPED);
	assert_false(f.o.lines[6].qty_ok);
	assert_int_equal(order_check_picks(f.m, &f.o, &f.e), 1);
	assert_non_null(order_live_shipping(&f.o, &nlive));
	assert_int_equal(nlive, 1);
	/* Magento's times are UTC, written without a zone */
	assert_int_equal(order_model_shape(f.m)->utc, 1);
	assert_false(iso_time(json_string_value(f.o.created), 19, &t));
	assert_true(iso_time_in(json_string_value(f.o.created), 19, &utc, &t));
	assert_int_equal(t, 1795758900);
	done(&f);
}

static void
test_magento_cancelled(void **state)
{
	struct fixture f;

	(void)state;
	read_ok(&f, "magento", "{\"increment_id\":\"7\",\"state\":\"canceled\","
	    "\"items\":[]}");
	assert_true(f.o.cancelled);
	assert_int_equal(f.o.nlines, 0);
	done(&f);
}

/* A configurable whose child is virtual is not picked either. */
static void
test_magento_virtual_child(void **state)
{
	struct fixture f;

	(void)state;
	read_ok(&f, "magento", "{\"items\":[{\"item_id\":1,\"product_type\":"
	    "\"configurable\",\"sku\":\"E\",\"qty_ordered\":1},{\"item_id\":2,"
	    "\"parent_item_id\":1,\"product_type\":\"virtual\",\"sku\":\"E\","
	    "\"qty_ordered\":1}]}");
	assert_int_equal(f.o.lines[0].role, ORDER_NOT_SHIPPED);
	assert_int_equal(f.o.lines[1].role, ORDER_IN_PARENT);
	done(&f);
}

static void
check_fails(const char *shape, const char *text, const char *code,
    const char *path, const char *message)
{
	struct fixture f;

	read_ok(&f, shape, text);
	assert_int_equal(order_check_picks(f.m, &f.o, &f.e), 0);
	assert_string_equal(exc_codes[f.e.code].name, code);
	assert_string_equal(f.e.path, path);
	assert_string_equal(f.e.message, message);
	done(&f);
}

static void
test_check_picks(void **state)
{
	(void)state;
	check_fails("magento", "{\"items\":[{\"item_id\":1,\"sku\":\"A\","
	    "\"qty_ordered\":1.5}]}", "bad_quantity", "items[0].qty_ordered",
	    "line items[0].qty_ordered has a quantity that is not a whole "
	    "number (shape magento)");
	check_fails("magento", "{\"items\":[{\"item_id\":1,\"sku\":\"A\","
	    "\"qty_ordered\":2,\"qty_canceled\":0.5}]}", "bad_quantity",
	    "items[0].qty_canceled", "line items[0].qty_canceled has a "
	    "quantity that is not a whole number (shape magento)");
	check_fails("shopify", "{\"line_items\":[{\"sku\":\"A\","
	    "\"quantity\":\"2\"}]}", "bad_quantity", "line_items[0].quantity",
	    "line line_items[0].quantity has a quantity that is not a whole "
	    "number (shape shopify)");
	check_fails("shopify", "{\"line_items\":[{\"sku\":\"A\"}]}",
	    "bad_quantity", "line_items[0].quantity", "line "
	    "line_items[0].quantity has no quantity (shape shopify)");
	check_fails("shopify", "{\"currency\":\"JPY\",\"line_items\":[{\"sku\":"
	    "\"A\",\"quantity\":1,\"price\":\"12.50\"}]}", "bad_price",
	    "line_items[0].price", "line line_items[0].price has a price that "
	    "is not a decimal in the currency's minor units (shape shopify)");
	check_fails("shopify", "{\"line_items\":[{\"sku\":\"\","
	    "\"quantity\":1}]}", "missing_sku", "line_items[0].sku",
	    "line line_items[0].sku is to be picked but has no SKU (shape "
	    "shopify)");
}

/* A line removed by an edit needs no SKU and no price; a gift card no
 * whole number. */
static void
test_check_picks_passes(void **state)
{
	struct fixture f;

	(void)state;
	read_ok(&f, "shopify", "{\"line_items\":[{\"sku\":null,\"quantity\":1,"
	    "\"current_quantity\":0,\"price\":\"1.005\"},{\"sku\":\"GC\","
	    "\"quantity\":0.5,\"gift_card\":true}]}");
	assert_int_equal(order_check_picks(f.m, &f.o, &f.e), 1);
	done(&f);
}

static void
read_fails(const char *shape, const char *text, const char *path,
    const char *message)
{
	struct order_model *m = order_model_new(order_shape_find(shape), -1);
	struct order o;
	struct exception e = { .code = EXC_NONE };
	json_t *r = parse_json(text);

	memset(&o, 0, sizeof(o));
	assert_int_equal(order_read(m, r, &o, &e), 0);
	assert_int_equal(e.code, EXC_BAD_FIELD);
	assert_string_equal(e.path, path);
	assert_string_equal(e.message, message);
	order_free(&o);
	order_model_free(m);
	json_decref(r);
	exc_free(&e);
}

static void
test_bad_field(void **state)
{
	(void)state;
	read_fails("shopify", "{\"line_items\":\"MUG\"}", "line_items",
	    "line_items is a string, not an array of lines (shape shopify)");
	read_fails("shopify-graphql", "{\"lineItems\":{\"edges\":[{\"node\":"
	    "null}]}}", "lineItems.edges[0].node", "lineItems.edges[0].node "
	    "is null, not an object (shape shopify-graphql)");
	read_fails("shopify-graphql", "{\"lineItems\":{\"edges\":[{}]}}",
	    "lineItems.edges[0].node", "lineItems.edges[0].node is "
	    "missing (shape shopify-graphql)");
	read_fails("magento", "{\"items\":[1]}", "items[0]",
	    "items[0] is a number, not an object (shape magento)");
	read_fails("shopify", "{\"shipping_lines\":true}", "shipping_lines",
	    "shipping_lines is a boolean, not a list (shape shopify)");
}

static void
test_tracking(void **state)
{
	struct fixture f;
	json_t *out[4];

	(void)state;
	read_ok(&f, "shopify", "{\"fulfillments\":[{\"status\":\"success\","
	    "\"tracking_number\":\"T1\",\"tracking_numbers\":[\"T1\",\"T2\"]},"
	    "{\"status\":\"cancelled\",\"tracking_number\":\"T3\"}]}");
	assert_int_equal(f.o.nfulfilments, 2);
	assert_true(f.o.fulfilments[0].live);
	assert_false(f.o.fulfilments[1].live);
	assert_int_equal(order_tracking(f.m, &f.o.fulfilments[0], out, 4), 2);
	assert_string_equal(json_string_value(out[0]), "T1");
	assert_string_equal(json_string_value(out[1]), "T2");
	done(&f);
	read_ok(&f, "shopify-graphql", "{\"fulfillments\":[{\"status\":"
	    "\"SUCCESS\",\"trackingInfo\":[{\"number\":\"1Z9\",\"company\":"
	    "\"UPS\"}]},{\"status\":\"CANCELLED\"}]}");
	assert_true(f.o.fulfilments[0].live);
	assert_false(f.o.fulfilments[1].live);
	assert_int_equal(order_tracking(f.m, &f.o.fulfilments[0], out, 4), 1);
	assert_string_equal(json_string_value(out[0]), "1Z9");
	done(&f);
}

/* What the storefront shows fulfilled of each line, within the live
 * quantity: Shopify's units left to fulfil, Magento's units shipped. */
static void
test_fulfilled(void **state)
{
	struct fixture f;

	(void)state;
	read_ok(&f, "shopify", "{\"line_items\":[{\"sku\":\"A\",\"quantity\":3,"
	    "\"current_quantity\":2,\"fulfillable_quantity\":1},{\"sku\":\"B\","
	    "\"quantity\":1}]}");
	assert_true(f.o.lines[0].fulfilled_ok);
	assert_int_equal(f.o.lines[0].fulfilled, 1);
	assert_false(f.o.lines[1].fulfilled_ok);
	done(&f);
	read_ok(&f, "shopify-graphql", "{\"lineItems\":{\"nodes\":[{\"sku\":"
	    "\"A\",\"quantity\":2,\"unfulfilledQuantity\":0}]}}");
	assert_int_equal(f.o.lines[0].fulfilled, 2);
	done(&f);
	read_ok(&f, "magento", "{\"items\":[{\"sku\":\"A\",\"qty_ordered\":3.0,"
	    "\"qty_canceled\":1.0,\"qty_shipped\":5.0}]}");
	assert_int_equal(f.o.lines[0].qty, 2);
	assert_int_equal(f.o.lines[0].fulfilled, 2);	/* at most the live 2 */
	done(&f);
}

static void
test_later(void **state)
{
	struct order_model *m = order_model_new(order_shape_find("shopify"),
	    -1), *mg = order_model_new(order_shape_find("magento"), -1);
	json_t *a = json_string("2026-11-27T10:00:00+01:00"),
	    *b = json_string("2026-11-27T09:30:00Z"),
	    *c = json_string("2026-11-27 09:30:00"), *n = json_null();

	(void)state;
	assert_int_equal(order_later(m, a, b), 1);	/* 09:00Z, 09:30Z */
	assert_int_equal(order_later(m, b, a), 0);
	assert_int_equal(order_later(m, b, b), 1);	/* a tie: the later */
	assert_int_equal(order_later(m, b, n), -1);
	assert_int_equal(order_later(m, NULL, b), -1);
	assert_int_equal(order_later(m, b, c), -1);	/* no zone: no time */
	assert_int_equal(order_later(mg, c, b), 1);	/* Magento's are UTC */
	assert_int_equal(order_later(mg, a, c), 1);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(n);
	order_model_free(m);
	order_model_free(mg);
}

static void
test_overrides(void **state)
{
	struct fixture f;
	char *err = NULL;

	(void)state;
	f.m = order_model_new(order_shape_find("shopify"), 0);
	assert_int_equal(order_model_set(f.m, "lines", "items", &err), 1);
	assert_int_equal(order_model_set(f.m, "qty", "qty", &err), 1);
	assert_int_equal(order_model_set(f.m, "nothing", "x", &err), 0);
	assert_string_equal(err, "no field \"nothing\" in an order");
	free(err);
	assert_int_equal(order_model_set(f.m, "sku", "a..b", &err), 0);
	free(err);
	assert_string_equal(path_text(order_model_path(f.m, "lines")),
	    "items");
	memset(&f.o, 0, sizeof(f.o));
	memset(&f.e, 0, sizeof(f.e));
	f.record = parse_json("{\"currency\":\"GBP\",\"items\":[{\"sku\":\"A\","
	    "\"qty\":4,\"price\":\"7\"}]}");
	assert_int_equal(order_read(f.m, f.record, &f.o, &f.e), 1);
	assert_int_equal(f.o.scale, 0);	/* --decimals 0 over GBP */
	expect_line(&f.o.lines[0], ORDER_PICK, 4, "A");
	assert_int_equal(f.o.lines[0].price, 7);
	done(&f);
}

static void
test_shapes(void **state)
{
	(void)state;
	assert_string_equal(order_shapes[0]->name, "shopify");
	assert_non_null(order_shape_find("shopify-graphql"));
	assert_non_null(order_shape_find("magento"));
	assert_null(order_shape_find("Shopify"));
	assert_int_equal(money_currency_scale("JPY", 3), 0);
	assert_int_equal(money_currency_scale("KWD", 3), 3);
	assert_int_equal(money_currency_scale("GBP", 3), 2);
	assert_int_equal(money_currency_scale("gbp", 3), -1);
	assert_int_equal(money_currency_scale("XA", 2), -1);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shopify_edited),
		cmocka_unit_test(test_graphql_connections),
		cmocka_unit_test(test_magento_parents),
		cmocka_unit_test(test_magento_cancelled),
		cmocka_unit_test(test_magento_virtual_child),
		cmocka_unit_test(test_check_picks),
		cmocka_unit_test(test_check_picks_passes),
		cmocka_unit_test(test_bad_field),
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_fulfilled),
		cmocka_unit_test(test_later),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, setup, remove_temps);
}
