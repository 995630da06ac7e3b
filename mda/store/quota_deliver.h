/*
 * quota_deliver.h - the quota in one delivery (design.md, data flow):
 * loaded before the filter runs (so a script can see the usage), tested
 * once for the whole plan before anything is stored, recorded after.
 */
#ifndef MDA_QUOTA_DELIVER_H
#define MDA_QUOTA_DELIVER_H

#include "config.h"
#include "intake/inbox.h"
#include "store/quota.h"
#include "store/store.h"
#include "store/target.h"

/* What a Sieve script sees through `environment` (vnd.mda.quota.*):
 * decimal strings, the usage before this message. */
struct quota_view {
	char usage[24];     /* octets in use */
	char limit[24];     /* octets allowed; "" when only messages count */
	char percent[8];    /* the fuller of storage and messages */
};

/* quota_setup - the limit (rule: a per-user one, e.g. the LMTP user
 * table's quota_rule through quota_parse_rule; NULL: cfg->quota, a bad
 * value of which is a usage error) and the Maildir's maildirsize, loaded
 * into q.  *q_r is q when a limit is in force, else NULL (mbox INBOX, no
 * limit anywhere); v is filled then. */
enum mda_err quota_setup(const struct config *cfg, const struct inbox *ib,
			 const struct quota_limit *rule, struct quota *q,
			 struct quota **q_r, struct quota_view *v,
			 struct why *w);
/* quota_gate - does the whole plan fit?  The sum of every Maildir copy
 * this message would make; over quota nothing at all is stored. */
enum mda_err quota_gate(struct store_ctx *sc, const struct target_list *tl,
			struct why *w);
/* quota_settle - after a successful delivery: the warning if a level
 * was crossed, then one maildirsize line for all that was stored. */
void quota_settle(struct store_ctx *sc, const struct target_list *tl);
/* quota_warn - quota_warn.c: store a warning when u (the usage after
 * this delivery) reaches a level not yet warned of; its size, or 0. */
uint64_t quota_warn(struct store_ctx *sc, const struct quota *q,
		    const struct quota_usage *u, struct why *w);

#endif
