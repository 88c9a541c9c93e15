/*
 * Unit tests of redact: the values a path reaches in a held record are
 * marked in a copy (objects, arrays, a missing member, a value that is an
 * object), the record itself is never changed, and the envelopes written
 * with a redaction keep no personal data, nor the text of a bad line.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "diag.h"
#include "exception.h"
#include "ndjson.h"
#include "order.h"
#include "redact.h"
#include "writer.h"
#include "xalloc.h"

static struct redact *
with(const char *const *paths)
{
	struct redact *r = redact_new();
	char *err;

	for (; *paths != NULL; paths++)
		assert_true(redact_add(r, *paths, &err));
	return r;
}

#define WITH(...) with((const char *const []){ __VA_ARGS__, NULL })

/* The copy of record that r makes equals want; record is unchanged. */
static void
check(struct redact *r, const char *record, const char *want)
{
	json_t *in = parse_json(record), *before = json_deep_copy(in);
	json_t *expected = parse_json(want), *got;
	char *text;

	redact_find(r, in);
	got = redact_copy(r, in);
	if (!json_equal(got, expected)) {
		text = json_dumps(got, JSON_COMPACT);
		fail_msg("got %s", text);
	}
	assert_true(json_equal(in, before));
	json_decref(got);
	json_decref(expected);
	json_decref(before);
	json_decref(in);
}

static void
test_objects_and_arrays(void **state)
{
	struct redact *r = WITH("email", "shipping_address.zip",
	    "line_items[].properties[].value", "notes[1]");

	(void)state;
	check(r,
	    "{\"email\":\"a@example.com\",\"name\":\"#1001\","
	    "\"shipping_address\":{\"zip\":\"EC1A 1BB\",\"country_code\":"
	    "\"GB\"},\"line_items\":[{\"sku\":\"A-1\",\"quantity\":2,"
	    "\"properties\":[{\"name\":\"gift\",\"value\":\"To Ann\"},"
	    "{\"name\":\"n\",\"value\":3}]},{\"sku\":\"B-2\"}],"
	    "\"notes\":[\"x\",\"y\",\"z\"]}",
	    "{\"email\":\"[redacted]\",\"name\":\"#1001\","
	    "\"shipping_address\":{\"zip\":\"[redacted]\",\"country_code\":"
	    "\"GB\"},\"line_items\":[{\"sku\":\"A-1\",\"quantity\":2,"
	    "\"properties\":[{\"name\":\"gift\",\"value\":\"[redacted]\"},"
	    "{\"name\":\"n\",\"value\":\"[redacted]\"}]},{\"sku\":\"B-2\"}],"
	    "\"notes\":[\"x\",\"[redacted]\",\"z\"]}");
	redact_free(r);
}

static void
test_missing_path(void **state)
{
	struct redact *r = WITH("customer.email", "email.local",
	    "line_items[5].sku", "phone", "line_items[].name");
	json_t *in = parse_json("{\"email\":\"a@example.com\","
	    "\"line_items\":[{\"sku\":\"A-1\"}]}"), *got;

	(void)state;
	/* nothing is added where the record has no such member, and a
	 * path through a string reaches nothing */
	check(r, "{\"email\":\"a@example.com\",\"line_items\":[{\"sku\":"
	    "\"A-1\"}]}", "{\"email\":\"a@example.com\",\"line_items\":"
	    "[{\"sku\":\"A-1\"}]}");
	/* nothing found: the record itself, not a copy */
	redact_find(r, in);
	got = redact_copy(r, in);
	assert_ptr_equal(got, in);
	json_decref(got);
	json_decref(in);
	redact_free(r);
}

static void
test_object_value(void **state)
{
	struct redact *r = WITH("customer", "billing_address", "phone",
	    "buyer_accepts_marketing", "tags");

	(void)state;
	/* an object or array goes whole; null, true and false stay */
	check(r, "{\"customer\":{\"id\":7,\"email\":\"a@example.com\","
	    "\"default_address\":{\"zip\":\"1\"}},\"billing_address\":null,"
	    "\"phone\":\"+44 20\",\"buyer_accepts_marketing\":true,"
	    "\"tags\":[\"vip\"],\"confirmed\":true}",
	    "{\"customer\":\"[redacted]\",\"billing_address\":null,"
	    "\"phone\":\"[redacted]\",\"buyer_accepts_marketing\":true,"
	    "\"tags\":\"[redacted]\",\"confirmed\":true}");
	redact_free(r);
}

