/*
 * mime-decode.c - streaming decoders for a part's content: base64 (RFC 2045
 * 6.8), quoted-printable (RFC 2045 6.7), then the charset to UTF-8 through
 * iconv.  Each keeps its state across chunks, so a part of any size is
 * decoded with SIEVE_BODY_CHUNK-sized buffers.  Malformed input never
 * fails: stray characters in base64 are skipped, a bad "=XY" in QP is kept
 * as written, and an octet iconv cannot convert becomes U+FFFD.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mime/mime.h"
#include "util.h"

char *mime_to_utf8(const char *cs, const char *in, size_t n);

struct dec {
	enum mime_cte cte;
	unsigned acc, bits;        /* base64 */
	int qs;                    /* QP state: 0 text, 1 '=', 2 '=X', 3 soft */
	char qh;                   /* QP first hex digit */
	iconv_t cd;                /* (iconv_t)-1: no conversion */
	char pend[16];             /* incomplete multibyte sequence */
	size_t npend;
};

/* b64 - decode in into out (room for n octets); returns octets written. */
static size_t b64(struct dec *d, const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int v = base64_value((unsigned char)in[i]);

		if (in[i] == '=') {   /* padding: the quantum is over */
			d->acc = d->bits = 0;
			continue;
		}
		if (v < 0)
			continue;
		d->acc = (d->acc << 6) | (unsigned)v;
		d->bits += 6;
		if (d->bits >= 8) {
			d->bits -= 8;
			out[o++] = (char)((d->acc >> d->bits) & 0xff);
			d->acc &= (1u << d->bits) - 1;
		}
	}
	return o;
}

/* qp - decode in into out (room for n + 2 octets). */
static size_t qp(struct dec *d, const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = in[i];

		switch (d->qs) {
		case 0:
			if (c == '=')
				d->qs = 1;
			else
				out[o++] = c;
			break;
		case 1:
			if (hex_value(c) >= 0) {
				d->qh = c;
				d->qs = 2;
			} else if (c == '\n') {
				d->qs = 0;        /* soft line break */
			} else if (c == '\r' || c == ' ' || c == '\t') {
				d->qs = 3;
			} else {
				out[o++] = '=';
				out[o++] = c;
				d->qs = 0;
			}
			break;
		case 2:
			d->qs = 0;
			if (hex_value(c) >= 0) {
				out[o++] = (char)(hex_value(d->qh) * 16 + hex_value(c));
			} else {
				out[o++] = '=';
				out[o++] = d->qh;
				i--;              /* look at c again as text */
			}
			break;
		default:   /* after "=" and blanks: up to the line end */
			if (c == '\n')
				d->qs = 0;
			else if (c != '\r' && c != ' ' && c != '\t') {
				d->qs = 0;
				i--;
			}
			break;
		}
	}
	return o;
}

/* convert - charset to UTF-8, emitting pieces; keeps an incomplete
 * trailing sequence for the next call.  final: flush it as U+FFFD. */
static int convert(struct dec *d, const char *in, size_t n, bool final,
		   mime_emit_fn emit, void *ctx)
{
	char obuf[4096], tmp[sizeof(d->pend) + 64];
	size_t used = 0;

	while (used < n || (final && d->npend > 0)) {
		size_t take = n - used;
		char *ip, *op = obuf;
		size_t il, ol = sizeof(obuf);
		int rc;

		if (take > sizeof(tmp) - d->npend)
			take = sizeof(tmp) - d->npend;
		memcpy(tmp, d->pend, d->npend);
		memcpy(tmp + d->npend, in + used, take);
		used += take;
		il = d->npend + take;
		ip = tmp;
		d->npend = 0;
		while (il > 0) {
			if (iconv(d->cd, &ip, &il, &op, &ol) != (size_t)-1)
				break;
			if (errno == E2BIG) {
				if ((rc = emit(ctx, obuf, (size_t)(op - obuf))) != 0)
					return rc;
				op = obuf;
				ol = sizeof(obuf);
			} else if (errno == EINVAL && !final && il < sizeof(d->pend)) {
				memcpy(d->pend, ip, il);
				d->npend = il;
				il = 0;
			} else {   /* EILSEQ, or a truncated tail at the end */
				if (ol < 3) {
					if ((rc = emit(ctx, obuf, (size_t)(op - obuf))) != 0)
						return rc;
					op = obuf;
					ol = sizeof(obuf);
				}
				memcpy(op, "\xef\xbf\xbd", 3);
				op += 3;
				ol -= 3;
				ip++;
				il--;
			}
		}
		if (op > obuf && (rc = emit(ctx, obuf, (size_t)(op - obuf))) != 0)
			return rc;
	}
	return 0;
}

