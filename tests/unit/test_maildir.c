/*
 * test_maildir.c - unique names, host escaping, info suffix, folder
 * mapping (Dovecot's Maildir++ layout, modified UTF-7) and dovecot-keywords.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/keywords.h"
#include "store/maildir.h"
#include "store/mutf7.h"

static void test_escape_host(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "mail.example.org", "mail.example.org" },
		{ "a/b", "a\\057b" },
		{ "a:b:c", "a\\072b\\072c" },
		{ "/:", "\\057\\072" },
		{ "", "" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(maildir_escape_host(t[i].in, out, sizeof(out)), 0);
		assert_string_equal(out, t[i].want);
	}
	assert_int_not_equal(maildir_escape_host("abcdef", out, 4), 0);
}

static void test_name_format(void **state)
{
	struct maildir_uniq u = { 1700000000, 42, 1234, 7, 0xabcdefULL,
				  "h/o:st" };
	char out[MAILDIR_NAME_MAX];

	(void)state;
	assert_int_equal(maildir_name(&u, out, sizeof(out)), 0);
	assert_string_equal(out,
		"1700000000.M000042P1234Q7R0000000000abcdef.h\\057o\\072st");
	assert_int_not_equal(maildir_name(&u, out, 20), 0);
}

static void test_names_unique(void **state)
{
	/* Same pid, same microsecond: the random part must still differ. */
	struct maildir_uniq a, b;
	char na[MAILDIR_NAME_MAX], nb[MAILDIR_NAME_MAX];

	(void)state;
	assert_int_equal(maildir_uniq_now(&a, "h", 1), 0);
	b = a;
	assert_int_equal(maildir_uniq_now(&b, "h", 1), 0);
	b.sec = a.sec;
	b.usec = a.usec;
	assert_int_equal(maildir_name(&a, na, sizeof(na)), 0);
	assert_int_equal(maildir_name(&b, nb, sizeof(nb)), 0);
	assert_string_not_equal(na, nb);
}

static void test_info(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "", "" }, { "S", ":2,S" }, { "TSFRD", ":2,DFRST" },
		{ "SS", ":2,S" }, { "baS", ":2,Sab" }, { "1?", "" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		maildir_info(t[i].in, out, sizeof(out));
		assert_string_equal(out, t[i].want);
	}
}

static void test_mutf7(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "Lists", "Lists" },
		{ "B\xc3\xbc" "cher", "B&APw-cher" },
		{ "R&D", "R&-D" },
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "&ZeVnLIqe-" },
		{ "\xf0\x9f\x98\x80", "&2D3eAA-" },  /* U+1F600, a surrogate pair */
		{ "~peter/mail", "~peter/mail" },
	};
	char out[128];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(mutf7_encode(t[i].in, out, sizeof(out)), 0);
		assert_string_equal(out, t[i].want);
	}
	assert_int_not_equal(mutf7_encode("\xc3(", out, sizeof(out)), 0);
	assert_int_not_equal(mutf7_encode("\xc0\xaf", out, sizeof(out)), 0);
}

