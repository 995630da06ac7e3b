/*
 * io.h - checked, EINTR-safe I/O primitives shared by the writers.
 * Each returns 0 or an errno value (never -1), so callers can hand the
 * value straight to why_errno().
 */
#ifndef MDA_IO_H
#define MDA_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

int io_write_all(int fd, const void *buf, size_t len);
/* io_pread_full - read up to len at off; returns count, or -1 with errno. */
ssize_t io_pread_full(int fd, void *buf, size_t len, off_t off);
/* io_now - the wall clock in seconds.  Not time(): glibc reads a coarse
 * clock there that can lag a tick behind, so a From_ line or a vacation
 * Date could name the second before the one the delivery happened in. */
time_t io_now(void);
/* io_read_file - the whole regular file path, at most max octets,
 * NUL-terminated in *text_r (malloc'd, length *len_r); 0 or an errno
 * value (EINVAL not a regular file, EFBIG too large). */
int io_read_file(const char *path, size_t max, char **text_r, size_t *len_r);
/* io_fsync_dir - fsync the directory at path (makes a link durable). */
int io_fsync_dir(const char *path);

/* io_settle - whether to make a failed call on a path once more.  On a
 * filesystem several hosts share (GlusterFS, NFS) a directory another
 * host is creating at the same moment can look absent (ENOENT after our
 * mkdir said EEXIST) or stale (ESTALE) for a short while: then true,
 * after a pause that doubles with *tries, until IO_SETTLE_TRIES.  Any
 * other err, or no tries left: false, and err is the answer. */
#define IO_SETTLE_TRIES 6
bool io_settle(int err, unsigned *tries);

#endif
