/*
 * fuzz_records: each program's work on one record, through the library as
 * the programs drive it, on every line of the input taken as a record
 * (parsed as the reader parses: an object, no duplicate keys, \u0000
 * allowed), with small tables written at start-up:
 *
 *   sku-normalize  skunorm_record by the order model of every shape, with
 *                  a master and --keep-original; by paths (-p) with the
 *                  master, and clean only (--case upper --allow A-Z0-9-
 *                  --pad 6)
 *   dekit          dekit_order in every shape, dekit_rekit,
 *                  dekit_stock_record and at the end dekit_stock_kit for
 *                  every kit
 *   shipmap        shipmap_record (with a channel path), shipmap_count and
 *                  at the end shipmap_coverage
 *   statusmap      statusmap_event against a status table and orders; at
 *                  the end the state, written, read back and written again
 *   stockdiff      stockdiff_store against a WMS snapshot, buffers and
 *                  pending orders; the line as a pending order; and the
 *                  line as a WMS record, then stockdiff_unmatched
 *   wmsorder       wmsorder_record in every shape
 *
 * Properties: a held record is unchanged (its jsonw text before and after
 * the call is the same) and its envelope is valid JSON that carries it
 * exactly; a passed record, an update, a derived record, a goods-out, a
 * coverage record and the state are valid JSON objects (strict: UTF-8, no
 * duplicate keys); passing a passed record again changes nothing
 * (sku-normalize, dekit, shipmap); dekit conserves, over an order read by
 * its own order model before and after, the units per SKU of the lines to
 * pick at a live quantity above 0 (a kit line counted as its components)
 * and money: for every unit amount and every quantity field of the shape,
 * the sum over the lines of amount times quantity, and every line total,
 * in minor units; wmsorder never changes the order, and its goods-out has
 * one line per line to pick at a live quantity above 0, with that
 * quantity; the state reads back as it was written; a WMS record reported
 * missing_in_store is the line as it came.
 */
#include "fuzz.h"

#include "buf.h"
#include "count.h"
#include "dekit.h"
#include "exception.h"
#include "hash.h"
#include "jsonw.h"
#include "kits.h"
#include "money.h"
#include "ndjson.h"
#include "order.h"
#include "orderref.h"
#include "path.h"
#include "shipmap.h"
#include "sku.h"
#include "skunorm.h"
#include "statusmap.h"
#include "stockdiff.h"
#include "wmsorder.h"
#include "writer.h"

static const char master_csv[] =
    "sku,title\n"
    "MUG,Mug\n" "TEA,Tea\n" "SPOON,Spoon\n" "000123,Padded\n"
    "TS-BLU-M,T-shirt\n" "A-1,One\n" "A1,One again\n" "SCARF,Scarf\n"
    "X,x\n" "Y,y\n" "CAF\xC3\x89-1,Caf\xC3\xA9\n" "TOTE,Tote\n";

static const char kits_csv[] =
    "kit_sku,component_sku,qty,weight\n"
    "GIFT,MUG,1,\n" "GIFT,TEA,2,\n"
    "BUNDLE,GIFT,2,\n" "BUNDLE,SPOON,1,\n"
    "DUO,X,1,3\n" "DUO,Y,1,1\n"
    "PAIR3,A1,3,\n" "PAIR3,SCARF,3,\n"
    "SOLO,TOTE,4,\n";

static const char shipping_csv[] =
    "title,service_code,carrier,channel,country\n"
    "Next Day Delivery,12,DPD,,\n"
    "Next Day Delivery,13,DPD,,IE\n"
    "Next Day Delivery,14,DPD,web,IE\n"
    "Standard,TPS48,Royal Mail,,\n"
    "Standard,TPS24,Royal Mail,pos,\n"
    "Click \xE2\x80\x93 Collect,CC,,,\n";

static const char status_csv[] =
    "wms_status,channel_status,effect\n"
    "PICK,open,none\n" "PART,success,shipped\n"
    "COMPLETED,success,shipped\n" "CANCELLED,cancelled,cancelled\n";

