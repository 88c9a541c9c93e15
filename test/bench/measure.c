/*
 * measure: runs one command and prints what it cost, in place of GNU
 * time(1), which the machine may lack:
 *
 *	measure [-i IN] [-o OUT] [-e ERR] -- command [arg ...]
 *
 * stdin from IN (default /dev/null), stdout to OUT and stderr to ERR
 * (default /dev/null each). Prints one line on stdout:
 *
 *	SECONDS CPU_SECONDS PEAK_RSS_KB STATUS
 *
 * wall-clock seconds (CLOCK_MONOTONIC around fork and wait), user+system
 * CPU seconds and the peak resident set of the child, both from wait4(2)'s
 * rusage (for a shell pipeline, the largest single process's peak), and
 * its exit status (128+N for signal N). Exits 0 whatever the child did;
 * 2 when it cannot run the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0666);

	if (f < 0 || dup2(f, fd) < 0) {
		fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(f);
}

int
main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null", *err = "/dev/null";
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int c, status;

	while ((c = getopt(argc, argv, "i:o:e:")) != -1)
		switch (c) {
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		default: goto usage;
		}
	if (optind >= argc) {
	usage:
		fprintf(stderr, "usage: measure [-i IN] [-o OUT] [-e ERR] -- "
		    "command [arg ...]\n");
		return 2;
	}
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		redirect(in, 0, O_RDONLY);
		redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "measure: %s: %s\n", argv[optind],
		    strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("measure: wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %.3f %ld %d\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
	    ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status));
	return 0;
}
