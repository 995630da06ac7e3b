/*
 * test_mime.c - the MIME walker's pieces: RFC 2231 parameters
 * (continuations, charset'lang'percent, mixed encoded and plain sections),
 * RFC 2047 in quoted values, Content-Type defaults, and the streaming
 * decoders fed one octet per read (state across chunk borders), and the
 * scan's limits: depth flattened below 100 levels, the rest of the body
 * after SIEVE_MAX_MIME_PARTS parts as one more part (issue 14).
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

static ssize_t chunks(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;
	size_t n = off >= m->len ? 0 : m->len - off;

	n = n < len ? n : len;
	memcpy(buf, m->p + off, n);
	return (ssize_t)n;
}

/* nest - the body of levels multiparts (boundaries b1, b2, ...; b1 is
 * the message's, in hdr1) around an ELF header sent as invoice.pdf, with
 * a message/rfc822 at level rfc_at and one more text part after it. */
static const struct sieve_header_field hdr1[] = {
	{ "Content-Type", 12, " multipart/mixed; boundary=\"b1\"", 32 },
};

static char *nest(int levels, int rfc_at)
{
	size_t cap = 256 * (size_t)levels + 1024, len = 0;
	char *b = malloc(cap);

	for (int d = 1; d <= levels; d++) {
		if (d == rfc_at)
			len += (size_t)snprintf(b + len, cap - len,
				"Content-Type: message/rfc822\n\nSubject: in\n");
		if (d > 1)
			len += (size_t)snprintf(b + len, cap - len,
				"Content-Type: multipart/mixed; "
				"boundary=\"b%d\"\n\n", d);
		len += (size_t)snprintf(b + len, cap - len, "--b%d\n", d);
	}
	len += (size_t)snprintf(b + len, cap - len, "Content-Type: application"
		"/pdf; name=invoice.pdf\nContent-Transfer-Encoding: base64\n"
		"\nf0VMRgIBAQ==\n--b%d\n\nafter\n--b%d--\n", levels, levels);
	for (int d = levels - 1; d >= 1; d--)
		len += (size_t)snprintf(b + len, cap - len, "--b%d--\n", d);
	return b;
}

/* issue 14: a part 120 levels deep is still a part; the levels below 100
 * are flattened into one, and flattened says so */
static void test_deep(void **state)
{
	char *body = nest(120, 110);
	struct mem m = { body, strlen(body) };
	struct sieve_message msg = { .fields = hdr1, .nfields = 1,
		.body_size = m.len, .body_read = chunks, .body_ctx = &m };
	struct mime_index ix;
	size_t pdf = 0, after = 0;

	assert_int_equal(mime_scan(&msg, &ix), 0);
	assert_true(ix.flattened);
	assert_false(ix.truncated);
	for (size_t i = 0; i < ix.n; i++) {
		const struct mime_part *p = &ix.v[i];

		if (p->depth > 101)
			fail_msg("part %zu: got depth %u want <= 101", i, p->depth);
		if (strcmp(p->type, "application") == 0)
			pdf = i;
		if (p->body_end - p->body_off == 5 &&
		    memcmp(body + p->body_off, "after", 5) == 0)
			after = i;
	}
	if (pdf == 0 || after == 0)
		fail_msg("got pdf part %zu, text part %zu; want both", pdf, after);
	assert_int_equal(ix.v[pdf].depth, 101);
	assert_int_equal(ix.v[pdf].cte, CTE_BASE64);
	assert_true(mime_is_leaf(&ix.v[pdf]));
	assert_memory_equal(body + ix.v[pdf].body_off, "f0VMRgIBAQ==", 12);
	assert_int_equal(ix.v[ix.v[pdf].parent].depth, 100);
	assert_int_equal(ix.v[after].parent, ix.v[pdf].parent);
	mime_index_free(&ix);
	free(body);
	/* containers down to depth 100 are within the limit */
	body = nest(101, 0);
	m = (struct mem){ body, strlen(body) };
	msg.body_size = m.len;
	assert_int_equal(mime_scan(&msg, &ix), 0);
	assert_false(ix.flattened);
	assert_int_equal(ix.v[ix.n - 2].depth, 101);
	assert_string_equal(ix.v[ix.n - 2].type, "application");
	mime_index_free(&ix);
	free(body);
}

/* issue 14: past SIEVE_MAX_MIME_PARTS the rest of the body is one more
 * part, typed by the header after the delimiter */
static void test_part_cap(void **state)
{
	size_t cap = 16 * (size_t)SIEVE_MAX_MIME_PARTS + 1024, len = 0;
	char *body = malloc(cap);
	static const struct sieve_header_field f[] = {
		{ "Content-Type", 12, " multipart/mixed; boundary=\"a\"", 31 },
	};

	for (int i = 1; i < SIEVE_MAX_MIME_PARTS; i++)
		len += (size_t)snprintf(body + len, cap - len, "--a\n\nx\n");
	len += (size_t)snprintf(body + len, cap - len, "--a\nContent-Type: "
		"application/pdf\nContent-Transfer-Encoding: base64\n\n"
		"f0VMRgIBAQ==\n--a\n\ny\n--a--\n");

	struct mem m = { body, len };
	struct sieve_message msg = { .fields = f, .nfields = 1,
		.body_size = m.len, .body_read = chunks, .body_ctx = &m };
	struct mime_index ix;

	assert_int_equal(mime_scan(&msg, &ix), 0);
	assert_true(ix.truncated);
	assert_int_equal(ix.n, SIEVE_MAX_MIME_PARTS + 1);
	const struct mime_part *r = &ix.v[SIEVE_MAX_MIME_PARTS];
	if (strcmp(r->type, "application") != 0 || r->cte != CTE_BASE64)
		fail_msg("the rest: got %s/%s cte %d want application/pdf "
			 "base64", r->type, r->subtype, (int)r->cte);
	assert_memory_equal(body + r->body_off, "f0VMRgIBAQ==", 12);
	assert_int_equal(r->body_end, len);
	mime_index_free(&ix);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_decoders),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_part_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
