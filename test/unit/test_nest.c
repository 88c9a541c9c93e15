/*
 * Unit tests of nest, driven through lib/domain/nest.h as cmd/nest.c drives it:
 * each line parsed as the reader parses it, added, and what nest gives
 * then taken at once (a root written through a writer to a temporary
 * file, a line held). Each case compares a transcript of everything that
 * happened, in order, with the one expected, byte for byte:
 *
 *   now SOURCE:LINE CODE[ PATH=VALUE]: MESSAGE	nest_add refused a line
 *     TEXT
 *   end					nest_end was called
 *   root TEXT					nest_write wrote a root
 *   held SOURCE:LINE CODE[ PATH=VALUE]: MESSAGE	nest_next held a line
 *     TEXT
 *   counts roots=R children=C most_open=M	at the end
 *
 * and checks that the file written holds exactly the roots.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "buf.h"
#include "nest.h"
#include "ndjson.h"
#include "writer.h"
#include "xalloc.h"

static const char bulk[] = "bulk.jsonl";

struct run {
	struct nest *n;
	struct writer w;
	const char *path;
	struct buf log;		/* the transcript */
	struct buf out;		/* the roots, as they should be in path */
};

static const char *out_path;	/* one file, emptied for each run */

static void
run_start(struct run *r, int grouped)
{
	int fd;

	if (out_path == NULL)
		out_path = temp_file("", 0);
	fd = open(out_path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	memset(r, 0, sizeof(*r));
	r->path = out_path;
	writer_open(&r->w, fd, out_path);
	r->n = nest_new();
	if (grouped)
		nest_grouped(r->n);
	buf_adds(&r->log, "");
	buf_adds(&r->out, "");
}

static void
log_exception(struct buf *b, const char *what,
    const struct ndjson_line *line, const struct exception *e)
{
	char *v;

	buf_printf(b, "%s %s:%lu %s", what, line->source, line->lineno,
	    exc_codes[e->code].name);
	if (e->path != NULL) {
		if (e->value == NULL) {
			buf_printf(b, " %s=(none)", e->path);
		} else {
			v = json_dumps(e->value, JSON_ENCODE_ANY |
			    JSON_COMPACT);
			assert_non_null(v);
			buf_printf(b, " %s=%s", e->path, v);
			free(v);
		}
	} else {
		assert_null(e->value);
	}
	buf_printf(b, ": %s\n  %.*s\n", e->message, (int)line->len,
	    line->text);
}

/* Takes what nest has done, as cmd/nest.c does. */
static void
drain(struct run *r)
{
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *record, *again;
	json_error_t err;
	enum nest_out out;
	size_t at;

	while ((out = nest_next(r->n, &line, &record, &e)) != NEST_NONE) {
		if (out == NEST_ROOT) {
			at = r->w.len;
			nest_write(r->n, &r->w);
			buf_adds(&r->log, "root ");
			buf_add(&r->log, r->w.buf + at, r->w.len - at);
			buf_addc(&r->log, '\n');
			buf_add(&r->out, r->w.buf + at, r->w.len - at);
			buf_addc(&r->out, '\n');
			writer_end_record(&r->w);
			continue;
		}
		assert_int_equal(out, NEST_HELD);
		assert_int_equal(line.kind, NDJSON_OBJECT);
		assert_non_null(record);
		assert_ptr_equal(line.value, record);
		again = ndjson_parse(line.text, line.len, &err);
		assert_non_null(again);
		assert_true(json_equal(again, record));
		json_decref(again);
		log_exception(&r->log, "held", &line, &e);
	}
	exc_free(&e);
}

/* The lines' index, as the reader makes it for nest (ndjson_index). */
static struct jtree tree;

/* Adds lines (NULL-terminated) from source, numbered from first. */
static void
feed_from(struct run *r, const char *source, unsigned long first,
    const char *const *lines)
{
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		memset(&line, 0, sizeof(line));
		line.kind = NDJSON_OBJECT;
		line.text = lines[i];
		line.len = strlen(lines[i]);
		line.source = source;
		line.lineno = first + i;
		line.tree = &tree;
		if (!jtree_index(&tree, line.text, line.len) ||
		    jdoc_type(&tree.doc, 0) != JDOC_OBJECT)
			fail_msg("fixture line %zu: %s", i + 1,
			    tree.doc.error);
		exc_clear(&e);
		if (!nest_add(r->n, &line, &e))
			log_exception(&r->log, "now", &line, &e);
		drain(r);
	}
	exc_free(&e);
}

