/*
 * test_spool.c - the one pass over stdin: From_ line, header boundaries and
 * index, CRLF, bare CR, NUL, no header, empty input, a body larger than the
 * read buffer, the memory spool and its move to disk, and the
 * classifier/exit table every error goes through.
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
#include <sysexits.h>
#include <unistd.h>

#include "intake/header.h"
#include "io.h"
#include "intake/spool.h"
#include "intake/spool_file.h"

static int memfile_fd(void *ctx, char **path_r)
{
	(void)ctx;
	return spool_tmpfile_open(path_r);
}

static int tmpfile_fd(void *ctx, char **path_r)
{
	(void)ctx;
	*path_r = NULL;
	return open("/tmp", O_TMPFILE | O_RDWR, 0600);
}

/* spool_bytes - spool len bytes of in through a pipe fed by a child. */
static enum mda_err spool_bytes(const char *in, size_t len, struct spool *sp,
				struct why *w)
{
	char path[] = "/tmp/mda-spool-in.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(io_write_all(fd, in, len), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	enum mda_err e = spool_read(fd, tmpfile_fd, NULL, sp, w);
	close(fd);
	return e;
}

static char *file_bytes(const struct spool *sp)
{
	char *buf = malloc(sp->size + 1);
	assert_non_null(buf);
	assert_int_equal(io_pread_full(sp->fd, buf, sp->size, 0), (ssize_t)sp->size);
	buf[sp->size] = '\0';
	return buf;
}

static void test_fromline(void **state)
{
	const char in[] = "From alice@example.org  Mon Nov 23 16:28:13 2026\n"
			  "Subject: hi\n\nbody\n";
	struct spool sp;
	struct why w;

	(void)state;
	assert_int_equal(spool_bytes(in, sizeof(in) - 1, &sp, &w), MDA_OK);
	assert_string_equal(sp.fromline_sender, "alice@example.org");
	assert_string_equal(sp.fromline_date, "Mon Nov 23 16:28:13 2026");
	char *b = file_bytes(&sp);
	assert_string_equal(b, "Subject: hi\n\nbody\n");
	assert_int_equal(sp.header_len, 13);
	assert_true(sp.final_newline);
	free(b);
	spool_free(&sp);
}

static void test_fromline_needs_date(void **state)
{
	static const struct { const char *in; const char *sender; } t[] = {
		{ "From the desk of the editor\nhello\n", NULL },
		{ "From a@b\nSubject: x\n\nb\n", NULL },
		{ "From a@b Mon Nov 23 16:28:13 2026\nSubject: x\n\nb\n", "a@b" },
		{ "From MAILER-DAEMON  Tue Jan  5 01:02:03 1999\n\nb\n",
		  "MAILER-DAEMON" },
		{ "From x@y Sat, 21 Nov 2026 10:00:00 +0100\n\nb\n", "x@y" },
	};
	struct spool sp;
	struct why w;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(spool_bytes(t[i].in, strlen(t[i].in), &sp, &w),
				 MDA_OK);
		if (t[i].sender == NULL) {
			/* not an envelope line: stored as part of the message */
			assert_null(sp.fromline_sender);
			assert_int_equal(sp.size, strlen(t[i].in));
		} else {
			assert_string_equal(sp.fromline_sender, t[i].sender);
			assert_int_equal(sp.size, strlen(strchr(t[i].in, '\n') + 1));
		}
		spool_free(&sp);
	}
}

static void test_header_index(void **state)
{
	const char in[] = "Received: from a\n\tby b\nSubject:  folded\n"
			  "  line \nX-Empty:\nFrom : Bob <b@x>\n\nbody\n";
	struct spool sp;
	struct why w;

	(void)state;
	assert_int_equal(spool_bytes(in, sizeof(in) - 1, &sp, &w), MDA_OK);
	assert_null(sp.fromline_sender);
	assert_int_equal(sp.nfields, 4);
	assert_int_equal(sp.fields[0].name_len, 8);
	assert_memory_equal(sp.fields[1].name, "Subject", 7);
	char *s = spool_field(&sp, "subject");
	assert_string_equal(s, "folded  line");
	free(s);
	s = spool_field(&sp, "received");
	assert_string_equal(s, "from a\tby b");
	free(s);
	s = spool_field(&sp, "from");
	assert_string_equal(s, "Bob <b@x>");
	free(s);
	s = spool_field(&sp, "x-empty");
	assert_string_equal(s, "");
	free(s);
	assert_null(spool_field(&sp, "cc"));
	spool_free(&sp);
}

