/*
 * ext-debug.c - "vnd.dovecot.debug" (Pigeonhole's vendor extension):
 *
 *   debug_log <message: string>
 *
 * puts the message, variables expanded, into the run's diagnostics as a
 * warning-level line at the command's location ("debug_log: ..."): the
 * delivery log and `mda test` show it; it never changes an action.  Old
 * scripts and the extprograms tests use it to trace what a program did.
 */
#include "run/interp.h"
#include "util.h"

static int x_debug_log(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *m = ix_arg_str(ix, n->pos[0]);

	if (m == NULL)
		return IX_ERR;
	sieve_diag_add(ix->d, ix_file(ix), n->line, n->col, false,
		       "debug_log: %s", m);
	return IX_OK;
}

static const struct sieve_cmd_def cmd_debug_log = {
	.name = "debug_log", .pos = "S", .exec = x_debug_log,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_debug_log, NULL };

const struct sieve_extension sieve_ext_debug = {
	.name = "vnd.dovecot.debug", .defs = defs,
};
