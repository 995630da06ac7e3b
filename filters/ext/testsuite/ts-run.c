/*
 * ts-run.c - sieve_testsuite_run(): compile a testsuite file in test
 * mode, give it Pigeonhole's default message, run it, and make sure every
 * `test` block it names is reported once, even when the file does not
 * compile or the top level fails before a block is reached.
 */
#include <stdlib.h>
#include <string.h>

#include "compile/parser.h"
#include "ext/testsuite/ts.h"
#include "util.h"

/* the message a testsuite run starts with (Pigeonhole's default) */
static const char default_message[] =
	"From: sender@example.com\n"
	"To: recipient@example.org\n"
	"Subject: Frop!\n"
	"\n"
	"Friep!\n";

/* is_block - a top-level `test "name" {...}` node. */
static bool is_block(const struct sieve_node *n)
{
	return !n->is_test && strcmp(n->name, "test") == 0 && n->nargs >= 1 &&
	       n->args[0].type == ARG_STRING && n->args[0].n == 1;
}

/* report_rest - blocks from index `from` on, failed with why. */
static int report_rest(struct sieve_node *const *cmds, size_t ncmds,
		       unsigned from, const struct sieve_testsuite_ops *ops,
		       const char *why)
{
	unsigned k = 0;

	for (size_t i = 0; i < ncmds; i++) {
		if (!is_block(cmds[i]))
			continue;
		if (k++ >= from)
			ops->report(ops->ctx, cmds[i]->args[0].v[0].s, false, why);
	}
	return (int)k;
}

static const char *first_error(const struct sieve_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].error)
			return d->v[i].text;
	return "does not compile";
}

/* report_uncompiled - the file parses but does not validate (an unknown
 * extension, say): every block it names fails with the first error. */
static int report_uncompiled(const char *name, const char *text, size_t len,
			     const struct sieve_testsuite_ops *ops,
			     const struct sieve_diag *d)
{
	struct sieve_diag pd = { 0 };
	struct arena ar = { 0 };
	struct sieve_node **cmds = NULL;
	size_t ncmds = 0;
	char why[600];
	int rc = -1;

	snprintf(why, sizeof(why), "compile: %s", first_error(d));
	if (sieve_parse(name, text, len, &pd, &ar, &cmds, &ncmds) == 0)
		rc = report_rest(cmds, ncmds, 0, ops, why);
	ast_block_release(cmds, ncmds);
	arena_free(&ar);
	sieve_diag_free(&pd);
	return rc;
}

static void ts_free(struct ix_ts *ts)
{
	for (size_t i = 0; i < ts->nscripts; i++)
		sieve_script_free(&ts->scripts[i]);
	for (size_t i = 0; i < ts->nbins; i++)
		free(ts->bins[i].name);
	free(ts->fail);
	ts_log_clear(ts);
	free(ts->cur.env.from);
	free(ts->cur.env.to);
	free(ts->cur.env.orig_to);
	free(ts->cur.env.auth);
	free(ts->top.env.from);
	free(ts->top.env.to);
	free(ts->top.env.orig_to);
	free(ts->top.env.auth);
}

int sieve_testsuite_run(const char *name, const char *text, size_t len,
			const struct sieve_loader *loader,
			const struct sieve_runtime_env *env,
			const struct sieve_testsuite_ops *ops,
			struct sieve_diag *d)
{
	struct sieve_script *s;
	struct sieve_action_list out = { 0 };
	const struct sieve_message *m = NULL;
	struct ix_ts ts;
	char why[300];
	size_t mark;
	int rc;

	s = sieve_compile_mode(name, text, len, loader, d, true);
	if (s == NULL)
		return report_uncompiled(name, text, len, ops, d);
	memset(&ts, 0, sizeof(ts));
	ts.ops = ops;
	ts.env = *env;
	if (ops->message_text(ops->ctx, default_message,
			      sizeof(default_message) - 1, &m, why,
			      sizeof(why)) < 0) {
		sieve_diag_add(d, name, 0, 0, true, "default message: %s", why);
		rc = report_rest(s->cmds, s->ncmds, 0, ops, why);
		goto out;
	}
	ts.cur.msg = m;
	ts.cur.env.from = strdup("sender@example.com");
	ts.cur.env.to = strdup("recipient@example.org");
	ts.cur.env.orig_to = strdup("recipient@example.org");
	ts.env.envelope.from = ts.cur.env.from ? ts.cur.env.from : "";
	ts.env.envelope.to = ts.cur.env.to ? ts.cur.env.to : "";
	ts.env.envelope.orig_to = ts.cur.env.orig_to;
	ts.env.envelope.auth = NULL;
	mark = d->n;
	rc = ix_run(s, m, &ts.env, NULL, &out, d, &ts);
	if (rc < 0) {   /* the top level failed: the rest never ran */
		snprintf(why, sizeof(why), "not reached: %s",
			 d->n > mark ? d->v[d->n - 1].text : "run-time error");
		report_rest(s->cmds, s->ncmds, ts.blocks, ops, why);
	}
	rc = report_rest(s->cmds, s->ncmds, ~0u, ops, "");
out:
	sieve_actions_free(&out);
	ts_free(&ts);
	sieve_script_free(&s);
	return rc;
}