static void
feed(struct run *r, const char *const *lines)
{
	feed_from(r, bulk, 1, lines);
}

/* Ends the input; the transcript (to free). */
static char *
run_end(struct run *r)
{
	const struct nest_counts *c;
	char *written;

	nest_end(r->n);
	buf_adds(&r->log, "end\n");
	drain(r);
	c = nest_counts(r->n);
	buf_printf(&r->log, "counts roots=%lu children=%lu most_open=%lu\n",
	    c->roots, c->children, c->most_open);
	nest_free(r->n);
	writer_close(&r->w);
	written = read_whole(r->path, NULL);
	assert_string_equal(written, r->out.p);
	free(written);
	buf_free(&r->out);
	return r->log.p;
}

/* Runs lines through a nest, grouped or not: its transcript is want. */
static void
check(int grouped, const char *const *lines, const char *want)
{
	struct run r;
	char *got;

	run_start(&r, grouped);
	feed(&r, lines);
	got = run_end(&r);
	assert_string_equal(got, want);
	free(got);
}

/* The same line text, in a transcript's "now" or "held" entry. */
#define L(s)	"  " s "\n"

static const char *const ungrouped_lines[] = {
	"{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\",\"total\":1.10,"
	    "\"note\":\"caf\\u00e9 \\\"x\\\"\"}",
	"{\"id\":\"gid://shopify/LineItem/11\",\"sku\":\"A\\/1\","
	    "\"price\":1e2,\"__parentId\":\"gid://shopify/Order/1\"}",
	"{\"id\":\"gid://shopify/Order/2\",\"total\":-0.0}",
	"{\"__parentId\":\"gid://shopify/Order/1\","
	    "\"id\":\"gid://shopify/LineItem/12\",\"qty\":2}",
	"{ \"id\" : \"gid://shopify/LineItem/21\" , "
	    "\"__parentId\" : \"gid://shopify/Order/2\" }",
	NULL
};

#define ORDER_1 "{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\"," \
	"\"total\":1.10,\"note\":\"caf\\u00e9 \\\"x\\\"\",\"lineItems\":[" \
	"{\"id\":\"gid://shopify/LineItem/11\",\"sku\":\"A\\/1\"," \
	"\"price\":1e2},{\"id\":\"gid://shopify/LineItem/12\",\"qty\":2}]}"
#define ORDER_2 "{\"id\":\"gid://shopify/Order/2\",\"total\":-0.0," \
	"\"lineItems\":[{ \"id\" : \"gid://shopify/LineItem/21\"}]}"

static void
test_ungrouped(void **state)
{
	(void)state;
	check(0, ungrouped_lines,
	    "end\n"
	    "root " ORDER_1 "\n"
	    "root " ORDER_2 "\n"
	    "counts roots=2 children=3 most_open=2\n");
}

static const char *const grouped_lines[] = {
	"{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\","
	    "\"total\":1.10,\"note\":\"caf\\u00e9 \\\"x\\\"\"}",
	"{\"id\":\"gid://shopify/LineItem/11\",\"sku\":\"A\\/1\","
	    "\"price\":1e2,\"__parentId\":\"gid://shopify/Order/1\"}",
	"{\"__parentId\":\"gid://shopify/Order/1\","
	    "\"id\":\"gid://shopify/LineItem/12\",\"qty\":2}",
	"{\"id\":\"gid://shopify/Order/2\",\"total\":-0.0}",
	"{ \"id\" : \"gid://shopify/LineItem/21\" , "
	    "\"__parentId\" : \"gid://shopify/Order/2\" }",
	/* with --grouped, a child of a root already written */
	"{\"id\":\"gid://shopify/LineItem/13\","
	    "\"__parentId\":\"gid://shopify/Order/1\"}",
	NULL
};

static void
test_grouped(void **state)
{
	(void)state;
	check(1, grouped_lines,
	    "root " ORDER_1 "\n"
	    "end\n"
	    "root " ORDER_2 "\n"
	    "held bulk.jsonl:6 orphan_child "
	    "__parentId=\"gid://shopify/Order/1\": its parent "
	    "gid://shopify/Order/1 is not in the root being read; with "
	    "--grouped, a child must come in its root's group\n"
	    L("{\"id\":\"gid://shopify/LineItem/13\","
	    "\"__parentId\":\"gid://shopify/Order/1\"}")
	    "counts roots=2 children=3 most_open=1\n");
}

