/*
 * lock.c - fcntl lock, then NFS-safe dotlock, both bounded in time.
 *
 * Contract and references: see lock.h (Debian Policy 11.6).  Every wait is a
 * jittered nap of growing length (so processes that collided once do not
 * collide again in step) until one deadline on the monotonic clock; the
 * number of tries is bounded as well, in case the clock misbehaves.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "store/lock.h"

#define NAP_MIN_MS   2
#define NAP_MAX_MS   200
#define TEMP_TRIES   10      /* unique-name collisions for the link file */

struct clock {
	struct timespec end;
	unsigned tries_left;
	unsigned nap_ms;
	unsigned seed;
};

static enum mda_err busy(struct why *w)
{
	return why_set(w, MDA_ERR_TEMP, "4.2.0", "mailbox busy (lock timeout)");
}

static void clock_start(struct clock *c, unsigned timeout_ms)
{
	struct timespec now = { 0, 0 };

	(void)clock_gettime(CLOCK_MONOTONIC, &now);  /* cannot fail here */
	c->end = now;
	c->end.tv_sec += timeout_ms / 1000;
	c->end.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (c->end.tv_nsec >= 1000000000L) {
		c->end.tv_sec++;
		c->end.tv_nsec -= 1000000000L;
	}
	c->tries_left = timeout_ms / NAP_MIN_MS + 2;
	c->nap_ms = NAP_MIN_MS;
	c->seed = (unsigned)getpid() * 2654435761u ^ (unsigned)now.tv_nsec;
}

static long ms_left(const struct clock *c)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	return (long)(c->end.tv_sec - now.tv_sec) * 1000L +
	       (c->end.tv_nsec - now.tv_nsec) / 1000000L;
}

/* nap - sleep a jittered, growing interval; false once time is up. */
static bool nap(struct clock *c)
{
	long left = ms_left(c);
	unsigned ms;
	struct timespec ts;

	if (left <= 0 || c->tries_left == 0)
		return false;
	c->tries_left--;
	c->seed = c->seed * 1103515245u + 12345u;
	ms = c->nap_ms / 2 + (c->seed >> 8) % (c->nap_ms / 2 + 1);
	if (ms < 1)
		ms = 1;
	if ((long)ms > left)
		ms = (unsigned)left;
	if (c->nap_ms < NAP_MAX_MS)
		c->nap_ms *= 2;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);  /* EINTR only shortens one nap */
	return true;
}

/* again - retry at once (the lock just went away), even past the
 * deadline, as no time is spent waiting; bounded by the try count. */
static bool again(struct clock *c)
{
	if (c->tries_left == 0)
		return false;
	c->tries_left--;
	return true;
}

/* take_fcntl - F_SETLK on the whole file, retried until the deadline. */
static enum mda_err take_fcntl(struct mbox_lock *lk, struct clock *c,
			       struct why *w)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;   /* l_start = l_len = 0: the whole file */
	do {
		if (fcntl(lk->fd, F_SETLK, &fl) == 0) {
			lk->fcntl_held = true;
			return MDA_OK;
		}
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return why_errno(w, errno, "locking the mailbox");
	} while (nap(c));
	return busy(w);
}

/* sanitize_host - a host name safe inside a file name and the lock text. */
static void sanitize_host(char *host)
{
	for (char *p = host; *p != '\0'; p++)
		if (*p == '/' || *p <= ' ' || *p == 0x7f)
			*p = '_';
}

/* make_link_file - create our uniquely named file beside the lock.  The
 * name carries host and pid so two NFS clients never pick the same. */
