/*
 * match.c - apply a test's match type to its values and keys
 * (RFC 5228 2.7.1, RFC 5231 relational, draft-ietf-sieve-regex).
 *
 * Every test that compares strings (header, address, envelope, string,
 * environment, date, hasflag, ...) collects its values and calls ix_match.
 * A successful :matches or :regex sets the match variables ${0}..${31}
 * when the script uses "variables" (RFC 5229 3.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tre/tre.h>

#include "run/address.h"
#include "run/comparator.h"
#include "run/interp.h"
#include "run/recache.h"
#include "util.h"

static void set_caps(struct sieve_ix *ix, const char *v,
		     const struct sieve_caps *c)
{
	char *vals[SIEVE_MAX_MATCH_VARS] = {0};
	size_t n = c->n + 1;

	for (size_t i = 0; i < n && i < SIEVE_MAX_MATCH_VARS; i++)
		vals[i] = xstrndup(v + c->off[i], c->len[i]);
	ix_set_match(ix, vals, n);
}

/*
 * The literal prefix of a key.  Compiling a key costs tre_regcomp some
 * 40,000 instructions and running it a few hundred per value, and
 * list-sorting scripts hold many rules like
 * `header :regex "subject" "^\\[proj-7\\] .*(urgent|alert)$"` that most
 * values fail in their first octets: a value that does not begin with the
 * literal after "^" (or, unanchored, does not hold it anywhere) cannot
 * match, and needs no regex at all.
 */

/* re_special - an octet with a meaning in an extended regex. */
static bool re_special(char c)
{
	return c != '\0' && strchr(".[]()*+?{}|^$\\", c) != NULL;
}

/* skip_bracket - past the bracket expression at p ("[...]"), or NULL if
 * it does not end. */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char end[3] = { p[1], ']', '\0' };
			const char *q = strstr(p + 2, end);

			if (q == NULL)
				return NULL;
			p = q + 2;
			continue;
		}
		p++;
	}
	return *p == ']' ? p + 1 : NULL;
}

/*
 * sieve_regex_defined - false when a repetition operator has nothing to
 * repeat: first in the expression, or right after "(", "|" or a leading
 * "^" ("(+", "a|*").  POSIX leaves such an ERE undefined (XBD 9.4.3);
 * TRE takes the operator as a literal, glibc refuses it, and so does
 * Pigeonhole: an expression whose meaning depends on the library is an
 * error here, at compile time for a constant key (ext-regex.c; the
 * suite's regex/errors.svtest), when used for one made from variables.
 */
bool sieve_regex_defined(const char *re)
{
	bool empty = true;   /* nothing yet that a repetition could take */

	for (const char *p = re; *p != '\0';) {   /* each turn moves on */
		switch (*p) {
		case '*': case '+': case '?': case '{':
			if (empty)
				return false;
			p++;
			continue;
		case '(': case '|':
			empty = true;
			p++;
			continue;
		case '^':
			empty = empty && p == re;
			p++;
			continue;
		case '[':
			if ((p = skip_bracket(p)) == NULL)
				return true;   /* unended: tre_regcomp refuses it */
			break;
		case '\\':
			p += p[1] != '\0' ? 2 : 1;
			break;
		default:
			p++;
		}
		empty = false;
	}
	return true;
}

/* top_alternative - does key have a '|' outside every group (or a shape
 * this scan does not know)?  Then "^abc" binds only the first branch. */
static bool top_alternative(const char *p)
{
	unsigned depth = 0;

	while (*p != '\0') {
		if (*p == '\\') {
			if (*++p == '\0')
				return true;
			p++;
		} else if (*p == '[') {
			if ((p = skip_bracket(p)) == NULL)
				return true;
		} else {
			if (*p == '|' && depth == 0)
				return true;
			if (*p == ')' && depth-- == 0)
				return true;
			depth += *p == '(';
			p++;
		}
	}
	return false;
}

/* literal_prefix - the octets every match of key begins with (into out,
 * at most max), after the "^" if key has one (*anchored_r); 0 when there
 * are none to rely on. */