/* The same without --grouped: the roots at the end, the late child in
 * its root. */
static void
test_grouped_input_ungrouped(void **state)
{
	(void)state;
	check(0, grouped_lines,
	    "end\n"
	    "root {\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\","
	    "\"total\":1.10,\"note\":\"caf\\u00e9 \\\"x\\\"\",\"lineItems\":["
	    "{\"id\":\"gid://shopify/LineItem/11\",\"sku\":\"A\\/1\","
	    "\"price\":1e2},{\"id\":\"gid://shopify/LineItem/12\",\"qty\":2},"
	    "{\"id\":\"gid://shopify/LineItem/13\"}]}\n"
	    "root " ORDER_2 "\n"
	    "counts roots=2 children=4 most_open=2\n");
}

static void
test_two_levels(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"gid://shopify/Order/1\"}",
		"{\"id\":\"gid://shopify/FulfillmentOrder/5\","
		    "\"__parentId\":\"gid://shopify/Order/1\","
		    "\"status\":\"OPEN\"}",
		"{\"id\":\"gid://shopify/FulfillmentOrderLineItem/7\","
		    "\"__parentId\":\"gid://shopify/FulfillmentOrder/5\","
		    "\"quantity\":1}",
		"{\"id\":\"gid://shopify/LineItem/11\","
		    "\"__parentId\":\"gid://shopify/Order/1\"}",
		"{\"id\":\"gid://shopify/FulfillmentOrderLineItem/8\","
		    "\"__parentId\":\"gid://shopify/FulfillmentOrder/5\","
		    "\"quantity\":2}",
		"{\"id\":\"gid://shopify/Order/2\"}",
		"{\"id\":\"gid://shopify/FulfillmentOrder/6\","
		    "\"__parentId\":\"gid://shopify/Order/2\"}",
		NULL
	};
	const char *want_1 = "root {\"id\":\"gid://shopify/Order/1\","
	    "\"fulfillmentOrders\":[{\"id\":\"gid://shopify/FulfillmentOrder/5\","
	    "\"status\":\"OPEN\",\"lineItems\":["
	    "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/7\","
	    "\"quantity\":1},"
	    "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/8\","
	    "\"quantity\":2}]}],"
	    "\"lineItems\":[{\"id\":\"gid://shopify/LineItem/11\"}]}\n"
	    "root {\"id\":\"gid://shopify/Order/2\",\"fulfillmentOrders\":["
	    "{\"id\":\"gid://shopify/FulfillmentOrder/6\"}]}\n";
	char *want;

	(void)state;
	want = xasprintf("end\n%scounts roots=2 children=5 most_open=2\n",
	    want_1);
	check(0, lines, want);
	free(want);
	want = xasprintf("%.*send\n%scounts roots=2 children=5 "
	    "most_open=1\n", (int)(strstr(want_1, "\nroot") - want_1 + 1),
	    want_1, strstr(want_1, "\nroot") + 1);
	check(1, lines, want);
	free(want);
}

static void
test_types(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\"}",
		/* __typename wins over the gid's type */
		"{\"__typename\":\"Refund\",\"id\":\"gid://shopify/LineItem/3\","
		    "\"__parentId\":\"R\"}",
		"{\"id\":\"gid://shopify/LineItem/4\",\"__parentId\":\"R\"}",
		"{\"__parentId\":\"R\",\"__typename\":\"MediaImage\","
		    "\"id\":\"M1\"}",
		"{\"__parentId\":\"R\",\"id\":\"gid://shopify/Video/9\"}",
		"{\"__parentId\":\"R\","
		    "\"id\":\"gid://shopify/ProductVariant/5?x=1\"}",
		"{\"__parentId\":\"R\",\"id\":\"gid://other/Model3d/2\"}",
		"{\"__parentId\":\"R\",\"id\":\"gid://shopify/LineItem/5\"}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "end\n"
	    "root {\"id\":\"R\","
	    "\"refunds\":[{\"__typename\":\"Refund\","
	    "\"id\":\"gid://shopify/LineItem/3\"}],"
	    "\"lineItems\":[{\"id\":\"gid://shopify/LineItem/4\"},"
	    "{\"id\":\"gid://shopify/LineItem/5\"}],"
	    "\"media\":[{\"__typename\":\"MediaImage\",\"id\":\"M1\"},"
	    "{\"id\":\"gid://shopify/Video/9\"},"
	    "{\"id\":\"gid://other/Model3d/2\"}],"
	    "\"variants\":[{\"id\":\"gid://shopify/ProductVariant/5?x=1\"}]}\n"
	    "counts roots=1 children=7 most_open=1\n");
}