static const char orders_ndjson[] =
    "{\"name\":\"#1001\",\"line_items\":[{\"sku\":\"MUG\",\"quantity\":2},"
    "{\"sku\":\"SCARF\",\"quantity\":1}]}\n"
    "{\"name\":\"#1002\",\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1},"
    "{\"sku\":\"SCARF\",\"quantity\":1},{\"sku\":\"TOTE\",\"quantity\":1}]}\n"
    "{\"name\":1003,\"line_items\":[{\"sku\":\"MUG\",\"quantity\":1},"
    "{\"sku\":null,\"quantity\":1},{\"sku\":\"\",\"quantity\":1},"
    "{\"sku\":\"MUG\",\"quantity\":1},{\"sku\":\"SCARF\",\"quantity\":2.0}]}\n";

static const char buffers_csv[] = "sku,buffer\nMUG,1\nTS-*,2\n";

static const char pending_ndjson[] =
    "{\"name\":\"#9\",\"line_items\":[{\"sku\":\"TEA\",\"quantity\":2}]}\n";

static const char *const wms_lines[] = {
	"{\"sku\":\"MUG\",\"available\":5}",
	"{\"sku\":\"TEA\",\"available\":0}",
	"{\"sku\":\"SPOON\",\"available\":3.0}",
	"{\"sku\":\"TS-BLU-M\",\"available\":-2}",
	"{\"sku\":\"GIFT\",\"available\":9223372036854775807,\"kit\":true}",
};

static char *master_file, *kits_file, *shipping_file, *status_file;
static char *orders_file, *buffers_file;
static struct skunorm norm, clean;
static struct kits *kits;
static struct shipmap ship;

/*
 * The shapes (order.h), and for each the lists dekit works on, made here
 * from the shape itself: its quantity fields (the model's quantity, live
 * and cancelled quantity first), unit amounts (the price first) and line
 * totals; and a sku-normalize by its model.
 */
#define MAXSHAPES 8
struct lists {
	struct path **qtys, **units, **totals;
	size_t nqtys, nunits, ntotals;
};
static size_t nshapes;
static struct lists lists[MAXSHAPES];
static struct skunorm norms[MAXSHAPES];

static void
make_lists(struct lists *l, const struct order_shape *s)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	path_list_add(&l->qtys, &l->nqtys, s->qty);
	path_list_add(&l->qtys, &l->nqtys, s->live_qty);
	path_list_add(&l->qtys, &l->nqtys, s->cancelled_qty);
	for (i = 0; s->qty_fields[i] != NULL; i++)
		path_list_add(&l->qtys, &l->nqtys, s->qty_fields[i]);
	path_list_add(&l->units, &l->nunits, s->price);
	for (i = 0; s->unit_amounts[i] != NULL; i++)
		path_list_add(&l->units, &l->nunits, s->unit_amounts[i]);
	for (i = 0; s->total_amounts[i] != NULL; i++)
		path_list_add(&l->totals, &l->ntotals, s->total_amounts[i]);
}

/* A file holding text for the process's lifetime: a memfd, opened anew
 * through its /proc path, so nothing is left behind however the run ends. */
static char *
temp_file(const char *text)
{
	struct mem_file f;
	char *path;

	mem_file_open(&f, text, strlen(text));
	path = strdup(f.path);
	FUZZ_CHECK(path != NULL, "out of memory");
	return path;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL;

	(void)argc;
	(void)argv;
	master_file = temp_file(master_csv);
	kits_file = temp_file(kits_csv);
	shipping_file = temp_file(shipping_csv);
	status_file = temp_file(status_csv);
	orders_file = temp_file(orders_ndjson);
	buffers_file = temp_file(buffers_csv);

	for (nshapes = 0; order_shapes[nshapes] != NULL; nshapes++) {
		FUZZ_CHECK(nshapes < MAXSHAPES, "more than %d shapes",
		    MAXSHAPES);
		make_lists(&lists[nshapes], order_shapes[nshapes]);
		memset(&norms[nshapes], 0, sizeof(norms[nshapes]));
		skunorm_set_model(&norms[nshapes], order_model_new(
		    order_shapes[nshapes], -1));
		norms[nshapes].keep_original = 1;
		norms[nshapes].master = sku_master_load(master_file, "sku",
		    &err);
		FUZZ_CHECK(norms[nshapes].master != NULL, "master: %s", err);
	}

	memset(&norm, 0, sizeof(norm));
	skunorm_add_path(&norm, path_literal("line_items[].sku"));
	skunorm_add_path(&norm, path_literal("sku"));
	norm.keep_original = 1;
	norm.master = sku_master_load(master_file, "sku", &err);
	FUZZ_CHECK(norm.master != NULL, "master: %s", err);

	memset(&clean, 0, sizeof(clean));
	skunorm_add_path(&clean, path_literal("line_items[].sku"));
	clean.rules.letter_case = SKU_CASE_UPPER;
	clean.rules.pad = 6;
	FUZZ_CHECK(sku_rules_allow(&clean.rules, "A-Z0-9-", &err),
	    "allow: %s", err);

	kits = kits_load(kits_file, &err);
	FUZZ_CHECK(kits != NULL, "kits: %s", err);

	shipmap_init(&ship);
	shipmap_shape(&ship, order_shapes[0]);
	ship.channel = path_literal("source_name");
	FUZZ_CHECK(shipmap_load(&ship, shipping_file, NULL, &err),
	    "shipping: %s", err);
	return 0;
}