static size_t literal_prefix(const char *key, char *out, size_t max,
			     bool *anchored_r)
{
	const char *p = key, *next;
	size_t len = 0;

	*anchored_r = key[0] == '^';
	p += *anchored_r;
	while (len < max) {
		char c = *p;

		if (c == '\\' && re_special(p[1])) {
			c = p[1];
			next = p + 2;
		} else if (c >= ' ' && c < 127 && !re_special(c)) {
			next = p + 1;
		} else {
			break;
		}
		if (*next == '*' || *next == '?' || *next == '{' || *next == '+')
			break;   /* c may be repeated or left out */
		out[len++] = c;
		p = next;
	}
	return len > 0 && !top_alternative(key) ? len : 0;
}

/* validated_key - is key (the k-th of the list matched) a constant of
 * the test, one the validator found valid (compiling it, or by its
 * shape)?  An expanded key is a new string.  The k-th constant is asked
 * first: a 1024-key list is asked 10,000 times per header. */
static bool validated_key(const struct sieve_node *n, const char *key,
			  size_t k)
{
	const struct sieve_arg *keys = n->npos ? n->pos[n->npos - 1] : NULL;

	if (keys == NULL || keys->type == ARG_NUMBER)
		return false;
	if (k < keys->n && keys->v[k].s == key)
		return true;
	for (size_t i = 0; i < keys->n; i++)
		if (keys->v[i].s == key)
			return true;
	return false;
}

/* regex_cannot_match - true when val cannot match key: it lacks the
 * key's literal prefix (at its start when the key is anchored, anywhere
 * otherwise: 1024 unanchored keys against 10,000 Subject fields are then
 * mostly a strstr each).  Only for validated keys, so that no run-time
 * "invalid regular expression" is skipped.  Folding is ASCII, as
 * REG_ICASE folds in the C locale mda runs in. */
static bool regex_cannot_match(const struct sieve_node *n, const char *val,
			       const char *key, size_t k)
{
	char pre[64];
	bool anchored, fold = n->cmp == CMP_CASEMAP;
	size_t len;

	if (!validated_key(n, key, k) ||
	    (len = literal_prefix(key, pre, sizeof(pre) - 1, &anchored)) == 0)
		return false;
	pre[len] = '\0';
	if (!anchored)
		return (fold ? strcasestr(val, pre) : strstr(val, pre)) == NULL;
	for (size_t i = 0; i < len; i++) {
		if (val[i] == '\0')
			return true;
		if (fold ? ascii_lower((unsigned char)val[i]) !=
		    ascii_lower((unsigned char)pre[i]) : val[i] != pre[i])
			return true;
	}
	return false;
}

static int regex_match(struct sieve_ix *ix, const struct sieve_node *n,
		       const char *val, const char *key, size_t k, bool *res)
{
	regmatch_t m[SIEVE_MAX_MATCH_VARS];
	int flags = REG_EXTENDED | (n->cmp == CMP_CASEMAP ? REG_ICASE : 0);
	const regex_t *re;
	bool owned, bad;
	int rc;

	*res = false;
	if (regex_cannot_match(n, val, key, k))
		return 0;
	if (!sieve_regex_ok(key))
		return ix_fail(ix, n, "regular expression too complex");
	if (!sieve_regex_defined(key))
		return ix_fail(ix, n, "invalid regular expression \"%s\": a "
			       "repetition with nothing to repeat", key);
	re = recache_get(&ix->recache, key, flags, &owned, &bad);
	if (re == NULL)
		return bad ? ix_fail(ix, n, "invalid regular expression \"%s\"",
				     key) : ix_fail(ix, n, "out of memory");
	/* linear in the value (ext-regex.c); the match variables only when
	 * the script can read them, as TRE's tag bookkeeping costs time */
	rc = tre_regexec(re, val, ix_vars_on(ix) ? SIEVE_MAX_MATCH_VARS : 0,
			 m, 0);
	if (owned) {
		tre_regfree((regex_t *)re);
		free((regex_t *)re);
	}
	*res = rc == 0;
	if (*res && ix_vars_on(ix)) {
		struct sieve_caps c = {0};

		for (size_t i = 0; i < SIEVE_MAX_MATCH_VARS; i++) {
			if (m[i].rm_so < 0)
				continue;
			c.off[i] = (size_t)m[i].rm_so;
			c.len[i] = (size_t)(m[i].rm_eo - m[i].rm_so);
			c.n = i;
		}
		set_caps(ix, val, &c);
	}
	return 0;
}