static void
test_plurals(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\"}",
		"{\"__typename\":\"LineItem\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Address\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Delivery\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Key\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Batch\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Box\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Wish\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Day\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Y\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"fulfillment\",\"__parentId\":\"R\"}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "end\n"
	    "root {\"id\":\"R\","
	    "\"lineItems\":[{\"__typename\":\"LineItem\"}],"
	    "\"addresses\":[{\"__typename\":\"Address\"}],"
	    "\"deliveries\":[{\"__typename\":\"Delivery\"}],"
	    "\"keys\":[{\"__typename\":\"Key\"}],"
	    "\"batches\":[{\"__typename\":\"Batch\"}],"
	    "\"boxes\":[{\"__typename\":\"Box\"}],"
	    "\"wishes\":[{\"__typename\":\"Wish\"}],"
	    "\"days\":[{\"__typename\":\"Day\"}],"
	    "\"ys\":[{\"__typename\":\"Y\"}],"
	    "\"fulfillments\":[{\"__typename\":\"fulfillment\"}]}\n"
	    "counts roots=1 children=10 most_open=1\n");
}

static void
test_names(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\"}",
		"{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Note\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"FulfillmentOrderLineItem\","
		    "\"__parentId\":\"R\"}",
		"{\"__typename\":\"Refund\",\"__parentId\":\"R\"}",
		NULL
	};
	static const char *const bad[] = {
		"LineItem", "=items", "LineItem=", "", "=", NULL
	};
	struct run r;
	char *err, *want, *got;
	size_t i;

	(void)state;
	run_start(&r, 0);
	assert_int_equal(nest_name(r.n, "LineItem=items", &err), 1);
	assert_int_equal(nest_name(r.n, "Note=a\"b\\", &err), 1);
	assert_int_equal(nest_name(r.n, "FulfillmentOrderLineItem=fo=items",
	    &err), 1);
	assert_int_equal(nest_name(r.n, "Refund=items", &err), 1);
	for (i = 0; bad[i] != NULL; i++) {
		err = NULL;
		assert_int_equal(nest_name(r.n, bad[i], &err), 0);
		assert_non_null(err);
		want = xasprintf("--name: '%s' is not TYPE=MEMBER, such as "
		    "FulfillmentOrderLineItem=lineItems", bad[i]);
		assert_string_equal(err, want);
		free(want);
		free(err);
	}
	feed(&r, lines);
	got = run_end(&r);
	assert_string_equal(got,
	    "end\n"
	    "root {\"id\":\"R\",\"items\":[{\"id\":\"gid://shopify/LineItem/1\"},"
	    "{\"__typename\":\"Refund\"}],"
	    "\"a\\\"b\\\\\":[{\"__typename\":\"Note\"}],"
	    "\"fo=items\":[{\"__typename\":\"FulfillmentOrderLineItem\"}]}\n"
	    "counts roots=1 children=4 most_open=1\n");
	free(got);
}

static void
test_small_roots(void **state)
{
	static const char *const lines[] = {
		"{}",
		"{ }",
		"{\"id\":\"R\"}",
		"{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"R\"}",
		"{\"id\":\"S\" }",
		"{\"__parentId\":\"S\",\"__typename\":\"Note\"}",
		"  {\"__typename\":\"Note\",\"__parentId\":\"S\"}\t",
		"{\"id\":\"\"}",
		"{\"__parentId\":\"\",\"__typename\":\"X\",\"a\":{}}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "end\n"
	    "root {}\n"
	    "root { }\n"
	    "root {\"id\":\"R\",\"lineItems\":["
	    "{\"id\":\"gid://shopify/LineItem/1\"}]}\n"
	    "root {\"id\":\"S\" ,\"notes\":[{\"__typename\":\"Note\"},"
	    "  {\"__typename\":\"Note\"}\t]}\n"
	    "root {\"id\":\"\",\"xes\":[{\"__typename\":\"X\",\"a\":{}}]}\n"
	    "counts roots=5 children=4 most_open=5\n");
}

