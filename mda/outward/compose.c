/*
 * compose.c - writing the messages mda sends itself (vacation replies,
 * notifications): a growing buffer, header fields on one line with CR/LF
 * turned into blanks (so nothing from a message or a script can start a
 * field of its own), RFC 2047 B-words for non-ASCII text, display names
 * (RFC 5322 3.2.5 phrases), RFC 5322 dates.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outward/compose.h"



void mbuf_put(struct mbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)  /* doubles: bounded by n */
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void mbuf_puts(struct mbuf *b, const char *s) { mbuf_put(b, s, strlen(s)); }

/* put_value - a header value on one line: CR/LF/NUL become spaces,
 * length capped at a UTF-8 boundary. */
void mbuf_value(struct mbuf *b, const char *v)
{
	size_t n = strlen(v);

	if (n > LINE_MAX_OCTETS) {
		n = LINE_MAX_OCTETS;
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		mbuf_put(b, v[i] == '\r' || v[i] == '\n' ? " " : &v[i], 1);
}

void mbuf_field(struct mbuf *b, const char *name, const char *value)
{
	mbuf_puts(b, name);
	mbuf_puts(b, ": ");
	mbuf_value(b, value);
	mbuf_puts(b, "\n");
}

/* plain_ascii - no 8-bit octets (CR, LF, TAB become blanks later). */
bool mail_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || ((unsigned char)*s < 0x20 &&
		    *s != '\r' && *s != '\n' && *s != '\t'))
			return false;
	return true;
}

/* put_encoded - RFC 2047 B-words of at most 45 octets (60 base64
 * characters, a word under 75), cut between UTF-8 characters, folded. */
void mbuf_encoded(struct mbuf *b, const char *s)
{
	const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), off = 0;

	if (n > LINE_MAX_OCTETS)
		n = LINE_MAX_OCTETS;
	while (off < n) {   /* advances by at least one octet */
		size_t k = n - off > 45 ? 45 : n - off;
		while (k > 1 && off + k < n &&
		       ((unsigned char)s[off + k] & 0xC0) == 0x80)
			k--;
		mbuf_puts(b, off ? "\n =?utf-8?B?" : "=?utf-8?B?");
		for (size_t i = 0; i < k; i += 3) {
			const unsigned char *p = (const unsigned char *)s + off + i;
			size_t r = k - i;
			unsigned v = (unsigned)p[0] << 16 |
				     (r > 1 ? (unsigned)p[1] << 8 : 0) |
				     (r > 2 ? p[2] : 0);
			char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63],
				      r > 1 ? b64[v >> 6 & 63] : '=',
				      r > 2 ? b64[v & 63] : '=' };
			mbuf_put(b, q, 4);
		}
		mbuf_puts(b, "?=");
		off += k;
	}
}

static bool atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* mbuf_phrase - atoms go as they are; other ASCII is quoted (CR, LF and
 * TAB made blanks, so the field stays one line); text that is not plain
 * ASCII, or too long for one line, goes as folded RFC 2047 words.  "=?"
 * is quoted so that a reader does not take it for an encoded-word. */
void mbuf_phrase(struct mbuf *b, const char *s)
{
	size_t n = strlen(s);
	bool atoms = n > 0 && strstr(s, "=?") == NULL;

	if (n > PHRASE_MAX_OCTETS || !mail_plain_ascii(s)) {
		mbuf_encoded(b, s);
		return;
	}
	for (size_t i = 0; i < n && atoms; i++)
		atoms = s[i] == ' ' || atext(s[i]);
	if (atoms) {
		mbuf_puts(b, s);
		return;
	}
	mbuf_puts(b, "\"");
	for (size_t i = 0; i < n; i++) {
		char c = s[i] == '\r' || s[i] == '\n' || s[i] == '\t' ? ' ' : s[i];

		if (c == '"' || c == '\\')
			mbuf_puts(b, "\\");
		mbuf_put(b, &c, 1);
	}
	mbuf_puts(b, "\"");
}

/* rfc5322_date - "Mon, 02 Jan 2006 15:04:05 +0000" in the local zone,
 * English names whatever the locale. */
void mail_date(time_t t, char *out, size_t size)
{
	const char days[] = "SunMonTueWedThuFriSat";
	const char mons[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		(void)snprintf(out, size, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	(void)snprintf(out, size, "%.3s, %02d %.3s %04d %02d:%02d:%02d %c%02ld%02ld",
		       days + 3 * tm.tm_wday, tm.tm_mday, mons + 3 * tm.tm_mon,
		       tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
		       off / 60, off % 60);
}

bool mail_safe_host(const char *h)
{
	if (h == NULL || h[0] == '\0')
		return false;
	for (; *h; h++)
		if (!(*h == '.' || *h == '-' || (*h >= '0' && *h <= '9') ||
		      (*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z')))
			return false;
	return true;
}

/* put_text - body octets with CRLF turned into LF (text: strings arrive
 * with CRLF, RFC 5228 2.4.2), ending in a newline. */
void mbuf_text(struct mbuf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			mbuf_put(b, &s[i], 1);
	if (n == 0 || s[n - 1] != '\n')
		mbuf_puts(b, "\n");
}

