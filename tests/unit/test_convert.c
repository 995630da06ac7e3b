/*
 * test_convert.c - the procmailrc converter's parts: procmail regex to
 * POSIX ERE (table), condition shapes to Sieve tests, recipe flags
 * (c, A, a, E, e, D, H/B, h/b, f, w/W, lock) and the report.  Every
 * generated script must also compile (sieve_compile, the public API).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/convert.h"
#include "convert/pmregex.h"
#include "sieve.h"

static void want_ere(const char *pm, unsigned mode, const char *ere)
{
	struct pmr p;
	struct cvbuf o = { 0 };

	assert_int_equal(pmr_parse(pm, true, &p), 0);
	pmr_emit(p.v, p.n, mode, &o);
	if (ere != NULL && strcmp(cvb_str(&o), ere) != 0)
		fail_msg("%s: got %s want %s", pm, cvb_str(&o), ere);
	/* the value-mode form must be a valid POSIX ERE */
	if (mode == PMR_VALUE) {
		regex_t re;
		int rc = regcomp(&re, cvb_str(&o), REG_EXTENDED | REG_NOSUB);
		if (rc != 0)
			fail_msg("%s: regcomp refuses %s", pm, cvb_str(&o));
		regfree(&re);
	}
	pmr_free(&p);
	cvb_free(&o);
}

static void test_regex_table(void **state)
{
	static const struct { const char *pm, *ere; } t[] = {
		{ "abc", "abc" },
		{ "a.b*c+d?", "a.b*c+d?" },
		{ "x{2}", "x\\{2\\}" },             /* no intervals in egrep */
		{ "\\.\\[", "\\.\\[" },
		{ "\\<cat\\>", "(^|[^a-zA-Z0-9_])cat([^a-zA-Z0-9_]|$)" },
		{ "a\\/b", "ab" },                  /* MATCH marker */
		{ "[^t]", "[^t]" },
		{ "[]a]", "[]a]" },
		{ "[a-]", "[a-]" },
		{ "[\\]x]", "[]x]" },               /* backslash quotes in [] */
		{ "[a-z0-9_]", "[0-9_a-z]" },
		{ "[-^]", "[-^]" },
		{ "[^^]", "[^^]" },
		{ "[^]", "\\[^\\]" },              /* unclosed: '[' is plain */
		{ "[[:x]", "[:x[]" },               /* no named classes */
		{ "*a", "\\*a" },                   /* a leading star is literal */
		{ "a**", "a*" },
		{ "^^start", "^start" },
		{ "(a|b)$", "(a|b)$" },
		{ "[", "\\[" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		want_ere(t[i].pm, PMR_VALUE, t[i].ere);
}

static void test_regex_body_lines(void **state)
{
	/* in the body ^ $ . and [^x] stay within one line */
	want_ere("^a.$", PMR_BODY,
		 "(^|${hex:0a})a[^${hex:0a}]($|${hex:0a})");
	want_ere("[^x]", PMR_BODY, "[^x${hex:0a}]");
	want_ere("^^%!", PMR_BODY, "^%!");
}

static void test_regex_macros_and_errors(void **state)
{
	struct pmr p;

	assert_int_equal(pmr_parse("^TO_joe", true, &p), 0);
	assert_int_equal(p.v[0].k, PR_MACRO);
	assert_int_equal(p.v[0].c, PM_TO_);
	pmr_free(&p);
	assert_int_equal(pmr_parse("^TOjoe", true, &p), 0);
	assert_int_equal(p.v[0].c, PM_TO);
	pmr_free(&p);
	assert_int_equal(pmr_parse("^To:", true, &p), 0);
	assert_int_equal(p.v[0].k, PR_BOL);     /* case matters: no macro */
	pmr_free(&p);
	assert_int_equal(pmr_parse("(a", true, &p), -1);
	assert_int_equal(pmr_parse("a)", true, &p), -1);
	/* procmail's own expansions are valid POSIX ERE once written */
	for (int m = PM_TO_; m <= PM_FROM_MAILER; m++)
		want_ere(pmr_macro_text(m), PMR_VALUE, NULL);
}

/* convert - rcfile text to Sieve (compiled here too) and the report. */
static char *convert(const char *rc, char *report, size_t size)
{
	struct rc_list list = { 0 };
	struct report rep = { 0 };
	struct why w = { "", "" };
	struct sieve_diag d = { 0 };

	assert_int_equal(rc_read_text("rc", rc, "/home/u", "u", &list, &rep,
				      &w), MDA_OK);
	char *script = convert_script(&list, &rep);
	assert_non_null(script);
	struct sieve_script *s = sieve_compile("t", script, strlen(script),
					       NULL, &d);
	if (s == NULL) {
		sieve_diag_print(&d, stderr);
		fail_msg("does not compile:\n%s", script);
	}
	sieve_script_free(&s);
	sieve_diag_free(&d);
	FILE *f = fmemopen(report, size, "w");
	assert_non_null(f);
	(void)report_print(&rep, f);
	assert_int_equal(fclose(f), 0);
	report_free(&rep);
	rc_list_free(&list);
	return script;
}

#define HAS(hay, needle) do { \
	if (strstr(hay, needle) == NULL) \
		fail_msg("want \"%s\" in:\n%s", needle, hay); \
} while (0)
#define HASNT(hay, needle) do { \
	if (strstr(hay, needle) != NULL) \
		fail_msg("do not want \"%s\" in:\n%s", needle, hay); \
} while (0)

