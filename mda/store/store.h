/*
 * store.h - put the spooled message into one target (Maildir or mbox).
 */
#ifndef MDA_STORE_H
#define MDA_STORE_H

#include <time.h>

#include "config.h"
#include "intake/inbox.h"
#include "store/maildir.h"
#include "intake/spool.h"
#include "outward/programs.h"
#include "outward/state.h"
#include "store/target.h"

struct quota;

struct store_ctx {
	const struct config *cfg;
	const struct inbox *ib;
	struct spool *sp;
	struct maildir_namer nm;
	const char *sender;      /* envelope sender, "" for the null sender */
	const char *rcpt;        /* envelope recipient (vacation) */
	const char *orig_rcpt;   /* original recipient, may be NULL */
	struct mda_state *state; /* vacation/duplicate state, may be NULL */
	struct programs *programs;  /* pipe, and filtered versions; or NULL */
	struct quota *quota;     /* Maildir++ quota in force, or NULL */
	time_t when;
	bool fcntl_only;         /* an mbox lock fell back to fcntl alone */
	char note[512];          /* for the log: a torn mbox cut back (or why
				    not), keywords a Maildir could not hold */
	bool inbox_made;         /* maildir_make(INBOX) done by the spool */
};

/* store_target - store the message (with the action's edited header, if
 * any) into t.  Maildir: link the spool (or write a copy when the header
 * was edited) into new/ or cur/ with flags.  mbox: locked append. */
enum mda_err store_target(struct store_ctx *sc, struct target *t,
			  struct why *w);
/* store_source - the message action a took: the filter version it
 * names (a->version, from sc->programs) with its edited header, if any;
 * a NULL a is the delivered message.  Each keep, fileinto, redirect or
 * pipe is the message as it was when the script took it. */
void store_source(const struct store_ctx *sc, const struct sieve_action *a,
		  struct msg_source *src);
/* store_size - the octets of t's copy (its own header if edited). */
uint64_t store_size(const struct store_ctx *sc, const struct target *t);
/* store_undo - remove a Maildir copy made by this delivery. */
void store_undo(struct target *t);

#endif
