/*
 * test_sieve_match.c - comparators (RFC 4790: i;octet, i;ascii-casemap,
 * i;ascii-numeric) and the :is / :contains / :matches primitives with
 * their match-variable captures (RFC 5228 2.7.1, RFC 5229 3.2), and the
 * relational operators (RFC 5231).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "run/comparator.h"
#include "ext/ext.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *cmp_name(int c)
{
	return c == CMP_OCTET ? "octet" : c == CMP_CASEMAP ? "casemap" : "numeric";
}

static void test_order(void **state)
{
	static const struct { int cmp; const char *a, *b; int want; } t[] = {
		{ CMP_OCTET, "abc", "abc", 0 },
		{ CMP_OCTET, "abc", "ABC", 1 },
		{ CMP_OCTET, "ab", "abc", -1 },
		{ CMP_CASEMAP, "abc", "ABC", 0 },
		{ CMP_CASEMAP, "a", "B", -1 },
		{ CMP_CASEMAP, "\xc3\xa9", "\xc3\x89", 1 },  /* only ASCII folds */
		{ CMP_NUMERIC, "10", "9", 1 },
		{ CMP_NUMERIC, "007", "7", 0 },
		{ CMP_NUMERIC, "12abc", "12", 0 },
		{ CMP_NUMERIC, "abc", "99999999999999999999999", 1 },
		{ CMP_NUMERIC, "abc", "xyz", 0 },
		{ CMP_NUMERIC, "", "0", 1 },
		{ CMP_NUMERIC, "123456789012345678901234567890", "123456789012345678901234567891", -1 },
	};
	int bad = 0;

	for (size_t i = 0; i < N(t); i++) {
		int got = sieve_cmp_order(t[i].cmp, t[i].a, strlen(t[i].a),
					  t[i].b, strlen(t[i].b));

		got = got < 0 ? -1 : got > 0;
		if (got != t[i].want) {
			print_message("# order %s \"%s\" \"%s\": got %d want %d\n",
				      cmp_name(t[i].cmp), t[i].a, t[i].b, got, t[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_contains(void **state)
{
	static const struct { int cmp; const char *h, *n; bool want; } t[] = {
		{ CMP_CASEMAP, "Hello World", "o w", true },
		{ CMP_OCTET, "Hello World", "o w", false },
		{ CMP_OCTET, "abc", "", true },
		{ CMP_OCTET, "", "a", false },
		{ CMP_OCTET, "aaab", "aab", true },
		{ CMP_CASEMAP, "ab", "abc", false },
	};
	int bad = 0;

	for (size_t i = 0; i < N(t); i++) {
		bool got = sieve_cmp_contains(t[i].cmp, t[i].h, strlen(t[i].h),
					      t[i].n, strlen(t[i].n));

		if (got != t[i].want) {
			print_message("# contains %s \"%s\" \"%s\": got %d want %d\n",
				      cmp_name(t[i].cmp), t[i].h, t[i].n, got, t[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* caps rendered as "${1}|${2}|..." or "-" when there is no match */
static void test_glob(void **state)
{
	static const struct { int cmp; const char *text, *pat, *want; } t[] = {
		{ CMP_OCTET, "abc", "abc", "" },
		{ CMP_OCTET, "abc", "a?c", "b" },
		{ CMP_OCTET, "abc", "a??c", "-" },
		{ CMP_OCTET, "abc", "*", "abc" },
		{ CMP_OCTET, "", "*", "" },
		{ CMP_OCTET, "", "?", "-" },
		{ CMP_CASEMAP, "ABC", "a*", "BC" },
		{ CMP_OCTET, "ABC", "a*", "-" },
		{ CMP_OCTET, "[acme-users] [fwd] version 1.0 is out", "[*] *",
		  "acme-users|[fwd] version 1.0 is out" },
		{ CMP_OCTET, "Sieve <sieve@ietf.org>", "*<*@*", "Sieve |sieve|ietf.org>" },
		{ CMP_OCTET, "a*b", "a\\*b", "" },
		{ CMP_OCTET, "axb", "a\\*b", "-" },
		{ CMP_OCTET, "a?b", "a\\?b", "" },
		{ CMP_OCTET, "a\\b", "a\\\\b", "" },
		{ CMP_OCTET, "\xe2\x82\xac", "?", "-" },          /* ? is one octet */
		{ CMP_OCTET, "\xe2\x82\xac", "???", "\xe2|\x82|\xac" },
		{ CMP_OCTET, "aaa", "*a*a", "|a" },
		{ CMP_OCTET, "mississippi", "*ss*ss*", "mi|i|ippi" },
		{ CMP_OCTET, "abcabc", "*c", "abcab" },
		{ CMP_OCTET, "abc", "*x*", "-" },
	};
	int bad = 0;

	for (size_t i = 0; i < N(t); i++) {
		struct sieve_caps c;
		char got[256] = "-";
		bool m = sieve_glob(t[i].cmp, t[i].text, strlen(t[i].text),
				    t[i].pat, strlen(t[i].pat), &c);

		if (m) {
			size_t used = 0;

			got[0] = '\0';
			for (size_t k = 1; k <= c.n; k++)
				used += (size_t)snprintf(got + used, sizeof(got) - used,
							 "%s%.*s", k > 1 ? "|" : "",
							 (int)c.len[k], t[i].text + c.off[k]);
		}
		if (strcmp(got, t[i].want) != 0) {
			print_message("# glob \"%s\" \"%s\": got \"%s\" want \"%s\"\n",
				      t[i].text, t[i].pat, got, t[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_relop(void **state)
{
	static const struct { int rel, order; bool want; } t[] = {
		{ REL_GT, 1, true }, { REL_GT, 0, false }, { REL_GE, 0, true },
		{ REL_LT, -1, true }, { REL_LT, 0, false }, { REL_LE, 0, true },
		{ REL_EQ, 0, true }, { REL_EQ, 1, false }, { REL_NE, 1, true },
		{ REL_NE, 0, false },
	};
	int bad = 0;

	for (size_t i = 0; i < N(t); i++)
		if (sieve_relop_holds(t[i].rel, t[i].order) != t[i].want) {
			print_message("# relop %d order %d: got %d want %d\n",
				      t[i].rel, t[i].order, !t[i].want, t[i].want);
			bad++;
		}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_relop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