/*
 * One writer (to no descriptor) for every text the checks make, emptied
 * before each: a writer's buffer is 128 KB, and one per text had the
 * sanitizers map and unmap it a hundred times an input.
 */
static struct writer tw;

static struct writer *
text_writer(void)
{
	if (tw.buf == NULL)
		writer_open(&tw, -1, "fuzz");
	tw.len = tw.committed = 0;
	return &tw;
}

/* The jsonw text of v into b (reset first). */
static void
text_of(const json_t *v, struct buf *b)
{
	struct writer *w = text_writer();

	jsonw_value(w, v);
	buf_reset(b);
	buf_add(b, w->buf, w->len);
}

/* v must be written as a valid JSON object; returns it parsed. */
static json_t *
valid_object(const json_t *v, const char *what)
{
	struct buf b = { NULL, 0, 0 };
	json_error_t err;
	json_t *back;

	FUZZ_CHECK(json_is_object(v), "%s is not an object", what);
	text_of(v, &b);
	back = parse_strict(b.p, b.len, &err);
	FUZZ_CHECK(back != NULL, "%s is not valid JSON (%s): %.*s", what,
	    err.text, (int)(b.len > 400 ? 400 : b.len), b.p);
	FUZZ_CHECK(json_same(back, v), "%s does not read back the same", what);
	buf_free(&b);
	return back;
}

/* The envelope of a held record: valid JSON, carrying it exactly. */
static void
check_envelope(const char *tool, const struct exception *e,
    const json_t *record)
{
	struct ndjson_line line;
	struct writer *w = text_writer();
	json_error_t err;
	json_t *env;

	FUZZ_CHECK(e->code != EXC_NONE && e->message != NULL, "%s: held "
	    "without a code or a message", tool);
	memset(&line, 0, sizeof(line));
	line.source = "fuzz.ndjson";
	line.lineno = 1;
	exc_write_record(w, tool, e, &line, record);
	env = parse_strict(w->buf, w->len, &err);
	FUZZ_CHECK(env != NULL, "%s: envelope is not valid JSON (%s): %.*s",
	    tool, err.text, (int)(w->len > 400 ? 400 : w->len), w->buf);
	FUZZ_CHECK(json_same(json_object_get(env, "record"), record),
	    "%s: envelope's record is not the record", tool);
	json_decref(env);
}

typedef int (*work_fn)(void *, json_t *, struct exception *);

/*
 * Runs work on a copy of record: held, the copy is unchanged; passed, it
 * is valid. Returns the passed copy (to free), or NULL.
 */
static json_t *
one(const char *tool, work_fn work, void *ctx, const json_t *record)
{
	struct buf before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	json_t *copy = json_deep_copy(record), *back;
	struct exception e = { .code = EXC_NONE };

	text_of(copy, &before);
	exc_clear(&e);
	if (work(ctx, copy, &e)) {
		back = valid_object(copy, tool);
		json_decref(back);
	} else {
		text_of(copy, &after);
		FUZZ_CHECK(before.len == after.len && memcmp(before.p, after.p,
		    before.len) == 0, "%s held the record but changed it:\n"
		    "before %.*s\nafter  %.*s", tool, (int)before.len,
		    before.p, (int)after.len, after.p);
		check_envelope(tool, &e, copy);
		json_decref(copy);
		copy = NULL;
	}
	buf_free(&before);
	buf_free(&after);
	exc_free(&e);
	return copy;
}

