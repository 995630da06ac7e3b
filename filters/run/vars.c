/*
 * vars.c - RFC 5229 variables machinery: "${name}" expansion in strings,
 * variable scopes (the set command and string test are in ext-variables.c),
 * and the match variables ${0}..${31} (section 3.2).  Unknown variables expand to "";
 * a malformed "${" stays as written.  Names are case-insensitive.
 * Variables named "global.x", or declared with `global` (RFC 6609), live
 * in the run's global scope; others are local to the running script.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/testsuite/ts.h"
#include "run/interp.h"
#include "util.h"

void ix_vars_free(struct sieve_vars *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].name);
		free(v->v[i].val);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

void ix_set_match(struct sieve_ix *ix, char **vals, size_t n)
{
	for (size_t i = 0; i < SIEVE_MAX_MATCH_VARS; i++) {
		free(ix->match[i]);
		ix->match[i] = i < n ? vals[i] : NULL;
	}
}

/* scope - the table name lives in, and the name inside it. */
static struct sieve_vars *scope(struct sieve_ix *ix, const char **name)
{
	if (strncasecmp(*name, "global.", 7) == 0) {
		*name += 7;
		return &ix->globals;
	}
	for (size_t i = 0; ix->fr != NULL && i < ix->fr->nglobals; i++)
		if (ascii_ieq(ix->fr->globals[i], *name))
			return &ix->globals;
	return ix->fr != NULL ? &ix->fr->locals : &ix->globals;
}

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

const char *ix_var_get(struct sieve_ix *ix, const char *name)
{
	struct sieve_vars *vs;

	if (all_digits(name)) {
		size_t len;
		unsigned long k;

		while (name[0] == '0' && name[1] != '\0')
			name++;   /* ${0002} is ${2} (RFC 5229 3) */
		len = strlen(name);
		k = len > 3 ? 99 : strtoul(name, NULL, 10);

		return k < SIEVE_MAX_MATCH_VARS && ix->match[k] ? ix->match[k] : "";
	}
	/* the testsuite's namespace: only under `mda test --svtest` */
	if (ix->ts != NULL && ascii_ieq(name, "tst.path"))
		return ts_path(ix->ts);
	vs = scope(ix, &name);
	for (size_t i = 0; i < vs->n; i++)
		if (ascii_ieq(vs->v[i].name, name))
			return vs->v[i].val;
	return "";
}

int ix_var_set(struct sieve_ix *ix, const struct sieve_node *n,
	       const char *name, const char *val)
{
	struct sieve_vars *vs = scope(ix, &name);
	size_t len = strlen(val);
	struct sieve_var *v;
	char *copy;

	if (len > SIEVE_MAX_VARIABLE_LEN)
		len = SIEVE_MAX_VARIABLE_LEN;   /* RFC 5229 3: may truncate */
	if ((copy = xstrndup(val, len)) == NULL)
		return ix_fail(ix, n, "out of memory");
	for (size_t i = 0; i < vs->n; i++)
		if (ascii_ieq(vs->v[i].name, name)) {
			free(vs->v[i].val);
			vs->v[i].val = copy;
			return IX_OK;
		}
	if (vs->n >= SIEVE_MAX_VARIABLES) {
		free(copy);
		return ix_fail(ix, n, "too many variables");
	}
	v = realloc(vs->v, (vs->n + 1) * sizeof(*v));
	if (v == NULL || (v[vs->n].name = strdup(name)) == NULL) {
		if (v != NULL)
			vs->v = v;
		free(copy);
		return ix_fail(ix, n, "out of memory");
	}
	vs->v = v;
	v[vs->n++].val = copy;
	return IX_OK;
}

static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && ((c >= '0' && c <= '9') || c == '.'));
}

/* ref_len - length of a valid variable reference body at s, or 0. */
static size_t ref_len(const char *s)
{
	size_t i = 0;

	if (s[0] >= '0' && s[0] <= '9') {
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	} else if (name_char(s[0], true)) {
		while (name_char(s[i], false))
			i++;
	}
	return (i > 0 && i <= SIEVE_MAX_VARNAME_LEN && s[i] == '}') ? i : 0;
}

/* ix_expand - s with every ${ref} substituted; malloc'd. */
static char *ix_expand(struct sieve_ix *ix, const char *s)
{
	struct sbuf b = {0};

	while (*s != '\0') {
		size_t k;

		if (s[0] == '$' && s[1] == '{' && (k = ref_len(s + 2)) > 0) {
			char name[SIEVE_MAX_VARNAME_LEN + 1];

			memcpy(name, s + 2, k);
			name[k] = '\0';
			sbuf_adds(&b, ix_var_get(ix, name));
			s += k + 3;
			continue;
		}
		sbuf_addc(&b, *s++);
	}
	return sbuf_take(&b);
}

const char *ix_str(struct sieve_ix *ix, const struct sieve_str *s)
{
	if (!ix_vars_on(ix) || strchr(s->s, '$') == NULL)
		return s->s;
	return ix_keep_str(ix, ix_expand(ix, s->s));
}

const char *ix_arg_str(struct sieve_ix *ix, const struct sieve_arg *a)
{
	const char *s = ix_str(ix, &a->v[0]);

	if (s == NULL)
		ix_fail(ix, NULL, "out of memory");
	return s;
}

/* arg_vector - room for n + 1 pointers, living as long as the running
 * command's scratch: from the run's pool while it lasts, else calloc'd. */
static const char **arg_vector(struct sieve_ix *ix, size_t n)
{
	const char **v;

	if (n < IX_ARGV_POOL - ix->nargv) {
		v = &ix->argv_pool[ix->nargv];
		ix->nargv += n + 1;
		return v;
	}
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL || ix_keep_str(ix, (char *)v) == NULL)
		return NULL;
	return v;
}

const char **ix_arg_list(struct sieve_ix *ix, const struct sieve_arg *a,
			 size_t *n_r)
{
	const char **v = arg_vector(ix, a->n);

	*n_r = 0;
	if (v == NULL) {
		ix_fail(ix, NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < a->n; i++)
		if ((v[i] = ix_str(ix, &a->v[i])) == NULL) {
			ix_fail(ix, NULL, "out of memory");
			return NULL;
		}
	v[a->n] = NULL;
	*n_r = a->n;
	return v;
}

int ix_arg_all(struct sieve_ix *ix, const struct sieve_arg *a,
	       bool (*ok)(void *ctx, const char *s), void *ctx, bool *res)
{
	size_t n;
	const char **v = ix_arg_list(ix, a, &n);

	if (v == NULL)
		return IX_ERR;
	*res = true;
	for (size_t i = 0; i < n && *res; i++)
		*res = ok(ctx, v[i]);
	return 0;
}
