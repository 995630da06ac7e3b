/*
 * ext-filter.c - vnd.dovecot.filter (spec-bosch-sieve-extprograms 6, 8):
 *
 *   filter <program-name: string> [<arguments: string-list>]
 *
 * The current message (with the header edits so far) goes through a site
 * program and its output becomes the message every later test and action
 * sees; actions taken before keep the version they took (spec 6.1: each
 * action records its version, mda stores that one).  A program that
 * fails, exits non-zero or writes nothing leaves the message unchanged,
 * without an error; an unknown program is a run-time error for the
 * command.  As a test it is true when the message was replaced.
 */
#include <stdio.h>

#include "ext/ext-mime.h"
#include "run/interp.h"
#include "run/program.h"
#include "util.h"

/* v_filter - the program checks, and no filter inside foreverypart: the
 * loop walks the parts of the message the filter would replace. */
static int v_filter(struct sieve_vctx *v, struct sieve_node *n)
{
	if (v->nloops > 0)
		v_error(v, n->line, n->col,
			"filter cannot be used inside foreverypart");
	return v_program(v, n);
}

/* run_filter - 1 replaced, 0 unchanged, -1 unknown program. */
static int run_filter(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct sieve_program_call c = { .kind = SIEVE_PROGRAM_FILTER,
					.name = n->pos[0]->v[0].s,
					.message = true };
	int rc;

	if (ix->mime != NULL && ix->mime->cur >= 0) {   /* an included script */
		ix_fail(ix, n, "filter cannot be used inside foreverypart");
		return -2;
	}
	if ((c.args = ix_program_args(ix, n, &c.nargs)) == NULL)
		return -2;
	rc = ix_program_run(ix, &c);
	if (rc == SIEVE_PROGRAM_UNKNOWN)
		return -1;
	if (rc == SIEVE_PROGRAM_FAILED)
		sieve_diag_add(ix->d, ix_file(ix), n->line, n->col, false,
			       "filter \"%s\" failed, message unchanged: %s",
			       c.name, c.error);
	if (rc != SIEVE_PROGRAM_OK || c.new_msg == NULL)
		return 0;
	return ix_message_replace(ix, c.new_msg, c.version) < 0 ? -2 : 1;
}

static int x_filter(struct sieve_ix *ix, const struct sieve_node *n)
{
	int rc = run_filter(ix, n);

	if (rc == -1)
		return ix_fail(ix, n, "filter: unknown program \"%s\"",
			       n->pos[0]->v[0].s);
	return rc == -2 ? IX_ERR : IX_OK;
}

static int e_filter(struct sieve_ix *ix, const struct sieve_node *n,
		    bool *res)
{
	int rc = run_filter(ix, n);

	if (rc == -1)
		sieve_diag_add(ix->d, ix_file(ix), n->line, n->col, false,
			       "filter: unknown program \"%s\"",
			       n->pos[0]->v[0].s);
	*res = rc == 1;
	return rc == -2 ? IX_ERR : 0;
}

static const struct sieve_cmd_def cmd_filter = {
	.name = "filter", .pos = "Sl", .validate = v_filter,
	.exec = x_filter,
};
static const struct sieve_cmd_def tst_filter = {
	.name = "filter", .test = true, .pos = "Sl", .validate = v_filter,
	.eval = e_filter,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_filter, &tst_filter, NULL,
};

const struct sieve_extension sieve_ext_filter = {
	.name = "vnd.dovecot.filter", .defs = defs,
};
