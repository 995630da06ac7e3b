/*
 * lock_record.c - the line in mda's dotlock (format in lock_record.h).
 *
 * A v2 record's writer holds flock() on the dotlock while it lives, so
 * whether it is dead is one flock() away.  A v1 record (written where
 * flock failed, or by an older mda) is judged by /proc: the boot id and
 * the writer's start time; elsewhere they read as unknown, and a record
 * with an unknown boot or start time is never judged dead by them (only
 * "no such process" on the same boot).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "io.h"
#include "store/lock_record.h"

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"

/* read_small - up to size-1 octets of a /proc file, NUL-terminated. */
static bool read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = io_pread_full(fd, buf, size - 1, 0);
	(void)close(fd);   /* read-only */
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* boot_id - this boot's id without the newline, or "-". */
static void boot_id(char *out, size_t size)
{
	char buf[64];
	size_t n = 0;

	if (read_small(BOOT_ID_PATH, buf, sizeof(buf)))
		while (n + 1 < size && (buf[n] == '-' ||
		       (buf[n] >= '0' && buf[n] <= '9') ||
		       (buf[n] >= 'a' && buf[n] <= 'f'))) {
			out[n] = buf[n];
			n++;
		}
	if (n < 8)
		n = 0;   /* unreadable or odd: unknown */
	if (n == 0 && size > 1)
		out[n++] = '-';
	out[n] = '\0';
}

/* start_time - field 22 of /proc/PID/stat (after the parenthesised
 * command name, which may hold spaces and ')'); 0 when unknown. */
static unsigned long long start_time(long pid)
{
	char path[64], buf[1024];
	const char *p;
	unsigned long long t = 0;

	if (snprintf(path, sizeof(path), "/proc/%ld/stat", pid) >=
	    (int)sizeof(path) || !read_small(path, buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')');
	/* after ')': state is field 3, so starttime is the 20th field on */
	if (p == NULL || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u "
				"%*u %*u %*u %*u %*u %*d %*d %*d %*d %*d "
				"%*d %llu", &t) != 1)
		return 0;
	return t;
}

void lock_record_host(char *host, size_t size)
{
	if (gethostname(host, size - 1) != 0 || host[0] == '\0')
		(void)snprintf(host, size, "localhost");
	host[size - 1] = '\0';
	for (char *p = host; *p != '\0'; p++)
		if (*p == '/' || *p <= ' ' || *p == 0x7f || *p == '=')
			*p = '_';
}

void lock_record_self(struct lock_record *r, bool flocked)
{
	memset(r, 0, sizeof(*r));
	r->version = flocked ? 2 : 1;
	r->pid = (long)getpid();
	if (!flocked) {   /* the flock says it all; /proc costs a delivery */
		boot_id(r->boot, sizeof(r->boot));
		r->start = start_time(r->pid);
	}
	lock_record_host(r->host, sizeof(r->host));
}

size_t lock_record_format(const struct lock_record *r, char *buf,
			  size_t size)
{
	int n = r->version == 2 ?
		snprintf(buf, size, "mda-lock v2 pid=%ld host=%s", r->pid,
			 r->host) :
		snprintf(buf, size, "mda-lock v1 pid=%ld boot=%s start=%llu "
			 "host=%s", r->pid, r->boot, r->start, r->host);
	int m = 0;

	if (n < 0 || (size_t)n >= size)
		return 0;
	if (r->placed)
		m = snprintf(buf + n, size - (size_t)n, " size=%lld max=%lld "
			     "dev=%llu ino=%llu", r->size, r->max, r->dev,
			     r->ino);
	if (m < 0 || (size_t)(n + m) + 1 >= size)
		return 0;
	buf[n + m] = '\n';
	buf[n + m + 1] = '\0';
	return (size_t)(n + m + 1);
}

bool lock_record_parse(const char *buf, struct lock_record *r)
{
	int used = 0;

	memset(r, 0, sizeof(*r));
	if (strchr(buf, '\n') == NULL)
		return false;   /* cut short: a write that did not finish */
	if (sscanf(buf, "mda-lock v2 pid=%ld host=%64s%n", &r->pid, r->host,
		   &used) == 2)
		r->version = 2;
	else if (sscanf(buf, "mda-lock v1 pid=%ld boot=%39s start=%llu "
			"host=%64s%n", &r->pid, r->boot, &r->start, r->host,
			&used) == 4)
		r->version = 1;
	if (r->version == 0 || r->pid <= 0)
		return false;
	r->placed = sscanf(buf + used, " size=%lld max=%lld dev=%llu ino=%llu",
			   &r->size, &r->max, &r->dev, &r->ino) == 4 &&
		    r->size >= 0 && r->max >= r->size;
	return true;
}

bool lock_record_dead(const struct lock_record *r, int lock_fd)
{
	struct lock_record me;
	unsigned long long t;

	lock_record_self(&me, r->version == 2);
	if (strcmp(r->host, me.host) != 0)
		return false;   /* another NFS client: only the age rule */
	if (r->version == 2)   /* shared: needs only a read-only fd, even
				* where flock is fcntl underneath (NFS) */
		return flock(lock_fd, LOCK_SH | LOCK_NB) == 0;
	if (strcmp(r->boot, "-") != 0 && strcmp(me.boot, "-") != 0 &&
	    strcmp(r->boot, me.boot) != 0)
		return true;    /* rebooted since: every process then is gone */
	if (kill((pid_t)r->pid, 0) != 0 && errno == ESRCH)
		return true;    /* EPERM: someone's process has that pid */
	t = start_time(r->pid);
	return r->start != 0 && t != 0 && t != r->start;   /* pid reused */
}