static int make_link_file(const char *path, char *tmp, size_t size)
{
	char host[65] = "localhost";
	int fd = -1;

	if (gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	sanitize_host(host);
	for (unsigned i = 0; i < TEMP_TRIES && fd < 0; i++) {
		int n = snprintf(tmp, size, "%s.lock.%s.%ld.%u", path, host,
				 (long)getpid(), i);

		if (n < 0 || (size_t)n >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			  O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	return fd;
}

/* stale - the dotlock is older than stale_s by the file server's clock:
 * touching our own link file gives "now" as the server sees it (NFS
 * SET_TO_SERVER_TIME), so client clock skew does not matter. */
static bool stale(int fd, const struct stat *lock_st, unsigned stale_s)
{
	struct stat me;

	if (futimens(fd, NULL) != 0 || fstat(fd, &me) != 0)
		return false;
	return me.st_mtime - lock_st->st_mtime > (time_t)stale_s;
}

/* holder_dead - the dotlock says "PID HOST" (as we write it), HOST is
 * this host and no process PID exists: its writer was killed, and since we
 * hold the fcntl lock no live mda can be holding it.  Waiting for the stale
 * age would defer mail for minutes after a kill -9; this frees it at once.
 * Locks of other programs (or hosts) are left to the age rule. */
static bool holder_dead(const char *dotlock)
{
	char buf[128], host[65] = "", me[65] = "";
	long pid = 0;
	ssize_t n;
	int fd = open(dotlock, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);   /* read-only */
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %64s", &pid, host) != 2 || pid <= 0)
		return false;
	if (gethostname(me, sizeof(me) - 1) != 0)
		return false;
	sanitize_host(me);
	return strcmp(host, me) == 0 && kill((pid_t)pid, 0) != 0 &&
	       errno == ESRCH;
}

/* link_loop - link our file to the dotlock until it sticks or time is up. */
static enum mda_err link_loop(struct mbox_lock *lk, int fd, const char *tmp,
			      unsigned stale_s, struct clock *c, struct why *w)
{
	struct stat st, ls;
	bool now = false;

	do {
		int lerr = link(tmp, lk->dotlock) == 0 ? 0 : errno;

		/* two links: the link was made, even if NFS lost the reply */
		if (fstat(fd, &st) != 0)
			return why_errno(w, errno, "checking the mailbox lock");
		if (st.st_nlink == 2) {
			lk->dot_held = true;
			return MDA_OK;
		}
		if (lerr != 0 && lerr != EEXIST && lerr != EINTR)
			return why_errno(w, lerr, "creating the mailbox lock");
		if (lstat(lk->dotlock, &ls) != 0) {
			if (errno != ENOENT)
				return why_errno(w, errno,
						 "checking the mailbox lock");
			now = true;   /* released meanwhile: retry at once */
			continue;
		}
		/* A crash left it.  Two mda processes never race here, as
		 * each holds the fcntl lock; a foreign breaker could, which
		 * every dotlock user accepts.  If we may not remove it we
		 * simply wait for the deadline. */
		now = (stale(fd, &ls, stale_s) || holder_dead(lk->dotlock)) &&
		      unlink(lk->dotlock) == 0;
	} while (now ? again(c) : nap(c));
	return busy(w);
}

/* take_dotlock - FILE.lock by the link trick; fcntl_only when the
 * directory refuses new files. */
static enum mda_err take_dotlock(struct mbox_lock *lk, const char *path,
				 unsigned stale_s, struct clock *c,
				 struct why *w)
{
	char tmp[sizeof(lk->dotlock) + 100], pid[128], host[65] = "localhost";
	enum mda_err e;
	int fd, n;

	n = snprintf(lk->dotlock, sizeof(lk->dotlock), "%s.lock", path);
	if (n < 0 || (size_t)n >= sizeof(lk->dotlock))
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "mailbox path too long for its lock");
	fd = make_link_file(path, tmp, sizeof(tmp));
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
		lk->fcntl_only = true;   /* Policy 11.6 without setgid mail */
		return MDA_OK;
	}
	if (fd < 0)
		return why_errno(w, errno, "creating the mailbox lock");
	/* "PID HOST": lets the next delivery on this host break the lock of
	 * a killed holder at once (holder_dead), and helps a human. */
	if (gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	sanitize_host(host);
	n = snprintf(pid, sizeof(pid), "%ld %s\n", (long)getpid(), host);
	int werr = (n < 0 || (size_t)n >= sizeof(pid)) ? EINVAL :
		   io_write_all(fd, pid, (size_t)n);
	if (werr != 0)
		e = why_errno(w, werr, "writing the mailbox lock");
	else
		e = link_loop(lk, fd, tmp, stale_s, c, w);
	if (e == MDA_OK) {
		struct stat st;

		if (fstat(fd, &st) == 0) {
			lk->dot_dev = st.st_dev;
			lk->dot_ino = st.st_ino;
		}
	}
	(void)close(fd);     /* read-only use ends here; nothing to flush */
	(void)unlink(tmp);   /* the dotlock name keeps the inode alive */
	return e;
}

enum mda_err lock_acquire(struct mbox_lock *lk, int fd, const char *path,
			  const struct lock_opts *o, struct why *w)
{
	struct lock_opts def = LOCK_OPTS_DEFAULT;
	struct clock c;
	enum mda_err e;

	if (o == NULL)
		o = &def;
	memset(lk, 0, sizeof(*lk));
	lk->fd = fd;
	clock_start(&c, o->timeout_ms);
	e = take_fcntl(lk, &c, w);
	if (e == MDA_OK)
		e = take_dotlock(lk, path,
				 o->stale_s ? o->stale_s : LOCK_STALE_S_DEFAULT,
				 &c, w);
	if (e != MDA_OK)
		lock_release(lk);
	return e;
}

void lock_release(struct mbox_lock *lk)
{
	struct stat st;

	/* Reverse order: the dotlock first.  Remove it only while it is
	 * still our inode: after a (wrong) stale break it may be another's. */
	if (lk->dot_held && lstat(lk->dotlock, &st) == 0 &&
	    st.st_dev == lk->dot_dev && st.st_ino == lk->dot_ino)
		(void)unlink(lk->dotlock);  /* nothing better to do on error */
	lk->dot_held = false;
	if (lk->fcntl_held) {
		struct flock fl;

		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_UNLCK;
		fl.l_whence = SEEK_SET;
		/* close() of the fd drops it anyway if this fails */
		(void)fcntl(lk->fd, F_SETLK, &fl);
	}
	lk->fcntl_held = false;
}
