/*
 * check: the no-loss property of one run of a wmskit program, checked with
 * jansson (json_equal), not jq.
 *
 *   check lines FILE...
 *	every line of each file is a whole JSON object (strict: UTF-8, no
 *	duplicate keys), and the file ends with a newline (or is empty)
 *   check prefix [-j] PART WHOLE [PART WHOLE]...
 *	PART is WHOLE up to a line end: the output of a run that stopped
 *	early is a beginning of the complete run's, in whole lines (with
 *	-j, each a JSON object)
 *   check run MODE STATS OUT EXC INPUT...
 *	MODE is how the program accounts for its records (below); STATS the
 *	file holding the --stats line; OUT its stdout; EXC its exceptions
 *	(-x); each INPUT a file it read, as NAME=PATH, NAME as the program
 *	names it in envelopes (the path it was given), the storefront or
 *	main input first and a side input (--wms) marked with a leading '+'
 *
 * Every input is read as the kit's reader reads it (a BOM at the start
 * skipped, lines at \n, one \r before it dropped, lines of spaces and tabs
 * blank, a line over --max-line, given as MAXLINE in the environment, held
 * whole). Then:
 *   - read (stats) = the non-blank lines of all inputs;
 *   - every envelope of an input's line carries that line: record
 *     json_equal to the line parsed, raw equal to its bytes, raw_base64
 *     decoding to its bytes; no line has two envelopes (but what MODE
 *     allows);
 *   - held (stats) = the envelopes; written (stats) = the lines of OUT;
 *   - records in = records out + envelopes + what MODE documents as
 *     dropped or consumed:
 *	pass	   sku-normalize, dekit (orders, --rekit), shipmap: each line
 *		   passed or held, in order: passed = lines - held
 *	stock	   dekit --stock: as pass, plus one record per kit at the end
 *		   (KITS in the environment: how many the table has) and
 *		   missing_component_stock envelopes for some of them
 *	statusmap  lines = updates + held + duplicates + no_effect
 *	stockdiff  the side input (+) is kept or held; the storefront's
 *		   lines = held + unchanged + compared - missing_in_wms
 *		   - its duplicate_listing (held and compared or unchanged
 *		   both), updates = written; a kept WMS
 *		   line not listed comes back as missing_in_store, itself
 *	reconcile  every line held or consumed: consumed = lines - held;
 *		   OUT holds discrepancies, not records
 *	report	   wmsreport: lines = held + the lines counted into items
 *		   (distinct keys: no more items than such lines)
 *	nest	   lines = roots + children + held, roots = written; and
 *		   every line not held is in OUT where nest puts it: a
 *		   root (a line without "__parentId") is the next line of
 *		   OUT, its members first, in order, then what nest added;
 *		   a child, without its "__parentId", is an element of an
 *		   array of an object of OUT whose id is that __parentId,
 *		   again its members first; as many children found as
 *		   --stats says were written
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const char *prog = "check";

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: FAIL: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;

	if (f == NULL)
		fail("%s: %s", path, strerror(errno));
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap + 1)) == NULL)
				fail("out of memory");
		}
		k = fread(buf + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	if (ferror(f))
		fail("%s: read error", path);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static json_t *
parse(const char *s, size_t n, json_error_t *err)
{
	return json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL |
	    JSON_REJECT_DUPLICATES, err);
}

/* Each line of a file, as a callback; the file must end in a newline. */
static size_t
each_line(const char *path, char *text, size_t len,
    void (*fn)(void *, const char *, size_t, size_t), void *ctx)
{
	char *p = text, *end = text + len;
	size_t i = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			fail("%s: the last line is not whole (%zu bytes "
			    "without a newline)", path, (size_t)(end - p));
		if (fn)
			fn(ctx, p, (size_t)(nl - p), ++i);
		else
			++i;
		p = nl + 1;
	}
	return i;
}

