/*
 * Unit tests of stockdiff: the target max(0, available - buffer - pending)
 * (buffers by SKU, then longest prefix, then --buffer; pending orders of
 * every shape, SKUs resolved by the master), the tolerance that spares
 * small rises only, duplicates on either side, SKUs missing on either side,
 * keys per location, --since, what an update carries, and the default
 * safety limits. Updates are compared as compact JSON, key order kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stockdiff.h"
#include "testutil.h"
#include "xalloc.h"

/* test/cli/data/stockdiff-wms.ndjson */
static const char snapshot_text[] = "{\"sku\":\"000123\",\"available\":20}\n"
    "{\"sku\":\"ABC-001\",\"available\":8}\n"
    "{\"sku\":\"TS-RED-M\",\"available\":5}\n"
    "{\"sku\":\"TS-RED-L\",\"available\":2}\n"
    "{\"sku\":\"TOTE-BAG\",\"available\":6}\n"
    "{\"sku\":\"MUG-PAIR\",\"available\":0}\n";

/* A WMS line, as the reader gives it; its value to decref. */
static void
wms_line(struct ndjson_line *line, unsigned long lineno, const char *text)
{
	memset(line, 0, sizeof(*line));
	line->kind = NDJSON_OBJECT;
	line->value = parse_json(text);
	line->text = text;
	line->len = strlen(text);
	line->source = "wms.ndjson";
	line->lineno = lineno;
}

/* Each line of text into the snapshot, kept. */
static void
snapshot(struct stockdiff *sd, const char *text)
{
	struct exception e = { .code = EXC_NONE };
	struct ndjson_line line;
	char *copy = xstrdup(text), *s, *nl;
	unsigned long n = 0;

	for (s = copy; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		*nl = '\0';
		wms_line(&line, ++n, s);
		assert_int_equal(stockdiff_wms(sd, &line, &e), 1);
		assert_int_equal(e.code, EXC_NONE);
		json_decref(line.value);
	}
	free(copy);
	exc_free(&e);
}

/* A WMS line held: its code and message. */
static void
expect_wms_held(struct stockdiff *sd, unsigned long lineno, const char *text,
    enum exc_code code, const char *message)
{
	struct exception e = { .code = EXC_NONE };
	struct ndjson_line line;

	wms_line(&line, lineno, text);
	assert_int_equal(stockdiff_wms(sd, &line, &e), 0);
	assert_string_equal(exc_codes[e.code].name, exc_codes[code].name);
	assert_string_equal(e.message, message);
	json_decref(line.value);
	exc_free(&e);
}

/*
 * A storefront record: the result is want, the update (NULL: none) as
 * compact JSON, the code held (EXC_NONE: none) and, unless NULL, its
 * message.
 */
static void
expect_store(struct stockdiff *sd, const char *text, int want,
    const char *update, enum exc_code code, const char *message)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text), *got = NULL;
	int r = stockdiff_store(sd, record, &got, &e);

	assert_int_equal(r, want);
	if (update == NULL)
		assert_null(got);
	else
		assert_json_text(got, update);
	assert_string_equal(exc_codes[e.code].name, exc_codes[code].name);
	if (message != NULL)
		assert_string_equal(e.message, message);
	json_decref(got);
	json_decref(record);
	exc_free(&e);
}

/* A storefront record that needs no update and holds nothing. */
static void
expect_nothing(struct stockdiff *sd, const char *text)
{
	expect_store(sd, text, 0, NULL, EXC_NONE, NULL);
}

static void
expect_update(struct stockdiff *sd, const char *text, const char *update)
{
	expect_store(sd, text, SD_UPDATE, update, EXC_NONE, NULL);
}

/* A pending order: counted (1), or held with code, message, path and
 * detail. */
static void
expect_pending(struct stockdiff *sd, const char *text, int want,
    enum exc_code code, const char *message, const char *where,
    const char *detail)
{
	struct exception e = { .code = EXC_NONE };
	json_t *order = parse_json(text);

	assert_int_equal(stockdiff_pending(sd, order, &e), want);
	assert_string_equal(exc_codes[e.code].name, exc_codes[code].name);
	if (message != NULL)
		assert_string_equal(e.message, message);
	if (where != NULL)
		assert_string_equal(e.path, where);
	if (detail == NULL)
		assert_null(e.detail);
	else
		assert_json_text(e.detail, detail);
	json_decref(order);
	exc_free(&e);
}

static void
setup(struct stockdiff *sd, const char *shape)
{
	stockdiff_init(sd);
	if (shape != NULL)
		stockdiff_use_model(sd, order_model_new(order_shape_find(shape),
		    -1));
}

