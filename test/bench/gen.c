/*
 * gen: the benchmark's data, deterministic (a fixed seed: the same sizes
 * give the same bytes on any machine).
 *
 *	gen DIR ORDERS SKUS
 *
 * writes into DIR:
 *
 *   skus.csv           the WMS SKU master (sku,description,barcode): SKUS
 *                      plain SKUs, a third all digits with leading zeros
 *                      ("00004521"), the rest FAMILY-COLOUR-NNNNNN-SIZE,
 *                      then the kit SKUs ("KIT-00042")
 *   kits.csv           kit_sku,component_sku,qty,weight: SKUS/1000 kits
 *                      (20 to 5000) of 2 to 4 components, half weighted,
 *                      one in 25 nesting an earlier kit
 *   shipping.csv       title,service_code,carrier,channel,country
 *   orders.ndjson      ORDERS Shopify REST orders of 1 to 5 lines, over
 *                      the 14 days before 2026-11-27T06:00:00Z; 13- and
 *                      14-digit ids, prices as decimal strings, tax lines
 *                      with a real rate; about 4% of the SKUs mangled as
 *                      exports do (leading zeros stripped, lower case, an
 *                      en dash, a trailing space), 5% of the lines kits,
 *                      one line in 5000 an unknown SKU, 1% custom items
 *                      (gift wrapping: null SKU, requires_shipping false),
 *                      one line in 300 a gift card (gift_card true,
 *                      requires_shipping false, a SKU the master lacks) and
 *                      gift-card orders; 3% of the orders edited: every
 *                      line with current_quantity, some lines reduced or
 *                      removed (0); one order in 500 with its first
 *                      shipping line removed (is_removed) for another;
 *                      shipping titles with stray case and spaces and a
 *                      few unmapped ones
 *   wms-orders.ndjson  the Clarus goods-out records of most of the orders
 *                      (reference, status, lines to pick with sku,
 *                      order_quantity at the live quantity and
 *                      dispatch_quantity, bundles as their components,
 *                      tracking_number, dispatched_at), with a few
 *                      discrepancies and WMS-only orders at the end
 *   wms-stock.ndjson   {"sku","available"} per plain SKU, master order
 *   store-stock.ndjson the storefront's: 5% drifted, a few missing and a
 *                      few retired SKUs, in another order
 *
 *	gen -b DIR ORDERS SKUS
 *
 * writes instead a Shopify bulk export of ORDERS orders (issue 18: what
 * nest reads), 5.5 lines an order: the order, 1 to 2 LineItem lines, a
 * ShippingLine, a FulfillmentOrder and its FulfillmentOrderLineItem
 * lines (one per line item), each child naming its parent in
 * "__parentId", types in the gids only, money as strings, as a bulk
 * query writes them:
 *
 *   bulk-grouped.jsonl each order's children right after it (groupObjects)
 *   bulk.jsonl         the same lines ungrouped, connection by connection
 *                      as the API writes them without groupObjects: every
 *                      order, then every line item, shipping line,
 *                      fulfilment order, and fulfilment order line item
 *
 * Nothing else is read; no clock, no environment.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AS_OF 1795759200LL	/* 2026-11-27T06:00:00Z */
#define DAY 86400LL

static uint64_t state = 0x20261127060000ULL;

