/*
 * test_diagnostics.c - what mda says about each broken script of
 * tests/sieve/broken/ (the mistakes people make: a missing ';', braces
 * and quotes that do not pair, a missing require, misspelled names, wrong
 * argument types ...), pinned word for word with line:col.  Every
 * message here also appears in docs/diagnostics.md beside sievec's
 * (docs/gen-diagnostics.sh).  A new broken script needs a row here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* name, then every diagnostic as "line:col: text", joined by '|' */
static const struct { const char *name, *want; } pinned[] = {
	{ "01-missing-semicolon-require",
	  "1:1: missing ';' after 'require': the 'fileinto' on line 2"
	  " was read as part of it" },
	{ "02-missing-semicolon-action",
	  "4:1: missing ';' after 'fileinto' (line 3) before '}'" },
	{ "03-missing-semicolon-before-if",
	  "1:1: missing ';' after 'keep': the 'if' on line 2 was read"
	  " as part of it" },
	{ "04-unbalanced-brace-open",
	  "4:1: the block of 'if' (line 2) is never closed: '}'"
	  " missing at the end of the script" },
	{ "05-unbalanced-brace-close",
	  "2:1: unexpected '}': no block is open here (one '}' too"
	  " many, or a '{' missing before it)" },
	{ "06-unterminated-string",
	  "3:18: unterminated string: the '\"' here is never closed" },
	{ "07-unterminated-comment",
	  "1:1: unterminated comment: the '/*' here is never closed by"
	  " '*/'" },
	{ "08-missing-require",
	  "2:3: 'fileinto' needs require \"fileinto\"" },
	{ "09-missing-require-tag",
	  "1:11: :regex needs require \"regex\"" },
	{ "10-misspelled-command",
	  "2:1: unknown command 'filein' (did you mean 'fileinto'?)" },
	{ "11-misspelled-test",
	  "1:4: unknown test 'heder' (did you mean 'header'?)" },
	{ "12-misspelled-tag",
	  "1:11: unknown tag :contain for 'header' (did you mean"
	  " :contains?)" },
	{ "13-wrong-argument-type",
	  "2:10: 'fileinto' argument 1: expected string, found number" },
	{ "14-number-for-string-list",
	  "1:25: 'header' argument 2: expected string list, found"
	  " number" },
	{ "15-unknown-comparator",
	  "1:23: unknown comparator \"i;octets-casemap\"" },
	{ "16-regex-syntax",
	  "2:28: invalid regular expression \"([a-z]+\"" },
	{ "17-require-after-command",
	  "2:1: require must come before other commands" },
	{ "18-elsif-without-if",
	  "1:1: 'elsif' without 'if'" },
	{ "19-else-without-if",
	  "2:1: 'else' without 'if'" },
	{ "20-unknown-extension",
	  "1:9: unknown extension \"fileinto2\" (did you mean"
	  " \"fileinto\"?)" },
	{ "21-if-without-block",
	  "1:1: 'if' needs a block|1:4: test 'true' takes no test: is"
	  " a '{' missing before 'keep' on line 1?" },
	{ "22-test-without-parens",
	  "1:34: expected ';' or '{' but found ','" },
	{ "23-missing-comma-testlist",
	  "1:11: test 'true' takes no test: is a ',' (or ')') missing"
	  " before 'false' on line 1?" },
	{ "24-trailing-comma-stringlist",
	  "1:27: expected string but found ']'" },
	{ "25-missing-test",
	  "1:1: 'if' needs one test" },
	{ "26-too-few-arguments",
	  "1:4: 'header' needs 2 arguments, found 1" },
	{ "27-extra-argument",
	  "1:6: too many arguments for 'keep' (it takes 0)" },
	{ "28-stop-with-block",
	  "1:1: 'stop' takes no block" },
	{ "29-unterminated-string-list",
	  "1:34: expected ',' or ']' but found string" },
	{ "30-smart-quotes",
	  "1:9: typographic quote “: Sieve strings are enclosed in"
	  " plain '\"' quotes" },
	{ "31-double-match-type",
	  "1:15: only one match type may be given: :is and :contains" },
	{ "32-size-no-tag",
	  "1:4: size needs one of :over or :under" },
	{ "33-bad-number-suffix",
	  "1:15: invalid number: digits may be followed only by K, M"
	  " or G" },
	{ "34-fileinto-flags-no-require",
	  "2:10: :flags needs require \"imap4flags\"" },
	{ "35-unknown-variable-namespace",
	  "2:5: set: invalid variable name \"a.b\"" },
	{ "36-vacation-bad-days",
	  "2:10: :days needs a number argument" },
	{ "37-relational-bad-op",
	  "2:18: unknown relation \"greater\": one of \"gt\", \"ge\", \"lt\","
	  " \"le\", \"eq\" or \"ne\"" },
	{ "38-date-no-require",
	  "1:4: 'date' needs require \"date\"" },
	{ "39-colon-in-command",
	  "2:9: expected a tag name after ':' (as in :contains)" },
	{ "40-text-not-terminated",
	  "2:10: unterminated text: block: no line holding only '.'"
	  " ends it" },
	{ "41-reject-in-if-test",
	  "2:4: 'reject' is a command, not a test: it cannot stand"
	  " after 'if' or inside a test list" },
	{ "42-bad-escape-unknown-ident",
	  "1:39: unknown command 'elseif' (did you mean 'elsif'?)" },
	{ "43-else-if",
	  "2:1: 'else if' is spelled 'elsif' in Sieve" },
};