static void
whole_object(void *ctx, const char *p, size_t n, size_t i)
{
	json_error_t err;
	json_t *v = parse(p, n, &err);

	if (v == NULL || !json_is_object(v))
		fail("%s:%zu: not a JSON object: %s: %.200s", (const char *)ctx,
		    i, v ? "another value" : err.text, p);
	json_decref(v);
}

/* An input line as the kit's reader sees it. */
struct line {
	const char *text;
	size_t len;
	unsigned long lineno;
	int too_long, enveloped;
};

struct input {
	const char *name;	/* as in the envelopes' source */
	int side;
	struct line *lines;
	size_t n;		/* the non-blank ones */
};

static void
read_input(struct input *in, const char *path, size_t max_line)
{
	size_t len, cap = 0;
	char *p = slurp(path, &len);
	unsigned long lineno = 0;

	in->lines = NULL;
	in->n = 0;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, len -= 3;
	while (len > 0) {
		char *nl = memchr(p, '\n', len);
		size_t raw = nl ? (size_t)(nl - p) : len, n = raw, i;
		int blank = 1, too_long;

		lineno++;
		too_long = raw > max_line && !(raw == max_line + 1 &&
		    p[max_line] == '\r');
		if (n > 0 && p[n - 1] == '\r')
			n--;
		for (i = 0; i < n; i++)
			if (p[i] != ' ' && p[i] != '\t')
				blank = 0;
		if (!blank || too_long) {
			if (in->n == cap) {
				cap = cap ? cap * 2 : 256;
				in->lines = realloc(in->lines, cap *
				    sizeof(*in->lines));
				if (in->lines == NULL)
					fail("out of memory");
			}
			in->lines[in->n++] = (struct line){ p, n, lineno,
			    too_long, 0 };
		}
		p += raw + (nl != NULL);
		len -= raw + (nl != NULL);
	}
}

