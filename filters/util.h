/*
 * util.h - small helpers shared inside filters/: a growing byte buffer,
 * ASCII case helpers, and the diagnostics sink writer.  Internal only.
 */
#ifndef FILTERS_UTIL_H
#define FILTERS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "sieve.h"

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_adds(struct sbuf *b, const char *s);
/* sbuf_take - the NUL-terminated result (malloc'd) or NULL on ENOMEM. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

char *xstrndup(const char *s, size_t n);
int ascii_lower(int c);
/* hex_value - 0..15 for a hex digit (either case), else -1. */
int hex_value(int c);
/* base64_value - 0..63 for a base64 letter (RFC 2045 6.8), else -1. */
int base64_value(int c);
bool ascii_ieq(const char *a, const char *b);
bool ascii_nieq(const char *a, size_t alen, const char *b);
/* utf8_valid - s is well-formed UTF-8 (RFC 3629 4: no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *s);

/* sieve_diag_add - append one entry to the sink (never fails loudly). */
void sieve_diag_add(struct sieve_diag *d, const char *file, unsigned line,
		    unsigned col, bool error, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* sieve_diag_vadd - the same with a va_list. */
void sieve_diag_vadd(struct sieve_diag *d, const char *file, unsigned line,
		     unsigned col, bool error, const char *fmt, va_list ap);

#endif
