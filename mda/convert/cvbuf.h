/*
 * cvbuf.h - a growing text buffer for the procmailrc converter.
 *
 * Contract: appends never fail visibly; an allocation failure sets `oom`
 * and later appends are ignored, so callers check once, at the end.
 */
#ifndef MDA_CONVERT_CVBUF_H
#define MDA_CONVERT_CVBUF_H

#include <stdbool.h>
#include <stddef.h>

struct cvbuf {
	char *s;        /* NUL-terminated once anything was added */
	size_t len, cap;
	bool oom;
};

void cvb_add(struct cvbuf *b, const char *p, size_t n);
void cvb_puts(struct cvbuf *b, const char *s);
void cvb_putc(struct cvbuf *b, char c);
void cvb_printf(struct cvbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* cvb_quote - s as a Sieve quoted string (RFC 5228 2.4.2: '"' and '\'
 * escaped). */
void cvb_quote(struct cvbuf *b, const char *s);
/* cvb_str - the text so far ("" when empty); valid until the next add. */
const char *cvb_str(const struct cvbuf *b);
/* cvb_take - hand the text to the caller (malloc'd; NULL on oom). */
char *cvb_take(struct cvbuf *b);
void cvb_free(struct cvbuf *b);

#endif
