/*
 * arena.h - a bump allocator for one compiled script (internal).
 *
 * A script's tree (nodes, arguments, strings, vectors) is allocated from a
 * few large blocks and freed at once with the script: compiling 5,000
 * rules then costs a handful of malloc calls instead of tens of thousands,
 * the tree sits densely in memory, and freeing it is O(blocks).  Nothing
 * allocated here may be passed to free(); it all lives until arena_free().
 */
#ifndef FILTERS_ARENA_H
#define FILTERS_ARENA_H

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena_blk;

struct arena {
	struct arena_blk *blk;   /* newest block first */
	char *p, *end;           /* free space of the newest block */
};

/* arena_alloc_slow - arena_alloc_aligned when the current block is full
 * (or there is none yet): a new block. */
void *arena_alloc_slow(struct arena *a, size_t n);

/*
 * arena_alloc_aligned - n octets aligned to align (a power of two, at
 * most alignof(max_align_t)); NULL on ENOMEM.  Inline because a parse
 * makes tens of thousands of small allocations (nodes, token strings,
 * vectors): the common case is a compare and an add.
 */
static inline void *arena_alloc_aligned(struct arena *a, size_t n,
					size_t align)
{
	uintptr_t at = ((uintptr_t)a->p + align - 1) & ~(uintptr_t)(align - 1);

	if (n == 0)
		n = 1;   /* every allocation is a distinct address */
	if (at > (uintptr_t)a->end || (uintptr_t)a->end - at < n)
		return arena_alloc_slow(a, n);
	a->p = (char *)at + n;
	return (void *)at;
}

/* arena_alloc - n octets aligned for any object; NULL on ENOMEM. */
static inline void *arena_alloc(struct arena *a, size_t n)
{
	return arena_alloc_aligned(a, n, alignof(max_align_t));
}

/* arena_zalloc - as arena_alloc, zero-filled. */
static inline void *arena_zalloc(struct arena *a, size_t n)
{
	void *r = arena_alloc(a, n);

	if (r != NULL)
		memset(r, 0, n);
	return r;
}

/* arena_strndup - a NUL-terminated copy of the n octets at s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_grow - make room for n + 1 elements of size octets in the vector
 * v holding n; v itself is returned unless n is 0 or a power of two, when
 * the vector is copied into one twice as large.  NULL on ENOMEM. */
void *arena_grow(struct arena *a, void *v, size_t n, size_t size);
/* arena_free - release every block; the arena is empty and reusable. */
void arena_free(struct arena *a);

#endif
