/*
 * diag.c - the diagnostics sink: errors and warnings with file:line:col,
 * collected in report order and printed one per line as
 * "file:line:col: error: text" (see sieve.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void sieve_diag_add(struct sieve_diag *d, const char *file, unsigned line,
		    unsigned col, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sieve_diag_vadd(d, file, line, col, error, fmt, ap);
	va_end(ap);
}

void sieve_diag_vadd(struct sieve_diag *d, const char *file, unsigned line,
		     unsigned col, bool error, const char *fmt, va_list ap)
{
	struct sieve_diag_entry *e;
	char buf[512];

	if (d == NULL)
		return;
	if (error)
		d->errors++;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct sieve_diag_entry *v = realloc(d->v, cap * sizeof(*v));

		if (v == NULL)
			return;
		d->v = v;
		d->cap = cap;
	}
	vsnprintf(buf, sizeof(buf), fmt, ap);   /* truncation is acceptable */
	e = &d->v[d->n];
	e->file = strdup(file ? file : "");
	e->text = strdup(buf);
	if (e->file == NULL || e->text == NULL) {
		free(e->file);
		free(e->text);
		return;
	}
	e->line = line;
	e->col = col;
	e->error = error;
	d->n++;
}

void sieve_diag_free(struct sieve_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].text);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->errors = 0;
}

void sieve_diag_print(const struct sieve_diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct sieve_diag_entry *e = &d->v[i];

		fprintf(out, "%s:%u:%u: %s: %s\n", e->file, e->line, e->col,
			e->error ? "error" : "warning", e->text);
	}
}
