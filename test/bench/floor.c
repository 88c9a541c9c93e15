/*
 * floor: the least a jansson-based filter can do, and so the speed the
 * kit's filters are held to. Each line is read with getline(3), parsed
 * with json_loadb() (the flags of the kit's reader, lib/core/ndjson.c, so the
 * parse is the same work), dumped with json_dumps(JSON_COMPACT) and
 * written with stdio; nothing else: no checks, no envelopes. Lines that do
 * not parse are skipped. Files as operands, else stdin.
 *
 *	floor [file ...] >out
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static void
pass(FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, in)) > 0) {
		json_error_t err;
		json_t *v = json_loadb(line, (size_t)n, JSON_DECODE_ANY |
		    JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &err);
		char *text;

		if (v == NULL)
			continue;
		if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) !=
		    NULL) {
			fputs(text, stdout);
			putchar('\n');
			free(text);
		}
		json_decref(v);
	}
	free(line);
}

int
main(int argc, char **argv)
{
	int i;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (argc < 2)
		pass(stdin);
	for (i = 1; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") == 0 ? stdin :
		    fopen(argv[i], "r");

		if (f == NULL) {
			perror(argv[i]);
			return 2;
		}
		pass(f);
		if (f != stdin)
			fclose(f);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}
