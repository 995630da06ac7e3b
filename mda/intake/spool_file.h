/*
 * spool_file.h - where a spool without a Maildir lives (mbox, dry run,
 * LMTP): in memory while it is small, in an unlinked file in $TMPDIR
 * once it is not.
 *
 * Most messages are small, and making a file costs a filesystem an
 * inode (allocated, journalled, freed again), which on ext4 is the
 * largest part of an mbox delivery after its fsync.  A large message
 * must not sit in memory, so past SPOOL_MEM_MAX the spool moves to disk.
 */
#ifndef MDA_SPOOL_FILE_H
#define MDA_SPOOL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPOOL_MEM_MAX (1024 * 1024)   /* octets a spool keeps in memory */

/* spool_tmpfile_open - a create_fd for spool_read: an anonymous memory
 * file (memfd), or where there is none an unlinked temp file in $TMPDIR.
 * *path_r is NULL either way; -1 with errno. */
int spool_tmpfile_open(char **path_r);
/* spool_file_in_memory - fd is a memory file (spool_file_spill moves
 * it).  A tmpfs file counts too: moving it costs one bounded copy. */
bool spool_file_in_memory(int fd);
/* spool_file_spill - copy the size octets of the memory file *fd into an
 * unlinked temp file in $TMPDIR, positioned at its end, and put that in
 * *fd (the memory file is closed).  buf is scratch space.  0 or errno;
 * on failure *fd is unchanged. */
int spool_file_spill(int *fd, uint64_t size, char *buf, size_t bufsz);

#endif
