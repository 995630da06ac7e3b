/*
 * arena.c - a bump allocator for one compiled script (see arena.h).
 *
 * Blocks of ARENA_BLOCK octets; a request larger than a quarter of that
 * gets a block of its own, so little of a block is ever left unused.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN alignof(max_align_t)

struct arena_blk {
	struct arena_blk *next;
	alignas(max_align_t) char data[];
};

/* arena_block - a new block with at least n free octets, linked in; it
 * becomes the current block unless it was made for one large request. */
static void *arena_block(struct arena *a, size_t n)
{
	size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
	struct arena_blk *b;

	if (n > SIZE_MAX - sizeof(*b))
		return NULL;
	b = malloc(sizeof(*b) + size);
	if (b == NULL)
		return NULL;
	if (size == n && a->blk != NULL) {   /* keep the current block */
		b->next = a->blk->next;
		a->blk->next = b;
		return b->data;
	}
	b->next = a->blk;
	a->blk = b;
	a->p = b->data + n;
	a->end = b->data + size;
	return b->data;
}

/* bump - n octets at the given alignment from the current block. */
static void *bump(struct arena *a, size_t n, size_t align)
{
	uintptr_t p = ((uintptr_t)a->p + align - 1) & ~(uintptr_t)(align - 1);

	if (a->p == NULL || p > (uintptr_t)a->end ||
	    (uintptr_t)a->end - p < n)
		return arena_block(a, n ? n : 1);
	a->p = (char *)p + n;
	return (void *)p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return bump(a, n, ARENA_ALIGN);
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *r = arena_alloc(a, n);

	if (r != NULL)
		memset(r, 0, n);
	return r;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *r = n < SIZE_MAX ? bump(a, n + 1, 1) : NULL;   /* no padding */

	if (r != NULL) {
		if (n > 0)
			memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

void *arena_grow(struct arena *a, void *v, size_t n, size_t size)
{
	void *nv;
	size_t cap = n ? n * 2 : 1;

	if (n != 0 && (n & (n - 1)) != 0)
		return v;   /* room left: capacities are powers of two */
	if (size != 0 && cap > SIZE_MAX / size)
		return NULL;
	nv = arena_alloc(a, cap * size);
	if (nv != NULL && n > 0)
		memcpy(nv, v, n * size);
	return nv;
}

void arena_free(struct arena *a)
{
	struct arena_blk *b = a->blk;

	while (b != NULL) {
		struct arena_blk *next = b->next;

		free(b);
		b = next;
	}
	a->blk = NULL;
	a->p = a->end = NULL;
}