static void
test_orphans(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"F1\",\"__typename\":\"FulfillmentOrder\","
		    "\"__parentId\":\"gid://shopify/Order/9\"}",
		"{\"id\":\"gid://shopify/FulfillmentOrderLineItem/5\","
		    "\"__parentId\":\"F1\"}",
		"{\"id\":\"gid://shopify/LineItem/7\","
		    "\"__parentId\":\"gid://shopify/Order/3\"}",
		"{\"id\":\"gid://shopify/Order/3\",\"name\":\"#3\"}",
		"{\"id\":\"gid://shopify/LineItem/8\","
		    "\"__parentId\":\"gid://shopify/Order/3\"}",
		NULL
	};
#define HEAD "end\n" \
	"root {\"id\":\"gid://shopify/Order/3\",\"name\":\"#3\"," \
	"\"lineItems\":[{\"id\":\"gid://shopify/LineItem/8\"}]}\n" \
	"held bulk.jsonl:1 orphan_child " \
	"__parentId=\"gid://shopify/Order/9\": "
#define TAIL L("{\"id\":\"F1\",\"__typename\":\"FulfillmentOrder\"," \
	"\"__parentId\":\"gid://shopify/Order/9\"}") \
	"held bulk.jsonl:2 orphan_child __parentId=\"F1\": " \
	"its parent F1 is held too\n" \
	L("{\"id\":\"gid://shopify/FulfillmentOrderLineItem/5\"," \
	"\"__parentId\":\"F1\"}") \
	"held bulk.jsonl:3 child_before_parent " \
	"__parentId=\"gid://shopify/Order/3\": its parent " \
	"gid://shopify/Order/3 comes after it: the export's lines are out " \
	"of order\n" \
	L("{\"id\":\"gid://shopify/LineItem/7\"," \
	"\"__parentId\":\"gid://shopify/Order/3\"}") \
	"counts roots=1 children=1 most_open=1\n"

	(void)state;
	check(0, lines, HEAD "no line has the id gid://shopify/Order/9\n" TAIL);
	/* grouped cannot tell a parent never read from one written */
	check(1, lines, HEAD "its parent gid://shopify/Order/9 is not in the "
	    "root being read; with --grouped, a child must come in its "
	    "root's group\n" TAIL);
#undef HEAD
#undef TAIL
}

/*
 * With grouped, a child of a root already written is an orphan, even when
 * an earlier child of that root came before it (child_before_parent): its
 * own parent did not come after it.
 */
static void
test_grouped_late_after_early(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"x\",\"__parentId\":\"P\",\"__typename\":\"T\"}",
		"{\"id\":\"P\"}",
		"{\"id\":\"Q\"}",
		"{\"id\":\"y\",\"__parentId\":\"P\",\"__typename\":\"T\"}",
		NULL
	};

	(void)state;
	check(1, lines,
	    "root {\"id\":\"P\"}\n"
	    "end\n"
	    "root {\"id\":\"Q\"}\n"
	    "held bulk.jsonl:1 child_before_parent __parentId=\"P\": its "
	    "parent P comes after it: the export's lines are out of order\n"
	    L("{\"id\":\"x\",\"__parentId\":\"P\",\"__typename\":\"T\"}")
	    "held bulk.jsonl:4 orphan_child __parentId=\"P\": its parent P "
	    "is not in the root being read; with --grouped, a child must come "
	    "in its root's group\n"
	    L("{\"id\":\"y\",\"__parentId\":\"P\",\"__typename\":\"T\"}")
	    "counts roots=2 children=0 most_open=1\n");
}

/* A child held now (bad_field) is no parent: its own child is an orphan
 * of a held parent. */
static void
test_orphan_of_refused(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\"}",
		"{\"id\":\"c\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Note\",\"__parentId\":\"c\"}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "now bulk.jsonl:2 bad_field id=\"c\": a child with no __typename "
	    "and no gid in its id: its type, and so its array, is unknown\n"
	    L("{\"id\":\"c\",\"__parentId\":\"R\"}")
	    "end\n"
	    "root {\"id\":\"R\"}\n"
	    "held bulk.jsonl:3 orphan_child __parentId=\"c\": "
	    "its parent c is held too\n"
	    L("{\"__typename\":\"Note\",\"__parentId\":\"c\"}")
	    "counts roots=1 children=0 most_open=1\n");
}

