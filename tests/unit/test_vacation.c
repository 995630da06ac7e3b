/*
 * test_vacation.c - mda's own rules for vacation replies and redirects,
 * independent of what the engine checked first: vacation_refusal over a
 * table of messages, the exact bytes of composed replies (plain, :mime,
 * non-ASCII subject, header injection attempts), and redirect_judge
 * (limit, same address, Delivered-To / X-Mda-Loop loops).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "outward/redirect.h"
#include "intake/spool.h"
#include "outward/vacation.h"

static int tmpfile_fd(void *ctx, char **path_r)
{
	(void)ctx;
	*path_r = NULL;
	return open("/tmp", O_TMPFILE | O_RDWR, 0600);
}

static void spool_str(const char *in, struct spool *sp)
{
	char path[] = "/tmp/mda-vac-in.XXXXXX";
	int fd = mkstemp(path);
	struct why w;

	assert_true(fd >= 0);
	assert_int_equal(io_write_all(fd, in, strlen(in)), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	memset(sp, 0, sizeof(*sp));
	assert_int_equal(spool_read(fd, tmpfile_fd, NULL, sp, &w), MDA_OK);
	close(fd);
}

struct rcase {
	const char *sender;
	const char *head;     /* header fields before "Subject: s\n\nb\n" */
	const char *want;     /* substring of the reason; NULL: reply */
};

static const struct rcase rcases[] = {
	{ "a@x.org", "To: bob@example.com\n", NULL },
	{ "a@x.org", "To: \"Bob\" <BOB@Example.COM>\n", NULL },
	{ "a@x.org", "To: x@y\nCc: z@y,\n bob@example.com\n", NULL },
	{ "a@x.org", "Resent-To: bob@example.com\n", NULL },
	{ "a@x.org", "To: other@example.com\nCc: bob@example.com.evil\n",
	  "not in To/Cc" },
	{ "a@x.org", "To: xbob@example.com\n", "not in To/Cc" },
	{ "a@x.org", "Subject: bob@example.com\n", "not in To/Cc" },
	{ "a@x.org", "To: alias@example.com\n", NULL },       /* orig rcpt */
	{ "a@x.org", "To: me@other.example\n", NULL },        /* :addresses */
	{ "", "To: bob@example.com\n", "null sender" },
	{ "MAILER-DAEMON@x.org", "To: bob@example.com\n", "robot" },
	{ "mailer-daemon", "To: bob@example.com\n", "robot" },
	{ "owner-list@x.org", "To: bob@example.com\n", "owner-" },
	{ "list-request@x.org", "To: bob@example.com\n", "-request" },
	{ "BOB@example.com", "To: bob@example.com\n", "sender is the user" },
	{ "a@x.org", "To: bob@example.com\nList-Id: <l.x.org>\n", "List-Id" },
	{ "a@x.org", "To: bob@example.com\nlist-unsubscribe: <mailto:u@x>\n",
	  "list-unsubscribe" },
	{ "a@x.org", "To: bob@example.com\nPrecedence: bulk\n", "Precedence: bulk" },
	{ "a@x.org", "To: bob@example.com\nPrecedence: JUNK\n", "Precedence: JUNK" },
	{ "a@x.org", "To: bob@example.com\nPrecedence: list\n", "Precedence: list" },
	{ "a@x.org", "To: bob@example.com\nPrecedence: first-class\n", NULL },
	{ "a@x.org", "To: bob@example.com\nAuto-Submitted: auto-generated\n",
	  "Auto-Submitted: auto-generated" },
	{ "a@x.org", "To: bob@example.com\nAuto-Submitted: auto-replied; x=1\n",
	  "Auto-Submitted: auto-replied" },
	{ "a@x.org", "To: bob@example.com\nAuto-Submitted: No (human)\n", NULL },
	{ "a@x.org", "To: bob@example.com\nX-Auto-Response-Suppress: All\n",
	  "X-Auto-Response-Suppress" },
	{ "a@x.org", "To: bob@example.com\nX-Auto-Response-Suppress: DR, oof,RN\n",
	  "X-Auto-Response-Suppress" },
	{ "a@x.org", "To: bob@example.com\nX-Auto-Response-Suppress: None\n", NULL },
	{ "a@x.org", "To: bob@example.com\nX-Auto-Response-Suppress: OOFX\n", NULL },
};

