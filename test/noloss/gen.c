/*
 * gen: random NDJSON-ish input for the no-loss tests, the same for the same
 * seed: gen SEED LINES MAXLINE [CORPUS-FILE...] > input
 *
 * A mix of what the storefront, the WMS and a spreadsheet produce and of
 * what goes wrong on the way: valid orders (SKUs in the master's spelling
 * and not, kits, shipping titles, prices and quantities of every JSON type),
 * WMS dispatch events, stock records, exception envelopes and reconcile
 * records; JSON cut short, values that are not objects, duplicate keys,
 * invalid UTF-8, NUL bytes raw and escaped, blank lines (spaces, tabs, \r),
 * CRLF ends, lines over MAXLINE, a BOM first, no newline last; and lines of
 * the corpus files given (each file's text as one line, newlines made
 * spaces).
 *
 * gen -b SEED LINES MAXLINE > input: a Shopify bulk export (nest's input)
 * gone wrong: orders and their children (line items, shipping lines,
 * fulfilment orders and their line items, typed by __typename or by gid,
 * "__parentId" first, last or in between, its key escaped at times, the
 * children mostly near their parent, not always), with orphans, children
 * before their parent, ids seen twice, __parentId not a string, children
 * of no type, parents that have the children's array already, ids that
 * are not strings, and the reader's troubles: blank lines, CRLF, JSON cut
 * short, lines that are not objects, invalid UTF-8, lines over MAXLINE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state;

static unsigned
rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((state >> 33) % n);
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

#define PICK(v) pick(v, sizeof(v) / sizeof(v[0]))

static const char *const skus[] = {
	"\"000123\"", "\"123\"", "\"000124\"", "\"ABC-001\"", "\"abc\xe2\x80\x93" "002 \"",
	"\"ABC-002\"", "\"TS-RED-M\"", "\"ts red m\"", "\"TS-BLU-M\"", "\"TOTE-BAG\"",
	"\"GIFT-SET-01\"", "\"GIFT SET 1\"", "\"MUG-PAIR\"", "\"mug-pair\"",
	"\"WINTER-BOX\"", "null", "\"\"", "7", "\"NOPE-999\"", "\"A\\u0000B\"",
	"\"\\u00e9t\\u00e9\"", "[\"x\"]", "{}", "\"  \"", "\"\\u2013\"",
};
static const char *const qtys[] = {
	"1", "2", "3", "1.0", "2.5", "\"2\"", "0", "-1", "null", "1e2",
	"9007199254740993", "9223372036854775807", "-9223372036854775808",
	"true", "12345678901234567890",
};
static const char *const prices[] = {
	"\"10.00\"", "\"19.99\"", "19.99", "\"0.01\"", "\"abc\"", "\"-3.10\"",
	"0", "\"1e3\"", "null", "\"99999999999999999.99\"", "49", "0.1",
	"\"12.345\"", "1.7976931348623157e308",
};
static const char *const titles[] = {
	"\"Next Day Delivery\"", "\"next day  delivery \"", "\"Standard Delivery\"",
	"\"Nominated Day Delivery\"", "\"Royal Mail Tracked 48\"", "null", "\"\"",
	"17", "\"Free Standard Delivery\"", "\"Saturday Delivery\"",
};
static const char *const refs[] = {
	"\"1001\"", "\"#1002\"", "\"1003\"", "1006", "\"#1006\"", "\"9999\"",
	"null", "\" 1004 \"", "\"##1001\"",
};
static const char *const statuses[] = {
	"\"PICK\"", "\"PART\"", "\"COMPLETED\"", "\"CANCELLED\"", "\"SHIPPED\"",
	"\"DESPATCHED\"", "\"LOST\"", "null", "3",
};
static const char *const codes[] = {
	"unknown_sku", "bad_json", "unmapped_ship_method", "order_not_in_wms",
	"missing_in_wms", "not_an_object", "made_up_code",
};
static const char *const owners[] = {
	"ops", "ecommerce", "finance", "integration", "nobody",
};
static const char *const junk[] = {
	"[1,2,3]", "\"a string\"", "42", "-0.0", "true", "null", "[]",
	"{\"a\":1,\"a\":2}", "{\"a\":1}{\"b\":2}", "{\"a\":}", "{'a':1}",
	"{\"a\":1,}", "{\"\\u0000\":1}", "{\"a\":\"\\ud800\"}", "{\"a\":1e999}",
	"\xEF\xBB\xBF{\"bom\":\"in the middle\"}", "{\"a\":\"tab\there\"}",
	"{\"nul\":\"x\\u0000y\"}", "{\"big\":123456789012345678901234567890}",
	"{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	"\x7f\x80{\"x\":1}", "{\"x\":\"\xc3\x28\"}", "{\"x\":\"\xed\xa0\x80\"}",
	"{\"x\":\"\xf4\x90\x80\x80\"}", "{\"x\":\"\xe2\x82\"}", "NaN", "{\"x\":NaN}",
	"   {\"spaced\":true}   ", "\t[\"tabbed\"]", "{\"x\":1}\x00", "\x00",
};

static void
order(char *buf, size_t cap)
{
	size_t n = 0, i, lines = rnd(4);

	n += (size_t)snprintf(buf + n, cap - n, "{\"id\":%lu,\"name\":%s,"
	    "\"created_at\":\"2026-11-2%uT0%u:12:44+00:00\",%s\"line_items\":[",
	    5600000000UL + rnd(1000), PICK(refs), rnd(8), rnd(10),
	    rnd(4) == 0 ? "\"cancelled_at\":\"2026-11-26T10:00:00Z\"," : "");
	for (i = 0; i < lines && n < cap - 300; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s{\"id\":%lu,\"sku\":%s,"
		    "\"quantity\":%s,\"price\":%s%s}", i ? "," : "",
		    13000000000UL + rnd(100), PICK(skus), PICK(qtys),
		    PICK(prices), rnd(5) == 0 ? ",\"requires_shipping\":false" :
		    "");
	snprintf(buf + n, cap - n, "],\"shipping_lines\":[{\"title\":%s}]%s}",
	    PICK(titles), rnd(3) == 0 ?
	    ",\"shipping_address\":{\"country_code\":\"IE\"}" : "");
}

static void
event(char *buf, size_t cap)
{
	size_t n = 0, i, lines = rnd(3) + (rnd(5) != 0);

	n += (size_t)snprintf(buf + n, cap - n, "{\"order_ref\":%s,"
	    "\"shipment_id\":\"S%u\",\"status\":%s,\"lines\":[", PICK(refs),
	    rnd(4), PICK(statuses));
	for (i = 0; i < lines && n < cap - 200; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s{\"sku\":%s,\"qty\":%s}",
		    i ? "," : "", PICK(skus), PICK(qtys));
	snprintf(buf + n, cap - n, "],\"tracking_number\":\"JD%u\","
	    "\"carrier\":\"DPD\"}", rnd(100));
}

static void
stock(char *buf, size_t cap)
{
	snprintf(buf, cap, "{\"sku\":%s,\"available\":%s%s}", PICK(skus),
	    PICK(qtys), rnd(4) == 0 ? ",\"location\":\"A\"" : "");
}

static void
envelope(char *buf, size_t cap)
{
	if (rnd(2))
		snprintf(buf, cap, "{\"exception\":{\"tool\":\"sku-normalize\","
		    "\"code\":\"%s\",\"owner\":\"%s\",\"message\":\"m\","
		    "\"source\":\"orders.ndjson\",\"line\":%u},\"record\":"
		    "{\"name\":%s,\"created_at\":\"2026-11-2%uT10:00:00Z\"}}",
		    PICK(codes), PICK(owners), rnd(50), PICK(refs), rnd(9));
	else
		snprintf(buf, cap, "{\"code\":\"%s\",\"owner\":\"%s\","
		    "\"order_ref\":%s,\"age\":%u}", PICK(codes), PICK(owners),
		    PICK(refs), rnd(100000));
}

static void spoil(char *);

/* The ids of a bulk export so far: n of them, by type. */
static const char *const bulk_types[] = { "Order", "LineItem",
    "ShippingLine", "FulfillmentOrder", "FulfillmentOrderLineItem" };
