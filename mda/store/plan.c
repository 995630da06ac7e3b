/*
 * plan.c - mda's delivery plan over the filter's read-only actions (see
 * plan.h).  The steps are pointers; the one action mda adds itself is the
 * implicit keep below, a constant that decides nothing of its own (no
 * script, no flags), which sieve_action_print shows as "(implicit keep)".
 */
#include <stdlib.h>

#include "store/plan.h"

static const struct sieve_action implicit_keep = { .type = SIEVE_ACT_KEEP };

int plan_build(struct plan *p, const struct sieve_action_list *acts)
{
	p->n = 0;
	p->cap = acts->n + 1;
	p->v = calloc(p->cap, sizeof(*p->v));
	if (p->v == NULL)
		return -1;
	for (size_t i = 0; i < acts->n; i++)
		p->v[p->n++] = &acts->v[i];
	if (p->n == 0)
		plan_add_keep(p);
	return 0;
}

void plan_add_keep(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i] == &implicit_keep)
			return;
	if (p->n < p->cap)
		p->v[p->n++] = &implicit_keep;
}

void plan_keep_only(struct plan *p)
{
	p->n = 0;
	plan_add_keep(p);
}

const struct sieve_action *plan_find(const struct plan *p,
				     enum sieve_action_type t1,
				     enum sieve_action_type t2)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i]->type == t1 || p->v[i]->type == t2)
			return p->v[i];
	return NULL;
}

void plan_print(const struct plan *p, const char *prefix, FILE *out)
{
	for (size_t i = 0; i < p->n; i++) {
		fputs(prefix, out);
		sieve_action_print(p->v[i], out);
		fputc('\n', out);
	}
}

void plan_free(struct plan *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