static bool is_utf8_name(const char *cs)
{
	return cs[0] == '\0' || ascii_ieq(cs, "utf-8") || ascii_ieq(cs, "utf8") ||
	       ascii_ieq(cs, "us-ascii");
}

struct lim {
	mime_emit_fn emit;
	void *ctx;
	uint64_t left;     /* UINT64_MAX: no limit */
};

static int lim_emit(void *c, const char *p, size_t n)
{
	struct lim *l = c;
	int rc;

	if (n > l->left)
		n = (size_t)l->left;
	l->left -= n;
	if (n > 0 && (rc = l->emit(l->ctx, p, n)) != 0)
		return rc;
	return l->left == 0 ? 1 : 0;
}

static int feed(struct dec *d, const char *p, size_t n, bool final,
		struct lim *l)
{
	if (d->cd != (iconv_t)-1)
		return convert(d, p, n, final, lim_emit, l);
	return n > 0 ? lim_emit(l, p, n) : 0;
}

int mime_part_stream(const struct sieve_message *msg,
		     const struct mime_part *p, bool utf8, uint64_t limit,
		     mime_emit_fn emit, void *ctx)
{
	struct dec d = { .cte = p->cte, .cd = (iconv_t)-1 };
	struct lim l = { emit, ctx, limit ? limit : UINT64_MAX };
	uint64_t off = p->body_off;
	char *raw = malloc(SIEVE_BODY_CHUNK), *out = malloc(SIEVE_BODY_CHUNK + 4);
	int rc = 0;

	if (raw == NULL || out == NULL)
		rc = -1;
	if (rc == 0 && utf8 && !is_utf8_name(p->charset))
		d.cd = iconv_open("UTF-8", p->charset);
	while (rc == 0 && off < p->body_end) {
		size_t want = p->body_end - off < SIEVE_BODY_CHUNK ?
			      (size_t)(p->body_end - off) : SIEVE_BODY_CHUNK;
		ssize_t r = msg->body_read(msg->body_ctx, off, raw, want);
		size_t o;

		if (r <= 0) {
			rc = r < 0 ? -1 : 0;
			break;
		}
		off += (uint64_t)r;
		if (d.cte == CTE_BASE64)
			o = b64(&d, raw, (size_t)r, out);
		else if (d.cte == CTE_QP)
			o = qp(&d, raw, (size_t)r, out);
		else
			memcpy(out, raw, o = (size_t)r);
		rc = feed(&d, out, o, false, &l);
	}
	if (rc == 0 && d.cte == CTE_QP && (d.qs == 1 || d.qs == 2)) {
		char tail[2] = { '=', d.qh };   /* a cut "=" or "=X" at the end */

		rc = feed(&d, tail, (size_t)d.qs, false, &l);
	}
	if (rc == 0)
		rc = feed(&d, "", 0, true, &l);
	if (d.cd != (iconv_t)-1)
		iconv_close(d.cd);
	free(raw);
	free(out);
	return rc < 0 ? -1 : 0;
}

struct acc { struct sbuf b; };

static int acc_emit(void *c, const char *p, size_t n)
{
	sbuf_add(&((struct acc *)c)->b, p, n);
	return 0;
}

/* mime_to_utf8 - in (charset cs, "" for none) as a UTF-8 string. */
char *mime_to_utf8(const char *cs, const char *in, size_t n)
{
	struct dec d = { .cd = (iconv_t)-1 };
	struct acc a = { {0} };
	struct lim l = { acc_emit, &a, UINT64_MAX };

	if (!is_utf8_name(cs))
		d.cd = iconv_open("UTF-8", cs);
	if (feed(&d, in, n, false, &l) == 0)
		feed(&d, "", 0, true, &l);
	if (d.cd != (iconv_t)-1)
		iconv_close(d.cd);
	return sbuf_take(&a.b);
}
