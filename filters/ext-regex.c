/*
 * ext-regex.c - draft-ietf-sieve-regex :regex match type, POSIX extended
 * expressions through regcomp (REG_ICASE under i;ascii-casemap).  Constant
 * keys are compiled at compile time so a bad expression is a compile
 * error; keys with variables are checked when used (match.c).
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "script.h"

/*
 * sieve_regex_ok - refuse expressions that make glibc's regcomp blow up.
 * regcomp copies the operand of '+' and of "{m,n}" once per repetition,
 * so stacked or nested repetitions cost the product of their counts
 * ("a+++...", "(a{99}){99}").  We bound the length and that product,
 * and refuse back-references (not POSIX ERE; exponential to match).
 */
bool sieve_regex_ok(const char *re)
{
	unsigned long cost = 1;
	size_t len = strlen(re);

	if (len > SIEVE_MAX_REGEX_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned long f = 1;

		if (re[i] == '\\' && i + 1 < len) {
			if (re[++i] >= '1' && re[i] <= '9')
				return false;   /* back-references: not ERE, slow */
			continue;
		}
		if (re[i] == '+') {
			f = 2;
		} else if (re[i] == '{') {
			char *end;
			unsigned long m = strtoul(re + i + 1, &end, 10), n = m;

			if (*end == ',')
				n = strtoul(end + 1, &end, 10);
			f = (m > n ? m : n) + 1;
			if (m > SIEVE_MAX_REGEX_REPEAT || n > SIEVE_MAX_REGEX_REPEAT)
				return false;
		}
		cost *= f;
		if (cost > SIEVE_MAX_REGEX_COST)
			return false;
	}
	return true;
}

void sieve_regex_validate(struct sieve_vctx *v, const struct sieve_node *n)
{
	const struct sieve_arg *keys = n->npos ? n->pos[n->npos - 1] : NULL;
	int flags = REG_EXTENDED | REG_NOSUB |
		    (n->cmp == CMP_CASEMAP ? REG_ICASE : 0);

	if (n->mt != MT_REGEX || keys == NULL || keys->type == ARG_NUMBER)
		return;
	for (size_t i = 0; i < keys->n; i++) {
		regex_t re;

		if (!v_str_const(v, &keys->v[i]))
			continue;
		if (!sieve_regex_ok(keys->v[i].s)) {
			v_error(v, keys->line, keys->col,
				"regular expression too complex \"%.40s\"",
				keys->v[i].s);
			continue;
		}
		if (regcomp(&re, keys->v[i].s, flags) != 0) {
			v_error(v, keys->line, keys->col,
				"invalid regular expression \"%s\"", keys->v[i].s);
			continue;
		}
		regfree(&re);
	}
}

const struct sieve_extension sieve_ext_regex = { .name = "regex" };
