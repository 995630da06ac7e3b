/*
 * vacation.h - carry out a Sieve vacation action (RFC 5230, RFC 3834).
 *
 * The action is a request: mda decides whether a reply is allowed (its
 * rules are authoritative, whatever the engine checked), records it once
 * per sender per handle per period in the state database, composes the
 * reply and hands it to the sendmail program with the null envelope
 * sender.  Nothing here can fail a delivery: every refusal or fault is one
 * log line "vacation: not sent (reason)".
 */
#ifndef MDA_VACATION_H
#define MDA_VACATION_H

#include <stddef.h>
#include <time.h>

#include "action.h"
#include "config.h"
#include "intake/spool.h"
#include "outward/state.h"

struct vacation_env {
	const struct config *cfg;
	const struct spool *sp;
	const char *sender;      /* envelope sender, "" null */
	const char *rcpt;        /* envelope recipient */
	const char *orig_rcpt;   /* may be NULL */
	const char *host;        /* for Message-ID and a bare rcpt */
	struct mda_state *state;
	time_t now;
};

/* vacation_refusal - why no reply may go to this message, or NULL. */
const char *vacation_refusal(const struct vacation_env *ve,
			     const struct sieve_vacation *v, char *buf,
			     size_t size);

/* vacation_compose - the reply (header and body, LF line ends) in a
 * malloc'd buffer; NULL on ENOMEM. */
char *vacation_compose(const struct vacation_env *ve,
		       const struct sieve_vacation *v, size_t *len_r);

/* vacation_execute - decide, record, send; logs the outcome. */
void vacation_execute(const struct vacation_env *ve,
		      const struct sieve_vacation *v);

#endif
