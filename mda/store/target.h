/*
 * target.h - where each keep/fileinto of the action list goes on disk.
 *
 * The action list (filters/action.h) names folders; this turns them into
 * Maildir folder directories or mbox files, one target per place (at most
 * one copy per folder per delivery), refusing names that could escape.
 */
#ifndef MDA_TARGET_H
#define MDA_TARGET_H

#include <stdbool.h>

#include "action.h"
#include "intake/inbox.h"
#include "store/plan.h"
#include "why.h"

#define TARGET_MAX 256

/* the small fields first: with the names after them a target touches
 * one page, not two, when the names are short */
struct target {
	bool inbox;
	bool done;
	const struct sieve_action *act;  /* the deciding action (flags ...) */
	char *stored;                    /* Maildir file made; for rollback */
	char folder[512];                /* for the log: INBOX, lists.foo */
	char path[4096];                 /* Maildir folder dir or mbox file */
};

struct target_list {
	struct target *v;
	size_t n;
};

/* target_build - targets for the keep and fileinto steps.  A refused
 * folder name is MDA_ERR_DATA: a run-time error, after which the caller
 * keeps the message in INBOX only (design.md). */
enum mda_err target_build(const struct inbox *ib, const struct plan *p,
			  struct target_list *tl, struct why *w);
/* target_add_inbox - make sure INBOX is a target (fallback keep). */
enum mda_err target_add_inbox(const struct inbox *ib, struct target_list *tl,
			      const struct sieve_action *act, struct why *w);
void target_list_free(struct target_list *tl);
/* target_folder_exists - for mailboxexists (RFC 5490 3.1): 1 if folder
 * name of the inbox ctx (a struct inbox) exists, else 0. */
int target_folder_exists(void *ctx, const char *name);

#endif
