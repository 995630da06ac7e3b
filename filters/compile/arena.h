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

#include <stddef.h>

struct arena_blk;

struct arena {
	struct arena_blk *blk;   /* newest block first */
	char *p, *end;           /* free space of the newest block */
	size_t expect;           /* octets the owner expects to use */
};

/* arena_expect - the owner expects to use about n octets: a large first
 * block is then made at once, in huge pages (one fault each), instead of
 * growing through small ones (a fault per 4 KiB page).  Only a hint: an
 * overestimate costs address space, not memory, as untouched pages are
 * never faulted in. */
void arena_expect(struct arena *a, size_t n);

/* arena_alloc - n octets aligned for any object; NULL on ENOMEM. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_zalloc - as arena_alloc, zero-filled (as all arena memory is:
 * see arena.c). */
void *arena_zalloc(struct arena *a, size_t n);
/* arena_strndup - a NUL-terminated copy of the n octets at s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_grow - make room for n + 1 elements of size octets in the vector
 * v holding n; v itself is returned unless n is 0 or a power of two, when
 * the vector is copied into one twice as large.  NULL on ENOMEM. */
void *arena_grow(struct arena *a, void *v, size_t n, size_t size);
/* arena_free - release every block; the arena is empty and reusable. */
void arena_free(struct arena *a);

#endif