static int
b64_decode(const char *s, size_t len, unsigned char *out, size_t *n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
	    "rstuvwxyz0123456789+/";
	size_t i, k = 0;

	if (len % 4)
		return 0;
	for (i = 0; i < len; i += 4) {
		unsigned long v = 0;
		int j, pad = 0;

		for (j = 0; j < 4; j++) {
			const char *c = memchr(a, s[i + j], 64);

			if (s[i + j] == '=' && i + 4 == len && j >= 2)
				pad++;
			else if (c == NULL || s[i + j] == '\0' || pad)
				return 0;
			v = v << 6 | (c && s[i + j] != '=' ?
			    (unsigned long)(c - a) : 0);
		}
		out[k++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[k++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[k++] = (unsigned char)v;
	}
	*n = k;
	return 1;
}

/* An envelope against the line it names; fails unless it carries it. */
static void
carries(const json_t *env, const struct line *l, const char *where)
{
	json_t *rec = json_object_get(env, "record");
	json_t *raw = json_object_get(env, "raw");
	json_t *b64 = json_object_get(env, "raw_base64");
	json_error_t err;

	if (rec != NULL) {
		json_t *want = parse(l->text, l->len, &err);

		if (want == NULL)
			fail("%s: an envelope with a record for a line that is "
			    "not JSON", where);
		if (!json_equal(rec, want))
			fail("%s: the envelope's record is not the line as it "
			    "came: %.200s", where, l->text);
		json_decref(want);
	} else if (raw != NULL) {
		if (!json_is_string(raw) || json_string_length(raw) != l->len ||
		    memcmp(json_string_value(raw), l->text, l->len) != 0)
			fail("%s: raw is not the line's bytes", where);
	} else if (b64 != NULL) {
		unsigned char *bytes;
		size_t n;

		if (!json_is_string(b64))
			fail("%s: raw_base64 is not a string", where);
		bytes = malloc(json_string_length(b64) / 4 * 3 + 1);
		if (bytes == NULL)
			fail("out of memory");
		if (!b64_decode(json_string_value(b64), json_string_length(b64),
		    bytes, &n))
			fail("%s: raw_base64 is not base64", where);
		if (n != l->len || memcmp(bytes, l->text, n) != 0)
			fail("%s: raw_base64 is not the line's bytes (%zu "
			    "bytes, the line %zu)", where, n, l->len);
		free(bytes);
	} else
		fail("%s: an envelope with neither record nor raw", where);
}

/* out begins with the members of in, in order, but "__parentId". */
static int
begins_with(const json_t *out, const json_t *in)
{
	void *i = json_object_iter((json_t *)in);
	void *o = json_object_iter((json_t *)out);

	for (; i != NULL; i = json_object_iter_next((json_t *)in, i)) {
		if (strcmp(json_object_iter_key(i), "__parentId") == 0)
			continue;
		if (o == NULL || strcmp(json_object_iter_key(i),
		    json_object_iter_key(o)) != 0 ||
		    !json_equal(json_object_iter_value(i),
		    json_object_iter_value(o)))
			return 0;
		o = json_object_iter_next((json_t *)out, o);
	}
	return 1;
}

/*
 * The key a child is found by: the object it is in (its parent) and its
 * first member but "__parentId" (compact, ASCII), so that a root with
 * 200,000 children is checked in linear time.
 */
static char *
child_key(const void *parent, const json_t *o)
{
	const char *k;
	json_t *v, *name;
	char *kt = NULL, *vt = NULL, *key;

	json_object_foreach((json_t *)o, k, v) {
		if (strcmp(k, "__parentId") == 0)
			continue;
		name = json_string(k);
		kt = json_dumps(name, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
		vt = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII |
		    JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(name);
		break;
	}
	if (asprintf(&key, "%p %s %s", parent, kt ? kt : "", vt ? vt : "")
	    < 0)
		fail("out of memory");
	free(kt);
	free(vt);
	return key;
}

/* Every object of v that has a string id, by id; every element of an
 * array of an object, by child_key. */
static void
index_out(json_t *v, json_t *by_id, json_t *by_key)
{
	const char *k;
	json_t *m, *e, *list, *id;
	size_t i;
	char *key;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			index_out(e, by_id, by_key);
		return;
	}
	if (!json_is_object(v))
		return;
	if (json_is_string(id = json_object_get(v, "id"))) {
		if ((list = json_object_get(by_id, json_string_value(id))) ==
		    NULL)
			json_object_set_new(by_id, json_string_value(id),
			    list = json_array());
		json_array_append(list, v);
	}
	json_object_foreach(v, k, m) {
		if (!json_is_array(m))
			continue;
		json_array_foreach(m, i, e) {
			if (!json_is_object(e))
				continue;
			key = child_key(v, e);
			if ((list = json_object_get(by_key, key)) == NULL)
				json_object_set_new(by_key, key,
				    list = json_array());
			json_array_append(list, e);
			free(key);
		}
	}
	/* deep: a child may be anywhere below its root */
	json_object_foreach(v, k, m)
		if (json_is_array(m) || json_is_object(m))
			index_out(m, by_id, by_key);
}

/* nest: every line not held is in out where nest puts it. */
static void
nest_inside(const struct input *in, const char *path, unsigned long roots,
    unsigned long children)
{
	json_t *outs = json_array(), *by_id = json_object();
	json_t *by_key = json_object(), *used = json_object(), *v, *pid;
	json_t *parents, *list, *e;
	json_error_t err;
	size_t len, i, j, k, r = 0, found = 0;
	char *text = slurp(path, &len), *p = text, *key, mark[32];

	while (p < text + len) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));

		v = parse(p, (size_t)(nl - p), &err);
		json_array_append_new(outs, v);
		index_out(v, by_id, by_key);
		p = nl + 1;
	}
	free(text);
	for (i = 0; i < in->n; i++) {
		const struct line *l = &in->lines[i];

		if (l->enveloped)
			continue;
		if ((v = parse(l->text, l->len, &err)) == NULL ||
		    !json_is_object(v))
			fail("line %lu: not held, but not an object",
			    l->lineno);
		if ((pid = json_object_get(v, "__parentId")) == NULL) {
			if (r >= json_array_size(outs) ||
			    !begins_with(json_array_get(outs, r), v))
				fail("line %lu: a root not held, but not line "
				    "%zu of the output", l->lineno, r + 1);
			r++;
			json_decref(v);
			continue;
		}
		parents = json_is_string(pid) ? json_object_get(by_id,
		    json_string_value(pid)) : NULL;
		for (j = 0; j < json_array_size(parents); j++) {
			key = child_key(json_array_get(parents, j), v);
			list = json_object_get(by_key, key);
			free(key);
			for (k = 0; k < json_array_size(list); k++) {
				e = json_array_get(list, k);
				snprintf(mark, sizeof(mark), "%p", (void *)e);
				if (json_object_get(used, mark) == NULL &&
				    begins_with(e, v))
					break;
			}
			if (k < json_array_size(list)) {
				json_object_set_new(used, mark, json_true());
				found++;
				break;
			}
		}
		if (j == json_array_size(parents))
			fail("line %lu: a child not held, but in no array of "
			    "an object of id %s in the output", l->lineno,
			    json_is_string(pid) ? json_string_value(pid) :
			    "(not a string)");
		json_decref(v);
	}
	if (r != roots || r != json_array_size(outs))
		fail("%zu roots not held, %zu lines out, roots %lu", r,
		    json_array_size(outs), roots);
	if (found != children)
		fail("%zu children found in the output, children %lu", found,
		    children);
	json_decref(outs);
	json_decref(by_id);
	json_decref(by_key);
	json_decref(used);
}