static uint64_t
rnd(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned long
below(unsigned long n)
{
	return (unsigned long)(rnd() % n);
}

static const char *const family[] = { "TS", "HD", "MUG", "SCF", "BAG",
    "HAT", "SOCK", "JKT", "CAP", "BTL", "TWL", "CSN" };
static const char *const family_name[] = { "Organic cotton tee", "Hoodie",
    "Stoneware mug", "Lambswool scarf", "Canvas tote", "Beanie",
    "Merino socks", "Rain jacket", "Cap", "Steel bottle", "Bath towel",
    "Cushion cover" };
static const char *const colour[] = { "RED", "BLU", "NAVY", "GRN", "BLK",
    "WHT", "GRY", "OCH", "PNK" };
static const char *const colour_name[] = { "red", "blue", "navy", "green",
    "black", "white", "grey", "ochre", "pink" };
static const char *const size[] = { "XS", "S", "M", "L", "XL" };
#define NF (sizeof(family) / sizeof(family[0]))
#define NC (sizeof(colour) / sizeof(colour[0]))
#define NS (sizeof(size) / sizeof(size[0]))

static unsigned long nskus, nkits;

/* Plain SKU i, as the master spells it. */
static int
sku_text(unsigned long i, char *out)
{
	if (i % 3 == 0)
		return sprintf(out, "%08lu", i + 1);
	return sprintf(out, "%s-%s-%06lu-%s", family[i % NF],
	    colour[(i / NF) % NC], i, size[(i / 7) % NS]);
}

static int
sku_title(unsigned long i, char *out)
{
	if (i % 3 == 0)
		return sprintf(out, "%s, %s", family_name[(i / 3) % NF],
		    colour_name[i % NC]);
	return sprintf(out, "%s, %s, %s", family_name[i % NF],
	    colour_name[(i / NF) % NC], size[(i / 7) % NS]);
}

/* Unit price in pence. */
static long
sku_price(unsigned long i)
{
	static const long p[] = { 499, 899, 1250, 1299, 1500, 1999, 2450,
	    2999, 3900, 4999, 6500, 8999 };

	return p[(i * 2654435761u >> 7) % 12];
}

/* A kit's rows: components (plain SKU index, or a kit as -1 - k). */
struct comp {
	long idx;
	int qty;
};
struct kit {
	int n, weighted;
	struct comp c[4];
};
static struct kit *kits;

static long
kit_price(unsigned long k)
{
	return 1999 + (long)(k % 7) * 1000;
}

/* A popular SKU more often than not, as shops sell. */
static unsigned long
pick_sku(void)
{
	unsigned long hot = nskus < 2000 ? nskus : 2000;

	return rnd() & 1 ? below(hot) * (nskus / hot) : below(nskus);
}

static FILE *
create(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void
done(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "gen: %s: write error\n", name);
		exit(2);
	}
}

