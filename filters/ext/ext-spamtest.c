/*
 * ext-spamtest.c - RFC 3685 spamtest and RFC 5235 spamtestplus.
 *
 *   spamtest [":percent"] [COMPARATOR] [MATCH-TYPE] <value: string>
 *
 * The value is "0" (not tested: no site setting, or a header that is
 * missing or unreadable), else "1" (certainly not spam) to "10"
 * (certainly spam), or 0..100 with :percent, which only spamtestplus
 * allows.  Requiring spamtestplus makes spamtest available too (RFC 5235
 * 3).  Where the level comes from is the site's [spamtest] (run/score.c).
 */
#include "run/interp.h"
#include "run/score.h"

enum { T_PERCENT };

static int e_spamtest(struct sieve_ix *ix, const struct sieve_node *n,
		      bool *res)
{
	const struct sieve_site *site = ix->env->site;

	return ix_score_test(ix, n, site ? &site->spamtest : NULL, 10,
			     n->tag[T_PERCENT] != NULL, res);
}

static const struct sieve_tag_def tags[] = {
	{ "percent", TAGK_FLAG, T_PERCENT, "spamtestplus" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_spamtest = {
	.name = "spamtest", .test = true, .std = STD_CMP | STD_MATCH,
	.tags = tags, .pos = "S", .eval = e_spamtest,
};

static const struct sieve_cmd_def *const defs[] = { &tst_spamtest, NULL };

const struct sieve_extension sieve_ext_spamtest = {
	.name = "spamtest", .defs = defs,
};
const struct sieve_extension sieve_ext_spamtestplus = {
	.name = "spamtestplus", .implies = EXT_SPAMTEST,
};
