/*
 * ext-extlists.c - RFC 6134 externally stored lists, with the lists a
 * site names in its configuration ([extlists] tag:NAME = FILE, read by
 * mda into env->site; the engine sees only their items):
 *
 *   :list          a match type: the keys are list names, and a value
 *                  matches when the list holds an item equal to it under
 *                  the test's comparator (RFC 6134 2.2)
 *   valid_ext_list <ext-list-names: string-list>   (RFC 6134 2.5)
 *
 * A list the site does not have matches nothing.
 *
 *   redirect :list <ext-list-name: string>   (RFC 6134 2.3)
 *
 * redirects to each member of the list, through the same path and
 * checks as a plain redirect (at most SIEVE_MAX_REDIRECTS in all, each
 * member one valid address); an unknown or empty list is a run-time
 * error, so the message is kept rather than sent nowhere.
 */
#include <string.h>

#include "run/comparator.h"
#include "run/interp.h"

int ix_match_list(struct sieve_ix *ix, const struct sieve_node *n,
		  const char *const *vals, size_t nvals,
		  const char *const *keys, size_t nkeys, bool *res)
{
	*res = false;
	for (size_t k = 0; k < nkeys && !*res; k++) {
		const struct sieve_extlist *l = sieve_site_list(ix->env->site,
								keys[k]);

		for (size_t i = 0; l != NULL && i < nvals && !*res; i++)
			for (size_t j = 0; j < l->n && !*res; j++)
				*res = sieve_cmp_eq(n->cmp, vals[i],
						    strlen(vals[i]), l->items[j],
						    strlen(l->items[j]));
	}
	return 0;
}

int ix_redirect_list(struct sieve_ix *ix, const struct sieve_node *n,
		     const char *name, bool copy)
{
	const struct sieve_extlist *l = sieve_site_list(ix->env->site, name);
	int rc = IX_OK;

	if (l == NULL || l->n == 0)
		return ix_fail(ix, n, "redirect :list: no list \"%s\" here "
			       "(or it is empty)", name);
	for (size_t i = 0; i < l->n && rc == IX_OK; i++)
		rc = ix_act_redirect(ix, n, l->items[i], copy);
	return rc;
}

static bool have_list(void *ctx, const char *name)
{
	return sieve_site_list(ctx, name) != NULL;
}

static int e_valid_ext_list(struct sieve_ix *ix, const struct sieve_node *n,
			    bool *res)
{
	return ix_arg_all(ix, n->pos[0], have_list, (void *)ix->env->site, res);
}

static const struct sieve_cmd_def tst_valid_ext_list = {
	.name = "valid_ext_list", .test = true, .pos = "L",
	.eval = e_valid_ext_list,
};

static const struct sieve_cmd_def *const defs[] = {
	&tst_valid_ext_list, NULL,
};

const struct sieve_extension sieve_ext_extlists = {
	.name = "extlists", .defs = defs,
};
