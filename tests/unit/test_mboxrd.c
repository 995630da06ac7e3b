/*
 * test_mboxrd.c - mboxrd quoting and unquoting, whole and cut at every
 * chunk border, and the From_ line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/mboxrd.h"

struct out {
	char buf[4096];
	size_t len;
	int fail_after;   /* >0: return EIO on that call */
	int calls;
};

static int collect(void *ctx, const char *p, size_t len)
{
	struct out *o = ctx;

	if (o->fail_after > 0 && ++o->calls >= o->fail_after)
		return EIO;
	assert_true(o->len + len <= sizeof(o->buf));
	memcpy(o->buf + o->len, p, len);
	o->len += len;
	return 0;
}

/* show - printable form of bytes for a failure message. */
static const char *show(const char *p, size_t len, char *dst, size_t size)
{
	size_t j = 0;

	for (size_t i = 0; i < len && j + 5 < size; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			j += (size_t)snprintf(dst + j, size - j, "\\n");
		else if (c == '\r')
			j += (size_t)snprintf(dst + j, size - j, "\\r");
		else if (c < ' ')
			j += (size_t)snprintf(dst + j, size - j, "\\x%02x", c);
		else
			dst[j++] = (char)c;
	}
	dst[j] = '\0';
	return dst;
}

static void expect_bytes(const char *what, const char *got, size_t glen,
			 const char *want, size_t wlen)
{
	char g[2048], w[2048];

	if (glen == wlen && memcmp(got, want, glen) == 0)
		return;
	fail_msg("%s: got '%s' want '%s'", what, show(got, glen, g, sizeof(g)),
		 show(want, wlen, w, sizeof(w)));
}

/* run - filter in, cut into pieces at the given borders (cut1, cut2 in
 * 0..len), and compare with want. */
static void run(int delta, const char *in, size_t cut1, size_t cut2,
		const char *want)
{
	struct mboxrd q;
	struct out o;
	size_t len = strlen(in);
	char what[256], shown[128];

	memset(&o, 0, sizeof(o));
	if (delta > 0)
		mboxrd_quote_init(&q);
	else
		mboxrd_unquote_init(&q);
	assert_int_equal(mboxrd_feed(&q, in, cut1, collect, &o), 0);
	assert_int_equal(mboxrd_feed(&q, in + cut1, cut2 - cut1, collect, &o), 0);
	assert_int_equal(mboxrd_feed(&q, in + cut2, len - cut2, collect, &o), 0);
	assert_int_equal(mboxrd_finish(&q, collect, &o), 0);
	snprintf(what, sizeof(what), "%s '%s' cut at %zu,%zu",
		 delta > 0 ? "quote" : "unquote",
		 show(in, len, shown, sizeof(shown)), cut1, cut2);
	expect_bytes(what, o.buf, o.len, want, strlen(want));
}

/* run_all_cuts - every pair of chunk borders, including byte by byte
 * through the '>' run and the word "From ". */
static void run_all_cuts(int delta, const char *in, const char *want)
{
	size_t len = strlen(in);

	for (size_t a = 0; a <= len; a++)
		for (size_t b = a; b <= len; b++)
			run(delta, in, a, b, want);
}

static const struct { const char *plain, *quoted; } quote_table[] = {
	{ "", "" },
	{ "From x\n", ">From x\n" },
	{ ">From x\n", ">>From x\n" },
	{ ">>From x\n", ">>>From x\n" },
	{ "From \n", ">From \n" },
	{ "From ", ">From " },
	{ "From\n", "From\n" },
	{ "From", "From" },
	{ ">>Fro", ">>Fro" },
	{ ">From", ">From" },
	{ "Fromage\n", "Fromage\n" },
	{ "from x\n", "from x\n" },
	{ " From x\n", " From x\n" },
	{ "x From y\n", "x From y\n" },
	{ ">\n>>\n", ">\n>>\n" },
	{ "> From x\n", "> From x\n" },
	{ ">a>From x\n", ">a>From x\n" },
	{ "From From x\n", ">From From x\n" },
	{ "a\nFrom b\n", "a\n>From b\n" },
	{ "\nFrom \n", "\n>From \n" },
	{ "Subject: x\nFrom: a\n\nFrom b\n>From c\nok\n",
	  "Subject: x\nFrom: a\n\n>From b\n>>From c\nok\n" },
	{ "From x\r\nFrom y\r\n", ">From x\r\n>From y\r\n" },
	{ "a\n\n\nFrom z", "a\n\n\n>From z" },
	{ "FrFrom x\n", "FrFrom x\n" },
	{ "FFrom x\n", "FFrom x\n" },
};

static void test_quote(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(quote_table) / sizeof(quote_table[0]); i++)
		run_all_cuts(+1, quote_table[i].plain, quote_table[i].quoted);
}

static void test_unquote(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "From x\n", "From x\n" },   /* a separator: left alone */
		{ ">x\n", ">x\n" },
		{ ">Fro\n", ">Fro\n" },
		{ ">>>>From \n", ">>>From \n" },
		{ "a>From x\n", "a>From x\n" },
	};

	(void)state;
	/* the inverse of every quoting case: lossless round trip */
	for (size_t i = 0; i < sizeof(quote_table) / sizeof(quote_table[0]); i++)
		run_all_cuts(-1, quote_table[i].quoted, quote_table[i].plain);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		run_all_cuts(-1, t[i].in, t[i].want);
}

