/*
 * mime-flat.c - a hash set of the boundaries below the MIME depth limit
 * (mime-flat.h).  RFC 2046 5.1.1: a delimiter line is "--", the boundary,
 * optionally "--" (the close delimiter), then linear white space.
 *
 * Bounded: one boundary per multipart part, and the scan indexes at most
 * SIEVE_MAX_MIME_PARTS parts; a boundary is at most 70 octets.
 */
#include <stdlib.h>
#include <string.h>

#include "mime/mime-flat.h"

/* hash - FNV-1a over the boundary octets. */
static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* lookup - the slot holding s, or the empty slot where it would go. */
static size_t lookup(const struct mime_flat *f, const char *s, size_t n)
{
	size_t mask = f->nslot - 1, i = hash(s, n) & mask;

	/* the table is never more than half full: an empty slot is found */
	while (f->slot[i] != 0) {
		const char *t = f->text + f->slot[i] - 1;

		if (strlen(t) == n && memcmp(t, s, n) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* grow - double the table (at least 64 slots) and put every entry back. */
static int grow(struct mime_flat *f)
{
	size_t nslot = f->nslot ? f->nslot * 2 : 64, old = f->nslot;
	uint32_t *was = f->slot, *v = calloc(nslot, sizeof(*v));

	if (v == NULL)
		return -1;
	f->slot = v;
	f->nslot = nslot;
	for (size_t i = 0; i < old; i++)
		if (was[i] != 0) {
			const char *t = f->text + was[i] - 1;

			f->slot[lookup(f, t, strlen(t))] = was[i];
		}
	free(was);
	return 0;
}

int mime_flat_add(struct mime_flat *f, const char *b, size_t len)
{
	size_t i;

	if (len == 0 || memchr(b, '\0', len) != NULL)
		return 0;   /* no delimiter line can name it */
	if ((f->n + 1) * 2 > f->nslot && grow(f) < 0)
		return -1;
	if (f->slot[i = lookup(f, b, len)] != 0)
		return 0;   /* already known */
	if (f->len + len + 1 > f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 1024;
		char *t;

		while (cap < f->len + len + 1)
			cap *= 2;
		if ((t = realloc(f->text, cap)) == NULL)
			return -1;
		f->text = t;
		f->cap = cap;
	}
	memcpy(f->text + f->len, b, len);
	f->text[f->len + len] = '\0';
	f->slot[i] = (uint32_t)f->len + 1;
	f->len += len + 1;
	f->n++;
	return 0;
}

bool mime_flat_find(const struct mime_flat *f, const char *line, size_t n,
		    bool *close)
{
	*close = false;
	if (f->n == 0 || n < 3 || line[0] != '-' || line[1] != '-')
		return false;
	line += 2;
	n -= 2;
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
			 line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (n > 0 && f->slot[lookup(f, line, n)] != 0)
		return true;
	if (n > 2 && line[n - 1] == '-' && line[n - 2] == '-' &&
	    f->slot[lookup(f, line, n - 2)] != 0) {
		*close = true;
		return true;
	}
	return false;
}

void mime_flat_clear(struct mime_flat *f)
{
	free(f->text);
	free(f->slot);
	memset(f, 0, sizeof(*f));
}
