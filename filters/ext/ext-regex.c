/*
 * ext-regex.c - draft-ietf-sieve-regex :regex match type, POSIX extended
 * expressions through TRE's tre_regcomp (REG_ICASE under
 * i;ascii-casemap).  TRE, not the C library's regex: the subject is a
 * stranger's header or body, and TRE matches in time linear in the
 * subject (a parallel NFA walk, no backtracking), where glibc's regexec
 * took 30 s for "buy.*now" over a 256 KiB body.  Constant keys are
 * compiled at compile time so a bad expression is a compile error; keys
 * with variables are checked when used (match.c).
 */
#include <stdlib.h>
#include <string.h>

#include <tre/tre.h>

#include "limits.h"
#include "compile/script.h"

/*
 * sieve_regex_ok - refuse expressions whose compiled form would be huge.
 * A compiler unrolls "{m,n}" into m copies of its operand (TRE does, as
 * glibc did), so nested repetitions cost the product of their counts
 * ("(a{99}){99}"); the NFA's size is a factor of the match time.  We
 * bound the length and that product, and refuse back-references (not
 * POSIX ERE; exponential to match, and TRE would fall back to its
 * backtracking matcher for them).
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

/*
 * A fast answer for the common case: an expression made only of
 * constructs every POSIX ERE compiler accepts (see regex_plain) is
 * valid, so validation need not run tre_regcomp (tens of thousands of
 * instructions each) just to free the result.  Anything else - intervals,
 * back-references, character classes, empty branches, stacked
 * repetitions, anchors inside a branch, octets outside printable ASCII -
 * still goes to tre_regcomp, which decides.  The unit tests check that no
 * expression accepted here is refused by tre_regcomp.
 */

/* plain_escape - after a backslash, octets that are plain literals. */
static bool plain_escape(char c)
{
	return c != '\0' && strchr(".[]()*+?{}|^$\\/-", c) != NULL;
}

/* plain_literal - octets that stand for themselves outside brackets. */
static bool plain_literal(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && strchr(".[]()*+?{}|^$\\", c) == NULL;
}

/* same_class_range - lo-hi within digits, lower or upper case letters
 * (ASCII, whatever the locale), in order. */
static bool same_class_range(unsigned char lo, unsigned char hi)
{
	static const char *const runs[] = { "09", "az", "AZ" };

	for (int k = 0; k < 3; k++)
		if (lo >= (unsigned char)runs[k][0] &&
		    hi <= (unsigned char)runs[k][1])
			return lo <= hi;
	return false;
}

/* plain_bracket - "[...]" at *p: '^' first at most, then letters, digits,
 * a few punctuation octets, and ranges within digits, lower or upper
 * case letters in order.  Moves *p past the ']'. */
static bool plain_bracket(const char **p)
{
	const char *q = *p + 1;
	size_t items = 0;

	if (*q == '^')
		q++;
	for (; *q != ']'; items++) {
		unsigned char c = (unsigned char)*q;

		if (!same_class_range(c, c) &&
		    (c == '\0' || strchr(" _.,:;@!#%&'<>=~/", c) == NULL))
			return false;
		if (q[1] == '-' && q[2] != ']') {
			if (!same_class_range(c, (unsigned char)q[2]))
				return false;
			q += 2;
		}
		q++;
	}
	*p = q + 1;
	return items > 0;
}

/* regex_plain - re is built only from literals, escaped punctuation, '.',
 * bracket lists as above, groups, '|' between non-empty branches, one
 * '*', '+' or '?' after an atom, '^' opening and '$' closing a branch. */
static bool regex_plain(const char *re)
{
	unsigned depth = 0;
	bool atom = false;     /* the last item can take a repetition */
	bool empty = true;     /* nothing yet in the current branch */
	bool closed = false;   /* '$' seen: the branch must end here */

	for (const char *p = re; *p != '\0';) {
		char c = *p;

		if (closed && c != '|' && c != ')')
			return false;
		if (c == '|' || c == ')') {
			if (empty || (c == ')' && depth-- == 0))
				return false;
			atom = c == ')';
			empty = c == '|';
			closed = false;
			p++;
			continue;
		}
		if (c == '*' || c == '+' || c == '?') {
			if (!atom)
				return false;
			atom = false;
			p++;
			continue;
		}
		if (c == '^' || c == '$') {
			if (c == '^' ? p != re && p[-1] != '(' && p[-1] != '|' :
			    empty)
				return false;
			closed = c == '$';
			atom = false;
			p++;
			continue;
		}
		if (c == '(') {
			if (++depth > 16 || p[1] == ')' || p[1] == '|')
				return false;
			atom = false;
			empty = true;
			p++;
			continue;
		}
		if (c == '[') {
			if (!plain_bracket(&p))
				return false;
		} else if (c == '\\') {
			if (!plain_escape(p[1]))
				return false;
			p += 2;
		} else if (c == '.' || plain_literal((unsigned char)c)) {
			p++;
		} else {
			return false;
		}
		atom = true;
		empty = false;
	}
	return depth == 0 && !empty;
}

bool sieve_regex_plain(const char *re)
{
	return regex_plain(re);
}

/* regex_validate - constant keys of a :regex test compile (after_args). */
static void regex_validate(struct sieve_vctx *v, const struct sieve_node *n)
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
		if (!sieve_regex_defined(keys->v[i].s)) {
			v_error(v, keys->line, keys->col, "invalid regular "
				"expression \"%s\": a repetition with nothing "
				"to repeat", keys->v[i].s);
			continue;
		}
		if (regex_plain(keys->v[i].s))
			continue;   /* valid: nothing to learn from tre_regcomp */
		if (tre_regcomp(&re, keys->v[i].s, flags) != 0) {
			v_error(v, keys->line, keys->col,
				"invalid regular expression \"%s\"", keys->v[i].s);
			continue;
		}
		tre_regfree(&re);
	}
}

const struct sieve_extension sieve_ext_regex = {
	.name = "regex",
	.after_args = regex_validate,
};
