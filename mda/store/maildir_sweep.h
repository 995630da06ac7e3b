/*
 * maildir_sweep.h - remove what crashed deliveries left in a Maildir's tmp/.
 *
 * The Maildir convention (qmail's maildir(5)): a file in tmp/ that has not
 * been accessed for 36 hours is left over from a delivery that died, and
 * may be removed.  A delivery the MTA kills at its time limit leaves its
 * spooled copy there, and every retry another, so each delivery sweeps a
 * little: at most SWEEP_SCAN entries looked at and SWEEP_REMOVE removed,
 * so a huge tmp/ costs any one delivery a bounded amount of time.
 */
#ifndef MDA_MAILDIR_SWEEP_H
#define MDA_MAILDIR_SWEEP_H

#include <time.h>

#define SWEEP_AGE_S    (36 * 3600)
#define SWEEP_SCAN     256
#define SWEEP_REMOVE   16

/* maildir_sweep - remove regular files in dir/tmp whose access and
 * modification times are both older than SWEEP_AGE_S before now.  Best
 * effort: returns the number removed; errors just end the sweep. */
unsigned maildir_sweep(const char *dir, time_t now);

#endif
