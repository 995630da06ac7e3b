/*
 * test_siteconf.c - the site configuration parser (mda/siteconf.c): a
 * good file sets every value; a bad line, an unknown key or section, a
 * bad regex or number fails naming file:line; a missing file is an error
 * when named with -c and nothing when the default is absent; list files
 * are read, trimmed, comments skipped, and a missing one names the line
 * of the configuration; Pigeonhole's setting names map onto ours.
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

#include "siteconf.h"

static const char good[] =
	"# site settings\n"
	"[spamtest]\n"
	"header = X-Spam-Status: score=(-?[0-9]+\\.[0-9]+)  \n"
	"type = score\n"
	"max = 5.0\n"
	"\n"
	"[virustest]\n"
	"  header=X-Virus-Status\n"
	"type = text\n"
	"text1 = clean\n"
	"text5 = infected # still the value\n"
	"[programs]\n"
	"dir = /usr/lib/mda/sieve-bin\n"
	"execute_dir = /usr/lib/mda/exec\n"
	"timeout = 7\n"
	"output_max = 4096\n"
	"; another comment\n"
	"[notify]\n"
	"max = 2\n";

static void test_good(void **state)
{
	struct siteconf sc;
	char err[400] = "";

	siteconf_init(&sc);
	assert_int_equal(siteconf_parse("t.conf", good, strlen(good), &sc,
					err, sizeof(err)), 0);
	assert_string_equal(sc.sieve.spamtest.header, "X-Spam-Status");
	assert_string_equal(sc.sieve.spamtest.pattern,
			    "score=(-?[0-9]+\\.[0-9]+)");
	assert_int_equal(sc.sieve.spamtest.type, SIEVE_SCORE_NUMBER);
	assert_true(sc.sieve.spamtest.max > 4.99 && sc.sieve.spamtest.max < 5.01);
	assert_string_equal(sc.sieve.virustest.header, "X-Virus-Status");
	assert_null(sc.sieve.virustest.pattern);
	assert_int_equal(sc.sieve.virustest.type, SIEVE_SCORE_TEXT);
	assert_string_equal(sc.sieve.virustest.text[1], "clean");
	assert_string_equal(sc.sieve.virustest.text[5],
			    "infected # still the value");
	assert_string_equal(sc.pipe_dir, "/usr/lib/mda/sieve-bin");
	assert_string_equal(sc.filter_dir, "/usr/lib/mda/sieve-bin");
	assert_string_equal(sc.execute_dir, "/usr/lib/mda/exec");
	assert_int_equal(sc.program_timeout, 7);
	assert_int_equal(sc.program_output_max, 4096);
	assert_int_equal(sc.sieve.notify_max, 2);
	siteconf_free(&sc);
}

static void test_bad(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "[spamtest]\nheader X-Spam\n",
		  "t.conf:2: expected key = value, got \"header X-Spam\"" },
		{ "[spamtest]\n\ncolour = red\n", "t.conf:3: unknown key \"colour\"" },
		{ "[spam]\nheader = X\n", "t.conf:2: unknown section [spam]" },
		{ "header = X\n", "t.conf:1: \"header\" outside any [section]" },
		{ "[spamtest]\nheader = X-S: (a\n",
		  "t.conf:2: bad regular expression: " },
		{ "[spamtest]\ntype = yesno\n",
		  "t.conf:2: type must be score, strlen or text, not \"yesno\"" },
		{ "[spamtest]\nmax = -1\n",
		  "t.conf:2: max must be a number above 0, not \"-1\"" },
		{ "[virustest]\ntext6 = x\n", "t.conf:2: unknown key \"text6\"" },
		{ "[programs]\ndir = bin\n",
		  "t.conf:2: dir must be an absolute path" },
		{ "[programs]\ntimeout = 0\n",
		  "t.conf:2: \"0\" is not a number from 1 to 3600" },
		{ "[extlists]\nfriends = /x\n",
		  "t.conf:2: a list name is tag:NAME, not \"friends\"" },
		{ "[spamtest\n", "t.conf:1: bad section line \"[spamtest\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct siteconf sc;
		char err[400] = "";

		siteconf_init(&sc);
		if (siteconf_parse("t.conf", cases[i].text,
				   strlen(cases[i].text), &sc, err,
				   sizeof(err)) != -1 ||
		    strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: got \"%s\" want \"%s\"", i, err,
				 cases[i].want);
		siteconf_free(&sc);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_files(void **state)
{
	char dir[] = "/tmp/mda-siteconf.XXXXXX", conf[128], list[128], text[512];
	struct siteconf sc;
	struct why w = { "", "" };

	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/mda.conf", dir);
	snprintf(list, sizeof(list), "%s/friends", dir);

	/* -c naming a missing file: a temporary failure naming it */
	siteconf_init(&sc);
	assert_int_equal(siteconf_load(conf, &sc, &w), MDA_ERR_CONFIG);
	assert_string_equal(w.status, "4.3.5");
	assert_non_null(strstr(w.text, "mda.conf:0: cannot read"));
	siteconf_free(&sc);

	/* a list file: items trimmed, comments and blank lines skipped */
	write_file(list, "# friends\n alice@example.org \n\nbob@example.net\r\n");
	snprintf(text, sizeof(text), "[extlists]\ntag:friends = %s\n"
		 "tag:gone = %s/gone\n", list, dir);
	write_file(conf, text + 0);
	siteconf_init(&sc);
	assert_int_equal(siteconf_load(conf, &sc, &w), MDA_ERR_CONFIG);
	assert_non_null(strstr(w.text, "mda.conf:3: list tag:gone: "));
	siteconf_free(&sc);

	snprintf(text, sizeof(text), "[extlists]\ntag:friends = %s\n", list);
	write_file(conf, text);
	siteconf_init(&sc);
	assert_int_equal(siteconf_load(conf, &sc, &w), MDA_OK);
	const struct sieve_extlist *l = sieve_site_list(&sc.sieve,
							"TAG:Friends");
	assert_non_null(l);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->items[0], "alice@example.org");
	assert_string_equal(l->items[1], "bob@example.net");
	siteconf_free(&sc);

	/* no -c and no /etc/mda.conf: nothing configured, no error */
	if (access(SITECONF_DEFAULT, F_OK) != 0) {
		siteconf_init(&sc);
		assert_int_equal(siteconf_load(NULL, &sc, &w), MDA_OK);
		assert_null(sc.sieve.spamtest.header);
		assert_int_equal(sc.sieve.nlists, 0);
		siteconf_free(&sc);
	}

	assert_int_equal(unlink(conf), 0);
	assert_int_equal(unlink(list), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_pigeonhole_names(void **state)
{
	struct siteconf sc;
	char err[200];

	siteconf_init(&sc);
	assert_int_equal(siteconf_set_pigeonhole(&sc,
		"sieve_virustest_status_header",
		"X-Virus-Scan:Found to be (.+)\\.", err, sizeof(err)), 0);
	assert_string_equal(sc.sieve.virustest.header, "X-Virus-Scan");
	assert_string_equal(sc.sieve.virustest.pattern, "Found to be (.+)\\.");
	assert_int_equal(siteconf_set_pigeonhole(&sc,
		"sieve_spamtest_text_value10", "Yes", err, sizeof(err)), 0);
	assert_string_equal(sc.sieve.spamtest.text[10], "Yes");
	assert_int_equal(siteconf_set_pigeonhole(&sc, "sieve_pipe_bin_dir",
						 "/bin", err, sizeof(err)), 0);
	assert_string_equal(sc.pipe_dir, "/bin");
	assert_int_equal(siteconf_set_pigeonhole(&sc, "sieve_max_actions",
						 "3", err, sizeof(err)), 1);
	siteconf_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_pigeonhole_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