/* match_one - one value against one key. */
static int match_one(struct sieve_ix *ix, const struct sieve_node *n,
		     const char *val, const char *key, size_t k, bool *res)
{
	size_t vl = strlen(val), kl = strlen(key);
	struct sieve_caps c;

	switch (n->mt) {
	case MT_IS:
		*res = sieve_cmp_eq(n->cmp, val, vl, key, kl);
		return 0;
	case MT_CONTAINS:
		*res = sieve_cmp_contains(n->cmp, val, vl, key, kl);
		return 0;
	case MT_MATCHES:
		*res = sieve_glob(n->cmp, val, vl, key, kl, &c);
		if (*res && ix_vars_on(ix))
			set_caps(ix, val, &c);
		return 0;
	case MT_REGEX:
		return regex_match(ix, n, val, key, k, res);
	case MT_VALUE:
		*res = sieve_relop_holds(n->relop,
					 sieve_cmp_order(n->cmp, val, vl, key, kl));
		return 0;
	}
	*res = false;
	return 0;
}

int ix_match(struct sieve_ix *ix, const struct sieve_node *n,
	     const char *const *vals, size_t nvals,
	     const char *const *keys, size_t nkeys, bool *res)
{
	if (ix->trace != NULL && ix->trace->compare != NULL)
		return ix_match_traced(ix, n, vals, nvals, keys, nkeys, res);
	*res = false;
	if (n->mt == MT_LIST)   /* the keys name lists (ext-extlists.c) */
		return ix_match_list(ix, n, vals, nvals, keys, nkeys, res);
	if (n->mt == MT_COUNT) {
		char num[32];

		snprintf(num, sizeof(num), "%zu", nvals);
		for (size_t k = 0; k < nkeys && !*res; k++)
			*res = sieve_relop_holds(n->relop, sieve_cmp_order(
				n->cmp, num, strlen(num), keys[k], strlen(keys[k])));
		return 0;
	}
	for (size_t i = 0; i < nvals; i++)
		for (size_t k = 0; k < nkeys; k++) {
			if (ix_tick(ix, n) < 0 ||
			    match_one(ix, n, vals[i], keys[k], k, res) < 0)
				return IX_ERR;
			if (*res)
				return 0;
		}
	return 0;
}

int ix_vals_add(struct sieve_ix *ix, struct ix_vals *vs, char *owned)
{
	if (owned == NULL || ix_keep_str(ix, owned) == NULL)
		return ix_fail(ix, NULL, "out of memory");
	if (vs->n + 1 >= vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 8;
		const char **v = realloc(vs->v, cap * sizeof(*v));

		if (v == NULL)
			return ix_fail(ix, NULL, "out of memory");
		vs->v = v;
		vs->cap = cap;
	}
	vs->v[vs->n++] = owned;
	vs->v[vs->n] = NULL;
	return 0;
}

void ix_vals_done(struct sieve_ix *ix, struct ix_vals *vs)
{
	if (vs->v != NULL)
		ix_keep_str(ix, (char *)vs->v);
}

/*
 * ix_addr_values - the address parts of each header value.  As Pigeonhole
 * does, items that are not addresses are skipped when the value holds at
 * least one address; a value with none at all counts as one item, its
 * whole text, visible to :all only (RFC 5228 2.7.4).
 */
int ix_addr_values(struct sieve_ix *ix, const struct sieve_node *n,
		   const char *const *in, size_t nin, struct ix_vals *out)
{
	for (size_t i = 0; i < nin; i++) {
		struct sieve_addr *a = NULL;
		size_t na = 0, valid = 0;
		int rc = 0;

		if (sieve_addr_parse(in[i], &a, &na) < 0)
			return ix_fail(ix, n, "out of memory");
		for (size_t k = 0; k < na; k++)
			valid += a[k].valid;
		for (size_t k = 0; k < na && rc == 0 && valid > 0; k++) {
			char *p = a[k].valid ? sieve_addr_part(&a[k], n->ap) : NULL;

			if (p != NULL)
				rc = ix_vals_add(ix, out, p);
		}
		sieve_addr_free(a, na);
		if (rc == 0 && valid == 0 && in[i][0] != '\0' && n->ap == AP_ALL)
			rc = ix_vals_add(ix, out, strdup(in[i]));
		if (rc < 0)
			return IX_ERR;
	}
	return 0;
}
