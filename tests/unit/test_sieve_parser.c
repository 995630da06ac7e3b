/*
 * test_sieve_parser.c - the Sieve parser (RFC 5228 8.2): scripts rendered
 * back as a compact tree, and broken scripts with every diagnostic the
 * error recovery produces (resync at ';' or '}', quiet after a lexer error).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "compile/parser.h"
#include "util.h"

static void render_nodes(struct sbuf *b, struct sieve_node **v, size_t n);

static void render_node(struct sbuf *b, const struct sieve_node *n)
{
	char num[32];

	sbuf_adds(b, n->name);
	for (size_t i = 0; i < n->nargs; i++) {
		const struct sieve_arg *a = &n->args[i];

		sbuf_addc(b, ' ');
		if (a->type == ARG_TAG) {
			sbuf_addc(b, ':');
			sbuf_adds(b, a->tag);
		} else if (a->type == ARG_NUMBER) {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)a->num);
			sbuf_adds(b, num);
		} else {
			sbuf_adds(b, a->type == ARG_LIST ? "[" : "");
			for (size_t k = 0; k < a->n; k++) {
				sbuf_adds(b, k ? ",'" : "'");
				sbuf_adds(b, a->v[k].s);
				sbuf_addc(b, '\'');
			}
			sbuf_adds(b, a->type == ARG_LIST ? "]" : "");
		}
	}
	if (n->ntests > 0) {
		sbuf_adds(b, n->test_list ? " (" : " ");
		for (size_t i = 0; i < n->ntests; i++) {
			sbuf_adds(b, i ? ", " : "");
			render_node(b, n->tests[i]);
		}
		sbuf_adds(b, n->test_list ? ")" : "");
	}
	if (n->has_block) {
		sbuf_adds(b, " {");
		render_nodes(b, n->block, n->nblock);
		sbuf_adds(b, "}");
	}
}

static void render_nodes(struct sbuf *b, struct sieve_node **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(b, i ? "; " : "");
		render_node(b, v[i]);
	}
}

static const struct { const char *src, *want; } good[] = {
	{ "keep;", "keep" },
	{ "", "" },
	{ "# only a comment\n", "" },
	{ "require [\"a\", \"b\"]; stop;", "require ['a','b']; stop" },
	{ "if header :is \"a\" \"b\" { discard; } else { keep; }",
	  "if header :is 'a' 'b' {discard}; else {keep}" },
	{ "if anyof (true, not false, size :over 1K) {}",
	  "if anyof (true, not false, size :over 1024) {}" },
	{ "if allof(a, anyof(b, c)) { if d { e; } }",
	  "if allof (a, anyof (b, c)) {if d {e}}" },
	{ "fileinto :flags [\"\\\\Seen\"] \"x\";",
	  "fileinto :flags ['\\Seen'] 'x'" },
	{ "vacation :days 3 text:\nhi\n.\n;", "vacation :days 3 'hi\r\n'" },
	/* block and test vectors are gathered on one stack: siblings after
	 * nested lists must stay in order and in their own vector */
	{ "if anyof(a, allof(b, c), d) { e; if f { g; h; } i; } j; k;",
	  "if anyof (a, allof (b, c), d) {e; if f {g; h}; i}; j; k" },
	{ "if not anyof(not a, b) { } elsif c { d; } else { e; f; g; h; i; }",
	  "if not anyof (not a, b) {}; elsif c {d}; else {e; f; g; h; i}" },
	{ "a 1 \"s\" [\"l\"] :t [\"m\", \"n\"] x (y 2, z :u \"v\");",
	  "a 1 's' ['l'] :t ['m','n'] x (y 2, z :u 'v')" },
};

static void test_good(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct sieve_diag d = {0};
		struct sieve_node **v = NULL;
		struct arena ar = {0};
		struct sbuf b = {0};
		size_t n = 0;
		int rc = sieve_parse("t", good[i].src, strlen(good[i].src), &d,
				     &ar, &v, &n);

		render_nodes(&b, v, n);
		sbuf_addc(&b, '\0');
		if (rc != 0 || strcmp(b.s, good[i].want) != 0) {
			print_message("# case %zu: rc %d got \"%s\" want \"%s\"\n",
				      i, rc, b.s, good[i].want);
			bad++;
		}
		sbuf_free(&b);
		ast_block_release(v, n);
		arena_free(&ar);
		sieve_diag_free(&d);
	}
	assert_int_equal(bad, 0);
}

#define STRAY "unexpected '}': no block is open here (one '}' too many, " \
	"or a '{' missing before it)"
#define UNCLOSED "unterminated string: the '\"' here is never closed"

static const struct { const char *src, *want; } broken[] = {
	{ "keep", "t:1:5: missing ';' after 'keep' (line 1) before end of script" },
	{ "keep; discard",
	  "t:1:14: missing ';' after 'discard' (line 1) before end of script" },
	{ "keep 1 2 ]; stop; 3; discard",
	  "t:1:10: expected ';' or '{' but found ']'|"
	  "t:1:19: expected command but found number|"
	  "t:1:29: missing ';' after 'discard' (line 1) before end of script" },
	{ "if true { keep ) ; stop; } x;",
	  "t:1:16: expected ';' or '{' but found ')'" },
	{ "if a [\"x\" \"y\"] {} stop;",
	  "t:1:11: expected ',' or ']' but found string" },
	{ "if anyof (a b c,) {}", "t:1:17: expected test but found ')'" },
	{ "}", "t:1:1: " STRAY },
	{ "keep } stop ]", "t:1:6: missing ';' after 'keep' (line 1) before '}'|"
	  "t:1:13: expected ';' or '{' but found ']'" },
	{ "keep ]; \"open", "t:1:6: expected ';' or '{' but found ']'|"
	  "t:1:9: " UNCLOSED },
	{ "\"open ; keep ]", "t:1:1: " UNCLOSED },
	{ "if a { b; } } c; } d; if e { f g; }",
	  "t:1:13: " STRAY "|t:1:18: " STRAY },
	{ "if anyof(a, b \"x\" ;) { d; } e;",
	  "t:1:19: expected ',' or ')' but found ';'|"
	  "t:1:20: expected command but found ')'" },
};

static void test_recovery(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		struct sieve_diag d = {0};
		struct sieve_node **v = NULL;
		struct arena ar = {0};
		struct sbuf b = {0};
		size_t n = 0;
		int rc = sieve_parse("t", broken[i].src, strlen(broken[i].src),
				     &d, &ar, &v, &n);

		for (size_t k = 0; k < d.n; k++) {
			char line[300];

			snprintf(line, sizeof(line), "%s%s:%u:%u: %s", k ? "|" : "",
				 d.v[k].file, d.v[k].line, d.v[k].col, d.v[k].text);
			sbuf_adds(&b, line);
		}
		sbuf_addc(&b, '\0');
		if (rc != -1 || v != NULL || strcmp(b.s, broken[i].want) != 0) {
			print_message("# case %zu: rc %d got \"%s\" want \"%s\"\n",
				      i, rc, b.s, broken[i].want);
			bad++;
		}
		sbuf_free(&b);
		arena_free(&ar);
		sieve_diag_free(&d);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_recovery),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
