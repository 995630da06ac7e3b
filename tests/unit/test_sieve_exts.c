/*
 * test_sieve_exts.c - the engine side of the extensions of issue 16, with
 * the delivery agent replaced by small callbacks:
 *   - mailto URIs (RFC 5436/6068): valid and invalid ones, how they are
 *     taken apart;
 *   - program names (spec-bosch-sieve-extprograms 3);
 *   - execute asks env->program with the right request and puts :output
 *     into a variable; a failing program leaves it alone; filter makes
 *     later tests see the new message and earlier actions keep version 0;
 *     pipe is an action with its arguments, twice to one program is an
 *     error;
 *   - set :encodeurl, ihave's unchecked block, :index picks, :list with
 *     the site's lists, redirect :list (each member; an unknown list
 *     is a run-time error), notify's per-run limit;
 *   - the old names: a draft and its RFC refused together (one error, at
 *     the second name), vnd.dovecot.duplicate, vnd.dovecot.debug.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/mailto.h"
#include "run/program.h"
#include "sieve.h"
#include "site.h"

/* a message of header fields only, "Name: value" each */
struct msg {
	struct sieve_header_field f[8];
	struct sieve_message m;
	char block[512];
};

static void msg_init(struct msg *x, const char *const *lines, size_t n)
{
	size_t off = 0;

	memset(x, 0, sizeof(*x));
	for (size_t i = 0; i < n; i++) {
		const char *c = strchr(lines[i], ':');

		x->f[i].name = lines[i];
		x->f[i].name_len = (size_t)(c - lines[i]);
		x->f[i].value = c + 1;
		x->f[i].value_len = strlen(c + 1);
		off += (size_t)snprintf(x->block + off, sizeof(x->block) - off,
					"%s\n", lines[i]);
	}
	off += (size_t)snprintf(x->block + off, sizeof(x->block) - off, "\n");
	x->m.fields = x->f;
	x->m.nfields = n;
	x->m.header_block = x->block;
	x->m.header_len = off;
	x->m.size = off;
}

/* the fake program runner: records the last call, answers as told */
struct fake {
	int answer;
	const char *output;
	const struct sieve_message *new_msg;
	char name[64], args[256], input[256];
	bool message;
	int calls;
};

static int fake_program(void *ctx, struct sieve_program_call *c)
{
	struct fake *f = ctx;
	size_t off = 0;

	f->calls++;
	snprintf(f->name, sizeof(f->name), "%s", c->name);
	f->args[0] = '\0';
	for (size_t i = 0; i < c->nargs; i++)
		off += (size_t)snprintf(f->args + off, sizeof(f->args) - off,
					"[%s]", c->args[i]);
	snprintf(f->input, sizeof(f->input), "%.*s", (int)c->input_len,
		 c->input ? c->input : "");
	f->message = c->message;
	if (f->answer == SIEVE_PROGRAM_OK && f->output != NULL && c->want_output)
		c->output = strdup(f->output);
	if (f->answer == SIEVE_PROGRAM_OK && f->new_msg != NULL) {
		c->new_msg = f->new_msg;
		c->version = 1;
	}
	snprintf(c->error, sizeof(c->error), "fake failure");
	return f->answer;
}

/* run - compile text and run it; the actions printed one per line into
 * out (and "ERROR" when the run failed). */
static void run(const char *text, const struct sieve_message *m,
		struct sieve_runtime_env *env, char *out, size_t size)
{
	struct sieve_diag d = { 0 };
	struct sieve_action_list acts = { 0 };
	struct sieve_script *s = sieve_compile("t.sieve", text, strlen(text),
					       NULL, &d);
	FILE *f = fmemopen(out, size, "w");

	assert_non_null(f);
	if (s == NULL) {
		sieve_diag_print(&d, f);
	} else {
		if (sieve_run(s, m, env, NULL, &acts, &d) != 0)
			fputs("ERROR\n", f);
		for (size_t i = 0; i < acts.n; i++) {
			sieve_action_print(&acts.v[i], f);
			fputc('\n', f);
		}
	}
	fclose(f);
	sieve_actions_free(&acts);
	sieve_script_free(&s);
	sieve_diag_free(&d);
}

static void expect(const char *text, const struct sieve_message *m,
		   struct sieve_runtime_env *env, const char *want)
{
	char got[2048];