static void
iso(long long t, char *out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

static void
gen_master(const char *dir)
{
	FILE *f = create(dir, "skus.csv");
	char s[64], t[128];
	unsigned long i;

	fputs("sku,description,barcode\n", f);
	for (i = 0; i < nskus; i++) {
		sku_text(i, s);
		sku_title(i, t);
		fprintf(f, "%s,\"%s\",50%011lu\n", s, t, 60000000000UL + i);
	}
	for (i = 0; i < nkits; i++)
		fprintf(f, "KIT-%05lu,\"Gift set %lu\",50%011lu\n", i + 1,
		    i + 1, 70000000000UL + i);
	done(f, "skus.csv");
}

static void
gen_kits(const char *dir)
{
	FILE *f = create(dir, "kits.csv");
	char s[64];
	unsigned long k;
	int j, m;

	kits = calloc(nkits, sizeof(*kits));
	fputs("kit_sku,component_sku,qty,weight\n", f);
	for (k = 0; k < nkits; k++) {
		struct kit *kt = &kits[k];

		kt->n = 2 + (int)below(3);
		kt->weighted = k % 2 == 0;
		for (j = 0; j < kt->n; j++) {
			long idx;

		again:
			idx = (long)below(nskus);
			for (m = 0; m < j; m++)
				if (kt->c[m].idx == idx)
					goto again;
			kt->c[j].idx = idx;
			kt->c[j].qty = below(4) == 0 ? 2 : 1;
		}
		if (k % 25 == 24)	/* nests an earlier kit */
			kt->c[kt->n - 1].idx = -1 - (long)below(k);
		for (j = 0; j < kt->n; j++) {
			long idx = kt->c[j].idx;

			if (idx >= 0)
				sku_text((unsigned long)idx, s);
			else
				sprintf(s, "KIT-%05ld", -idx);
			fprintf(f, "KIT-%05lu,%s,%d,", k + 1, s, kt->c[j].qty);
			if (kt->weighted) {
				long p = idx >= 0 ? sku_price((unsigned long)
				    idx) : kit_price((unsigned long)(-1 - idx));

				fprintf(f, "%ld.%02ld", p / 100, p % 100);
			}
			fputc('\n', f);
		}
	}
	done(f, "kits.csv");
}

struct ship {
	const char *title, *code, *carrier;
	int weight;
};
static const struct ship ships[] = {
	{ "Standard Delivery", "TPS48", "Royal Mail", 30 },
	{ "Next Day Delivery", "12", "DPD", 20 },
	{ "Free Standard Delivery", "CRL48", "Royal Mail", 15 },
	{ "Standard Delivery (2-3 days)", "TPS48", "Royal Mail", 8 },
	{ "Royal Mail Tracked 24", "TPN24", "Royal Mail", 5 },
	{ "Royal Mail Tracked 48", "TPS48", "Royal Mail", 4 },
	{ "Next Day Delivery (order by 3pm)", "12", "DPD", 4 },
	{ "Next Day Before 12pm", "13", "DPD", 3 },
	{ "Royal Mail 1st Class", "CRL24", "Royal Mail", 3 },
	{ "Royal Mail 2nd Class", "CRL48", "Royal Mail", 3 },
	{ "Saturday Delivery", "16", "DPD", 1 },
	{ "Special Delivery Guaranteed by 1pm", "SD1", "Royal Mail", 1 },
	{ "Click & Collect", "COLLECT", "", 2 },
	{ "International Tracked", "MP1", "Royal Mail", 1 },
};
#define NSHIP (sizeof(ships) / sizeof(ships[0]))

static void
gen_shipping(const char *dir)
{
	FILE *f = create(dir, "shipping.csv");
	size_t i;

	fputs("title,service_code,carrier,channel,country\n", f);
	for (i = 0; i < NSHIP; i++)
		fprintf(f, "%s,%s,%s,,\n", ships[i].title, ships[i].code,
		    ships[i].carrier);
	fputs("Next Day Delivery,65,UPS,,IE\n"
	    "Standard Delivery,11,UPS,,IE\n"
	    "Standard Delivery (2-3 days),11,UPS,,IE\n"
	    "Free Standard Delivery,11,UPS,,IE\n"
	    "Standard Delivery,11,UPS,,GG\n"
	    "Standard Delivery,11,UPS,,JE\n"
	    "International Tracked,EUX,DHL,,FR\n"
	    "International Tracked,EUX,DHL,,DE\n", f);
	done(f, "shipping.csv");
}

/* A shipping title, spelled as the storefront sends it. */
static void
ship_title(char *out, const struct ship **s)
{
	int total = 0, r;
	size_t i;

	for (i = 0; i < NSHIP; i++)
		total += ships[i].weight;
	r = (int)below((unsigned long)total);
	for (i = 0; r >= ships[i].weight; i++)
		r -= ships[i].weight;
	*s = &ships[i];
	strcpy(out, ships[i].title);
	if (below(10000) < 5) {			/* not in the table */
		strcpy(out, below(2) ? "Next Day Delivry" :
		    "Express Shipping");
		return;
	}
	if (below(100) >= 5)
		return;
	switch (below(4)) {
	case 0: {				/* people type lower case */
		char *p;

		for (p = out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		break;
	}
	case 1:					/* a trailing space */
		strcat(out, " ");
		break;
	case 2: {				/* a doubled inner space */
		char *sp = strchr(out, ' ');

		if (sp != NULL) {
			memmove(sp + 1, sp, strlen(sp) + 1);
		}
		break;
	}
	default: {				/* an en dash */
		char *d = strchr(out, '-');

		if (d != NULL) {
			memmove(d + 3, d + 1, strlen(d + 1) + 1);
			memcpy(d, "\xe2\x80\x93", 3);
		} else
			strcat(out, "\xc2\xa0");	/* a no-break space */
	}
	}
}

/* The SKU as the export spells it: mostly right, 4% mangled. */
static void
mangle(unsigned long i, char *s)
{
	char *p;
	size_t n;

	if (below(100) >= 4)
		return;
	switch (below(4)) {
	case 0:
		if (i % 3 == 0) {		/* leading zeros stripped */
			for (p = s; *p == '0' && p[1] != '\0'; p++)
				;
			memmove(s, p, strlen(p) + 1);
			break;
		}
		/* FALLTHROUGH */
	case 1:					/* lower case */
		for (p = s; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		break;
	case 2:					/* an en dash */
		if ((p = strchr(s, '-')) != NULL) {
			memmove(p + 3, p + 1, strlen(p + 1) + 1);
			memcpy(p, "\xe2\x80\x93", 3);
			break;
		}
		/* FALLTHROUGH */
	default:				/* a trailing space */
		n = strlen(s);
		s[n] = ' ';
		s[n + 1] = '\0';
	}
}

/* One WMS line per leaf of a kit, units multiplied. */
static void
wms_kit_lines(FILE *w, long k, long units, int *line_no, int shipped)
{
	const struct kit *kt = &kits[k];
	char s[64];
	int j;

	for (j = 0; j < kt->n; j++) {
		long idx = kt->c[j].idx, q = units * kt->c[j].qty;

		if (idx < 0) {
			wms_kit_lines(w, -1 - idx, q, line_no, shipped);
			continue;
		}
		sku_text((unsigned long)idx, s);
		fprintf(w, "%s{\"line_no\":%d,\"sku\":\"%s\","
		    "\"order_quantity\":%ld,\"dispatch_quantity\":%ld}",
		    *line_no > 1 ? "," : "", *line_no, s, q, shipped ? q : 0);
		++*line_no;
	}
}

static const char *const first_names[] = { "Amelia", "Oliver", "Isla",
    "George", "Ava", "Noah", "Siobhán", "Arthur", "Freya", "Leo" };
static const char *const last_names[] = { "Smith", "Jones", "Taylor",
    "Brown", "Williams", "O'Connor", "Evans", "Thomas", "Roberts", "Walsh" };
static const char *const cities[] = { "Leeds", "Bristol", "Manchester",
    "London", "Glasgow", "Cardiff", "York", "Norwich" };

/* An order line as the WMS gets it. */
struct line {
	int kind;		/* 0 plain, 1 kit, 2 custom, 3 unknown,
				 * 4 gift card */
	unsigned long i;
	long qty;		/* the live quantity */
};

/* Whether the warehouse picks a line of that kind. */
#define PICKED(kind) ((kind) != 2 && (kind) != 4)

static void
wms_order(FILE *w, unsigned long num, const struct line *ln, int nlines,
    const char *status, const char *created, const struct ship *sh,
    int shipped, const char *tracking, const char *shipped_at)
{
	char s[64];
	int l, line_no = 1;

	fprintf(w, "{\"reference\":\"%lu\",\"client\":\"NORTHWIND\","
	    "\"warehouse\":\"LEEDS\",\"status\":\"%s\",\"order_date\":"
	    "\"%s\",\"carrier\":\"%s\",\"service_code\":\"%s\",\"lines\":[",
	    num, status, created, sh->carrier, sh->code);
	for (l = 0; l < nlines; l++) {
		if (!PICKED(ln[l].kind) || ln[l].qty == 0)
			continue;
		if (ln[l].kind == 1) {
			wms_kit_lines(w, (long)ln[l].i, ln[l].qty, &line_no,
			    shipped);
			continue;
		}
		if (ln[l].kind == 3)
			sprintf(s, "OLD-%06lu", ln[l].i);
		else
			sku_text(ln[l].i, s);
		fprintf(w, "%s{\"line_no\":%d,\"sku\":\"%s\","
		    "\"order_quantity\":%ld,\"dispatch_quantity\":%ld}",
		    line_no > 1 ? "," : "", line_no, s, ln[l].qty,
		    shipped ? ln[l].qty : 0);
		line_no++;
	}
	fputs("]", w);
	if (shipped)
		fprintf(w, ",\"tracking_number\":\"%s\",\"dispatched_at\":"
		    "\"%s\"", tracking, shipped_at);
	else
		fputs(",\"tracking_number\":null,\"dispatched_at\":null", w);
	fputs("}\n", w);
}

static void
gen_orders(const char *dir, unsigned long norders)
{
	FILE *o = create(dir, "orders.ndjson");
	FILE *w = create(dir, "wms-orders.ndjson");
	char *items = malloc(1 << 16);
	char created[32], updated[32], cancelled[32], shipped_at[32];
	char title[96], sku[80], ltitle[128], tracking[32];
	unsigned long n, line_id = 13000000000001UL;
	long long span = 14 * DAY - 3600, t0 = AS_OF - 14 * DAY;
	struct line ln[5];

	for (n = 0; n < norders; n++) {
		unsigned long id = 5600000000001UL + n, num = 1001 + n, r;
		long long t = t0 + (long long)((double)span * (double)n /
		    (double)norders);
		long long age = AS_OF - t;
		int nlines, l, giftcard = below(1000) < 3;
		int is_cancelled = below(100) == 0, old = age > 30 * 3600;
		int fulfilled, in_wms, shipped, picks = 0;
		int edited = !giftcard && below(100) < 3;
		int reshipped = !giftcard && below(500) == 0;
		long subtotal = 0, ship_price;
		const struct ship *sh;
		const char *country, *status;
		size_t ip = 0;

		r = below(100);
		nlines = giftcard ? 1 : r < 40 ? 1 : r < 65 ? 2 : r < 80 ? 3 :
		    r < 90 ? 4 : 5;
		shipped = !is_cancelled && !giftcard && old && below(100) < 97;
		/* 1 dispatch in 200 that the storefront was not told of */
		fulfilled = shipped && below(200) != 0;
		in_wms = !giftcard && (age > 2 * 3600 ? below(1000) >= 5 :
		    below(2));
		snprintf(tracking, sizeof(tracking), "15501%09lu", num);
		iso(t, created);
		iso(t + (fulfilled ? 20 * 3600 : 60), updated);
		iso(t + 20 * 3600, shipped_at);
		iso(t + 3 * 3600, cancelled);
		ship_title(title, &sh);
		r = below(1000);
		country = r < 900 ? "GB" : r < 950 ? "IE" : r < 960 ? "JE" :
		    r < 970 ? "GG" : r < 985 ? "FR" : r < 995 ? "DE" : "US";
		if (r >= 970 && strcmp(title, "Next Day Delivry") != 0 &&
		    strcmp(title, "Express Shipping") != 0) {
			sh = &ships[NSHIP - 1];	/* abroad: International */
			strcpy(title, sh->title);
		}
		for (l = 0; l < nlines; l++) {
			long price, tax;
			int qty = below(10) < 7 ? 1 : 2 + (int)below(2), live;
			unsigned long i = 0;

			ln[l].kind = 0;
			if (giftcard) {
				ln[l].kind = 4;
				price = 2500;
				qty = 1;
			} else if (below(300) == 0) {
				ln[l].kind = 4;		/* a gift card */
				price = 2500;
				qty = 1;
				strcpy(sku, "GIFT-CARD-25");
				strcpy(ltitle, "Gift card");
			} else if (below(100) == 0) {
				ln[l].kind = 2;		/* gift wrapping */
				price = 200;
				qty = 1;
			} else if (below(100) < 5) {
				ln[l].kind = 1;
				i = below(nkits);
				price = kit_price(i);
				snprintf(sku, sizeof(sku), "KIT-%05lu", i + 1);
				snprintf(ltitle, sizeof(ltitle), "Gift set %lu",
				    i + 1);
			} else if (below(5000) == 0) {
				ln[l].kind = 3;		/* not in the master */
				i = below(1000000);
				price = 999;
				snprintf(sku, sizeof(sku), "OLD-%06lu", i);
				strcpy(ltitle, "Discontinued line");
				in_wms = 0;	/* the WMS refused it */
			} else {
				i = pick_sku();
				price = sku_price(i);
				sku_text(i, sku);
				sku_title(i, ltitle);
				mangle(i, sku);
			}
			/* an edit: a line reduced or removed (0) */
			live = qty;
			if (edited && below(3) == 0)
				live = below(2) ? 0 : qty - 1;
			ln[l].i = i;
			ln[l].qty = live;
			if (PICKED(ln[l].kind) && live > 0)
				picks++;
			subtotal += price * qty;
			tax = (price * qty + 3) / 6;
			ip += (size_t)sprintf(items + ip, "%s{\"id\":%lu,"
			    "\"variant_id\":%lu,\"product_id\":%lu,"
			    "\"title\":\"%s\",\"sku\":", l ? "," : "",
			    line_id++, 44000000000000UL + i,
			    8000000000000UL + i / 5, giftcard ? "Gift card" :
			    ln[l].kind == 2 ? "Gift wrapping" : ltitle);
			if (ln[l].kind == 2 || giftcard)
				ip += (size_t)sprintf(items + ip, "null");
			else
				ip += (size_t)sprintf(items + ip, "\"%s\"", sku);
			ip += (size_t)sprintf(items + ip, ",\"vendor\":"
			    "\"Northwind\",\"quantity\":%d,", qty);
			if (edited)
				ip += (size_t)sprintf(items + ip,
				    "\"current_quantity\":%d,", live);
			ip += (size_t)sprintf(items + ip, "\"price\":"
			    "\"%ld.%02ld\",\"grams\":%d,\"requires_shipping\":"
			    "%s,\"gift_card\":%s,\"taxable\":true,"
			    "\"fulfillable_quantity\":%d,"
			    "\"tax_lines\":[{\"title\":\"VAT\",\"price\":"
			    "\"%ld.%02ld\",\"rate\":0.2}],"
			    "\"discount_allocations\":[]}", price / 100,
			    price % 100, PICKED(ln[l].kind) ? 150 +
			    (int)(i % 700) : 0, PICKED(ln[l].kind) ? "true" :
			    "false", ln[l].kind == 4 ? "true" : "false",
			    fulfilled ? 0 : live, tax / 100, tax % 100);
		}
		if (picks == 0)
			in_wms = 0;	/* nothing to pick: nothing sent */
		ship_price = giftcard || (strcmp(sh->code, "CRL48") == 0 &&
		    subtotal >= 4000) ? 0 : 399 + (long)(sh - ships) * 50;
		fprintf(o, "{\"id\":%lu,\"name\":\"#%lu\",\"email\":"
		    "\"customer%lu@example.com\",\"created_at\":\"%s\","
		    "\"updated_at\":\"%s\",\"currency\":\"GBP\","
		    "\"financial_status\":\"%s\",\"fulfillment_status\":%s,"
		    "\"cancelled_at\":", id, num, 1 + below(norders / 3 + 1),
		    created, updated, is_cancelled ? "refunded" : below(50) ?
		    "paid" : "pending", fulfilled ? "\"fulfilled\"" : "null");
		if (is_cancelled)
			fprintf(o, "\"%s\"", cancelled);
		else
			fputs("null", o);
		fprintf(o, ",\"total_price\":\"%ld.%02ld\",\"subtotal_price\":"
		    "\"%ld.%02ld\",\"total_tax\":\"%ld.%02ld\","
		    "\"source_name\":\"web\",\"tags\":\"\",\"line_items\":[%s],"
		    "\"shipping_lines\":[", (subtotal + ship_price) / 100,
		    (subtotal + ship_price) % 100, subtotal / 100,
		    subtotal % 100, (subtotal + ship_price + 3) / 6 / 100,
		    (subtotal + ship_price + 3) / 6 % 100, items);
		if (reshipped)		/* an edit removed the first */
			fprintf(o, "{\"id\":%lu,\"title\":\"Standard "
			    "Delivery\",\"code\":\"Standard Delivery\","
			    "\"price\":\"3.99\",\"source\":\"shopify\","
			    "\"tax_lines\":[],\"is_removed\":true},",
			    4200000000000UL + n);
		if (!giftcard)
			fprintf(o, "{\"id\":%lu,\"title\":\"%s\",\"code\":"
			    "\"%s\",\"price\":\"%ld.%02ld\",\"source\":"
			    "\"shopify\",\"tax_lines\":[]%s}", 4100000000000UL +
			    n, title, sh->title, ship_price / 100,
			    ship_price % 100, reshipped ?
			    ",\"is_removed\":false" : "");
		fprintf(o, "],\"shipping_address\":{\"first_name\":\"%s\","
		    "\"last_name\":\"%s\",\"address1\":\"%lu High Street\","
		    "\"city\":\"%s\",\"zip\":\"LS1 %luAP\",\"country_code\":"
		    "\"%s\"},\"fulfillments\":[", first_names[below(10)],
		    last_names[below(10)], 1 + below(200), cities[below(8)],
		    below(10), country);
		if (fulfilled)
			fprintf(o, "{\"id\":%lu,\"status\":\"success\","
			    "\"tracking_company\":\"%s\",\"tracking_number\":"
			    "\"%s\",\"tracking_numbers\":[\"%s\"]}",
			    4700000000000UL + n, sh->carrier[0] ? sh->carrier :
			    "Other", tracking, tracking);
		fputs("]}\n", o);
		if (!in_wms)
			continue;
		/* 1 in 50 cancellations missed by the WMS; 1 in 300
		 * dispatches with another parcel's number */
		status = is_cancelled ? (below(50) ? "CANCELLED" :
		    "ALLOCATED") : shipped ? "DESPATCHED" : old && below(3) ?
		    "ALLOCATED" : "AWAITING_PICK";
		if (shipped && below(300) == 0)
			snprintf(tracking, sizeof(tracking), "15509%09lu",
			    below(1000000000));
		wms_order(w, num, ln, nlines, status, created, sh, shipped,
		    tracking, shipped_at);
	}
	/* orders keyed into the WMS by hand: the storefront never had them */
	for (n = 0; n < norders / 1000 + 1; n++) {
		struct line one = { 0, pick_sku(), 1 };

		wms_order(w, 9000001 + n, &one, 1, "AWAITING_PICK",
		    "2026-11-26T12:00:00+00:00", &ships[0], 0, "", "");
	}
	free(items);
	done(o, "orders.ndjson");
	done(w, "wms-orders.ndjson");
}

static void
gen_stock(const char *dir)
{
	FILE *w = create(dir, "wms-stock.ndjson");
	FILE *s = create(dir, "store-stock.ndjson");
	unsigned long i, j, a, b, step = 2654435761UL % nskus;
	char sku[64];
	long *avail = malloc(nskus * sizeof(*avail));

	for (i = 0; i < nskus; i++) {
		avail[i] = below(8) == 0 ? 0 : (long)below(250);
		sku_text(i, sku);
		fprintf(w, "{\"sku\":\"%s\",\"available\":%ld}\n", sku,
		    avail[i]);
	}
	for (;; step++) {	/* a step prime to nskus: a permutation */
		for (a = step, b = nskus; b != 0; i = a % b, a = b, b = i)
			;
		if (a == 1)
			break;
	}
	/* the storefront lists the SKUs in another order */
	for (j = 0; j < nskus; j++) {
		long v;

		i = (unsigned long)((unsigned long long)j * step % nskus);
		if (below(2000) == 0)
			continue;		/* not listed */
		v = avail[i];
		if (below(100) < 5)		/* drift: sales, lost syncs */
			v += below(2) ? 1 + (long)below(5) : -1 -
			    (long)below(5);
		sku_text(i, sku);
		fprintf(s, "{\"sku\":\"%s\",\"available\":%ld}\n", sku, v);
		if (below(2000) == 0)		/* retired in the WMS */
			fprintf(s, "{\"sku\":\"OLD-%06lu\",\"available\":%ld}\n",
			    j, (long)below(20));
	}
	free(avail);
	done(w, "wms-stock.ndjson");
	done(s, "store-stock.ndjson");
}

/* The parts of a bulk order, in the order an ungrouped export has them. */
enum { B_ORDER, B_LINES, B_SHIPPING, B_FO, B_FO_LINES, B_PARTS, B_ALL };

#define GID "gid://shopify/"
#define MONEY "{\"shopMoney\":{\"amount\":\"%ld.%02ld\",\"currencyCode\":\"GBP\"}}"

/*
 * Bulk order i (from 0), its part (or B_ALL): the same lines whichever
 * part is asked for, each order drawing from a state of its own.
 */
static void
bulk_order(FILE *f, unsigned long i, int part)
{
	unsigned long sku[2], order = 5100000000000UL + i;
	unsigned long fo = 6200000000000UL + i;
	long qty[2], total = 0;
	int n, j;
	char s[64], created[32];

	state = 0x18b01c0ULL + i * 0x9e3779b97f4a7c15ULL;
	n = below(4) == 0 ? 2 : 1;
	for (j = 0; j < n; j++) {
		sku[j] = below(nskus);
		qty[j] = 1 + (long)below(3);
		total += sku_price(sku[j]) * qty[j];
	}
	total += 395;
	iso(AS_OF - 14 * DAY + (long long)(i * 14 * DAY / 1000000 %
	    (14 * DAY)), created);
	if (part == B_ORDER || part == B_ALL)
		fprintf(f, "{\"id\":\"" GID "Order/%lu\",\"name\":\"#%lu\","
		    "\"createdAt\":\"%s\",\"email\":\"customer%lu@example.com\","
		    "\"displayFinancialStatus\":\"PAID\","
		    "\"displayFulfillmentStatus\":\"UNFULFILLED\","
		    "\"cancelledAt\":null,\"currencyCode\":\"GBP\","
		    "\"totalPriceSet\":" MONEY ",\"shippingAddress\":"
		    "{\"countryCode\":\"GB\",\"zip\":\"EH%lu 1AB\"}}\n",
		    order, 1001 + i, created, i % 50000, total / 100,
		    total % 100, 1 + i % 17);
	for (j = 0; j < n; j++) {
		if (part != B_LINES && part != B_ALL)
			break;
		sku_text(sku[j], s);
		fprintf(f, "{\"id\":\"" GID "LineItem/%lu\",\"sku\":\"%s\","
		    "\"quantity\":%ld,\"currentQuantity\":%ld,"
		    "\"requiresShipping\":true,\"originalUnitPriceSet\":"
		    MONEY ",\"__parentId\":\"" GID "Order/%lu\"}\n",
		    order * 4 + (unsigned long)j, s, qty[j], qty[j],
		    sku_price(sku[j]) / 100, sku_price(sku[j]) % 100, order);
	}
	if (part == B_SHIPPING || part == B_ALL)
		fprintf(f, "{\"id\":\"" GID "ShippingLine/%lu\",\"title\":"
		    "\"Standard\",\"code\":\"STANDARD\",\"originalPriceSet\":"
		    MONEY ",\"__parentId\":\"" GID "Order/%lu\"}\n", order,
		    3L, 95L, order);
	if (part == B_FO || part == B_ALL)
		fprintf(f, "{\"id\":\"" GID "FulfillmentOrder/%lu\",\"status\":"
		    "\"OPEN\",\"assignedLocation\":{\"name\":\"Clarus "
		    "Livingston\"},\"__parentId\":\"" GID "Order/%lu\"}\n", fo,
		    order);
	for (j = 0; j < n; j++) {
		if (part != B_FO_LINES && part != B_ALL)
			break;
		fprintf(f, "{\"id\":\"" GID "FulfillmentOrderLineItem/%lu\","
		    "\"totalQuantity\":%ld,\"remainingQuantity\":%ld,"
		    "\"lineItem\":{\"id\":\"" GID "LineItem/%lu\"},"
		    "\"__parentId\":\"" GID "FulfillmentOrder/%lu\"}\n",
		    fo * 4 + (unsigned long)j, qty[j], qty[j],
		    order * 4 + (unsigned long)j, fo);
	}
}

static void
gen_bulk(const char *dir, unsigned long norders)
{
	FILE *g = create(dir, "bulk-grouped.jsonl");
	FILE *u = create(dir, "bulk.jsonl");
	unsigned long i;
	int part;

	for (i = 0; i < norders; i++)
		bulk_order(g, i, B_ALL);
	for (part = B_ORDER; part < B_PARTS; part++)
		for (i = 0; i < norders; i++)
			bulk_order(u, i, part);
	done(g, "bulk-grouped.jsonl");
	done(u, "bulk.jsonl");
}

int
main(int argc, char **argv)
{
	unsigned long norders;

	if (argc == 5 && strcmp(argv[1], "-b") == 0) {
		if ((norders = strtoul(argv[3], NULL, 10)) == 0 ||
		    (nskus = strtoul(argv[4], NULL, 10)) < 100) {
			fprintf(stderr, "usage: gen -b DIR ORDERS SKUS\n");
			return 2;
		}
		gen_bulk(argv[2], norders);
		return 0;
	}
	if (argc != 4 || (norders = strtoul(argv[2], NULL, 10)) == 0 ||
	    (nskus = strtoul(argv[3], NULL, 10)) < 100) {
		fprintf(stderr, "usage: gen [-b] DIR ORDERS SKUS (SKUS >= 100)\n");
		return 2;
	}
	nkits = nskus / 1000 < 20 ? 20 : nskus / 1000 > 5000 ? 5000 :
	    nskus / 1000;
	gen_master(argv[1]);
	gen_kits(argv[1]);
	gen_shipping(argv[1]);
	gen_orders(argv[1], norders);
	gen_stock(argv[1]);
	return 0;
}