static void
test_target(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	sd.buffer = 2;
	snapshot(&sd, snapshot_text);
	snapshot(&sd, "{\"sku\":\"NEG\",\"available\":-3}\n"
	    "{\"sku\":\"REAL\",\"available\":4.0}\n");
	expect_update(&sd, "{\"sku\":\"000123\",\"available\":20}",
	    "{\"sku\":\"000123\",\"available\":18,\"previous\":20,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":1}",
	    "{\"sku\":\"ABC-001\",\"available\":6,\"previous\":1,"
	    "\"delta\":5,\"risk\":\"undersell\"}");
	/* the buffer never takes a target below 0 */
	expect_update(&sd, "{\"sku\":\"TS-RED-L\",\"available\":2}",
	    "{\"sku\":\"TS-RED-L\",\"available\":0,\"previous\":2,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	expect_nothing(&sd, "{\"sku\":\"MUG-PAIR\",\"available\":0}");
	expect_nothing(&sd, "{\"sku\":\"NEG\",\"available\":0}");
	/* a storefront below 0, after an oversell */
	expect_update(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":-1}",
	    "{\"sku\":\"TOTE-BAG\",\"available\":4,\"previous\":-1,"
	    "\"delta\":5,\"risk\":\"undersell\"}");
	/* a figure written as a real with no fraction is a count */
	expect_update(&sd, "{\"sku\":\"REAL\",\"available\":3.0}",
	    "{\"sku\":\"REAL\",\"available\":2,\"previous\":3,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	assert_int_equal(sd.compared, 7);
	assert_int_equal(sd.updates, 5);
	assert_int_equal(sd.zeroed, 1);
	assert_int_equal(sd.on_sale, 4);
	stockdiff_free(&sd);
}

static void
test_target_at_the_ends(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	sd.buffer = 5;
	snapshot(&sd, "{\"sku\":\"LOW\",\"available\":-9223372036854775807}\n"
	    "{\"sku\":\"HIGH\",\"available\":9223372036854775807}\n");
	expect_nothing(&sd, "{\"sku\":\"LOW\",\"available\":0}");
	/* the difference held at the end, not wrapped */
	expect_update(&sd, "{\"sku\":\"HIGH\",\"available\":"
	    "-9223372036854775807}", "{\"sku\":\"HIGH\",\"available\":"
	    "9223372036854775802,\"previous\":-9223372036854775807,"
	    "\"delta\":9223372036854775807,\"risk\":\"undersell\"}");
	stockdiff_free(&sd);
}

static void
test_buffers_table(void **state)
{
	struct stockdiff sd;
	char *err = NULL;

	(void)state;
	setup(&sd, NULL);
	sd.buffer = 3;
	assert_true(stockdiff_load_buffers(&sd, temp_text("sku,buffer\n"
	    "TS-*,1\nTS-RED-*,2\nT*,4\nTS-RED-L,0\n"), &err));
	snapshot(&sd, "{\"sku\":\"TS-RED-L\",\"available\":10}\n"
	    "{\"sku\":\"TS-RED-M\",\"available\":10}\n"
	    "{\"sku\":\"TS-BLU-M\",\"available\":10}\n"
	    "{\"sku\":\"TOTE-BAG\",\"available\":10}\n"
	    "{\"sku\":\"ABC-001\",\"available\":10}\n"
	    "{\"sku\":\"TS-\",\"available\":10}\n");
	/* its own row, of 0, beats every prefix */
	expect_nothing(&sd, "{\"sku\":\"TS-RED-L\",\"available\":10}");
	/* the longest prefix */
	expect_update(&sd, "{\"sku\":\"TS-RED-M\",\"available\":10}",
	    "{\"sku\":\"TS-RED-M\",\"available\":8,\"previous\":10,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"TS-BLU-M\",\"available\":10}",
	    "{\"sku\":\"TS-BLU-M\",\"available\":9,\"previous\":10,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":10}",
	    "{\"sku\":\"TOTE-BAG\",\"available\":6,\"previous\":10,"
	    "\"delta\":-4,\"risk\":\"oversell\"}");
	/* a prefix matches the SKU that is all of it */
	expect_update(&sd, "{\"sku\":\"TS-\",\"available\":10}",
	    "{\"sku\":\"TS-\",\"available\":9,\"previous\":10,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	/* none: --buffer */
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":10}",
	    "{\"sku\":\"ABC-001\",\"available\":7,\"previous\":10,"
	    "\"delta\":-3,\"risk\":\"oversell\"}");
	stockdiff_free(&sd);
}

/* A side input's loader (stockdiff_load_buffers, _since) refuses text
 * with "<its path>" and want; location as --location-key gives it. */
static void
expect_refused(int (*load)(struct stockdiff *, const char *, char **),
    const char *location, const char *text, const char *want)
{
	struct stockdiff sd;
	char *path = temp_text(text), *err = NULL;

	setup(&sd, NULL);
	sd.location = location;
	assert_int_equal(load(&sd, path, &err), 0);
	assert_non_null(err);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_string_equal(err + strlen(path), want);
	free(err);
	stockdiff_free(&sd);
}

static void
expect_buffers_refused(const char *text, const char *want)
{
	expect_refused(stockdiff_load_buffers, NULL, text, want);
}

static void
test_buffers_refused(void **state)
{
	(void)state;
	expect_buffers_refused("sku,buffer\nA,1\nB,-1\n",
	    ":3: buffer \"-1\" is not an integer, 0 or more");
	expect_buffers_refused("sku,buffer\nB,2.5\n",
	    ":2: buffer \"2.5\" is not an integer, 0 or more");
	expect_buffers_refused("sku,buffer\nT*S,1\n",
	    ":2: \"T*S\": a pattern is a prefix and one '*' at its end");
	expect_buffers_refused("sku,buffer\nTS**,1\n",
	    ":2: \"TS**\": a pattern is a prefix and one '*' at its end");
	expect_buffers_refused("sku,buffer\nTS-*,1\nTS-*,2\n",
	    ":3: sku \"TS-*\" twice");
	expect_buffers_refused("sku,buffer\nA,1\nA,1\n", ":3: sku \"A\" twice");
	expect_buffers_refused("sku,buffer\n,1\n", ":2: empty sku");
	expect_buffers_refused("sku,units\nA,1\n", ": no column \"buffer\" in "
	    "the header, which has \"sku\", \"units\"");
}