/* Passing a passed record again changes nothing. */
static void
again(const char *tool, work_fn work, void *ctx, json_t *passed)
{
	struct buf before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	struct exception e = { .code = EXC_NONE };

	text_of(passed, &before);
	exc_clear(&e);
	FUZZ_CHECK(work(ctx, passed, &e), "%s holds its own output (%s: %s): "
	    "%.*s", tool, exc_codes[e.code].name, e.message, (int)before.len,
	    before.p);
	text_of(passed, &after);
	FUZZ_CHECK(before.len == after.len && memcmp(before.p, after.p,
	    before.len) == 0, "%s changes its own output again:\nonce  %.*s\n"
	    "twice %.*s", tool, (int)before.len, before.p, (int)after.len,
	    after.p);
	buf_free(&before);
	buf_free(&after);
	exc_free(&e);
}

static int
w_norm(void *c, json_t *r, struct exception *e)
{
	return skunorm_record(c, r, e);
}

static int
w_order(void *c, json_t *r, struct exception *e)
{
	return dekit_order(c, r, e);
}

static int
w_rekit(void *c, json_t *r, struct exception *e)
{
	return dekit_rekit(c, r, e);
}

static int
w_stock(void *c, json_t *r, struct exception *e)
{
	return dekit_stock_record(c, r, e);
}

static int
w_ship(void *c, json_t *r, struct exception *e)
{
	return shipmap_record(c, r, e);
}

/*
 * dekit's conservation, over an order read by dekit's own model (its
 * shape, and parent_item_id where the shape has no parents): units by SKU
 * of the lines to pick at a live quantity above 0, with kit lines counted
 * as their components (as dekit_order breaks them down: not a line that
 * another names as its parent); and money over every line, for each unit
 * amount and quantity field of the shape the sum of amount times quantity,
 * and each line total, in minor units of the amount's currency (a
 * currency_code beside it, else the order's). Quantities that are not
 * counts and amounts that are not decimals are left out, the same on
 * both sides: dekit leaves such lines as they are or holds the order.
 */
struct tally {
	struct hash *units;	/* SKU to index + 1 into sums */
	__int128 sums[4096];
	size_t n;
	__int128 *money;	/* units x qtys pairs, then the totals */
	size_t nmoney;
	int overflow;
};

static struct path_slot *tslots, *qslots;
static size_t tslotcap, qslotcap;

static void
sum_add(struct tally *t, __int128 *sum, __int128 v)
{
	if (__builtin_add_overflow(*sum, v, sum))
		t->overflow = 1;
}

static void
tally_add(struct tally *t, const char *sku, size_t len, __int128 q)
{
	int fresh;
	void **slot = hash_put(t->units, sku, len, &fresh);

	if (fresh) {
		if (t->n == sizeof(t->sums) / sizeof(t->sums[0])) {
			t->overflow = 1;
			return;
		}
		t->sums[t->n] = 0;
		*slot = (void *)(uintptr_t)++t->n;
	}
	sum_add(t, &t->sums[(uintptr_t)*slot - 1], q);
}

/* An amount's decimals: its sibling currency code's, else the order's. */
static int
amount_scale(const struct path_slot *s, int scale)
{
	static const char *const keys[] = { "currency_code", "currencyCode" };
	size_t i;
	int sc;

	for (i = 0; i < 2; i++) {
		json_t *c = json_object_get(s->parent, keys[i]);

		if (json_is_string(c) && (sc = money_currency_scale(
		    json_string_value(c), json_string_length(c))) >= 0)
			return sc;
	}
	return scale;
}

static void
tally_money(struct tally *t, const struct lists *ls, json_t *obj, int scale)
{
	size_t u, q, s, n;
	int64_t amount, qty;

	for (u = 0; u < ls->nunits; u++) {
		if (path_find(ls->units[u], obj, &tslots, &tslotcap) == 0 ||
		    tslots[0].value == NULL || json_is_null(tslots[0].value) ||
		    !money_from_json(tslots[0].value, amount_scale(&tslots[0],
		    scale), &amount))
			continue;
		for (q = 0; q < ls->nqtys; q++)
			if (path_find(ls->qtys[q], obj, &qslots,
			    &qslotcap) > 0 && json_count(qslots[0].value, &qty))
				sum_add(t, &t->money[u * ls->nqtys + q],
				    (__int128)amount * qty);
	}
	for (u = 0; u < ls->ntotals; u++) {
		n = path_find(ls->totals[u], obj, &tslots, &tslotcap);
		for (s = 0; s < n; s++)
			if (tslots[s].value != NULL &&
			    !json_is_null(tslots[s].value) &&
			    money_from_json(tslots[s].value, amount_scale(
			    &tslots[s], scale), &amount))
				sum_add(t, &t->money[ls->nunits * ls->nqtys +
				    u], amount);
	}
}