static void
test_not_an_object(void **state)
{
	struct redact *r = WITH("email");

	json_t *in[2], *got;
	size_t i;

	(void)state;
	in[0] = parse_json("[\"a@example.com\"]");
	in[1] = json_string("a@example.com");
	for (i = 0; i < 2; i++) {
		redact_find(r, in[i]);
		got = redact_copy(r, in[i]);
		assert_string_equal(json_string_value(got), REDACT_MARK);
		json_decref(got);
		json_decref(in[i]);
	}
	redact_free(r);
}

static void
test_bad_path(void **state)
{
	struct redact *r = redact_new();
	char *err = NULL;

	(void)state;
	assert_false(redact_any(NULL));
	assert_false(redact_any(r));
	assert_false(redact_add(r, "a..b", &err));
	assert_non_null(strstr(err, "a..b"));
	free(err);
	assert_false(redact_any(r));
	redact_free(r);
}

/* --redact-personal: the customer's details go, what a person needs to
 * fix the order (SKUs, quantities, the country, references) stays. */
static void
test_personal_shopify(void **state)
{
	struct redact *r = redact_new();

	(void)state;
	redact_add_personal(r, order_shape_find("shopify"));
	assert_true(redact_any(r));
	check(r,
	    "{\"id\":1,\"name\":\"#1001\",\"email\":\"a@example.com\","
	    "\"phone\":null,\"customer\":{\"id\":7,\"first_name\":\"Ann\"},"
	    "\"shipping_address\":{\"first_name\":\"Ann\",\"last_name\":"
	    "\"Lee\",\"address1\":\"1 High St\",\"city\":\"London\","
	    "\"zip\":\"EC1A 1BB\",\"country_code\":\"GB\",\"province_code\":"
	    "\"ENG\"},\"line_items\":[{\"sku\":\"A-1\",\"quantity\":2}],"
	    "\"shipping_lines\":[{\"title\":\"Next Day\",\"phone\":null}]}",
	    "{\"id\":1,\"name\":\"#1001\",\"email\":\"[redacted]\","
	    "\"phone\":null,\"customer\":\"[redacted]\","
	    "\"shipping_address\":{\"first_name\":\"[redacted]\","
	    "\"last_name\":\"[redacted]\",\"address1\":\"[redacted]\","
	    "\"city\":\"[redacted]\",\"zip\":\"[redacted]\","
	    "\"country_code\":\"GB\",\"province_code\":\"ENG\"},"
	    "\"line_items\":[{\"sku\":\"A-1\",\"quantity\":2}],"
	    "\"shipping_lines\":[{\"title\":\"Next Day\",\"phone\":null}]}");
	redact_free(r);
}

static void
test_personal_magento(void **state)
{
	struct redact *r = redact_new();

	(void)state;
	/* no shape: every shape's paths */
	redact_add_personal(r, NULL);
	check(r,
	    "{\"increment_id\":\"000001\",\"customer_email\":\"a@example.com\","
	    "\"customer_firstname\":\"Ann\",\"items\":[{\"sku\":\"A-1\","
	    "\"qty_ordered\":2}],\"billing_address\":{\"firstname\":\"Ann\","
	    "\"street\":[\"1 High St\"],\"country_id\":\"GB\"},"
	    "\"extension_attributes\":{\"shipping_assignments\":[{"
	    "\"shipping\":{\"method\":\"flatrate_flatrate\",\"address\":{"
	    "\"telephone\":\"020\",\"postcode\":\"EC1A\",\"country_id\":"
	    "\"GB\"}}}]}}",
	    "{\"increment_id\":\"000001\",\"customer_email\":\"[redacted]\","
	    "\"customer_firstname\":\"[redacted]\",\"items\":[{\"sku\":"
	    "\"A-1\",\"qty_ordered\":2}],\"billing_address\":{\"firstname\":"
	    "\"[redacted]\",\"street\":\"[redacted]\",\"country_id\":\"GB\"},"
	    "\"extension_attributes\":{\"shipping_assignments\":[{"
	    "\"shipping\":{\"method\":\"flatrate_flatrate\",\"address\":{"
	    "\"telephone\":\"[redacted]\",\"postcode\":\"[redacted]\","
	    "\"country_id\":\"GB\"}}}]}}");
	redact_free(r);
}

/* The envelope's value and detail repeat values of the record: marked
 * there too; a path that reaches only into the value marks that part. */