/* test/cli/data/sd-pending-shopify.ndjson */
static void
test_pending_shopify(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, "shopify");
	/* #3001: 000123 3 edited to 1, ABC-001 removed, a gift card, an
	 * engraving that needs no shipping and has no SKU */
	expect_pending(&sd, "{\"id\":5600000003001,\"name\":\"#3001\","
	    "\"cancelled_at\":null,\"currency\":\"JPY\",\"line_items\":["
	    "{\"sku\":\"000123\",\"quantity\":3,\"current_quantity\":1,"
	    "\"price\":\"1500.5\"},{\"sku\":\"ABC-001\",\"quantity\":2,"
	    "\"current_quantity\":0},{\"sku\":\"GIFT-5000\",\"quantity\":1,"
	    "\"gift_card\":true},{\"sku\":null,\"title\":\"Engraving\","
	    "\"quantity\":1,\"requires_shipping\":false}]}", 1, EXC_NONE,
	    NULL, NULL, NULL);
	/* #3002: cancelled, nothing goes out */
	expect_pending(&sd, "{\"name\":\"#3002\",\"cancelled_at\":"
	    "\"2026-11-26T10:00:00Z\",\"line_items\":[{\"sku\":\"000123\","
	    "\"quantity\":5}]}", 1, EXC_NONE, NULL, NULL, NULL);
	/* summed across orders */
	expect_pending(&sd, "{\"name\":\"#3003\",\"line_items\":[{\"sku\":"
	    "\"000123\",\"quantity\":2},{\"sku\":\"TS-RED-L\","
	    "\"quantity\":9}]}", 1, EXC_NONE, NULL, NULL, NULL);
	/* every line not counted is listed; the first is the exception;
	 * the lines that can be are counted */
	expect_pending(&sd, "{\"name\":\"#3101\",\"line_items\":[{\"sku\":"
	    "\"ABC-001\",\"quantity\":0.5},{\"sku\":\"ABC-001\",\"quantity\":"
	    "1},{\"quantity\":2},{\"sku\":7,\"quantity\":1},{\"sku\":\"\","
	    "\"quantity\":1},{\"sku\":\"MUG\",\"quantity\":-1}]}", 0,
	    EXC_BAD_QUANTITY, "pending line line_items[0] has a quantity that "
	    "is not a whole number: not subtracted", "line_items[0].quantity",
	    "{\"not_counted\":[\"line_items[0]\",\"line_items[2]\","
	    "\"line_items[3]\",\"line_items[4]\",\"line_items[5]\"]}");
	expect_pending(&sd, "{\"line_items\":[{\"sku\":null,\"quantity\":1}]}",
	    0, EXC_MISSING_SKU, "pending line line_items[0] is to be picked "
	    "but has no SKU: not subtracted", "line_items[0].sku",
	    "{\"not_counted\":[\"line_items[0]\"]}");
	expect_pending(&sd, "{\"line_items\":[{\"sku\":7,\"quantity\":1}]}",
	    0, EXC_BAD_SKU, "pending line line_items[0] has a SKU that is not "
	    "a string: not subtracted", "line_items[0].sku",
	    "{\"not_counted\":[\"line_items[0]\"]}");
	expect_pending(&sd, "{\"line_items\":[{\"sku\":\"MUG\","
	    "\"quantity\":-2}]}", 0, EXC_BAD_QUANTITY, "pending line "
	    "line_items[0] has a live quantity below 0: not subtracted",
	    "line_items[0].quantity", "{\"not_counted\":[\"line_items[0]\"]}");
	/* a field of the wrong type holds the order whole */
	expect_pending(&sd, "{\"name\":\"#3102\",\"line_items\":{\"sku\":"
	    "\"000123\"}}", 0, EXC_BAD_FIELD, "line_items is an object, not "
	    "an array of lines (shape shopify)", "line_items", NULL);
	snapshot(&sd, snapshot_text);
	expect_update(&sd, "{\"sku\":\"000123\",\"available\":20}",
	    "{\"sku\":\"000123\",\"available\":17,\"previous\":20,"
	    "\"delta\":-3,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":8}",
	    "{\"sku\":\"ABC-001\",\"available\":7,\"previous\":8,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	/* pending never takes a target below 0 */
	expect_update(&sd, "{\"sku\":\"TS-RED-L\",\"available\":2}",
	    "{\"sku\":\"TS-RED-L\",\"available\":0,\"previous\":2,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	stockdiff_free(&sd);
}

