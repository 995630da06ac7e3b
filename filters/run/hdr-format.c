/*
 * hdr-format.c - how an added header field is written (RFC 5293 via RFC
 * 5322 2.1.1 and RFC 2047), byte for byte as Dovecot writes it:
 *
 * - the name is capitalised per dash-separated part ("X-Spam-Flag");
 * - each run of adjacent words holding non-ASCII octets becomes one
 *   encoded-word "=?utf-8?q?...?=", or "=?utf-8?b?...?=" when
 *   (n + 3e) * 2 / 3 exceeds the base64 length, n octets of which e need
 *   escaping in q (a rule fitted to what dovecot-lda writes);
 * - a line break inside the value becomes a fold (line end + TAB), the
 *   blanks that began the next line dropped;
 * - a line longer than 80 octets is folded at the last blank that fits
 *   (the blank becomes the TAB); a single longer word stays whole.
 * Line ends inside the value are LF, like the rest of the edited block.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "run/hdr-format.h"
#include "util.h"

#define LINE_MAX_OCTETS 80   /* what dovecot-lda does */

char *sieve_hdr_name(const char *name)
{
	char *s = strdup(name);

	for (size_t i = 0; s != NULL && s[i] != '\0'; i++) {
		bool first = i == 0 || s[i - 1] == '-';

		if (first && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
		else if (!first)
			s[i] = (char)ascii_lower((unsigned char)s[i]);
	}
	return s;
}

static bool has8bit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool q_special(unsigned char c)
{
	return c >= 0x80 || c < 0x21 || c == '=' || c == '?' || c == '_' ||
	       c == 0x7f;
}

/* encode_run - one encoded-word for the n octets at s. */
static void encode_run(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t special = 0;

	for (size_t i = 0; i < n; i++)
		special += q_special((unsigned char)s[i]) && s[i] != ' ';
	if ((n + 3 * special) * 2 / 3 > (n + 2) / 3 * 4) {
		sbuf_adds(b, "=?utf-8?b?");
		for (size_t i = 0; i < n; i += 3) {
			unsigned x = (unsigned)(unsigned char)s[i] << 16;

			if (i + 1 < n) x |= (unsigned)(unsigned char)s[i + 1] << 8;
			if (i + 2 < n) x |= (unsigned char)s[i + 2];
			sbuf_addc(b, b64[(x >> 18) & 63]);
			sbuf_addc(b, b64[(x >> 12) & 63]);
			sbuf_addc(b, i + 1 < n ? b64[(x >> 6) & 63] : '=');
			sbuf_addc(b, i + 2 < n ? b64[x & 63] : '=');
		}
	} else {
		sbuf_adds(b, "=?utf-8?q?");
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == ' ') {
				sbuf_addc(b, '_');
			} else if (q_special(c)) {
				sbuf_addc(b, '=');
				sbuf_addc(b, hex[c >> 4]);
				sbuf_addc(b, hex[c & 15]);
			} else {
				sbuf_addc(b, (char)c);
			}
		}
	}
	sbuf_adds(b, "?=");
}

/* encode_line - the words of one line (n octets), 8-bit runs encoded,
 * words separated by single NUL-free spaces in the output. */
static void encode_line(struct sbuf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t w = i, end;

		while (w < n && s[w] != ' ')
			w++;
		if (!has8bit(s + i, w - i)) {
			sbuf_add(b, s + i, w - i);
		} else {   /* extend over following words that are 8-bit too */
			end = w;
			while (end < n) {
				size_t nx = end + 1, nw = nx;

				while (nw < n && s[nw] != ' ')
					nw++;
				if (nx >= n || !has8bit(s + nx, nw - nx))
					break;
				end = nw;
			}
			encode_run(b, s + i, end - i);
			w = end;
		}
		if (w < n)
			sbuf_addc(b, ' ');
		i = w + 1;
	}
}

/* fold - lay out the encoded line's words, breaking at blanks (never
 * before the first word of a line). */
static void fold(struct sbuf *out, const char *s, size_t *col)
{
	bool have = false;

	while (*s != '\0') {
		size_t w = strcspn(s, " ");

		if (have && *col + 1 + w > LINE_MAX_OCTETS) {
			sbuf_adds(out, "\n\t");
			*col = 1;
		} else {
			sbuf_addc(out, ' ');
			(*col)++;
		}
		sbuf_add(out, s, w);
		*col += w;
		have = true;
		s += w;
		if (*s == ' ')
			s++;
	}
}

char *sieve_hdr_value(const char *value, size_t name_len)
{
	struct sbuf out = {0};
	size_t col = name_len + 1;   /* "Name:" */
	bool first = true;

	while (first || *value != '\0') {
		size_t n = strcspn(value, "\r\n");
		struct sbuf line = {0};

		encode_line(&line, value, n);
		if (!first) {   /* a line break in the value: a fold */
			sbuf_adds(&out, "\n\t");
			sbuf_adds(&out, line.s ? line.s : "");
			col = 1 + line.len;
		} else if (line.s != NULL && line.s[0] != '\0') {
			fold(&out, line.s, &col);
		} else {
			sbuf_addc(&out, ' ');
		}
		sbuf_free(&line);
		value += n;
		if (*value == '\r')
			value++;
		if (*value == '\n')
			value++;
		while (*value == ' ' || *value == '\t')
			value++;   /* the fold's TAB stands for them (as Dovecot) */
		first = false;
	}
	return sbuf_take(&out);
}
