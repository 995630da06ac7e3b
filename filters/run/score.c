/*
 * score.c - read a spam or virus level from the message (RFC 3685 2.1,
 * RFC 5235 3.1): the first field the site named, optionally narrowed to
 * group 1 of its regex, read as a decimal score, as the length of a run
 * of one character (SpamAssassin's X-Spam-Level) or as one of the texts
 * of the levels.  Anything that cannot be read is "0", not tested.  The
 * arithmetic is Pigeonhole's, so the same header gives the same level.
 */
#include <tre/tre.h>
#include <stdio.h>
#include <string.h>

#include "run/interp.h"
#include "run/score.h"
#include "util.h"

/* decimal - [+-]digits[(.|,)digits], at most 5 digits either side. */
static bool decimal(const char *s, double *out)
{
	double v = 0, sign = 1, unit = 0.1;
	int digits = 0;

	if (*s == '\0')
		return false;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 5)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s == '.' || *s == ',') {
		for (s++, digits = 0; *s >= '0' && *s <= '9'; s++, unit /= 10) {
			if (++digits > 5)
				return false;
			v += (*s - '0') * unit;
		}
	}
	*out = v * sign;
	return *s == '\0';
}

/* strlen_value - the length of a run of one character ("" is 0). */
static bool strlen_value(const char *s, double *out)
{
	size_t n = strspn(s, (char[]){ s[0], '\0' });

	*out = (double)n;
	return s[n] == '\0';
}

double sieve_score_ratio(const struct sieve_score_conf *c, unsigned levels,
			 const char *value, const char *max_value)
{
	double v = 0, max = c->max;

	if (value == NULL)
		return -1;
	if (c->type == SIEVE_SCORE_TEXT) {
		unsigned i = 0;

		while (i <= levels && (c->text[i] == NULL ||
				       strcmp(c->text[i], value) != 0))
			i++;
		if (i > levels)
			return -1;
		return (double)i / levels;
	}
	if (c->max_header != NULL &&
	    (max_value == NULL || !decimal(max_value, &max)))
		return -1;
	if (max == 0)
		return -1;
	if (c->type == SIEVE_SCORE_NUMBER ? !decimal(value, &v) :
					    !strlen_value(value, &v))
		return -1;
	return v < 0 ? 0 : v > max ? 1 : v / max;
}

void sieve_score_format(double ratio, unsigned levels, bool percent,
			char out[8])
{
	int v;

	if (ratio < 0) {
		snprintf(out, 8, "0");
		return;
	}
	if (ratio > 1)
		ratio = 1;
	/* + 0.001: .29 * 100 is 28.99999... in binary */
	v = percent ? (int)(ratio * 100 + 0.001) :
		      (int)(ratio * (levels - 1) + 1.001);
	snprintf(out, 8, "%d", v);
}

/* field - the first value of name, narrowed by pattern; NULL: none.
 * The result lives in the scratch list of this command. */
static const char *field(struct sieve_ix *ix, const char *name,
			 const char *pattern)
{
	size_t n;
	const char **v = ix_header_values(ix, name, &n);
	regmatch_t m[2];
	regex_t rx;
	const char *r = NULL;

	if (v == NULL || n == 0)
		return NULL;
	if (pattern == NULL)
		return v[0];
	if (tre_regcomp(&rx, pattern, REG_EXTENDED) != 0)
		return NULL;   /* mda checked it when it read the setting */
	if (tre_regexec(&rx, v[0], 2, m, 0) == 0 && m[1].rm_so >= 0)
		r = ix_keep_str(ix, xstrndup(v[0] + m[1].rm_so,
					     (size_t)(m[1].rm_eo - m[1].rm_so)));
	tre_regfree(&rx);
	return r;
}

int ix_score(struct sieve_ix *ix, const struct sieve_score_conf *c,
	     unsigned levels, bool percent, char out[8])
{
	const char *val, *max = NULL;

	if (c == NULL || c->header == NULL) {
		sieve_score_format(-1, levels, percent, out);
		return 0;
	}
	val = field(ix, c->header, c->pattern);
	if (c->type != SIEVE_SCORE_TEXT && c->max_header != NULL)
		max = field(ix, c->max_header, c->max_pattern);
	sieve_score_format(sieve_score_ratio(c, levels, val, max), levels,
			   percent, out);
	return 0;
}

int ix_score_test(struct sieve_ix *ix, const struct sieve_node *n,
		  const struct sieve_score_conf *c, unsigned levels,
		  bool percent, bool *res)
{
	size_t nk;
	const char **keys = ix_arg_list(ix, n->pos[0], &nk);
	char val[8];
	const char *v = val;

	if (keys == NULL || ix_score(ix, c, levels, percent, val) < 0)
		return IX_ERR;
	return ix_match(ix, n, &v, 1, keys, nk, res);
}