/* test/cli/data/sd-pending-graphql.ndjson with sd-master.csv */
static void
test_pending_graphql_master(void **state)
{
	struct stockdiff sd;
	char *err = NULL;

	(void)state;
	setup(&sd, "shopify-graphql");
	assert_true(stockdiff_load_master(&sd, temp_text("sku,description\n"
	    "000123,Mug\nABC-001,Scarf\nTS-RED-M,T-shirt red M\n"
	    "TS-RED-S,T-shirt red S\nabc,Lower\nABC,Upper\n"), "sku", &err));
	/* #3011: edges; a gift card, a line that needs no shipping */
	expect_pending(&sd, "{\"name\":\"#3011\",\"lineItems\":{\"edges\":["
	    "{\"node\":{\"sku\":\"000123\",\"quantity\":3,\"currentQuantity\":"
	    "2}},{\"node\":{\"sku\":\"GIFT-50\",\"quantity\":1,\"isGiftCard\":"
	    "true}},{\"node\":{\"sku\":\"TS-RED-L\",\"quantity\":1,"
	    "\"requiresShipping\":false}}]}}", 1, EXC_NONE, NULL, NULL, NULL);
	/* #3012: nodes; SKUs resolved as sku-normalize -M does */
	expect_pending(&sd, "{\"name\":\"#3012\",\"lineItems\":{\"nodes\":["
	    "{\"sku\":\"abc-001\",\"quantity\":1,\"currentQuantity\":1},"
	    "{\"sku\":\"ts red m\",\"quantity\":1}]}}", 1, EXC_NONE, NULL,
	    NULL, NULL);
	/* #3013: one not in the master held, the other counted */
	expect_pending(&sd, "{\"name\":\"#3013\",\"lineItems\":[{\"sku\":"
	    "\"NOPE-1\",\"quantity\":1},{\"sku\":\"000123\",\"quantity\":1}]}",
	    0, EXC_UNKNOWN_SKU, "pending line lineItems[0] has a SKU that is "
	    "not in the master: not subtracted", "lineItems[0].sku",
	    "{\"not_counted\":[\"lineItems[0]\"]}");
	expect_pending(&sd, "{\"lineItems\":[{\"sku\":\"TS-RED-L\","
	    "\"quantity\":1}]}", 0, EXC_UNKNOWN_SKU, "pending line "
	    "lineItems[0] has a SKU that is not in the master; nearest: "
	    "\"TS-RED-M\", \"TS-RED-S\": not subtracted", "lineItems[0].sku",
	    "{\"not_counted\":[\"lineItems[0]\"]}");
	expect_pending(&sd, "{\"lineItems\":{\"edges\":[{\"node\":{\"sku\":"
	    "\"Abc\",\"quantity\":1}}]}}", 0, EXC_AMBIGUOUS_SKU, "pending line "
	    "lineItems.edges[0].node has a SKU that fits several master SKUs: "
	    "\"abc\", \"ABC\": not subtracted",
	    "lineItems.edges[0].node.sku",
	    "{\"not_counted\":[\"lineItems.edges[0].node\"]}");
	snapshot(&sd, snapshot_text);
	expect_update(&sd, "{\"sku\":\"000123\",\"available\":20}",
	    "{\"sku\":\"000123\",\"available\":17,\"previous\":20,"
	    "\"delta\":-3,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":8}",
	    "{\"sku\":\"ABC-001\",\"available\":7,\"previous\":8,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"TS-RED-M\",\"available\":5}",
	    "{\"sku\":\"TS-RED-M\",\"available\":4,\"previous\":5,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	expect_nothing(&sd, "{\"sku\":\"TS-RED-L\",\"available\":2}");
	stockdiff_free(&sd);
}

/* test/cli/data/sd-pending-magento.ndjson */
static void
test_pending_magento(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, "magento");
	/* a bundle's children, not its parent; a configurable once; a
	 * downloadable; qty_canceled taken off */
	expect_pending(&sd, "{\"increment_id\":\"000000031\",\"state\":"
	    "\"processing\",\"items\":[{\"item_id\":311,\"sku\":\"GIFT-SET\","
	    "\"product_type\":\"bundle\",\"qty_ordered\":1.0000},{\"item_id\":"
	    "312,\"parent_item_id\":311,\"sku\":\"000123\",\"product_type\":"
	    "\"simple\",\"qty_ordered\":2.0000},{\"item_id\":313,"
	    "\"parent_item_id\":311,\"sku\":\"ABC-001\",\"product_type\":"
	    "\"simple\",\"qty_ordered\":1.0000},{\"item_id\":314,\"sku\":"
	    "\"TS-RED-M\",\"product_type\":\"configurable\",\"qty_ordered\":"
	    "1.0000},{\"item_id\":315,\"parent_item_id\":314,\"sku\":"
	    "\"TS-RED-M\",\"product_type\":\"simple\",\"qty_ordered\":1.0000},"
	    "{\"item_id\":316,\"sku\":\"EBOOK-1\",\"product_type\":"
	    "\"downloadable\",\"qty_ordered\":1.0000},{\"item_id\":317,\"sku\":"
	    "\"TOTE-BAG\",\"product_type\":\"simple\",\"qty_ordered\":3.0000,"
	    "\"qty_canceled\":1.0000}]}", 1, EXC_NONE, NULL, NULL, NULL);
	expect_pending(&sd, "{\"increment_id\":\"000000032\",\"state\":"
	    "\"canceled\",\"items\":[{\"item_id\":321,\"sku\":\"000123\","
	    "\"product_type\":\"simple\",\"qty_ordered\":4.0000,"
	    "\"qty_canceled\":4.0000}]}", 1, EXC_NONE, NULL, NULL, NULL);
	expect_pending(&sd, "{\"increment_id\":\"000000033\",\"state\":"
	    "\"processing\",\"items\":[{\"item_id\":331,\"sku\":\"TOTE-BAG\","
	    "\"product_type\":\"simple\",\"qty_ordered\":1.5},{\"item_id\":332,"
	    "\"sku\":\"ABC-001\",\"product_type\":\"simple\",\"qty_ordered\":"
	    "1.0000}]}", 0, EXC_BAD_QUANTITY, "pending line items[0] has a "
	    "quantity that is not a whole number: not subtracted",
	    "items[0].qty_ordered", "{\"not_counted\":[\"items[0]\"]}");
	snapshot(&sd, snapshot_text);
	expect_update(&sd, "{\"sku\":\"000123\",\"available\":20}",
	    "{\"sku\":\"000123\",\"available\":18,\"previous\":20,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":8}",
	    "{\"sku\":\"ABC-001\",\"available\":6,\"previous\":8,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"TS-RED-M\",\"available\":5}",
	    "{\"sku\":\"TS-RED-M\",\"available\":4,\"previous\":5,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":6}",
	    "{\"sku\":\"TOTE-BAG\",\"available\":4,\"previous\":6,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	stockdiff_free(&sd);
}

