/*
 * lock.h - exclusive lock of an mbox: fcntl, then the dotlock FILE.lock.
 *
 * Debian Policy 11.6 (mail spool locking): use fcntl() first, then a
 * dot-lock file; release in reverse.  Both are taken with bounded, jittered
 * retries inside one overall deadline (never F_SETLKW without bound: a
 * mailbox_command that outlives Postfix's command_time_limit bounces the
 * mail).  The dotlock is NFS-safe: a uniquely named file is created with
 * O_EXCL and link()ed to FILE.lock; the lock is ours when that file then
 * has two links, which stays true even when the server's reply to link()
 * was lost.  A dotlock older than stale_s (by the file server's clock) was
 * left by a crash and is removed.
 *
 * When the directory will not let us create any file (EACCES, EPERM, EROFS:
 * a root-owned /var/mail without our setgid), the fcntl lock alone is kept
 * and fcntl_only is set, so the caller can log it.
 *
 * The dotlock holds a record of its writer (lock_record.h).  A dotlock of
 * ours whose writer is dead (same host, and its flock on the dotlock free;
 * or for an old record: rebooted since, or its pid gone or reused) is
 * broken at once rather than after the stale age, and its record
 * is handed back in `broken`, so the caller can mend what the dead writer
 * left (mbox_repair.h).
 */
#ifndef MDA_LOCK_H
#define MDA_LOCK_H

#include <stdbool.h>
#include <sys/types.h>

#include "store/lock_record.h"
#include "why.h"

/*
 * Stale age: 300 s, as liblockfile (Debian's dotlock library) uses.  For
 * comparison Postfix's stale_lock_time is 500 s and procmail's LOCKTIMEOUT
 * 1024 s; mutt never breaks a lock by age, it asks the user.  A delivery
 * holds the lock for well under a second, so five minutes is generous and
 * still short enough that a crashed writer does not defer mail for long.
 */
#define LOCK_STALE_S_DEFAULT    300
#define LOCK_TIMEOUT_MS_DEFAULT 30000   /* far below command_time_limit */

struct lock_opts {
	unsigned timeout_ms;   /* total wait for both locks; 0: try once */
	unsigned stale_s;      /* break older dotlocks; 0: the default */
};

#define LOCK_OPTS_DEFAULT { LOCK_TIMEOUT_MS_DEFAULT, LOCK_STALE_S_DEFAULT }

struct mbox_lock {
	int fd;                /* the mailbox; holds the fcntl lock */
	bool fcntl_held;
	bool dot_held;
	bool fcntl_only;       /* out: the dotlock could not be made */
	char dotlock[4096];    /* "FILE.lock" */
	dev_t dot_dev;         /* its inode, to remove only our own */
	ino_t dot_ino;
	int rec_fd;            /* open on the dotlock while rec_open */
	bool rec_open;
	struct lock_record rec;      /* what our dotlock says */
	bool broke_dead;             /* out: a dead writer's lock of ours */
	struct lock_record broken;   /* out: its record, if broke_dead */
};

/*
 * lock_acquire - lock the mailbox open on fd (opened for writing) whose
 * path is path.  On a timeout: MDA_ERR_TEMP, 4.2.0, "mailbox busy (lock
 * timeout)"; other faults through why_errno.  On failure nothing is held.
 * The fd must stay open until lock_release (closing any descriptor of the
 * file drops the fcntl lock).
 */
enum mda_err lock_acquire(struct mbox_lock *lk, int fd, const char *path,
			  const struct lock_opts *o, struct why *w);

/*
 * lock_place - complete our dotlock's record with the mailbox size before
 * the append, the furthest the append may reach, and the file's identity.
 * Nothing to do (MDA_OK) without a dotlock (fcntl_only).
 */
enum mda_err lock_place(struct mbox_lock *lk, long long size, long long max,
			dev_t dev, ino_t ino, struct why *w);

/* lock_release - remove the dotlock, then drop the fcntl lock; safe to call
 * on a lock never (or only partly) acquired, and twice. */
void lock_release(struct mbox_lock *lk);

#endif
