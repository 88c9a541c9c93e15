/*
 * Unit tests of shipmap: the table refused at load ("file:line: what"),
 * titles matched folded and nothing fuzzier, the most specific row of
 * title, channel and country, the live shipping line of each shape
 * (removed lines not looked at, titles that fold apart ambiguous), orders
 * that need no method, unmapped titles held with the nearest as a hint,
 * --default marked, --set and --set-carrier, and --coverage. Records are
 * compared as compact JSON, key order kept; a held record must be as it
 * came.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csvtable.h"
#include "shipmap.h"
#include "testutil.h"
#include "xalloc.h"

#define EN_DASH	"\xE2\x80\x93"
#define NBSP	"\xC2\xA0"

/* test/cli/data/shipmap-map.csv */
static const char map_csv[] = "title,service_code,carrier\n"
    "Next Day Delivery,12,DPD\n"
    "Standard Delivery (2-3 days),TPS48,Royal Mail\n"
    "Royal Mail Tracked 24,TPN24,Royal Mail\n"
    "Royal Mail Tracked 48,TPS48,Royal Mail\n"
    "Click & Collect,CLICK-COLLECT,\n";

/* One title at every level of channel and country. */
static const char levels_csv[] =
    "title,service_code,carrier,channel,country\n"
    "Express Delivery,TPN24,Royal Mail,,\n"
    "Express Delivery,12,DPD,wholesale,\n"
    "Express Delivery,11,UPS,,IE\n"
    "Express Delivery,65,UPS,wholesale,IE\n"
    "Express Delivery,SD1,Royal Mail,,GB\n";

static const char countries_csv[] = "title,service_code,carrier,country\n"
    "Next Day Delivery,12,DPD,GB\n"
    "UPS Standard,11,UPS,IE\n"
    "Click & Collect,CLICK-COLLECT,,\n";

static const char services_csv[] = "service_code,description\n"
    "12,DPD Next Day\nTPN24,Royal Mail Tracked 24\n"
    "TPS48,Royal Mail Tracked 48\n";

/* As shipmap's main sets it up; fallback before the load, which checks
 * it against services. */
static void
setup_with(struct shipmap *m, const char *shape, const char *table,
    const char *fallback, const char *services)
{
	char *err = NULL;

	shipmap_init(m);
	m->fallback = fallback;
	shipmap_shape(m, order_shape_find(shape));
	if (!shipmap_load(m, temp_text(table), services != NULL ?
	    temp_text(services) : NULL, &err))
		fail_msg("%s", err);
}

static void
setup(struct shipmap *m, const char *shape, const char *table)
{
	setup_with(m, shape, table, NULL, NULL);
}

static struct path *
parsed_path(const char *text)
{
	char *err = NULL;
	struct path *p = path_parse(text, &err);

	if (p == NULL)
		fail_msg("%s", err);
	return p;
}

/* The record passes, as want. */
static void
expect_pass(struct shipmap *m, const char *text, const char *want)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text);

	assert_int_equal(shipmap_record(m, record, &e), 1);
	assert_int_equal(e.code, EXC_NONE);
	assert_json_text(record, want);
	json_decref(record);
	exc_free(&e);
}

/*
 * The record is held, unchanged: code, message, path and value (NULL:
 * none) and detail (NULL: none, else as compact JSON).
 */
static void
expect_hold(struct shipmap *m, const char *text, enum exc_code code,
    const char *message, const char *where, const char *value,
    const char *detail)
{
	struct exception e = { .code = EXC_NONE };
	json_t *record = parse_json(text), *was = json_deep_copy(record);

	assert_int_equal(shipmap_record(m, record, &e), 0);
	assert_string_equal(exc_codes[e.code].name, exc_codes[code].name);
	assert_string_equal(e.message, message);
	if (where == NULL)
		assert_null(e.path);
	else
		assert_string_equal(e.path, where);
	if (value == NULL)
		assert_null(e.value);
	else
		assert_json_text(e.value, value);
	if (detail == NULL)
		assert_null(e.detail);
	else
		assert_json_text(e.detail, detail);
	assert_true(json_equal(record, was));
	json_decref(record);
	json_decref(was);
	exc_free(&e);
}

/* The first of what in s replaced by with, into out. */
static void
replace_in(struct buf *out, const char *s, const char *what,
    const char *with)
{
	const char *at = strstr(s, what);

	buf_reset(out);
	if (at == NULL) {
		buf_adds(out, s);
		return;
	}
	buf_add(out, s, (size_t)(at - s));
	buf_adds(out, with);
	buf_adds(out, at + strlen(what));
}

/* shipmap_load refuses table with want, where TABLE and SERVICES stand
 * for the files' temporary names. */
