/*
 * test_sieve_address.c - the RFC 5322 address-list parser behind the
 * address test: display names, comments, quoted local parts, groups,
 * obs-route, invalid items, and the :all/:localpart/:domain/:user/:detail
 * parts (RFC 5228 2.7.4, RFC 5233).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "run/address.h"
#include "ext/ext.h"

/* each address rendered "local@domain" or "!raw" (invalid), joined by " | " */
static const struct { const char *in, *want; } lists[] = {
	{ "user@example.com", "user@example.com" },
	{ "  user@example.com  ", "user@example.com" },
	{ "Joe <joe@example.org>", "joe@example.org" },
	{ "\"Coyote, Wile E.\" <coyote@acme.example>", "coyote@acme.example" },
	{ "a@b.c, \"x\" <d@e.f>", "a@b.c | d@e.f" },
	{ "a@b.c (Comment, with comma)", "a@b.c" },
	{ "(lead) a(in)@b.c", "a@b.c" },
	{ "\"quoted local\"@example.com", "quoted local@example.com" },
	{ "\"a\\\"b\"@example.com", "a\"b@example.com" },
	{ "team: a@example.com, b@example.com;, c@example.com",
	  "a@example.com | b@example.com | c@example.com" },
	{ "undisclosed-recipients:;", "" },
	{ "<@route1,@route2:user@example.com>", "user@example.com" },
	{ "user@[192.0.2.1]", "user@[192.0.2.1]" },
	{ "not an address", "!not an address" },
	{ "Joe <joe>", "!Joe <joe>" },
	{ "", "" },
	{ "a@b, ,c@d", "a@b | c@d" },
};

static void test_lists(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct sieve_addr *v = NULL;
		size_t n = 0, used = 0;
		char got[512] = "";

		assert_int_equal(sieve_addr_parse(lists[i].in, &v, &n), 0);
		for (size_t k = 0; k < n; k++)
			used += (size_t)snprintf(got + used, sizeof(got) - used,
				"%s%s%s%s%s", k ? " | " : "", v[k].valid ? "" : "!",
				v[k].valid ? v[k].local : v[k].raw,
				v[k].valid ? "@" : "", v[k].valid ? v[k].domain : "");
		if (strcmp(got, lists[i].want) != 0) {
			print_message("# \"%s\": got \"%s\" want \"%s\"\n",
				      lists[i].in, got, lists[i].want);
			bad++;
		}
		sieve_addr_free(v, n);
	}
	assert_int_equal(bad, 0);
}

static void test_parts(void **state)
{
	static const struct { const char *in; int ap; const char *want; } t[] = {
		{ "Ken+sieve@example.org", AP_ALL, "Ken+sieve@example.org" },
		{ "Ken+sieve@example.org", AP_LOCAL, "Ken+sieve" },
		{ "Ken+sieve@example.org", AP_DOMAIN, "example.org" },
		{ "Ken+sieve@example.org", AP_USER, "Ken" },
		{ "Ken+sieve@example.org", AP_DETAIL, "sieve" },
		{ "ken@example.org", AP_USER, "ken" },
		{ "ken@example.org", AP_DETAIL, "(none)" },
		{ "ken+@example.org", AP_DETAIL, "" },
		{ "a+b+c@example.org", AP_DETAIL, "b+c" },
		{ "\"quoted local\"@example.com", AP_ALL, "\"quoted local\"@example.com" },
		{ "\"quoted local\"@example.com", AP_LOCAL, "quoted local" },
		{ "\"a\\\"b\"@x", AP_ALL, "\"a\\\"b\"@x" },
		{ "\"plain\"@x", AP_ALL, "plain@x" },
		{ "junk", AP_ALL, "junk" },
		{ "junk", AP_LOCAL, "(none)" },
		{ "junk", AP_DOMAIN, "(none)" },
	};
	int bad = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sieve_addr *v = NULL;
		size_t n = 0;
		char *p;

		assert_int_equal(sieve_addr_parse(t[i].in, &v, &n), 0);
		assert_int_equal(n, 1);
		p = sieve_addr_part(&v[0], t[i].ap);
		if (strcmp(p ? p : "(none)", t[i].want) != 0) {
			print_message("# \"%s\" part %d: got \"%s\" want \"%s\"\n",
				      t[i].in, t[i].ap, p ? p : "(none)", t[i].want);
			bad++;
		}
		free(p);
		sieve_addr_free(v, n);
	}
	assert_int_equal(bad, 0);
}

/* one mailbox for redirect (RFC 5228 4.2): no list, group or header line
 * smuggled in, as a variable from a header can carry them */
static void test_one_mailbox(void **state)
{
	/* named: the script's own text (RFC 5228 2.4.2.3 allows a display
	 * name); bare: text from a variable, one addr-spec only */
	static const struct { const char *in; bool named, bare; } t[] = {
		{ "carol@example.net", true, true },
		{ " carol@example.net ", true, true },
		{ "Carol <carol@example.net>", true, false },
		{ "\"boss@corp.example\" <attacker@evil.invalid>", true, false },
		{ "<carol@example.net>", true, false },
		{ "\"a:b;c,d\"@example.net", true, true },
		{ "\"<x>\"@example.net", true, true },
		{ "x@[IPv6:::1]", true, true },
		{ "a@b (comment: with, punctuation)", true, true },
		{ "a@b (Boss <boss@corp>)", true, true },
		{ "a@b\nBcc: c@d", false, false },
		{ "a@b\r\nBcc: c@d", false, false },
		{ "a@b\tc", false, false },
		{ "boss@corp.example: attacker@evil.invalid", false, false },
		{ "boss@corp.example: attacker@evil.invalid;", false, false },
		{ "a@b, c@d", false, false },
		{ "A <a@b> <c@d>", false, false },
		{ "\"unterminated@x", false, false },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (sieve_addr_one(t[i].in, true) != t[i].named) {
			print_message("# named \"%s\": got %d want %d\n",
				      t[i].in, !t[i].named, t[i].named);
			bad++;
		}
		if (sieve_addr_one(t[i].in, false) != t[i].bare) {
			print_message("# bare \"%s\": got %d want %d\n",
				      t[i].in, !t[i].bare, t[i].bare);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_one_mailbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
