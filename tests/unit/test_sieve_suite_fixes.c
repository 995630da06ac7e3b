/*
 * test_sieve_suite_fixes.c - one test per engine defect that Pigeonhole's
 * conformance suite found (tests/e2e/0310-pigeonhole-suite.sh), most
 * written as a small testsuite block over the stubbed world of
 * svtest_stub.h; each fails without its fix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"
#include "testsuite.h"

#include "run/hdr-format.h"
#include "svtest_stub.h"

/* RFC 5229 3: a match variable may be written with leading zeroes */
static void test_match_var_leading_zeroes(void **state)
{
	passes(", \"variables\"",
	       "if not string :matches \"frop:frup:frop\" \"*:*:*\" "
	       "{ test_fail \"no match\"; }\n"
	       "if not string :is \"${0000002}\" \"frup\" "
	       "{ test_fail \"got ${0000002}\"; }");
}

/* RFC 5232 5: hasflag's first argument is a list of variables */
static void test_hasflag_variable_list(void **state)
{
	passes(", \"imap4flags\", \"variables\"",
	       "set \"a\" \"\\\\Seen\"; set \"b\" \"$Work\";\n"
	       "if not hasflag [\"a\", \"b\"] \"$work\" "
	       "{ test_fail \"not in b\"; }\n"
	       "if hasflag [\"a\", \"b\"] \"\\\\Flagged\" "
	       "{ test_fail \"found a flag in neither\"; }");
}

/* RFC 5703 7: extracttext takes set's modifiers */
static void test_extracttext_modifiers(void **state)
{
	passes(", \"foreverypart\", \"extracttext\", \"variables\"",
	       "test_set \"message\" text:\nSubject: x\n\nHeLLo World\n.\n;\n"
	       "foreverypart {\n"
	       "  extracttext :length \"n\";\n"
	       "  extracttext :upper :first 5 \"u\";\n"
	       "}\n"
	       "if not string :comparator \"i;octet\" :is \"${n}:${u}\" "
	       "\"13:HELLO\" { test_fail \"got ${n}:${u}\"; }");
}

/* size counts the message as edited so far (as Pigeonhole) */
static void test_size_after_edit(void **state)
{
	passes(", \"editheader\"",
	       "test_set \"message\" text:\nSubject: x\n\nbody\n.\n;\n"
	       "if not size :under 21 { test_fail \"before\"; }\n"
	       "addheader \"X-A\" \"12345\";\n"
	       "if size :under 32 { test_fail \"not larger\"; }\n"
	       "if size :over 32 { test_fail \"too large\"; }\n"
	       "deleteheader \"subject\";\n"
	       "if not size :under 21 { test_fail \"not smaller\"; }");
}

/* RFC 5293 2: a redirect after an edit carries the edited header */
static void test_redirect_after_edit(void **state)
{
	static const char s[] =
		"require \"editheader\";\nredirect \"a@example.org\";\n"
		"addheader \"X-Edited\" \"yes\";\nredirect \"b@example.org\";\n";
	static struct sieve_header_field f = { "Subject", 7, " x", 2 };
	struct sieve_message m = { .fields = &f, .nfields = 1,
		.header_block = "Subject: x\n\n", .header_len = 12,
		.size = 12 };
	struct sieve_runtime_env env = { .envelope = { "a@b.c", "d@e.f" } };
	struct sieve_action_list out = { 0 };
	struct sieve_diag d = { 0 };
	struct sieve_script *sc = sieve_compile("t", s, strlen(s), NULL, &d);

	assert_non_null(sc);
	assert_int_equal(sieve_run(sc, &m, &env, NULL, &out, &d), 0);
	assert_int_equal(out.n, 2);
	assert_null(out.v[0].header_block);
	assert_non_null(out.v[1].header_block);
	assert_string_equal(out.v[1].header_block, "X-Edited: yes\nSubject: x\n\n");
	sieve_actions_free(&out);
	sieve_script_free(&sc);
	sieve_diag_free(&d);
}

static int mem_load(void *ctx, bool global, const char *name, char **text_r,
		    size_t *len_r, char **name_r)
{
	static const char *const scripts[][2] = {
		{ "a", "require \"include\";\ninclude \"b\";\nkeep;\n" },
		{ "b", "require \"include\";\ninclude :once \"a\";\n" },
	};

	for (size_t i = 0; i < 2; i++)
		if (strcmp(name, scripts[i][0]) == 0) {
			*text_r = strdup(scripts[i][1]);
			*len_r = strlen(scripts[i][1]);
			*name_r = strdup(name);
			return 0;
		}
	return -1;
}

