/*
 * replay: runs a fuzz target on files, without libFuzzer, so that a
 * regression input (or a whole seed corpus) can be checked by any compiler
 * with the sanitizers: replay FILE|DIR... A directory is read one level
 * deep, its files in name order; a failing property aborts, as under
 * libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned long runs;

static void
one(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, k;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("replay");
				exit(2);
			}
		}
		k = fread(buf + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	/* an exact-size copy, so that reading past the input is caught */
	{
		unsigned char *exact = malloc(n ? n : 1);

		if (exact == NULL) {
			perror("replay");
			exit(2);
		}
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	runs++;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			char **names = NULL;
			size_t n = 0, k;

			while (d != NULL && (e = readdir(d)) != NULL) {
				char *path;

				if (e->d_name[0] == '.' ||
				    strcmp(e->d_name, "LICENSE") == 0 ||
				    strcmp(e->d_name, "SOURCE") == 0)
					continue;
				path = malloc(strlen(argv[i]) +
				    strlen(e->d_name) + 2);
				names = realloc(names, (n + 1) * sizeof(*names));
				if (path == NULL || names == NULL) {
					perror("replay");
					return 2;
				}
				sprintf(path, "%s/%s", argv[i], e->d_name);
				names[n++] = path;
			}
			if (d != NULL)
				closedir(d);
			qsort(names, n, sizeof(*names), by_name);
			for (k = 0; k < n; k++) {
				if (stat(names[k], &st) == 0 &&
				    S_ISREG(st.st_mode))
					one(names[k]);
				free(names[k]);
			}
			free(names);
		} else
			one(argv[i]);
	}
	fprintf(stderr, "replay: %lu inputs, no finding\n", runs);
	return 0;
}
