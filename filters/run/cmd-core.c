/*
 * cmd-core.c - the RFC 5228 control and action commands: require, if,
 * elsif, else, stop (section 3) and keep, discard, redirect (section 4).
 * fileinto lives in ext-fileinto.c.  if/elsif/else are run by ix_block().
 */
#include <stdlib.h>
#include <string.h>

#include "run/address.h"
#include "run/interp.h"
#include "util.h"

/* require: every named extension must exist (RFC 5228 3.2). */
static int v_require(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	for (size_t i = 0; i < a->n; i++) {
		int e = sieve_ext_index(a->v[i].s);

		if (e >= 0 && sieve_extensions[e]->test_only && !v->testmode)
			e = -1;   /* exists only under `mda test --svtest` */
		if (e < 0)
			v_unknown_ext(v, a, a->v[i].s);
		else
			(void)v_ext_enable(v, e, a);
	}
	return 0;
}

static int x_require(struct sieve_ix *ix, const struct sieve_node *n)
{
	return IX_OK;
}

static int x_stop(struct sieve_ix *ix, const struct sieve_node *n)
{
	return IX_STOP;
}

static int x_keep(struct sieve_ix *ix, const struct sieve_node *n)
{
	char **f;
	size_t nf;

	if (ix_flags_for(ix, n, 1, &f, &nf) < 0)
		return IX_ERR;
	return ix_act_keep(ix, n, f, nf);
}

static int x_discard(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ix_act_discard(ix, n);
}

/* redirect: a constant address is checked at compile time, with the rule
 * the run applies (a group or list is a compile error, as in Pigeonhole). */
static int v_redirect(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_str *s = &n->pos[0]->v[0];
	struct sieve_addr *a = NULL;
	size_t na = 0;

	if (!v_str_const(v, s) || n->tag[1] != NULL)
		return 0;   /* :list names a list, looked up at run time */
	if (!sieve_addr_one(s->s, true) ||
	    sieve_addr_parse(s->s, &a, &na) < 0 || na != 1 || !a[0].valid)
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"redirect: invalid address \"%s\"", s->s);
	sieve_addr_free(a, na);
	return 0;
}

/* x_redirect - an address that went through ${...} holds text of the
 * message (a header matched into ${1}): it must be one bare addr-spec, as
 * "Boss <attacker@evil.invalid>" shows one address and sends to another.
 * The script's own "Name <addr>" stays valid (RFC 5228 2.4.2.3);
 * docs/VIOLATIONS.md. */
static int x_redirect(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *addr = ix_arg_str(ix, n->pos[0]);

	if (addr == NULL)
		return IX_ERR;
	if (n->tag[1] != NULL)
		return ix_redirect_list(ix, n, addr, n->tag[0] != NULL);
	if (strcmp(addr, n->pos[0]->v[0].s) != 0 &&
	    !sieve_addr_one(addr, false))
		return ix_fail(ix, n, "redirect: \"%s\" (from a variable) is "
			       "not one bare address", addr);
	return ix_act_redirect(ix, n, addr, n->tag[0] != NULL);
}

static const struct sieve_tag_def keep_tags[] = {
	{ "flags", TAGK_LIST, 1, "imap4flags" },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def redirect_tags[] = {
	{ "copy", TAGK_FLAG, 0, "copy" },
	{ "list", TAGK_FLAG, 1, "extlists" },   /* RFC 6134 2.3 */
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_require = {
	.name = "require", .role = ROLE_REQUIRE, .pos = "L",
	.validate = v_require, .exec = x_require,
};
static const struct sieve_cmd_def cmd_if = {
	.name = "if", .role = ROLE_IF, .block = true, .tests = 1,
};
static const struct sieve_cmd_def cmd_elsif = {
	.name = "elsif", .role = ROLE_ELSIF, .block = true, .tests = 1,
};
static const struct sieve_cmd_def cmd_else = {
	.name = "else", .role = ROLE_ELSE, .block = true,
};
static const struct sieve_cmd_def cmd_stop = { .name = "stop", .exec = x_stop };
static const struct sieve_cmd_def cmd_keep = {
	.name = "keep", .tags = keep_tags, .exec = x_keep,
};
static const struct sieve_cmd_def cmd_discard = {
	.name = "discard", .exec = x_discard,
};
static const struct sieve_cmd_def cmd_redirect = {
	.name = "redirect", .tags = redirect_tags, .pos = "S",
	.validate = v_redirect, .exec = x_redirect,
};

static const struct sieve_cmd_def *const core_defs[] = {
	&cmd_require, &cmd_if, &cmd_elsif, &cmd_else, &cmd_stop, &cmd_keep,
	&cmd_discard, &cmd_redirect, NULL,
};

const struct sieve_extension sieve_ext_core = {
	.name = "core", .defs = core_defs, .core = true,
};