static struct {
	unsigned type;
	unsigned long num;
} bulk_ids[1 << 16];
static unsigned long bulk_n, bulk_next = 1;
static size_t bulk_max;	/* MAXLINE */

/* One line of a bulk export into buf. */
static void
bulk(char *buf, size_t cap)
{
	unsigned k = rnd(100), type, ptype = 0, where = rnd(3);
	unsigned long num = bulk_next++, pnum = 0, j;
	int typed = rnd(4) == 0;	/* by __typename, not its gid */
	char id[96], parent[128], body[256];
	const char *key = rnd(20) == 0 ? "\\u005f_parentId" : "__parentId";

	if (k < 22 || bulk_n == 0) {	/* an order */
		type = 0;
		if (bulk_n > 0 && rnd(30) == 0)	/* an id seen before */
			num = bulk_ids[rnd((unsigned)bulk_n)].num;
		snprintf(buf, cap, "{\"id\":\"gid://shopify/Order/%lu\","
		    "\"name\":\"#%lu\"%s}", num, num, rnd(15) == 0 ?
		    ",\"lineItems\":[]" : rnd(15) == 0 ? ",\"x\":{\"a\":[1]}" : "");
		if (bulk_n < sizeof(bulk_ids) / sizeof(bulk_ids[0]) &&
		    (num == bulk_next - 1)) {
			bulk_ids[bulk_n].type = 0;
			bulk_ids[bulk_n++].num = num;
		}
		return;
	}
	if (k < 75) {	/* a child of a line read, mostly a recent one */
		j = rnd(4) ? bulk_n - 1 - rnd(bulk_n < 6 ? (unsigned)bulk_n : 6) :
		    rnd((unsigned)bulk_n);
		ptype = bulk_ids[j].type;
		pnum = bulk_ids[j].num;
		snprintf(parent, sizeof(parent), "\"gid://shopify/%s/%lu\"",
		    bulk_types[ptype], pnum);
	} else if (k < 80)	/* an orphan */
		snprintf(parent, sizeof(parent), "\"gid://shopify/Order/%lu\"",
		    900000UL + rnd(1000));
	else if (k < 84)	/* its parent comes later */
		snprintf(parent, sizeof(parent), "\"gid://shopify/Order/%lu\"",
		    bulk_next + rnd(3));
	else if (k < 87)	/* not a string */
		snprintf(parent, sizeof(parent), "%s", rnd(2) ? "null" : "7");
	else if (k < 89 && bulk_n > 0)	/* escaped: the same id */
		snprintf(parent, sizeof(parent), "\"\\u0067id://shopify/%s/%lu\"",
		    bulk_types[bulk_ids[bulk_n - 1].type],
		    bulk_ids[bulk_n - 1].num);
	else {	/* a line of the reader's troubles */
		k = rnd(6);
		if (k == 0)
			snprintf(buf, cap, "%s", rnd(2) ? "" : " \t ");
		else if (k == 1)
			snprintf(buf, cap, "%s", PICK(junk));
		else if (k == 2) {
			snprintf(buf, cap, "{\"id\":\"gid://shopify/LineItem/%lu\","
			    "\"__parentId\":\"gid://shopify/Order/1\"}", num);
			buf[rnd((unsigned)strlen(buf))] = '\0';
		} else if (k == 3) {
			snprintf(buf, cap, "{\"id\":\"gid://shopify/Order/%lu\"}",
			    num);
			spoil(buf);
		} else {
			size_t n = bulk_max + 1 + rnd(2 * (unsigned)bulk_max), i;

			if (n > cap - 1)
				n = cap - 1;
			for (i = 0; i < n; i++)
				buf[i] = i == 0 ? '{' : (char)('a' + rnd(26));
			buf[n] = '\0';
		}
		return;
	}
	type = ptype == 3 ? 4 : ptype == 0 ? 1 + rnd(3) : rnd(5);
	switch (rnd(12)) {
	case 0:		/* no type: no __typename, an id not a gid */
		snprintf(id, sizeof(id), "\"li-%lu\"", num);
		typed = 0;
		break;
	case 1:		/* an id not a string, typed by __typename */
		snprintf(id, sizeof(id), "%lu", num);
		typed = 1;
		break;
	case 2:		/* an id seen before */
		if (bulk_n > 0) {
			j = rnd((unsigned)bulk_n);
			snprintf(id, sizeof(id), "\"gid://shopify/%s/%lu\"",
			    bulk_types[bulk_ids[j].type], bulk_ids[j].num);
			break;
		}
		/* FALLTHROUGH */
	default:
		snprintf(id, sizeof(id), "\"gid://shopify/%s/%lu\"",
		    bulk_types[type], num);
		if (bulk_n < sizeof(bulk_ids) / sizeof(bulk_ids[0])) {
			bulk_ids[bulk_n].type = type;
			bulk_ids[bulk_n++].num = num;
		}
	}
	snprintf(body, sizeof(body), "\"id\":%s,%s\"quantity\":%u", id,
	    !typed ? "" : rnd(10) == 0 ? "\"__typename\":\"\"," : type == 1 ?
	    "\"__typename\":\"LineItem\"," : "\"__typename\":\"Delivery\",",
	    rnd(5));
	if (where == 0)
		snprintf(buf, cap, "{\"%s\":%s,%s}", key, parent, body);
	else if (where == 1)
		snprintf(buf, cap, "{%s,\"%s\":%s}", body, key, parent);
	else
		snprintf(buf, cap, "{ %s , \"%s\" : %s ,\"n\":{\"__parentId\":1}}",
		    body, key, parent);
}

