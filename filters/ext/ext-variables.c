/*
 * ext-variables.c - RFC 5229: the set command (section 4) with modifiers
 * applied highest precedence first - :lower/:upper (40),
 * :lowerfirst/:upperfirst (30), :quotewildcard (20), :encodeurl (15,
 * RFC 5435 6, with enotify), :length (10) - and
 * the string test (section 5; :count skips empty strings).  The regex
 * draft's :quoteregex is not offered: Pigeonhole 2.3 refuses it too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "util.h"

enum { M_LOWER = IX_MOD_LOWER, M_UPPER, M_LOWERFIRST, M_UPPERFIRST,
       M_QUOTEWILD, M_LENGTH, M_ENCODEURL };
_Static_assert((int)M_ENCODEURL < (int)IX_MOD_COUNT, "the modifiers fit IX_MOD_COUNT");

/* sieve_varname_ok - an identifier, or "global.x" style with dots. */
bool sieve_varname_ok(const char *s, bool allow_ns)
{
	size_t n = strlen(s);

	if (n == 0 || n > SIEVE_MAX_VARNAME_LEN || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.' && allow_ns && i > 0 && s[i + 1] != '\0')
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

static int v_set(struct sieve_vctx *v, struct sieve_node *n)
{
	const char *name = n->pos[0]->v[0].s;
	bool ns = strncmp(name, "global.", 7) == 0 && v_has(v, "include");

	if (!sieve_varname_ok(name, ns))
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"set: invalid variable name \"%s\"", name);
	v_modifiers(v, n);
	return 0;
}

void v_modifiers(struct sieve_vctx *v, const struct sieve_node *n)
{
	if ((n->tag[M_LOWER] && n->tag[M_UPPER]) ||
	    (n->tag[M_LOWERFIRST] && n->tag[M_UPPERFIRST]))
		v_error(v, n->line, n->col,
			"%s: two modifiers of the same precedence", n->name);
}

char *ix_modify(const struct sieve_node *n, const char *in)
{
	struct sbuf b = {0};
	char *s = strdup(in);

	if (s == NULL)
		return NULL;
	for (char *p = s; *p; p++) {
		if (n->tag[M_LOWER])
			*p = (char)ascii_lower((unsigned char)*p);
		else if (n->tag[M_UPPER] && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}
	if (n->tag[M_LOWERFIRST] && s[0])
		s[0] = (char)ascii_lower((unsigned char)s[0]);
	else if (n->tag[M_UPPERFIRST] && s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	if (n->tag[M_QUOTEWILD]) {
		for (const char *p = s; *p; p++) {
			if (strchr("*?\\", *p) != NULL)
				sbuf_addc(&b, '\\');
			sbuf_addc(&b, *p);
		}
		free(s);
		if ((s = sbuf_take(&b)) == NULL)
			return NULL;
	}
	if (n->tag[M_ENCODEURL]) {   /* RFC 5435 6: all but RFC 3986 unreserved */
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			char hex[4];

			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
				sbuf_addc(&b, (char)*p);
				continue;
			}
			snprintf(hex, sizeof(hex), "%%%02X", *p);
			sbuf_adds(&b, hex);
		}
		free(s);
		if ((s = sbuf_take(&b)) == NULL)
			return NULL;
	}
	if (n->tag[M_LENGTH]) {
		char num[32];
		size_t chars = 0;

		for (const char *p = s; *p; p++)   /* UTF-8 characters */
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		snprintf(num, sizeof(num), "%zu", chars);
		free(s);
		s = strdup(num);
	}
	return s;
}

static int x_set(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *val = ix_arg_str(ix, n->pos[1]);
	char *m;
	int rc;

	if (val == NULL)
		return IX_ERR;
	if ((m = ix_modify(n, val)) == NULL)
		return ix_fail(ix, n, "out of memory");
	rc = ix_var_set(ix, n, n->pos[0]->v[0].s, m);
	free(m);
	return rc;
}

static int e_string(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	size_t ns, nk, nv = 0;
	const char **src = ix_arg_list(ix, n->pos[0], &ns);
	const char **keys = ix_arg_list(ix, n->pos[1], &nk);

	if (src == NULL || keys == NULL)
		return IX_ERR;
	if (n->mt == MT_COUNT) {   /* RFC 5229 5: empty strings do not count */
		for (size_t i = 0; i < ns; i++)
			if (src[i][0] != '\0')
				src[nv++] = src[i];
		ns = nv;
	}
	return ix_match(ix, n, src, ns, keys, nk, res);
}

static const struct sieve_tag_def set_tags[] = {
	{ "lower", TAGK_FLAG, M_LOWER, NULL },
	{ "upper", TAGK_FLAG, M_UPPER, NULL },
	{ "lowerfirst", TAGK_FLAG, M_LOWERFIRST, NULL },
	{ "upperfirst", TAGK_FLAG, M_UPPERFIRST, NULL },
	{ "quotewildcard", TAGK_FLAG, M_QUOTEWILD, NULL },
	{ "length", TAGK_FLAG, M_LENGTH, NULL },
	{ "encodeurl", TAGK_FLAG, M_ENCODEURL, "enotify" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_set = {
	.name = "set", .tags = set_tags, .pos = "SS", .validate = v_set,
	.exec = x_set,
};
static const struct sieve_cmd_def tst_string = {
	.name = "string", .test = true, .std = STD_CMP | STD_MATCH,
	.pos = "LL", .eval = e_string,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_set, &tst_string, NULL };

const struct sieve_extension sieve_ext_variables = {
	.name = "variables", .defs = defs,
};
