/*
 * report.c - collect "file:line: why" lines and print them in the order
 * the rcfile was read (see report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/report.h"

void report_add(struct report *rep, unsigned long seq, const char *file,
		unsigned line, const char *text)
{
	char *s = NULL;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 16;
		struct report_line *v = realloc(rep->v, cap * sizeof(*v));

		if (v == NULL) {
			rep->oom = true;
			return;
		}
		rep->v = v;
		rep->cap = cap;
	}
	if (asprintf(&s, "%s:%u: %s", file ? file : rep->main_file, line,
		     text) < 0) {
		rep->oom = true;
		return;
	}
	rep->v[rep->n].seq = seq;
	rep->v[rep->n].idx = rep->n;
	rep->v[rep->n++].text = s;
}

static int by_seq(const void *a, const void *b)
{
	const struct report_line *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

size_t report_print(struct report *rep, FILE *out)
{
	if (rep->n > 0)         /* qsort of NULL is undefined */
		qsort(rep->v, rep->n, sizeof(rep->v[0]), by_seq);
	for (size_t i = 0; i < rep->n; i++)
		fprintf(out, "%s\n", rep->v[i].text);
	return rep->n;
}

void report_free(struct report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		free(rep->v[i].text);
	free(rep->v);
	rep->v = NULL;
	rep->n = rep->cap = 0;
}