/* RFC 6609 3.2: include :once of a script being included is no loop */
static void test_include_once_recursive(void **state)
{
	static const char s[] = "require \"include\";\ninclude \"a\";\n";
	struct sieve_loader loader = { mem_load, NULL };
	struct sieve_message m = { .header_block = "\n", .header_len = 1,
				   .size = 1 };
	struct sieve_runtime_env env = { .envelope = { "a@b.c", "d@e.f" } };
	struct sieve_action_list out = { 0 };
	struct sieve_diag d = { 0 };
	struct sieve_script *sc = sieve_compile("t", s, strlen(s), &loader,
						&d);

	if (sc == NULL)
		fail_msg("got \"%s\" want a compiled script",
			 d.n ? d.v[0].text : "?");
	assert_int_equal(sieve_run(sc, &m, &env, NULL, &out, &d), 0);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].type, SIEVE_ACT_KEEP);
	assert_non_null(out.v[0].script);   /* a's keep, not the implicit */
	sieve_actions_free(&out);
	sieve_script_free(&sc);
	sieve_diag_free(&d);
}

/* RFC 5173 5: a header without the empty line after it has no body:
 * body tests are false, even for "" */
static void test_no_body(void **state)
{
	passes(", \"body\"",
	       "test_set \"message\" text:\nSubject: x\n.\n;\n"
	       "if body :raw :contains \"\" { test_fail \"raw matched\"; }\n"
	       "if body :text :contains \"\" { test_fail \"text matched\"; }\n"
	       "test_set \"message\" text:\nSubject: x\n\n.\n;\n"
	       "if not body :raw :is \"\" { test_fail \"empty body\"; }");
}

/* a folder name that is not UTF-8 is an error: at compile time when it
 * is a constant (as Pigeonhole), else when fileinto runs */
static void test_fileinto_bad_utf8(void **state)
{
	/* "c": a constant, refused at compile time; "r": through a
	 * variable, a run-time error; "": a good name */
	static const char *const names[][2] = {
		{ "${hex:ff}rop", "c" }, { "a${hex:c3}", "c" },
		{ "${hex:ed a0 80}", "c" }, { "${hex:c0 af}", "c" },
		{ "B${hex:c3 bc}cher", "" }, { "${hex:f0 9f 93 a7}", "" },
		{ "${bad}rop", "r" }, { "${good}", "" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char s[300];
		struct sieve_message m = { .header_block = "\n",
					   .header_len = 1, .size = 1 };
		struct sieve_runtime_env env = { .envelope = { "a@b", "c@d" } };
		struct sieve_action_list out = { 0 };
		struct sieve_diag d = { 0 };
		struct sieve_script *sc;
		int rc;

		snprintf(s, sizeof(s), "require [\"fileinto\", "
			 "\"encoded-character\", \"variables\"];\n"
			 "set \"bad\" \"${hex:fe}\"; set \"good\" \"ok\";\n"
			 "fileinto \"%s\";\n", names[i][0]);
		sc = sieve_compile("t", s, strlen(s), NULL, &d);
		if ((sc == NULL) != (names[i][1][0] == 'c') ||
		    (sc == NULL && d.errors != 1))
			fail_msg("%s: compiled %d with %zu errors", names[i][0],
				 sc != NULL, d.errors);
		rc = sc == NULL ? -1 : sieve_run(sc, &m, &env, NULL, &out, &d);
		if (sc != NULL && rc != (names[i][1][0] == 'r' ? -1 : 0))
			fail_msg("%s: got %d want %s", names[i][0], rc,
				 names[i][1][0] ? "an error" : "0");
		sieve_actions_free(&out);
		sieve_script_free(&sc);
		sieve_diag_free(&d);
	}
}

/* RFC 5490 3.1: a constant name that is not UTF-8 can never exist: a
 * warning, and the script compiles */
static void test_mailboxexists_bad_utf8_warns(void **state)
{
	static const char s[] = "require [\"mailbox\", "
		"\"encoded-character\"];\n"
		"if mailboxexists [\"a\", \"${hex:ff}b\"] { stop; }\n";
	struct sieve_diag d = { 0 };
	struct sieve_script *sc = sieve_compile("t", s, strlen(s), NULL, &d);

	assert_non_null(sc);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.n, 1);
	assert_false(d.v[0].error);
	sieve_script_free(&sc);
	sieve_diag_free(&d);
}