static void
tally_order(struct tally *t, struct dekit *d, const struct lists *ls,
    json_t *record, int expand)
{
	struct order o;
	struct exception e = { .code = EXC_NONE };
	unsigned char *named;
	size_t i, j;

	t->units = hash_new();
	t->n = 0;
	t->overflow = 0;
	t->nmoney = ls->nunits * ls->nqtys + ls->ntotals;
	t->money = calloc(t->nmoney + 1, sizeof(*t->money));
	FUZZ_CHECK(t->money != NULL, "out of memory");
	memset(&o, 0, sizeof(o));
	FUZZ_CHECK(order_read(d->model, record, &o, &e), "dekit (%s) passed "
	    "an order its model cannot read: %s", order_model_shape(
	    d->model)->name, e.message);
	named = calloc(o.nlines + 1, 1);
	FUZZ_CHECK(named != NULL, "out of memory");
	for (i = 0; i < o.nlines; i++)
		if (o.lines[i].parent != 0)
			named[o.lines[i].parent - 1] = 1;
	for (i = 0; i < o.nlines; i++) {
		const struct order_line *l = &o.lines[i];
		const struct kit *k = NULL;

		tally_money(t, ls, l->obj, o.scale);
		if (!order_picks(l) || !l->qty_ok || l->qty <= 0 ||
		    !json_is_string(l->sku))
			continue;
		if (expand && !named[i])
			k = kits_get(kits, json_string_value(l->sku),
			    json_string_length(l->sku));
		if (k == NULL) {
			tally_add(t, json_string_value(l->sku),
			    json_string_length(l->sku), l->qty);
			continue;
		}
		for (j = 0; j < k->nleaves; j++)
			tally_add(t, k->leaves[j].sku, strlen(k->leaves[j].sku),
			    (__int128)l->qty * k->leaves[j].qty);
	}
	free(named);
	order_free(&o);
	exc_free(&e);
}

static const char *
money_name(const struct lists *ls, size_t i, struct buf *b)
{
	buf_reset(b);
	if (i < ls->nunits * ls->nqtys)
		buf_printf(b, "%s x %s", path_text(ls->units[i / ls->nqtys]),
		    path_text(ls->qtys[i % ls->nqtys]));
	else
		buf_printf(b, "%s", path_text(ls->totals[i - ls->nunits *
		    ls->nqtys]));
	return b->p;
}

static void
check_conservation(struct dekit *d, const struct lists *ls, json_t *before,
    json_t *after)
{
	const char *shape = order_model_shape(d->model)->name;
	struct buf name = { NULL, 0, 0 };
	struct tally a, b;
	size_t pos = 0, len, i;
	const char *key;
	void *value;

	tally_order(&a, d, ls, before, 1);
	tally_order(&b, d, ls, after, 0);
	if (!a.overflow && !b.overflow) {
		for (i = 0; i < a.nmoney; i++)
			FUZZ_CHECK(a.money[i] == b.money[i], "dekit (%s): "
			    "money (%s) before %lld, after %lld", shape,
			    money_name(ls, i, &name), (long long)a.money[i],
			    (long long)b.money[i]);
		FUZZ_CHECK(a.n == b.n, "dekit (%s): %zu SKUs to pick before, "
		    "%zu after", shape, a.n, b.n);
		while (hash_next(a.units, &pos, &key, &len, &value)) {
			void *other = hash_get(b.units, key, len);

			FUZZ_CHECK(other != NULL, "dekit (%s): SKU %.*s lost",
			    shape, (int)len, key);
			FUZZ_CHECK(a.sums[(uintptr_t)value - 1] ==
			    b.sums[(uintptr_t)other - 1], "dekit (%s): units "
			    "of %.*s before %lld, after %lld", shape, (int)len,
			    key, (long long)a.sums[(uintptr_t)value - 1],
			    (long long)b.sums[(uintptr_t)other - 1]);
		}
	}
	hash_free(a.units);
	hash_free(b.units);
	free(a.money);
	free(b.money);
	buf_free(&name);
}

/*
 * wmsorder: the order is never changed; held, the envelope carries it;
 * passed, the goods-out is a valid object with one line per line to pick
 * at a live quantity above 0 (read by the same model), in order, each
 * with that line's SKU and live quantity.
 */
