/*
 * notify.h - send the notifications of enotify's mailto method (RFC 5435,
 * RFC 5436) through the same sendmail program as redirect and vacation.
 *
 * Never for a message that is itself automatic (Auto-Submitted other
 * than "no", RFC 5436 2.7: no loops of notifications); each address at
 * most once per delivery, whatever the number of notify actions; the
 * message says Auto-Submitted: auto-notified (RFC 5436 2.7).  Nothing
 * here can fail a delivery: each outcome is one log line.
 */
#ifndef MDA_NOTIFY_H
#define MDA_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "action.h"
#include "config.h"
#include "intake/spool.h"

#define NOTIFY_SENT_MAX 32   /* addresses one delivery notifies */

struct notify_env {
	const struct config *cfg;
	const struct spool *sp;   /* the message as delivered */
	const char *sender;       /* its envelope sender, "" null */
	const char *rcpt;         /* the user's address */
	const char *host;
	time_t now;
	/* addresses notified so far in this delivery */
	char *sent[NOTIFY_SENT_MAX];
	size_t nsent;
};

/* notify_compose - the notification to the recipients of nt that are
 * marked in send[] (LF line ends), malloc'd; NULL on ENOMEM. */
char *notify_compose(const struct notify_env *ne, const struct sieve_notify *nt,
		     const bool *send, size_t *len_r);

/* notify_make - decide one notification: NULL when none goes out (the
 * reason in *why_r), else its text (malloc'd, *len_r bytes) for each
 * recipient marked in send[] (SIEVE_NOTIFY_RCPT_MAX of them), from the
 * envelope sender *env_from_r.  The marked ones count as notified. */
char *notify_make(struct notify_env *ne, const struct sieve_notify *nt,
		  bool *send, const char **env_from_r, size_t *len_r,
		  const char **why_r);

/* notify_execute - decide and send one notification; logs. */
void notify_execute(struct notify_env *ne, const struct sieve_notify *nt);

/* notify_env_free - forget the addresses notified. */
void notify_env_free(struct notify_env *ne);

#endif
