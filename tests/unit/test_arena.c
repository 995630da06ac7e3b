/*
 * test_arena.c - the script arena (filters/arena.c): every allocation is
 * aligned, distinct and zero-filled without being cleared (arena_zalloc
 * relies on fresh mappings), across block boundaries, for requests large
 * enough to get a mapping of their own, after arena_free(), and with a
 * large first block (arena_expect).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdbool.h>
#include <string.h>

#include "compile/arena.h"

#define ROUNDS 4000

static size_t size_for(unsigned i)
{
	static const size_t sizes[] = { 1, 7, 16, 33, 128, 1000, 4096,
					70000, 300000, 3 };
	return sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* fill the arena with dirty allocations and zalloc'd ones in turn: each
 * zalloc'd one must read zero although its neighbours were written */
static void fill_and_check(struct arena *a)
{
	for (unsigned i = 0; i < ROUNDS; i++) {
		size_t n = size_for(i);
		unsigned char *dirty = arena_alloc(a, n);
		unsigned char *clean = arena_zalloc(a, n);

		assert_non_null(dirty);
		assert_non_null(clean);
		assert_int_equal((uintptr_t)clean % alignof(max_align_t), 0);
		assert_true(clean >= dirty + n || clean + n <= dirty);
		assert_true(all_zero(clean, n));
		memset(dirty, 0xa5, n);
		memset(clean, 0x5a, n);
	}
}

static void test_zero_and_distinct(void **state)
{
	struct arena a = {0};

	(void)state;
	fill_and_check(&a);
	arena_free(&a);
	fill_and_check(&a);   /* an emptied arena is reusable, still zero */
	arena_free(&a);
}

/* with a large expectation the first block is made in huge-page sizes;
 * allocations past it still work and still read zero */
static void test_expect(void **state)
{
	struct arena a = {0};

	(void)state;
	arena_expect(&a, 3u << 20);
	fill_and_check(&a);
	arena_free(&a);
	arena_expect(&a, (size_t)-1);   /* capped, never an overflow */
	fill_and_check(&a);
	arena_free(&a);
}

static void test_strndup_and_grow(void **state)
{
	struct arena a = {0};
	int *v = NULL;
	char *s;

	(void)state;
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	for (size_t n = 0; n < 5000; n++) {
		v = arena_grow(&a, v, n, sizeof(*v));
		assert_non_null(v);
		v[n] = (int)n;
	}
	for (size_t n = 0; n < 5000; n++)
		assert_int_equal(v[n], (int)n);
	assert_string_equal(s, "abc");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_and_distinct),
		cmocka_unit_test(test_expect),
		cmocka_unit_test(test_strndup_and_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
