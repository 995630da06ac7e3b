/*
 * test_migrate_sources.c - the source readers of `mda migrate`: Gmail
 * label mapping (folders, flags, keywords), Thunderbird's X-Mozilla-*
 * bits, .mh_sequences parsing, modified UTF-7 decoding of Maildir++
 * folder names and --from words.
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

#include "store/mutf7.h"
#include "migrate/migrate.h"
#include "migrate/migrate_gmail.h"
#include "migrate/migrate_source.h"

/* route - labels -> "folder,folder|letters|keywords". */
static void route(const char *labels, bool kw, char *out, size_t size)
{
	struct mig_msg m;
	struct mig_route r;
	char letters[6];
	size_t o = 0;

	memset(&m, 0, sizeof(m));
	snprintf(m.labels, sizeof(m.labels), "%s", labels);
	mig_gmail_route(&m, kw, &r);
	for (size_t i = 0; i < r.nfolders; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i ? "," : "",
				      r.folder[i]);
	mig_flags_letters(&m.flags, letters);
	snprintf(out + o, size - o, "|%s|%s", letters, m.keywords);
}

static void test_gmail_labels(void **state)
{
	static const struct { const char *labels; bool kw; const char *want; } t[] = {
		{ "Inbox,Opened", false, "INBOX|S|" },
		{ "Inbox,Unread", false, "INBOX||" },
		{ "Archived,Opened,Category Social", false, "Archive|S|" },
		{ "", false, "Archive|S|" },
		{ "Sent,Opened", false, "Sent|S|" },
		{ "Drafts", false, "Drafts|DS|" },
		{ "Spam,Unread,Work", false, "Junk||" },
		{ "Trash,Opened,Inbox,Work", false, "Trash|S|" },
		{ "Inbox,Starred,Important,Opened", false, "INBOX|FS|$Important" },
		{ "Work/Project.X, Lists/debian ,Opened", false,
		  "Work.Project_X,Lists.debian|S|" },
		{ "\"a,b\",Opened", false, "a,b|S|" },
		{ "a//b,/c", false, "a._.b,_.c|S|" },
		{ "Inbox,Work,Work", false, "INBOX,Work|S|" },
		{ "Inbox,Work,B\xc3\xbc" "cher", true, "INBOX|S|Work B&APw-cher" },
		{ "Sent,Inbox,Starred,Clients old", true, "Sent|FS|Clients_old" },
		{ "Trash,Spam", true, "Trash|S|" },
		{ "Archived,x(y)", true, "Archive|S|x_y_" },
		{ "Unread,inbox", false, "INBOX||" },
	};
	char got[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		route(t[i].labels, t[i].kw, got, sizeof(got));
		if (strcmp(got, t[i].want) != 0)
			fail_msg("row %zu (%s): got %s want %s", i, t[i].labels,
				 got, t[i].want);
	}
	char name[8];
	assert_false(mig_gmail_folder("abcdefgh", 8, name, sizeof(name)));
}

static void test_gmail_many_labels(void **state)
{
	struct mig_msg m;
	struct mig_route r;
	size_t o = 0;

	(void)state;
	memset(&m, 0, sizeof(m));
	for (int i = 0; i < MIG_ROUTE_MAX + 5; i++)
		o += (size_t)snprintf(m.labels + o, sizeof(m.labels) - o,
				      "L%d,", i);
	mig_gmail_route(&m, false, &r);
	assert_int_equal(r.nfolders, MIG_ROUTE_MAX);
	assert_int_equal(r.dropped, 5);
}

