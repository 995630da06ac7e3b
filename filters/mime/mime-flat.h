/*
 * mime-flat.h - the boundaries of multiparts nested deeper than
 * SIEVE_MAX_MIME_DEPTH, kept as one set (internal to mime.c).
 *
 * Below the depth limit the scan stops nesting: every part found further
 * down becomes a child of the container at the limit, so `magic`,
 * `header :mime :anychild` and `foreverypart` still see it (issue 14: an
 * executable hidden 120 levels deep).  Finding those parts needs the
 * boundaries of the multiparts in between: they go into this set, looked
 * up by hash, so a line costs the same however many there are.
 */
#ifndef FILTERS_MIME_FLAT_H
#define FILTERS_MIME_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mime_flat {
	char *text;              /* boundaries, each NUL-terminated */
	size_t len, cap;
	uint32_t *slot;          /* open addressing: offset + 1, 0 empty */
	size_t nslot, n;
};

/* mime_flat_add - remember boundary b (1..70 octets).  0, or -1 ENOMEM. */
int mime_flat_add(struct mime_flat *f, const char *b, size_t len);
/* mime_flat_find - is line (n octets, with its line end) a delimiter of
 * one of the boundaries (RFC 2046 5.1.1: "--" boundary ["--"] LWSP)?
 * *close: it is a close delimiter. */
bool mime_flat_find(const struct mime_flat *f, const char *line, size_t n,
		    bool *close);
/* mime_flat_clear - forget every boundary (the container at the limit
 * ended); the memory goes too. */
void mime_flat_clear(struct mime_flat *f);

#endif
