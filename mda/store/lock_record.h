/*
 * lock_record.h - what mda writes into its own mbox dotlock, and reads
 * back from a stale one.
 *
 * The dotlock FILE.lock carries one line, a format only mda writes:
 *
 *     mda-lock v2 pid=P host=H[ size=N max=M dev=D ino=I]\n
 *     mda-lock v1 pid=P boot=B start=S host=H[ size=N max=M dev=D ino=I]\n
 *
 * The first half says whether the writer may still be alive.  The writer
 * of a v2 record holds flock(LOCK_EX) on the dotlock's inode for as long
 * as it lives: the kernel drops it when the process dies, whatever became
 * of its pid since, and on any reboot.  Where flock fails, v1 is written
 * instead: pid, boot id (/proc/sys/kernel/random/boot_id) and process
 * start time (field 22 of /proc/PID/stat), which an older mda wrote too.
 * The second half, written once both locks are held, says where the
 * mailbox ended before the append (size), how far the append may reach
 * (max), and which file it was (dev, ino).  With it the next delivery can
 * cut back a mailbox torn by a crash (mbox_repair.h).  A record that lacks
 * the second half is still a lock; it just repairs nothing.
 */
#ifndef MDA_LOCK_RECORD_H
#define MDA_LOCK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LOCK_RECORD_MAX 512   /* one line; read and written whole */

struct lock_record {
	int version;               /* 2: flock, 1: /proc (see above) */
	long pid;
	char boot[40];             /* boot id, "-" when unknown */
	unsigned long long start;  /* clock ticks after boot; 0 unknown */
	char host[65];
	bool placed;               /* the second half is present */
	long long size;            /* mailbox size before the append */
	long long max;             /* the append ends at or before this */
	unsigned long long dev, ino;
};

/* lock_record_self - this process: a v2 record (pid, host) when it holds
 * flock on its dotlock (flocked), else v1 (and boot id, start time). */
void lock_record_self(struct lock_record *r, bool flocked);

/* lock_record_format - the line for r into buf; its length, or 0 if it
 * does not fit. */
size_t lock_record_format(const struct lock_record *r, char *buf,
			  size_t size);

/* lock_record_parse - true when buf (NUL-terminated) is a whole record
 * of ours; r->placed says whether the second half was there. */
bool lock_record_parse(const char *buf, struct lock_record *r);

/* lock_record_dead - the writer of r, read from the dotlock open on
 * lock_fd, cannot be running any more: it ran on this host, and for v2
 * nobody holds flock on lock_fd's inode (the caller's close of lock_fd
 * drops the shared lock this takes), for v1 either this machine has
 * booted since, or no process has its pid, or the process with that pid
 * started at another time (the pid was reused).  False whenever that
 * cannot be told. */
bool lock_record_dead(const struct lock_record *r, int lock_fd);

/* lock_record_host - this host's name as it appears in records. */
void lock_record_host(char *host, size_t size);

#endif
