/*
 * lock.c - fcntl lock, then NFS-safe dotlock, both bounded in time.
 *
 * Contract and references: see lock.h (Debian Policy 11.6).  Every wait is a
 * jittered nap of growing length (so processes that collided once do not
 * collide again in step) until one deadline on the monotonic clock; the
 * number of tries is bounded as well, in case the clock misbehaves.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
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

/* make_link_file - create our uniquely named file beside the lock.  The
 * name carries host and pid so two NFS clients never pick the same. */
static int make_link_file(const char *path, char *tmp, size_t size)
{
	char host[65];
	int fd = -1;

	lock_record_host(host, sizeof(host));
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

/* holder_dead - the dotlock is a record of ours (lock_record.h) whose
 * writer is dead: nobody holds its flock (v2), or by /proc (v1).  We hold
 * the fcntl lock, so no other mda is judging it at the same time.
 * Waiting for the stale age would defer mail for minutes after a kill -9;
 * this frees it at once, and keeps the record in lk->broken for the
 * repair of a torn append.  Locks of other programs (or hosts) are left
 * to the age rule. */
static bool holder_dead(struct mbox_lock *lk)
{
	char buf[LOCK_RECORD_MAX];
	struct lock_record r;
	ssize_t n;
	bool dead;
	int fd = open(lk->dotlock, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		      O_CLOEXEC);

	if (fd < 0)
		return false;
	n = io_pread_full(fd, buf, sizeof(buf) - 1, 0);
	if (n > 0)
		buf[n] = '\0';
	dead = n > 0 && lock_record_parse(buf, &r) && lock_record_dead(&r, fd);
	(void)close(fd);   /* read-only; drops the flock dead may have taken */
	if (dead)
		lk->broken = r;
	return dead;
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
		if (holder_dead(lk)) {
			now = unlink(lk->dotlock) == 0;
			lk->broke_dead = lk->broke_dead || now;
		} else {
			now = stale(fd, &ls, stale_s) &&
			      unlink(lk->dotlock) == 0;
		}
	} while (now ? again(c) : nap(c));
	return busy(w);
}

/* take_dotlock - FILE.lock by the link trick; fcntl_only when the
 * directory refuses new files.  The file stays open (rec_fd) so that
 * lock_place can complete its record. */
static enum mda_err take_dotlock(struct mbox_lock *lk, const char *path,
				 unsigned stale_s, struct clock *c,
				 struct why *w)
{
	char tmp[sizeof(lk->dotlock) + 100], line[LOCK_RECORD_MAX];
	enum mda_err e;
	struct stat st;
	size_t len;
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
	/* held until the process ends or lock_release closes fd: the mark
	 * of a live writer (lock_record.h); our own new file, so never
	 * contended */
	lock_record_self(&lk->rec, flock(fd, LOCK_EX | LOCK_NB) == 0);
	len = lock_record_format(&lk->rec, line, sizeof(line));
	int werr = len == 0 ? EINVAL : io_write_all(fd, line, len);
	if (werr != 0)
		e = why_errno(w, werr, "writing the mailbox lock");
	else
		e = link_loop(lk, fd, tmp, stale_s, c, w);
	if (e == MDA_OK && fstat(fd, &st) == 0) {
		lk->dot_dev = st.st_dev;
		lk->dot_ino = st.st_ino;
	}
	(void)unlink(tmp);   /* the dotlock name keeps the inode alive */
	if (e != MDA_OK) {
		(void)close(fd);   /* nothing of value unflushed */
		return e;
	}
	lk->rec_fd = fd;
	lk->rec_open = true;
	return MDA_OK;
}

enum mda_err lock_place(struct mbox_lock *lk, long long size, long long max,
			dev_t dev, ino_t ino, struct why *w)
{
	char line[LOCK_RECORD_MAX];
	size_t len;
	int err;

	if (!lk->rec_open)
		return MDA_OK;
	lk->rec.placed = true;
	lk->rec.size = size;
	lk->rec.max = max;
	lk->rec.dev = (unsigned long long)dev;
	lk->rec.ino = (unsigned long long)ino;
	len = lock_record_format(&lk->rec, line, sizeof(line));
	/* one small pwrite over the shorter first line: a reader sees the
	 * old line or the new one, each ending in its newline */
	err = len == 0 ? EINVAL : 0;
	if (err == 0) {
		ssize_t n = pwrite(lk->rec_fd, line, len, 0);

		err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	}
	if (err != 0)
		return why_errno(w, err, "writing the mailbox lock");
	return MDA_OK;
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
	lk->rec_fd = -1;
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
	if (lk->rec_open)
		(void)close(lk->rec_fd);   /* a lock file: nothing to flush */
	lk->rec_open = false;
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