static void
test_duplicate(void **state)
{
	static const char *const a[] = {
		"{\"id\":\"A\",\"n\":1.50}",
		"{\"id\":\"c1\",\"__parentId\":\"A\",\"__typename\":\"LineItem\"}",
		"{\"id\":\"B\"}",
		"{\"id\":\"c2\",\"__parentId\":\"B\",\"__typename\":\"LineItem\"}",
		NULL
	};
	static const char *const b[] = {
		"{\"id\":\"c1\",\"__parentId\":\"B\",\"__typename\":\"LineItem\"}",
		"{\"id\":\"C\"}",
		"{\"id\":\"c3\",\"__parentId\":\"A\",\"__typename\":\"LineItem\"}",
		"{\"id\":\"c4\",\"__parentId\":\"C\",\"__typename\":\"LineItem\"}",
		NULL
	};
	struct run r;
	char *got;

#define WHY "the id c1 is on two lines, a.jsonl:2 and b.jsonl:1"
#define WHOLE(where) "held " where " duplicate_id: held whole: " WHY "\n"
	(void)state;
	run_start(&r, 0);
	feed_from(&r, "a.jsonl", 1, a);
	feed_from(&r, "b.jsonl", 1, b);
	got = run_end(&r);
	assert_string_equal(got,
	    "now b.jsonl:1 duplicate_id id=\"c1\": " WHY "; the objects with "
	    "it are held whole\n"
	    L("{\"id\":\"c1\",\"__parentId\":\"B\","
	    "\"__typename\":\"LineItem\"}")
	    "end\n"
	    WHOLE("a.jsonl:1")
	    L("{\"id\":\"A\",\"n\":1.50}")
	    WHOLE("a.jsonl:2")
	    L("{\"id\":\"c1\",\"__parentId\":\"A\","
	    "\"__typename\":\"LineItem\"}")
	    WHOLE("b.jsonl:3")
	    L("{\"id\":\"c3\",\"__parentId\":\"A\","
	    "\"__typename\":\"LineItem\"}")
	    WHOLE("a.jsonl:3")
	    L("{\"id\":\"B\"}")
	    WHOLE("a.jsonl:4")
	    L("{\"id\":\"c2\",\"__parentId\":\"B\","
	    "\"__typename\":\"LineItem\"}")
	    "root {\"id\":\"C\",\"lineItems\":[{\"id\":\"c4\","
	    "\"__typename\":\"LineItem\"}]}\n"
	    "counts roots=1 children=1 most_open=3\n");
	free(got);
#undef WHOLE
#undef WHY
}

static void
test_duplicate_roots(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"A\"}",
		"{\"id\":\"B\"}",
		"{\"id\":\"A\",\"x\":1}",
		"{\"id\":\"c\",\"__parentId\":\"A\",\"__typename\":\"T\"}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "now bulk.jsonl:3 duplicate_id id=\"A\": the id A is on two "
	    "lines, bulk.jsonl:1 and bulk.jsonl:3; the objects with it are "
	    "held whole\n"
	    L("{\"id\":\"A\",\"x\":1}")
	    "end\n"
	    "held bulk.jsonl:1 duplicate_id: held whole: the id A is on two "
	    "lines, bulk.jsonl:1 and bulk.jsonl:3\n"
	    L("{\"id\":\"A\"}")
	    "held bulk.jsonl:4 duplicate_id: held whole: the id A is on two "
	    "lines, bulk.jsonl:1 and bulk.jsonl:3\n"
	    L("{\"id\":\"c\",\"__parentId\":\"A\",\"__typename\":\"T\"}")
	    "root {\"id\":\"B\"}\n"
	    "counts roots=1 children=0 most_open=2\n");
}

/* With grouped, a root with a duplicate is held when the next starts;
 * an id in another root is not noticed. */
static void
test_duplicate_grouped(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"A\"}",
		"{\"id\":\"x\",\"__parentId\":\"A\",\"__typename\":\"T\"}",
		"{\"id\":\"x\",\"__parentId\":\"A\",\"__typename\":\"T\"}",
		"{\"id\":\"B\"}",
		"{\"id\":\"x\",\"__parentId\":\"B\",\"__typename\":\"T\"}",
		NULL
	};

	(void)state;
	check(1, lines,
	    "now bulk.jsonl:3 duplicate_id id=\"x\": the id x is on two "
	    "lines, bulk.jsonl:2 and bulk.jsonl:3; the objects with it are "
	    "held whole\n"
	    L("{\"id\":\"x\",\"__parentId\":\"A\",\"__typename\":\"T\"}")
	    "held bulk.jsonl:1 duplicate_id: held whole: the id x is on two "
	    "lines, bulk.jsonl:2 and bulk.jsonl:3\n"
	    L("{\"id\":\"A\"}")
	    "held bulk.jsonl:2 duplicate_id: held whole: the id x is on two "
	    "lines, bulk.jsonl:2 and bulk.jsonl:3\n"
	    L("{\"id\":\"x\",\"__parentId\":\"A\",\"__typename\":\"T\"}")
	    "end\n"
	    "root {\"id\":\"B\",\"ts\":[{\"id\":\"x\",\"__typename\":\"T\"}]}\n"
	    "counts roots=1 children=1 most_open=1\n");
}

