/*
 * interp.c - run a validated script over one message (RFC 5228 sections
 * 2.10 and 3).
 *
 * Walks the tree: if/elsif/else chains here, every other command through
 * its definition's exec hook, tests through eval.  Counts steps against
 * SIEVE_MAX_STEPS, and the process CPU time of the run (all matching
 * included) against its budget (SIEVE_RUN_BUDGET_MS, or the runtime
 * env's filter_budget_ms): a stranger's message must not keep a core busy
 * until the MTA gives up, on every retry.  Any run-time error cancels every action of the run and
 * leaves one implicit keep (RFC 5228 2.10.6; design.md "filter errors fall
 * back to keep").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/interp.h"
#include "run/recache.h"
#include "util.h"

const char *ix_file(const struct sieve_ix *ix)
{
	return ix->fr != NULL ? ix->fr->s->name : "";
}

bool ix_has(const struct sieve_ix *ix, const char *ext)
{
	return ix->fr != NULL && script_has(ix->fr->s, ext, ix->look);
}

/* cpu_ns - this process's CPU time; 0 if the clock cannot be read (then
 * the budget never ends a run: the step limits still hold). */
static long long cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void budget_start(struct sieve_ix *ix)
{
	long long now = cpu_ns();

	ix->budget_ms = ix->env->filter_budget_ms ? ix->env->filter_budget_ms :
			SIEVE_RUN_BUDGET_MS;
	ix->cpu_end_ns = now ? now + (long long)ix->budget_ms * 1000000LL : 0;
}

int ix_budget_spent(struct sieve_ix *ix, const struct sieve_node *n)
{
	if (ix->cpu_end_ns == 0 || cpu_ns() < ix->cpu_end_ns)
		return 0;
	return ix_fail(ix, n, "filter ran out of time (%u.%03u s of CPU)",
		       ix->budget_ms / 1000, ix->budget_ms % 1000);
}

int ix_fail(struct sieve_ix *ix, const struct sieve_node *n,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sieve_diag_vadd(ix->d, ix_file(ix), n ? n->line : 0, n ? n->col : 0,
			true, fmt, ap);
	va_end(ap);
	return IX_ERR;
}

char *ix_keep_str(struct sieve_ix *ix, char *p)
{
	if (p == NULL)
		return NULL;
	if (ix->nscratch == ix->capscratch) {
		size_t cap = ix->capscratch ? ix->capscratch * 2 : 32;
		char **v = realloc(ix->scratch, cap * sizeof(*v));

		if (v == NULL) {
			free(p);
			return NULL;
		}
		ix->scratch = v;
		ix->capscratch = cap;
	}
	ix->scratch[ix->nscratch++] = p;
	return p;
}

static void scratch_free(struct sieve_ix *ix)
{
	for (size_t i = 0; i < ix->nscratch; i++)
		free(ix->scratch[i]);
	ix->nscratch = 0;
	ix->nargv = 0;
}

/* trace_test - tell the trace hook about one evaluated test, quoting its
 * source text with runs of white space folded to one space. */
static void trace_test(struct sieve_ix *ix, const struct sieve_node *n,
		       bool res)
{
	const struct sieve_script *s = ix->fr->s;
	struct sbuf b = {0};
	bool space = false;
	char *what;

	if (s->text == NULL || n->src_end > s->text_len)
		return;
	for (size_t i = n->src_off; i < n->src_end && b.len < 400; i++) {
		char c = s->text[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = true;
			continue;
		}
		if (space && b.len > 0)
			sbuf_addc(&b, ' ');
		space = false;
		sbuf_addc(&b, c);
	}
	what = sbuf_take(&b);
	if (what != NULL)
		ix->trace->test(ix->trace->ctx, s->name, n->line, what, res);
	free(what);
}

int ix_test(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	int rc;

	if (++ix->steps > SIEVE_MAX_STEPS)
		return ix_fail(ix, n, "too many evaluation steps");
	if (ix_tick(ix, n) < 0)
		return IX_ERR;
	*res = false;
	rc = n->def->eval(ix, n, res);
	if (rc < 0)
		return IX_ERR;
	if (ix->trace != NULL && ix->trace->test != NULL)
		trace_test(ix, n, *res);
	return 0;
}