static void
test_envelope(void **state)
{
	struct redact *r = WITH("shipping_address", "email");
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	struct writer w;
	json_t *record, *detail;
	char *path, *got;

	(void)state;
	memset(&line, 0, sizeof(line));
	line.source = "orders.ndjson";
	line.lineno = 3;
	record = parse_json("{\"name\":\"#1\",\"email\":\"a@example.com\","
	    "\"shipping_address\":{\"zip\":\"1\"},\"line_items\":[]}");
	detail = json_pack("{s:O,s:[O]}", "seen", json_object_get(record,
	    "email"), "also", json_object_get(record, "shipping_address"));
	exc_clear(&e);
	e.code = EXC_BAD_FIELD;
	e.message = "m";
	e.path = "shipping_address";
	e.value = json_object_get(record, "shipping_address");
	e.detail = detail;
	path = temp_writer(&w);
	exc_write_record_redacted(&w, "t", &e, &line, record, r);
	/* without a redaction, as it came */
	e.detail = NULL;
	exc_write_record_redacted(&w, "t", &e, &line, record, NULL);
	got = written_envelopes(&w, path);
	assert_string_equal(got,
	    "{\"exception\":{\"tool\":\"t\",\"code\":\"bad_field\","
	    "\"owner\":\"integration\",\"message\":\"m\",\"source\":"
	    "\"orders.ndjson\",\"line\":3,\"path\":\"shipping_address\","
	    "\"value\":\"[redacted]\",\"seen\":\"[redacted]\",\"also\":"
	    "[\"[redacted]\"]},\"record\":{\"name\":\"#1\",\"email\":"
	    "\"[redacted]\",\"shipping_address\":\"[redacted]\","
	    "\"line_items\":[]}}\n"
	    "{\"exception\":{\"tool\":\"t\",\"code\":\"bad_field\","
	    "\"owner\":\"integration\",\"message\":\"m\",\"source\":"
	    "\"orders.ndjson\",\"line\":3,\"path\":\"shipping_address\","
	    "\"value\":{\"zip\":\"1\"}},\"record\":{\"name\":\"#1\","
	    "\"email\":\"a@example.com\",\"shipping_address\":{\"zip\":"
	    "\"1\"},\"line_items\":[]}}\n");
	free(got);
	json_decref(detail);
	json_decref(record);
	redact_free(r);
	exc_free(&e);
}

/* A bad line and a line over the limit keep only their length. */
static void
test_envelope_text(void **state)
{
	struct redact *r = WITH("email");
	const char *text = "{\"email\":\"a@example.com\",\n"
	    "{\"email\":\"a@example.com\",\"name\":\"#1\"}\n{}\n";
	struct ndjson_reader *in;
	struct ndjson_line line;
	struct exception e = { .code = EXC_NONE };
	struct writer w;
	char *src = temp_text(text), *path, *got, *want, msg[256];

	(void)state;
	exc_clear(&e);
	e.message = "m";
	in = ndjson_open(&src, 1, 30);
	path = temp_writer(&w);
	assert_int_equal(ndjson_next(in, &line), NDJSON_BAD_JSON);
	e.code = EXC_BAD_JSON;
	/* the reader's message names a column, never the text */
	ndjson_problem(&line, msg, sizeof(msg));
	e.message = msg;
	exc_write_raw_redacted(&w, "t", &e, &line, r);
	e.message = "m";
	assert_int_equal(ndjson_next(in, &line), NDJSON_TOO_LONG);
	e.code = EXC_LINE_TOO_LONG;
	exc_write_long_redacted(&w, "t", &e, &line, in, r);
	/* the rest of the long line was read */
	assert_int_equal(ndjson_next(in, &line), NDJSON_OBJECT);
	assert_int_equal(line.lineno, 3);
	assert_int_equal(ndjson_next(in, &line), NDJSON_END);
	ndjson_close(in);
	got = written_envelopes(&w, path);
	want = xasprintf(
	    "{\"exception\":{\"tool\":\"t\",\"code\":\"bad_json\",\"owner\":"
	    "\"integration\",\"message\":\"invalid JSON at column 26: the "
	    "line ends before the value does (cut short?)\",\"source\":\"%s\","
	    "\"line\":1},"
	    "\"raw\":\"[redacted: 25 bytes]\"}\n"
	    "{\"exception\":{\"tool\":\"t\",\"code\":\"line_too_long\","
	    "\"owner\":\"integration\",\"message\":\"m\",\"source\":\"%s\","
	    "\"line\":2},\"raw\":\"[redacted: 37 bytes]\"}\n", src, src);
	assert_string_equal(got, want);
	free(want);
	free(got);
	redact_free(r);
	exc_free(&e);
}

static int
setup(void **state)
{
	(void)state;
	xalloc_json();
	diag_init("test_redact");
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_and_arrays),
		cmocka_unit_test(test_missing_path),
		cmocka_unit_test(test_object_value),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_personal_shopify),
		cmocka_unit_test(test_personal_magento),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_envelope_text),
	};

	setenv("SOURCE_DATE_EPOCH", "1795756800", 1);
	return cmocka_run_group_tests(tests, setup, remove_temps);
}
