/*
 * ext-encoded-character.c - RFC 5228 2.4.2.4: "${hex: 41 42}" and
 * "${unicode: 263a}" inside string literals are replaced, at compile
 * time, by the octets / UTF-8 they name.  A malformed sequence is left
 * as written; a Unicode value beyond U+10FFFF or a surrogate is an error.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compile/script.h"
#include "util.h"

static int hexdig(int c)
{
	c = ascii_lower(c);
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void put_utf8(struct sbuf *b, unsigned long cp)
{
	if (cp < 0x80) {
		sbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		sbuf_addc(b, (char)(0xc0 | (cp >> 6)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sbuf_addc(b, (char)(0xe0 | (cp >> 12)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		sbuf_addc(b, (char)(0xf0 | (cp >> 18)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* decode_seq - at "${hex:" or "${unicode:": append the decoded octets;
 * returns the length consumed, 0 if malformed, -1 on a bad code point. */
static long decode_seq(const char *s, struct sbuf *out)
{
	bool uni = strncasecmp(s, "${unicode:", 10) == 0;
	const char *p = s + (uni ? 10 : 6);
	struct sbuf tmp = {0};
	unsigned n = 0;

	if (!uni && strncasecmp(s, "${hex:", 6) != 0)
		return 0;
	for (;;) {
		unsigned long v = 0;
		int digits = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '}')
			break;
		while (hexdig((unsigned char)*p) >= 0 && digits < 9) {
			v = v * 16 + (unsigned long)hexdig((unsigned char)*p++);
			digits++;
		}
		if (digits == 0 || (!uni && digits > 2) || digits > 8 ||
		    (*p != ' ' && *p != '\t' && *p != '}' && *p != '\r' &&
		     *p != '\n')) {
			sbuf_free(&tmp);
			return 0;
		}
		if (uni && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) {
			sbuf_free(&tmp);
			return -1;
		}
		if (uni)
			put_utf8(&tmp, v);
		else if (v != 0)       /* a NUL cannot live in a C string */
			sbuf_addc(&tmp, (char)v);
		n++;
	}
	sbuf_add(out, tmp.s ? tmp.s : "", tmp.len);
	sbuf_free(&tmp);
	return p + 1 - s;
}

static int decode_str(struct sieve_vctx *v, const struct sieve_arg *a,
		      struct sieve_str *str)
{
	struct sbuf b = {0};
	const char *s = str->s;
	char *res;

	if (strstr(s, "${") == NULL)
		return 0;
	while (*s != '\0') {
		long k = s[0] == '$' && s[1] == '{' ? decode_seq(s, &b) : 0;

		if (k < 0) {
			v_error(v, a->line, a->col, "invalid unicode character");
			sbuf_free(&b);
			return -1;
		}
		if (k > 0) {
			s += k;
			continue;
		}
		sbuf_addc(&b, *s++);
	}
	/* the tree lives in the script's arena: the decoded string too */
	res = b.oom ? NULL : arena_strndup(&v->s->arena, b.s ? b.s : "", b.len);
	sbuf_free(&b);
	if (res == NULL)
		return -1;
	str->s = res;
	str->len = strlen(res);
	return 0;
}

/* encoded_character - decode the strings of n in place (before_args). */
static void encoded_character(struct sieve_vctx *v, struct sieve_node *n)
{
	for (size_t i = 0; i < n->nargs; i++) {
		struct sieve_arg *a = &n->args[i];

		if (a->type != ARG_STRING && a->type != ARG_LIST)
			continue;
		for (size_t k = 0; k < a->n; k++)
			if (decode_str(v, a, &a->v[k]) < 0)
				return;
	}
}

const struct sieve_extension sieve_ext_encoded_character = {
	.name = "encoded-character",
	.before_args = encoded_character,
};
