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
	int ncorpus = argc - 4;

	if (argc < 4) {
		fprintf(stderr, "usage: gen SEED LINES MAXLINE [CORPUS...]\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 10) * 2654435761ULL + 1;
	lines = strtoul(argv[2], NULL, 10);
	maxline = strtoul(argv[3], NULL, 10);
	if (rnd(3) == 0)
		fputs("\xEF\xBB\xBF", stdout);
	for (i = 0; i < lines; i++) {
		unsigned k = rnd(100);
		const char *end = rnd(6) == 0 ? "\r\n" : "\n";

		buf[0] = '\0';
		if (k < 30)
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