/* RFC 5228 2.7: one comparator, match type and address part per test */
static void test_second_std_tag_refused(void **state)
{
	static const char *const bad[] = {
		"if address :all :domain \"from\" \"x\" { keep; }\n",
		"if header :is :contains \"to\" \"x\" { keep; }\n",
		"if header :comparator \"i;octet\" :comparator \"i;octet\" "
		"\"to\" \"x\" { keep; }\n",
	};
	static const char good[] =
		"if address :all :comparator \"i;octet\" :is \"from\" \"x\" "
		"{ keep; }\n";
	struct sieve_diag d = { 0 };
	struct sieve_script *sc;

	for (size_t i = 0; i < 3; i++) {
		sc = sieve_compile("t", bad[i], strlen(bad[i]), NULL, &d);
		if (sc != NULL)
			fail_msg("got a script want an error: %s", bad[i]);
		sieve_diag_free(&d);
	}
	sc = sieve_compile("t", good, strlen(good), NULL, &d);
	assert_non_null(sc);
	sieve_script_free(&sc);
	sieve_diag_free(&d);
}

/* RFC 5173 5.2: :count counts the parts searched; :content
 * "message/rfc822" searches the enclosed header; RFC 2045 6.4: a part
 * in an unknown transfer encoding is opaque, not text */
static void test_body_parts(void **state)
{
	passes(", \"body\", \"relational\", \"comparator-i;ascii-numeric\"",
	       "test_set \"message\" text:\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\npre\n--b\nContent-Type: text/plain\n\nHello\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: x-frob\n\nFrobbed\n--b\nContent-Type: message/rfc822\n\nFrom: inner@example.org\nSubject: in\n\nPlease\n--b--\n.\n;\n"
	       "if not body :content \"text\" :count \"eq\" "
	       ":comparator \"i;ascii-numeric\" \"2\" { test_fail \"count\"; }\n"
	       "if not body :content \"message/rfc822\" :contains "
	       "\"From: inner@example.org\" { test_fail \"rfc822\"; }\n"
	       "if body :content \"message/rfc822\" :contains \"Please\" "
	       "{ test_fail \"rfc822 body\"; }\n"
	       "if body :text :contains \"Frobbed\" { test_fail \"x-frob\"; }\n"
	       "if not body :text :contains \"Please\" { test_fail \"nested\"; }");
}

/* an added value's line break is a fold whose TAB replaces the blanks
 * that began the next line, byte for byte as dovecot-lda writes it (so
 * it reads back with one space, as Pigeonhole's addheader.svtest wants) */
static void test_addheader_line_breaks(void **state)
{
	char *v = sieve_hdr_value("long content\r\n containing\n\t newlines",
				  7);

	assert_non_null(v);
	assert_string_equal(v, " long content\n\tcontaining\n\tnewlines");
	free(v);
}

/* one error for each broken command, as Pigeonhole's suite counts them:
 * an argument error, not also "needs N arguments"; no test of a command
 * that takes none is looked into; a misplaced require is that error only;
 * a wrong test and a wrong block are one shape error */
