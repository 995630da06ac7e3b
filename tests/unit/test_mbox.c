/*
 * test_mbox.c - mbox_deliver byte for byte: new file, append, fresh line,
 * refusals, truncate-back after a failure midway, quoting across the
 * 64 KiB read borders, and gzip members that read back as one stream.
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
#include <unistd.h>
#include <zlib.h>

#include "store/mbox.h"

#define WHEN 1795451293   /* Mon Nov 23 16:28:13 2026 UTC */
#define FROM_A "From a@b Mon Nov 23 16:28:13 2026\n"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mda-mbox.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mbox", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	return 0;
}

/* source - header in memory, body in an unlinked temp file. */
static void source(struct msg_source *s, const char *hdr, const char *body,
		   size_t body_len)
{
	char tmp[] = "/tmp/mda-body.XXXXXX";
	int fd = mkstemp(tmp);

	assert_true(fd >= 0);
	unlink(tmp);
	assert_int_equal(write(fd, body, body_len), (ssize_t)body_len);
	s->header = hdr;
	s->header_len = strlen(hdr);
	s->fd = fd;
	s->body_off = 0;
	s->body_len = body_len;
}

static char *slurp(const char *p, size_t *len_r)
{
	FILE *f = fopen(p, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len_r = (size_t)n;
	return buf;
}

static void put_file(const char *p, const char *content)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)),
			 (ssize_t)strlen(content));
	close(fd);
}

static void expect_file(const char *p, const char *want, size_t wlen)
{
	size_t n;
	char *got = slurp(p, &n);

	if (n != wlen || memcmp(got, want, n) != 0) {
		size_t i = 0;

		while (i < n && i < wlen && got[i] == want[i])
			i++;
		fail_msg("%s: got %zu bytes want %zu, first difference at %zu: "
			 "got '%.40s' want '%.40s'", p, n, wlen, i, got + i,
			 want + i);
	}
	free(got);
}

static enum mda_err deliver(const char *p, const char *hdr, const char *body,
			    const char *sender, struct why *w)
{
	struct msg_source s;
	enum mda_err e;

	source(&s, hdr, body, strlen(body));
	e = mbox_deliver(p, &s, sender, WHEN, NULL, w);
	close(s.fd);
	return e;
}

static void test_new_file(void **state)
{
	static const char want[] = FROM_A "Subject: x\n\n>From me\nbody\n\n";
	struct why w = { "", "" };
	struct stat st;

	(void)state;
	assert_int_equal(deliver(path, "Subject: x\n\n", "From me\nbody\n",
				 "a@b", &w), MDA_OK);
	expect_file(path, want, strlen(want));
	assert_int_equal(stat(path, &st), 0);
	if ((st.st_mode & 0777) != 0600)
		fail_msg("mode: got %o want 600", st.st_mode & 0777);
}

static void test_append(void **state)
{
	static const char old[] = "From x Thu Jan  1 00:00:00 1970\n\nold\n\n";
	static const char want[] = "From x Thu Jan  1 00:00:00 1970\n\nold\n\n"
		"From MAILER-DAEMON Mon Nov 23 16:28:13 2026\n"
		"S: 1\n\n>>From a\n\n";
	struct why w = { "", "" };

	(void)state;
	put_file(path, old);
	assert_int_equal(deliver(path, "S: 1\n\n", ">From a\n", "", &w), MDA_OK);
	expect_file(path, want, strlen(want));
}

static void test_fresh_line_and_final_newline(void **state)
{
	static const char want[] = "old\n" FROM_A "S: 1\n\nno newline\n\n";
	struct why w = { "", "" };

	(void)state;
	put_file(path, "old");
	assert_int_equal(deliver(path, "S: 1\n\n", "no newline", "a@b", &w),
			 MDA_OK);
	expect_file(path, want, strlen(want));
}

