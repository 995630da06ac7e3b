/*
 * test_svtest.c - the testsuite language (filters/testsuite.h) with the
 * outside world stubbed: blocks report in order with test_fail's reason,
 * a block's message and result do not leak into the next, a file that
 * does not compile reports every block failed, and the extension is
 * unknown to a plain compile.  Then one test per engine defect the
 * Pigeonhole suite found, each written as a small testsuite block.
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

#define MAXF 32
#define MAXM 16

/* a message parsed just enough: "Name: value" lines, then the body */
struct stub_msg {
	struct sieve_message m;
	struct sieve_header_field f[MAXF];
	char *text;
};

struct stub {
	struct stub_msg msgs[MAXM];
	size_t nmsgs;
	char names[16][80];
	char whys[16][200];
	bool oks[16];
	size_t n;
};

static ssize_t body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct stub_msg *s = ctx;

	if (off >= s->m.body_size)
		return 0;
	if (len > s->m.body_size - off)
		len = s->m.body_size - off;
	memcpy(buf, s->m.header_block + s->m.header_len + off, len);
	return (ssize_t)len;
}

static int message_text(void *ctx, const char *text, size_t len,
			const struct sieve_message **msg_r, char *why,
			size_t wsize)
{
	struct stub *st = ctx;
	struct stub_msg *s = &st->msgs[st->nmsgs++];
	char *p, *end;

	(void)why;
	(void)wsize;
	assert_true(st->nmsgs <= MAXM);
	s->text = strndup(text, len);
	assert_non_null(s->text);
	end = strstr(s->text, "\r\n\r\n");
	end = end ? end + 4 : s->text + len;
	for (p = s->text; p < end && s->m.nfields < MAXF;) {
		char *colon = strchr(p, ':'), *eol = strstr(p, "\r\n");

		if (colon == NULL || eol == NULL || colon > eol)
			break;
		s->f[s->m.nfields++] = (struct sieve_header_field){
			p, (size_t)(colon - p), colon + 1,
			(size_t)(eol - colon - 1) };
		p = eol + 2;
	}
	s->m.fields = s->f;
	s->m.header_block = s->text;
	s->m.header_len = (size_t)(end - s->text);
	s->m.size = len;
	s->m.body_size = len - s->m.header_len;
	s->m.body_read = body_read;
	s->m.body_ctx = s;
	*msg_r = &s->m;
	return 0;
}

static int smtp_get(void *c, unsigned long i, const struct sieve_message **m,
		    const char **f, const char **t)
{
	return 0;
}

static int folder_get(void *c, const char *f, unsigned long i,
		      const struct sieve_message **m, const char *const **fl,
		      size_t *n)
{
	return 0;
}

static void block(void *c, bool b) { }
static void smtp_reset(void *c) { }
static int mailbox_create(void *c, const char *f) { return 0; }

static int script_load(void *c, const char *n, char **t, size_t *l, char **d)
{
	return -1;
}

static int execute(void *c, const struct sieve_action_list *a,
		   const struct sieve_message *m,
		   const struct sieve_runtime_env *e, char *w, size_t ws)
{
	return 0;
}

static int config_set(void *c, const char *n, const char *v) { return 0; }

static void report(void *ctx, const char *name, bool ok, const char *why)
{
	struct stub *st = ctx;

	assert_true(st->n < 16);
	snprintf(st->names[st->n], sizeof(st->names[0]), "%s", name);
	snprintf(st->whys[st->n], sizeof(st->whys[0]), "%s", why ? why : "");
	st->oks[st->n++] = ok;
}

/* run - the testsuite text; returns what sieve_testsuite_run did. */
static int run(struct stub *st, const char *text)
{
	struct sieve_testsuite_ops ops = {
		message_text, smtp_get, folder_get, block, smtp_reset,
		mailbox_create, script_load, NULL, execute, config_set, NULL,
		report, st,
	};
	struct sieve_runtime_env env = { .location = "MDA" };
	struct sieve_diag d = { 0 };
	int rc;

	memset(st, 0, sizeof(*st));
	rc = sieve_testsuite_run("t.svtest", text, strlen(text), NULL, &env,
				 &ops, &d);
	sieve_diag_free(&d);
	for (size_t i = 0; i < st->nmsgs; i++)
		free(st->msgs[i].text);
	return rc;
}

/* passes - one block, which must pass (else its reason is printed). */
static void passes(const char *requires, const char *body)
{
	char text[4096];
	struct stub st;

	snprintf(text, sizeof(text),
		 "require [\"vnd.dovecot.testsuite\"%s];\ntest \"t\" {\n%s\n}\n",
		 requires, body);
	assert_int_equal(run(&st, text), 1);
	if (!st.oks[0])
		fail_msg("got \"%s\" want pass", st.whys[0]);
}

