/*
 * test_sieve_validate.c - the validator's shortcuts give the answers of
 * the slow paths they replace: the regex pre-check (ext-regex.c) never
 * calls valid what regcomp refuses, the extension table sits where
 * enum sieve_ext_id says, and node roles and tag look-ups behave as the
 * name comparisons they replaced; and a script frees the data of the
 * nodes it listed without walking its tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tre/tre.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext.h"
#include "compile/script.h"
#include "sieve.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* regcomp_ok - the slow path: does TRE accept re, with and without
 * REG_ICASE (validation uses either, by comparator)? */
static bool regcomp_ok(const char *re)
{
	static const int flags[] = {
		REG_EXTENDED | REG_NOSUB, REG_EXTENDED | REG_NOSUB | REG_ICASE,
	};

	for (size_t i = 0; i < N(flags); i++) {
		regex_t r;

		if (tre_regcomp(&r, re, flags[i]) != 0)
			return false;
		tre_regfree(&r);
	}
	return true;
}

static void test_regex_plain_known(void **state)
{
	static const char *const plain[] = {
		"^\\[proj-9\\] .*(urgent|alert)$", "abc", "a.c", "^a", "a$",
		"(a|b)+", "[a-z0-9_]+@example\\.org", "x?y*z+", "[^0-9]",
		"(^a|b$)", "a\\/b\\-c", "(a(b|c))*d",
	};
	static const char *const not_plain[] = {
		"", "a{2}", "\\1", "(", ")", "a)", "()", "(|a)", "a|", "|a",
		"*a", "a**", "a+?", "^*", "a^b", "$a", "a$b", "[]", "[]a]",
		"[a-]", "[z-a]", "[a-Z]", "[[:alpha:]]", "a\\", "\\w", "]",
		"}", "\xc3\xa9", "a\tb", "[\\]]", "^^a",
	};

	for (size_t i = 0; i < N(plain); i++) {
		if (!sieve_regex_plain(plain[i]))
			fail_msg("should be plain: \"%s\"", plain[i]);
		assert_true(regcomp_ok(plain[i]));
	}
	for (size_t i = 0; i < N(not_plain); i++)
		if (sieve_regex_plain(not_plain[i]))
			fail_msg("should not be plain: \"%s\"", not_plain[i]);
}

/* random expressions over the octets that matter: whatever the pre-check
 * calls valid, regcomp must accept */
static void test_regex_plain_agrees(void **state)
{
	static const char alpha[] = "ab.z09AZ[]()*+?{}|^$\\-/: ,";
	unsigned long seed = 12345;
	char re[12];
	size_t plain = 0;

	for (int round = 0; round < 300000; round++) {
		size_t len = 1 + round % (sizeof(re) - 1);

		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			re[i] = alpha[(seed >> 33) % (sizeof(alpha) - 1)];
		}
		re[len] = '\0';
		if (!sieve_regex_plain(re))
			continue;
		plain++;
		if (!regcomp_ok(re))
			fail_msg("plain but refused by regcomp: \"%s\"", re);
	}
	assert_true(plain > 1000);   /* the fast path was exercised */
}

/* enum sieve_ext_id and the table agree, so req[EXT_...] asks about the
 * extension of that name */
static void test_ext_ids(void **state)
{
	static const struct { int id; const char *name; } named[] = {
		{ EXT_FILEINTO, "fileinto" }, { EXT_VARIABLES, "variables" },
		{ EXT_REGEX, "regex" }, { EXT_RELATIONAL, "relational" },
		{ EXT_SUBADDRESS, "subaddress" },
		{ EXT_ENCODED_CHARACTER, "encoded-character" },
		{ EXT_CMP_NUMERIC, "comparator-i;ascii-numeric" },
		{ EXT_VACATION, "vacation" },
		{ EXT_VACATION_SECONDS, "vacation-seconds" },
		{ EXT_FOREVERYPART, "foreverypart" }, { EXT_MAGIC, "vnd.mda.magic" },
	};

	assert_int_equal(sieve_ext_count(), EXT_COUNT);
	for (int i = 0; i < EXT_COUNT; i++) {
		assert_non_null(sieve_extensions[i]);
		if (!sieve_extensions[i]->core)
			assert_int_equal(sieve_ext_index(sieve_extensions[i]->name), i);
	}
	assert_null(sieve_extensions[EXT_COUNT]);
	for (size_t i = 0; i < N(named); i++)
		assert_int_equal(sieve_ext_index(named[i].name), named[i].id);
}

