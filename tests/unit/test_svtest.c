/*
 * test_svtest.c - the testsuite language (filters/testsuite.h) with the
 * outside world stubbed (svtest_stub.h): blocks report in order with
 * test_fail's reason, a block's message and result do not leak into the
 * next, a file that does not compile reports every block failed, and the
 * extension is unknown to a plain compile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"
#include "testsuite.h"

#include "svtest_stub.h"

static void test_blocks_report_in_order(void **state)
{
	struct stub st;
	int rc = run(&st,
		"require \"vnd.dovecot.testsuite\";\n"
		"test \"one\" { }\n"
		"test \"two\" { test_fail \"broken\"; }\n"
		"test \"three\" { if not true { test_fail \"x\"; } }\n");

	assert_int_equal(rc, 3);
	assert_int_equal(st.n, 3);
	assert_string_equal(st.names[1], "two");
	assert_true(st.oks[0]);
	assert_false(st.oks[1]);
	assert_string_equal(st.whys[1], "broken");
	assert_true(st.oks[2]);
}

static void test_blocks_are_fresh(void **state)
{
	struct stub st;

	run(&st,
	    "require [\"vnd.dovecot.testsuite\", \"relational\", "
	    "\"comparator-i;ascii-numeric\"];\n"
	    "test_set \"message\" text:\nSubject: top\n\nbody\n.\n;\n"
	    "test \"sets\" {\n"
	    "  test_set \"message\" text:\nSubject: mine\n\nx\n.\n;\n"
	    "  keep; keep;\n"
	    "  test_set \"envelope.from\" \"<a@b.example>\";\n"
	    "}\n"
	    "test \"sees the top\" {\n"
	    "  if not header :is \"subject\" \"top\" { test_fail \"msg\"; }\n"
	    "  if not test_result_action :count \"eq\" :comparator "
	    "\"i;ascii-numeric\" \"0\" { test_fail \"result\"; }\n"
	    "}\n");
	assert_int_equal(st.n, 2);
	if (!st.oks[1])
		fail_msg("got \"%s\" want pass", st.whys[1]);
}

static void test_uncompiled_file_fails_every_block(void **state)
{
	struct stub st;
	int rc = run(&st,
		"require [\"vnd.dovecot.testsuite\", \"no-such-ext\"];\n"
		"test \"a\" { }\ntest \"b\" { }\n");

	assert_int_equal(rc, 2);
	assert_false(st.oks[0]);
	assert_false(st.oks[1]);
	assert_non_null(strstr(st.whys[0], "no-such-ext"));
}

static void test_unknown_outside_testsuite(void **state)
{
	static const char s[] = "require \"vnd.dovecot.testsuite\";\n";
	struct sieve_diag d = { 0 };
	struct sieve_script *sc = sieve_compile("t", s, strlen(s), NULL, &d);
	char caps[2048];

	assert_null(sc);
	assert_true(d.errors > 0);
	sieve_diag_free(&d);
	assert_int_equal(sieve_capabilities_write(caps, sizeof(caps)), 0);
	assert_null(strstr(caps, "testsuite"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_report_in_order),
		cmocka_unit_test(test_blocks_are_fresh),
		cmocka_unit_test(test_uncompiled_file_fails_every_block),
		cmocka_unit_test(test_unknown_outside_testsuite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
