/*
 * trace.c - what `mda test --trace` shows beyond each test's result: the
 * values a test compared with its keys (the decoded header value, the
 * address part), the match type, comparator and outcome of each
 * comparison, and each action with the command that took it.
 *
 * Only reached when the caller asked for a trace (a NULL check in
 * ix_match and ix_block): the untraced run is unchanged.  A traced match
 * is the untraced one taken pair by pair (RFC 5228 2.7.1: true once any
 * value matches any key), so it stops where that would and sets the
 * same match variables.
 */
#include <stdio.h>

#include "run/interp.h"

static const char *match_name(const struct sieve_node *n, char *buf,
			      size_t size)
{
	static const char *const mt[] = { ":is", ":contains", ":matches",
					   ":regex", ":value", ":count" };
	static const char *const rel[] = { "gt", "ge", "lt", "le", "eq",
					   "ne" };

	if (n->mt != MT_VALUE && n->mt != MT_COUNT)
		return n->mt <= MT_COUNT ? mt[n->mt] : "?";
	snprintf(buf, size, "%s \"%s\"", mt[n->mt],
		 n->relop >= 0 && n->relop < 6 ? rel[n->relop] : "?");
	return buf;
}

static const char *cmp_name(const struct sieve_node *n)
{
	return n->cmp == CMP_OCTET ? "i;octet" :
	       n->cmp == CMP_NUMERIC ? "i;ascii-numeric" : "i;ascii-casemap";
}

int ix_match_traced(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *const *vals, size_t nvals,
		    const char *const *keys, size_t nkeys, bool *res)
{
	const struct sieve_trace *tr = ix->trace;
	const char *file = ix_file(ix);
	char mbuf[32], count[32];
	int rc = 0;

	const char *mt = match_name(n, mbuf, sizeof(mbuf));
	*res = false;
	ix->trace = NULL;   /* the pairs below run untraced */
	if (n->mt == MT_COUNT) {
		snprintf(count, sizeof(count), "%zu value%s", nvals,
			 nvals == 1 ? "" : "s");
		rc = ix_match(ix, n, vals, nvals, keys, nkeys, res);
		for (size_t k = 0; rc == 0 && k < nkeys; k++)
			tr->compare(tr->ctx, file, n->line, count, keys[k], mt,
				    cmp_name(n), *res);
	} else if (nvals == 0) {
		for (size_t k = 0; k < nkeys; k++)
			tr->compare(tr->ctx, file, n->line, NULL, keys[k], mt,
				    cmp_name(n), false);
	}
	for (size_t i = 0; n->mt != MT_COUNT && i < nvals && !*res; i++)
		for (size_t k = 0; rc == 0 && k < nkeys && !*res; k++) {
			rc = ix_match(ix, n, &vals[i], 1, &keys[k], 1, res);
			if (rc == 0)
				tr->compare(tr->ctx, file, n->line, vals[i],
					    keys[k], mt, cmp_name(n), *res);
		}
	ix->trace = tr;
	return rc;
}

void ix_trace_actions(struct sieve_ix *ix, size_t before, bool discarded)
{
	const struct sieve_trace *tr = ix->trace;

	for (size_t i = before; i < ix->out->n; i++)
		tr->action(tr->ctx, &ix->out->v[i]);
	if (ix->discarded && !discarded) {
		struct sieve_action d = { .type = SIEVE_ACT_DISCARD,
			.script = (char *)ix->discard_script,
			.line = ix->discard_line };
		tr->action(tr->ctx, &d);
	}
}
