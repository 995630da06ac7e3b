/*
 * ext-include.c - RFC 6609 include, return and global.
 *
 * include names a script by a constant string; it is fetched through the
 * caller's sieve_loader and compiled with the including script (see
 * script.c), so a missing script (without :optional), a broken one, or an
 * include loop is a compile error.  At run time the included script runs
 * in its own local variable scope; `global` names share the run's global
 * scope; :once skips a script that already ran; `return` ends the current
 * script only, `stop` ends everything.
 */
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "util.h"

enum { T_PERSONAL, T_GLOBAL, T_ONCE, T_OPTIONAL };

static int v_include(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_str *s = &n->pos[0]->v[0];
	struct sieve_script *sub;
	bool missing;

	if (n->tag[T_PERSONAL] != NULL && n->tag[T_GLOBAL] != NULL) {
		v_error(v, n->line, n->col, "include: :personal and :global together");
		return 0;
	}
	if (strstr(s->s, "${") != NULL || s->len == 0 || strchr(s->s, '/')) {
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"include: invalid script name \"%s\"", s->s);
		return 0;
	}
	sub = sieve_vctx_include(v, n, n->tag[T_GLOBAL] != NULL, s->s,
				 n->tag[T_ONCE] != NULL, &missing);
	if (sub == NULL && missing && n->tag[T_OPTIONAL] == NULL)
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"include: script \"%s\" not found", s->s);
	n->data = sub;   /* owned by the root script */
	return 0;
}

static int x_include(struct sieve_ix *ix, const struct sieve_node *n)
{
	const struct sieve_script *sub = n->data;
	bool done = false;

	if (sub == NULL)
		return IX_OK;   /* :optional and absent */
	for (size_t i = 0; i < ix->ndone && !done; i++)
		done = ix->done[i] == sub;
	if (done && n->tag[T_ONCE] != NULL)
		return IX_OK;
	if (!done && ix->ndone < SIEVE_MAX_INCLUDED)
		ix->done[ix->ndone++] = sub;
	return ix_run_script(ix, sub);
}

static int x_return(struct sieve_ix *ix, const struct sieve_node *n)
{
	return IX_RETURN;
}

static int v_global(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	if (!v_has(v, "variables"))
		v_error(v, n->line, n->col, "global needs require \"variables\"");
	for (size_t i = 0; i < a->n; i++)
		if (!sieve_varname_ok(a->v[i].s, false))
			v_error(v, a->line, a->col,
				"global: invalid variable name \"%s\"", a->v[i].s);
	return 0;
}

static int x_global(struct sieve_ix *ix, const struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];
	struct ix_frame *fr = ix->fr;

	for (size_t i = 0; i < a->n; i++) {
		char **v;

		if (fr->nglobals >= SIEVE_MAX_VARIABLES)
			return ix_fail(ix, n, "too many variables");
		v = realloc(fr->globals, (fr->nglobals + 1) * sizeof(*v));
		if (v == NULL)
			return ix_fail(ix, n, "out of memory");
		fr->globals = v;
		if ((v[fr->nglobals] = strdup(a->v[i].s)) == NULL)
			return ix_fail(ix, n, "out of memory");
		fr->nglobals++;
	}
	return IX_OK;
}

static const struct sieve_tag_def include_tags[] = {
	{ "personal", TAGK_FLAG, T_PERSONAL, NULL },
	{ "global", TAGK_FLAG, T_GLOBAL, NULL },
	{ "once", TAGK_FLAG, T_ONCE, NULL },
	{ "optional", TAGK_FLAG, T_OPTIONAL, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_include = {
	.name = "include", .tags = include_tags, .pos = "S",
	.validate = v_include, .exec = x_include,
};
static const struct sieve_cmd_def cmd_return = {
	.name = "return", .exec = x_return,
};
static const struct sieve_cmd_def cmd_global = {
	.name = "global", .pos = "L", .validate = v_global, .exec = x_global,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_include, &cmd_return, &cmd_global, NULL,
};

const struct sieve_extension sieve_ext_include = {
	.name = "include", .defs = defs,
};
