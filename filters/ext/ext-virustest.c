/*
 * ext-virustest.c - RFC 5235 virustest.
 *
 *   virustest [COMPARATOR] [MATCH-TYPE] <value: string>
 *
 * "0" not tested (no site setting, the header missing or unreadable),
 * "1" no virus, "2" a virus removed, "3" probably safe, "4" probably
 * infected, "5" certainly infected (RFC 5235 3.2).  The level comes from
 * the site's [virustest] (run/score.c).
 */
#include "run/interp.h"
#include "run/score.h"

static int e_virustest(struct sieve_ix *ix, const struct sieve_node *n,
		       bool *res)
{
	const struct sieve_site *site = ix->env->site;

	return ix_score_test(ix, n, site ? &site->virustest : NULL, 5, false,
			     res);
}

static const struct sieve_cmd_def tst_virustest = {
	.name = "virustest", .test = true, .std = STD_CMP | STD_MATCH,
	.pos = "S", .eval = e_virustest,
};

static const struct sieve_cmd_def *const defs[] = { &tst_virustest, NULL };

const struct sieve_extension sieve_ext_virustest = {
	.name = "virustest", .defs = defs,
};