static void
test_tolerance(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	sd.tolerance = 2;
	snapshot(&sd, snapshot_text);
	/* rises within it: no update */
	expect_nothing(&sd, "{\"sku\":\"TS-RED-M\",\"available\":4}");
	expect_nothing(&sd, "{\"sku\":\"TS-RED-L\",\"available\":0}");
	/* a rise beyond it */
	expect_update(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":3}",
	    "{\"sku\":\"TOTE-BAG\",\"available\":6,\"previous\":3,"
	    "\"delta\":3,\"risk\":\"undersell\"}");
	/* a fall, however small: the storefront would sell what is gone */
	expect_update(&sd, "{\"sku\":\"000123\",\"available\":21}",
	    "{\"sku\":\"000123\",\"available\":20,\"previous\":21,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"MUG-PAIR\",\"available\":1}",
	    "{\"sku\":\"MUG-PAIR\",\"available\":0,\"previous\":1,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	/* missing in the WMS: to 0 whatever the tolerance */
	expect_store(&sd, "{\"sku\":\"GONE\",\"available\":1}",
	    SD_UPDATE | SD_HOLD, "{\"sku\":\"GONE\",\"available\":0,"
	    "\"previous\":1,\"delta\":-1,\"risk\":\"oversell\"}",
	    EXC_MISSING_IN_WMS, NULL);
	assert_int_equal(sd.compared, 6);
	assert_int_equal(sd.updates, 4);
	stockdiff_free(&sd);

	setup(&sd, NULL);
	sd.tolerance = 1000000000;
	snapshot(&sd, "{\"sku\":\"A\",\"available\":999999999}\n");
	expect_update(&sd, "{\"sku\":\"A\",\"available\":1000000000}",
	    "{\"sku\":\"A\",\"available\":999999999,\"previous\":1000000000,"
	    "\"delta\":-1,\"risk\":\"oversell\"}");
	stockdiff_free(&sd);
}

static void
test_duplicate_wms(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	snapshot(&sd, "{\"sku\":\"A\",\"available\":5}\n"
	    "{\"sku\":\"B\",\"available\":3}\n");
	/* higher: the first stays; lower: it counts */
	expect_wms_held(&sd, 3, "{\"sku\":\"A\",\"available\":9}",
	    EXC_DUPLICATE_SKU, "a second WMS record for \"A\"; the lower "
	    "figure counts");
	expect_wms_held(&sd, 4, "{\"sku\":\"B\",\"available\":1}",
	    EXC_DUPLICATE_SKU, "a second WMS record for \"B\"; the lower "
	    "figure counts");
	expect_wms_held(&sd, 5, "{\"available\":1}", EXC_BAD_SKU,
	    "the record has no SKU string at sku");
	expect_wms_held(&sd, 6, "{\"sku\":\"C\",\"available\":\"7\"}",
	    EXC_BAD_QUANTITY, "the WMS figure of \"C\" is not an integer");
	assert_int_equal(sd.nentries, 2);
	assert_int_equal(sd.wms_duplicates, 2);
	/* six lines: two kept, two duplicates, two unreadable */
	assert_int_equal(stockdiff_unreadable(&sd, 6), 2);
	expect_nothing(&sd, "{\"sku\":\"A\",\"available\":5}");
	expect_update(&sd, "{\"sku\":\"B\",\"available\":3}",
	    "{\"sku\":\"B\",\"available\":1,\"previous\":3,"
	    "\"delta\":-2,\"risk\":\"oversell\"}");
	stockdiff_free(&sd);
}

static void
test_duplicate_listing(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	snapshot(&sd, snapshot_text);
	/* each listing its own update, by its own ids; after the first,
	 * each noted */
	expect_update(&sd, "{\"sku\":\"TS-RED-M\",\"inventory_item_id\":1,"
	    "\"available\":7}", "{\"sku\":\"TS-RED-M\",\"inventory_item_id\":"
	    "1,\"available\":5,\"previous\":7,\"delta\":-2,\"risk\":"
	    "\"oversell\"}");
	expect_store(&sd, "{\"sku\":\"TS-RED-M\",\"inventory_item_id\":2,"
	    "\"available\":9}", SD_UPDATE | SD_HOLD, "{\"sku\":\"TS-RED-M\","
	    "\"inventory_item_id\":2,\"available\":5,\"previous\":9,\"delta\":"
	    "-4,\"risk\":\"oversell\"}", EXC_DUPLICATE_LISTING, "storefront "
	    "listing 2 of \"TS-RED-M\": a SKU listed more than once; each "
	    "listing gets its own update");
	/* one already right: noted, no update */
	expect_store(&sd, "{\"sku\":\"TS-RED-M\",\"inventory_item_id\":3,"
	    "\"available\":5}", SD_HOLD, NULL, EXC_DUPLICATE_LISTING,
	    "storefront listing 3 of \"TS-RED-M\": a SKU listed more than "
	    "once; each listing gets its own update");
	/* a SKU the WMS lacks, twice: both to 0; missing noted once */
	expect_store(&sd, "{\"sku\":\"GONE\",\"id\":1,\"available\":4}",
	    SD_UPDATE | SD_HOLD, "{\"sku\":\"GONE\",\"id\":1,\"available\":0,"
	    "\"previous\":4,\"delta\":-4,\"risk\":\"oversell\"}",
	    EXC_MISSING_IN_WMS, "the WMS has no stock record for \"GONE\"; "
	    "its storefront stock goes to 0");
	expect_store(&sd, "{\"sku\":\"GONE\",\"id\":2,\"available\":3}",
	    SD_UPDATE | SD_HOLD, "{\"sku\":\"GONE\",\"id\":2,\"available\":0,"
	    "\"previous\":3,\"delta\":-3,\"risk\":\"oversell\"}",
	    EXC_DUPLICATE_LISTING, "storefront listing 2 of \"GONE\": a SKU "
	    "listed more than once; each listing gets its own update");
	assert_int_equal(sd.updates, 4);
	assert_int_equal(sd.zeroed, 2);
	stockdiff_free(&sd);
}

/* After the storefront: the WMS records it lacks, in WMS order. */
static void
test_missing_in_store(void **state)
{
	struct stockdiff sd;
	struct exception e = { .code = EXC_NONE };
	struct ndjson_line line;
	json_t *record;
	size_t i, n = 0;

	(void)state;
	setup(&sd, NULL);
	snapshot(&sd, snapshot_text);
	expect_nothing(&sd, "{\"sku\":\"000123\",\"available\":20}");
	/* held for its figure, but listed: not missing */
	expect_store(&sd, "{\"sku\":\"ABC-001\",\"available\":\"8\"}",
	    SD_HOLD, NULL, EXC_BAD_QUANTITY, "the storefront's figure of "
	    "\"ABC-001\" is not an integer");
	expect_nothing(&sd, "{\"sku\":\"TS-RED-M\",\"available\":5}");
	expect_nothing(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":6}");
	for (i = 0; i < sd.nentries; i++) {
		memset(&line, 0, sizeof(line));
		if (!stockdiff_unmatched(&sd, i, &record, &line, &e))
			continue;
		n++;
		assert_int_equal(e.code, EXC_MISSING_IN_STORE);
		/* the record as it came, with its line */
		if (n == 1) {
			assert_int_equal(line.lineno, 4);
			assert_string_equal(e.message, "the storefront has no "
			    "stock record for \"TS-RED-L\"");
			assert_json_text(record, "{\"sku\":\"TS-RED-L\","
			    "\"available\":2}");
		} else {
			assert_int_equal(line.lineno, 6);
			assert_string_equal(e.message, "the storefront has no "
			    "stock record for \"MUG-PAIR\"");
			assert_json_text(record, "{\"sku\":\"MUG-PAIR\","
			    "\"available\":0}");
		}
	}
	assert_int_equal(n, 2);
	sd.ignore_missing_store = 1;
	for (i = 0; i < sd.nentries; i++)
		assert_int_equal(stockdiff_unmatched(&sd, i, &record, &line,
		    &e), 0);
	stockdiff_free(&sd);
	exc_free(&e);
}

static void
test_bad_store_records(void **state)
{
	static const char *const no_sku[] = { "{\"available\":1}",
	    "{\"sku\":\"\",\"available\":1}", "{\"sku\":7,\"available\":1}",
	    "{\"sku\":null,\"available\":1}" };
	static const char *const no_figure[] = { "{\"sku\":\"A\"}",
	    "{\"sku\":\"A\",\"available\":null}",
	    "{\"sku\":\"A\",\"available\":1.5}" };
	struct stockdiff sd;
	size_t i;

	(void)state;
	setup(&sd, NULL);
	snapshot(&sd, "{\"sku\":\"A\",\"available\":1}\n");
	for (i = 0; i < sizeof(no_sku) / sizeof(no_sku[0]); i++)
		expect_store(&sd, no_sku[i], SD_HOLD, NULL, EXC_BAD_SKU,
		    "the record has no SKU string at sku");
	for (i = 0; i < sizeof(no_figure) / sizeof(no_figure[0]); i++)
		expect_store(&sd, no_figure[i], SD_HOLD, NULL,
		    EXC_BAD_QUANTITY, "the storefront's figure of \"A\" is "
		    "not an integer");
	assert_int_equal(sd.compared, 0);
	stockdiff_free(&sd);

	/* each side's own keys, in its messages; updates keep sku and
	 * available */
	setup(&sd, NULL);
	sd.wms_sku = "code";
	sd.wms_qty = "qty";
	sd.store_sku = "variant_sku";
	sd.store_qty = "inventory_quantity";
	snapshot(&sd, "{\"code\":\"A\",\"qty\":4}\n");
	expect_wms_held(&sd, 2, "{\"sku\":\"B\",\"qty\":4}", EXC_BAD_SKU,
	    "the record has no SKU string at code");
	expect_store(&sd, "{\"sku\":\"A\",\"inventory_quantity\":1}", SD_HOLD,
	    NULL, EXC_BAD_SKU, "the record has no SKU string at variant_sku");
	expect_update(&sd, "{\"variant_sku\":\"A\",\"inventory_quantity\":1}",
	    "{\"sku\":\"A\",\"available\":4,\"previous\":1,\"delta\":3,"
	    "\"risk\":\"undersell\"}");
	stockdiff_free(&sd);
}

static void
test_location(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, "shopify");
	sd.location = "warehouse";
	snapshot(&sd, "{\"sku\":\"000123\",\"warehouse\":\"LEEDS\","
	    "\"available\":10}\n{\"sku\":\"000123\",\"warehouse\":\"BRISTOL\","
	    "\"available\":4}\n");
	/* twice at one location is a duplicate, not once at each of two */
	expect_wms_held(&sd, 3, "{\"sku\":\"000123\",\"warehouse\":\"LEEDS\","
	    "\"available\":12}", EXC_DUPLICATE_SKU, "a second WMS record for "
	    "\"000123\"; the lower figure counts");
	expect_wms_held(&sd, 4, "{\"sku\":\"000123\",\"available\":3}",
	    EXC_NO_FIELD, "the record has no location at warehouse");
	expect_wms_held(&sd, 5, "{\"sku\":\"000123\",\"warehouse\":1.5,"
	    "\"available\":3}", EXC_NO_FIELD,
	    "the record has no location at warehouse");
	/* pending comes off every location */
	expect_pending(&sd, "{\"line_items\":[{\"sku\":\"000123\","
	    "\"quantity\":5}]}", 1, EXC_NONE, NULL, NULL, NULL);
	expect_update(&sd, "{\"sku\":\"000123\",\"warehouse\":\"LEEDS\","
	    "\"available\":10}", "{\"sku\":\"000123\",\"location\":\"LEEDS\","
	    "\"available\":5,\"previous\":10,\"delta\":-5,\"risk\":"
	    "\"oversell\"}");
	expect_update(&sd, "{\"sku\":\"000123\",\"warehouse\":\"BRISTOL\","
	    "\"available\":4}", "{\"sku\":\"000123\",\"location\":\"BRISTOL\","
	    "\"available\":0,\"previous\":4,\"delta\":-4,\"risk\":"
	    "\"oversell\"}");
	/* a location the WMS does not have for the SKU */
	expect_store(&sd, "{\"sku\":\"000123\",\"warehouse\":\"YORK\","
	    "\"available\":1}", SD_UPDATE | SD_HOLD, "{\"sku\":\"000123\","
	    "\"location\":\"YORK\",\"available\":0,\"previous\":1,\"delta\":-1,"
	    "\"risk\":\"oversell\"}", EXC_MISSING_IN_WMS, NULL);
	stockdiff_free(&sd);

	/* Shopify's location_id: an integer and its digits are one */
	setup(&sd, NULL);
	sd.location = "location_id";
	snapshot(&sd, "{\"sku\":\"TS-RED-M\",\"location_id\":\"65000000002\","
	    "\"available\":2}\n");
	expect_update(&sd, "{\"inventory_item_id\":44000000000001,"
	    "\"location_id\":65000000002,\"available\":3,\"sku\":\"TS-RED-M\"}",
	    "{\"sku\":\"TS-RED-M\",\"location\":65000000002,"
	    "\"inventory_item_id\":44000000000001,\"location_id\":65000000002,"
	    "\"available\":2,\"previous\":3,\"delta\":-1,\"risk\":"
	    "\"oversell\"}");
	stockdiff_free(&sd);
}