static unsigned long
stat_of(const json_t *stats, const char *key, int need)
{
	json_t *v = json_object_get(stats, key);

	if (v == NULL && !need)
		return 0;
	if (!json_is_integer(v))
		fail("--stats has no %s", key);
	return (unsigned long)json_integer_value(v);
}

struct env_ctx {
	const char *path;
	struct input *inputs;
	size_t ninputs;
	unsigned long total, by_input[16], missing_in_store,
	    missing_in_wms, missing_component;
	unsigned long main_duplicates;	/* duplicate_listing of a main input */
};

static void
one_envelope(void *ctx, const char *p, size_t n, size_t i)
{
	struct env_ctx *c = ctx;
	json_error_t err;
	json_t *env = parse(p, n, &err), *exc;
	const char *source, *code;
	json_int_t lineno;
	char where[512];
	size_t k, j;

	snprintf(where, sizeof(where), "%s:%zu", c->path, i);
	if (env == NULL || !json_is_object(env))
		fail("%s: not a JSON object: %s", where, env ? "" : err.text);
	exc = json_object_get(env, "exception");
	source = json_string_value(json_object_get(exc, "source"));
	code = json_string_value(json_object_get(exc, "code"));
	lineno = json_integer_value(json_object_get(exc, "line"));
	if (source == NULL || code == NULL || lineno < 1)
		fail("%s: not an envelope (source, code, line)", where);
	c->total++;
	if (strcmp(code, "missing_in_store") == 0)
		c->missing_in_store++;
	if (strcmp(code, "missing_in_wms") == 0)
		c->missing_in_wms++;
	for (k = 0; k < c->ninputs; k++) {
		struct input *in = &c->inputs[k];

		if (strcmp(source, in->name) != 0)
			continue;
		for (j = 0; j < in->n; j++)
			if (in->lines[j].lineno == (unsigned long)lineno)
				break;
		if (j == in->n)
			fail("%s: names line %lld of %s, not a record line",
			    where, (long long)lineno, source);
		carries(env, &in->lines[j], where);
		if (in->lines[j].enveloped++ && strcmp(code,
		    "missing_in_store") != 0)
			fail("%s: line %lld of %s held twice", where,
			    (long long)lineno, source);
		if (strcmp(code, "missing_in_store") != 0)
			c->by_input[k]++;
		if (!in->side && strcmp(code, "duplicate_listing") == 0)
			c->main_duplicates++;
		json_decref(env);
		return;
	}
	/* an envelope of no input line: only a derived kit record */
	if (strcmp(code, "missing_component_stock") != 0)
		fail("%s: an envelope of %s, which is no input", where, source);
	c->missing_component++;
	json_decref(env);
}