/* the roles stand for the names the block rules used to compare */
static void test_roles(void **state)
{
	static const struct { const char *name; enum sieve_cmd_role role; } r[] = {
		{ "require", ROLE_REQUIRE }, { "if", ROLE_IF },
		{ "elsif", ROLE_ELSIF }, { "else", ROLE_ELSE },
		{ "foreverypart", ROLE_LOOP }, { "stop", ROLE_NONE },
		{ "keep", ROLE_NONE }, { "break", ROLE_NONE },
	};
	size_t with_role = 0;
	int ext;

	for (size_t i = 0; i < N(r); i++) {
		const struct sieve_cmd_def *d = sieve_ext_find_def(r[i].name,
								   false, &ext);

		assert_non_null(d);
		assert_int_equal(d->role, r[i].role);
	}
	for (int e = 0; e < EXT_COUNT; e++) {
		const struct sieve_cmd_def *const *d = sieve_extensions[e]->defs;

		for (; d != NULL && *d != NULL; d++)
			with_role += (*d)->role != ROLE_NONE;
	}
	assert_int_equal(with_role, 5);   /* no other definition has one */
}

/* compile - the first diagnostic of text ("" if it compiles) */
static void compile(const char *text, char *out, size_t size)
{
	struct sieve_diag d = { 0 };
	struct sieve_script *s = sieve_compile("t", text, strlen(text), NULL,
					       &d);

	out[0] = '\0';
	if (d.n > 0)
		snprintf(out, size, "%u:%u: %s", d.v[0].line, d.v[0].col,
			 d.v[0].text);
	sieve_script_free(&s);
	sieve_diag_free(&d);
}

/* tag look-up: near misses of the standard tags stay unknown, and each
 * standard tag still asks for its extension */
static void test_std_tags(void **state)
{
	static const struct { const char *text, *want; } t[] = {
		{ "if header :c \"a\" \"b\" {}", "1:11: unknown tag :c for 'header'" },
		{ "if header :co \"a\" \"b\" {}", "1:11: unknown tag :co for 'header'" },
		{ "if header :coun \"a\" \"b\" {}", "1:11: unknown tag :coun for 'header' (did you mean :count?)" },
		{ "if header :d \"a\" \"b\" {}", "1:11: unknown tag :d for 'header'" },
		{ "if header :domain \"a\" \"b\" {}", "1:11: unknown tag :domain for 'header'" },
		{ "if header :regexp \"a\" \"b\" {}", "1:11: unknown tag :regexp for 'header' (did you mean :regex?)" },
		{ "if header :regex \"a\" \"b\" {}", "1:11: :regex needs require \"regex\"" },
		{ "if header :count \"eq\" \"a\" \"1\" {}", "1:11: :count needs require \"relational\"" },
		{ "if address :user \"from\" \"b\" {}", "1:12: :user needs require \"subaddress\"" },
		{ "if address :detail \"from\" \"b\" {}", "1:12: :detail needs require \"subaddress\"" },
		{ "if address :localpart :contains \"from\" \"b\" {}", "" },
		{ "if header :comparator \"i;ascii-numeric\" \"a\" \"1\" {}",
		  "1:23: unknown comparator \"i;ascii-numeric\"" },
		{ "else {}", "1:1: 'else' without 'if'" },
		{ "if true {} stop; elsif true {}", "1:18: 'elsif' without 'if'" },
		{ "if true {} require \"regex\";", "1:12: require must come before other commands" },
	};
	char got[256];

	for (size_t i = 0; i < N(t); i++) {
		compile(t[i].text, got, sizeof(got));
		if (strcmp(got, t[i].want) != 0)
			fail_msg("%s\n got  %s\n want %s", t[i].text, got, t[i].want);
	}
}

static int freed;

static void count_free(void *data)
{
	freed++;
	free(data);
}

/* v_node_data: a script frees the data of the nodes it lists, once, and
 * a second call for a node replaces (and frees) the first data */
static void test_node_data(void **state)
{
	struct sieve_diag d = { 0 };
	struct sieve_script *s = sieve_compile("t", "keep; stop;", 11, NULL, &d);
	struct sieve_vctx v;

	assert_non_null(s);
	memset(&v, 0, sizeof(v));
	v.s = v.root = s;
	v.d = &d;
	freed = 0;
	assert_int_equal(v_node_data(&v, s->cmds[0], malloc(8), count_free), 0);
	assert_int_equal(v_node_data(&v, s->cmds[1], malloc(8), count_free), 0);
	assert_int_equal(v_node_data(&v, s->cmds[1], malloc(8), count_free), 0);
	assert_int_equal(freed, 1);
	assert_int_equal(s->nowners, 2);
	sieve_script_free(&s);
	assert_int_equal(freed, 3);
	sieve_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_plain_known),
		cmocka_unit_test(test_regex_plain_agrees),
		cmocka_unit_test(test_ext_ids),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_std_tags),
		cmocka_unit_test(test_node_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
