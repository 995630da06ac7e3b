/*
 * quota_warn.c - tell the user, once, that the mailbox is nearly full.
 *
 * When a delivery leaves the usage at or above QUOTA_WARN_LOW or
 * QUOTA_WARN_HIGH percent, a short message (RFC 5322, Auto-Submitted:
 * auto-generated, RFC 3834 section 5) is put into INBOX, for the highest
 * level reached, once per crossing: a delivery that starts below a level
 * and ends at or above it has crossed it, which also proves the usage
 * dropped back since the last warning.  The state database (kind
 * "quota-warn", key "LEVEL:MAILDIR", stamped when warned) keeps a
 * delivery that starts above a level from warning again, and two
 * concurrent deliveries that cross together from warning twice (a stamp
 * no older than the moment this delivery read the usage means another
 * one warned of this crossing; the check runs under the database's write
 * lock, so they take turns).  Below
 * both levels nothing is looked up, so most deliveries never open it.
 * With no state database, only crossings warn.
 *
 * A warning that cannot be stored or remembered is logged by the caller
 * and never fails the delivery: the user's mail is already safe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/quota_deliver.h"

#define WARN_KIND   "quota-warn"
#define WARN_PERIOD (365LL * 86400)   /* as long as state keeps a row */

static const unsigned levels[] = { QUOTA_WARN_HIGH, QUOTA_WARN_LOW };

static int warn_key(const struct quota *q, unsigned level, char *key,
		    size_t size)
{
	int n = snprintf(key, size, "%u:%s", level, q->root);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* warn_text - the message; its length, or -1 when it does not fit. */
static int warn_text(const struct store_ctx *sc, const struct quota *q,
		     const struct quota_usage *u, unsigned p, char *buf,
		     size_t size)
{
	char date[64], msgs[48] = "";
	struct tm tm;
	int n = 0;

	if (localtime_r(&sc->when, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm) == 0)
		return -1;
	if (q->limit.count != 0)
		n = snprintf(msgs, sizeof(msgs), " and %llu messages",
			     (unsigned long long)q->limit.count);
	if (n < 0 || (size_t)n >= sizeof(msgs))
		return -1;
	n = snprintf(buf, size,
		"From: Mail Delivery Agent <MAILER-DAEMON@%s>\n"
		"To: %s\n"
		"Subject: Your mailbox is %u%% full\n"
		"Date: %s\n"
		"Message-ID: <quota-warn.%lld.%ld.%u@%s>\n"
		"Auto-Submitted: auto-generated\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=us-ascii\n"
		"\n"
		"Your mailbox holds %lld octets in %lld messages; its quota is "
		"%llu octets%s.\n"
		"When it is full, new mail waits at the sending server and is "
		"returned to its senders after some days.\n"
		"Please delete or move old messages to make room.\n",
		sc->ib->host, sc->ib->user, p, date, (long long)sc->when,
		(long)getpid(), p, sc->ib->host, (long long)u->bytes,
		(long long)u->count, (unsigned long long)q->limit.bytes, msgs);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

/* store_warning - the message into INBOX/new; its size, or 0. */
static uint64_t store_warning(struct store_ctx *sc, const struct quota *q,
			      const struct quota_usage *u, unsigned p,
			      struct why *w)
{
	char text[1200], *tmp = NULL, *final = NULL;
	int len = warn_text(sc, q, u, p, text, sizeof(text));
	int fd, err;

	if (len < 0) {
		why_set(w, MDA_ERR_TEMP, "4.3.0", "quota warning: no text");
		return 0;
	}
	fd = maildir_tmp_open(sc->ib->path, &sc->nm, &tmp);
	if (fd < 0) {
		why_errno(w, errno, "quota warning: creating the file");
		return 0;
	}
	err = io_write_all(fd, text, (size_t)len);
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0)
		why_errno(w, err, "quota warning: writing the file");
	else if (maildir_link(tmp, sc->ib->path, &sc->nm, (uint64_t)len, "",
			      &final, w) != MDA_OK)
		err = EIO;
	(void)unlink(tmp);
	free(tmp);
	free(final);
	return err == 0 ? (uint64_t)len : 0;
}

/* due - should this delivery warn of level?  A delivery that crosses it
 * warns unless another one did since this one read the usage (q->now);
 * one that finds the usage already above warns only if the level was
 * never warned of (a limit newly set or lowered).  No state: crossings
 * only. */
static bool due(struct store_ctx *sc, const struct quota *q, const char *key,
		bool crossed)
{
	long long since = (long long)(io_now() - q->now) + 1;

	if (sc->state == NULL)
		return crossed;
	return state_check(sc->state, WARN_KIND, key,
			   crossed ? since : WARN_PERIOD, 0) == 0;
}

uint64_t quota_warn(struct store_ctx *sc, const struct quota *q,
		    const struct quota_usage *u, struct why *w)
{
	unsigned before = quota_percent(q, &q->used), after = quota_percent(q, u);
	char key[4300];
	unsigned p = 0;

	/* Below every level (the usual case) costs nothing: no database. */
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]) && p == 0;
	     i++)
		if (after >= levels[i] &&
		    warn_key(q, levels[i], key, sizeof(key)) == 0 &&
		    due(sc, q, key, before < levels[i]))
			p = after;
	if (p == 0)
		return 0;
	uint64_t size = store_warning(sc, q, u, p, w);
	if (size == 0 || sc->state == NULL)
		return size;
	/* Marked inside the delivery's state transaction: committed with
	 * it, after the message is safe (deliver.c). */
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (after >= levels[i] &&
		    warn_key(q, levels[i], key, sizeof(key)) == 0)
			(void)state_check(sc->state, WARN_KIND, key, 0, 1);
	return size;
}
