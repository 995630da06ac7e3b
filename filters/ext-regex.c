/*
 * ext-regex.c - draft-ietf-sieve-regex :regex match type, POSIX extended
 * expressions through regcomp (REG_ICASE under i;ascii-casemap).  Constant
 * keys are compiled at compile time so a bad expression is a compile
 * error; keys with variables are checked when used (match.c).
 */
#include <regex.h>

#include "script.h"

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
		if (regcomp(&re, keys->v[i].s, flags) != 0) {
			v_error(v, keys->line, keys->col,
				"invalid regular expression \"%s\"", keys->v[i].s);
			continue;
		}
		regfree(&re);
	}
}

const struct sieve_extension sieve_ext_regex = { .name = "regex" };
