/*
 * ext-mailbox.c - RFC 5490 section 3: mailboxexists and fileinto :create.
 *
 * filters/ knows nothing of disks: mailboxexists asks
 * env->mailbox_exists (RFC 5490 3.1: the folder exists and can be
 * delivered to).  Without that callback (or when it answers -1, unknown)
 * every name the store accepts counts as existing, since mda makes
 * Maildir++ folders on demand.  Names the store refuses ('/', '..', empty
 * parts, a leading '.' or '~', not UTF-8) answer false either way; a
 * constant name that is not UTF-8 is warned of at compile time.
 */
#include <string.h>

#include "run/interp.h"
#include "util.h"

static bool name_ok(const char *m)
{
	size_t n = strlen(m);

	return n > 0 && m[0] != '.' && m[0] != '~' && m[n - 1] != '.' &&
	       !strchr(m, '/') && !strstr(m, "..") && utf8_valid(m);
}

static int v_mailboxexists(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	for (size_t i = 0; i < a->n; i++)
		if (v_str_const(v, &a->v[i]) && !utf8_valid(a->v[i].s))
			v_warn(v, a->line, a->col, "mailboxexists: mailbox "
			       "name %zu is not UTF-8 and can never exist",
			       i + 1);
	return 0;
}

static int e_mailboxexists(struct sieve_ix *ix, const struct sieve_node *n,
			   bool *res)
{
	size_t nb;
	const char **boxes = ix_arg_list(ix, n->pos[0], &nb);

	if (boxes == NULL)
		return IX_ERR;
	*res = true;
	for (size_t i = 0; i < nb && *res; i++) {
		int e = -1;

		*res = name_ok(boxes[i]);
		if (*res && ix->env->mailbox_exists != NULL)
			e = ix->env->mailbox_exists(ix->env->mailbox_ctx, boxes[i]);
		if (e == 0)
			*res = false;
	}
	return 0;
}

static const struct sieve_cmd_def tst_mailboxexists = {
	.name = "mailboxexists", .test = true, .pos = "L",
	.validate = v_mailboxexists, .eval = e_mailboxexists,
};

static const struct sieve_cmd_def *const defs[] = { &tst_mailboxexists, NULL };

const struct sieve_extension sieve_ext_mailbox = {
	.name = "mailbox", .defs = defs,
};