static void test_condition_shapes(void **state)
{
	static const struct { const char *cond, *test; } t[] = {
		{ "^Subject:.*foo", "header :contains \"Subject\" \"foo\"" },
		{ "^Subject: foo", "header :matches \"Subject\" \"foo*\"" },
		{ "^Subject: foo$", "header :is \"Subject\" \"foo\"" },
		{ "^Subject:.*a+b", "header :regex \"Subject\" \"a+b\"" },
		{ "^X-Spam-Flag:", "exists \"X-Spam-Flag\"" },
		{ "^(From|Sender):.*bob",
		  "header :contains [\"From\", \"Sender\"] \"bob\"" },
		{ "^(Resent-)?To:.*x",
		  "header :contains [\"Resent-To\", \"To\"] \"x\"" },
		{ "^From.*peter", "envelope :contains \"from\" \"peter\"" },
		{ "^From +carol@", "envelope :matches \"from\" \"carol@*\"" },
		{ "^TO_joe@x\\.com",
		  "\"(^|[^-a-zA-Z0-9_.])joe@x\\\\.com\"" },
		{ "^FROM_DAEMON", "exists \"Mailing-List\"" },
		{ "(^TO|^Subject:.*)TeX",
		  "header :contains \"Subject\" \"TeX\"" },
		{ "! ^Subject:.*x", "not header :contains \"Subject\" \"x\"" },
		{ "< 1000", "size :under 1000" },
		{ "> 2000", "size :over 2000" },
		{ "B ?? ^foo", "body :raw :regex \"(^|${hex:0a})foo\"" },
		{ "B ?? cheap", "body :raw :contains \"cheap\"" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char rc[256], rep[1024];
		snprintf(rc, sizeof(rc), ":0\n* %s\nfolder\n", t[i].cond);
		char *s = convert(rc, rep, sizeof(rep));
		HAS(s, t[i].test);
		free(s);
	}
}

static void test_condition_reports(void **state)
{
	char rep[1024];
	char *s = convert(":0\n* meeting\nm\n:0\n* ? test -f x\nn\n"
			  ":0\n* -5^0 ^Subject:.*a\no\n", rep, sizeof(rep));

	HAS(rep, "rc:1: condition at line 2 names no header field");
	HAS(rep, "rc:4: condition at line 5 runs a program");
	HAS(rep, "rc:7: weighted scoring with negative weights");
	free(s);
}

static void test_flags(void **state)
{
	char rep[2048];
	char *s = convert(
		"MAILDIR=$HOME/Mail\n"
		":0:\n* ^Subject:.*a\nA\n"                /* 2: lock */
		":0 c\n* ^Subject:.*b\nB\n"               /* 5: copy */
		":0 A\nAA\n"                               /* 8: A */
		":0 E\n* ^Subject:.*e\nE\n"               /* 10: E */
		":0 D\n* ^Subject:.*Up\nD\n"              /* 13: D */
		":0 h\n* ^Subject:.*h\nH\n"               /* 16: h */
		":0 fw\n| sed s/a/b/\n"                    /* 19: f */
		":0 e\nF\n",                               /* 21: e */
		rep, sizeof(rep));

	HAS(s, "# procmailrc:2\n# (lockfile dropped");
	HAS(s, "fileinto :copy :create \"B\";");
	HAS(s, "set \"pm_m2\" \"1\";");
	HAS(s, "if string :is \"${pm_m2}\" \"1\" {");
	HAS(s, "not string :is \"${pm_m3}\" \"1\"");
	HAS(s, "header :contains :comparator \"i;octet\" \"Subject\" "
	       "\"Up\"");
	HAS(rep, "rc:16: only the header is stored");
	HAS(rep, "rc:19: filter program not converted");
	HAS(rep, "rc:21: e: Sieve actions do not fail visibly");
	HASNT(rep, "rc:2:");            /* a lock is a note, not a report */
	HASNT(rep, "rc:5:");
	free(s);
}

static void test_actions(void **state)
{
	char rep[2048];
	char *s = convert(
		"MAILDIR=$HOME/Mail\nDEFAULT=$HOME/Maildir/\n"
		":0\n* ^Subject:.*a\n$HOME/Maildir/.lists.a/\n"
		":0\n* ^Subject:.*b\n$MAILDIR/b/c\n"
		":0\n* ^Subject:.*n\n/dev/null\n"
		":0\n* ^Subject:.*d\n$DEFAULT\n"
		":0 c\n! x@example.org\n"
		":0\n* ^Subject:.*m\nmh/.\n"
		":0 Wh\n| formail -D 8192 cache\n"
		":0 fhw\n| formail -A \"X-A: 1\" -I \"X-B: 2\"\n"
		"V=`date`\n", rep, sizeof(rep));

	HAS(s, "fileinto :create \"lists.a\";\n    stop;");
	HAS(s, "fileinto :create \"b.c\";");
	HAS(s, "discard;\n    stop;");
	HAS(s, "keep;\n    stop;");
	HAS(s, "redirect :copy \"x@example.org\";");
	HAS(s, "if duplicate {\n    discard;\n    stop;\n}");
	HAS(s, "addheader :last \"X-A\" \"1\";");
	HAS(s, "deleteheader \"X-B\"; addheader :last \"X-B\" \"2\";");
	HAS(s, "#   /home/u/Maildir -> INBOX");
	HAS(rep, "outside the Maildir");
	HAS(rep, "MH folder mh/.");
	HAS(rep, "V: the output of a command");
	free(s);
}

/* what Sieve would refuse never reaches the script (found by mutating
 * the corpus: the converted script must always compile) */
static void test_refused_shapes(void **state)
{
	char rep[2048];
	char *s = convert(":0\n! william\n"
			  ":0 c\n! a@b.example word\n"
			  ":0 fhw\n| formail -A \"X Bad: 1\"\n", rep, sizeof(rep));

	HAS(rep, "rc:1: william is not an address");
	HAS(s, "keep;\nstop;");
	HAS(s, "redirect :copy \"a@b.example\";");
	HAS(rep, "rc:3: word is not an address");
	HASNT(s, "addheader");
	HAS(rep, "rc:5: filter program not converted");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_table),
		cmocka_unit_test(test_regex_body_lines),
		cmocka_unit_test(test_regex_macros_and_errors),
		cmocka_unit_test(test_condition_shapes),
		cmocka_unit_test(test_condition_reports),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_refused_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
