/*
 * Helpers shared by the fuzz targets: input bytes as a file (memfd),
 * output read back, a strict JSON comparison (type, key order, the bits of
 * every real), base64 decoding, and a failure that libFuzzer reports as a
 * crash with the input saved. Each target is one translation unit that
 * includes this file; replay.c runs the same targets without libFuzzer.
 */
#ifndef WMSKIT_FUZZ_H
#define WMSKIT_FUZZ_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property does not hold: say which, then abort (a finding). */
static void __attribute__((noreturn, format(printf, 1, 2), unused))
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FUZZ PROPERTY FAILED: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* A file holding data, as a descriptor and a path that opens it anew. */
struct mem_file {
	int fd;
	char path[64];
};

static __attribute__((unused)) void
mem_file_open(struct mem_file *f, const void *data, size_t size)
{
	const char *p = data;

	f->fd = memfd_create("fuzz", MFD_CLOEXEC);
	FUZZ_CHECK(f->fd >= 0, "memfd_create failed");
	while (size > 0) {
		ssize_t k = write(f->fd, p, size);

		FUZZ_CHECK(k > 0, "write to memfd failed");
		p += k;
		size -= (size_t)k;
	}
	snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

static __attribute__((unused)) void
mem_file_close(struct mem_file *f)
{
	close(f->fd);
	f->fd = -1;
}

/* The whole content of fd, from offset 0, NUL-terminated; *len its size. */
static __attribute__((unused)) char *
read_back(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t k;

	FUZZ_CHECK(buf != NULL, "out of memory");
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			FUZZ_CHECK(buf != NULL, "out of memory");
		}
		k = pread(fd, buf + n, cap - n, (off_t)n);
		FUZZ_CHECK(k >= 0, "pread failed");
		if (k == 0)
			break;
		n += (size_t)k;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Strict equality: json_equal, and also the same key order (the kit keeps
 * it) and the very bits of every real (the sign of a zero included).
 */
static __attribute__((unused)) int
json_same(const json_t *a, const json_t *b)
{
	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_OBJECT: {
		void *i = json_object_iter((json_t *)a);
		void *j = json_object_iter((json_t *)b);

		if (json_object_size(a) != json_object_size(b))
			return 0;
		for (; i != NULL && j != NULL; i = json_object_iter_next(
		    (json_t *)a, i), j = json_object_iter_next((json_t *)b, j))
			if (strcmp(json_object_iter_key(i),
			    json_object_iter_key(j)) != 0 ||
			    !json_same(json_object_iter_value(i),
			    json_object_iter_value(j)))
				return 0;
		return i == NULL && j == NULL;
	}
	case JSON_ARRAY: {
		size_t k;

		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (k = 0; k < json_array_size(a); k++)
			if (!json_same(json_array_get(a, k),
			    json_array_get(b, k)))
				return 0;
		return 1;
	}
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	case JSON_INTEGER:
		return json_integer_value(a) == json_integer_value(b);
	case JSON_REAL: {
		double x = json_real_value(a), y = json_real_value(b);

		return memcmp(&x, &y, sizeof(x)) == 0;
	}
	default:
		return 1;
	}
}

/* Decodes standard base64 (with padding); 0 when s is not such text. */
static __attribute__((unused)) int
base64_decode(const char *s, size_t len, unsigned char **out, size_t *n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char *p;
	size_t i, k = 0;

	if (len % 4 != 0)
		return 0;
	p = malloc(len / 4 * 3 + 1);
	FUZZ_CHECK(p != NULL, "out of memory");
	for (i = 0; i < len; i += 4) {
		unsigned long v = 0;
		int j, pad = 0;

		for (j = 0; j < 4; j++) {
			const char *c = s[i + j] == '=' ? NULL :
			    memchr(alphabet, s[i + j], 64);

			if (s[i + j] == '=' && i + 4 == len && j >= 2)
				pad++;
			else if (c == NULL || pad > 0 || s[i + j] == '\0') {
				free(p);
				return 0;
			}
			v = v << 6 | (c ? (unsigned long)(c - alphabet) : 0);
		}
		p[k++] = (unsigned char)(v >> 16);
		if (pad < 2)
			p[k++] = (unsigned char)(v >> 8);
		if (pad < 1)
			p[k++] = (unsigned char)v;
	}
	*out = p;
	*n = k;
	return 1;
}

/* Parses text as the kit's outputs must parse: strict, one value. */
static __attribute__((unused)) json_t *
parse_strict(const char *text, size_t len, json_error_t *err)
{
	return json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL |
	    JSON_REJECT_DUPLICATES, err);
}

#endif