static void test_folder_dir(void **state)
{
	static const struct { const char *in, *want; } ok[] = {
		{ "INBOX", "/m" }, { "inbox", "/m" }, { "Lists", "/m/.Lists" },
		{ "Lists.debian", "/m/.Lists.debian" },
		{ "INBOX.Sub", "/m/.INBOX.Sub" }, { "inbox.Sub", "/m/.INBOX.Sub" },
		{ "B\xc3\xbc" "cher", "/m/.B&APw-cher" }, { "R&D", "/m/.R&-D" },
	};
	static const char *const bad[] = {
		"", ".hidden", "a/b", "..", "a..b", "a.", "../x", "a\nb",
	};
	char out[256];
	struct why w;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(maildir_folder_dir("/m", ok[i].in, out,
						    sizeof(out), &w), MDA_OK);
		assert_string_equal(out, ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(maildir_folder_dir("/m", bad[i], out,
						    sizeof(out), &w), MDA_ERR_DATA);
}

static void test_keywords(void **state)
{
	char dir[] = "/tmp/mda-kw.XXXXXX", letters[32], path[128], buf[256];
	char *f1[] = { "\\Seen", "$Label1", "\\Recent", "\\Bogus", "Work" };
	char *f2[] = { "Work", "\\Flagged", "$Label1", "bad word" };
	struct why w;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(keywords_letters(dir, f1, 5, letters, sizeof(letters),
					  &w), MDA_OK);
	assert_string_equal(letters, "Sab");
	assert_int_equal(keywords_letters(dir, f2, 4, letters, sizeof(letters),
					  &w), MDA_OK);
	assert_string_equal(letters, "bFa");
	snprintf(path, sizeof(path), "%s/dovecot-keywords", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "0 $Label1\n1 Work\n");
	unlink(path);
	rmdir(dir);
}

static void test_make_and_link(void **state)
{
	char dir[] = "/tmp/mda-md.XXXXXX", sub[128], *tmp = NULL, *final = NULL;
	struct maildir_namer nm = { .host = "host" };
	struct why w;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/.F", dir);
	assert_int_equal(maildir_make(sub, true, &w), MDA_OK);
	snprintf(sub, sizeof(sub), "%s/.F/maildirfolder", dir);
	assert_int_equal(stat(sub, &st), 0);
	snprintf(sub, sizeof(sub), "%s/.F", dir);
	int fd = maildir_tmp_open(sub, &nm, &tmp);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "Subject: x\n\nhi\n", 15), 15);
	close(fd);
	assert_int_equal(maildir_link(tmp, sub, &nm, 15, ":2,S", &final, &w),
			 MDA_OK);
	assert_non_null(strstr(final, "/cur/"));
	assert_non_null(strstr(final, ",S=15:2,S"));
	assert_int_equal(stat(final, &st), 0);
	assert_int_equal(st.st_size, 15);
	unlink(final);
	unlink(tmp);
	free(final);
	free(tmp);
	/* a symlink in place of a Maildir directory is refused */
	snprintf(sub, sizeof(sub), "%s/.L", dir);
	assert_int_equal(symlink("/tmp", sub), 0);
	assert_int_equal(maildir_make(sub, true, &w), MDA_ERR_TEMP);
	unlink(sub);
	/* the INBOX root may be a link the admin made, its new/ may not */
	char real[160], link_root[160], newdir[200];
	snprintf(real, sizeof(real), "%s/.F", dir);
	snprintf(link_root, sizeof(link_root), "%s/root", dir);
	assert_int_equal(symlink(real, link_root), 0);
	assert_int_equal(maildir_make(link_root, false, &w), MDA_OK);
	snprintf(real, sizeof(real), "%s/R", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	snprintf(newdir, sizeof(newdir), "%s/new", real);
	assert_int_equal(symlink("/tmp", newdir), 0);
	assert_int_equal(maildir_make(real, false, &w), MDA_ERR_TEMP);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* mkpath - snprintf into a static buffer, for short test paths. */
static const char *mkpath(const char *dir, const char *sub)
{
	static char buf[4][200];
	static int i;

	i = (i + 1) % 4;
	int n = snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, sub);
	assert_true(n > 0 && (size_t)n < sizeof(buf[i]));
	return buf[i];
}

/* An existing, complete Maildir is accepted without mkdir; one whose
 * directory was swapped for a link, or a folder that lost (or has an odd)
 * maildirfolder, still goes through the full check. */
static void test_make_existing(void **state)
{
	char dir[] = "/tmp/mda-md.XXXXXX", cmd[160];
	const char *f;
	struct why w;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(maildir_make(dir, false, &w), MDA_OK);
	assert_int_equal(maildir_make(dir, false, &w), MDA_OK);
	/* new/ replaced by a link to a directory: refused */
	assert_int_equal(rmdir(mkpath(dir, "new")), 0);
	assert_int_equal(symlink("/tmp", mkpath(dir, "new")), 0);
	assert_int_equal(maildir_make(dir, false, &w), MDA_ERR_TEMP);
	assert_int_equal(unlink(mkpath(dir, "new")), 0);
	/* a missing cur/ is made again */
	assert_int_equal(rmdir(mkpath(dir, "cur")), 0);
	assert_int_equal(maildir_make(dir, false, &w), MDA_OK);
	assert_int_equal(lstat(mkpath(dir, "cur"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(lstat(mkpath(dir, "new"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* a folder without maildirfolder gets it back */
	f = mkpath(dir, ".F");
	char folder[200];
	int n = snprintf(folder, sizeof(folder), "%s", f);
	assert_true(n > 0 && (size_t)n < sizeof(folder));
	assert_int_equal(maildir_make(folder, true, &w), MDA_OK);
	assert_int_equal(unlink(mkpath(folder, "maildirfolder")), 0);
	assert_int_equal(maildir_make(folder, true, &w), MDA_OK);
	assert_int_equal(lstat(mkpath(folder, "maildirfolder"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* ... and one whose maildirfolder is a directory is refused */
	assert_int_equal(unlink(mkpath(folder, "maildirfolder")), 0);
	assert_int_equal(mkdir(mkpath(folder, "maildirfolder"), 0700), 0);
	assert_int_not_equal(maildir_make(folder, true, &w), MDA_OK);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* One namer: the pid and random part are taken once, Q counts up. */
static void test_namer(void **state)
{
	struct maildir_namer nm = { .host = "h" };
	struct maildir_uniq a, b;

	(void)state;
	assert_int_equal(maildir_namer_next(&nm, &a), 0);
	assert_int_equal(maildir_namer_next(&nm, &b), 0);
	assert_int_equal(a.pid, (long)getpid());
	assert_int_equal(b.pid, a.pid);
	assert_true(b.rnd == a.rnd);
	assert_int_equal(a.seq, 1);
	assert_int_equal(b.seq, 2);
	assert_string_equal(b.host, "h");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_host),
		cmocka_unit_test(test_name_format),
		cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_mutf7),
		cmocka_unit_test(test_folder_dir),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_make_and_link),
		cmocka_unit_test(test_make_existing),
		cmocka_unit_test(test_namer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