static void
expect_refused(const char *table, const char *fallback, const char *services,
    const char *want)
{
	struct shipmap m;
	struct buf a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	char *tpath = temp_text(table), *err = NULL;
	char *spath = services != NULL ? temp_text(services) : NULL;

	shipmap_init(&m);
	m.fallback = fallback;
	shipmap_shape(&m, order_shapes[0]);
	assert_int_equal(shipmap_load(&m, tpath, spath, &err), 0);
	assert_non_null(err);
	replace_in(&a, err, tpath, "TABLE");
	if (spath != NULL) {
		replace_in(&b, a.p, spath, "SERVICES");
		assert_string_equal(b.p, want);
	} else
		assert_string_equal(a.p, want);
	buf_free(&a);
	buf_free(&b);
	free(err);
	shipmap_free(&m);
}

static void
test_load_refused(void **state)
{
	(void)state;
	expect_refused("title,service_code,carrier\nNext Day Delivery,12,DPD\n"
	    ",TPS48,Royal Mail\n", NULL, NULL, "TABLE:3: empty title");
	/* a title that folds to nothing is empty too */
	expect_refused("title,service_code\n" NBSP " ,12\n", NULL, NULL,
	    "TABLE:2: empty title");
	expect_refused("title,service_code,carrier\nNext Day Delivery,12,DPD\n"
	    "Standard Delivery,,Royal Mail\n", NULL, NULL,
	    "TABLE:3: empty service_code");
	expect_refused("title,service_code,carrier,country\n"
	    "Next Day Delivery,12,DPD,\nUPS Standard,11,UPS,IRL\n", NULL, NULL,
	    "TABLE:3: country \"IRL\" is not an ISO 3166 alpha-2 code");
	expect_refused("title,service_code,country\nUPS Standard,11,I1\n",
	    NULL, NULL, "TABLE:2: country \"I1\" is not an ISO 3166 alpha-2 "
	    "code");
	/* one match, folded, with another code; then another carrier */
	expect_refused("title,service_code,carrier\nNext Day Delivery,12,DPD\n"
	    "Standard Delivery,TPS48,Royal Mail\nnext day  delivery,13,DPD\n",
	    NULL, NULL, "TABLE:4: title \"next day  delivery\" is mapped on "
	    "line 2 already, to another service");
	expect_refused("title,service_code,carrier,country\n"
	    "UPS Standard,11,UPS,IE\nUPS Standard,11,DPD,ie\n", NULL, NULL,
	    "TABLE:3: title \"UPS Standard\" is mapped on line 2 already, to "
	    "another service");
	expect_refused("title,service_code,carrier\nUPS Standard,11,UPS\n"
	    "UPS Standard,11,\n", NULL, NULL, "TABLE:3: title \"UPS Standard\" "
	    "is mapped on line 2 already, to another service");
	/* the WMS's list of codes */
	expect_refused(map_csv, NULL, services_csv, "TABLE:6: service code "
	    "\"CLICK-COLLECT\" is not in SERVICES");
	expect_refused("title,service_code\nNext Day Delivery,12\n", "NOPE",
	    services_csv,
	    "--default: service code \"NOPE\" is not in SERVICES");
}

static void
test_load_accepted(void **state)
{
	struct shipmap m;

	(void)state;
	/* identical rows, spelled differently, are one */
	setup_with(&m, "shopify", "title,service_code,carrier\n"
	    "Next Day Delivery,12,DPD\nStandard Delivery,TPS48,Royal Mail\n"
	    "NEXT DAY DELIVERY,12,DPD\n", "TPN24", services_csv);
	assert_int_equal(m.table->nrows, 3);
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"next day "
	    "delivery\"}]}", "{\"shipping_lines\":[{\"title\":\"next day "
	    "delivery\",\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	shipmap_free(&m);
}

static void
test_folded_titles(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", map_csv);
	expect_pass(&m, "{\"id\":1,\"shipping_lines\":[{\"title\":"
	    "\"NEXT DAY DELIVERY\",\"price\":\"5.99\"}]}", "{\"id\":1,"
	    "\"shipping_lines\":[{\"title\":\"NEXT DAY DELIVERY\",\"price\":"
	    "\"5.99\",\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\" next day  "
	    "delivery \"}]}", "{\"shipping_lines\":[{\"title\":\" next day  "
	    "delivery \",\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Next" NBSP "Day "
	    "Delivery\"}]}", "{\"shipping_lines\":[{\"title\":\"Next" NBSP
	    "Day Delivery\",\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Standard Delivery "
	    "(2" EN_DASH "3 days)\"}]}", "{\"shipping_lines\":[{\"title\":"
	    "\"Standard Delivery (2" EN_DASH "3 days)\",\"service_code\":"
	    "\"TPS48\",\"carrier\":\"Royal Mail\"}]}");
	/* the code replaced in place; no carrier where the row has none */
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Click & Collect\","
	    "\"service_code\":\"OLD\"}]}",
	    "{\"shipping_lines\":[{\"title\":\"Click & Collect\","
	    "\"service_code\":\"CLICK-COLLECT\"}]}");
	/* nothing fuzzier: one letter off is unmapped */
	expect_hold(&m, "{\"name\":\"#1001\",\"shipping_lines\":[{\"title\":"
	    "\"Next Day Delivry\"}]}", EXC_UNMAPPED_SHIP_METHOD,
	    "shipping title \"Next Day Delivry\" is not in the shipping "
	    "table; nearest: \"Next Day Delivery\"", "shipping_lines[0].title",
	    "\"Next Day Delivry\"", "{\"nearest\":[\"Next Day Delivery\"]}");
	assert_int_equal(m.mapped, 5);
	assert_int_equal(m.defaulted, 0);
	shipmap_free(&m);
}

