/*
 * test_migrate.c - the pieces of `mda migrate`: SHA-256 (FIPS 180-2
 * appendix vectors), mbox state headers to Maildir flags, RFC 5322 and
 * From_ dates, quoting-style detection and the splitting of tricky mboxes
 * (quoted From_ lines, Content-Length bodies, lines longer than the read
 * buffer), digest set and names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate/migrate.h"
#include "migrate/migrate_set.h"
#include "migrate/migrate_sha256.h"

static void hex_of(const char *in, size_t len, size_t chunk, char *out,
		   bool portable)
{
	struct sha256 s;
	unsigned char d[SHA256_LEN];

	if (portable)
		sha256_init_portable(&s);
	else
		sha256_init(&s);
	for (size_t o = 0; o < len; o += chunk)
		sha256_update(&s, in + o, len - o < chunk ? len - o : chunk);
	sha256_final(&s, d);
	sha256_hex(d, SHA256_LEN, out);
}

static void test_sha256(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char got[65];
	char *a = malloc(1000000);

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	/* Both the portable code and (where the processor has them) the x86
	 * SHA instructions: the same vectors, any chunking. */
	for (int portable = 1; portable >= 0; portable--) {
		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			for (size_t chunk = 1; chunk <= 128; chunk = chunk * 3 + 1) {
				hex_of(t[i].in, strlen(t[i].in), chunk, got, portable);
				assert_string_equal(got, t[i].want);
			}
		hex_of(a, 1000000, 4093, got, portable);
		assert_string_equal(got,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
		hex_of(a, 1000000, 1000000, got, portable);
		assert_string_equal(got,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	free(a);
}

static void test_flags(void **state)
{
	static const struct {
		const char *status, *xstatus, *mozilla, *letters;
		bool cur;
	} t[] = {
		{ "", "", "", "", false },
		{ "O", "", "", "", true },
		{ "R", "", "", "S", true },
		{ "RO", "", "", "S", true },
		{ "O", "A", "", "R", true },
		{ "", "F", "", "F", true },
		{ "", "D", "", "T", true },
		{ "", "T", "", "D", true },
		{ "RO", "AFDT", "", "DFRST", true },
		{ "", "", "0001", "S", true },
		{ "", "", "0002", "R", true },
		{ "", "", "0004", "F", true },
		{ "", "", "0008", "T", true },
		{ "", "", "8000", "", false },
		{ "", "", "000f", "FRST", true },
		{ "", "", "zz", "", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mig_flags f = { 0 };
		char got[6];

		mig_flags_status(t[i].status, &f);
		mig_flags_xstatus(t[i].xstatus, &f);
		mig_flags_mozilla(t[i].mozilla, &f);
		mig_flags_letters(&f, got);
		if (strcmp(got, t[i].letters) != 0 ||
		    mig_flags_in_cur(&f) != t[i].cur)
			fail_msg("row %zu: got %s/%d want %s/%d", i, got,
				 mig_flags_in_cur(&f), t[i].letters, t[i].cur);
	}
	assert_int_equal(mig_header_role("x-keywords", 10), ROLE_KEYWORDS);
	assert_int_equal(mig_header_role("X-IMAPbase", 10), ROLE_DROP);
	assert_int_equal(mig_header_role("Content-Length", 14), ROLE_CLEN);
	assert_int_equal(mig_header_role("Subject", 7), ROLE_KEEP);
	assert_int_equal(mig_header_role("Status2", 7), ROLE_KEEP);
}

static void test_dates(void **state)
{
	static const struct { const char *in; long long want; } t[] = {
		{ "Tue, 10 Oct 2023 12:34:56 +0200 (CEST)", 1696934096 },
		{ "10 Oct 23 12:34 EST", 1696959240 },
		{ "Sun, 6 Nov 1994 08:49:37 GMT", 784111777 },
		{ "Fri, 13 (a (nested) comment) Feb 2009 23:31:30 +0000", 1234567890 },
		{ "1 Jan 70 00:00:00 -0000", 0 },
		{ "Mon, 29 Feb 2016 12:00:00 -0130", 1456752600 },
		{ "Mon Jan  3 01:05:34 1996", 820631134 },
		{ "From a@b Sat Jan  3 01:05:34 1996", 820631134 },
		{ "From a@b Sat Jan  3 01:05:34 PST 1996", 820659934 },
		{ "From - Tue Sep 14 20:41:31 2004 +0100", 1095190891 },
		{ "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n", 0 },
		{ "From the desk of nobody", -1 },
		{ "From a@b Sat Jan 33 01:05:34 1996", -1 },
		{ "tomorrow at noon", -1 },
		{ "32 Jan 2020 00:00:00 +0000", -1 },
		{ "1 Foo 2020 00:00:00 +0000", -1 },
		{ "1 Jan 2020 24:00:00 +0000", -1 },
	};
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		time_t got = -1;
		bool ok = strncmp(t[i].in, "From ", 5) == 0 ?
			  mig_date_from_line(t[i].in, strlen(t[i].in), &got) :
			  mig_date_rfc5322(t[i].in, strlen(t[i].in), &got);
		if (!ok)
			got = -1;
		if ((long long)got != t[i].want)
			fail_msg("%s: got %lld want %lld", t[i].in,
				 (long long)got, t[i].want);
	}
	assert_int_equal(mig_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(mig_days_from_civil(1969, 12, 31), -1);
}

/* --- splitting ----------------------------------------------------- */

struct got {
	char msg[8][512];
	size_t len[8];
	struct mig_msg meta[8];
	int n;
};

static int g_begin(void *ctx, const struct mig_msg *m)
{
	struct got *g = ctx;

	(void)m;
	assert_true(g->n < 8);
	g->len[g->n] = 0;
	return 0;
}

static int g_data(void *ctx, const char *p, size_t len)
{
	struct got *g = ctx;

	assert_true(g->len[g->n] + len < sizeof(g->msg[0]));
	memcpy(g->msg[g->n] + g->len[g->n], p, len);
	g->len[g->n] += len;
	g->msg[g->n][g->len[g->n]] = '\0';
	return 0;
}

static int g_end(void *ctx, struct mig_msg *m)
{
	struct got *g = ctx;

	g->meta[g->n++] = *m;
	return 0;
}

/* split - mbox text through a reader with a cap-byte buffer. */
static void split(const char *mbox, size_t cap, struct got *g,
		  struct mig_stats *st)
{
	char path[] = "/tmp/test_migrate.XXXXXX";
	int fd = mkstemp(path);
	struct mbr r;
	struct why w;
	struct mig_sink sink = { g_begin, g_data, g_end, g };

	assert_true(fd >= 0);
	assert_int_equal(write(fd, mbox, strlen(mbox)), (int)strlen(mbox));
	assert_int_equal(close(fd), 0);
	memset(g, 0, sizeof(*g));
	assert_int_equal(mbr_open(&r, path, cap, &w), MDA_OK);
	assert_int_equal(mig_split(&r, &sink, st), 0);
	mbr_close(&r);
	unlink(path);
}

static const size_t caps[] = { 64, 97, 1u << 20 };

static void test_split_quoting(void **state)
{
	const char *mbox =
		"From a@b Sat Jan  3 01:05:34 1996\n"
		"Subject: one\nStatus: RO\nX-Status: F\n\n"
		">From the start\n>>From twice\nFrom the desk (no date)\n"
		">>>From thrice\n>Fromage\n\n\n"
		"From c@d Sun Jan  4 01:05:34 1996\n"
		"Subject: two\nDate: Mon, 5 Jan 1996 00:00:00 +0000\n\nlast";
	struct got g;
	struct mig_stats st;

	(void)state;
	for (size_t c = 0; c < 3; c++) {
		split(mbox, caps[c], &g, &st);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.msg[0], "Subject: one\n\n"
			"From the start\n>From twice\nFrom the desk (no date)\n"
			">>From thrice\n>Fromage\n\n");
		assert_string_equal(g.msg[1], "Subject: two\n"
			"Date: Mon, 5 Jan 1996 00:00:00 +0000\n\nlast");
		assert_int_equal(g.meta[0].date, 820631134);
		assert_int_equal(g.meta[1].date, 820800000);
		assert_true(g.meta[0].flags.seen && g.meta[0].flags.flagged);
		assert_true(g.meta[1].cut && st.cut_last);
		assert_int_equal(st.gt_from, 1);
		assert_int_equal(st.gtgt_from, 2);
		assert_string_equal(mig_style(&st), "mboxrd");
	}
}

static void test_split_content_length(void **state)
{
	/* The first body holds an unquoted From_ line: only its length
	 * keeps it whole.  The second lies about its length (ignored). */
	const char *mbox =
		"From a@b Sat Jan  3 01:05:34 1996\n"
		"Content-Length: 46\nSubject: cl\n\n"
		"From x@y Sat Jan  3 01:05:34 1996\n>From kept\n\n"
		"\n"
		"From c@d Sun Jan  4 01:05:34 1996\n"
		"Content-Length: 999\n\nshort\n\n";
	struct got g;
	struct mig_stats st;

	(void)state;
	for (size_t c = 0; c < 3; c++) {
		split(mbox, caps[c], &g, &st);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.msg[0], "Subject: cl\n\n"
			"From x@y Sat Jan  3 01:05:34 1996\n>From kept\n\n");
		assert_true(g.meta[0].by_length);
		assert_string_equal(g.msg[1], "\nshort\n");
		assert_false(g.meta[1].by_length);
		assert_int_equal(st.by_length, 1);
		assert_int_equal(st.cl_ignored, 1);
		assert_int_equal(st.junk_bytes, 0);
		assert_false(st.cut_last);
	}
}

static void test_split_damage(void **state)
{
	const char *mbox =
		"junk before\nmore junk\n"
		"From a@b Sat Jan  3 01:05:34 1996\n"
		"X-Keywords: $Label1 Junk\nX-UID: 4\nX-IMAPbase: 1 2\n"
		"Subject: a very long header line that is longer than the tiny "
		"buffer of sixty-four bytes used in this test\n"
		" folded\n\nb\n\n";
	struct got g;
	struct mig_stats st;

	(void)state;
	for (size_t c = 0; c < 3; c++) {
		split(mbox, caps[c], &g, &st);
		assert_int_equal(g.n, 1);
		assert_int_equal(st.junk_bytes, 22);
		assert_int_equal(st.junk_off, 0);
		assert_string_equal(g.meta[0].keywords, "$Label1 Junk");
		assert_string_equal(g.msg[0], "Subject: a very long header line "
			"that is longer than the tiny buffer of sixty-four bytes "
			"used in this test\n folded\n\nb\n");
		assert_string_equal(mig_style(&st), "no quoted From lines");
	}
	split("", 64, &g, &st);
	assert_int_equal(g.n, 0);
	assert_int_equal(st.junk_bytes, 0);
	split("not mail\n", 64, &g, &st);
	assert_int_equal(g.n, 0);
	assert_int_equal(st.junk_bytes, 9);
}

static void test_set_and_names(void **state)
{
	struct mig_set s = { 0 };
	unsigned char k[MIG_KEY_LEN], got[MIG_KEY_LEN];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		memset(k, 0, sizeof(k));
		memcpy(k, &i, sizeof(i));
		k[15] = 1;
		assert_int_equal(mig_set_add(&s, k), 0);
	}
	assert_int_equal(s.n, 5000);
	memset(k, 0, sizeof(k));
	assert_false(mig_set_has(&s, k));
	k[15] = 1;
	assert_true(mig_set_has(&s, k));
	k[15] = 2;
	assert_false(mig_set_has(&s, k));
	mig_set_free(&s);
	assert_true(mig_name_key("1.D000102030405060708090a0b0c0d0e0f.h,S=1:2,S",
				 got));
	for (int i = 0; i < MIG_KEY_LEN; i++)
		assert_int_equal(got[i], i);
	assert_false(mig_name_key("1.M1P2Q3R0123.h", got));
	assert_false(mig_name_key("1.D0001.h", got));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_split_quoting),
		cmocka_unit_test(test_split_content_length),
		cmocka_unit_test(test_split_damage),
		cmocka_unit_test(test_set_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
