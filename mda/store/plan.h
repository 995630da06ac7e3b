/*
 * plan.h - what mda will do with one message.
 *
 * The filter engine hands over its action list; mda never edits it.  The
 * plan is mda's own list of steps: pointers to the engine's actions, read
 * only, plus the keeps mda decides on itself (no filter or nothing
 * decided, a folder name refused at delivery, a redirect withheld with
 * nothing else storing the message: design.md's implicit keep).  Every
 * executor (targets, redirects, vacation, the dry-run print) walks the
 * plan, so they all see the same decisions.
 */
#ifndef MDA_PLAN_H
#define MDA_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "action.h"

struct plan {
	const struct sieve_action **v;   /* steps in order, never NULL */
	size_t n;
	size_t cap;                      /* room for one keep beyond acts */
};

/* plan_build - the steps of acts in order; an empty list (no filter, a
 * broken one) becomes one implicit keep.  0, or -1 out of memory. */
int plan_build(struct plan *p, const struct sieve_action_list *acts);
/* plan_add_keep - one more step: the implicit keep.  Never fails (the
 * room was made by plan_build); adding it twice is a no-op. */
void plan_add_keep(struct plan *p);
/* plan_keep_only - every step dropped but one implicit keep (a run-time
 * error found at delivery cancels the filter's actions). */
void plan_keep_only(struct plan *p);
/* plan_find - the first step of type t1 or t2, or NULL. */
const struct sieve_action *plan_find(const struct plan *p,
				     enum sieve_action_type t1,
				     enum sieve_action_type t2);
/* plan_print - one line per step, each behind prefix. */
void plan_print(const struct plan *p, const char *prefix, FILE *out);
void plan_free(struct plan *p);

#endif
