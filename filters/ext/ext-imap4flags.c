/*
 * ext-imap4flags.c - RFC 5232: setflag, addflag, removeflag, the hasflag
 * test and :flags on keep/fileinto.  Flags live in one internal variable
 * (or in a named variable when the first argument names one and
 * "variables" is required).  A flag list is a space-separated set,
 * case-insensitive, kept in the spelling first given ("\\Seen",
 * "$Label1"); mda maps them to Maildir letters and keywords.
 */
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "util.h"

struct flagset {
	char **v;
	size_t n;
};

static void fs_free(struct flagset *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static ssize_t fs_find(const struct flagset *f, const char *s, size_t len)
{
	for (size_t i = 0; i < f->n; i++)
		if (ascii_nieq(s, len, f->v[i]))
			return (ssize_t)i;
	return -1;
}

/* fs_apply - add (op 1) or remove (op -1) each flag of the string s. */
static int fs_apply(struct flagset *f, const char *s, int op)
{
	while (*s != '\0') {
		size_t len;
		ssize_t at;

		while (*s == ' ' || *s == '\t')
			s++;
		len = strcspn(s, " \t");
		if (len == 0)
			break;
		at = fs_find(f, s, len);
		if (op > 0 && at < 0 && f->n < SIEVE_MAX_FLAGS) {
			char **v = realloc(f->v, (f->n + 1) * sizeof(*v));

			if (v == NULL)
				return -1;
			f->v = v;
			if ((v[f->n] = xstrndup(s, len)) == NULL)
				return -1;
			f->n++;
		} else if (op < 0 && at >= 0) {
			free(f->v[at]);
			memmove(&f->v[at], &f->v[at + 1],
				(f->n - (size_t)at - 1) * sizeof(*f->v));
			f->n--;
		}
		s += len;
	}
	return 0;
}

static char *fs_join(const struct flagset *f)
{
	struct sbuf b = {0};

	for (size_t i = 0; i < f->n; i++) {
		if (i > 0)
			sbuf_addc(&b, ' ');
		sbuf_adds(&b, f->v[i]);
	}
	return sbuf_take(&b);
}

int ix_flags_for(struct sieve_ix *ix, const struct sieve_node *n, int slot,
		 char ***flags_r, size_t *n_r)
{
	struct flagset f = {0};
	size_t nl;
	const char **l;

	*flags_r = NULL;
	*n_r = 0;
	if (n->tag[slot] == NULL) {
		*flags_r = sieve_flags_dup(ix->flags, ix->nflags);
		*n_r = ix->nflags;
		return *flags_r == NULL ? ix_fail(ix, n, "out of memory") : 0;
	}
	if ((l = ix_arg_list(ix, n->tag[slot], &nl)) == NULL)
		return IX_ERR;
	for (size_t i = 0; i < nl; i++)
		if (fs_apply(&f, l[i], 1) < 0) {
			fs_free(&f);
			return ix_fail(ix, n, "out of memory");
		}
	*flags_r = f.v;
	*n_r = f.n;
	return 0;
}

static int v_flagcmd(struct sieve_vctx *v, struct sieve_node *n)
{
	if (n->npos == 2 && !v_has(v, "variables"))
		v_error(v, n->line, n->col,
			"%s: a variable name needs require \"variables\"", n->name);
	else if (n->npos == 2 && n->pos[0]->type != ARG_STRING &&
		 !n->def->test)   /* hasflag takes a variable-list (RFC 5232 5) */
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"%s: the variable name must be one string", n->name);
	return 0;
}