static void
test_most_specific_row(void **state)
{
	static const char title[] =
	    "\"shipping_lines\":[{\"title\":\"Express Delivery\"}]";
	struct shipmap m;
	char *in, *want;
	size_t i;
	static const struct {
		const char *channel, *country, *code, *carrier;
	} cases[] = {
		{ "wholesale", "IE", "65", "UPS" },	/* title+ch+co */
		{ "web", "IE", "11", "UPS" },		/* title+co */
		{ "wholesale", "GB", "SD1", "Royal Mail" }, /* co over ch */
		{ "Wholesale ", NULL, "12", "DPD" },	/* title+ch, folded */
		{ "web", "FR", "TPN24", "Royal Mail" },	/* title */
		{ "web", "ie", "11", "UPS" },		/* lower case */
		{ "web", "GBR", "TPN24", "Royal Mail" },	/* no country */
	};

	(void)state;
	setup(&m, "shopify", levels_csv);
	m.channel = parsed_path("source_name");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *addr = cases[i].country == NULL ? xasprintf("%s", "") :
		    xasprintf("\"shipping_address\":{\"country_code\":"
		    "\"%s\"},", cases[i].country);

		in = xasprintf("{\"source_name\":\"%s\",%s%s}",
		    cases[i].channel, addr, title);
		want = xasprintf("{\"source_name\":\"%s\",%s\"shipping_lines\":"
		    "[{\"title\":\"Express Delivery\",\"service_code\":\"%s\","
		    "\"carrier\":\"%s\"}]}", cases[i].channel, addr,
		    cases[i].code, cases[i].carrier);
		expect_pass(&m, in, want);
		free(in);
		free(want);
		free(addr);
	}
	shipmap_free(&m);

	/* without a channel path the channel rows never match */
	setup(&m, "shopify", levels_csv);
	expect_pass(&m, "{\"source_name\":\"wholesale\",\"shipping_address\":"
	    "{\"country_code\":\"IE\"},\"shipping_lines\":[{\"title\":"
	    "\"Express Delivery\"}]}", "{\"source_name\":\"wholesale\","
	    "\"shipping_address\":{\"country_code\":\"IE\"},\"shipping_lines\":"
	    "[{\"title\":\"Express Delivery\",\"service_code\":\"11\","
	    "\"carrier\":\"UPS\"}]}");
	shipmap_free(&m);
}

static void
test_country_rows(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", countries_csv);
	expect_pass(&m, "{\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\"}]}",
	    "{\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\","
	    "\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	/* a row for any country serves every country, and none */
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Click & "
	    "Collect\"}]}", "{\"shipping_lines\":[{\"title\":\"Click & "
	    "Collect\",\"service_code\":\"CLICK-COLLECT\"}]}");
	/* mapped for another country only: held, said so */
	expect_hold(&m, "{\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"UPS Standard\"}]}",
	    EXC_UNMAPPED_SHIP_METHOD, "shipping title \"UPS Standard\" is "
	    "mapped only for other channels or countries; nearest: \"UPS "
	    "Standard\"", "shipping_lines[0].title", "\"UPS Standard\"",
	    "{\"nearest\":[\"UPS Standard\"]}");
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"next day "
	    "delivery\"}]}", EXC_UNMAPPED_SHIP_METHOD, "shipping title \"next "
	    "day delivery\" is mapped only for other channels or countries; "
	    "nearest: \"Next Day Delivery\"", "shipping_lines[0].title",
	    "\"next day delivery\"", "{\"nearest\":[\"Next Day Delivery\"]}");
	shipmap_free(&m);

	/* --country-path overrides the shape's */
	setup(&m, "shopify", countries_csv);
	m.country = parsed_path("billing_address.country_code");
	expect_pass(&m, "{\"billing_address\":{\"country_code\":\"IE\"},"
	    "\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"UPS Standard\"}]}",
	    "{\"billing_address\":{\"country_code\":\"IE\"},"
	    "\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"UPS Standard\","
	    "\"service_code\":\"11\",\"carrier\":\"UPS\"}]}");
	shipmap_free(&m);
}

