/*
 * test_sieve_rfc2047.c - header values as tests see them: RFC 2047
 * encoded-words (B and Q; UTF-8, ISO-8859-1, us-ascii, through iconv),
 * whitespace between adjacent words dropped, malformed words left alone,
 * bad base64 dropped and unknown charsets kept as octets (as Pigeonhole),
 * then unfolding (a folding TAB is a space) and trimming (RFC 5228 2.7.2).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mime/rfc2047.h"

static const struct { const char *in, *want; } t[] = {
	{ "plain text", "plain text" },
	{ "=?UTF-8?B?SGVsbG8gV29ybGQ=?=", "Hello World" },
	{ "=?utf-8?q?caf=C3=A9_au_lait?=", "caf\xc3\xa9 au lait" },
	{ "=?ISO-8859-1?Q?caf=E9?=", "caf\xc3\xa9" },
	{ "=?iso-8859-1?b?Y2Fm6Q==?=", "caf\xc3\xa9" },
	{ "=?US-ASCII?Q?Keith_Moore?=", "Keith Moore" },
	{ "=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?=", "ab" },
	{ "=?UTF-8?Q?a?=  \t =?UTF-8?Q?b?=", "ab" },
	{ "=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c" },
	{ "x =?UTF-8?Q?a?= y", "x a y" },
	{ "=?UTF-8*en?Q?lang?=", "lang" },
	{ "=?UNKNOWN-CHARSET?Q?x?=", "x" },
	{ "=?UTF-8?B?!!notbase64?= and =?X-UNKNOWN?Q?abc?= end", " and abc end" },
	{ "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=" },
	{ "=?UTF-8?Q?has space?=", "=?UTF-8?Q?has space?=" },
	{ "=?UTF-8?B?!!!?=", "" },
	{ "=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated" },
	{ "a=?b", "a=?b" },
};

static void test_decode(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = sieve_rfc2047_decode(t[i].in, strlen(t[i].in));

		assert_non_null(got);
		if (strcmp(got, t[i].want) != 0) {
			print_message("# \"%s\": got \"%s\" want \"%s\"\n", t[i].in,
				      got, t[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

static const struct { const char *in, *want; } h[] = {
	{ " value", "value" },
	{ "  folded\r\n  line  ", "folded  line" },
	{ " a\n\tb", "a b" },
	{ " a\r\n\t\tb", "a \tb" },
	{ " part one,\n    part two", "part one,    part two" },
	{ " =?UTF-8?Q?Make_money?=\r\n =?UTF-8?Q?_fast?= ", "Make money fast" },
	{ "", "" },
	{ "   ", "" },
};

static void test_header(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		char *got = sieve_header_decode(h[i].in, strlen(h[i].in));

		assert_non_null(got);
		if (strcmp(got, h[i].want) != 0) {
			print_message("# \"%s\": got \"%s\" want \"%s\"\n", h[i].in,
				      got, h[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