static void test_mozilla(void **state)
{
	static const struct {
		const char *status, *status2, *keys, *letters, *keywords;
		bool expunged, cur;
	} t[] = {
		{ "0000", "00010000", "", "", "", false, false },
		{ "0001", "00000000", "", "S", "", false, true },
		{ "0002", "", "", "R", "", false, true },
		{ "0004", "", "", "F", "", false, true },
		{ "0009", "", "", "ST", "", true, true },
		{ "1000", "", "", "", "$Forwarded", false, false },
		{ "0001", "00200000", "", "ST", "", false, true },
		{ "0001", "02000000", "", "S", "$label1", false, true },
		{ "0001", "0A000000", "", "S", "$label5", false, true },
		{ "0001", "0C000000", "", "S", "", false, true },
		{ "0000", "04000000", "$label2  todo   ", "", "$label2 todo", false, false },
		{ "0001", "", "   ", "S", "", false, true },
		{ "zz", "yy", "$label1", "", "$label1", false, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mig_msg m;
		char got[6];

		memset(&m, 0, sizeof(m));
		mig_moz_status(t[i].status, &m);
		mig_moz_status2(t[i].status2, &m);
		mig_moz_keys(t[i].keys, &m);
		mig_flags_letters(&m.flags, got);
		if (strcmp(got, t[i].letters) != 0 ||
		    strcmp(m.keywords, t[i].keywords) != 0 ||
		    m.flags.expunged != t[i].expunged ||
		    mig_flags_in_cur(&m.flags) != t[i].cur)
			fail_msg("row %zu: got %s/%s/%d want %s/%s/%d", i, got,
				 m.keywords, m.flags.expunged, t[i].letters,
				 t[i].keywords, t[i].expunged);
	}
	assert_int_equal(mig_header_role("X-Mozilla-Keys", 14), ROLE_MOZKEYS);
	assert_int_equal(mig_header_role("x-mozilla-status2", 17), ROLE_MOZILLA2);
	assert_int_equal(mig_header_role("X-Gmail-Labels", 14), ROLE_GMAIL);
}

static void test_mh_sequences(void **state)
{
	static const char text[] =
		"cur: 7\n"
		"unseen: 2-4 9\n"
		"  12-13\n"           /* continued */
		"flagged: 1 4\n"
		"Replied: 3\n"
		"selected: 1-100\n"   /* neither: ignored */
		"unseen: 20-18 x 30";  /* a backwards range; no newline */
	struct mig_mh_seqs s;
	static const struct { unsigned long n; unsigned bits; } t[] = {
		{ 1, MIG_MH_FLAGGED }, { 2, MIG_MH_UNSEEN },
		{ 3, MIG_MH_UNSEEN | MIG_MH_REPLIED },
		{ 4, MIG_MH_UNSEEN | MIG_MH_FLAGGED }, { 5, 0 }, { 7, 0 },
		{ 9, MIG_MH_UNSEEN }, { 12, MIG_MH_UNSEEN }, { 13, MIG_MH_UNSEEN },
		{ 14, 0 }, { 19, 0 }, { 30, MIG_MH_UNSEEN }, { 100, 0 },
	};

	(void)state;
	assert_int_equal(mig_mh_seq_parse(text, strlen(text), &s), 0);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (mig_mh_seq_bits(&s, t[i].n) != t[i].bits)
			fail_msg("message %lu: got %u want %u", t[i].n,
				 mig_mh_seq_bits(&s, t[i].n), t[i].bits);
	mig_mh_seq_free(&s);
	assert_int_equal(mig_mh_seq_parse("", 0, &s), 0);
	assert_int_equal(mig_mh_seq_bits(&s, 1), 0);
	mig_mh_seq_free(&s);
}

static void test_mutf7_decode(void **state)
{
	static const char *const names[] = {
		"B\xc3\xbc" "cher", "R&D", "plain", "\xe6\x97\xa5\xe6\x9c\xac",
		"a\xf0\x9f\x93\xa7z", "x & y \xc3\xa9",
	};
	char enc[256], dec[256];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(mutf7_encode(names[i], enc, sizeof(enc)), 0);
		assert_int_equal(mutf7_decode(enc, dec, sizeof(dec)), 0);
		assert_string_equal(dec, names[i]);
	}
	assert_int_equal(mutf7_decode("B&APw-cher", dec, sizeof(dec)), 0);
	assert_string_equal(dec, "B\xc3\xbc" "cher");
	assert_int_equal(mutf7_decode("a&AP", dec, sizeof(dec)), EILSEQ);
	assert_int_equal(mutf7_decode("a&2D0-", dec, sizeof(dec)), EILSEQ);
	assert_int_equal(mutf7_decode("a&!!-", dec, sizeof(dec)), EILSEQ);
	assert_int_equal(mutf7_decode("abcdef", dec, 4), ENAMETOOLONG);
}

static void test_kinds(void **state)
{
	enum mig_kind k;

	(void)state;
	assert_true(mig_kind_parse(NULL, &k) && k == MIG_AUTO);
	assert_true(mig_kind_parse("gmail", &k) && k == MIG_GMAIL);
	assert_true(mig_kind_parse("Thunderbird", &k) && k == MIG_TBIRD);
	assert_true(mig_kind_parse("nmh", &k) && k == MIG_MH);
	assert_true(mig_kind_parse("maildir", &k) && k == MIG_MAILDIR);
	assert_false(mig_kind_parse("eudora", &k));
	assert_string_equal(mig_kind_name(MIG_MBOX), "mbox");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmail_labels),
		cmocka_unit_test(test_gmail_many_labels),
		cmocka_unit_test(test_mozilla),
		cmocka_unit_test(test_mh_sequences),
		cmocka_unit_test(test_mutf7_decode),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
