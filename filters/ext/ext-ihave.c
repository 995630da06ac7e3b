/*
 * ext-ihave.c - RFC 5463: the ihave test and the error command.
 *
 *   ihave <capabilities: string-list>
 *   error <message: string>
 *
 * ihave is true when every named extension is known here; encoded-
 * character and variables never are, since they change how the rest of
 * the script is read (as Pigeonhole).  At compile time the block of an
 * if/elsif whose test is ihave with constant names may use those
 * extensions without require, and is not checked at all when one is
 * unknown (RFC 5463 4): it can never run.  error ends the run with a
 * run-time error carrying the message (RFC 5463 5).
 */
#include "run/interp.h"
#include "util.h"

static const struct sieve_cmd_def tst_ihave;

/* usable - the table index of name if ihave may say yes to it, else -1 */
static int usable(const char *name)
{
	int e = sieve_ext_index(name);

	if (e == EXT_ENCODED_CHARACTER || e == EXT_VARIABLES)
		return -1;
	return e;
}

static int gate(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_node *t = n->ntests == 1 ? n->tests[0] : NULL;
	const struct sieve_arg *a;

	if ((n->def->role != ROLE_IF && n->def->role != ROLE_ELSIF) ||
	    t == NULL || t->def != &tst_ihave || t->npos < 1)
		return 0;
	a = t->pos[0];
	for (size_t i = 0; i < a->n; i++) {
		int e = usable(a->v[i].s);

		if (e < 0)
			return 1;
		(void)v_ext_enable(v, e, a);
	}
	return 0;
}

static bool known(void *ctx, const char *name)
{
	return usable(name) >= 0;
}

static int e_ihave(struct sieve_ix *ix, const struct sieve_node *n,
		   bool *res)
{
	return ix_arg_all(ix, n->pos[0], known, NULL, res);
}

static int x_error(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *m = ix_arg_str(ix, n->pos[0]);

	return m == NULL ? IX_ERR : ix_fail(ix, n, "error: %s", m);
}

static const struct sieve_cmd_def tst_ihave = {
	.name = "ihave", .test = true, .pos = "L", .eval = e_ihave,
};
static const struct sieve_cmd_def cmd_error = {
	.name = "error", .pos = "S", .exec = x_error,
};

static const struct sieve_cmd_def *const defs[] = {
	&tst_ihave, &cmd_error, NULL,
};

const struct sieve_extension sieve_ext_ihave = {
	.name = "ihave", .defs = defs, .block_gate = gate,
};
