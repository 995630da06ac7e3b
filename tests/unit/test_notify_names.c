/*
 * test_notify_names.c - the display names of a mailto URI's recipients
 * (RFC 6068 2) reach the notification's To and Cc (RFC 5436 2.3), RFC
 * 2047-encoded when not ASCII, while the recipients themselves (the
 * envelope) stay bare addresses; the address parser keeps a mailbox's
 * display name apart; how mda writes a display name (RFC 5322 3.2.5).
 * Pigeonhole's enotify/mailto.svtest "UTF-8 address" checks the same.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "outward/compose.h"
#include "outward/notify.h"
#include "run/address.h"
#include "run/mailto.h"

/* the suite's addresses, as set :encodeurl writes them, and one quoted
 * name with a comma, one bare address */
static const char uri[] =
	"mailto:?to=%3D%3Futf-8%3Fq%3FG%3DC3%3DBCnther%3F%3D%20M.%20Karotte"
	"%20%3Cg.m.karotte%40example.com%3E,%22Doe,%20J%22%20%3Cj@x.org%3E"
	"&cc=Dieter%20T.%20%3D%3Futf-8%3Fq%3FStoppelr%3DC3%3DBCbe%3F%3D%20"
	"%3Cd.t.stoppelruebe%40example.com%3E,a@x.org"
	"&bcc=Hidden%20%3Ch@x.org%3E&subject=S&body=B";

static void test_parse_keeps_names(void **state)
{
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	char err[200];

	assert_non_null(nt);
	assert_int_equal(sieve_mailto_parse(uri, nt, err, sizeof(err)), 0);
	assert_int_equal(nt->nrcpt, 5);
	assert_int_equal(nt->nto, 2);
	assert_int_equal(nt->ncc, 2);
	assert_string_equal(nt->rcpt[0], "g.m.karotte@example.com");
	assert_string_equal(nt->rcpt[1], "j@x.org");
	assert_string_equal(nt->rcpt[2], "d.t.stoppelruebe@example.com");
	assert_string_equal(nt->rcpt[3], "a@x.org");
	assert_string_equal(nt->rcpt[4], "h@x.org");
	assert_non_null(nt->names);
	assert_string_equal(nt->names[0], "G\xc3\xbcnther M. Karotte");
	assert_string_equal(nt->names[1], "Doe, J");
	assert_string_equal(nt->names[2], "Dieter T. Stoppelr\xc3\xbc" "be");
	assert_null(nt->names[3]);
	assert_string_equal(nt->names[4], "Hidden");
	sieve_notify_free(nt);
}

static void test_compose_writes_names(void **state)
{
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	struct notify_env ne = { NULL, NULL, "", "me@x.org", "x.org", 0,
				 { NULL }, 0 };
	bool send[SIEVE_NOTIFY_RCPT_MAX] = { true, true, true, true, true };
	char err[200];
	size_t len = 0;
	char *text;

	assert_non_null(nt);
	assert_int_equal(sieve_mailto_parse(uri, nt, err, sizeof(err)), 0);
	text = notify_compose(&ne, nt, send, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\nTo: =?utf-8?B?R8O8bnRoZXIgTS4gS2Fyb3R0"
		"ZQ==?= <g.m.karotte@example.com>,\n \"Doe, J\" <j@x.org>\n"));
	assert_non_null(strstr(text, "\nCc: =?utf-8?B?RGlldGVyIFQuIFN0b3BwZWx"
		"yw7xiZQ==?= <d.t.stoppelruebe@example.com>,\n <a@x.org>\n"));
	assert_null(strstr(text, "Hidden"));   /* Bcc is not shown */
	free(text);
	sieve_notify_free(nt);
}

/* the parser behind the address test keeps the name beside the address */
static void test_address_name(void **state)
{
	struct sieve_addr *v = NULL;
	size_t n = 0;

	assert_int_equal(sieve_addr_parse("\"A \\\"B\\\"\" (c) D <a@x.org>, "
		"b@x.org, grp: E F <e@x.org>;", &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].local, "a");
	assert_string_equal(v[0].name, "A \"B\" D");
	assert_null(v[1].name);
	assert_string_equal(v[2].name, "E F");   /* not the group's */
	sieve_addr_free(v, n);
}

static void phrase_is(const char *name, const char *want)
{
	struct mbuf b = { NULL, 0, 0, false };

	mbuf_phrase(&b, name);
	assert_false(b.oom);
	assert_string_equal(b.s, want);
	free(b.s);
}

static void test_phrase(void **state)
{
	phrase_is("Jo Doe", "Jo Doe");
	phrase_is("Jo M. Doe", "\"Jo M. Doe\"");
	phrase_is("a\"b\\c", "\"a\\\"b\\\\c\"");
	phrase_is("x\r\nBcc: y", "\"x  Bcc: y\"");
	phrase_is("=?utf-8?q?x?=", "\"=?utf-8?q?x?=\"");
	phrase_is("\xc3\xa9", "=?utf-8?B?w6k=?=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_keeps_names),
		cmocka_unit_test(test_compose_writes_names),
		cmocka_unit_test(test_address_name),
		cmocka_unit_test(test_phrase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