static void test_crlf(void **state)
{
	const char in[] = "Subject: a\r\nTo: b\r\n\r\nbody\r\n";
	struct spool sp;
	struct why w;

	(void)state;
	assert_int_equal(spool_bytes(in, sizeof(in) - 1, &sp, &w), MDA_OK);
	assert_int_equal(sp.header_len, 21);
	assert_int_equal(sp.nfields, 2);
	assert_int_equal(sp.fields[0].value_len, 2);  /* " a", no CR */
	char *b = file_bytes(&sp);
	assert_string_equal(b, in);  /* stored unchanged */
	free(b);
	spool_free(&sp);
}

static void test_no_header(void **state)
{
	static const char *const ins[] = {
		"just a line of text\nand more\n",
		"\nbody after an empty first line\n",
		" continuation first\n",
	};
	struct spool sp;
	struct why w;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(spool_bytes(ins[i], strlen(ins[i]), &sp, &w),
				 MDA_OK);
		size_t want = i == 1 ? 1 : 0;  /* the empty line ends a header */
		assert_int_equal(sp.header_len, want);
		assert_int_equal(sp.nfields, 0);
		assert_int_equal(sp.size, strlen(ins[i]));
		spool_free(&sp);
	}
}

static void test_header_ends_at_nonfield(void **state)
{
	const char in[] = "Subject: x\nthis is not a field\nmore\n";
	struct spool sp;
	struct why w;

	(void)state;
	assert_int_equal(spool_bytes(in, sizeof(in) - 1, &sp, &w), MDA_OK);
	assert_int_equal(sp.header_len, 11);
	assert_int_equal(sp.nfields, 1);
	spool_free(&sp);
}

static void test_empty_and_fromline_only(void **state)
{
	static const char *const ins[] = { "", "From a@b  Mon Nov 23 01:02:03 2026\n" };
	struct spool sp;
	struct why w;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		memset(&w, 0, sizeof(w));
		assert_int_equal(spool_bytes(ins[i], strlen(ins[i]), &sp, &w),
				 MDA_ERR_DATA);
		assert_string_equal(w.status, "5.6.0");
		assert_int_equal(exitcode_for(MDA_ERR_DATA), EX_DATAERR);
	}
}

static void test_nul_cr_no_final_newline(void **state)
{
	const char in[] = "Subject: x\n\na\0b\rc";
	struct spool sp;
	struct why w;

	(void)state;
	assert_int_equal(spool_bytes(in, sizeof(in) - 1, &sp, &w), MDA_OK);
	assert_int_equal(sp.size, sizeof(in) - 1);
	assert_false(sp.final_newline);
	char *b = file_bytes(&sp);
	assert_memory_equal(b, in, sizeof(in) - 1);
	free(b);
	spool_free(&sp);
}

static void test_large_body(void **state)
{
	size_t body = 3 * 65536 + 17, hl = 12;
	char *in = malloc(hl + body);
	struct spool sp;
	struct why w;

	(void)state;
	memcpy(in, "Subject: x\n\n", hl);
	for (size_t i = 0; i < body; i++)
		in[hl + i] = (i % 61 == 60) ? '\n' : (char)('a' + i % 26);
	assert_int_equal(spool_bytes(in, hl + body, &sp, &w), MDA_OK);
	assert_int_equal(sp.size, hl + body);
	char *b = file_bytes(&sp);
	assert_memory_equal(b, in, hl + body);
	/* the filter's view reads the body through pread */
	struct sieve_message m;
	char chunk[100];
	spool_message(&sp, &m);
	assert_int_equal(m.body_size, body);
	assert_int_equal(m.body_read(m.body_ctx, 65530, chunk, 100), 100);
	assert_memory_equal(chunk, in + hl + 65530, 100);
	assert_int_equal(m.body_read(m.body_ctx, body, chunk, 100), 0);
	free(b);
	free(in);
	spool_free(&sp);
}

/* spool_with_memfile - spool in (len octets) into the memory spool of
 * mbox and dry-run deliveries (spool_tmpfile_open). */
