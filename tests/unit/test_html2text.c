/*
 * test_html2text.c - the streaming HTML to text filter (filters/html2text.c)
 * against what Pigeonhole's sieve-test 2.3.19 gave for the same input
 * (extracttext + vnd.dovecot.debug's debug_log).  Each case is fed whole,
 * one octet at a time, and in 3-octet pieces: the output must not depend
 * on where the pieces break.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mime/html2text.h"
#include "util.h"

static const struct { const char *in, *want; } cases[] = {
	{ "<html><head><title>Ti</title><style>p {color:red}</style>"
	  "<script>var x=\"<b>\";</script></head>\n<body><p>Hello &amp; bye "
	  "&lt;tag&gt; &quot;q&quot; &#65;&#x42; &nbsp;x&eacute;</p>"
	  "<div>div1</div>line<br>two<br/>three\n",
	  "Ti \nHello & bye <tag> \"q\" AB \xc2\xa0x\xc3\xa9 div1 line two three\n" },
	{ "a&bogus;b|", "ab|" },
	{ "a&#xFFFFFF;b|", "ab|" },
	{ "a&#128512;b|", "a\xf0\x9f\x98\x80" "b|" },
	{ "a &amp b|", "a amp b|" },
	{ "x<blockquote>q</blockquote>y|", "x\n> q\ny|" },
	{ "x<p>p1</p>y<div>d</div>z|", "x p1 y d z|" },
	{ "x<P>y<BR>z<ScRiPt>s</script>w|", "x y z w|" },
	{ "x&AMP;y&apos;z&#X41;&#65|", "xy'z" },
	{ "x<a title=\"a>b\">l</a>y|", "x l y|" },
	{ "x<!-- a -- b -->y<![CDATA[c<d]]>z|", "xyc<dz|" },
	{ "  lead   x  \n  y|", "  lead   x  \n  y|" },
	{ "a&#65 b|", "a#65 b|" },
	{ "a&am|p;x|", "ax|" },
	{ "a&lt b|", "alt b|" },
	{ "1&abcdefg;2&abcdefgh;3&abcdefghi;4&abcdefghij;5|",
	  "1234abcdefghij;5|" },
	{ "a<blockquote>l1\nl2<p>l3</blockquote>b|", "a\n> l1\nl2\n> l3\nb|" },
	{ "a<style>x</b>y</style>z|", "a z|" },
	{ "a<!DOCTYPE html>b<?xml x?>c|", "a b c|" },
	{ "a&#x41;b&#65;c&Auml;d&euro;e|", "aAbAc\xc3\x84" "d\xe2\x82\xac" "e|" },
	{ "a<br>b<blockquote>c<br>d<div>e</div>f</blockquote>g|",
	  "a b\n> c\n> d\n> e\n> f\ng|" },
	{ "a&amp;&amp;b<x>&amp;c|", "a&&b &c|" },
	{ "<script>if (a < b) x();</script>ok", "ok" },
};

static int collect(void *ctx, const char *p, size_t n)
{
	sbuf_add(ctx, p, n);
	return 0;
}

static void run(const char *in, size_t piece, struct sbuf *out)
{
	struct html2text h;
	size_t len = strlen(in);

	out->len = 0;
	html2text_init(&h, collect, out);
	for (size_t i = 0; i < len; i += piece)
		assert_int_equal(html2text_feed(&h, in + i,
						len - i < piece ? len - i : piece), 0);
	assert_int_equal(html2text_finish(&h), 0);
	sbuf_addc(out, '\0');
}

static void test_cases(void **state)
{
	struct sbuf out = {0};
	size_t pieces[] = { 100000, 1, 3 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t k = 0; k < 3; k++) {
			run(cases[i].in, pieces[k], &out);
			if (strcmp(out.s, cases[i].want) != 0)
				fail_msg("case %zu piece %zu: got \"%s\" want \"%s\"",
					 i, pieces[k], out.s, cases[i].want);
		}
	sbuf_free(&out);
}

static int stop_at_3(void *ctx, const char *p, size_t n)
{
	*(size_t *)ctx += n;
	return 1;
}

/* a consumer that says "stop" is obeyed and the output block is bounded */
static void test_stop_and_bounded(void **state)
{
	struct html2text h;
	size_t got = 0;
	char big[5000];

	(void)state;
	memset(big, 'x', sizeof(big));
	html2text_init(&h, stop_at_3, &got);
	assert_int_equal(html2text_feed(&h, big, sizeof(big)), 1);
	assert_int_equal(html2text_feed(&h, big, sizeof(big)), 1);
	assert_int_equal(got, sizeof(h.out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_stop_and_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
