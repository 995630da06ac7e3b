/*
 * test_sieve_memo.c - the interpreter's shortcuts give the slow path's
 * answers.  `header :regex` skips regcomp when the value lacks the key's
 * anchored literal prefix (match.c): every key below, written as a
 * constant and through a variable, under i;octet and i;ascii-casemap,
 * must answer exactly what regcomp + regexec answer for every value, and
 * a key regcomp refuses must be an error whatever the value.
 * sieve_cmp_contains finds candidates with memchr or a case-folded first
 * octet: it must agree with a plain scan on every short string over an
 * alphabet with letters in both cases, '@'/'`' and octets above 127.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tre/tre.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/comparator.h"
#include "ext/ext.h"
#include "sieve.h"

static const char *const keys[] = {
	"^abc", "^ABC", "^abc|xyz", "^(abc|xyz)", "^ab?c", "^ab*c", "^ab+c",
	"^ab{0,1}c", "^ab{2}c", "^a\\.b", "^a.b", "^a\\\\b",
	"^\\[proj-7\\] .*(urgent|alert)$", "^ab[|]c", "^ab[]|]c",
	"^ab[[:alpha:]|]", "^ab[^]|]|c", "^ab\\|c", "^ab(c|d)|e", "^ab\\wc",
	"^ab\\(c", "^ab\\)", "^$", "^", "^a^b", "^a$", "abc", "^Ab ", "^ab\\{",
	"^ab[[.|.]]c", "^ab[[=a=]|]c", "^ab[[:alpha:]]|x", "^a b", "^ab\\.|c",
	"^(a)|b", "^a|", "^ab[x]*|c", "^ab\\^c", "^ab\\$", "^ab\\]c",
	"^zz(", "^ab[", "^ab{1", "^ab[[:nope:]]",   /* invalid */
};

static const char *const values[] = {
	"abc", "ABC", "xyz", "ac", "abbc", "a.b", "axb", "a\\b",
	"[proj-7] x urgent", "[PROJ-7] y ALERT", "[proj-7]x urgent", "ab|c",
	"ab]c", "abdc", "e", "", "ab(c", "ab)", "zabc", "aBc", "abxc", "a^b",
	"a", "Ab c", "ab{", "a b", "ab.", "c", "b", "abx", "ab^c", "ab$",
	"aab", "abz", "ab",
};

/* sieve_quote - key as the inside of a Sieve quoted string. */
static void sieve_quote(char *out, size_t size, const char *key)
{
	size_t o = 0;

	for (const char *p = key; *p != '\0' && o + 3 < size; p++) {
		if (*p == '\\' || *p == '"')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o] = '\0';
}

/* sieve_says - 1 the script files the message, 0 it keeps, -1 no script. */
static int sieve_says(const char *key, const char *value, bool casemap,
		      bool via_variable)
{
	char quoted[256], script[1024], hv[256];
	struct sieve_header_field f = { "Subject", 7, hv, 0 };
	struct sieve_message m = { .fields = &f, .nfields = 1 };
	struct sieve_action_list out = {0};
	struct sieve_diag d = {0};
	struct sieve_script *s;
	const char *cmp = casemap ? "i;ascii-casemap" : "i;octet";
	int res = -1;

	sieve_quote(quoted, sizeof(quoted), key);
	snprintf(hv, sizeof(hv), " %s", value);
	f.value_len = strlen(hv);
	snprintf(script, sizeof(script),
		 "require [\"regex\", \"fileinto\", \"variables\"];\n"
		 "set \"k\" \"%s\";\n"
		 "if header :regex :comparator \"%s\" \"subject\" \"%s\" "
		 "{ fileinto \"y\"; }\n",
		 quoted, cmp, via_variable ? "${k}" : quoted);
	s = sieve_compile("t", script, strlen(script), NULL, &d);
	if (s != NULL && sieve_run(s, &m, NULL, NULL, &out, &d) == 0)
		res = out.n == 1 && out.v[0].type == SIEVE_ACT_FILEINTO;
	sieve_actions_free(&out);
	sieve_script_free(&s);
	sieve_diag_free(&d);
	return res;
}

/* regex_says - what regcomp + regexec say; -1 the key does not compile. */
static int regex_says(const char *key, const char *value, bool casemap)
{
	regex_t re;
	int rc;

	if (tre_regcomp(&re, key, REG_EXTENDED | REG_NOSUB |
				(casemap ? REG_ICASE : 0)) != 0)
		return -1;
	rc = tre_regexec(&re, value, 0, NULL, 0);
	tre_regfree(&re);
	return rc == 0;
}

static void test_regex_prefix(void **state)
{
	size_t nk = sizeof(keys) / sizeof(keys[0]);
	size_t nv = sizeof(values) / sizeof(values[0]);
	int bad = 0, checked = 0;

	for (size_t k = 0; k < nk; k++)
		for (size_t v = 0; v < nv; v++)
			for (int c = 0; c < 4; c++) {
				bool casemap = c & 1, var = c & 2;
				int want = regex_says(keys[k], values[v], casemap);
				int got;

				/* a key regcomp refuses must stay an error,
				 * also at run time (through the variable) */
				got = sieve_says(keys[k], values[v], casemap, var);
				checked++;
				if (got == want)
					continue;
				print_message("# key \"%s\" value \"%s\" %s%s: sieve %d, "
					      "regexec %d\n", keys[k], values[v],
					      casemap ? "casemap" : "octet",
					      var ? " via variable" : "", got, want);
				bad++;
			}
	assert_true(checked > 1000);
	assert_int_equal(bad, 0);
}

static int fold(int cmp, char c)
{
	return cmp == CMP_CASEMAP && c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* plain_contains - every offset, every octet folded: the reference. */
static bool plain_contains(int cmp, const char *hay, size_t hlen,
			   const char *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= hlen; i++) {
		size_t j = 0;

		while (j < nlen && fold(cmp, hay[i + j]) == fold(cmp, needle[j]))
			j++;
		if (j == nlen)
			return true;
	}
	return false;
}

/* nth_string - the n-th string over alpha (shortest first) into out. */
static size_t nth_string(size_t n, const char *alpha, size_t na, char *out)
{
	size_t len = 0, count = 1;

	while (n >= count) {   /* count strings of length len */
		n -= count;
		count *= na;
		len++;
	}
	for (size_t i = 0; i < len; i++, n /= na)
		out[i] = alpha[n % na];
	return len;
}

static void test_contains(void **state)
{
	static const char alpha[] = "aAz<@`\xc1\xe1";
	const size_t na = sizeof(alpha) - 1;
	const size_t nneedle = 1 + na + na * na + na * na * na;  /* up to 3 */
	const size_t nhay = nneedle + na * na * na * na;        /* up to 4 */
	size_t bad = 0;
	char hay[8], needle[8];

	for (size_t h = 0; h < nhay; h++) {
		size_t hl = nth_string(h, alpha, na, hay);

		for (size_t n = 0; n < nneedle; n++) {
			size_t nl = nth_string(n, alpha, na, needle);

			for (int cmp = CMP_OCTET; cmp <= CMP_CASEMAP; cmp++)
				bad += sieve_cmp_contains(cmp, hay, hl, needle, nl) !=
				       plain_contains(cmp, hay, hl, needle, nl);
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_prefix),
		cmocka_unit_test(test_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
