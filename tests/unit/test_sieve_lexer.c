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

#include "lexer.h"

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

static const struct { const char *src, *want; } errors[] = {
	{ "keep;\n \"abc", "t:2:2: error: unterminated quoted string" },
	{ "/* x", "t:1:1: error: unterminated comment" },
	{ "keep; ~", "t:1:7: error: unexpected character '~'" },
	{ "\x01", "t:1:1: error: unexpected octet 0x01" },
	{ "5Q", "t:1:1: error: invalid number" },
};

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
