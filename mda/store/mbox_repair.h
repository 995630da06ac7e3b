/*
 * mbox_repair.h - cut back an mbox append torn by a crash of ours.
 *
 * When lock_acquire broke a dotlock of ours whose writer is dead
 * (lock.h, lock_record.h), the bytes after the size it recorded are what
 * that writer appended before it died: half a message, which its MTA will
 * send again in whole.  They are cut off, but only when nothing else can
 * be there.  The rule, every part of which must hold:
 *
 *  1. the record is complete (size, max, dev, ino were written once both
 *     locks were held) and its writer is dead (lock_record_dead);
 *  2. the mailbox we now hold locked is the file it names (dev, ino);
 *  3. recorded size <= current size <= recorded max (the most the dead
 *     append could have written, quoting included);
 *  4. the bytes from the recorded size begin as our entry begins ("From ",
 *     or "\nFrom " after a mailbox without a final newline; a gzip member
 *     for .gz), and after our From_ line there is no line that starts a
 *     message ("From " at a line start, which mboxrd quoting keeps out of
 *     our entry) and no line holding "From " followed by a time hh:mm:ss
 *     (a From_ line another program glued onto our unfinished last line).
 *
 * A program that respects dotlocks cannot have written meanwhile: our lock
 * stayed until now, and one that broke it by age would have removed its
 * own lock, and with it our record.  Rule 4 guards against programs that
 * lock with fcntl alone.  When any part fails nothing is cut, and the
 * reason is reported for the log: a torn message left in place is a
 * nuisance, a foreign message cut would be mail lost.
 */
#ifndef MDA_MBOX_REPAIR_H
#define MDA_MBOX_REPAIR_H

#include <stdbool.h>
#include <sys/types.h>

#include "store/lock_record.h"

struct mbox_repair {
	long long cut;        /* octets cut off (0: none) */
	const char *refused;  /* why nothing was cut, NULL if not refused */
};

/*
 * mbox_repair - apply the rule above to the mailbox open (and locked) on
 * fd, given the dead writer's record r.  Fills *out; returns 0, or an
 * errno value when reading or truncating failed (then nothing was cut, or
 * the cut is incomplete and the caller must not append).
 */
int mbox_repair(int fd, bool gz, const struct lock_record *r,
		struct mbox_repair *out);

#endif
