/*
 * test_lock.c - fcntl + dotlock: taken and released in order, a stale
 * dotlock broken, a held lock (either kind) timing out with the right
 * error, and the fcntl-only fallback in a directory that refuses files.
 * No timing assertions: only "failed, and with the right error".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/lock.h"

struct fx {
	char dir[64];
	char mbox[128];
	char dot[160];
	int fd;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/mda-lock.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->mbox, sizeof(f->mbox), "%s/mbox", f->dir);
	snprintf(f->dot, sizeof(f->dot), "%s/mbox.lock", f->dir);
	f->fd = open(f->mbox, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(f->fd >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	close(f->fd);
	chmod(f->dir, 0700);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", f->dir);
	free(f);
	return 0;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* other_can_lock - can another process take the fcntl lock right now? */
static bool other_can_lock(const char *path)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_RDWR);

		_exit(fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0 ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void expect_busy(enum mda_err e, const struct why *w)
{
	if (e != MDA_ERR_TEMP || strcmp(w->status, "4.2.0") != 0 ||
	    strcmp(w->text, "mailbox busy (lock timeout)") != 0)
		fail_msg("got %d %s '%s' want %d 4.2.0 'mailbox busy (lock "
			 "timeout)'", e, w->status, w->text, MDA_ERR_TEMP);
}

static void test_acquire_release(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = LOCK_OPTS_DEFAULT;
	struct mbox_lock lk;
	struct why w = { "", "" };
	struct stat st;

	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.fcntl_held);
	assert_true(lk.dot_held);
	assert_false(lk.fcntl_only);
	assert_int_equal(lstat(f->dot, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_nlink, 1);   /* the link file is gone */
	assert_int_equal(count_entries(f->dir), 2);
	assert_false(other_can_lock(f->mbox));
	lock_release(&lk);
	assert_int_equal(lstat(f->dot, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_true(other_can_lock(f->mbox));
	assert_int_equal(count_entries(f->dir), 1);
	lock_release(&lk);   /* twice is harmless */
}

static void test_stale_broken(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct timeval old[2];
	struct mbox_lock lk;
	struct why w = { "", "" };
	struct stat before, after;
	int fd = open(f->dot, O_WRONLY | O_CREAT | O_EXCL, 0600);

	assert_true(fd >= 0);
	close(fd);
	gettimeofday(&old[0], NULL);
	old[0].tv_sec -= 3600;   /* left by a crash an hour ago */
	old[1] = old[0];
	assert_int_equal(utimes(f->dot, old), 0);
	assert_int_equal(lstat(f->dot, &before), 0);
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_int_equal(lstat(f->dot, &after), 0);
	assert_true(after.st_mtime > before.st_mtime + 3000);  /* ours now */
	lock_release(&lk);
	assert_int_equal(lstat(f->dot, &after), -1);

	/* no waiting allowed (timeout 0): a stale lock is still broken */
	fd = open(f->dot, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(utimes(f->dot, old), 0);
	o.timeout_ms = 0;
	o.stale_s = 0;   /* the default, 300 s */
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.dot_held);
	lock_release(&lk);
}

/* write_dotlock - a fresh FILE.lock holding text. */
static void write_dotlock(const char *dot, const char *text)
{
	int fd = open(dot, O_WRONLY | O_CREAT | O_EXCL, 0600);
	int n = (int)strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, (size_t)n), n);
	close(fd);
}

/* put_record - r, with the mailbox half (size 10, max 20), as the
 * dotlock; its line starts with want */
static void put_record(const char *dot, struct lock_record *r,
		       const char *want)
{
	char line[LOCK_RECORD_MAX];

	r->placed = true;
	r->size = 10;
	r->max = 20;
	assert_true(lock_record_format(r, line, sizeof(line)) > 0);
	assert_memory_equal(line, want, strlen(want));
	write_dotlock(dot, line);
}

/* write_record - a v1 dotlock as mda writes it where flock fails (and
 * older mda always), for pid on host and boot (NULL: this boot), with
 * start time start (0: that of pid). */
static void write_record(const char *dot, long pid, const char *host,
			 const char *boot, unsigned long long start)
{
	struct lock_record r, me;

	lock_record_self(&me, false);
	memset(&r, 0, sizeof(r));
	r.version = 1;
	r.pid = pid;
	snprintf(r.boot, sizeof(r.boot), "%s", boot ? boot : me.boot);
	r.start = start ? start : pid == me.pid ? me.start : 1;
	snprintf(r.host, sizeof(r.host), "%s", host);
	put_record(dot, &r, "mda-lock v1 ");
}

static void test_dead_holder_broken(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	char host[65] = "";
	pid_t dead = fork();

	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);  /* reaped: no such pid */
	lock_record_host(host, sizeof(host));
	/* a fresh lock of a killed holder on this host: broken at once, and
	 * its record handed back for the repair */
	write_record(f->dot, (long)dead, host, NULL, 0);
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.dot_held);
	assert_true(lk.broke_dead);
	assert_int_equal(lk.broken.pid, (long)dead);
	assert_true(lk.broken.placed);
	assert_int_equal(lk.broken.size, 10);
	lock_release(&lk);
	/* the same pid on another host may be alive there: wait it out */
	write_record(f->dot, (long)dead, "other.host.example", NULL, 0);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	unlink(f->dot);
	/* a live holder on this host (ourselves, as another delivery would
	 * be) is respected */
	write_record(f->dot, (long)getpid(), host, NULL, 0);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	unlink(f->dot);
	/* the pid lives but started at another time: reused, the holder died */
	write_record(f->dot, (long)getpid(), host, NULL, 12345);
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.broke_dead);
	lock_release(&lk);
	/* a live pid, but written before a reboot: dead */
	write_record(f->dot, (long)getpid(), host,
		     "00000000-0000-0000-0000-000000000000", 0);
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.broke_dead);
	lock_release(&lk);
	/* another program's lock naming a dead pid: only the age rule */
	char other[128];
	snprintf(other, sizeof(other), "%ld %s\n", (long)dead, host);
	write_dotlock(f->dot, other);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	unlink(f->dot);
}

