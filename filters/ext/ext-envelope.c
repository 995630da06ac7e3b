/*
 * ext-envelope.c - RFC 5228 5.4 envelope: "from" (the reverse-path, ""
 * for the null sender), "to" (the recipient) and "auth" from the runtime
 * environment.  Other parts are a compile error.  For the null sender
 * every address part is "" (so `envelope :is "from" ""` matches it, and
 * :localpart too, as in Pigeonhole).
 */
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "util.h"

static bool part_ok(const char *p)
{
	return ascii_ieq(p, "from") || ascii_ieq(p, "to") || ascii_ieq(p, "auth");
}

static int v_envelope(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	for (size_t i = 0; i < a->n; i++)
		if (v_str_const(v, &a->v[i]) && !part_ok(a->v[i].s))
			v_error(v, a->line, a->col,
				"envelope: unknown envelope part \"%s\"", a->v[i].s);
	return 0;
}

static int e_envelope(struct sieve_ix *ix, const struct sieve_node *n,
		      bool *res)
{
	const struct sieve_envelope *e = &ix->env->envelope;
	struct ix_vals vals = {0};
	size_t np, nk;
	const char **parts = ix_arg_list(ix, n->pos[0], &np);
	const char **keys = ix_arg_list(ix, n->pos[1], &nk);
	int rc = 0;

	if (parts == NULL || keys == NULL)
		return IX_ERR;
	for (size_t i = 0; i < np && rc == 0; i++) {
		const char *v = ascii_ieq(parts[i], "from") ? e->from :
				ascii_ieq(parts[i], "to") ? e->to :
				ascii_ieq(parts[i], "auth") ? e->auth : NULL;

		if (v == NULL)
			continue;
		if (v[0] == '\0')   /* every part of <> is "" (as Pigeonhole) */
			rc = ix_vals_add(ix, &vals, strdup(""));
		else
			rc = ix_addr_values(ix, n, &v, 1, &vals);
	}
	if (rc == 0)
		rc = ix_match(ix, n, vals.v, vals.n, keys, nk, res);
	ix_vals_done(ix, &vals);
	return rc;
}

static const struct sieve_cmd_def tst_envelope = {
	.name = "envelope", .test = true, .std = STD_CMP | STD_MATCH | STD_AP,
	.pos = "LL", .validate = v_envelope, .eval = e_envelope,
};

static const struct sieve_cmd_def *const defs[] = { &tst_envelope, NULL };

const struct sieve_extension sieve_ext_envelope = {
	.name = "envelope", .defs = defs,
};
