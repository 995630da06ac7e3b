/*
 * test_mbox_faults.c - fault injection for mbox_deliver: ENOSPC, EDQUOT and
 * EIO at every write(2) of a delivery, a failing fsync, and short writes.
 * After any failure the mailbox must be byte-identical to before.
 *
 * How: this program defines write() and fsync() itself; the executable's
 * definitions take precedence over libc's for the calls made from
 * libmda.a (io_write_all, mbox_deliver), and are pass-through (raw system
 * calls) unless a fault is armed.  cmocka's own output goes through libc's
 * internal entry points and is not affected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "store/mbox.h"

static struct {
	int write_fail_at;    /* fail the Nth write (1-based); 0: never */
	int write_errno;
	int writes;
	size_t short_max;     /* >0: write at most this many bytes per call */
	int fsync_fail;       /* fail the next fsync with EIO */
} fault;

ssize_t write(int fd, const void *buf, size_t len)
{
	if (fault.write_fail_at > 0 && ++fault.writes == fault.write_fail_at) {
		errno = fault.write_errno;
		return -1;
	}
	if (fault.short_max > 0 && len > fault.short_max)
		len = fault.short_max;
	return syscall(SYS_write, fd, buf, len);
}

int fsync(int fd)
{
	if (fault.fsync_fail) {
		fault.fsync_fail = 0;
		errno = EIO;
		return -1;
	}
	return (int)syscall(SYS_fsync, fd);
}

static char dir[64], path[160], *body;
static size_t body_len = 200000;
static const char old[] = "From x Thu Jan  1 00:00:00 1970\n\nold\n\n";

static int setup(void **state)
{
	(void)state;
	memset(&fault, 0, sizeof(fault));
	snprintf(dir, sizeof(dir), "/tmp/mda-fault.XXXXXX");
	assert_non_null(mkdtemp(dir));
	body = malloc(body_len);
	assert_non_null(body);
	for (size_t i = 0; i < body_len; i++)   /* lines, some "From " */
		body[i] = i % 70 == 69 ? '\n' : i % 700 < 5 ? "From "[i % 700] : 'b';
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	memset(&fault, 0, sizeof(fault));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(body);
	return 0;
}

static char *slurp(const char *p, size_t *len_r)
{
	struct stat st;
	char *buf;
	int fd = open(p, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)st.st_size, 0), st.st_size);
	close(fd);
	*len_r = (size_t)st.st_size;
	return buf;
}

/* attempt - a fresh mailbox holding old, one delivery with faults as
 * armed by the caller; returns the result, mailbox bytes in *got_r. */
static enum mda_err attempt(const char *name, struct why *w, char **got_r,
			    size_t *len_r)
{
	struct msg_source s;
	char tmp[] = "/tmp/mda-fbody.XXXXXX";
	int saved = fault.write_fail_at, fd;
	size_t saved_short = fault.short_max;
	enum mda_err e;

	fault.write_fail_at = 0;   /* setting up is not under test */
	fault.short_max = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, old, strlen(old)), (ssize_t)strlen(old));
	close(fd);
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	unlink(tmp);
	assert_int_equal(write(fd, body, body_len), (ssize_t)body_len);
	s = (struct msg_source){ "S: 1\n\n", 6, fd, 0, body_len };
	fault.writes = 0;
	fault.write_fail_at = saved;
	fault.short_max = saved_short;
	e = mbox_deliver(path, &s, "a@b", 0, NULL, w);
	fault.write_fail_at = 0;
	fault.short_max = 0;
	close(fd);
	*got_r = slurp(path, len_r);
	return e;
}

static void expect_untouched(const char *what, int n, enum mda_err e,
			     enum mda_err want_e, const struct why *w,
			     const char *want_status, const char *got,
			     size_t len)
{
	if (e != want_e || strcmp(w->status, want_status) != 0)
		fail_msg("%s at %d: got %d %s '%s' want %d %s", what, n, e,
			 w->status, w->text, want_e, want_status);
	if (len != strlen(old) || memcmp(got, old, len) != 0)
		fail_msg("%s at %d: mailbox got %zu bytes want %zu (unchanged)",
			 what, n, len, strlen(old));
}

/* every_write - fail write number 1, 2, ... until a delivery succeeds. */
static void every_write(const char *name, int err, enum mda_err want_e,
			const char *want_status)
{
	int n;

	for (n = 1; n < 100; n++) {
		struct why w = { "", "" };
		size_t len;
		char *got;
		enum mda_err e;

		fault.write_errno = err;
		fault.write_fail_at = n;
		e = attempt(name, &w, &got, &len);
		if (fault.writes < n) {   /* fewer writes than n: it worked */
			assert_int_equal(e, MDA_OK);
			assert_true(len > strlen(old) + 100);
			free(got);
			break;
		}
		expect_untouched(name, n, e, want_e, &w, want_status, got, len);
		free(got);
	}
	if (n < 3)
		fail_msg("%s: got %d writes want several (64 KiB buffers)",
			 name, n - 1);
}

static void test_enospc_each_write(void **state)
{
	(void)state;
	every_write("mbox", ENOSPC, MDA_ERR_TEMP, "4.3.1");
	every_write("mbox.gz", ENOSPC, MDA_ERR_TEMP, "4.3.1");
}

static void test_quota_and_eio(void **state)
{
	(void)state;
	every_write("mbox", EDQUOT, MDA_ERR_QUOTA, "4.2.2");
	every_write("mbox", EIO, MDA_ERR_TEMP, "4.3.0");
}

static void test_fsync_fails(void **state)
{
	struct why w = { "", "" };
	size_t len;
	char *got;
	enum mda_err e;

	(void)state;
	fault.fsync_fail = 1;
	e = attempt("mbox", &w, &got, &len);
	expect_untouched("fsync", 1, e, MDA_ERR_TEMP, &w, "4.3.0", got, len);
	free(got);
}

static void test_short_writes(void **state)
{
	struct why w = { "", "" };
	size_t len1, len2;
	char *whole, *shorts;

	(void)state;
	assert_int_equal(attempt("mbox", &w, &whole, &len1), MDA_OK);
	fault.short_max = 777;   /* the kernel may write less than asked */
	assert_int_equal(attempt("mbox", &w, &shorts, &len2), MDA_OK);
	fault.short_max = 0;
	if (len1 != len2 || memcmp(whole, shorts, len1) != 0)
		fail_msg("short writes: got %zu bytes want %zu, same bytes",
			 len2, len1);
	free(whole);
	free(shorts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enospc_each_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quota_and_eio, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fsync_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_writes, setup, teardown),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