/* --since: only the keys whose WMS figure changed are compared. */
static void
test_since(void **state)
{
	struct stockdiff sd;
	struct exception e = { .code = EXC_NONE };
	struct ndjson_line line;
	json_t *record;
	char *err = NULL;
	size_t i, n = 0;

	(void)state;
	setup(&sd, NULL);
	assert_true(stockdiff_load_since(&sd, temp_text(
	    "{\"sku\":\"000123\",\"available\":20}\n"
	    "{\"sku\":\"ABC-001\",\"available\":5}\n"
	    "{\"sku\":\"TS-RED-M\",\"available\":5}\n"
	    "{\"sku\":\"WINTER-BOX\",\"available\":2}\n"
	    "{\"sku\":\"DUP\",\"available\":4}\n"
	    "{\"sku\":\"DUP\",\"available\":3}\n"), &err));
	snapshot(&sd, snapshot_text);
	snapshot(&sd, "{\"sku\":\"DUP\",\"available\":3}\n");
	/* unchanged: not compared, though the storefront drifted */
	expect_nothing(&sd, "{\"sku\":\"000123\",\"available\":25}");
	expect_nothing(&sd, "{\"sku\":\"TS-RED-M\",\"available\":1}");
	/* the previous snapshot's duplicate: the lower figure, as now */
	expect_nothing(&sd, "{\"sku\":\"DUP\",\"available\":9}");
	/* changed, and new */
	expect_update(&sd, "{\"sku\":\"ABC-001\",\"available\":5}",
	    "{\"sku\":\"ABC-001\",\"available\":8,\"previous\":5,\"delta\":3,"
	    "\"risk\":\"undersell\"}");
	expect_update(&sd, "{\"sku\":\"TOTE-BAG\",\"available\":5}",
	    "{\"sku\":\"TOTE-BAG\",\"available\":6,\"previous\":5,\"delta\":1,"
	    "\"risk\":\"undersell\"}");
	/* gone from the WMS: missing, to 0; missing last time too: not
	 * reported again */
	expect_store(&sd, "{\"sku\":\"WINTER-BOX\",\"available\":2}",
	    SD_UPDATE | SD_HOLD, "{\"sku\":\"WINTER-BOX\",\"available\":0,"
	    "\"previous\":2,\"delta\":-2,\"risk\":\"oversell\"}",
	    EXC_MISSING_IN_WMS, NULL);
	expect_nothing(&sd, "{\"sku\":\"GIFT-SET-01\",\"available\":3}");
	assert_int_equal(sd.unchanged, 4);
	assert_int_equal(sd.compared, 3);
	/* missing in the store: only the keys that changed, TS-RED-L and
	 * MUG-PAIR (new) */
	for (i = 0; i < sd.nentries; i++)
		if (stockdiff_unmatched(&sd, i, &record, &line, &e))
			n++;
	assert_int_equal(n, 2);
	stockdiff_free(&sd);
	exc_free(&e);
}