	run(text, m, env, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("script:\n%s\ngot:\n%s\nwant:\n%s", text, got, want);
}

static void test_mailto(void **state)
{
	static const char *const good[] = {
		"mailto:a@example.org", "mailto:a@example.org%2cb@example.org",
		"mailto:?to=a@example.org", "mailto:", "MAILTO:a@example.org",
		"mailto:a@example.org?subject=Hi%20there&body=a%0Ab",
		"mailto:a@example.org?x-whatever=1",
	};
	static const char *const bad[] = {
		"xmpp:a@example.org", "mailto:a%23example.org",
		"mailto:a@example.org;", "mailto:a@example.org?header<=x",
		"mailto:a@example.org?h:=x", "mailto:a@example.org?subject=a%0Ab",
		"mailto:a@example.org?to=b%23example.org", "mailto:a@b%0",
		"mailto:a@example.org?subject=caf%C3%A9",
	};
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	char err[200];

	assert_non_null(nt);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!sieve_notify_uri_ok(good[i]))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sieve_notify_uri_ok(bad[i]))
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(sieve_mailto_parse("mailto:a@x.org%2Cb@x.org?bcc="
		"d@x.org&cc=c@x.org&subject=S%26P&body=B", nt, err,
		sizeof(err)), 0);
	assert_int_equal(nt->nrcpt, 4);
	assert_int_equal(nt->nto, 2);
	assert_int_equal(nt->ncc, 1);
	assert_string_equal(nt->rcpt[0], "a@x.org");
	assert_string_equal(nt->rcpt[1], "b@x.org");
	assert_string_equal(nt->rcpt[2], "c@x.org");
	assert_string_equal(nt->rcpt[3], "d@x.org");
	assert_string_equal(nt->subject, "S&P");
	assert_string_equal(nt->body, "B");
	sieve_notify_free(nt);
}

static void test_program_names(void **state)
{
	assert_true(sieve_program_name_ok("sa-learn"));
	assert_true(sieve_program_name_ok("caf\xc3\xa9"));
	assert_false(sieve_program_name_ok(""));
	assert_false(sieve_program_name_ok("a/b"));
	assert_false(sieve_program_name_ok("a\x1a"));
	assert_false(sieve_program_name_ok("a\x7f"));
	assert_false(sieve_program_name_ok("a\xc2\x85"));
	assert_false(sieve_program_name_ok("a\xe2\x80\xa8"));
	assert_false(sieve_program_name_ok("a\xe2\x80\xa9"));
}

static void test_execute(void **state)
{
	static const char *const h[] = { "Subject: hello" };
	struct msg x;
	struct fake f = { .answer = SIEVE_PROGRAM_OK, .output = "out put" };
	struct sieve_runtime_env env = { .program = fake_program,
					 .program_ctx = &f };

	msg_init(&x, h, 1);
	expect("require [\"vnd.dovecot.execute\", \"variables\", \"fileinto\"];"
	       "set \"v\" \"old\";"
	       "execute :input \"in ${v}\" :output \"v\" \"prog\" [\"-a\", \"${v}\"];"
	       "fileinto \"${v}\";", &x.m, &env,
	       "fileinto \"out put\" (t.sieve:1)\n");
	assert_string_equal(f.name, "prog");
	assert_string_equal(f.args, "[-a][old]");
	assert_string_equal(f.input, "in old");
	assert_false(f.message);

	f.answer = SIEVE_PROGRAM_FALSE;   /* a non-zero exit: v unchanged */
	expect("require [\"vnd.dovecot.execute\", \"variables\", \"fileinto\"];"
	       "set \"v\" \"old\"; if execute \"prog\" { fileinto \"yes\"; }"
	       "execute :pipe :output \"v\" \"prog\"; fileinto \"${v}\";",
	       &x.m, &env, "fileinto \"old\" (t.sieve:1)\n");
	assert_true(f.message);

	f.answer = SIEVE_PROGRAM_UNKNOWN;   /* a command: run-time error */
	expect("require \"vnd.dovecot.execute\"; execute \"nothere\";", &x.m,
	       &env, "ERROR\nkeep INBOX (implicit keep)\n");
}