static int
run(int argc, char **argv)
{
	const char *mode = argv[0], *max = getenv("MAXLINE");
	size_t max_line = max ? strtoul(max, NULL, 10) : 64UL << 20;
	struct input inputs[16];
	struct env_ctx c;
	json_error_t err;
	json_t *stats;
	size_t len, i, nin = 0, out_lines, side_lines = 0, main_lines = 0;
	char *text;
	unsigned long read, written, held, held_main = 0, held_side = 0;

	if (argc < 5 || argc - 4 > 16)
		fail("usage: check run MODE STATS OUT EXC NAME=PATH...");
	/* the stats: the last line of the file that is a JSON object */
	text = slurp(argv[1], &len);
	stats = NULL;
	{
		char *p = text, *end = text + len;

		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			json_t *v = parse(p, n, &err);

			if (v != NULL && json_is_object(v) &&
			    json_object_get(v, "tool") != NULL &&
			    json_object_get(v, "read") != NULL) {
				json_decref(stats);
				stats = v;
			} else
				json_decref(v);
			p += n + 1;
		}
	}
	free(text);
	if (stats == NULL)
		fail("%s: no --stats line", argv[1]);
	read = stat_of(stats, "read", 1);
	written = stat_of(stats, "written", 1);
	held = stat_of(stats, "held", 1);

	for (i = 4; i < (size_t)argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL)
			fail("input %s: not NAME=PATH", argv[i]);
		*eq = '\0';
		inputs[nin].side = argv[i][0] == '+';
		inputs[nin].name = argv[i] + inputs[nin].side;
		read_input(&inputs[nin], eq + 1, max_line);
		if (inputs[nin].side)
			side_lines += inputs[nin].n;
		else
			main_lines += inputs[nin].n;
		nin++;
	}
	if (read != side_lines + main_lines)
		fail("read %lu, but the inputs have %zu non-blank lines", read,
		    side_lines + main_lines);

	text = slurp(argv[2], &len);
	out_lines = each_line(argv[2], text, len, mode[0] == 'r' &&
	    strcmp(mode, "report") == 0 ? NULL : whole_object,
	    (void *)argv[2]);
	free(text);

	memset(&c, 0, sizeof(c));
	c.path = argv[3];
	c.inputs = inputs;
	c.ninputs = nin;
	text = slurp(argv[3], &len);
	each_line(argv[3], text, len, one_envelope, &c);
	free(text);
	for (i = 0; i < nin; i++)
		if (inputs[i].side)
			held_side += c.by_input[i];
		else
			held_main += c.by_input[i];
	if (held != c.total)
		fail("held %lu, but %lu envelopes", held, c.total);
	if (strcmp(mode, "report") != 0 && written != out_lines)
		fail("written %lu, but %zu lines out", written, out_lines);

	if (strcmp(mode, "pass") == 0) {
		if (written + held_main != main_lines)
			fail("%zu lines in, %lu passed + %lu held", main_lines,
			    written, held_main);
	} else if (strcmp(mode, "stock") == 0) {
		const char *k = getenv("KITS");
		unsigned long kits = k ? strtoul(k, NULL, 10) : 0;

		if (written + held_main != main_lines + kits)
			fail("%zu lines in + %lu kits, %lu passed + %lu held",
			    main_lines, kits, written, held_main);
	} else if (strcmp(mode, "statusmap") == 0) {
		unsigned long dup = stat_of(stats, "duplicates", 1);
		unsigned long none = stat_of(stats, "no_effect", 1);

		if (written + held_main + dup + none != main_lines)
			fail("%zu events in, %lu updates + %lu held + %lu "
			    "duplicates + %lu without effect", main_lines,
			    written, held_main, dup, none);
	} else if (strcmp(mode, "stockdiff") == 0) {
		unsigned long unchanged = stat_of(stats, "unchanged", 1);
		unsigned long compared = stat_of(stats, "compared", 1);
		unsigned long updates = stat_of(stats, "updates", 1);

		if (held_main + unchanged + compared - c.missing_in_wms -
		    c.main_duplicates != main_lines)
			fail("%zu storefront lines, %lu held + %lu unchanged + "
			    "%lu compared - %lu missing_in_wms - %lu "
			    "duplicate_sku", main_lines, held_main, unchanged,
			    compared, c.missing_in_wms, c.main_duplicates);
		if (updates != written)
			fail("updates %lu, written %lu", updates, written);
	} else if (strcmp(mode, "reconcile") == 0 ||
	    strcmp(mode, "report") == 0) {
		unsigned long items = stat_of(stats, "items", 0);

		unsigned long resolved = stat_of(stats, "resolved", 0);

		/* items are distinct keys: the lines not held are counted
		 * into at least one item and at most one each */
		if (strcmp(mode, "report") == 0 &&
		    (held_main > main_lines ||
		    items + resolved > main_lines - held_main ||
		    ((main_lines > held_main) != (items + resolved > 0))))
			fail("%zu lines in, %lu held, %lu items + %lu resolved",
			    main_lines, held_main, items, resolved);
	} else if (strcmp(mode, "nest") == 0) {
		unsigned long roots = stat_of(stats, "roots", 1);
		unsigned long children = stat_of(stats, "children", 1);

		if (roots != written)
			fail("roots %lu, written %lu", roots, written);
		if (roots + children + held_main != main_lines)
			fail("%zu lines in, %lu roots + %lu children + %lu "
			    "held", main_lines, roots, children, held_main);
		for (i = 0; i < nin; i++)
			if (!inputs[i].side)
				nest_inside(&inputs[i], argv[2], roots,
				    nin == 1 ? children : 0);
	} else
		fail("unknown mode %s", mode);
	(void)held_side;
	json_decref(stats);
	printf("%s: %lu read, %lu written, %lu held: no record lost\n", mode,
	    read, written, held);
	return 0;
}

