/*
 * ext-fileinto.c - RFC 5228 4.1 fileinto, with :copy (RFC 3894), :flags
 * (RFC 5232) and :create (RFC 5490).  The folder name is checked when the
 * action is taken (interp-actions.c); a bad name is a run-time error,
 * except a constant that is not UTF-8: that is wrong wherever the script
 * runs, so it fails the compile (as Pigeonhole does).
 */
#include "run/interp.h"
#include "util.h"

static int v_fileinto(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_str *s = &n->pos[0]->v[0];

	if (v_str_const(v, s) && !utf8_valid(s->s))
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"fileinto: the mailbox name is not UTF-8");
	return 0;
}

static int x_fileinto(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *box = ix_arg_str(ix, n->pos[0]);
	char **f;
	size_t nf;

	if (box == NULL || ix_flags_for(ix, n, 1, &f, &nf) < 0)
		return IX_ERR;
	return ix_act_fileinto(ix, n, box, f, nf, n->tag[0] != NULL,
			       n->tag[2] != NULL);
}

static const struct sieve_tag_def tags[] = {
	{ "copy", TAGK_FLAG, 0, "copy" },
	{ "flags", TAGK_LIST, 1, "imap4flags" },
	{ "create", TAGK_FLAG, 2, "mailbox" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_fileinto = {
	.name = "fileinto", .tags = tags, .pos = "S", .validate = v_fileinto,
	.exec = x_fileinto,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_fileinto, NULL };

const struct sieve_extension sieve_ext_fileinto = {
	.name = "fileinto", .defs = defs,
};