/* write_record_v2 - a v2 dotlock naming pid on host */
static void write_record_v2(const char *dot, long pid, const char *host)
{
	struct lock_record r;

	memset(&r, 0, sizeof(r));
	r.version = 2;
	r.pid = pid;
	snprintf(r.host, sizeof(r.host), "%s", host);
	put_record(dot, &r, "mda-lock v2 ");
}

/* v2: the writer's flock on the dotlock is the whole test of life; its
 * pid does not matter (it may be reused, or ours) */
static void test_dead_holder_flock(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	char host[65] = "";
	int held;

	lock_record_host(host, sizeof(host));
	/* a live pid (ours) but nobody holds the flock: its writer is gone */
	write_record_v2(f->dot, (long)getpid(), host);
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.broke_dead);
	assert_int_equal(lk.broken.version, 2);
	assert_true(lk.broken.placed);
	assert_int_equal(lk.broken.size, 10);
	lock_release(&lk);
	/* the flock held (as its live writer would): respected */
	write_record_v2(f->dot, 1, host);
	held = open(f->dot, O_RDWR);
	assert_true(held >= 0);
	assert_int_equal(flock(held, LOCK_EX | LOCK_NB), 0);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	close(held);
	/* released: broken at once */
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.broke_dead);
	lock_release(&lk);
	/* another host's record, flock free: only the age rule */
	write_record_v2(f->dot, 1, "other.host.example");
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	unlink(f->dot);
}

/* a holder killed while it holds both locks: the next one breaks its
 * dotlock at once and gets its record back */
static void test_killed_holder(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 2000, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	int ready[2], st;
	char c;
	pid_t pid;

	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct mbox_lock ck;
		struct why cw = { "", "" };

		close(ready[0]);
		if (lock_acquire(&ck, f->fd, f->mbox, &o, &cw) != MDA_OK ||
		    lock_place(&ck, 5, 50, 1, 2, &cw) != MDA_OK ||
		    write(ready[1], "x", 1) != 1)
			_exit(3);
		pause();   /* killed here, both locks held */
		_exit(4);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	/* alive: busy */
	o.timeout_ms = 300;
	assert_true(access(f->dot, F_OK) == 0);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.broke_dead);
	assert_int_equal(lk.broken.pid, (long)pid);
	assert_int_equal(lk.broken.version, 2);
	assert_int_equal(lk.broken.size, 5);
	assert_int_equal(lk.broken.max, 50);
	lock_release(&lk);
}

/* proc_start_time - field 22 of /proc/self/stat, read here with sscanf,
 * independently of the parse in lock_record.c */
static unsigned long long proc_start_time(void)
{
	char buf[1024] = "";
	unsigned long long t = 0;
	int fd = open("/proc/self/stat", O_RDONLY);
	const char *p;

	assert_true(fd >= 0);
	assert_true(read(fd, buf, sizeof(buf) - 1) > 0);
	close(fd);
	p = strrchr(buf, ')');
	assert_non_null(p);
	assert_int_equal(sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u "
				"%*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
				&t), 1);
	return t;
}

/* our dotlock says who we are, and lock_place adds where the mailbox
 * ended; the record parses back whole */
