/*
 * ext-index.c - RFC 5260 section 6: ":index" <fieldno: number> [":last"]
 * on header, address and date picks the fieldno-th field of that name,
 * counted from the top, or from the bottom with :last; a number past the
 * fields matches nothing.  The tags sit in each test's own tag table
 * (tst-core.c, ext-mime.c, ext-date.c) with "index" as the extension they
 * need; this file finds their slots by name, so it knows no test.
 * Compile time (an after_args hook): :last needs :index, and 0 is no
 * field number.
 */
#include <string.h>

#include "run/interp.h"

/* slot - the tag slot of name in d's tag table, or -1. */
static int slot(const struct sieve_cmd_def *d, const char *name)
{
	for (const struct sieve_tag_def *t = d->tags; t && t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t->slot;
	return -1;
}

const char **ix_index_pick(const struct sieve_node *n, const char **v,
			   size_t *nv)
{
	int si = slot(n->def, "index"), sl = slot(n->def, "last");
	uint64_t k;

	if (si < 0 || n->tag[si] == NULL)
		return v;
	k = n->tag[si]->num;
	if (k == 0 || k > *nv) {
		*nv = 0;
		return v;
	}
	v += sl >= 0 && n->tag[sl] != NULL ? *nv - k : k - 1;
	*nv = 1;
	return v;
}

static void after_args(struct sieve_vctx *v, const struct sieve_node *n)
{
	int si, sl;

	if (n->def == NULL || n->def->tags == NULL)
		return;
	si = slot(n->def, "index");
	sl = slot(n->def, "last");
	if (si < 0)
		return;
	if (sl >= 0 && n->tag[sl] != NULL && n->tag[si] == NULL)
		v_error(v, n->tag[sl]->line, n->tag[sl]->col,
			":last needs :index");
	if (n->tag[si] != NULL && n->tag[si]->num == 0)
		v_error(v, n->tag[si]->line, n->tag[si]->col,
			":index 0: fields are counted from 1");
}

const struct sieve_extension sieve_ext_index_rfc5260 = {
	.name = "index", .after_args = after_args,
};
