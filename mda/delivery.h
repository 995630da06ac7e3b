/*
 * delivery.h - one spooled message for one recipient: run the recipient's
 * filter, carry out its actions, write the log line.
 *
 * Contract: shared by `mda` (one recipient per process) and `mda lmtp`
 * (one run per accepted recipient of a transaction, the spool shared).
 * The spool is only read; each run has its own action list, targets,
 * state and report, so one recipient's failure never touches another's.
 */
#ifndef MDA_DELIVERY_H
#define MDA_DELIVERY_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "intake/inbox.h"
#include "intake/spool.h"
#include "store/deliver.h"
#include "store/maildir.h"
#include "store/quota.h"
#include "why.h"

struct delivery {
	const struct inbox *ib;
	struct spool *sp;
	struct maildir_namer *nm;   /* the process's namer; advanced */
	const char *sender;         /* envelope sender, "" the null sender */
	const char *rcpt;           /* envelope recipient */
	const char *orig_rcpt;      /* original recipient, may be NULL */
	bool inbox_made;            /* the spool made (and checked) INBOX */
	const struct quota_limit *quota_rule;  /* the user's own limit (LMTP
				       user table); NULL: cfg->quota */
	struct timespec t0;         /* CLOCK_MONOTONIC at the start */
};

/* delivery_run - filter, store and log for d; MDA_OK when stored (or
 * discarded), else the error with w filled.  With cfg->dry_run the plan
 * is printed to out instead. */
enum mda_err delivery_run(const struct config *cfg, const struct delivery *d,
			  struct delivery_report *rep, FILE *out,
			  struct why *w);

/* delivery_log - the one log line for d with outcome e. */
void delivery_log(const struct config *cfg, const struct delivery *d,
		  const struct delivery_report *rep, enum mda_err e,
		  const struct why *w);

#endif
