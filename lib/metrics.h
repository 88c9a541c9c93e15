/*
 * metrics: a run's numbers in the Prometheus text format, for
 * node_exporter's textfile collector: records by outcome, held records and
 * findings by code and owner (every code, 0 too), the program's own counts,
 * why a run stopped with status 2, the run's duration, its end time, the
 * end time of the last run that exited 0 or 1 (read back from the file
 * it replaces) and the exit status. Every series carries tool="…" and the
 * --metrics-label labels. Every value is of the last run (gauges), and the
 * file is replaced atomically, so a scrape never sees half of it;
 * `promtool check metrics` passes it.
 */
#ifndef WMSKIT_METRICS_H
#define WMSKIT_METRICS_H

struct tool;

/* Writes t's numbers and the exit status to path, replacing it. */
void metrics_write(const char *path, const struct tool *t, int status);

#endif
