/*
 * test_quota.c - Maildir++ quota (mda/store/quota*.c): limit syntax, the
 * rules for trusting or recounting maildirsize, the recount itself, the
 * admit test at the edge, the append, percentages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/quota.h"

static char root[256];

static void put(const char *rel, const char *text, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void put_s(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

static void mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static void read_file(const char *rel, char *buf, size_t size)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* A Maildir with 100+200 in INBOX, 50 in .A (one without S=: 7 octets
 * by stat), 1000 in .Trash, junk in tmp/ and dot files. */
static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_quota.XXXXXX");
	assert_non_null(mkdtemp(root));
	mk("new"); mk("cur"); mk("tmp");
	mk(".A"); mk(".A/new"); mk(".A/cur"); mk(".A/tmp");
	mk(".Trash"); mk(".Trash/cur");
	put_s("new/1.M1P1.h,S=100", "");
	put_s("cur/2.M2P2.h,S=200:2,S", "");
	put_s(".A/cur/3.M3P3.h,S=50,W=52:2,", "");
	put_s(".A/new/4.M4P4.h", "1234567");
	put_s(".A/new/.hidden,S=999", "");
	put_s("tmp/5.M5P5.h,S=4000", "");
	put_s(".Trash/cur/6.M6P6.h,S=1000:2,ST", "");
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void parse_limits(void **state)
{
	static const struct { const char *in; int ok; uint64_t b, c; } t[] = {
		{ "1000", 0, 1000, 0 }, { "1K", 0, 1024, 0 },
		{ "500M,20000", 0, 500ULL << 20, 20000 }, { "1G", 0, 1ULL << 30, 0 },
		{ "2T", 0, 2ULL << 40, 0 }, { "1g", 0, 1ULL << 30, 0 },
		{ "100S,10C", 0, 100, 10 }, { "10C", 0, 0, 10 },
		{ "0", 0, 0, 0 }, { "", -1, 0, 0 }, { "12X", -1, 0, 0 },
		{ "1M,2K", -1, 0, 0 }, { "-5", -1, 0, 0 }, { "1,", -1, 0, 0 },
		{ "99999999999999999999", -1, 0, 0 }, { "8796093022208T", -1, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct quota_limit l = { 7, 7 };
		int got = quota_parse(t[i].in, &l);

		if (got != t[i].ok)
			fail_msg("quota_parse(\"%s\"): got %d want %d", t[i].in,
				 got, t[i].ok);
		if (got == 0 && (l.bytes != t[i].b || l.count != t[i].c))
			fail_msg("quota_parse(\"%s\"): got %llu,%llu", t[i].in,
				 (unsigned long long)l.bytes,
				 (unsigned long long)l.count);
	}
}

static void parse_dovecot_rules(void **state)
{
	struct quota_limit l;

	(void)state;
	assert_int_equal(quota_parse_rule("*:storage=1G", &l), 0);
	assert_true(l.bytes == 1ULL << 30 && l.count == 0);
	assert_int_equal(quota_parse_rule("*:storage=100:messages=5", &l), 0);
	assert_true(l.bytes == 102400 && l.count == 5);   /* bare: kilobytes */
	assert_int_equal(quota_parse_rule("*:bytes=100", &l), 0);
	assert_true(l.bytes == 100);
	assert_int_equal(quota_parse_rule("*:storage", &l), -1);
	assert_int_equal(quota_parse_rule("*:files=3", &l), -1);
}

static enum mda_err load(struct quota *q, const struct quota_limit *given,
			 time_t now)
{
	struct why w = { "", "" };

	memset(q, 0, sizeof(*q));
	return quota_load(q, root, given, now, &w);
}

static void recount_as_dovecot(void **state)
{
	struct quota_limit l = { 1000000, 0 };
	struct quota q;
	char buf[256];

	(void)state;
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	assert_true(q.on && q.recounted);
	/* 100 + 200 + 50 + 7 (stat) + 1000 (Trash counts by default) */
	assert_int_equal(q.used.bytes, 1357);
	assert_int_equal(q.used.count, 5);
	read_file("maildirsize", buf, sizeof(buf));
	assert_string_equal(buf, "1000000S\n1357 5\n");
	/* Trash:ignore, as a later mda.conf key may set it */
	struct quota_usage u;
	bool changed = true;
	q.ignore = "Trash";
	assert_int_equal(quota_scan(&q, &u, &changed), 0);
	assert_int_equal(u.bytes, 357);
	assert_int_equal(u.count, 4);
	assert_false(changed);
}

static void no_limit_no_file(void **state)
{
	struct quota q;
	struct stat st;
	char path[512];

	(void)state;
	assert_int_equal(load(&q, NULL, time(NULL)), MDA_OK);
	assert_false(q.on);
	snprintf(path, sizeof(path), "%s/maildirsize", root);
	assert_int_equal(stat(path, &st), -1);
}

/* What the file says is trusted, or not, as Dovecot decides. */
static void file_rules(void **state)
{
	static const struct { const char *text; long long bytes; bool rec; } t[] = {
		{ "5000S\n10 1\n20 2\n", 30, false },        /* summed */
		{ "5000S\n 10   1\n-5 -1\n", 5, false },     /* padded, negative */
		{ "5000S\n10 1\n20 2", 10, false },          /* half line skipped */
		{ "5000S,3C\n10 1\n", 1357, true },          /* other limit */
		{ "5000S\n10 x\n", 1357, true },             /* broken line */
		{ "5000S\n10 1\n-20 -1\n", 1357, true },     /* negative sum */
		{ "5000S\n", 1357, true },                   /* no usage line */
		{ "5000S\n6000 1\n", 6000, false },          /* over, fresh, 1 line */
		{ "5000S\n3000 1\n3000 1\n", 1357, true },   /* over, 2 lines */
	};
	struct quota_limit l = { 5000, 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct quota q;

		put_s("maildirsize", t[i].text);
		assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
		if (q.used.bytes != t[i].bytes || q.recounted != t[i].rec)
			fail_msg("case %zu: got %lld recounted %d, want %lld %d",
				 i, (long long)q.used.bytes, q.recounted,
				 t[i].bytes, t[i].rec);
	}
}

static void nul_long_and_stale(void **state)
{
	struct quota_limit l = { 5000, 0 };
	char big[QUOTA_FILE_MAX + 10];
	struct quota q;

	(void)state;
	put("maildirsize", "5000S\n1\0 1\n", 11);
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	assert_true(q.recounted);
	memset(big, ' ', sizeof(big));
	memcpy(big, "5000S\n", 6);
	for (size_t i = 6; i + 4 < sizeof(big); i += 4)
		memcpy(big + i, "1 0\n", 4);
	put("maildirsize", big, QUOTA_FILE_MAX);   /* exactly the limit */
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	assert_true(q.recounted);
	/* over in one line: trusted now, recounted 15 minutes later */
	put_s("maildirsize", "5000S\n6000 1\n");
	assert_int_equal(load(&q, &l, time(NULL) + QUOTA_STALE_SECS + 5),
			 MDA_OK);
	assert_true(q.recounted);
	assert_int_equal(q.used.bytes, 1357);
}

static void limit_from_file(void **state)
{
	struct quota q;

	(void)state;
	put_s("maildirsize", "2000S,10C\n1000 2\n");
	assert_int_equal(load(&q, NULL, time(NULL)), MDA_OK);
	assert_true(q.on && !q.given && !q.recounted);
	assert_true(q.limit.bytes == 2000 && q.limit.count == 10);
	put_s("maildirsize", "garbage\n1000 2\n");
	assert_int_equal(load(&q, NULL, time(NULL)), MDA_OK);
	assert_false(q.on);
	assert_non_null(strstr(q.note, "no Maildir++ quota"));
}

static void admit_at_the_edge(void **state)
{
	struct quota_limit l = { 2000, 4 };
	struct why w = { "", "" };
	struct quota q;

	(void)state;
	put_s("maildirsize", "2000S,4C\n1000 2\n");
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	assert_int_equal(quota_admit(&q, 1000, 1, false, &w), MDA_OK);
	assert_int_equal(quota_admit(&q, 500, 2, false, &w), MDA_OK);
	assert_int_equal(quota_admit(&q, 1001, 1, false, &w), MDA_ERR_QUOTA);
	assert_string_equal(w.status, "4.2.2");
	assert_int_equal(quota_admit(&q, 10, 3, false, &w), MDA_ERR_QUOTA);
	assert_int_equal(quota_admit(&q, 1001, 1, true, &w), MDA_ERR_QUOTA_FULL);
	assert_string_equal(w.status, "5.2.2");
	assert_int_equal(quota_admit(&q, 2001, 1, false, &w), MDA_ERR_QUOTA_FULL);
	assert_non_null(strstr(w.text, "larger than the whole quota"));
}

/* A stale "over" is recounted before the answer: 1357 on disk. */
static void over_recounts_first(void **state)
{
	struct quota_limit l = { 2000, 0 };
	struct why w = { "", "" };
	struct quota q;

	(void)state;
	put_s("maildirsize", "2000S\n1000 2\n900 1\n");
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	assert_false(q.recounted);
	assert_int_equal(quota_admit(&q, 600, 1, false, &w), MDA_OK);
	assert_true(q.recounted);
	assert_int_equal(q.used.bytes, 1357);
}

static void record_appends_one_line(void **state)
{
	struct quota_limit l = { 100000, 0 };
	struct quota q;
	char buf[256];

	(void)state;
	put_s("maildirsize", "100000S\n1357 5\n");
	assert_int_equal(load(&q, &l, time(NULL)), MDA_OK);
	quota_record(&q, 420, 2);
	quota_record(&q, 0, 0);
	read_file("maildirsize", buf, sizeof(buf));
	assert_string_equal(buf, "100000S\n1357 5\n420 2\n");
	assert_int_equal(q.used.bytes, 1777);
	q.read_only = true;
	quota_record(&q, 1, 1);
	read_file("maildirsize", buf, sizeof(buf));
	assert_string_equal(buf, "100000S\n1357 5\n420 2\n");
}

static void percentages(void **state)
{
	struct quota q = { .limit = { 1000, 10 } };
	struct quota_usage u = { 799, 1 };

	(void)state;
	assert_int_equal(quota_percent(&q, &u), 79);
	u.count = 9;
	assert_int_equal(quota_percent(&q, &u), 90);   /* the fuller one */
	u = (struct quota_usage){ 1500, 0 };
	assert_int_equal(quota_percent(&q, &u), 150);
	q.limit = (struct quota_limit){ 1ULL << 61, 0 };
	u = (struct quota_usage){ (int64_t)(1ULL << 60), 0 };
	assert_int_equal(quota_percent(&q, &u), 50);    /* no overflow */
}

static void check_api(void **state)
{
	struct quota_limit l = { 1400, 0 };
	struct quota_usage u;
	struct why w = { "", "" };

	(void)state;
	assert_int_equal(quota_check(root, &l, 43, false, &u, &w), MDA_OK);
	assert_int_equal(u.bytes, 1357);
	assert_int_equal(quota_check(root, &l, 44, false, &u, &w), MDA_ERR_QUOTA);
	assert_int_equal(quota_check(root, &l, 44, true, &u, &w),
			 MDA_ERR_QUOTA_FULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_limits),
		cmocka_unit_test(parse_dovecot_rules),
		T(recount_as_dovecot), T(no_limit_no_file), T(file_rules),
		T(nul_long_and_stale), T(limit_from_file), T(admit_at_the_edge),
		T(over_recounts_first), T(record_appends_one_line),
		T(percentages), T(check_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
