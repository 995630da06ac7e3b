/*
 * score.h - the level spamtest, spamtestplus and virustest compare
 * (RFC 3685 2, RFC 5235 3), from a header the site names (site.h).
 */
#ifndef FILTERS_SCORE_H
#define FILTERS_SCORE_H

#include <stdbool.h>

#include "site.h"

struct sieve_ix;

/* sieve_score_ratio - how far along 0..1 the value lies (max the given
 * maximum; text: its level over levels); -1 when it cannot be read. */
double sieve_score_ratio(const struct sieve_score_conf *c, unsigned levels,
			 const char *value, const char *max_value);

/* sieve_score_format - the test value: "0" not tested (ratio < 0);
 * else 1..levels (1 + ratio * (levels - 1)), or 0..100 with percent. */
void sieve_score_format(double ratio, unsigned levels, bool percent,
			char out[8]);

/* ix_score - the test value of c for the message being filtered; levels
 * 10 (spamtest) or 5 (virustest).  A NULL c or header is "0". */
int ix_score(struct sieve_ix *ix, const struct sieve_score_conf *c,
	     unsigned levels, bool percent, char out[8]);

struct sieve_node;
/* ix_score_test - the test n: that value matched against n->pos[0]. */
int ix_score_test(struct sieve_ix *ix, const struct sieve_node *n,
		  const struct sieve_score_conf *c, unsigned levels,
		  bool percent, bool *res);

#endif