static void
check_wmsorder(struct wmsorder *w, const json_t *record)
{
	const char *shape = order_model_shape(w->model)->name;
	struct buf before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	json_t *copy = json_deep_copy(record), *out = NULL, *back, *lines;
	struct exception e = { .code = EXC_NONE };
	struct order o;
	size_t i, k = 0;

	text_of(copy, &before);
	if (wmsorder_record(w, copy, &out, &e)) {
		back = valid_object(out, "wmsorder goods-out");
		json_decref(back);
		lines = json_object_get(out, "lines");
		FUZZ_CHECK(json_is_array(lines), "wmsorder (%s): a goods-out "
		    "without lines", shape);
		memset(&o, 0, sizeof(o));
		FUZZ_CHECK(order_read(w->model, copy, &o, &e), "wmsorder (%s) "
		    "passed an order its model cannot read", shape);
		for (i = 0; i < o.nlines; i++) {
			const struct order_line *l = &o.lines[i];
			json_t *gl;

			if (!order_picks(l) || !l->qty_ok || l->qty <= 0)
				continue;
			gl = json_array_get(lines, k++);
			FUZZ_CHECK(gl != NULL, "wmsorder (%s): line %zu to "
			    "pick is not in the goods-out", shape, i);
			FUZZ_CHECK(json_equal(json_object_get(gl,
			    "product_code"), l->sku), "wmsorder (%s): line "
			    "%zu's SKU is not its goods-out line's", shape, i);
			FUZZ_CHECK(json_is_integer(json_object_get(gl,
			    "order_quantity")) && json_integer_value(
			    json_object_get(gl, "order_quantity")) == l->qty,
			    "wmsorder (%s): line %zu's live quantity %lld is "
			    "not its goods-out line's", shape, i,
			    (long long)l->qty);
		}
		FUZZ_CHECK(k == json_array_size(lines), "wmsorder (%s): %zu "
		    "goods-out lines for %zu lines to pick", shape,
		    json_array_size(lines), k);
		order_free(&o);
		json_decref(out);
	} else {
		FUZZ_CHECK(out == NULL, "wmsorder (%s): held, but a goods-out",
		    shape);
		check_envelope("wmsorder", &e, copy);
	}
	text_of(copy, &after);
	FUZZ_CHECK(before.len == after.len && memcmp(before.p, after.p,
	    before.len) == 0, "wmsorder (%s) changed the order:\nbefore %.*s\n"
	    "after  %.*s", shape, (int)before.len, before.p, (int)after.len,
	    after.p);
	json_decref(copy);
	buf_free(&before);
	buf_free(&after);
	exc_free(&e);
}