static void test_filter_and_pipe(void **state)
{
	static const char *const h1[] = { "Subject: before" };
	static const char *const h2[] = { "Subject: after", "X-F: 1" };
	struct msg a, b;
	struct fake f = { .answer = SIEVE_PROGRAM_OK };
	struct sieve_runtime_env env = { .program = fake_program,
					 .program_ctx = &f };

	msg_init(&a, h1, 1);
	msg_init(&b, h2, 2);
	f.new_msg = &b.m;
	expect("require [\"vnd.dovecot.filter\", \"fileinto\"];"
	       "fileinto \"A\"; filter \"f\";"
	       "if header \"subject\" \"after\" { fileinto \"B\"; }",
	       &a.m, &env,
	       "fileinto \"A\" (t.sieve:1)\n"
	       "fileinto \"B\" (filtered 1) (t.sieve:1)\n");
	assert_true(f.message);

	f.answer = SIEVE_PROGRAM_FAILED;   /* unchanged, not an error */
	expect("require [\"vnd.dovecot.filter\", \"fileinto\"];"
	       "if filter \"f\" { fileinto \"T\"; }"
	       "if header \"subject\" \"before\" { fileinto \"same\"; }",
	       &a.m, &env, "fileinto \"same\" (t.sieve:1)\n");

	expect("require [\"vnd.dovecot.pipe\", \"copy\"];"
	       "pipe :copy :try \"learn\" [\"spam\"];",
	       &a.m, &env, "pipe \"learn\" [\"spam\"] :copy :try (t.sieve:1)\n"
	       "keep INBOX (implicit keep)\n");
	expect("require \"vnd.dovecot.pipe\"; pipe \"a\"; pipe \"a\";",
	       &a.m, &env, "ERROR\nkeep INBOX (implicit keep)\n");
}

static void test_small_ones(void **state)
{
	static const char *const h[] = { "To: first@x.org", "X-A: 1",
					 "To: second@x.org", "X-A: 2",
					 "From: Friend <pal@x.org>" };
	char *items[] = { "PAL@x.org", "other@x.org" };
	struct sieve_extlist l = { "tag:friends", items, 2 };
	struct sieve_site site = { .lists = &l, .nlists = 1, .notify_max = 1 };
	struct sieve_runtime_env env = { .site = &site };
	struct msg x;

	msg_init(&x, h, 5);
	expect("require [\"enotify\", \"variables\", \"fileinto\"];"
	       "set :encodeurl \"u\" \"a b/&~\"; fileinto \"${u}\";",
	       &x.m, &env, "fileinto \"a%20b%2F%26~\" (t.sieve:1)\n");
	expect("require [\"ihave\", \"fileinto\"];"
	       "if ihave \"no-such-ext\" { no_such_command 1 2 3; }"
	       "if ihave [\"fileinto\", \"variables\"] { fileinto \"v\"; }"
	       "if ihave \"fileinto\" { fileinto \"f\"; }",
	       &x.m, &env, "fileinto \"f\" (t.sieve:1)\n");
	expect("require [\"index\", \"fileinto\"];"
	       "if header :index 2 \"x-a\" \"2\" { fileinto \"h2\"; }"
	       "if address :index 1 :last \"to\" \"second@x.org\" "
	       "{ fileinto \"a1l\"; }"
	       "if header :index 3 \"x-a\" \"*\" { fileinto \"none\"; }",
	       &x.m, &env,
	       "fileinto \"h2\" (t.sieve:1)\nfileinto \"a1l\" (t.sieve:1)\n");
	expect("require [\"extlists\", \"fileinto\"];"
	       "if address :list \"from\" \"tag:friends\" { fileinto \"f\"; }"
	       "if address :list :comparator \"i;octet\" \"from\" "
	       "\"tag:friends\" { fileinto \"octet\"; }"
	       "if valid_ext_list \"tag:nope\" { fileinto \"nope\"; }",
	       &x.m, &env, "fileinto \"f\" (t.sieve:1)\n");
	expect("require [\"extlists\", \"copy\"];"
	       "redirect :copy :list \"tag:friends\";",
	       &x.m, &env, "redirect <PAL@x.org> :copy (t.sieve:1)\n"
	       "redirect <other@x.org> :copy (t.sieve:1)\n"
	       "keep INBOX (implicit keep)\n");
	expect("require \"extlists\"; redirect :list \"tag:nope\";",
	       &x.m, &env, "ERROR\nkeep INBOX (implicit keep)\n");
	expect("require \"enotify\"; notify \"mailto:a@x.org\";"
	       "notify \"mailto:a@x.org\"; notify \"mailto:b@x.org\";",
	       &x.m, &env, "ERROR\nkeep INBOX (implicit keep)\n");
}