static void
test_unmapped_nearest(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", map_csv);
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"Same Day "
	    "Courier\"}]}", EXC_UNMAPPED_SHIP_METHOD, "shipping title \"Same "
	    "Day Courier\" is not in the shipping table",
	    "shipping_lines[0].title", "\"Same Day Courier\"",
	    "{\"nearest\":[]}");
	/* ties at one distance in the table's order */
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"Royal Mail Tracked "
	    "4\"}]}", EXC_UNMAPPED_SHIP_METHOD, "shipping title \"Royal Mail "
	    "Tracked 4\" is not in the shipping table; nearest: \"Royal Mail "
	    "Tracked 24\", \"Royal Mail Tracked 48\"",
	    "shipping_lines[0].title", "\"Royal Mail Tracked 4\"",
	    "{\"nearest\":[\"Royal Mail Tracked 24\","
	    "\"Royal Mail Tracked 48\"]}");
	/* the path is the live line's: the removed first is skipped */
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"Next Day "
	    "Delivery\",\"is_removed\":true},{\"title\":\"Same Day Courier\","
	    "\"is_removed\":false}],\"line_items\":[{\"sku\":\"MUG\","
	    "\"quantity\":1}]}", EXC_UNMAPPED_SHIP_METHOD, "shipping title "
	    "\"Same Day Courier\" is not in the shipping table",
	    "shipping_lines[1].title", "\"Same Day Courier\"",
	    "{\"nearest\":[]}");
	assert_int_equal(m.mapped, 0);
	shipmap_free(&m);
}

/* test/cli/data/sh-rest.ndjson, #1101, #1105 */
static void
test_removed_shipping_lines(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", map_csv);
	expect_pass(&m, "{\"name\":\"#1101\",\"line_items\":[{\"id\":101,"
	    "\"sku\":\"MUG\",\"quantity\":2,\"current_quantity\":0},"
	    "{\"id\":102,"
	    "\"sku\":\"SCARF\",\"quantity\":1,\"current_quantity\":1}],"
	    "\"shipping_lines\":[{\"id\":901,\"title\":\"Standard Delivery "
	    "(2-3 days)\",\"is_removed\":true},{\"id\":902,\"title\":"
	    "\"Next Day Delivery\",\"is_removed\":false}]}",
	    "{\"name\":\"#1101\",\"line_items\":[{\"id\":101,"
	    "\"sku\":\"MUG\",\"quantity\":2,\"current_quantity\":0},"
	    "{\"id\":102,"
	    "\"sku\":\"SCARF\",\"quantity\":1,\"current_quantity\":1}],"
	    "\"shipping_lines\":[{\"id\":901,\"title\":\"Standard Delivery "
	    "(2-3 days)\",\"is_removed\":true},{\"id\":902,\"title\":"
	    "\"Next Day Delivery\",\"is_removed\":false,\"service_code\":"
	    "\"12\",\"carrier\":\"DPD\"}]}");
	/* a removed line with another title is no ambiguity */
	expect_pass(&m, "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}],"
	    "\"shipping_lines\":[{\"title\":\"Click & Collect\","
	    "\"is_removed\":false},{\"title\":\"Next Day Delivery\","
	    "\"is_removed\":true}]}", "{\"line_items\":[{\"sku\":\"MUG\","
	    "\"quantity\":1}],\"shipping_lines\":[{\"title\":\"Click & "
	    "Collect\",\"is_removed\":false,\"service_code\":"
	    "\"CLICK-COLLECT\"},{\"title\":\"Next Day Delivery\","
	    "\"is_removed\":true}]}");
	expect_hold(&m, "{\"name\":\"#1105\",\"line_items\":[{\"id\":141,"
	    "\"sku\":\"MUG\",\"quantity\":1,\"current_quantity\":1}],"
	    "\"shipping_lines\":[{\"id\":906,\"title\":\"Next Day Delivery\","
	    "\"is_removed\":true}]}", EXC_MISSING_SHIP_METHOD,
	    "the order needs "
	    "shipping but has no live shipping title at "
	    "shipping_lines[].title (1 removed by an edit)", NULL, NULL, NULL);
	shipmap_free(&m);
}