static void test_one_error_per_command(void **state)
{
	static const struct { const char *s; size_t want; } cases[] = {
		{ "if header :is \"a\" :all { keep; }\n", 1 },
		{ "if true { stop; } else if false { keep; }\n", 1 },
		{ "if true { require \"nosuch\"; }\n", 1 },
		{ "stop \"frop\" true { stop; }\n", 2 },
		{ "keep true { stop; }\n", 1 },
		{ "require \"fileinto\";\nfileinto true;\n", 1 },
		{ "require \"fileinto\";\nfileinto \"a\" true;\n", 1 },
		{ "require \"fileinto\";\nfileinto 3 true;\n", 2 },
		{ "if address matches \"from\" \"x\" { stop; }\n", 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sieve_diag d = { 0 };
		struct sieve_script *sc = sieve_compile("t", cases[i].s,
							strlen(cases[i].s),
							NULL, &d);

		assert_null(sc);
		if (d.errors != cases[i].want)
			fail_msg("%s: got %zu errors want %zu", cases[i].s,
				 d.errors, cases[i].want);
		sieve_diag_free(&d);
	}
}

/* XBD 9.4.3: a repetition with nothing to repeat is undefined in an
 * ERE; refused as Pigeonhole does, whatever TRE would make of it */
static void test_regex_bare_repetition(void **state)
{
	static const struct { const char *re; bool ok; } cases[] = {
		{ "sirius(+\\\\+.*)?@x", false }, { "*a", false },
		{ "a|?", false }, { "^*", false }, { "(a|{2})", false },
		{ "a+(b)?", true }, { "[*+]x", true }, { "\\\\*", true },
		{ "^a*$", true }, { "[]*]+", true }, { "[[:alpha:]*]", true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char s[200];
		struct sieve_diag d = { 0 };
		struct sieve_script *sc;

		snprintf(s, sizeof(s), "require \"regex\";\n"
			 "if header :regex \"to\" \"%s\" { stop; }\n",
			 cases[i].re);
		sc = sieve_compile("t", s, strlen(s), NULL, &d);
		if ((sc != NULL) != cases[i].ok)
			fail_msg("%s: compiled %d want %d", cases[i].re,
				 sc != NULL, cases[i].ok);
		sieve_script_free(&sc);
		sieve_diag_free(&d);
	}
}

/* what test_result_execute handed the world last: the message and the
 * version each action took */
static struct executed {
	const struct sieve_message *msg;
	unsigned versions[8];
	size_t n;
} executed[4];
static size_t nexecuted;

static int record_execute(void *c, const struct sieve_action_list *a,
			  const struct sieve_message *m,
			  const struct sieve_runtime_env *e, char *w, size_t ws)
{
	struct executed *x = &executed[nexecuted++];

	assert_true(nexecuted <= 4);
	x->msg = m;
	x->n = 0;
	for (size_t i = 0; i < a->n && i < 8; i++)
		x->versions[x->n++] = a->v[i].version;
	return 0;
}

/* a filter whose output is the message in ctx, version 1 */
static int replace_program(void *ctx, struct sieve_program_call *c)
{
	c->new_msg = ctx;
	c->version = 1;
	return SIEVE_PROGRAM_OK;
}

/* spec-bosch-sieve-extprograms 6.1: an action filed before a filter
 * keeps the version it took.  test_result_execute hands over the block's
 * message as version 0 (not the filter's output, which every action
 * before the filter would then store), and the next block starts from
 * version 0 again. */
static void test_execute_gets_version_zero(void **state)
{
	static const char text[] =
		"require [\"vnd.dovecot.testsuite\", \"vnd.dovecot.filter\", "
		"\"fileinto\"];\n"
		"test_set \"message\" text:\nSubject: top\n\nbody\n.\n;\n"
		"test \"filtered\" {\n  fileinto \"A\";\n  filter \"f\";\n"
		"  fileinto \"B\";\n  if not test_result_execute "
		"{ test_fail \"execute\"; }\n}\n"
		"test \"next\" {\n  fileinto \"C\";\n  if not "
		"test_result_execute { test_fail \"execute\"; }\n}\n";
	static struct sieve_header_field f = { "Subject", 7, " new", 4 };
	struct sieve_message out = { .fields = &f, .nfields = 1,
		.header_block = "Subject: new\n\n", .header_len = 14,
		.size = 14 };
	struct stub st = { 0 };
	struct sieve_testsuite_ops ops = {
		message_text, smtp_get, folder_get, block, smtp_reset,
		mailbox_create, script_load, NULL, record_execute, config_set,
		NULL, report, &st, "/suite/dir",
	};
	struct sieve_runtime_env env = { .location = "MDA",
		.program = replace_program, .program_ctx = &out };
	struct sieve_diag d = { 0 };
	assert_int_equal(sieve_testsuite_run("t.svtest", text, strlen(text),
					     NULL, &env, &ops, &d), 2);
	if (!st.oks[0] || !st.oks[1])
		fail_msg("got \"%s\" \"%s\" want passes", st.whys[0],
			 st.whys[1]);
	assert_int_equal(nexecuted, 2);
	/* "filtered": A took version 0, B the filter's output */
	assert_memory_equal(executed[0].msg->header_block, "Subject: top", 12);
	assert_int_equal(executed[0].n, 2);
	assert_int_equal(executed[0].versions[0], 0);
	assert_int_equal(executed[0].versions[1], 1);
	/* "next": its own fresh message, version 0 (not the first's 1) */
	assert_memory_equal(executed[1].msg->header_block, "Subject: top", 12);
	assert_int_equal(executed[1].n, 1);
	assert_int_equal(executed[1].versions[0], 0);
	sieve_diag_free(&d);
	for (size_t i = 0; i < st.nmsgs; i++)
		free(st.msgs[i].text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_var_leading_zeroes),
		cmocka_unit_test(test_hasflag_variable_list),
		cmocka_unit_test(test_extracttext_modifiers),
		cmocka_unit_test(test_size_after_edit),
		cmocka_unit_test(test_redirect_after_edit),
		cmocka_unit_test(test_include_once_recursive),
		cmocka_unit_test(test_no_body),
		cmocka_unit_test(test_fileinto_bad_utf8),
		cmocka_unit_test(test_mailboxexists_bad_utf8_warns),
		cmocka_unit_test(test_second_std_tag_refused),
		cmocka_unit_test(test_body_parts),
		cmocka_unit_test(test_addheader_line_breaks),
		cmocka_unit_test(test_one_error_per_command),
		cmocka_unit_test(test_regex_bare_repetition),
		cmocka_unit_test(test_execute_gets_version_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