static void expect_refused(const char *p, const char *reason)
{
	struct why w = { "", "" };
	enum mda_err e = deliver(p, "S: 1\n\n", "x\n", "a@b", &w);

	if (e != MDA_ERR_TEMP || strcmp(w.status, "4.2.0") != 0 ||
	    strstr(w.text, reason) == NULL)
		fail_msg("%s: got %d %s '%s' want %d 4.2.0 '...%s'", p, e,
			 w.status, w.text, MDA_ERR_TEMP, reason);
}

static void test_refusals(void **state)
{
	char target[160], link2[160], fifo[160], sub[160];

	(void)state;
	snprintf(target, sizeof(target), "%s/target", dir);
	put_file(target, "keep\n");
	assert_int_equal(symlink(target, path), 0);
	expect_refused(path, "symbolic link");
	expect_file(target, "keep\n", 5);

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	expect_refused(sub, "not a regular file");

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	expect_refused(fifo, "not a regular file");   /* and does not hang */

	snprintf(link2, sizeof(link2), "%s/link2", dir);
	assert_int_equal(link(target, link2), 0);
	expect_refused(target, "more than one link");
	expect_file(target, "keep\n", 5);
	assert_int_equal(unlink(link2), 0);

	if (geteuid() != 0) {
		skip();   /* cannot give a file away without root */
		return;
	}
	assert_int_equal(chown(target, 65534, 65534), 0);
	expect_refused(target, "not owned by the user");
	expect_file(target, "keep\n", 5);
}

/* fail midway: the body is shorter than body_len says, so the copy
 * fails (EIO) after several 64 KiB chunks were written and flushed. */
static void test_truncate_back(void **state)
{
	static const char old[] = "From x Thu Jan  1 00:00:00 1970\n\nold\n\n";
	size_t n = 300000;
	char *body = malloc(n);
	struct msg_source s;
	struct why w = { "", "" };
	struct stat st;
	enum mda_err e;

	(void)state;
	assert_non_null(body);
	memset(body, 'y', n);
	for (size_t i = 79; i < n; i += 80)
		body[i] = '\n';
	put_file(path, old);
	source(&s, "S: 1\n\n", body, n);
	s.body_len = n + 100000;
	e = mbox_deliver(path, &s, "a@b", WHEN, NULL, &w);
	if (e != MDA_ERR_TEMP)
		fail_msg("short body: got %d '%s' want %d", e, w.text,
			 MDA_ERR_TEMP);
	expect_file(path, old, strlen(old));
	close(s.fd);

	/* a bad fd: the body read fails at once, after a 100 KB header */
	memset(body, 'h', 100000);
	memcpy(body, "X-Big: ", 7);
	memcpy(body + 99998, "\n\n", 3);
	source(&s, body, "", 0);
	s.fd = -1;
	s.body_len = 10;
	assert_int_equal(mbox_deliver(path, &s, "a@b", WHEN, NULL, &w),
			 MDA_ERR_TEMP);
	expect_file(path, old, strlen(old));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)strlen(old));
	free(body);
}

/* naive_quote - a line-at-a-time mboxrd quoter, independent of mboxrd.c. */
static size_t naive_quote(const char *in, size_t n, char *out)
{
	size_t o = 0, i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && in[j] == '>')
			j++;
		if (n - j >= 5 && memcmp(in + j, "From ", 5) == 0)
			out[o++] = '>';
		while (i < n && in[i] != '\n')
			out[o++] = in[i++];
		if (i < n)
			out[o++] = in[i++];
	}
	return o;
}

