/*
 * fuzz_path: field paths (lib/core/path.c). The input's first line (up to a NUL
 * or a newline) is a path text; the rest, when it parses as JSON, is a
 * record to apply it to, besides a fixed record of the shape of an order.
 * Properties: path_parse gives a path or a message "bad path ...", never a
 * crash; path_text gives the text back; every slot path_find gives is the
 * place it names (its parent holds its value there), and path_where of a
 * slot, parsed again, finds that one place; path_set stores a value that
 * path_find then finds, in every slot, and changes nothing else.
 */
#include "fuzz.h"

#include "buf.h"
#include "path.h"
#include "utf8.h"

static const char fixed_text[] =
    "{\"id\":1,\"name\":\"#1001\",\"sku\":\"A\",\"line_items\":["
    "{\"sku\":\"MUG\",\"quantity\":2,\"kit\":{\"sku\":\"GIFT\"},"
    "\"tags\":[\"a\",[\"b\",{\"c\":null}]]},{\"sku\":null},3,[],{}],"
    "\"shipping_lines\":[{\"title\":\"Next Day\"}],\"0\":{\"1\":[[[[[1]]]]]},"
    "\"a b\":{\"\":true},\"\\u00e9\":[{\"x\":[{\"y\":[{\"z\":1}]}]}]}";

static json_t *fixed;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_error_t err;

	(void)argc;
	(void)argv;
	fixed = json_loads(fixed_text, 0, &err);
	if (fixed == NULL)
		fuzz_fail("fixed record: %s", err.text);
	return 0;
}

/* The value at a slot, looked up again from its parent. */
static json_t *
at(const struct path_slot *s)
{
	if (s->key != NULL) {
		FUZZ_CHECK(json_is_object(s->parent), "a key slot in a "
		    "non-object");
		return json_object_get(s->parent, s->key);
	}
	FUZZ_CHECK(json_is_array(s->parent), "an index slot in a non-array");
	FUZZ_CHECK(s->index < json_array_size(s->parent), "index %zu past "
	    "the end", s->index);
	return json_array_get(s->parent, s->index);
}

static void
apply(const struct path *p, json_t *record)
{
	struct path_slot *slots = NULL, *again = NULL;
	size_t cap = 0, acap = 0, n, i, m;
	json_t *copy = json_deep_copy(record), *marker;
	struct buf where = { NULL, 0, 0 };
	char *err;

	n = path_find(p, record, &slots, &cap);
	for (i = 0; i < n; i++) {
		struct path *q;

		FUZZ_CHECK(at(&slots[i]) == slots[i].value, "slot %zu does not "
		    "hold its value", i);
		path_where(p, &slots[i], &where);
		q = path_parse(where.p, &err);
		FUZZ_CHECK(q != NULL, "path_where text \"%s\" (of \"%s\") does "
		    "not parse: %s", where.p, path_text(p), q ? "" : err);
		m = path_find(q, record, &again, &acap);
		FUZZ_CHECK(m == 1 && again[0].value == slots[i].value &&
		    again[0].parent == slots[i].parent, "path_where \"%s\" "
		    "finds %zu places, not the slot's", where.p, m);
		path_free(q);
	}
	/* set every slot, then find them all holding the new value */
	marker = json_string("\xE2\x9C\x93 fuzz marker");
	for (i = 0; i < n; i++)
		path_set(&slots[i], json_incref(marker));
	m = path_find(p, record, &again, &acap);
	FUZZ_CHECK(m == n, "after path_set: %zu slots, before %zu", m, n);
	for (i = 0; i < m; i++)
		FUZZ_CHECK(again[i].value == marker, "slot %zu not set", i);
	if (n == 0)
		FUZZ_CHECK(json_equal(copy, record), "no slot, but the record "
		    "changed");
	json_decref(marker);
	json_decref(copy);
	buf_free(&where);
	free(slots);
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0;
	char *text, *err = NULL;
	struct path *p;
	json_error_t jerr;
	json_t *record;

	while (len < size && data[len] != '\0' && data[len] != '\n')
		len++;
	text = malloc(len + 1);
	FUZZ_CHECK(text != NULL, "out of memory");
	memcpy(text, data, len);
	text[len] = '\0';
#ifdef FUZZ_TOLERATE_KNOWN
	if (!utf8_valid(text, len)) {	/* known: path_set cannot store it */
		free(text);
		return 0;
	}
#endif
	p = path_parse(text, &err);
	if (p == NULL) {
		FUZZ_CHECK(err != NULL && strncmp(err, "bad path \"", 10) == 0,
		    "no path and no message");
		free(err);
		free(text);
		return 0;
	}
	FUZZ_CHECK(strcmp(path_text(p), text) == 0, "path_text");
	record = json_deep_copy(fixed);
	apply(p, record);
	json_decref(record);
	if (len < size && data[len] == '\n') {
		record = json_loadb((const char *)data + len + 1, size - len - 1,
		    JSON_DECODE_ANY, &jerr);
		if (record != NULL) {
			apply(p, record);
			json_decref(record);
		}
	}
	path_free(p);
	free(text);
	return 0;
}