/* x_flagcmd - setflag (op 0), addflag (1), removeflag (-1). */
static int x_flagcmd(struct sieve_ix *ix, const struct sieve_node *n, int op)
{
	struct flagset f = { ix->flags, ix->nflags };
	const char *var = n->npos == 2 ? n->pos[0]->v[0].s : NULL;
	size_t nl;
	const char **l = ix_arg_list(ix, n->pos[n->npos - 1], &nl);
	int rc = 0;

	if (l == NULL)
		return IX_ERR;
	if (var != NULL) {
		f.v = NULL;
		f.n = 0;
		if (op != 0)
			rc = fs_apply(&f, ix_var_get(ix, var), 1);
	} else if (op == 0) {
		fs_free(&f);
	}
	for (size_t i = 0; i < nl && rc == 0; i++)
		rc = fs_apply(&f, l[i], op == 0 ? 1 : op);
	if (var != NULL) {
		char *s = rc == 0 ? fs_join(&f) : NULL;

		fs_free(&f);
		rc = s != NULL ? ix_var_set(ix, n, var, s) : -1;
		free(s);
	} else {
		ix->flags = f.v;
		ix->nflags = f.n;
	}
	return rc < 0 ? ix_fail(ix, n, "out of memory") : IX_OK;
}

int ix_flags_change(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *flags, int op)
{
	struct flagset f = { ix->flags, ix->nflags };
	int rc = fs_apply(&f, flags, op);

	ix->flags = f.v;
	ix->nflags = f.n;
	return rc < 0 ? ix_fail(ix, n, "out of memory") : IX_OK;
}

static int x_setflag(struct sieve_ix *ix, const struct sieve_node *n)
{
	return x_flagcmd(ix, n, 0);
}

static int x_addflag(struct sieve_ix *ix, const struct sieve_node *n)
{
	return x_flagcmd(ix, n, 1);
}

static int x_removeflag(struct sieve_ix *ix, const struct sieve_node *n)
{
	return x_flagcmd(ix, n, -1);
}

/* hasflag: the flags in force (or in the named variables) are the values;
 * each key is itself a flag list (RFC 5232 4). */
static int e_hasflag(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	struct flagset have = {0}, keys = {0};
	size_t nk, nvars = 0;
	const char **kl = ix_arg_list(ix, n->pos[n->npos - 1], &nk);
	const char **vars = n->npos == 2 ? ix_arg_list(ix, n->pos[0], &nvars) : NULL;
	int rc = 0;

	if (kl == NULL || (n->npos == 2 && vars == NULL))
		return IX_ERR;
	if (vars == NULL)
		for (size_t i = 0; i < ix->nflags && rc == 0; i++)
			rc = fs_apply(&have, ix->flags[i], 1);
	for (size_t i = 0; i < nvars && rc == 0; i++)
		rc = fs_apply(&have, ix_var_get(ix, vars[i]), 1);
	for (size_t i = 0; i < nk && rc == 0; i++)
		rc = n->mt == MT_COUNT ? 0 : fs_apply(&keys, kl[i], 1);
	if (rc == 0)
		rc = ix_match(ix, n, (const char *const *)have.v, have.n,
			      n->mt == MT_COUNT ? kl : (const char *const *)keys.v,
			      n->mt == MT_COUNT ? nk : keys.n, res);
	else
		rc = ix_fail(ix, n, "out of memory");
	fs_free(&have);
	fs_free(&keys);
	return rc;
}

static const struct sieve_cmd_def cmd_setflag = {
	.name = "setflag", .pos = "Ll", .validate = v_flagcmd, .exec = x_setflag,
};
static const struct sieve_cmd_def cmd_addflag = {
	.name = "addflag", .pos = "Ll", .validate = v_flagcmd, .exec = x_addflag,
};
static const struct sieve_cmd_def cmd_removeflag = {
	.name = "removeflag", .pos = "Ll", .validate = v_flagcmd,
	.exec = x_removeflag,
};
static const struct sieve_cmd_def tst_hasflag = {
	.name = "hasflag", .test = true, .std = STD_CMP | STD_MATCH,
	.pos = "Ll", .validate = v_flagcmd, .eval = e_hasflag,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_setflag, &cmd_addflag, &cmd_removeflag, &tst_hasflag, NULL,
};

const struct sieve_extension sieve_ext_imap4flags = {
	.name = "imap4flags", .defs = defs, .conflicts = EXT_IMAPFLAGS,
};
