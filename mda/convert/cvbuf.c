/*
 * cvbuf.c - the converter's text buffer (see cvbuf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/cvbuf.h"

/* grow - room for n more octets and a NUL; false (and oom) if not. */
static bool grow(struct cvbuf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)1 << 30)) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *s = realloc(b->s, cap);
	if (s == NULL) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void cvb_add(struct cvbuf *b, const char *p, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void cvb_puts(struct cvbuf *b, const char *s)
{
	cvb_add(b, s, strlen(s));
}

void cvb_putc(struct cvbuf *b, char c)
{
	cvb_add(b, &c, 1);
}

void cvb_printf(struct cvbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cvb_add(b, small, (size_t)n);
		return;
	}
	if (!grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void cvb_quote(struct cvbuf *b, const char *s)
{
	cvb_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			cvb_putc(b, '\\');
		cvb_putc(b, *s);
	}
	cvb_putc(b, '"');
}

const char *cvb_str(const struct cvbuf *b)
{
	return b->s != NULL ? b->s : "";
}

char *cvb_take(struct cvbuf *b)
{
	char *s = b->oom ? NULL : b->s;

	if (b->oom)
		free(b->s);
	else if (s == NULL)
		s = calloc(1, 1);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return s;
}

void cvb_free(struct cvbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}