static void test_long_gt_run(void **state)
{
	static char in[3000], want[3002];
	struct mboxrd q;
	struct out o;

	(void)state;
	memset(in, '>', 2000);
	memcpy(in + 2000, "From x\n", 8);
	want[0] = '>';
	memcpy(want + 1, in, strlen(in) + 1);
	memset(&o, 0, sizeof(o));
	mboxrd_quote_init(&q);
	for (size_t i = 0; in[i] != '\0'; i++)   /* one byte per chunk */
		assert_int_equal(mboxrd_feed(&q, in + i, 1, collect, &o), 0);
	assert_int_equal(mboxrd_finish(&q, collect, &o), 0);
	expect_bytes("2000 '>' then From", o.buf, o.len, want, strlen(want));
}

static void test_output_error(void **state)
{
	struct mboxrd q;
	struct out o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.fail_after = 2;
	mboxrd_quote_init(&q);
	assert_int_equal(mboxrd_feed(&q, "a\nb\nc\n", 6, collect, &o), EIO);
}

static void test_ends_in_newline(void **state)
{
	struct mboxrd q;
	struct out o;

	(void)state;
	memset(&o, 0, sizeof(o));
	mboxrd_quote_init(&q);
	assert_true(mboxrd_ends_in_newline(&q));   /* empty */
	assert_int_equal(mboxrd_feed(&q, "a\n>>Fr", 6, collect, &o), 0);
	assert_true(mboxrd_ends_in_newline(&q));   /* ">>Fr" still held */
	assert_int_equal(mboxrd_finish(&q, collect, &o), 0);
	assert_false(mboxrd_ends_in_newline(&q));
	assert_int_equal(mboxrd_feed(&q, "x\n", 2, collect, &o), 0);
	assert_true(mboxrd_ends_in_newline(&q));
}

static void test_unquote_line(void **state)
{
	static const struct { const char *line; size_t skip; } t[] = {
		{ ">From x", 1 }, { ">>From x", 1 }, { "From x", 0 },
		{ ">Fromx", 0 }, { ">", 0 }, { "", 0 }, { "> From", 0 },
		{ ">>>From ", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t got = mboxrd_unquote_line(t[i].line, strlen(t[i].line));

		if (got != t[i].skip)
			fail_msg("unquote_line '%s': got %zu want %zu",
				 t[i].line, got, t[i].skip);
	}
	assert_true(mboxrd_is_separator("From a b", 8));
	assert_false(mboxrd_is_separator(">From a", 7));
	assert_false(mboxrd_is_separator("From", 4));
}

static void check_from(const char *sender, time_t when, const char *want)
{
	char buf[MBOXRD_FROMLINE_MAX];
	size_t n = mboxrd_from_line(buf, sizeof(buf), sender, when);

	expect_bytes(sender, buf, n, want, strlen(want));
}

static void test_from_line(void **state)
{
	char big[400], want[400], buf[64];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	check_from("a@b.example", 1795451293,
		   "From a@b.example Mon Nov 23 16:28:13 2026\n");
	check_from("x@y", 1793685904, "From x@y Tue Nov  3 06:05:04 2026\n");
	check_from("", 0, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
	check_from("<>", 0, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
	check_from(NULL, 0, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
	check_from("a b\tc\x01\x7f" "d", 0,
		   "From a_b_c__d Thu Jan  1 00:00:00 1970\n");
	memset(big, 'x', 300);
	big[300] = '\0';
	snprintf(want, sizeof(want), "From %.256s Thu Jan  1 00:00:00 1970\n",
		 big);
	check_from(big, 0, want);
	assert_int_equal(mboxrd_from_line(buf, 20, "a@b", 0), 0);
	setenv("TZ", "EST5", 1);   /* local time, not UTC */
	tzset();
	check_from("a@b", 0, "From a@b Wed Dec 31 19:00:00 1969\n");
}

/* test_from_line_vs_asctime - the date is byte for byte asctime's. */
static void test_from_line_vs_asctime(void **state)
{
	char buf[MBOXRD_FROMLINE_MAX], ref[64];
	struct tm tm;

	(void)state;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	for (time_t t = 0; t < (time_t)4102444800; t += 7776013) {
		size_t n = mboxrd_from_line(buf, sizeof(buf), "s", t);

		assert_non_null(localtime_r(&t, &tm));
		assert_non_null(asctime_r(&tm, ref));
		assert_int_equal(strlen(ref), 25);
		expect_bytes("date", buf + 7, n - 7, ref, strlen(ref));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_unquote),
		cmocka_unit_test(test_long_gt_run),
		cmocka_unit_test(test_output_error),
		cmocka_unit_test(test_ends_in_newline),
		cmocka_unit_test(test_unquote_line),
		cmocka_unit_test(test_from_line),
		cmocka_unit_test(test_from_line_vs_asctime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
