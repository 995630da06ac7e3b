/*
 * html2text.h - a streaming HTML to plain text filter, for body :text
 * (RFC 5173 5.2: "the implementation MAY convert ... to text") and
 * extracttext (RFC 5703 7) on text/html and application/xhtml+xml parts,
 * where Pigeonhole converts.  Internal to filters/.
 *
 * Fed UTF-8 in pieces of any size; the state is a fixed struct (no
 * allocation), so memory is constant whatever the size of the part, and
 * a tag, comment or entity may straddle any number of pieces.
 */
#ifndef FILTERS_HTML2TEXT_H
#define FILTERS_HTML2TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "limits.h"
#include "mime/mime.h"

struct html2text {
	mime_emit_fn emit;       /* downstream: 0 go on, 1 stop, -1 error */
	void *ctx;
	int state;
	char name[SIEVE_HTML_NAME_MAX + 1];  /* tag name or entity, so far */
	size_t nlen;
	bool closing;            /* </name> */
	char quote;              /* inside an attribute value quoted so */
	unsigned marks;          /* dashes of a comment end, ']' of CDATA,
				    letters of "[CDATA[" matched */
	int skip;                /* inside <script> (1) or <style> (2) */
	unsigned quote_level;    /* <blockquote> nesting */
	char last;               /* last octet emitted ('\0': none yet) */
	int rc;                  /* sticky: what emit last said, if not 0 */
	char out[1024];
	size_t olen;
};

/* html2text_init - start a conversion that emits to emit(ctx, ...). */
void html2text_init(struct html2text *h, mime_emit_fn emit, void *ctx);
/* html2text_feed - convert p[0..n): a mime_emit_fn (ctx is the struct). */
int html2text_feed(void *h, const char *p, size_t n);
/* html2text_finish - emit what is pending; 0, 1 (stopped) or -1. */
int html2text_finish(struct html2text *h);
/* html2text_wanted - is a part of this type converted? */
bool html2text_wanted(const char *type, const char *subtype);

#endif
