/*
 * svtest_stub.h - a stubbed world for unit tests of the testsuite
 * language (filters/testsuite.h): messages parsed just enough from their
 * text, nothing stored or sent, each block's outcome recorded.  Included
 * by test_svtest.c and test_sieve_suite_fixes.c (static functions).
 */
#ifndef TESTS_SVTEST_STUB_H
#define TESTS_SVTEST_STUB_H

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
		report, st, "/suite/dir",
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
static __attribute__((unused)) void passes(const char *requires,
					   const char *body)
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

#endif
