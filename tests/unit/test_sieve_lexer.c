/*
 * test_sieve_lexer.c - the Sieve lexer (RFC 5228 2.2-2.4): one table of
 * scripts with the tokens they must produce (kind, text or number, line
 * and column), and a table of lexical errors with their message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "compile/lexer.h"
#include "limits.h"

/* tokens rendered as "KIND:text@line:col" joined by spaces */
static void render(const char *src, char *out, size_t cap)
{
	struct sieve_diag d = {0};
	struct sieve_lexer lx;
	struct arena ar = {0};
	size_t used = 0;

	out[0] = '\0';
	lexer_init(&lx, "t", src, strlen(src), &d, &ar);
	while (lexer_next(&lx) != TOK_EOF && lx.tok != TOK_ERROR) {
		char tok[256];

		switch (lx.tok) {
		case TOK_IDENT: snprintf(tok, sizeof(tok), "I:%s", lx.str); break;
		case TOK_TAG: snprintf(tok, sizeof(tok), "T:%s", lx.str); break;
		case TOK_STRING: snprintf(tok, sizeof(tok), "S:%s", lx.str); break;
		case TOK_NUMBER:
			snprintf(tok, sizeof(tok), "N:%llu", (unsigned long long)lx.num);
			break;
		default: snprintf(tok, sizeof(tok), "%s", lexer_tok_name(lx.tok));
		}
		used += (size_t)snprintf(out + used, cap - used, "%s%s@%u:%u",
					 used ? " " : "", tok, lx.tline, lx.tcol);
	}
	if (lx.tok == TOK_ERROR)
		snprintf(out + used, cap - used, "%sERROR", used ? " " : "");
	lexer_done(&lx);
	arena_free(&ar);
	sieve_diag_free(&d);
}

static const struct { const char *src, *want; } tokens[] = {
	{ "keep;", "I:keep@1:1 ';'@1:5" },
	{ "KeEp ;", "I:keep@1:1 ';'@1:6" },
	{ "if :Is [\"a\",\"b\"] {}",
	  "I:if@1:1 T:is@1:4 '['@1:8 S:a@1:9 ','@1:12 S:b@1:13 ']'@1:16 "
	  "'{'@1:18 '}'@1:19" },
	{ "\"a\\\"b\\\\c\\d\"", "S:a\"b\\cd@1:1" },
	{ "1 2K 3m 4G", "N:1@1:1 N:2048@1:3 N:3145728@1:6 N:4294967296@1:9" },
	{ "# comment\nstop", "I:stop@2:1" },
	{ "/* a\n b */ stop", "I:stop@2:7" },
	{ "text:\r\nline\r\n..dot\r\n.\r\n;", "S:line\r\n.dot\r\n@1:1 ';'@5:1" },
	{ "text: # c\nx\n.\n", "S:x\r\n@1:1" },
	{ "text:\n.\n", "S:@1:1" },
	{ "\"multi\nline\"", "S:multi\nline@1:1" },
	{ "a(b,c)", "I:a@1:1 '('@1:2 I:b@1:3 ','@1:4 I:c@1:5 ')'@1:6" },
	{ "\"unterminated", "ERROR" },
	{ "/* never", "ERROR" },
	{ "keep @", "I:keep@1:1 ERROR" },
	{ "12abc", "ERROR" },
	{ "99999999999999999999", "ERROR" },
	{ "text: x\n.\n", "ERROR" },
	{ "text:\nno end\n", "ERROR" },
	{ ": x", "ERROR" },
	/* interned names: the cache (same spelling) and the first sight
	 * (capitals, ':' after, near the end) must give the same tokens */
	{ "else elsif else ELSIF Else elsif",
	  "I:else@1:1 I:elsif@1:6 I:else@1:12 I:elsif@1:17 I:else@1:23 "
	  "I:elsif@1:28" },
	{ "header:is header :is Header:IS",
	  "I:header@1:1 T:is@1:7 I:header@1:11 T:is@1:18 I:header@1:22 "
	  "T:is@1:28" },
	{ "texts texts: x", "I:texts@1:1 I:texts@1:7 ERROR" },
	{ "TEXT:\n.\n", "S:@1:1" },
	{ "text text;", "I:text@1:1 I:text@1:6 ';'@1:10" },
	{ ":text text:\nx\n.\n", "T:text@1:1 S:x\r\n@1:7" },
	{ "a", "I:a@1:1" },
	{ "ab ab", "I:ab@1:1 I:ab@1:4" },
	{ "abc abc", "I:abc@1:1 I:abc@1:5" },
	{ "x_1 x_1a x_1", "I:x_1@1:1 I:x_1a@1:5 I:x_1@1:10" },
	{ "fileinto fileinto2 fileinto", "I:fileinto@1:1 I:fileinto2@1:10 "
	  "I:fileinto@1:20" },
	{ "comparatorx comparator comparator", "I:comparatorx@1:1 "
	  "I:comparator@1:13 I:comparator@1:24" },
	/* columns count octets from the line start: tabs, CR, comments */
	{ "\tkeep;\t;", "I:keep@1:2 ';'@1:6 ';'@1:8" },
	{ "keep;\r\nstop;", "I:keep@1:1 ';'@1:5 I:stop@2:1 ';'@2:5" },
	{ "keep # c", "I:keep@1:1" },
	{ "/* a\n\n */ x /**/y", "I:x@3:5 I:y@3:11" },
	{ "\"a\nb\" x", "S:a\nb@1:1 I:x@2:4" },
	{ "\"a\tb\x01" "c\x7f\" x", "S:a\tb\x01" "c\x7f@1:1 I:x@1:10" },
	{ "\"\\\n\" x", "S:\n@1:1 I:x@2:3" },
	{ "\"0123456789abcdef\\\"0123456789\" x",
	  "S:0123456789abcdef\"0123456789@1:1 I:x@1:32" },
	{ "\"\"", "S:@1:1" },
	{ "\"01234567\\", "ERROR" },
};

