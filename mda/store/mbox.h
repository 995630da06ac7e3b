/*
 * mbox.h - append one message to an mbox file, locked, all or nothing.
 *
 * Contract (design.md "Storage rules", style.md example 2): the mailbox is
 * opened race-free (lstat, then O_CREAT|O_EXCL or O_APPEND, always
 * O_NOFOLLOW; fstat must match the lstat) and must be a regular file with
 * one link owned by the effective user.  It is locked (lock.h), its size
 * remembered, the message appended as
 *
 *     ["\n" if the mailbox does not end in one]
 *     From SENDER Www Mmm dd hh:mm:ss yyyy\n
 *     message, mboxrd-quoted (mboxrd.h), plus "\n" if it lacks a final LF
 *     \n
 *
 * and fsynced; on any failure the file is truncated back to the remembered
 * size, so bytes already in the mailbox are never rewritten and no partial
 * message stays behind.  A path ending in ".gz" gets the same bytes as one
 * new gzip member (RFC 1952 allows members to be concatenated; zcat reads
 * the file as one stream).
 *
 * A crash (SIGKILL, power) in the middle of an append leaves half a
 * message and our dotlock behind; the next delivery breaks that lock and,
 * under the rule of mbox_repair.h, cuts the half message off before it
 * appends (o->repaired), or says why it did not (o->repair_refused).
 */
#ifndef MDA_MBOX_H
#define MDA_MBOX_H

#include <stdbool.h>
#include <time.h>

#include "store/lock.h"
#include "intake/spool.h"
#include "why.h"

struct mbox_opts {
	struct lock_opts lock;
	bool fsync;           /* fsync before reporting success (default) */
	bool fcntl_only;      /* out: no dotlock possible, fcntl alone */
	long long repaired;   /* out: octets of a torn append cut off */
	const char *repair_refused;  /* out: why a torn append was left */
};

#define MBOX_OPTS_DEFAULT { LOCK_OPTS_DEFAULT, true, false, 0, NULL }

/*
 * mbox_deliver - append src to the mbox at path (made 0600 if missing).
 * sender is the envelope sender ("" or "<>" for the null sender, written
 * MAILER-DAEMON); when is the delivery time for the From_ line, in local
 * time.  Errors: MDA_ERR_TEMP (4.2.0 for a mailbox that refuses us or a
 * lock timeout, else the errno class), MDA_ERR_QUOTA (4.2.2).  o may be
 * NULL for the defaults; o->fcntl_only is set when the lock fell back.
 */
enum mda_err mbox_deliver(const char *path, const struct msg_source *src,
			  const char *sender, time_t when,
			  struct mbox_opts *o, struct why *w);

#endif
