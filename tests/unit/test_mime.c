/*
 * test_mime.c - the MIME walker's pieces: RFC 2231 parameters
 * (continuations, charset'lang'percent, mixed encoded and plain sections),
 * RFC 2047 in quoted values, Content-Type defaults, and the streaming
 * decoders fed one octet per read (state across chunk borders).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime/mime.h"

static const struct { const char *v, *name, *want; } params[] = {
	{ "attachment; filename=\"a b.pdf\"", "filename", "a b.pdf" },
	{ "attachment; FileName=plain.txt", "filename", "plain.txt" },
	{ "text/plain; charset=\"utf-8\"; format=flowed", "format", "flowed" },
	{ "a; filename*=utf-8''%E2%82%AC%20rates.pdf", "filename",
	  "\xe2\x82\xac rates.pdf" },
	{ "a; filename*=iso-8859-1'de'%FCber.txt", "filename", "\xc3\xbc" "ber.txt" },
	{ "a;\r\n filename*0*=utf-8''%C3%BCber%20;\r\n filename*1=\"alles.bin\"",
	  "filename", "\xc3\xbc" "ber alles.bin" },
	{ "a; name*1=\"two\"; name*0=\"one\"", "name", "onetwo" },
	{ "a; name=\"=?utf-8?q?Bild_=C3=A4.png?=\"", "name", "Bild \xc3\xa4.png" },
	{ "a; name=\"q\\\"uote\"", "name", "q\"uote" },
	{ "a; other=1", "name", NULL },
	{ "a (comment); name=x", "name", "x" },
};

static void test_params(void **state)
{
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		char *got = mime_param(params[i].v, strlen(params[i].v),
				       params[i].name);

		if (params[i].want == NULL) {
			if (got != NULL)
				fail_msg("%zu: got \"%s\" want none", i, got);
		} else if (got == NULL || strcmp(got, params[i].want) != 0) {
			fail_msg("%zu: got \"%s\" want \"%s\"", i,
				 got ? got : "(null)", params[i].want);
		}
		free(got);
	}
}

struct mem { const char *p; size_t len; };

static ssize_t one_octet(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;

	if (off >= m->len)
		return 0;
	memcpy(buf, m->p + off, 1);
	return 1;
}

static char out[256];
static size_t nout;

static int collect(void *ctx, const char *p, size_t n)
{
	if (nout + n < sizeof(out)) {
		memcpy(out + nout, p, n);
		nout += n;
	}
	return 0;
}

static const struct { enum mime_cte cte; const char *cs, *in, *want; } dec[] = {
	{ CTE_BASE64, "", "aGVs\r\nbG8g\r\nd29y bGQ=\r\n", "hello world" },
	{ CTE_BASE64, "iso-8859-1", "Y2Fm6Q==", "caf\xc3\xa9" },
	{ CTE_QP, "", "soft=\r\n break =3D=\nx", "soft break =x" },
	{ CTE_QP, "", "bad =ZZ and =4", "bad =ZZ and =4" },
	{ CTE_QP, "iso-8859-1", "Gr=FC=DFe", "Gr\xc3\xbc\xc3\x9f" "e" },
	{ CTE_IDENTITY, "utf-8", "\xe2\x82\xac", "\xe2\x82\xac" },
	{ CTE_IDENTITY, "windows-1252", "\x93q\x94", "\xe2\x80\x9cq\xe2\x80\x9d" },
	{ CTE_IDENTITY, "shift_jis", "\x82\xa0", "\xe3\x81\x82" },
};

static void test_decoders(void **state)
{
	for (size_t i = 0; i < sizeof(dec) / sizeof(dec[0]); i++) {
		struct mem m = { dec[i].in, strlen(dec[i].in) };
		struct sieve_message msg = { .body_size = m.len,
			.body_read = one_octet, .body_ctx = &m };
		struct mime_part p = { .body_end = m.len, .cte = dec[i].cte };

		snprintf(p.charset, sizeof(p.charset), "%s", dec[i].cs);
		nout = 0;
		assert_int_equal(mime_part_stream(&msg, &p, true, 0, collect,
						  NULL), 0);
		out[nout] = '\0';
		if (strcmp(out, dec[i].want) != 0)
			fail_msg("%zu: got \"%s\" want \"%s\"", i, out, dec[i].want);
	}
}

static void test_scan(void **state)
{
	static const char body[] =
		"pre\n--a\nContent-Type: multipart/alternative; boundary=ab\n\n"
		"--ab\n\nx\n--ab--\n--a\nContent-Type: message/rfc822\n\n"
		"Subject: in\n\ninner\n--a--\nepi\n";
	static const struct sieve_header_field f[] = {
		{ "Content-Type", 12, " multipart/mixed; boundary=\"a\"", 31 },
	};
	struct mem m = { body, sizeof(body) - 1 };
	struct sieve_message msg = { .fields = f, .nfields = 1,
		.body_size = m.len, .body_read = one_octet, .body_ctx = &m };
	struct mime_index ix;
	static const char *want[] = { "multipart/mixed", "multipart/alternative",
		"text/plain", "message/rfc822", "text/plain" };

	assert_int_equal(mime_scan(&msg, &ix), 0);
	assert_int_equal(ix.n, 5);
	for (size_t i = 0; i < ix.n; i++) {
		char t[128];

		snprintf(t, sizeof(t), "%s/%s", ix.v[i].type, ix.v[i].subtype);
		if (strcmp(t, want[i]) != 0)
			fail_msg("part %zu: got %s want %s", i, t, want[i]);
	}
	assert_memory_equal(body + ix.v[2].body_off, "x", 1);
	assert_int_equal(ix.v[2].body_end - ix.v[2].body_off, 1);
	assert_memory_equal(body + ix.v[4].body_off, "inner", 5);
	assert_int_equal(ix.v[4].body_end - ix.v[4].body_off, 5);
	assert_int_equal(ix.v[4].depth, 2);
	mime_index_free(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_decoders),
		cmocka_unit_test(test_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