/* The state written, read back and written again: the same text. */
static void
check_state(struct statusmap *m)
{
	struct mem_file f;
	struct writer w;
	struct statusmap m2;
	char *text, *text2, *err = NULL, *p;
	size_t len, len2;
	json_error_t jerr;

	mem_file_open(&f, "", 0);
	writer_open(&w, f.fd, "state");
	statusmap_write_state(m, &w);
	writer_release(&w);
	text = read_back(f.fd, &len);
	for (p = text; p < text + len; ) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		json_t *v;

		FUZZ_CHECK(nl != NULL, "state ends in half a line");
		v = parse_strict(p, (size_t)(nl - p), &jerr);
		FUZZ_CHECK(v != NULL && json_is_object(v), "state line is not "
		    "a JSON object (%s): %.*s", jerr.text, (int)(nl - p), p);
		json_decref(v);
		p = nl + 1;
	}
	statusmap_init(&m2);
	statusmap_use_model(&m2, order_model_new(order_shapes[0], -1));
	FUZZ_CHECK(statusmap_load_table(&m2, status_file, &err), "table: %s",
	    err);
	FUZZ_CHECK(statusmap_load_orders(&m2, orders_file, &err), "orders: "
	    "%s", err);
	FUZZ_CHECK(statusmap_load_state(&m2, f.path, &err), "the state "
	    "written does not read back: %s\n%s", err, text);
	mem_file_close(&f);
	mem_file_open(&f, "", 0);
	writer_open(&w, f.fd, "state");
	statusmap_write_state(&m2, &w);
	writer_release(&w);
	text2 = read_back(f.fd, &len2);
	FUZZ_CHECK(len == len2 && memcmp(text, text2, len) == 0, "the state "
	    "read back is written otherwise:\n%s\n%s", text, text2);
	free(text);
	free(text2);
	mem_file_close(&f);
	statusmap_free(&m2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct dekit d_order[MAXSHAPES], d_rekit, d_stock;
	struct wmsorder wo[MAXSHAPES];
	struct statusmap sm;
	struct stockdiff sd, sd_wms;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	unsigned long lineno = 0;
	char *err = NULL;
	json_t **cov, *rec;
	size_t i, n, s;

	for (s = 0; s < nshapes; s++) {
		dekit_init(&d_order[s], kits);
		dekit_use_model(&d_order[s], order_model_new(order_shapes[s],
		    -1));
		wmsorder_init(&wo[s], order_shapes[s]);
	}
	dekit_init(&d_rekit, kits);
	dekit_init(&d_stock, kits);
	d_stock.qty_key = "available";
	statusmap_init(&sm);
	statusmap_use_model(&sm, order_model_new(order_shapes[0], -1));
	FUZZ_CHECK(statusmap_load_table(&sm, status_file, &err), "%s", err);
	FUZZ_CHECK(statusmap_load_orders(&sm, orders_file, &err), "%s", err);
	stockdiff_init(&sd);
	stockdiff_use_model(&sd, order_model_new(order_shapes[0], -1));
	FUZZ_CHECK(stockdiff_load_buffers(&sd, buffers_file, &err), "%s", err);
	{
		json_error_t jerr;
		json_t *pend = json_loads(pending_ndjson, 0, &jerr);

		FUZZ_CHECK(pend != NULL && stockdiff_pending(&sd, pend, &e),
		    "pending order not counted");
		json_decref(pend);
	}
	for (i = 0; i < sizeof(wms_lines) / sizeof(wms_lines[0]); i++) {
		json_error_t jerr;

		memset(&line, 0, sizeof(line));
		line.text = wms_lines[i];
		line.len = strlen(wms_lines[i]);
		line.source = "wms.ndjson";
		line.lineno = i + 1;
		line.value = json_loads(line.text, 0, &jerr);
		line.kind = NDJSON_OBJECT;
		stockdiff_wms(&sd, &line, &e);
		json_decref(line.value);
	}
	stockdiff_init(&sd_wms);
	stockdiff_use_model(&sd_wms, order_model_new(order_shapes[0], -1));
	shipmap_free(&ship);	/* fresh coverage tallies per input */
	shipmap_init(&ship);
	shipmap_shape(&ship, order_shapes[0]);
	ship.channel = path_literal("source_name");
	FUZZ_CHECK(shipmap_load(&ship, shipping_file, NULL, &err), "%s", err);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *v, *passed, *update;

		lineno++;
		v = json_loadb(p, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
		    &jerr);
		if (v != NULL && !json_is_object(v)) {	/* tool.c holds it */
			json_decref(v);
			v = NULL;
		}
		if (v != NULL) {
			if ((passed = one("sku-normalize", w_norm, &norm, v))) {
				again("sku-normalize", w_norm, &norm, passed);
				json_decref(passed);
			}
			if ((passed = one("sku-normalize clean", w_norm, &clean,
			    v))) {
				again("sku-normalize clean", w_norm, &clean,
				    passed);
				json_decref(passed);
			}
			for (s = 0; s < nshapes; s++) {
				if ((passed = one("sku-normalize --shape",
				    w_norm, &norms[s], v))) {
					again("sku-normalize --shape", w_norm,
					    &norms[s], passed);
					json_decref(passed);
				}
				if ((passed = one("dekit", w_order, &d_order[s],
				    v))) {
					check_conservation(&d_order[s],
					    &lists[s], v, passed);
					again("dekit", w_order, &d_order[s],
					    passed);
					json_decref(passed);
				}
				check_wmsorder(&wo[s], v);
			}
			json_decref(one("dekit --rekit", w_rekit, &d_rekit, v));
			json_decref(one("dekit --stock", w_stock, &d_stock, v));
			if ((passed = one("shipmap", w_ship, &ship, v))) {
				again("shipmap", w_ship, &ship, passed);
				json_decref(passed);
			}
			shipmap_count(&ship, v);

			/* statusmap: the event is never changed */
			{
				struct buf before = { NULL, 0, 0 };
				struct buf after = { NULL, 0, 0 };
				json_t *ev = json_deep_copy(v);

				text_of(ev, &before);
				exc_clear(&e);
				switch (statusmap_event(&sm, ev, &update, &e)) {
				case SM_UPDATE:
					json_decref(valid_object(update,
					    "statusmap update"));
					json_decref(update);
					break;
				case SM_HOLD:
					check_envelope("statusmap", &e, ev);
					break;
				case SM_DROP:
					break;
				}
				text_of(ev, &after);
				FUZZ_CHECK(before.len == after.len &&
				    memcmp(before.p, after.p, before.len) == 0,
				    "statusmap changed an event");
				json_decref(ev);
				buf_free(&before);
				buf_free(&after);
			}

			/* stockdiff: the storefront record is never changed */
			{
				json_t *st = json_deep_copy(v);
				int r;

				update = NULL;
				exc_clear(&e);
				r = stockdiff_store(&sd, st, &update, &e);
				if (r & SD_UPDATE) {
					json_decref(valid_object(update,
					    "stockdiff update"));
					json_decref(update);
				}
				if (r & SD_HOLD)
					check_envelope("stockdiff", &e, st);
				FUZZ_CHECK(json_same(st, v), "stockdiff changed "
				    "a storefront record");
				json_decref(st);
			}
			/* the line as a pending order: never changed */
			{
				json_t *po = json_deep_copy(v);

				if (!stockdiff_pending(&sd_wms, po, &e))
					check_envelope("stockdiff --pending",
					    &e, po);
				FUZZ_CHECK(json_same(po, v), "stockdiff changed "
				    "a pending order");
				json_decref(po);
			}
			/* and the line as a WMS record */
			memset(&line, 0, sizeof(line));
			line.kind = NDJSON_OBJECT;
			line.value = v;
			line.text = p;
			line.len = len;
			line.source = "fuzz.ndjson";
			line.lineno = lineno;
			exc_clear(&e);
			if (!stockdiff_wms(&sd_wms, &line, &e))
				check_envelope("stockdiff --wms", &e, v);
			json_decref(v);
		}
		p += len + (nl != NULL);
	}

	/* the ends of the runs */
	for (i = 0; i < kits_count(kits); i++) {
		exc_clear(&e);
		rec = NULL;
		if (!dekit_stock_kit(&d_stock, i, &rec, &e))
			check_envelope("dekit --stock kit", &e, rec);
		json_decref(valid_object(rec, "dekit kit stock"));
		json_decref(rec);
	}
