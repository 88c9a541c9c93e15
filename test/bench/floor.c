/*
 * floor: the least a filter can do with a reader, and so the speed the
 * kit's filters are held to. Each line is read with getline(3), then:
 *
 *   by default, the jansson floor: parsed with json_loadb() (the flags of
 *   the kit's reader, lib/core/ndjson.c, so the parse is the same work),
 *   dumped with json_dumps(JSON_COMPACT) and written with stdio;
 *
 *   with -j, the kit's own floor: validated and indexed with jdoc_parse()
 *   (lib/core/jdoc.h) and written as it came, as a filter that changes
 *   nothing in a record writes it.
 *
 * Nothing else: no checks, no envelopes. Lines that do not parse are
 * skipped. Files as operands, else stdin.
 *
 *	floor [-j] [file ...] >out
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "jdoc.h"

static void
pass_jansson(const char *line, size_t n)
{
	json_error_t err;
	json_t *v = json_loadb(line, n, JSON_DECODE_ANY | JSON_ALLOW_NUL |
	    JSON_REJECT_DUPLICATES, &err);
	char *text;

	if (v == NULL)
		return;
	if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		fputs(text, stdout);
		putchar('\n');
		free(text);
	}
	json_decref(v);
}

/* The document is kept from line to line: jdoc reuses its memory. */
static struct jdoc doc;

static void
pass_jdoc(const char *line, size_t n)
{
	size_t len = n > 0 && line[n - 1] == '\n' ? n - 1 : n;

	if (jdoc_parse(&doc, line, len))
		fwrite(line, 1, n, stdout);
}

static void
pass(FILE *in, void (*one)(const char *, size_t))
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, in)) > 0)
		one(line, (size_t)n);
	free(line);
}

int
main(int argc, char **argv)
{
	void (*one)(const char *, size_t) = pass_jansson;
	int c, i;

	while ((c = getopt(argc, argv, "j")) != -1) {
		if (c != 'j') {
			fprintf(stderr, "usage: floor [-j] [file ...]\n");
			return 2;
		}
		one = pass_jdoc;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (optind == argc)
		pass(stdin, one);
	for (i = optind; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") == 0 ? stdin :
		    fopen(argv[i], "r");

		if (f == NULL) {
			perror(argv[i]);
			return 2;
		}
		pass(f, one);
		if (f != stdin)
			fclose(f);
	}
	jdoc_free(&doc);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}