static void
expect_since_refused(const char *location, const char *text,
    const char *want)
{
	expect_refused(stockdiff_load_since, location, text, want);
}

static void
test_since_refused(void **state)
{
	(void)state;
	expect_since_refused(NULL, "{\"sku\":\"A\",\"available\":1}\n"
	    "{\"available\":2}\n", ":2: the record has no SKU string at sku");
	expect_since_refused(NULL, "{\"sku\":\"A\",\"available\":\"1\"}\n",
	    ":1: available is not an integer");
	expect_since_refused("warehouse", "{\"sku\":\"A\",\"available\":1}\n",
	    ":1: the record has no location at warehouse");
}

static void
test_carry(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	/* Shopify's identity by default, in this order */
	assert_int_equal(sd.ncarry, 4);
	assert_string_equal(sd.carry[0], "inventory_item_id");
	assert_string_equal(sd.carry[1], "location_id");
	assert_string_equal(sd.carry[2], "variant_id");
	assert_string_equal(sd.carry[3], "id");
	/* a key twice is carried once */
	stockdiff_carry(&sd, "barcode");
	stockdiff_carry(&sd, "id");
	stockdiff_carry(&sd, "barcode");
	assert_int_equal(sd.ncarry, 5);
	assert_null(stockdiff_carry_clash(&sd));
	/* location is the record's member until --location-key writes it */
	stockdiff_carry(&sd, "location");
	assert_null(stockdiff_carry_clash(&sd));
	snapshot(&sd, "{\"sku\":\"A\",\"available\":1}\n");
	/* carried where present, as they came: strings, null; absent,
	 * absent; in the carry order, not the record's */
	expect_update(&sd, "{\"location\":\"shelf 4\",\"id\":null,"
	    "\"variant_id\":\"gid://shopify/ProductVariant/7\",\"sku\":\"A\","
	    "\"barcode\":\"5012345678900\",\"available\":0,\"title\":\"Mug\"}",
	    "{\"sku\":\"A\",\"variant_id\":\"gid://shopify/ProductVariant/7\","
	    "\"id\":null,\"barcode\":\"5012345678900\",\"location\":\"shelf "
	    "4\",\"available\":1,\"previous\":0,\"delta\":1,\"risk\":"
	    "\"undersell\"}");
	sd.location = "warehouse";
	assert_string_equal(stockdiff_carry_clash(&sd), "location");
	stockdiff_free(&sd);

	setup(&sd, NULL);
	stockdiff_carry(&sd, "delta");
	assert_string_equal(stockdiff_carry_clash(&sd), "delta");
	stockdiff_free(&sd);
	setup(&sd, NULL);
	stockdiff_carry(&sd, "available");
	assert_string_equal(stockdiff_carry_clash(&sd), "available");
	stockdiff_free(&sd);
}