static void test_record_placed(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct lock_record r;
	struct why w = { "", "" };
	char buf[LOCK_RECORD_MAX] = "";
	int fd;

	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_int_equal(lock_place(&lk, 123, 4567, 8, 9, &w), MDA_OK);
	fd = open(f->dot, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(read(fd, buf, sizeof(buf) - 1) > 0);
	close(fd);
	assert_true(lock_record_parse(buf, &r));
	assert_int_equal(r.pid, (long)getpid());
	assert_int_equal(r.version, 2);   /* flock works here */
	assert_true(r.placed);
	assert_int_equal(r.size, 123);
	assert_int_equal(r.max, 4567);
	assert_int_equal(r.dev, 8);
	assert_int_equal(r.ino, 9);
	fd = open(f->dot, O_RDONLY);
	assert_true(fd >= 0);
	assert_false(lock_record_dead(&r, fd));   /* we hold its flock */
	close(fd);
	lock_release(&lk);
	/* v1, where flock fails: pid, boot id and our start time */
	lock_record_self(&r, false);
	assert_int_equal(r.version, 1);
	assert_true(r.start > 0);
	assert_int_equal(r.start, proc_start_time());
	assert_true(strlen(r.boot) > 8);
	/* a line cut short (a write that did not finish) is not a record */
	assert_false(lock_record_parse("mda-lock v1 pid=1 boot=x start=1 "
				       "host=h", &r));
}

static void test_fresh_dotlock_times_out(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	struct stat before, after;
	int fd = open(f->dot, O_WRONLY | O_CREAT | O_EXCL, 0600);

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(lstat(f->dot, &before), 0);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	assert_int_equal(lstat(f->dot, &after), 0);   /* not ours to break */
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(count_entries(f->dir), 2);   /* no link file left */
	assert_true(other_can_lock(f->mbox));         /* fcntl released */
}

static void test_fcntl_held_times_out(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	int go[2], stop[2], st;
	char c;
	pid_t pid;

	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(stop), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {   /* another deliverer holding the fcntl lock */
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(f->mbox, O_RDWR);

		close(stop[1]);
		if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0)
			_exit(3);
		if (write(go[1], "x", 1) != 1)
			_exit(4);
		(void)read(stop[0], &c, 1);   /* until the parent is done */
		_exit(0);
	}
	close(go[1]);
	close(stop[0]);
	assert_int_equal(read(go[0], &c, 1), 1);
	expect_busy(lock_acquire(&lk, f->fd, f->mbox, &o, &w), &w);
	assert_int_equal(count_entries(f->dir), 1);   /* no dotlock made */
	close(stop[1]);
	close(go[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* and once it is gone, the lock is ours again */
	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	lock_release(&lk);
}

static void test_try_once(void **state)
{
	struct fx *f = *state;
	struct lock_opts o = { 0, 0 };   /* no wait, default stale age */
	struct mbox_lock lk;
	struct why w = { "", "" };

	assert_int_equal(lock_acquire(&lk, f->fd, f->mbox, &o, &w), MDA_OK);
	assert_true(lk.dot_held);
	lock_release(&lk);
}

/* in_readonly_dir - lock f->mbox with the directory not writable for us;
 * returns 0 on fcntl-only success, another code saying what went wrong. */
static int in_readonly_dir(struct fx *f)
{
	struct lock_opts o = { 300, 300 };
	struct mbox_lock lk;
	struct why w = { "", "" };
	struct stat st;
	int fd = open(f->mbox, O_RDWR);

	if (fd < 0)
		return 10;
	if (lock_acquire(&lk, fd, f->mbox, &o, &w) != MDA_OK)
		return 11;
	if (!lk.fcntl_only || !lk.fcntl_held || lk.dot_held)
		return 12;
	if (lstat(f->dot, &st) == 0)
		return 13;
	lock_release(&lk);
	return 0;
}

static void test_fallback_fcntl_only(void **state)
{
	struct fx *f = *state;
	pid_t pid;
	int st;

	if (geteuid() != 0) {
		assert_int_equal(chmod(f->dir, 0555), 0);
		assert_int_equal(in_readonly_dir(f), 0);
		return;
	}
	/* Root ignores directory permissions: drop to nobody in a child,
	 * which owns the mailbox but not the directory (like /var/mail). */
	assert_int_equal(chown(f->mbox, 65534, 65534), 0);
	assert_int_equal(chmod(f->dir, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(77);
		_exit(in_readonly_dir(f));
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77)
		skip();
	if (WEXITSTATUS(st) != 0)
		fail_msg("fcntl-only fallback: got code %d want 0",
			 WEXITSTATUS(st));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acquire_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_holder_broken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dead_holder_flock, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_killed_holder, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fresh_dotlock_times_out, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fcntl_held_times_out, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_try_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_placed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fallback_fcntl_only, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
