/*
 * ts-result.c - the scripts a testsuite compiles and runs, and the result
 * they leave: test_script_compile, test_script_run, test_result_execute
 * and the action names test_result_action compares.
 *
 * The result is the testsuite interpreter's own action list plus its
 * pending implicit keep (ix->implicit_keep, with ix->flags), so actions a
 * block takes itself and those of a script it runs are one thing, as in
 * Pigeonhole.  A script's run comes back with its implicit keep at the
 * end; that keep is taken off and becomes the pending one again, so
 * `:append_result` can add a second script's actions before it.
 * Executing hands the list to the caller (mda stores with its real code);
 * what was executed once is not executed again.
 */
#include <stdlib.h>
#include <string.h>

#include "ext/testsuite/ts.h"
#include "util.h"

static bool is_implicit_keep(const struct sieve_action *a)
{
	return a->type == SIEVE_ACT_KEEP && a->script == NULL && a->line == 0;
}

int ts_script_compile(struct sieve_ix *ix, const char *name, bool *res)
{
	struct ix_ts *ts = ix->ts;
	struct sieve_script *s;
	char *text = NULL, *dname = NULL;
	size_t len = 0;

	ts_log_clear(ts);
	*res = false;
	if (ts->nscripts >= TS_MAX_SCRIPTS)
		return ix_fail(ix, NULL, "testsuite: too many scripts");
	if (ts->ops->script_load(ts->ops->ctx, name, &text, &len, &dname) < 0) {
		sieve_diag_add(&ts->log, name, 0, 0, true, "script not found");
		return IX_OK;
	}
	s = sieve_compile_mode(dname ? dname : name, text, len,
			       ts->ops->loader, &ts->log, false);
	free(text);
	free(dname);
	if (s == NULL) {
		/* one more line, as every Sieve compiler ends a failed
		 * compile (Pigeonhole's suite counts it) */
		sieve_diag_add(&ts->log, name, 0, 0, true, "compile failed");
		return IX_OK;
	}
	ts->scripts[ts->nscripts++] = s;
	ts->compiled = s;
	*res = true;
	return IX_OK;
}

/* take_keep - move the run's trailing implicit keep (and its flags) to
 * the pending keep of the result; true if there was one. */
static bool take_keep(struct sieve_ix *ix, struct sieve_action_list *acts)
{
	struct sieve_action *k;

	if (acts->n == 0 || !is_implicit_keep(&acts->v[acts->n - 1]))
		return false;
	k = &acts->v[acts->n - 1];
	for (size_t i = 0; i < ix->nflags; i++)
		free(ix->flags[i]);
	free(ix->flags);
	ix->flags = k->flags;
	ix->nflags = k->nflags;
	k->flags = NULL;
	k->nflags = 0;
	sieve_actions_truncate(acts, acts->n - 1);
	return true;
}

int ts_script_run(struct sieve_ix *ix, bool append, bool *res)
{
	struct ix_ts *ts = ix->ts;
	struct sieve_action_list acts = { 0 };
	bool keep;
	int rc;

	*res = false;
	ts_log_clear(ts);
	if (ts->compiled == NULL) {
		sieve_diag_add(&ts->log, "", 0, 0, true,
			       "no script compiled yet");
		return IX_OK;
	}
	if (!append && ts_result_reset(ix) < 0)
		return IX_ERR;
	rc = sieve_run(ts->compiled, ix->msg, ix->env, NULL, &acts, &ts->log);
	if (rc < 0) {   /* Pigeonhole: a failed run leaves nothing to do */
		sieve_actions_free(&acts);
		return IX_OK;
	}
	keep = take_keep(ix, &acts);
	for (size_t i = 0; i < acts.n; i++) {
		struct sieve_action *a = sieve_actions_add(ix->out,
							   acts.v[i].type);

		if (a == NULL) {
			sieve_actions_free(&acts);
			return ix_fail(ix, NULL, "out of memory");
		}
		*a = acts.v[i];
		memset(&acts.v[i], 0, sizeof(acts.v[i]));
		if (a->version == 0)   /* the run began with the block's version */
			a->version = ix->version;
	}
	sieve_actions_free(&acts);
	ix->implicit_keep = ix->implicit_keep && keep;
	*res = true;
	return IX_OK;
}

int ts_result_execute(struct sieve_ix *ix, bool *res)
{
	struct ix_ts *ts = ix->ts;
	size_t n0 = ix->out->n, from = ts->executed, to;
	bool ik = ix->implicit_keep, disc = ix->discarded, added;
	struct sieve_action_list view;
	char why[400];
	int rc;

	ts_log_clear(ts);
	if (ix_act_finish(ix) < 0)
		return IX_ERR;
	added = ix->out->n > n0 && is_implicit_keep(&ix->out->v[n0]);
	to = added && ts->keep_executed ? n0 : ix->out->n;
	view.v = ix->out->v + from;
	view.n = to > from ? to - from : 0;
	view.cap = view.n;
	why[0] = '\0';
	/* version 0 of every action is the block's message, not what a
	 * filter made of it (each action names the version it took) */
	rc = ts->ops->execute(ts->ops->ctx, &view, ts->cur.msg, ix->env, why,
			      sizeof(why));
	if (rc < 0)
		sieve_diag_add(&ts->log, ix_file(ix), 0, 0, true, "%s",
			       why[0] ? why : "execution failed");
	if (rc == 0) {
		ts->executed = n0;
		ts->keep_executed = ts->keep_executed || added;
	}
	sieve_actions_truncate(ix->out, n0);
	ix->implicit_keep = ik;
	ix->discarded = disc;
	*res = rc == 0;
	return IX_OK;
}

/* action_name - what Pigeonhole's result calls each action */
static const char *action_name(const struct sieve_action *a)
{
	switch (a->type) {
	case SIEVE_ACT_KEEP: return "keep";
	case SIEVE_ACT_FILEINTO: return "store";
	case SIEVE_ACT_DISCARD: return "discard";
	case SIEVE_ACT_REDIRECT: return "redirect";
	case SIEVE_ACT_REJECT:
	case SIEVE_ACT_EREJECT: return "reject";
	case SIEVE_ACT_VACATION: return "vacation";
	case SIEVE_ACT_PIPE: return "pipe";
	case SIEVE_ACT_NOTIFY: return "notify";
	}
	return "";
}

const char **ts_action_names(struct sieve_ix *ix, size_t *n_r)
{
	const char **v = calloc(ix->out->n + 1, sizeof(*v));
	size_t n = 0;

	*n_r = 0;
	if (v == NULL || ix_keep_str(ix, (char *)v) == NULL)
		return NULL;
	for (size_t i = 0; i < ix->out->n; i++)
		if (!is_implicit_keep(&ix->out->v[i]))
			v[n++] = action_name(&ix->out->v[i]);
	*n_r = n;
	return v;
}