/* errors - how many compile errors text gives (0: it compiled) */
static size_t errors(const char *text)
{
	struct sieve_diag d = { 0 };
	struct sieve_script *s = sieve_compile("t.sieve", text, strlen(text),
					       NULL, &d);
	size_t n = d.errors;

	assert_true((s == NULL) == (n > 0));
	sieve_script_free(&s);
	sieve_diag_free(&d);
	return n;
}

static void test_old_names(void **state)
{
	static const char *const bad[] = {
		"require \"imapflags\"; require \"imap4flags\";",
		"require [\"imap4flags\", \"imapflags\"];",
		"require [\"enotify\", \"notify\"];",
		"require \"notify\"; require \"enotify\";",
		"require [\"duplicate\", \"vnd.dovecot.duplicate\"];",
		"require [\"vnd.dovecot.duplicate\", \"duplicate\"];",
		"require [\"imap4flags\", \"ihave\"];"
		"if ihave \"imapflags\" { addflag \"x\"; }",
	};
	struct sieve_diag d = { 0 };
	struct sieve_action_list acts = { 0 };
	struct sieve_runtime_env env = { 0 };
	struct sieve_script *s;
	struct msg x;
	static const char *const h[] = { "Subject: x" };
	static const char log[] = "require [\"vnd.dovecot.debug\", "
		"\"variables\"]; set \"a\" \"b\"; debug_log \"a=${a}\";";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (errors(bad[i]) != 1)
			fail_msg("%s: want one error, got %zu", bad[i],
				 errors(bad[i]));
	assert_int_equal(errors("require [\"imapflags\", \"imapflags\"];"
				"mark; addflag \"x\";"), 0);
	assert_int_equal(errors("require \"vnd.dovecot.duplicate\";"
				"if duplicate :handle \"h\" { stop; }"), 0);
	assert_int_equal(errors("require \"vnd.dovecot.duplicate\";"
				"if duplicate \"frop\" { stop; }"), 1);
	/* debug_log: a warning line, no action, no error */
	msg_init(&x, h, 1);
	s = sieve_compile("t.sieve", log, strlen(log), NULL, &d);
	assert_non_null(s);
	assert_int_equal(sieve_run(s, &x.m, &env, NULL, &acts, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.n, 1);
	assert_false(d.v[0].error);
	assert_string_equal(d.v[0].text, "debug_log: a=b");
	assert_int_equal(acts.n, 1);   /* the implicit keep */
	sieve_actions_free(&acts);
	sieve_script_free(&s);
	sieve_diag_free(&d);
}

/* the notify draft: denotify's priority after its key; the action is
 * marked as the draft's (Auto-Submitted: auto-generated) */
static void test_notify_draft(void **state)
{
	static const char *const h[] = { "Subject: hello" };
	static const char text[] = "require \"notify\";"
		"notify :id \"frop\" :low :options \"a@x.org\";"
		"notify :id \"keep\" :options \"b@x.org\" "
		":message \"s=$subject$\";"
		"denotify :matches \"fr*\" :low;";
	struct sieve_diag d = { 0 };
	struct sieve_action_list acts = { 0 };
	struct sieve_runtime_env env = { .envelope = { "s@x.org", "r@x.org" } };
	struct sieve_script *s;
	struct msg x;

	msg_init(&x, h, 1);
	s = sieve_compile("t.sieve", text, strlen(text), NULL, &d);
	assert_non_null(s);
	assert_int_equal(sieve_run(s, &x.m, &env, NULL, &acts, &d), 0);
	assert_int_equal(acts.v[0].type, SIEVE_ACT_NOTIFY);
	assert_true(acts.v[0].notify->draft);
	assert_string_equal(acts.v[0].notify->rcpt[0], "b@x.org");
	assert_string_equal(acts.v[0].notify->body, "s=hello");
	sieve_actions_free(&acts);
	sieve_script_free(&s);
	sieve_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailto),
		cmocka_unit_test(test_program_names),
		cmocka_unit_test(test_execute),
		cmocka_unit_test(test_filter_and_pipe),
		cmocka_unit_test(test_small_ones),
		cmocka_unit_test(test_old_names),
		cmocka_unit_test(test_notify_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