static void
test_limits(void **state)
{
	struct stockdiff sd;

	(void)state;
	setup(&sd, NULL);
	/* --max-bad by default: 10% and at least 2, never all */
	assert_int_equal(stockdiff_max_bad(&sd, 0), 0);
	assert_int_equal(stockdiff_max_bad(&sd, 1), 0);
	assert_int_equal(stockdiff_max_bad(&sd, 2), 1);
	assert_int_equal(stockdiff_max_bad(&sd, 3), 2);
	assert_int_equal(stockdiff_max_bad(&sd, 29), 2);
	assert_int_equal(stockdiff_max_bad(&sd, 30), 3);
	assert_int_equal(stockdiff_max_bad(&sd, 1000), 100);
	/* --max-zero by default: 10% and at least 20, at most half and at
	 * least 2 */
	sd.on_sale = 0;
	assert_int_equal(stockdiff_max_zero(&sd), 2);
	sd.on_sale = 5;
	assert_int_equal(stockdiff_max_zero(&sd), 2);
	sd.on_sale = 30;
	assert_int_equal(stockdiff_max_zero(&sd), 15);
	sd.on_sale = 100;
	assert_int_equal(stockdiff_max_zero(&sd), 20);
	sd.on_sale = 1000;
	assert_int_equal(stockdiff_max_zero(&sd), 100);
	/* given, they are what they say */
	assert_true(tool_limit_parse(&sd.max_bad, "0"));
	assert_int_equal(stockdiff_max_bad(&sd, 1000), 0);
	assert_true(tool_limit_parse(&sd.max_zero, "50%"));
	assert_int_equal(stockdiff_max_zero(&sd), 500);
	stockdiff_free(&sd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_target_at_the_ends),
		cmocka_unit_test(test_buffers_table),
		cmocka_unit_test(test_buffers_refused),
		cmocka_unit_test(test_pending_shopify),
		cmocka_unit_test(test_pending_graphql_master),
		cmocka_unit_test(test_pending_magento),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_duplicate_wms),
		cmocka_unit_test(test_duplicate_listing),
		cmocka_unit_test(test_missing_in_store),
		cmocka_unit_test(test_bad_store_records),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_since_refused),
		cmocka_unit_test(test_carry),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