int
main(int argc, char **argv)
{
	size_t len;
	char *text;
	int i;

	if (argc >= 3 && strcmp(argv[1], "lines") == 0) {
		prog = "check lines";
		for (i = 2; i < argc; i++) {
			text = slurp(argv[i], &len);
			each_line(argv[i], text, len, whole_object, argv[i]);
			free(text);
		}
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "prefix") == 0) {
		int json = strcmp(argv[2], "-j") == 0;
		char *whole;
		size_t wlen;

		prog = "check prefix";
		for (i = 2 + json; i + 1 < argc; i += 2) {
			text = slurp(argv[i], &len);
			whole = slurp(argv[i + 1], &wlen);
			if (len > wlen || memcmp(text, whole, len) != 0)
				fail("%s is not a beginning of %s", argv[i],
				    argv[i + 1]);
			if (len > 0 && text[len - 1] != '\n')
				fail("%s ends in half a line", argv[i]);
			if (json)
				each_line(argv[i], text, len, whole_object,
				    argv[i]);
			free(text);
			free(whole);
		}
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "run") == 0) {
		prog = "check run";
		return run(argc - 2, argv + 2);
	}
	fprintf(stderr, "usage: check lines FILE... | check prefix PART WHOLE "
	    "| check run MODE STATS OUT EXC NAME=PATH...\n");
	return 2;
}