static void spool_with_memfile(const char *in, size_t len, struct spool *sp)
{
	char path[] = "/tmp/mda-spool-in.XXXXXX";
	int fd = mkstemp(path);
	struct why w;

	assert_true(fd >= 0);
	assert_int_equal(io_write_all(fd, in, len), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	assert_int_equal(spool_read(fd, memfile_fd, NULL, sp, &w), MDA_OK);
	close(fd);
}

/* A small message stays in memory (no inode made); one past
 * SPOOL_MEM_MAX moves to a file, every octet kept, in order. */
static void test_memory_spool(void **state)
{
	size_t big = SPOOL_MEM_MAX + 3 * 65536 + 5, hl = 12;
	char *in = malloc(big);
	struct spool sp;

	(void)state;
	assert_non_null(in);
	memcpy(in, "Subject: x\n\n", hl);
	for (size_t i = hl; i < big; i++)
		in[i] = (i % 71 == 70) ? '\n' : (char)('A' + i % 23);
	spool_with_memfile(in, 4000, &sp);
	assert_true(spool_file_in_memory(sp.fd));
	assert_int_equal(sp.size, 4000);
	char *b = file_bytes(&sp);
	assert_memory_equal(b, in, 4000);
	free(b);
	spool_free(&sp);

	spool_with_memfile(in, big, &sp);
	assert_false(spool_file_in_memory(sp.fd));   /* moved to disk */
	assert_int_equal(sp.size, big);
	b = file_bytes(&sp);
	assert_memory_equal(b, in, big);
	free(b);
	spool_free(&sp);
	free(in);
}

static void test_header_scan_incomplete(void **state)
{
	bool complete;

	(void)state;
	assert_int_equal(header_scan("Subject: x\nTo: y", 16, false, &complete), 11);
	assert_false(complete);
	assert_int_equal(header_scan("Subject: x\nTo: y", 16, true, &complete), 16);
	assert_true(complete);
}

static void test_classifier(void **state)
{
	static const struct { int err; enum mda_err want; const char *st; } t[] = {
		{ ENOSPC, MDA_ERR_TEMP, "4.3.1" }, { EIO, MDA_ERR_TEMP, "4.3.0" },
		{ EDQUOT, MDA_ERR_QUOTA, "4.2.2" }, { EFBIG, MDA_ERR_QUOTA, "4.2.2" },
		{ EAGAIN, MDA_ERR_TEMP, "4.3.0" }, { ELOOP, MDA_ERR_TEMP, "4.2.0" },
		{ EACCES, MDA_ERR_TEMP, "4.2.0" }, { ENOMEM, MDA_ERR_TEMP, "4.3.0" },
		{ ESTALE, MDA_ERR_TEMP, "4.3.0" }, { ENOLCK, MDA_ERR_TEMP, "4.3.0" },
	};
	const char *st;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(classify_errno(t[i].err, &st), t[i].want);
		assert_string_equal(st, t[i].st);
		assert_int_equal(exitcode_for(t[i].want), EX_TEMPFAIL);
	}
}

static void test_exit_table(void **state)
{
	static const struct { enum mda_err e; int code; char cls; } t[] = {
		{ MDA_OK, 0, '2' }, { MDA_ERR_USAGE, 64, '5' },
		{ MDA_ERR_CONFIG, 75, '4' }, { MDA_ERR_DATA, 65, '5' },
		{ MDA_ERR_NOUSER, 67, '5' }, { MDA_ERR_TEMP, 75, '4' },
		{ MDA_ERR_QUOTA, 75, '4' }, { MDA_ERR_REJECT, 77, '5' },
		{ MDA_ERR_FILTER, 65, '5' }, { MDA_ERR_QUOTA_FULL, 69, '5' },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(exitcode_for(t[i].e), t[i].code);
		/* the status class must agree with the exit code (Postfix) */
		assert_int_equal(exitcode_default_status(t[i].e)[0], t[i].cls);
	}
	for (int e = 0; e < MDA_ERR__COUNT + 2; e++) {
		int c = exitcode_for((enum mda_err)e);
		assert_true(c != 1 && c != 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fromline),
		cmocka_unit_test(test_fromline_needs_date),
		cmocka_unit_test(test_header_index),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_header_ends_at_nonfield),
		cmocka_unit_test(test_empty_and_fromline_only),
		cmocka_unit_test(test_nul_cr_no_final_newline),
		cmocka_unit_test(test_large_body),
		cmocka_unit_test(test_memory_spool),
		cmocka_unit_test(test_header_scan_incomplete),
		cmocka_unit_test(test_classifier),
		cmocka_unit_test(test_exit_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