static void test_blocks_report_in_order(void **state)
{
	struct stub st;
	int rc = run(&st,
		"require \"vnd.dovecot.testsuite\";\n"
		"test \"one\" { }\n"
		"test \"two\" { test_fail \"broken\"; }\n"
		"test \"three\" { if not true { test_fail \"x\"; } }\n");

	assert_int_equal(rc, 3);
	assert_int_equal(st.n, 3);
	assert_string_equal(st.names[1], "two");
	assert_true(st.oks[0]);
	assert_false(st.oks[1]);
	assert_string_equal(st.whys[1], "broken");
	assert_true(st.oks[2]);
}

static void test_blocks_are_fresh(void **state)
{
	struct stub st;

	run(&st,
	    "require [\"vnd.dovecot.testsuite\", \"relational\", "
	    "\"comparator-i;ascii-numeric\"];\n"
	    "test_set \"message\" text:\nSubject: top\n\nbody\n.\n;\n"
	    "test \"sets\" {\n"
	    "  test_set \"message\" text:\nSubject: mine\n\nx\n.\n;\n"
	    "  keep; keep;\n"
	    "  test_set \"envelope.from\" \"<a@b.example>\";\n"
	    "}\n"
	    "test \"sees the top\" {\n"
	    "  if not header :is \"subject\" \"top\" { test_fail \"msg\"; }\n"
	    "  if not test_result_action :count \"eq\" :comparator "
	    "\"i;ascii-numeric\" \"0\" { test_fail \"result\"; }\n"
	    "}\n");
	assert_int_equal(st.n, 2);
	if (!st.oks[1])
		fail_msg("got \"%s\" want pass", st.whys[1]);
}

static void test_uncompiled_file_fails_every_block(void **state)
{
	struct stub st;
	int rc = run(&st,
		"require [\"vnd.dovecot.testsuite\", \"no-such-ext\"];\n"
		"test \"a\" { }\ntest \"b\" { }\n");

	assert_int_equal(rc, 2);
	assert_false(st.oks[0]);
	assert_false(st.oks[1]);
	assert_non_null(strstr(st.whys[0], "no-such-ext"));
}

static void test_unknown_outside_testsuite(void **state)
{
	static const char s[] = "require \"vnd.dovecot.testsuite\";\n";
	struct sieve_diag d = { 0 };
	struct sieve_script *sc = sieve_compile("t", s, strlen(s), NULL, &d);
	char caps[2048];

	assert_null(sc);
	assert_true(d.errors > 0);
	sieve_diag_free(&d);
	assert_int_equal(sieve_capabilities_write(caps, sizeof(caps)), 0);
	assert_null(strstr(caps, "testsuite"));
}

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

/* a folder name that is not UTF-8 is a run-time error, and one that is
 * stays fine */
static void test_fileinto_bad_utf8(void **state)
{
	static const char *const names[][2] = {
		{ "${hex:ff}rop", "e" }, { "a${hex:c3}", "e" },
		{ "${hex:ed a0 80}", "e" }, { "${hex:c0 af}", "e" },
		{ "B${hex:c3 bc}cher", "" }, { "${hex:f0 9f 93 a7}", "" },
	};

	for (size_t i = 0; i < 6; i++) {
		char s[300];
		struct sieve_message m = { .header_block = "\n",
					   .header_len = 1, .size = 1 };
		struct sieve_runtime_env env = { .envelope = { "a@b", "c@d" } };
		struct sieve_action_list out = { 0 };
		struct sieve_diag d = { 0 };
		struct sieve_script *sc;
		int rc;

		snprintf(s, sizeof(s), "require [\"fileinto\", "
			 "\"encoded-character\"];\nfileinto \"%s\";\n",
			 names[i][0]);
		sc = sieve_compile("t", s, strlen(s), NULL, &d);
		assert_non_null(sc);
		rc = sieve_run(sc, &m, &env, NULL, &out, &d);
		if (rc != (names[i][1][0] ? -1 : 0))
			fail_msg("%s: got %d want %s", names[i][0], rc,
				 names[i][1][0] ? "an error" : "0");
		sieve_actions_free(&out);
		sieve_script_free(&sc);
		sieve_diag_free(&d);
	}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_report_in_order),
		cmocka_unit_test(test_blocks_are_fresh),
		cmocka_unit_test(test_uncompiled_file_fails_every_block),
		cmocka_unit_test(test_unknown_outside_testsuite),
		cmocka_unit_test(test_match_var_leading_zeroes),
		cmocka_unit_test(test_hasflag_variable_list),
		cmocka_unit_test(test_extracttext_modifiers),
		cmocka_unit_test(test_size_after_edit),
		cmocka_unit_test(test_redirect_after_edit),
		cmocka_unit_test(test_include_once_recursive),
		cmocka_unit_test(test_no_body),
		cmocka_unit_test(test_fileinto_bad_utf8),
		cmocka_unit_test(test_second_std_tag_refused),
		cmocka_unit_test(test_body_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
