/*
 * rfc2047.c - RFC 2047 encoded-words ("=?charset?B|Q?text?=") to UTF-8,
 * through iconv for the charset (an RFC 2231 "*lang" suffix is dropped).
 * Whitespace between two adjacent encoded-words disappears (RFC 2047 6.2).
 * As Pigeonhole: a B word with invalid base64 decodes to nothing, a word
 * in a charset iconv does not know keeps its decoded octets as they are;
 * a malformed word (no "?=", blanks inside, unknown encoding) stays as
 * written.
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mime/rfc2047.h"
#include "util.h"

static void decode_q(const char *s, size_t n, struct sbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_') {
			sbuf_addc(out, ' ');
		} else if (s[i] == '=' && i + 2 < n &&
			   hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
			sbuf_addc(out, (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
			i += 2;
		} else {
			sbuf_addc(out, s[i]);
		}
	}
}

static int decode_b(const char *s, size_t n, struct sbuf *out)
{
	unsigned acc = 0, bits = 0;

	for (size_t i = 0; i < n; i++) {
		int v = base64_value((unsigned char)s[i]);

		if (s[i] == '=')
			break;
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sbuf_addc(out, (char)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

/* to_utf8 - convert in (charset cs) and append to out; -1 on failure. */
static int to_utf8(const char *cs, const char *in, size_t n, struct sbuf *out)
{
	char buf[1024];
	iconv_t cd;
	char *ip = (char *)in;
	size_t il = n;

	if (ascii_ieq(cs, "utf-8") || ascii_ieq(cs, "us-ascii") ||
	    ascii_ieq(cs, "utf8")) {
		sbuf_add(out, in, n);
		return 0;
	}
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return -1;
	while (il > 0) {
		char *op = buf;
		size_t ol = sizeof(buf);

		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			return -1;
		}
		sbuf_add(out, buf, (size_t)(op - buf));
	}
	iconv_close(cd);
	return 0;
}

/* encoded_word - decode the word at s if it is one; its length or 0. */
static size_t encoded_word(const char *s, size_t n, struct sbuf *out)
{
	const char *q1, *q2, *end;
	char cs[64];
	struct sbuf raw = {0};
	size_t cslen;
	int rc;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	q1 = memchr(s + 2, '?', n - 2);
	if (q1 == NULL || q1 + 3 >= s + n || q1[2] != '?')
		return 0;
	q2 = q1 + 2;
	for (end = q2 + 1; end + 1 < s + n; end++)
		if (end[0] == '?' && end[1] == '=')
			break;
	if (end + 1 >= s + n)
		return 0;
	for (const char *p = s; p < end; p++)
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			return 0;
	cslen = (size_t)(q1 - (s + 2));
	if (cslen == 0 || cslen >= sizeof(cs))
		return 0;
	memcpy(cs, s + 2, cslen);
	cs[cslen] = '\0';
	if (strchr(cs, '*') != NULL)
		*strchr(cs, '*') = '\0';
	rc = 0;
	if (ascii_lower(q1[1]) == 'q')
		decode_q(q2 + 1, (size_t)(end - q2 - 1), &raw);
	else if (ascii_lower(q1[1]) == 'b')
		rc = decode_b(q2 + 1, (size_t)(end - q2 - 1), &raw);
	else
		rc = -1;
	if (rc < 0 && ascii_lower(q1[1]) == 'b') {
		sbuf_free(&raw);   /* bad base64: the word decodes to nothing */
		return (size_t)(end + 2 - s);
	}
	if (rc == 0 && !raw.oom &&
	    to_utf8(cs, raw.s ? raw.s : "", raw.len, out) < 0)
		sbuf_add(out, raw.s ? raw.s : "", raw.len);   /* as is */
	sbuf_free(&raw);
	return rc == 0 ? (size_t)(end + 2 - s) : 0;
}

char *sieve_rfc2047_decode(const char *s, size_t len)
{
	struct sbuf out = {0};
	size_t i = 0, ws_start = 0;
	bool after_word = false;

	while (i < len) {
		size_t w = s[i] == '=' ? encoded_word(s + i, len - i, &out) : 0;

		if (w > 0) {
			i += w;
			after_word = true;
			continue;
		}
		if (after_word && (s[i] == ' ' || s[i] == '\t')) {
			ws_start = i;
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			if (i < len && i + 1 < len && s[i] == '=' && s[i + 1] == '?') {
				struct sbuf probe = {0};
				bool next_word = encoded_word(s + i, len - i, &probe) > 0;

				sbuf_free(&probe);
				if (next_word)
					continue;   /* drop the space between words */
			}
			sbuf_add(&out, s + ws_start, i - ws_start);
			after_word = false;
			continue;
		}
		after_word = false;
		sbuf_addc(&out, s[i++]);
	}
	return sbuf_take(&out);
}

/* sieve_header_decode - unfold (the line break goes; a TAB that starts the
 * continuation becomes a space, as Pigeonhole reads it), decode, trim. */
char *sieve_header_decode(const char *s, size_t len)
{
	struct sbuf unf = {0};
	char *dec, *b, *e;

	if (len > SIEVE_MAX_HEADER_LEN)
		len = SIEVE_MAX_HEADER_LEN;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] != '\n')
			sbuf_addc(&unf, s[i]);
		else if (i + 1 < len && s[i + 1] == '\t') {
			sbuf_addc(&unf, ' ');   /* as Pigeonhole: a folding TAB is a space */
			i++;
		}
	}
	dec = sieve_rfc2047_decode(unf.s ? unf.s : "", unf.len);
	sbuf_free(&unf);
	if (dec == NULL)
		return NULL;
	for (b = dec; *b == ' ' || *b == '\t'; b++)
		;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	memmove(dec, b, (size_t)(e - b));
	dec[e - b] = '\0';
	return dec;
}