static void test_quote_across_chunks(void **state)
{
	size_t n = 3 * 65536 + 100, wl;
	char *body = malloc(n), *want = malloc(2 * n + 200);
	struct msg_source s;
	struct why w = { "", "" };

	(void)state;
	assert_non_null(body);
	assert_non_null(want);
	memset(body, 'x', n);
	body[n - 1] = '\n';
	/* "Fr" | "om split": a From line cut by the first 64 KiB border */
	body[65533] = '\n';
	memcpy(body + 65534, "From split\n", 11);
	/* ">>" | "From ": the '>' run ends exactly at the second border */
	body[2 * 65536 - 3] = '\n';
	memcpy(body + 2 * 65536 - 2, ">>From gt\n", 10);
	/* the border falls just after a newline, a From line starts it */
	body[3 * 65536 - 1] = '\n';
	memcpy(body + 3 * 65536, "From at border\n", 15);
	source(&s, "S: 1\n\n", body, n);
	assert_int_equal(mbox_deliver(path, &s, "a@b", WHEN, NULL, &w), MDA_OK);
	close(s.fd);
	memcpy(want, FROM_A "S: 1\n\n", strlen(FROM_A) + 6);
	wl = strlen(FROM_A) + 6;
	wl += naive_quote(body, n, want + wl);
	want[wl++] = '\n';
	expect_file(path, want, wl);
	assert_non_null(memmem(want, wl, "\n>From split\n", 13));
	assert_non_null(memmem(want, wl, "\n>>>From gt\n", 12));
	assert_non_null(memmem(want, wl, "\n>From at border\n", 17));
	free(body);
	free(want);
}

static void test_lock_timeout(void **state)
{
	struct mbox_opts o = MBOX_OPTS_DEFAULT;
	char dot[160];
	struct msg_source s;
	struct why w = { "", "" };
	enum mda_err e;

	(void)state;
	put_file(path, "old\n");
	snprintf(dot, sizeof(dot), "%s.lock", path);
	put_file(dot, "");
	o.lock.timeout_ms = 300;
	source(&s, "S: 1\n\n", "x\n", 2);
	e = mbox_deliver(path, &s, "a@b", WHEN, &o, &w);
	close(s.fd);
	if (e != MDA_ERR_TEMP || strcmp(w.text, "mailbox busy (lock timeout)"))
		fail_msg("got %d '%s' want %d 'mailbox busy (lock timeout)'",
			 e, w.text, MDA_ERR_TEMP);
	expect_file(path, "old\n", 4);
	expect_file(dot, "", 0);
}

/* gz_read - inflate every member of a .gz file (gzread goes on across
 * concatenated members, as zcat does). */
static size_t gz_read(const char *p, char *out, size_t size)
{
	gzFile g = gzopen(p, "rb");
	int n;

	assert_non_null(g);
	n = gzread(g, out, (unsigned)size);
	assert_true(n >= 0);
	gzclose(g);
	return (size_t)n;
}

static void test_gzip_members(void **state)
{
	static const char want[] = "From a@b Mon Nov 23 16:28:13 2026\n"
		"S: 1\n\none\n>From x\n\n"
		"From c@d Mon Nov 23 16:28:13 2026\nS: 2\n\ntwo\n\n";
	char gz[160], out[1024];
	struct why w = { "", "" };
	struct msg_source s;
	size_t n, before_len;
	char *before;

	(void)state;
	snprintf(gz, sizeof(gz), "%s/mbox.gz", dir);
	assert_int_equal(deliver(gz, "S: 1\n\n", "one\nFrom x\n", "a@b", &w),
			 MDA_OK);
	assert_int_equal(deliver(gz, "S: 2\n\n", "two", "c@d", &w), MDA_OK);
	n = gz_read(gz, out, sizeof(out));
	if (n != strlen(want) || memcmp(out, want, n) != 0)
		fail_msg("gz: got '%.*s' want '%s'", (int)n, out, want);
	/* a failed gzip append is cut back too */
	before = slurp(gz, &before_len);
	source(&s, "S: 3\n\n", "x\n", 2);
	s.body_len = 1000;
	assert_int_equal(mbox_deliver(gz, &s, "a@b", WHEN, NULL, &w),
			 MDA_ERR_TEMP);
	close(s.fd);
	expect_file(gz, before, before_len);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fresh_line_and_final_newline,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_across_chunks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lock_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip_members, setup, teardown),
	};

	setenv("TZ", "UTC", 1);
	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
