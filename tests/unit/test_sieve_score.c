/*
 * test_sieve_score.c - spamtest/virustest levels (run/score.c): decimal
 * scores, runs of one character and text maps turned into a ratio, and
 * the ratio into "1".."10", "1".."5" or 0..100 percent with Pigeonhole's
 * rounding; anything unreadable is "0", not tested.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "run/score.h"

static void level(const struct sieve_score_conf *c, unsigned levels,
		  const char *value, const char *max, bool percent,
		  const char *want)
{
	char got[8];

	sieve_score_format(sieve_score_ratio(c, levels, value, max), levels,
			   percent, got);
	if (strcmp(got, want) != 0)
		fail_msg("value \"%s\" max %s levels %u percent %d: got %s "
			 "want %s", value ? value : "(none)", max ? max : "-",
			 levels, percent, got, want);
}

static void test_number(void **state)
{
	struct sieve_score_conf c = { .header = "X", .max = 1 };

	level(&c, 10, ".00", NULL, true, "0");
	level(&c, 10, ".01", NULL, true, "1");
	level(&c, 10, ".29", NULL, true, "29");
	level(&c, 10, ".73", NULL, true, "73");
	level(&c, 10, "1.01", NULL, true, "100");
	level(&c, 10, "-3", NULL, false, "1");
	level(&c, 10, "0,5", NULL, false, "5");
	level(&c, 10, "1", NULL, false, "10");
	level(&c, 10, "", NULL, false, "0");
	level(&c, 10, "12a", NULL, false, "0");
	level(&c, 10, "123456", NULL, false, "0");   /* 6 digits: unreadable */
	level(&c, 10, NULL, NULL, false, "0");       /* no such header */
	c.max = 5;
	level(&c, 10, "-1.6", NULL, false, "1");
	level(&c, 10, "4.0", NULL, false, "8");
	level(&c, 10, "7.6", NULL, false, "10");
	c.max_header = "Y";
	level(&c, 10, "2.5", "10", false, "3");
	level(&c, 10, "2.5", NULL, false, "0");      /* max field missing */
	level(&c, 10, "2.5", "0", false, "0");       /* max 0 */
}

static void test_strlen(void **state)
{
	struct sieve_score_conf c = { .header = "X",
				      .type = SIEVE_SCORE_STRLEN, .max = 15 };

	level(&c, 10, "", NULL, false, "1");
	level(&c, 10, "*******", NULL, false, "5");
	level(&c, 10, "*******", NULL, true, "46");
	level(&c, 10, "****************", NULL, false, "10");
	level(&c, 10, "**+", NULL, false, "0");
}

static void test_text(void **state)
{
	struct sieve_score_conf c = { .header = "X",
				      .type = SIEVE_SCORE_TEXT };

	c.text[1] = "Clean";
	c.text[3] = "Not sure";
	c.text[5] = "Definitely";
	level(&c, 5, "Clean", NULL, false, "1");
	level(&c, 5, "Not sure", NULL, false, "3");
	level(&c, 5, "Definitely", NULL, false, "5");
	level(&c, 5, "clean", NULL, false, "0");     /* exact text only */
	c.text[0] = "Unscanned";
	level(&c, 5, "Unscanned", NULL, false, "1"); /* level 0 is tested */
	c.text[10] = "Yes";
	level(&c, 10, "Yes", NULL, false, "10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_strlen),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
