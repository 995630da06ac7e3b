/*
 * mutf7.c - encode folder names the way Dovecot stores them on disk, and
 * decode them again (for reading another Maildir++ tree).
 *
 * RFC 3501 5.1.3: printable US-ASCII other than '&' stands for itself;
 * '&' is "&-"; any other run is UTF-16BE in modified base64 (',' for '/')
 * between '&' and '-'.  Dovecot's Maildir++ layout names `Bücher` as
 * `.B&APw-cher`.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "store/mutf7.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* utf8_next - decode one code point; returns bytes used or 0 if invalid. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 :
		   (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0)
		return 0;
	uint32_t v = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;  /* overlong, out of range or a surrogate */
	*cp = v;
	return n;
}

struct out { char *p; size_t left; };

static int put(struct out *o, char c)
{
	if (o->left <= 1)
		return ENAMETOOLONG;
	*o->p++ = c;
	o->left--;
	return 0;
}

/* encode_run - base64 the UTF-16BE of the non-ASCII run starting at s. */
static int encode_run(const unsigned char **sp, struct out *o)
{
	const unsigned char *s = *sp;
	uint32_t bits = 0;
	int nbits = 0, err = put(o, '&');

	while (err == 0 && *s != '\0' && (*s < 0x20 || *s > 0x7e)) {
		uint32_t cp;
		size_t n = utf8_next(s, &cp);
		uint16_t units[2];
		int nu = 1;

		if (n == 0)
			return EILSEQ;
		s += n;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			units[0] = (uint16_t)(0xD800 | (cp >> 10));
			units[1] = (uint16_t)(0xDC00 | (cp & 0x3FF));
			nu = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (int u = 0; u < nu; u++) {
			bits = (bits << 16) | units[u];
			nbits += 16;
			while (err == 0 && nbits >= 6) {
				nbits -= 6;
				err = put(o, b64[(bits >> nbits) & 0x3F]);
			}
		}
	}
	if (err == 0 && nbits > 0)
		err = put(o, b64[(bits << (6 - nbits)) & 0x3F]);
	if (err == 0)
		err = put(o, '-');
	*sp = s;
	return err;
}

int mutf7_encode(const char *utf8, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)utf8;
	struct out o = { out, outsz };
	int err = 0;

	if (outsz == 0)
		return ENAMETOOLONG;
	while (err == 0 && *s != '\0') {  /* each pass consumes input */
		if (*s == '&') {
			err = put(&o, '&');
			if (err == 0)
				err = put(&o, '-');
			s++;
		} else if (*s >= 0x20 && *s <= 0x7e) {
			err = put(&o, (char)*s++);
		} else {
			err = encode_run(&s, &o);
		}
	}
	*o.p = '\0';
	return err;
}

/* put_utf8 - one code point as UTF-8. */
static int put_utf8(struct out *o, uint32_t cp)
{
	int err = 0;

	if (cp < 0x80)
		return put(o, (char)cp);
	if (cp < 0x800) {
		err = put(o, (char)(0xC0 | (cp >> 6)));
	} else if (cp < 0x10000) {
		err = put(o, (char)(0xE0 | (cp >> 12)));
		if (err == 0)
			err = put(o, (char)(0x80 | ((cp >> 6) & 0x3F)));
	} else {
		err = put(o, (char)(0xF0 | (cp >> 18)));
		if (err == 0)
			err = put(o, (char)(0x80 | ((cp >> 12) & 0x3F)));
		if (err == 0)
			err = put(o, (char)(0x80 | ((cp >> 6) & 0x3F)));
	}
	return err != 0 ? err : put(o, (char)(0x80 | (cp & 0x3F)));
}

/* decode_run - the base64 run after '&' up to its '-'. */
static int decode_run(const unsigned char **sp, struct out *o)
{
	const unsigned char *s = *sp;
	uint32_t bits = 0, high = 0;
	int nbits = 0, err = 0;

	for (; err == 0 && *s != '-'; s++) {  /* ends at '-' or NUL */
		const char *c = *s != '\0' ? strchr(b64, *s) : NULL;
		if (c == NULL)
			return EILSEQ;
		bits = (bits << 6) | (uint32_t)(c - b64);
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		uint32_t u = (bits >> nbits) & 0xFFFF;
		if (u >= 0xD800 && u <= 0xDBFF && high == 0) {
			high = u;
		} else if (u >= 0xDC00 && u <= 0xDFFF && high != 0) {
			err = put_utf8(o, 0x10000 + ((high - 0xD800) << 10) +
					  (u - 0xDC00));
			high = 0;
		} else if (high != 0 || (u >= 0xD800 && u <= 0xDFFF)) {
			return EILSEQ;
		} else {
			err = put_utf8(o, u);
		}
	}
	*sp = s + 1;
	return err != 0 ? err : high != 0 ? EILSEQ : 0;
}

int mutf7_decode(const char *mutf7, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)mutf7;
	struct out o = { out, outsz };
	int err = 0;

	if (outsz == 0)
		return ENAMETOOLONG;
	while (err == 0 && *s != '\0') {  /* each pass consumes input */
		if (s[0] == '&' && s[1] == '-') {
			err = put(&o, '&');
			s += 2;
		} else if (*s == '&') {
			s++;
			err = decode_run(&s, &o);
		} else {
			err = put(&o, (char)*s++);
		}
	}
	*o.p = '\0';
	return err;
}
