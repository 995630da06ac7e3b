/*
 * redirect.h - may this redirect go out?  mda's own limits on top of the
 * engine's: at most REDIRECT_MAX per message, once per address, and never
 * to an address the message has already been delivered to (a loop).
 */
#ifndef MDA_REDIRECT_H
#define MDA_REDIRECT_H

#include <stddef.h>

#include "action.h"
#include "intake/spool.h"
#include "store/plan.h"

#define REDIRECT_MAX 8   /* a backstop, >= the engine's SIEVE_MAX_REDIRECTS */

enum redirect_verdict {
	REDIRECT_SEND,
	REDIRECT_SAME,    /* an earlier redirect of this run has the address */
	REDIRECT_LOOP,    /* Delivered-To / X-Mda-Loop names the address */
	REDIRECT_LIMIT,   /* more than REDIRECT_MAX */
	REDIRECT_BAD,     /* empty, or would read as an option */
};

/* redirect_judge - decide for step p->v[i] (a REDIRECT); deterministic,
 * so the executor and the planner agree.  Fills why (may be cut). */
enum redirect_verdict redirect_judge(const struct spool *sp,
				     const struct plan *p, size_t i,
				     char *why, size_t size);

/* redirect_keep_needed - true when a redirect will be withheld (loop,
 * limit, bad address) and nothing else stores the message: the caller
 * then keeps it in INBOX, so a refused redirect never loses mail. */
bool redirect_keep_needed(const struct spool *sp, const struct plan *p);

#endif
