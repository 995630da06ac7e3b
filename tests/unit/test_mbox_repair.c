/*
 * test_mbox_repair.c - the torn-append rule of mbox_repair.h, case by
 * case: what a crash of ours left is cut, anything another program may
 * have written is never cut, and the file is byte-identical then.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/mbox_repair.h"

#define BASE "From a@b Mon Nov 23 16:28:13 2026\nSubject: kept\n\nhello\n\n"
#define OURS "From c@d Mon Nov 23 16:28:14 2026\nSubject: torn\n\n"

struct rcase {
	const char *name;
	const char *base;     /* the mailbox before the dead append */
	const char *tail;     /* what came after */
	bool gz;
	int tweak;            /* 0, 1: other ino, 2: max too small, 3: unplaced */
	bool cut;             /* want: cut back to base */
	bool refused;         /* want: a refusal reason */
};

static const struct rcase cases[] = {
	{ "torn body", BASE, OURS "half a bo", false, 0, true, false },
	{ "torn From_ line", BASE, "From c@d Mon", false, 0, true, false },
	{ "two octets", BASE, "Fr", false, 0, true, false },
	{ "fresh-line LF first", "From a@b x\n\nno final newline",
	  "\n" OURS "half", false, 0, true, false },
	{ "quoted From in our body", BASE, OURS ">From me\n>>From x\nmo",
	  false, 0, true, false },
	{ "nothing written", BASE, "", false, 0, false, false },
	{ "a message after ours", BASE,
	  OURS "half\nFrom pm@x Mon Nov 23 16:29:00 2026\nSubject: theirs\n\nx\n",
	  false, 0, false, true },
	{ "a From_ line glued on", BASE,
	  OURS "halfFrom pm@x Mon Nov 23 16:29:00 2026\nSubject: theirs\n\n",
	  false, 0, false, true },
	{ "not our start", BASE, "Return-Path: <x@y>\n", false, 0, false, true },
	{ "another file", BASE, OURS "half", false, 1, false, true },
	{ "longer than our bound", BASE, OURS "half", false, 2, false, true },
	{ "no size recorded", BASE, OURS "half", false, 3, false, true },
	{ "gzip member of ours", "\x1f\x8b\x08rest", "\x1f\x8b\x08\x00torn",
	  true, 0, true, false },
	{ "gzip: not a member", "\x1f\x8b\x08rest", "junk", true, 0, false,
	  true },
};

static void run_case(const struct rcase *c)
{
	char dir[] = "/tmp/mda-repair.XXXXXX", path[64], *got;
	size_t blen = strlen(c->base), tlen = strlen(c->tail);
	struct lock_record r;
	struct mbox_repair out;
	struct stat st;
	int fd;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mbox", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, c->base, blen), (ssize_t)blen);
	assert_int_equal(write(fd, c->tail, tlen), (ssize_t)tlen);
	assert_int_equal(fstat(fd, &st), 0);
	memset(&r, 0, sizeof(r));
	r.placed = c->tweak != 3;
	r.size = (long long)blen;
	r.max = c->tweak == 2 ? r.size + 3 : r.size + 4096;
	r.dev = st.st_dev;
	r.ino = st.st_ino + (c->tweak == 1);
	assert_int_equal(mbox_repair(fd, c->gz, &r, &out), 0);
	assert_int_equal(fstat(fd, &st), 0);
	if (c->cut != (out.cut > 0) || c->refused != (out.refused != NULL))
		fail_msg("%s: got cut %lld refused %s, want cut %d refused %d",
			 c->name, out.cut, out.refused ? out.refused : "-",
			 c->cut, c->refused);
	/* cut: exactly the base remains; else every byte is still there */
	assert_int_equal(st.st_size, (off_t)(c->cut ? blen : blen + tlen));
	got = calloc(1, blen + tlen + 1);
	assert_non_null(got);
	assert_int_equal(pread(fd, got, (size_t)st.st_size, 0), st.st_size);
	assert_memory_equal(got, c->base, blen);
	if (!c->cut)
		assert_memory_equal(got + blen, c->tail, tlen);
	free(got);
	close(fd);
	unlink(path);
	rmdir(dir);
}

static void test_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