static void
test_bad_field(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\",\"lineItems\":[],\"not\\u0065s\":null}",
		"{\"id\":\"x\",\"__parentId\":5}",
		"{\"id\":\"x2\",\"__parentId\":\"R\"}",
		"{\"__parentId\":\"R\",\"qty\":1}",
		"{\"id\":\"gid://shopify/LineItem\",\"__parentId\":\"R\"}",
		"{\"id\":\"gid://shopify//1\",\"__parentId\":\"R\"}",
		"{\"__typename\":1,\"__parentId\":\"R\"}",
		"{\"__typename\":\"\",\"__parentId\":\"R\"}",
		"{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Note\",\"__parentId\":\"R\"}",
		"{\"__typename\":\"Tag\",\"__parentId\":\"R\"}",
		"{\"id\":\"y\",\"__parentId\":null}",
		"{\"id\":\"y\",\"__parentId\":\"nowhere\"}",
		NULL
	};
#define UNKNOWN ": a child with no __typename and no gid in its id: its " \
	"type, and so its array, is unknown\n"

	(void)state;
	check(0, lines,
	    "now bulk.jsonl:2 bad_field __parentId=5: __parentId is not a "
	    "string\n"
	    L("{\"id\":\"x\",\"__parentId\":5}")
	    "now bulk.jsonl:3 bad_field id=\"x2\"" UNKNOWN
	    L("{\"id\":\"x2\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:4 bad_field id=(none)" UNKNOWN
	    L("{\"__parentId\":\"R\",\"qty\":1}")
	    "now bulk.jsonl:5 bad_field id=\"gid://shopify/LineItem\"" UNKNOWN
	    L("{\"id\":\"gid://shopify/LineItem\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:6 bad_field id=\"gid://shopify//1\"" UNKNOWN
	    L("{\"id\":\"gid://shopify//1\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:7 bad_field __typename=1: __typename is not a "
	    "string\n"
	    L("{\"__typename\":1,\"__parentId\":\"R\"}")
	    "now bulk.jsonl:8 bad_field __typename=\"\": __typename is empty\n"
	    L("{\"__typename\":\"\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:9 bad_field __parentId=\"R\": its parent R has a "
	    "member lineItems of its own; --name LineItem=NAME puts such "
	    "children in another\n"
	    L("{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:10 bad_field __parentId=\"R\": its parent R has a "
	    "member notes of its own; --name Note=NAME puts such "
	    "children in another\n"
	    L("{\"__typename\":\"Note\",\"__parentId\":\"R\"}")
	    "now bulk.jsonl:12 bad_field __parentId=null: __parentId is not "
	    "a string\n"
	    L("{\"id\":\"y\",\"__parentId\":null}")
	    "now bulk.jsonl:13 bad_field id=\"y\"" UNKNOWN
	    L("{\"id\":\"y\",\"__parentId\":\"nowhere\"}")
	    "end\n"
	    "root {\"id\":\"R\",\"lineItems\":[],\"not\\u0065s\":null,"
	    "\"tags\":[{\"__typename\":\"Tag\"}]}\n"
	    "counts roots=1 children=1 most_open=1\n");
#undef UNKNOWN
}

/* A line's "__parentId" member is what is cut, even when escaped. */
static void
test_escaped_parent(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"R\"}",
		"{\"\\u005f_parentId\":\"R\",\"__typename\":\"T\","
		    "\"s\":\"}\\\"{\"}",
		NULL
	};

	(void)state;
	check(0, lines,
	    "end\n"
	    "root {\"id\":\"R\",\"ts\":[{\"__typename\":\"T\","
	    "\"s\":\"}\\\"{\"}]}\n"
	    "counts roots=1 children=1 most_open=1\n");
}

static void
test_counts(void **state)
{
	struct nest *n = nest_new();
	const struct nest_counts *c = nest_counts(n);
	struct run r;
	char *got;

	(void)state;
	assert_int_equal(c->roots, 0);
	assert_int_equal(c->children, 0);
	assert_int_equal(c->most_open, 0);
	nest_end(n);
	assert_int_equal(c->most_open, 0);
	nest_free(n);

	/* nothing at all */
	run_start(&r, 1);
	got = run_end(&r);
	assert_string_equal(got,
	    "end\ncounts roots=0 children=0 most_open=0\n");
	free(got);
}

/* Deeper than a bulk export goes: 16 levels nest (no recursion, the
 * stack grows); the 17th is held, and the 18th, its child, with it. */
static void
test_deep(void **state)
{
	enum { DEPTH = 18, MAX = 16 };
	static char *lines[DEPTH + 2];
	struct buf want = { NULL, 0, 0 };
	struct run r;
	char *got;
	int i;

	(void)state;
	lines[0] = xstrdup("{\"id\":\"n0\"}");
	for (i = 1; i <= DEPTH; i++)
		lines[i] = xasprintf("{\"id\":\"n%d\",\"__parentId\":\"n%d\","
		    "\"__typename\":\"Node\"}", i, i - 1);
	lines[DEPTH + 1] = NULL;
	buf_printf(&want, "now bulk.jsonl:%d bad_field __parentId=\"n%d\": "
	    "a child 17 levels below its root: a bulk export has at most 2\n"
	    "  %s\n", MAX + 2, MAX, lines[MAX + 1]);
	buf_adds(&want, "end\nroot {\"id\":\"n0\"");
	for (i = 1; i <= MAX; i++)
		buf_printf(&want, ",\"nodes\":[{\"id\":\"n%d\","
		    "\"__typename\":\"Node\"", i);
	for (i = 1; i <= MAX; i++)
		buf_adds(&want, "}]");
	buf_printf(&want, "}\nheld bulk.jsonl:%d orphan_child __parentId="
	    "\"n%d\": its parent n%d is held too\n  %s\n"
	    "counts roots=1 children=%d most_open=1\n", DEPTH + 1, MAX + 1,
	    MAX + 1, lines[DEPTH], MAX);
	run_start(&r, 1);
	feed(&r, (const char *const *)lines);
	got = run_end(&r);
	assert_string_equal(got, want.p);
	free(got);
	buf_free(&want);
	for (i = 0; i <= DEPTH; i++)
		free(lines[i]);
}

/* Freed before its end, or with a root half held: nothing leaks (for
 * ASan and valgrind). */
static void
test_free_early(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"A\"}",
		"{\"id\":\"c\",\"__parentId\":\"A\",\"__typename\":\"T\"}",
		"{\"id\":\"c\",\"__parentId\":\"A\",\"__typename\":\"T\"}",
		"{\"id\":\"k\",\"__parentId\":\"Z\",\"__typename\":\"T\"}",
		"{\"id\":\"B\"}",
		NULL
	};
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	json_t *record;
	struct run r;
	int grouped;

	(void)state;
	for (grouped = 0; grouped <= 1; grouped++) {
		/* open roots and a kept line */
		run_start(&r, grouped);
		feed(&r, lines);
		nest_free(r.n);
		writer_close(&r.w);
		buf_free(&r.log);
		buf_free(&r.out);
	}
	run_start(&r, 0);
	feed(&r, lines);
	nest_end(r.n);
	assert_int_equal(nest_next(r.n, &line, &record, &e), NEST_HELD);
	assert_int_equal(line.lineno, 1);
	nest_free(r.n);
	writer_close(&r.w);
	buf_free(&r.log);
	buf_free(&r.out);
	exc_free(&e);
}

static int
teardown(void **state)
{
	jtree_free(&tree);
	return remove_temps(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ungrouped),
		cmocka_unit_test(test_grouped),
		cmocka_unit_test(test_grouped_input_ungrouped),
		cmocka_unit_test(test_two_levels),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_small_roots),
		cmocka_unit_test(test_orphans),
		cmocka_unit_test(test_grouped_late_after_early),
		cmocka_unit_test(test_orphan_of_refused),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_duplicate_roots),
		cmocka_unit_test(test_duplicate_grouped),
		cmocka_unit_test(test_bad_field),
		cmocka_unit_test(test_escaped_parent),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_free_early),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
