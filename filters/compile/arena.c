/*
 * arena.c - a bump allocator for one compiled script (see arena.h).
 *
 * Blocks come straight from mmap() and grow geometrically, from
 * ARENA_MIN (64 KiB) to ARENA_MAX (2 MiB): a small script costs one small
 * mapping (only pages touched are ever faulted in), a script of thousands
 * of rules a handful of large ones.  Blocks of a multiple of ARENA_MAX
 * are aligned to 2 MiB and advised MADV_HUGEPAGE, so with transparent huge
 * pages in "madvise" mode a 4 MB tree takes a few page faults instead of
 * a thousand; without THP the advice is ignored and nothing else changes.
 * When the owner says how much it expects (arena_expect: the compiler
 * knows the script's length), the first block is that large at once, so
 * no 4 KiB-faulted small blocks come before the huge ones.  A request
 * larger than a quarter of the next block gets a mapping of its own, so
 * little of a block is ever unused.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "compile/arena.h"

#define ARENA_MIN (64 * 1024)
#define ARENA_MAX (2 * 1024 * 1024)   /* also the huge page size */
#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_PAGE 4096
#define ARENA_GROW 8   /* 64 KiB, 512 KiB, then 2 MiB */
#define ARENA_EXPECT_MAX (64 * 1024 * 1024)   /* the largest first block */

struct arena_blk {
	struct arena_blk *next;
	size_t size;   /* of the whole mapping, header included */
	alignas(max_align_t) char data[];
};

/* map - a fresh zeroed mapping of size octets (a multiple of ARENA_PAGE);
 * one of a multiple of ARENA_MAX is aligned to ARENA_MAX and advised huge
 * pages. */
static void *map(size_t size)
{
	size_t want = size % ARENA_MAX == 0 ? size + ARENA_MAX : size;
	char *m = mmap(NULL, want, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;
	size_t head;

	if (m == MAP_FAILED)
		return NULL;
	if (want == size)
		return m;
	a = ((uintptr_t)m + ARENA_MAX - 1) & ~(uintptr_t)(ARENA_MAX - 1);
	head = (size_t)(a - (uintptr_t)m);
	if (head > 0 && munmap(m, head) != 0)
		return NULL;   /* cannot happen: the range is ours */
	if (want - head > size && munmap((char *)a + size, want - head - size) != 0)
		return NULL;
	(void)madvise((void *)a, size, MADV_HUGEPAGE);   /* advice only */
	return (void *)a;
}

/* arena_block - a new block with at least n free octets, linked in; it
 * becomes the current block unless it was made for one large request. */
static void *arena_block(struct arena *a, size_t n)
{
	size_t size = ARENA_MIN, hdr = offsetof(struct arena_blk, data);
	struct arena_blk *b;
	bool own;

	if (a->blk != NULL)
		size = a->blk->size < ARENA_MAX / ARENA_GROW ?
		       a->blk->size * ARENA_GROW : ARENA_MAX;
	else if (a->expect > ARENA_MAX / 2)   /* whole huge pages at once */
		size = (a->expect + ARENA_MAX - 1) & ~(size_t)(ARENA_MAX - 1);
	own = n > (size - hdr) / 4;
	if (own) {
		if (n > SIZE_MAX - hdr - ARENA_PAGE)
			return NULL;
		size = (hdr + n + ARENA_PAGE - 1) & ~(size_t)(ARENA_PAGE - 1);
	}
	if ((b = map(size)) == NULL)
		return NULL;
	b->size = size;
	if (own && a->blk != NULL) {   /* keep the current block */
		b->next = a->blk->next;
		a->blk->next = b;
		return b->data;
	}
	b->next = a->blk;
	a->blk = b;
	a->p = b->data + n;
	a->end = (char *)b + size;
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

/* Every block is a fresh anonymous mapping, which the kernel hands out
 * zero-filled, and nothing in a block is ever given out twice: memory from
 * the arena is zero already.  A 5,000-rule tree is ~4 MB of such memory;
 * clearing it again cost 1.5% of a run. */
void *arena_zalloc(struct arena *a, size_t n)
{
	return arena_alloc(a, n);
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

void arena_expect(struct arena *a, size_t n)
{
	a->expect = n < ARENA_EXPECT_MAX ? n : ARENA_EXPECT_MAX;
}

void arena_free(struct arena *a)
{
	struct arena_blk *b = a->blk;

	while (b != NULL) {
		struct arena_blk *next = b->next;

		(void)munmap(b, b->size);   /* our own mapping: cannot fail */
		b = next;
	}
	a->blk = NULL;
	a->p = a->end = NULL;
}
