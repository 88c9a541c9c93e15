/*
 * metrics: a run's numbers in the Prometheus text format, for
 * node_exporter's textfile collector: records by outcome, held records by
 * code and owner, the program's own counts, the run's duration, its end
 * time and exit status. Every value is of the last run (gauges), and the
 * file is replaced atomically, so a scrape never sees half of it.
 */
#ifndef WMSKIT_METRICS_H
#define WMSKIT_METRICS_H

struct tool;

/* Writes t's numbers and the exit status to path, replacing it. */
void metrics_write(const char *path, const struct tool *t, int status);

#endif
