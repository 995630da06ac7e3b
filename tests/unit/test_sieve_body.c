/*
 * test_sieve_body.c - body :raw through the public API over a synthetic
 * 200 KiB body read in small pieces: a key placed at every offset around
 * the 64 KiB chunk border is found (the carry-over works), a key split by
 * one wrong octet is not, and the body is never read past its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "sieve.h"

#define BODY_LEN (200 * 1024)

struct body {
	char *p;
	size_t len;
	int bad_reads;
};

static ssize_t body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct body *b = ctx;

	if (off > b->len) {
		b->bad_reads++;
		return -1;
	}
	if (len > b->len - off)
		len = b->len - off;
	if (len > 5000)          /* short reads, like a pipe */
		len = 5000;
	memcpy(buf, b->p + off, len);
	return (ssize_t)len;
}

static const char script[] =
	"require [\"body\", \"fileinto\"];\n"
	"if body :raw :contains \"NEEDLE-in-haystack\" { fileinto \"found\"; }\n";

/* run_at - put the key at off (or a broken key), run, return the action. */
static char *run_at(size_t off, bool broken, int *bad_reads)
{
	static struct sieve_header_field f = { "Subject", 7, " x", 2 };
	struct body b = { malloc(BODY_LEN), BODY_LEN, 0 };
	struct sieve_message m = { .fields = &f, .nfields = 1,
		.header_block = "Subject: x\n\n", .header_len = 12,
		.size = BODY_LEN + 12, .body_size = BODY_LEN,
		.body_read = body_read, .body_ctx = &b };
	struct sieve_runtime_env env = { .envelope = { "a@b.c", "d@e.f", NULL,
						       "u", NULL } };
	struct sieve_action_list out = {0};
	struct sieve_diag d = {0};
	struct sieve_script *s;
	char *res;

	assert_non_null(b.p);
	memset(b.p, 'x', BODY_LEN);
	memcpy(b.p + off, "NEEDLE-in-haystack", 18);
	if (broken)
		b.p[off + 9] = '_';
	s = sieve_compile("t", script, strlen(script), NULL, &d);
	assert_non_null(s);
	assert_int_equal(sieve_run(s, &m, &env, NULL, &out, &d), 0);
	assert_int_equal(out.n, 1);
	res = strdup(out.v[0].type == SIEVE_ACT_FILEINTO ? out.v[0].mailbox : "keep");
	*bad_reads = b.bad_reads;
	sieve_actions_free(&out);
	sieve_script_free(&s);
	sieve_diag_free(&d);
	free(b.p);
	return res;
}

static void test_chunk_borders(void **state)
{
	static const size_t base[] = { 0, 5000, SIEVE_BODY_CHUNK,
				       2 * SIEVE_BODY_CHUNK, BODY_LEN - 18 };
	int bad = 0;

	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		for (int delta = -20; delta <= 2; delta++) {
			long off = (long)base[i] + delta;
			int reads;
			char *got;

			if (off < 0 || off + 18 > BODY_LEN)
				continue;
			for (int broken = 0; broken <= 1; broken++) {
				const char *want = broken ? "keep" : "found";

				got = run_at((size_t)off, broken, &reads);
				if (strcmp(got, want) != 0 || reads != 0) {
					print_message("# key at %ld broken %d: got %s "
						      "(bad reads %d) want %s\n",
						      off, broken, got, reads, want);
					bad++;
				}
				free(got);
			}
		}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunk_borders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
