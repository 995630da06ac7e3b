/*
 * deliver.h - carry out an action list: reject, store, redirect.
 */
#ifndef MDA_DELIVER_H
#define MDA_DELIVER_H

#include <stdio.h>

#include "action.h"
#include "store/store.h"

struct delivery_report {
	char folders[1024];   /* "INBOX(implicit keep) lists(x.sieve:3)" */
	char warning[400];    /* a run-time error that ended in keep */
	unsigned stored, redirected;
	bool discarded;
	unsigned piped;       /* pipe actions whose program succeeded */
};

/* deliver_actions - do what acts says (read only: mda's own keeps go
 * into its plan, plan.h).  Storage failures of a fileinto
 * fall back to INBOX; a failure of INBOX itself undoes every Maildir copy
 * of this delivery and returns the error (75), so the MTA's retry cannot
 * double anything.  With cfg->dry_run, prints the plan to out instead. */
enum mda_err deliver_actions(struct store_ctx *sc,
			     const struct sieve_action_list *acts,
			     struct delivery_report *rep, FILE *out,
			     struct why *w);

#endif