static void test_tokens(void **state)
{
	char got[1024];
	int bad = 0;

	for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		render(tokens[i].src, got, sizeof(got));
		if (strcmp(got, tokens[i].want) != 0) {
			print_message("# case %zu: got \"%s\" want \"%s\"\n", i,
				      got, tokens[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

#define UNCLOSED "unterminated string: the '\"' here is never closed"
#define NOEND "unterminated comment: the '/*' here is never closed by '*/'"

static const struct { const char *src, *want; } errors[] = {
	{ "keep;\n \"abc", "t:2:2: error: " UNCLOSED },
	{ "/* x", "t:1:1: error: " NOEND },
	{ "keep; ~", "t:1:7: error: unexpected character '~'" },
	{ "\x01", "t:1:1: error: unexpected octet 0x01" },
	{ "5Q", "t:1:1: error: invalid number: digits may be followed only by "
	  "K, M or G" },
	{ "keep; \xe2\x80\x9cx\xe2\x80\x9d;", "t:1:7: error: typographic quote "
	  "\xe2\x80\x9c: Sieve strings are enclosed in plain '\"' quotes" },
	{ "keep; \xc3\xa9", "t:1:7: error: unexpected octet 0xc3: text outside "
	  "ASCII belongs inside a quoted string" },
	{ "keep;\n  \"abcdefghijklmnop", "t:2:3: error: " UNCLOSED },
	{ "x \"ab\ncdefghijklmnopq\" /* never",
	  "t:2:18: error: " NOEND },
	{ "keep; :1", "t:1:7: error: expected a tag name after ':' (as in :contains)" },
};

/* A quoted string of every length up to 40, with a line end, a tab, a
 * control octet or an escape at each place: the eight-octets-at-a-time
 * scan must find the same content and the same line and column after it
 * as this octet-by-octet reckoning. */
static void test_quoted_strings(void **state)
{
	static const char special[] = { '\n', '\t', '\x01', '\\', 'x' };
	int bad = 0;

	for (size_t len = 0; len <= 40; len++) {
		for (size_t at = 0; at <= len; at++) {
			for (size_t k = 0; k < sizeof(special); k++) {
				char src[128], want[128], body[64], got[512];
				size_t n = 0, line = 1, col = 1;   /* the '"' */

				for (size_t i = 0; i < len; i++) {
					char c = i == at ? special[k] : (char)('a' + i % 26);

					if (c == '\\') {   /* an escaped quote */
						body[n++] = '"';
						col += 2;
						continue;
					}
					body[n++] = c;
					if (c == '\n') {   /* col: octets on the line */
						line++;
						col = 0;
					} else {
						col++;
					}
				}
				body[n] = '\0';
				n = 0;
				src[n++] = '"';
				for (size_t i = 0; i < len; i++) {
					char c = i == at ? special[k] : (char)('a' + i % 26);

					if (c == '\\') {
						src[n++] = '\\';
						src[n++] = '"';
					} else {
						src[n++] = c;
					}
				}
				src[n++] = '"';
				src[n++] = ';';
				src[n] = '\0';
				snprintf(want, sizeof(want), "S:%s@1:1 ';'@%zu:%zu", body,
					 line, col + 2);
				render(src, got, sizeof(got));
				if (strcmp(got, want) != 0) {
					print_message("# len %zu at %zu: got \"%s\" want \"%s\"\n",
						      len, at, got, want);
					bad++;
				}
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* A NUL in a quoted string, after a line end and past the first eight
 * octets, is reported at the string's start. */
static void test_nul_in_string(void **state)
{
	static const char src[] = "x\n \"abcdefghij\0klm\" y";
	struct sieve_diag d = {0};
	struct sieve_lexer lx;
	struct arena ar = {0};

	lexer_init(&lx, "t", src, sizeof(src) - 1, &d, &ar);
	assert_int_equal(lexer_next(&lx), TOK_IDENT);
	assert_int_equal(lexer_next(&lx), TOK_ERROR);
	assert_int_equal(lexer_next(&lx), TOK_EOF);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 2);
	assert_string_equal(d.v[0].text, "NUL octet in string");
	lexer_done(&lx);
	arena_free(&ar);
	sieve_diag_free(&d);
}

/* The longest identifier is 128 octets; the longest string 64 KiB. */
static void test_limits(void **state)
{
	static char src[SIEVE_MAX_STRING_LEN + 16];
	char got[512];
	size_t n;

	memset(src, 'a', 128);
	strcpy(src + 128, " b");
	render(src, got, sizeof(got));
	assert_int_equal(strncmp(got, "I:aaaa", 6), 0);
	assert_non_null(strstr(got, " I:b@1:130"));
	memset(src, 'a', 129);
	strcpy(src + 129, " b");
	render(src, got, sizeof(got));
	assert_string_equal(got, "ERROR");

	for (n = 0; n < 2; n++) {   /* the limit, then one more octet */
		size_t len = SIEVE_MAX_STRING_LEN + n;

		src[0] = '"';
		memset(src + 1, 'y', len);
		strcpy(src + 1 + len, "\" z");
		render(src, got, sizeof(got));
		if (n == 0)
			assert_non_null(strstr(got, " I:z@1:"));
		else
			assert_string_equal(got, "ERROR");
	}
}

static void test_error_messages(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct sieve_diag d = {0};
		struct sieve_lexer lx;
		struct arena ar = {0};
		char got[256] = "";

		lexer_init(&lx, "t", errors[i].src, strlen(errors[i].src), &d,
			   &ar);
		while (lexer_next(&lx) != TOK_EOF && lx.tok != TOK_ERROR)
			;
		lexer_done(&lx);
		arena_free(&ar);
		if (d.n == 1)
			snprintf(got, sizeof(got), "%s:%u:%u: error: %s", d.v[0].file,
				 d.v[0].line, d.v[0].col, d.v[0].text);
		if (d.n != 1 || strcmp(got, errors[i].want) != 0) {
			print_message("# case %zu: got \"%s\" (%zu entries) want \"%s\"\n",
				      i, got, d.n, errors[i].want);
			bad++;
		}
		sieve_diag_free(&d);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_quoted_strings),
		cmocka_unit_test(test_nul_in_string),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