static void
test_ambiguous(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", map_csv);
	/* #1104 */
	expect_hold(&m, "{\"name\":\"#1104\",\"line_items\":[{\"sku\":\"MUG\","
	    "\"quantity\":1,\"current_quantity\":1}],\"shipping_lines\":["
	    "{\"id\":904,\"title\":\"Next Day Delivery\",\"is_removed\":false},"
	    "{\"id\":905,\"title\":\"Royal Mail Tracked 24\","
	    "\"is_removed\":false}]}", EXC_AMBIGUOUS_SHIP_METHOD, "live "
	    "shipping lines have different titles, \"Next Day Delivery\" and "
	    "\"Royal Mail Tracked 24\": the service paid for is unknown",
	    "shipping_lines[1].title", "\"Royal Mail Tracked 24\"",
	    "{\"titles\":[\"Next Day Delivery\",\"Royal Mail Tracked 24\"]}");
	/* #1106: titles that fold alike are one method, set on the first */
	expect_pass(&m, "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}],"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\"},"
	    "{\"title\":\"next day  delivery\"}]}", "{\"line_items\":[{\"sku\":"
	    "\"MUG\",\"quantity\":1}],\"shipping_lines\":[{\"title\":\"Next "
	    "Day Delivery\",\"service_code\":\"12\",\"carrier\":\"DPD\"},"
	    "{\"title\":\"next day  delivery\"}]}");
	shipmap_free(&m);

	/* GraphQL #1203: nodes */
	setup(&m, "shopify-graphql", map_csv);
	expect_hold(&m, "{\"name\":\"#1203\",\"lineItems\":{\"nodes\":["
	    "{\"sku\":"
	    "\"MUG\",\"quantity\":1,\"currentQuantity\":1}]},\"shippingLines\":"
	    "{\"nodes\":[{\"title\":\"Next Day Delivery\",\"isRemoved\":false},"
	    "{\"title\":\"Click & Collect\",\"isRemoved\":false}]}}",
	    EXC_AMBIGUOUS_SHIP_METHOD, "live shipping lines have different "
	    "titles, \"Next Day Delivery\" and \"Click & Collect\": the "
	    "service "
	    "paid for is unknown", "shippingLines.nodes[1].title",
	    "\"Click & Collect\"",
	    "{\"titles\":[\"Next Day Delivery\",\"Click & Collect\"]}");
	shipmap_free(&m);
}

/* test/cli/data/sh-graphql.ndjson #1201, #1204; sh-magento.ndjson 101,
 * 105 */
static void
test_shapes(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify-graphql", map_csv);
	expect_pass(&m, "{\"name\":\"#1201\",\"lineItems\":{\"edges\":["
	    "{\"node\":"
	    "{\"sku\":\"MUG\",\"quantity\":2,\"currentQuantity\":2}}]},"
	    "\"shippingLines\":{\"edges\":[{\"node\":{\"title\":\"Standard "
	    "Delivery (2-3 days)\",\"isRemoved\":true}},{\"node\":{\"title\":"
	    "\"Next Day Delivery\",\"isRemoved\":false}}]}}",
	    "{\"name\":\"#1201\",\"lineItems\":{\"edges\":[{\"node\":"
	    "{\"sku\":\"MUG\",\"quantity\":2,\"currentQuantity\":2}}]},"
	    "\"shippingLines\":{\"edges\":[{\"node\":{\"title\":\"Standard "
	    "Delivery (2-3 days)\",\"isRemoved\":true}},{\"node\":{\"title\":"
	    "\"Next Day Delivery\",\"isRemoved\":false,\"service_code\":\"12\","
	    "\"carrier\":\"DPD\"}}]}}");
	expect_hold(&m, "{\"lineItems\":[{\"sku\":\"MUG\",\"quantity\":1}],"
	    "\"shippingLines\":{\"edges\":[{\"node\":{\"title\":\"Next Day "
	    "Delivery\",\"isRemoved\":true}},{\"node\":{\"title\":\"Same Day "
	    "Courier\",\"isRemoved\":false}}]}}", EXC_UNMAPPED_SHIP_METHOD,
	    "shipping title \"Same Day Courier\" is not in the shipping table",
	    "shippingLines.edges[1].node.title", "\"Same Day Courier\"",
	    "{\"nearest\":[]}");
	shipmap_free(&m);

	setup(&m, "magento", map_csv);
	expect_pass(&m, "{\"increment_id\":\"000000101\","
	    "\"shipping_description\":"
	    "\"Next Day Delivery\",\"items\":[{\"item_id\":11,\"sku\":\"KIT\","
	    "\"product_type\":\"bundle\",\"qty_ordered\":1.0000},"
	    "{\"item_id\":12,"
	    "\"parent_item_id\":11,\"sku\":\"LAMP\","
	    "\"product_type\":\"simple\","
	    "\"qty_ordered\":1.0000}]}", "{\"increment_id\":\"000000101\","
	    "\"shipping_description\":\"Next Day Delivery\",\"items\":[{"
	    "\"item_id\":11,\"sku\":\"KIT\",\"product_type\":\"bundle\","
	    "\"qty_ordered\":1.0},{\"item_id\":12,\"parent_item_id\":11,"
	    "\"sku\":"
	    "\"LAMP\",\"product_type\":\"simple\",\"qty_ordered\":1.0}],"
	    "\"service_code\":\"12\",\"carrier\":\"DPD\"}");
	expect_hold(&m, "{\"increment_id\":\"000000105\","
	    "\"shipping_description\":"
	    "\"Flat Rate - Fixed\",\"items\":[{\"item_id\":51,\"sku\":\"MUG\","
	    "\"product_type\":\"simple\",\"qty_ordered\":2.0000,"
	    "\"qty_canceled\":1.0000}]}", EXC_UNMAPPED_SHIP_METHOD, "shipping "
	    "title \"Flat Rate - Fixed\" is not in the shipping table",
	    "shipping_description", "\"Flat Rate - Fixed\"",
	    "{\"nearest\":[]}");
	shipmap_free(&m);
}