#ifdef FUZZ_TOLERATE_KNOWN
	if (ship.ntally == 0)	/* known: qsort(NULL, 0) in shipmap_coverage */
		goto no_coverage;
#endif
	n = shipmap_coverage(&ship, &cov);
	for (i = 0; i < n; i++) {
		json_decref(valid_object(cov[i], "shipmap coverage"));
		json_decref(cov[i]);
	}
	free(cov);
#ifdef FUZZ_TOLERATE_KNOWN
no_coverage:
#endif
	check_state(&sm);
	memset(&line, 0, sizeof(line));
	line.source = "fuzz.ndjson";
	for (i = 0; i < sd_wms.nentries; i++) {
		exc_clear(&e);
		if (stockdiff_unmatched(&sd_wms, i, &rec, &line, &e)) {
			check_envelope("stockdiff missing_in_store", &e, rec);
			/* rec is the line as it came: find it in the input */
			{
				const char *q = (const char *)data;
				unsigned long k;
				json_error_t jerr;
				json_t *orig;
				size_t l;

				for (k = 1; k < line.lineno; k++)
					q = memchr(q, '\n', (size_t)(end - q)) +
					    1;
				l = memchr(q, '\n', (size_t)(end - q)) ?
				    (size_t)((const char *)memchr(q, '\n',
				    (size_t)(end - q)) - q) : (size_t)(end - q);
				orig = json_loadb(q, l, JSON_ALLOW_NUL |
				    JSON_REJECT_DUPLICATES, &jerr);
				FUZZ_CHECK(orig != NULL && json_same(orig, rec),
				    "missing_in_store record of line %lu is not "
				    "the line", line.lineno);
				json_decref(orig);
			}
		}
	}
	stockdiff_free(&sd);
	stockdiff_free(&sd_wms);
	statusmap_free(&sm);
	for (s = 0; s < nshapes; s++) {
		d_order[s].kits = NULL;	/* shared */
		dekit_free(&d_order[s]);
		wmsorder_free(&wo[s]);
	}
	d_rekit.kits = d_stock.kits = NULL;
	dekit_free(&d_rekit);
	dekit_free(&d_stock);
	exc_free(&e);
	return 0;
}