static const char *dir(void)
{
	static char buf[4096];
	const char *root = getenv("MDA_ROOT");

	snprintf(buf, sizeof(buf), "%.3000s/tests/sieve/broken",
		 root ? root : ".");
	return buf;
}

/* messages - compile NAME.sieve and join its diagnostics into out. */
static int messages(const char *name, char *out, size_t size)
{
	char path[4096], text[8192];
	struct sieve_diag d = { 0 };
	struct sieve_script *s;
	size_t len, used = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%.3500s/%.200s.sieve", dir(), name);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	snprintf(path, sizeof(path), "%.200s.sieve", name);
	s = sieve_compile(path, text, len, NULL, &d);
	out[0] = '\0';
	for (size_t i = 0; i < d.n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%u:%u: %s",
					 i ? "|" : "", d.v[i].line, d.v[i].col,
					 d.v[i].text);
	sieve_script_free(&s);
	sieve_diag_free(&d);
	return s == NULL ? 0 : -1;
}

static void test_pinned(void **state)
{
	char got[2048];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(pinned); i++) {
		if (messages(pinned[i].name, got, sizeof(got)) != 0) {
			printf("# %s: not read, or compiled without error\n",
			       pinned[i].name);
			bad++;
		} else if (strcmp(got, pinned[i].want) != 0) {
			printf("# %s:\n#  got  %s\n#  want %s\n",
			       pinned[i].name, got, pinned[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* test_every_script_pinned - no broken script goes unpinned. */
static void test_every_script_pinned(void **state)
{
	DIR *dp = opendir(dir());
	struct dirent *de;
	size_t scripts = 0;
	int bad = 0;

	(void)state;
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);
		bool found = false;

		if (n < 7 || strcmp(de->d_name + n - 6, ".sieve") != 0)
			continue;
		scripts++;
		for (size_t i = 0; i < N(pinned); i++)
			found |= strncmp(pinned[i].name, de->d_name, n - 6) == 0 &&
				 pinned[i].name[n - 6] == '\0';
		if (!found) {
			printf("# %s has no pinned messages\n", de->d_name);
			bad++;
		}
	}
	closedir(dp);
	assert_int_equal(bad, 0);
	assert_int_equal(scripts, N(pinned));
	assert_true(scripts >= 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned),
		cmocka_unit_test(test_every_script_pinned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
