/*
 * maildir_sweep.h - remove what crashed deliveries left in a Maildir's tmp/.
 *
 * The Maildir convention (qmail's maildir(5)): a file in tmp/ that has not
 * been accessed for 36 hours is left over from a delivery that died, and
 * may be removed.  A delivery the MTA kills at its time limit leaves its
 * spooled copy there, and every retry another.
 *
 * Reading tmp/ at every delivery costs a directory read and a 32 KiB
 * buffer, a tenth of a plain delivery's time; leftovers are rare and may
 * wait.  So a delivery sweeps only when tmp/ itself has not been read for
 * SWEEP_EVERY_S (its access time, which the sweep sets, also on a noatime
 * mount), as Dovecot does: one stat() otherwise.  A sweep is bounded:
 * at most SWEEP_SCAN entries looked at and SWEEP_REMOVE removed, so a
 * huge tmp/ costs any one delivery a bounded amount of time.
 */
#ifndef MDA_MAILDIR_SWEEP_H
#define MDA_MAILDIR_SWEEP_H

#include <time.h>

#define SWEEP_AGE_S    (36 * 3600)
#define SWEEP_EVERY_S  (3600)
#define SWEEP_SCAN     256
#define SWEEP_REMOVE   16

/* maildir_sweep - when dir/tmp was last read SWEEP_EVERY_S or more before
 * now, remove regular files in it whose access and modification times are
 * both older than SWEEP_AGE_S, and mark tmp/ as read now.  Best effort:
 * returns the number removed; errors just end the sweep. */
unsigned maildir_sweep(const char *dir, time_t now);

#endif
