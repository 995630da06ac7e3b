/*
 * test_log.c - the delivery log line: the text line as it always was
 * (plus rule=), and --log-format json as one object that parses whatever
 * the message and envelope hold: quotes, backslashes, control characters,
 * octets that are not UTF-8 (U+FFFD), overlong and surrogate encodings,
 * and values too long for the line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "log.h"

static struct log_entry entry(const char *msgid, const char *sender)
{
	return (struct log_entry){
		.msgid = msgid, .sender = sender, .rcpt = "u@example.net",
		.folders = "lists(f.sieve:3)", .size = 1234,
		.result = "delivered", .status = "2.0.0", .text = "",
		.warning = "", .rule = "f.sieve:3", .ms = 7,
	};
}

static void test_text_unchanged(void **state)
{
	struct config cfg = { .log_format = LOG_FORMAT_TEXT };
	struct log_entry e = entry("<a\n\"b@x>", "s@example.org");
	char line[LOG_LINE_MAX];

	(void)state;
	log_format_line(&cfg, &e, line, sizeof(line));
	assert_string_equal(line, "msgid=<a?\"b@x> from=<s@example.org> "
			    "to=<u@example.net> folders=lists(f.sieve:3) "
			    "size=1234 result=delivered status=2.0.0 time=7ms "
			    "rule=\"f.sieve:3\"");
}

static const struct { const char *msgid, *want; } hostile[] = {
	{ "<plain@x>", "<plain@x>" },
	{ "\"quoted\" \\back\\", "\\\"quoted\\\" \\\\back\\\\" },
	{ "ctl\x01\x1f\x7f\ttab\r\n", "ctl\\u0001\\u001f\\u007f\\u0009tab\\u000d\\u000a" },
	{ "utf8 \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "utf8 \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "bad \xff\xfe end", "bad \\ufffd\\ufffd end" },
	{ "cut \xc3", "cut \\ufffd" },
	{ "overlong \xc0\xaf \xe0\x80\xaf", "overlong \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd" },
	{ "surrogate \xed\xa0\x80", "surrogate \\ufffd\\ufffd\\ufffd" },
	{ "big \xf4\x90\x80\x80", "big \\ufffd\\ufffd\\ufffd\\ufffd" },
	{ "", "" },
};

static void test_json_hostile(void **state)
{
	struct config cfg = { .log_format = LOG_FORMAT_JSON };
	char line[LOG_LINE_MAX], want[LOG_LINE_MAX];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct log_entry e = entry(hostile[i].msgid, "s\"@x");

		log_format_line(&cfg, &e, line, sizeof(line));
		snprintf(want, sizeof(want), "{\"msgid\":\"%s\",\"sender\":"
			 "\"s\\\"@x\",\"recipient\":\"u@example.net\","
			 "\"folders\":\"lists(f.sieve:3)\",\"rule\":"
			 "\"f.sieve:3\",\"result\":\"delivered\",\"status\":"
			 "\"2.0.0\",\"reason\":\"\",\"warning\":\"\","
			 "\"size\":1234,\"ms\":7}", hostile[i].want);
		if (strcmp(line, want) != 0) {
			printf("# case %zu:\n#  got  %s\n#  want %s\n", i, line,
			       want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* test_json_too_long - values past the line still give one object. */
static void test_json_too_long(void **state)
{
	struct config cfg = { .log_format = LOG_FORMAT_JSON };
	char big[1200], line[600];
	struct log_entry e;

	(void)state;
	memset(big, '\x01', sizeof(big) - 1);   /* 6 octets each escaped */
	big[sizeof(big) - 1] = '\0';
	e = entry(big, big);
	log_format_line(&cfg, &e, line, sizeof(line));
	assert_string_equal(line, "{\"status\":\"2.0.0\",\"result\":"
			    "\"delivered\",\"truncated\":true}");
	/* each field is cut at 300 octets, so plain long values fit */
	char full[LOG_LINE_MAX];
	memset(big, 'a', sizeof(big) - 1);
	e = entry(big, big);
	e.warning = big;
	log_format_line(&cfg, &e, full, sizeof(full));
	assert_non_null(strstr(full, "\"ms\":7}"));
	assert_null(strstr(full, "truncated"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_unchanged),
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_json_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