int ix_block(struct sieve_ix *ix, struct sieve_node *const *c, size_t nc)
{
	bool taken = false;

	for (size_t i = 0; i < nc; i++) {
		const struct sieve_node *n = c[i];
		bool res = true;
		int rc;

		if (++ix->steps > SIEVE_MAX_STEPS)
			return ix_fail(ix, n, "too many evaluation steps");
		if (ix_tick(ix, n) < 0)
			return IX_ERR;
		if (n->def->block && n->def->exec == NULL) {   /* if, elsif, else */
			if (strcmp(n->name, "if") == 0)
				taken = false;
			if (taken)
				continue;
			if (n->ntests == 1 && ix_test(ix, n->tests[0], &res) < 0)
				return IX_ERR;
			scratch_free(ix);
			if (!res)
				continue;
			taken = true;
			rc = ix_block(ix, n->block, n->nblock);
		} else if (ix->trace == NULL || ix->trace->action == NULL) {
			rc = n->def->exec(ix, n);
			scratch_free(ix);
		} else {
			size_t before = ix->out->n;
			bool discarded = ix->discarded;

			rc = n->def->exec(ix, n);
			scratch_free(ix);
			ix_trace_actions(ix, before, discarded);
		}
		if (rc != IX_OK)
			return rc;
	}
	return IX_OK;
}

int ix_run_script(struct sieve_ix *ix, const struct sieve_script *s)
{
	struct ix_frame fr = { .s = s };
	struct ix_frame *prev = ix->fr;
	int rc;

	fr.vars = script_has(s, "variables", ix->look);

	if (ix->depth >= SIEVE_MAX_INCLUDE_DEPTH)
		return ix_fail(ix, NULL, "include nested too deeply");
	ix->depth++;
	ix->fr = &fr;
	rc = ix_block(ix, s->cmds, s->ncmds);
	ix->fr = prev;
	ix->depth--;
	ix_vars_free(&fr.locals);
	for (size_t i = 0; i < fr.nglobals; i++)
		free(fr.globals[i]);
	free(fr.globals);
	return rc == IX_RETURN ? IX_OK : rc;
}

int ix_message_replace(struct sieve_ix *ix, const struct sieve_message *msg,
		       unsigned version)
{
	ix_headers_free(ix);
	/* per-message caches (the MIME part index) go with the old one */
	for (size_t i = 0; i < EXT_COUNT; i++)
		if (sieve_extensions[i]->run_free != NULL)
			sieve_extensions[i]->run_free(ix);
	ix->msg = msg;
	ix->version = version;
	ix->edited = false;
	ix_headers_init(ix);
	if (ix->hdrs == NULL)
		return ix_fail(ix, NULL, "out of memory");
	return IX_OK;
}

static void ix_cleanup(struct sieve_ix *ix)
{
	scratch_free(ix);
	free(ix->scratch);
	recache_free(&ix->recache);
	ix_headers_free(ix);
	for (size_t i = 0; i < EXT_COUNT; i++)
		if (sieve_extensions[i]->run_free != NULL)
			sieve_extensions[i]->run_free(ix);
	for (size_t i = 0; i < ix->nflags; i++)
		free(ix->flags[i]);
	free(ix->flags);
	ix_vars_free(&ix->globals);
	for (size_t i = 0; i < SIEVE_MAX_MATCH_VARS; i++)
		free(ix->match[i]);
}

int sieve_run(const struct sieve_script *s, const struct sieve_message *msg,
	      const struct sieve_runtime_env *env,
	      const struct sieve_trace *trace,
	      struct sieve_action_list *out, struct sieve_diag *d)
{
	return ix_run(s, msg, env, trace, out, d, NULL);
}

int ix_run(const struct sieve_script *s, const struct sieve_message *msg,
	   const struct sieve_runtime_env *env,
	   const struct sieve_trace *trace, struct sieve_action_list *out,
	   struct sieve_diag *d, struct ix_ts *ts)
{
	static const struct sieve_runtime_env no_env = { .envelope = { "", "" } };
	struct sieve_ix ix;
	struct sieve_lookup look;
	int rc = IX_OK;

	memset(&ix, 0, sizeof(ix));
	memset(&look, 0, sizeof(look));
	ix.look = &look;
	ix.msg = msg;
	ix.env = env != NULL ? env : &no_env;
	ix.trace = trace;
	ix.d = d;
	ix.out = out;
	ix.implicit_keep = true;
	ix.ts = ts;
	budget_start(&ix);
	sieve_actions_free(out);
	if (s != NULL) {
		ix_headers_init(&ix);
		if (ix.hdrs == NULL)
			rc = ix_fail(&ix, NULL, "out of memory");
		else
			rc = ix_run_script(&ix, s);
		if (rc != IX_ERR && ix_act_finish(&ix) < 0)
			rc = IX_ERR;
	} else if (sieve_actions_set_keep(out) < 0) {
		rc = IX_ERR;
	}
	ix_cleanup(&ix);
	if (rc == IX_ERR) {
		sieve_actions_set_keep(out);
		return -1;
	}
	return 0;
}