/* Text with a byte that is not UTF-8 put somewhere. */
static void
spoil(char *buf)
{
	size_t len = strlen(buf);

	if (len > 0)
		buf[rnd((unsigned)len)] = (char)(0x80 + rnd(0x80));
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long lines, i;
	size_t maxline;
	int ncorpus = argc - 4, b = argc > 1 && strcmp(argv[1], "-b") == 0;

	argc -= b;
	argv += b;
	ncorpus -= b;
	if (argc < 4) {
		fprintf(stderr, "usage: gen [-b] SEED LINES MAXLINE [CORPUS...]\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 10) * 2654435761ULL + 1;
	lines = strtoul(argv[2], NULL, 10);
	maxline = bulk_max = strtoul(argv[3], NULL, 10);
	if (rnd(3) == 0)
		fputs("\xEF\xBB\xBF", stdout);
	for (i = 0; i < lines; i++) {
		unsigned k = rnd(100);
		const char *end = rnd(6) == 0 ? "\r\n" : "\n";

		buf[0] = '\0';
		if (b)
			bulk(buf, sizeof(buf));
		else if (k < 30)
			order(buf, sizeof(buf));
		else if (k < 45)
			event(buf, sizeof(buf));
		else if (k < 55)
			stock(buf, sizeof(buf));
		else if (k < 62)
			envelope(buf, sizeof(buf));
		else if (k < 70) {	/* cut short */
			order(buf, sizeof(buf));
			buf[rnd((unsigned)strlen(buf))] = '\0';
		} else if (k < 78)
			snprintf(buf, sizeof(buf), "%s", PICK(junk));
		else if (k < 82) {
			order(buf, sizeof(buf));
			spoil(buf);
		} else if (k < 87)
			snprintf(buf, sizeof(buf), "%s", rnd(2) ? "" : rnd(2) ?
			    "   " : " \t ");
		else if (k < 90) {	/* over the limit */
			size_t n = maxline + 1 + rnd(3 * (unsigned)maxline);
			size_t j;

			if (n > sizeof(buf) - 1)
				n = sizeof(buf) - 1;
			for (j = 0; j < n; j++)
				buf[j] = j == 0 ? '{' : (char)('a' + rnd(26));
			buf[n] = '\0';
			if (rnd(2))
				buf[rnd((unsigned)n)] = (char)0xff;
		} else if (k < 93) {	/* raw NUL bytes */
			stock(buf, sizeof(buf));
			fwrite(buf, 1, strlen(buf) / 2, stdout);
			fputc('\0', stdout);
			fputs(buf + strlen(buf) / 2, stdout);
			fputs(end, stdout);
			continue;
		} else if (ncorpus > 0) {	/* a corpus file as a line */
			FILE *f = fopen(argv[4 + rnd((unsigned)ncorpus)], "rb");
			size_t n = 0, j;

			if (f != NULL) {
				n = fread(buf, 1, sizeof(buf) - 1, f);
				fclose(f);
			}
			buf[n] = '\0';
			for (j = 0; j < n; j++)
				if (buf[j] == '\n' || buf[j] == '\r')
					buf[j] = ' ';
			fwrite(buf, 1, n, stdout);
			fputs(end, stdout);
			continue;
		} else
			order(buf, sizeof(buf));
		fputs(buf, stdout);
		if (i + 1 < lines || rnd(2))	/* sometimes no last newline */
			fputs(end, stdout);
	}
	return ferror(stdout) || fflush(stdout) != 0;
}