/* No line to pick at a live quantity above 0: passes unchanged, whatever
 * the title. */
static void
test_no_shipping_needed(void **state)
{
	/* each fixture parenthesized: one string in pieces, not two */
	static const char *const rest[] = {
		/* #1102: a gift card only */
		("{\"name\":\"#1102\",\"line_items\":[{\"sku\":\"GC-5000\","
		"\"quantity\":1,\"current_quantity\":1,\"gift_card\":true,"
		"\"requires_shipping\":false}],\"shipping_lines\":[]}"),
		/* #1103: every line removed by an edit; an unknown title */
		("{\"name\":\"#1103\",\"line_items\":[{\"sku\":\"MUG\","
		"\"quantity\":1,\"current_quantity\":0}],\"shipping_lines\":"
		"[{\"title\":\"Next Day Delivry\"}]}"),
		/* nothing needs shipping: an empty title is not held */
		("{\"line_items\":[{\"sku\":\"E-BOOK\",\"requires_shipping\":"
		"false}],\"shipping_lines\":[{\"title\":\"\"}]}"),
	};
	static const char *const magento[] = {
		/* 103: downloadable and virtual, no description */
		("{\"increment_id\":\"000000103\",\"items\":[{\"sku\":"
		"\"EBOOK\",\"product_type\":\"downloadable\",\"qty_ordered\":"
		"1},{\"sku\":\"WARRANTY\",\"product_type\":\"virtual\","
		"\"qty_ordered\":1}]}"),
		/* 104: every quantity cancelled */
		("{\"increment_id\":\"000000104\",\"shipping_description\":"
		"\"Next Day Delivry\",\"items\":[{\"sku\":\"MUG\","
		"\"product_type\":\"simple\",\"qty_ordered\":2,"
		"\"qty_canceled\":2}]}"),
	};
	struct shipmap m;
	size_t i;

	(void)state;
	setup(&m, "shopify", map_csv);
	for (i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		expect_pass(&m, rest[i], rest[i]);
	assert_int_equal(m.no_shipping, 3);
	assert_int_equal(m.mapped, 0);
	shipmap_free(&m);

	setup(&m, "magento", map_csv);
	for (i = 0; i < sizeof(magento) / sizeof(magento[0]); i++)
		expect_pass(&m, magento[i], magento[i]);
	assert_int_equal(m.no_shipping, 2);
	shipmap_free(&m);

	/* --requires-path: a line removed by an edit then counts */
	setup(&m, "shopify", map_csv);
	m.requires = parsed_path("line_items[].requires_shipping");
	expect_hold(&m, rest[1], EXC_UNMAPPED_SHIP_METHOD, "shipping title "
	    "\"Next Day Delivry\" is not in the shipping table; nearest: "
	    "\"Next Day Delivery\"", "shipping_lines[0].title",
	    "\"Next Day Delivry\"", "{\"nearest\":[\"Next Day Delivery\"]}");
	expect_pass(&m, rest[2], rest[2]);
	shipmap_free(&m);
}

static void
test_missing_method(void **state)
{
	static const char none[] = "the order needs shipping but has no live "
	    "shipping title at shipping_lines[].title";
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", map_csv);
	expect_hold(&m, "{\"line_items\":[{\"sku\":\"GIFT-CARD\","
	    "\"requires_shipping\":false},{\"sku\":\"MUG\","
	    "\"requires_shipping\":true}],\"shipping_lines\":[]}",
	    EXC_MISSING_SHIP_METHOD, none, NULL, NULL, NULL);
	/* no lines at all: not known to need nothing */
	expect_hold(&m, "{\"name\":\"#1007\"}", EXC_MISSING_SHIP_METHOD, none,
	    NULL, NULL, NULL);
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":null}]}",
	    EXC_MISSING_SHIP_METHOD, none, NULL, NULL, NULL);
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"\"}]}",
	    EXC_MISSING_SHIP_METHOD, "shipping title \"\" is empty",
	    "shipping_lines[0].title", "\"\"", NULL);
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\" " NBSP " \"}]}",
	    EXC_MISSING_SHIP_METHOD, "shipping title \" " NBSP " \" is empty",
	    "shipping_lines[0].title", "\" " NBSP " \"", NULL);
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":42}]}",
	    EXC_MISSING_SHIP_METHOD, "the shipping title is not a string",
	    "shipping_lines[0].title", "42", NULL);
	/* a field of the wrong type for the shape */
	expect_hold(&m, "{\"name\":\"#1\",\"line_items\":\"MUG\","
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\"}]}",
	    EXC_BAD_FIELD, "line_items is a string, not an array of lines "
	    "(shape shopify)", "line_items", "\"MUG\"", NULL);
	shipmap_free(&m);
}