static void test_refusal(void **state)
{
	char *addrs[] = { "me@other.example" };
	struct sieve_vacation v = { .handle = "h", .period = 60,
				    .addresses = addrs, .naddresses = 1 };

	(void)state;
	for (size_t i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		const struct rcase *c = &rcases[i];
		char msg[512], buf[200];
		struct spool sp;

		snprintf(msg, sizeof(msg), "%sSubject: s\n\nb\n", c->head);
		spool_str(msg, &sp);
		struct mda_state *st = state_new("/nonexistent", NULL);
		struct vacation_env ve = { NULL, &sp, c->sender, "bob@example.com",
					   "alias@example.com", "h", st, 0 };
		const char *got = vacation_refusal(&ve, &v, buf, sizeof(buf));
		if (c->want == NULL ? got != NULL :
		    got == NULL || strstr(got, c->want) == NULL)
			fail_msg("case %zu: got \"%s\" want \"%s\"", i,
				 got ? got : "(reply)", c->want ? c->want : "(reply)");
		state_free(&st);
		spool_free(&sp);
	}
}

static void expect_reply(const char *in, const struct sieve_vacation *v,
			 const char *want)
{
	struct spool sp;
	size_t len = 0;
	char *got, *id;

	spool_str(in, &sp);
	struct vacation_env ve = { NULL, &sp, "a@x.org", "bob", NULL,
				   "mx.example.com", NULL, 1700000000 };
	got = vacation_compose(&ve, v, &len);
	assert_non_null(got);
	assert_int_equal(strlen(got), len);
	/* The Message-ID carries a random part: check its shape, mask it. */
	id = strstr(got, "Message-ID: <1700000000.");
	assert_non_null(id);
	char *end = strchr(id, '\n');
	assert_non_null(end);
	assert_memory_equal(end - strlen(".vacation@mx.example.com>"),
			    ".vacation@mx.example.com>", 25);
	memmove(id + 12, end, strlen(end) + 1);
	if (strcmp(got, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", got, want);
	free(got);
	spool_free(&sp);
}

/* expect_to - the :mime reply to a message with header head has To: to */
static void expect_to(const char *head, const struct sieve_vacation *v,
		      const char *to)
{
	char in[300], want[600];

	snprintf(in, sizeof(in), "%sSubject: x\n\nb\n", head);
	snprintf(want, sizeof(want),
		 "From: Bob <bob@example.com>\nTo: %s\nSubject: Auto: x\n"
		 "Date: Tue, 14 Nov 2023 22:13:20 +0000\nMessage-ID: \n"
		 "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
		 "Content-Type: text/plain; charset=us-ascii\n\nAway.\n", to);
	expect_reply(in, v, want);
}

static void test_compose(void **state)
{
	struct sieve_vacation plain = { .reason = "Away.\r\nBack soon.",
		.subject = "Out\r\nBcc: victim@x" };
	struct sieve_vacation mime = { .reason =
		"Content-Type: text/plain; charset=us-ascii\r\n\r\nAway.\r\n",
		.mime = true, .from = "Bob <bob@example.com>" };

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	expect_reply("From: a@x.org\nSubject: Gr\xc3\xbc\xc3\x9f" "e\n"
		     "Message-ID: <m@x>\nIn-Reply-To: <p@x>\n\nb\n", &plain,
		"From: <bob@mx.example.com>\n"
		"To: <a@x.org>\n"
		"Subject: Out  Bcc: victim@x\n"
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
		"Message-ID: \n"
		"In-Reply-To: <m@x>\n"
		"References: <p@x>\n <m@x>\n"
		"Auto-Submitted: auto-replied\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: 8bit\n"
		"\n"
		"Away.\nBack soon.\n");
	expect_reply("From: a@x.org\nSubject: Gr\xc3\xbc\xc3\x9f" "e\n\nb\n", &mime,
		"From: Bob <bob@example.com>\n"
		"To: <a@x.org>\n"
		"Subject: Auto: =?utf-8?B?R3LDvMOfZQ==?=\n"
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
		"Message-ID: \n"
		"Auto-Submitted: auto-replied\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=us-ascii\n"
		"\n"
		"Away.\n");
	/* the person's name is kept when From is "Name <sender>", but not
	 * when it names someone else too */
	expect_to("From: \"Al Ice\" <a@x.org>\n", &mime, "\"Al Ice\" <a@x.org>");
	expect_to("From: a@x.org, <c@x.org>\n", &mime, "<a@x.org>");
}

static void test_redirect_judge(void **state)
{
	struct sieve_action_list acts = { 0 };
	struct plan p;
	struct spool sp;
	char why[200];
	const char *addrs[] = { "a1@x", "a2@x", "a1@X", "a3@x", "a4@x", "a5@x",
				"a6@x", "a7@x", "a8@x", "a9@x", "loop@x", "-o" };
	const enum redirect_verdict want[] = { REDIRECT_SEND, REDIRECT_SEND,
		REDIRECT_SAME, REDIRECT_SEND, REDIRECT_SEND, REDIRECT_SEND,
		REDIRECT_SEND, REDIRECT_SEND, REDIRECT_SEND, REDIRECT_LIMIT,
		REDIRECT_LIMIT, REDIRECT_BAD };

	(void)state;
	spool_str("Delivered-To: <LOOP@x>\nX-Mda-Loop: mark@x\nSubject: s\n\nb\n",
		  &sp);
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		struct sieve_action *a = sieve_actions_add(&acts, SIEVE_ACT_REDIRECT);
		assert_non_null(a);
		a->address = strdup(addrs[i]);
	}
	assert_int_equal(plan_build(&p, &acts), 0);
	for (size_t i = 0; i < p.n; i++) {
		enum redirect_verdict got = redirect_judge(&sp, &p, i, why,
							   sizeof(why));
		if (got != want[i])
			fail_msg("redirect %zu (%s): got %d want %d (%s)", i,
				 addrs[i], got, want[i], why);
	}
	assert_true(redirect_keep_needed(&sp, &p));
	plan_free(&p);
	sieve_actions_free(&acts);

	const char *few[] = { "loop@x", "mark@x", "ok@x" };
	const enum redirect_verdict fw[] = { REDIRECT_LOOP, REDIRECT_LOOP,
					     REDIRECT_SEND };
	for (size_t i = 0; i < 3; i++)
		sieve_actions_add(&acts, SIEVE_ACT_REDIRECT)->address = strdup(few[i]);
	assert_int_equal(plan_build(&p, &acts), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(redirect_judge(&sp, &p, i, why, sizeof(why)), fw[i]);
	assert_true(redirect_keep_needed(&sp, &p));
	plan_free(&p);
	assert_non_null(sieve_actions_add(&acts, SIEVE_ACT_FILEINTO));
	assert_int_equal(plan_build(&p, &acts), 0);
	assert_false(redirect_keep_needed(&sp, &p));
	plan_free(&p);
	sieve_actions_free(&acts);
	sieve_actions_add(&acts, SIEVE_ACT_KEEP);
	sieve_actions_add(&acts, SIEVE_ACT_REDIRECT)->address = strdup("loop@x");
	assert_int_equal(plan_build(&p, &acts), 0);
	assert_false(redirect_keep_needed(&sp, &p));
	plan_free(&p);
	sieve_actions_free(&acts);
	spool_free(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_redirect_judge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
