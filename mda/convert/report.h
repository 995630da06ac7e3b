/*
 * report.h - the converter's report: one line per construct that could
 * not be converted exactly, "file:line: why", printed in reading order.
 */
#ifndef MDA_CONVERT_REPORT_H
#define MDA_CONVERT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct report_line {
	unsigned long seq;      /* reading order */
	size_t idx;             /* order of adding, for ties */
	char *text;
};

struct report {
	const char *main_file;  /* how the main rcfile is named */
	struct report_line *v;
	size_t n, cap;
	unsigned long seq;      /* next sequence number */
	bool oom;
};

/* report_add - record "file:line: text"; file NULL is the main file. */
void report_add(struct report *rep, unsigned long seq, const char *file,
		unsigned line, const char *text);
/* report_print - every line, in reading order; returns the count. */
size_t report_print(struct report *rep, FILE *out);
void report_free(struct report *rep);

#endif
