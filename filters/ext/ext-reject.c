/*
 * ext-reject.c - RFC 5429 reject and ereject: refuse the message with a
 * reason, cancelling the implicit keep.  Conflicts (with keep, fileinto,
 * redirect, vacation, a second reject) are run-time errors, see
 * interp-actions.c.  mda hands the reason back to the MTA (exit 77).
 */
#include "run/interp.h"

static int x_reject(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *reason = ix_arg_str(ix, n->pos[0]);

	if (reason == NULL)
		return IX_ERR;
	return ix_act_reject(ix, n, n->name[0] == 'e', reason);
}

static const struct sieve_cmd_def cmd_reject = {
	.name = "reject", .pos = "S", .exec = x_reject,
};
static const struct sieve_cmd_def cmd_ereject = {
	.name = "ereject", .pos = "S", .exec = x_reject,
};

static const struct sieve_cmd_def *const reject_defs[] = { &cmd_reject, NULL };
static const struct sieve_cmd_def *const ereject_defs[] = { &cmd_ereject, NULL };

const struct sieve_extension sieve_ext_reject = {
	.name = "reject", .defs = reject_defs,
};
const struct sieve_extension sieve_ext_ereject = {
	.name = "ereject", .defs = ereject_defs,
};