static void
test_default(void **state)
{
	struct shipmap m;

	(void)state;
	setup_with(&m, "shopify", map_csv, "TPS48", NULL);
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Same Day Courier\","
	    "\"price\":\"9.99\"}]}", "{\"shipping_lines\":[{\"title\":\"Same "
	    "Day Courier\",\"price\":\"9.99\",\"service_code\":\"TPS48\","
	    "\"service_code_defaulted\":true}]}");
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Next Day "
	    "Delivery\"}]}", "{\"shipping_lines\":[{\"title\":\"Next Day "
	    "Delivery\",\"service_code\":\"12\",\"carrier\":\"DPD\"}]}");
	/* a missing method is never defaulted */
	expect_hold(&m, "{\"line_items\":[{\"requires_shipping\":true}]}",
	    EXC_MISSING_SHIP_METHOD, "the order needs shipping but has no live "
	    "shipping title at shipping_lines[].title", NULL, NULL, NULL);
	assert_int_equal(m.mapped, 1);
	assert_int_equal(m.defaulted, 1);
	shipmap_free(&m);

	/* a default the WMS knows */
	setup_with(&m, "shopify", "title,service_code\nNext Day Delivery,12\n",
	    "TPN24", services_csv);
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Courier\"}]}",
	    "{\"shipping_lines\":[{\"title\":\"Courier\",\"service_code\":"
	    "\"TPN24\",\"service_code_defaulted\":true}]}");
	shipmap_free(&m);
}

static void
test_set_paths(void **state)
{
	struct shipmap m;

	(void)state;
	/* Magento by paths: the title and the results at the top */
	setup(&m, "shopify", map_csv);
	m.title = parsed_path("shipping_description");
	m.set = parsed_path("carrier_service_code");
	m.set_carrier = parsed_path("carrier_code");
	expect_pass(&m, "{\"increment_id\":\"000000042\","
	    "\"shipping_description\":\"Next Day Delivery\",\"carrier_code\":"
	    "\"flatrate\"}", "{\"increment_id\":\"000000042\","
	    "\"shipping_description\":\"Next Day Delivery\",\"carrier_code\":"
	    "\"DPD\",\"carrier_service_code\":\"12\"}");
	expect_pass(&m, "{\"shipping_description\":\"Click & Collect\"}",
	    "{\"shipping_description\":\"Click & Collect\","
	    "\"carrier_service_code\":\"CLICK-COLLECT\"}");
	shipmap_free(&m);

	/* no place for the code; for the carrier only where a row has one */
	setup(&m, "shopify", map_csv);
	m.set = parsed_path("wms.service_code");
	m.set_carrier = parsed_path("wms.carrier.name");
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"Next Day "
	    "Delivery\"}]}", EXC_NO_FIELD, "the record has no place for "
	    "wms.service_code", NULL, NULL, NULL);
	expect_pass(&m, "{\"shipping_lines\":[{\"title\":\"Click & "
	    "Collect\"}],\"wms\":{}}", "{\"shipping_lines\":[{\"title\":"
	    "\"Click & Collect\"}],\"wms\":{\"service_code\":"
	    "\"CLICK-COLLECT\"}}");
	expect_hold(&m, "{\"shipping_lines\":[{\"title\":\"Next Day "
	    "Delivery\"}],\"wms\":{}}", EXC_NO_FIELD, "the record has no "
	    "place for wms.carrier.name", NULL, NULL, NULL);
	shipmap_free(&m);

	/* -p: the title there; the code on the live line, where there is
	 * one */
	setup(&m, "shopify", map_csv);
	m.title = parsed_path("note_attributes[0].value");
	expect_pass(&m, "{\"note_attributes\":[{\"value\":\"Click & "
	    "Collect\"}],\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}],"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\","
	    "\"is_removed\":true},{\"title\":\"Free Shipping\"}]}",
	    "{\"note_attributes\":[{\"value\":\"Click & Collect\"}],"
	    "\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}],"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\","
	    "\"is_removed\":true},{\"title\":\"Free Shipping\","
	    "\"service_code\":\"CLICK-COLLECT\"}]}");
	expect_hold(&m, "{\"note_attributes\":[{\"value\":\"Click & "
	    "Collect\"}],\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}]}",
	    EXC_NO_FIELD, "the record has no place for service_code (no live "
	    "shipping line)", NULL, NULL, NULL);
	expect_hold(&m, "{\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1}]}",
	    EXC_MISSING_SHIP_METHOD, "the order needs shipping but has no "
	    "shipping title at note_attributes[0].value", NULL, NULL, NULL);
	shipmap_free(&m);
}

/* The coverage records as one text, a line each; freed. */
static void
expect_coverage(struct shipmap *m, const char *want)
{
	struct buf all = { NULL, 0, 0 };
	json_t **out;
	size_t i, n = shipmap_coverage(m, &out);

	for (i = 0; i < n; i++) {
		char *s = json_dumps(out[i], JSON_COMPACT |
		    JSON_PRESERVE_ORDER);

		buf_printf(&all, "%s\n", s);
		free(s);
		json_decref(out[i]);
	}
	free(out);
	assert_string_equal(all.p != NULL ? all.p : "", want);
	buf_free(&all);
}

static void
count(struct shipmap *m, const char *text)
{
	json_t *record = parse_json(text);

	shipmap_count(m, record);
	json_decref(record);
}

static void
test_coverage(void **state)
{
	struct shipmap m;

	(void)state;
	setup(&m, "shopify", countries_csv);
	count(&m, "{\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery\"}]}");
	count(&m, "{\"shipping_address\":{\"country_code\":\"IE\"},"
	    "\"shipping_lines\":[{\"title\":\"UPS Standard\"}]}");
	count(&m, "{\"shipping_address\":{\"country_code\":\"GB\"},"
	    "\"shipping_lines\":[{\"title\":\"next day delivery\"}]}");
	count(&m, "{\"shipping_address\":{\"country_code\":\"FR\"},"
	    "\"shipping_lines\":[{\"title\":\"Next Day Delivery \"}]}");
	count(&m, "{\"shipping_lines\":[{\"title\":\"Same Day Courier\"}]}");
	/* removed lines are not counted; one title once an order */
	count(&m, "{\"shipping_lines\":[{\"title\":\"Click & Collect\"},"
	    "{\"title\":\"click & collect\"},{\"title\":\"UPS Standard\","
	    "\"is_removed\":true}]}");
	count(&m, "{\"shipping_lines\":[]}");
	count(&m, "{\"shipping_lines\":[{\"title\":7}]}");
	count(&m, "{\"line_items\":\"bad\",\"shipping_lines\":[{\"title\":"
	    "\"Click & Collect\"}]}");
	/* most orders first, then by spelling; the code for the title
	 * alone, whatever the country */
	expect_coverage(&m,
	    "{\"title\":\"Next Day Delivery\",\"orders\":3,\"unmapped\":1,"
	    "\"service_code\":null}\n"
	    "{\"title\":\"Click & Collect\",\"orders\":1,\"unmapped\":0,"
	    "\"service_code\":\"CLICK-COLLECT\"}\n"
	    "{\"title\":\"Same Day Courier\",\"orders\":1,\"unmapped\":1,"
	    "\"service_code\":null}\n"
	    "{\"title\":\"UPS Standard\",\"orders\":1,\"unmapped\":0,"
	    "\"service_code\":null}\n");
	shipmap_free(&m);

	/* a tie of spellings goes to the one seen first */
	setup(&m, "shopify", map_csv);
	count(&m, "{\"shipping_lines\":[{\"title\":\"Click & collect\"}]}");
	count(&m, "{\"shipping_lines\":[{\"title\":\"Click & Collect\"}]}");
	count(&m, "{\"shipping_lines\":[{\"title\":\"Click & Collect\"}]}");
	count(&m, "{\"shipping_lines\":[{\"title\":\"Click & collect\"}]}");
	expect_coverage(&m, "{\"title\":\"Click & collect\",\"orders\":4,"
	    "\"unmapped\":0,\"service_code\":\"CLICK-COLLECT\"}\n");
	shipmap_free(&m);

	/* nothing counted */
	setup(&m, "shopify", map_csv);
	expect_coverage(&m, "");
	shipmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_refused),
		cmocka_unit_test(test_load_accepted),
		cmocka_unit_test(test_folded_titles),
		cmocka_unit_test(test_most_specific_row),
		cmocka_unit_test(test_country_rows),
		cmocka_unit_test(test_unmapped_nearest),
		cmocka_unit_test(test_removed_shipping_lines),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_no_shipping_needed),
		cmocka_unit_test(test_missing_method),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_set_paths),
		cmocka_unit_test(test_coverage),
	};

	return cmocka_run_group_tests(tests, NULL, remove_temps);
}
