/*
 * mime-hdr.c - the header of a MIME part: field iteration over a raw
 * block, Content-Type (RFC 2045 5.1), Content-Transfer-Encoding (RFC 2045
 * 6.1), and parameters with RFC 2231 continuations ("name*0*=", "name*1=")
 * and charsets ("name*=utf-8'en'%E2%82%AC").  Quoted values that hold
 * RFC 2047 encoded-words are decoded too, as mail clients write them so.
 * Every loop is bounded by the length of its input.
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mime/mime.h"
#include "mime/rfc2047.h"
#include "util.h"

char *mime_to_utf8(const char *cs, const char *in, size_t n);

bool mime_hdr_next(const char *blk, size_t len, size_t *pos,
		   const char **name, size_t *nlen,
		   const char **val, size_t *vlen)
{
	size_t i = *pos;

	while (i < len) {
		size_t start = i, colon = 0, end;

		if (blk[i] == '\n' || (blk[i] == '\r' && i + 1 < len &&
				       blk[i + 1] == '\n'))
			break;   /* the blank line */
		for (; i < len; i++) {
			if (blk[i] == ':' && colon == 0)
				colon = i;
			if (blk[i] == '\n' && (i + 1 >= len ||
			    (blk[i + 1] != ' ' && blk[i + 1] != '\t')))
				break;
		}
		end = i;
		if (i < len)
			i++;
		if (end > start && blk[end - 1] == '\r')
			end--;
		if (colon == 0 || colon <= start)
			continue;   /* not a field: skip the line */
		*name = blk + start;
		*nlen = colon - start;
		while (*nlen > 0 && ((*name)[*nlen - 1] == ' ' ||
				     (*name)[*nlen - 1] == '\t'))
			(*nlen)--;
		*val = blk + colon + 1;
		*vlen = end - colon - 1;
		*pos = i;
		return true;
	}
	*pos = len;
	return false;
}

static size_t skip_ws(const char *v, size_t n, size_t i)
{
	while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' ||
			 v[i] == '\n'))
		i++;
	if (i < n && v[i] == '(') {   /* a comment, nesting counted */
		int lvl = 0;

		for (; i < n; i++) {
			if (v[i] == '\\' && i + 1 < n)
				i++;
			else if (v[i] == '(')
				lvl++;
			else if (v[i] == ')' && --lvl == 0) {
				i++;
				break;
			}
		}
		return skip_ws(v, n, i);
	}
	return i;
}

static bool tspecial(char c)
{
	return c == ';' || c == '/' || c == '=' || c == '"' || c == '(' ||
	       c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',';
}

/* token - copy the token at v[*i] lower-cased into out. */
static void token(const char *v, size_t n, size_t *i, char *out, size_t sz)
{
	size_t k = 0;

	for (; *i < n && !tspecial(v[*i]); (*i)++)
		if (k + 1 < sz)
			out[k++] = (char)ascii_lower((unsigned char)v[*i]);
	out[k] = '\0';
}

void mime_ctype(const char *v, size_t n, char *type, size_t tsz,
		char *sub, size_t ssz)
{
	size_t i = skip_ws(v, n, 0);

	token(v, n, &i, type, tsz);
	i = skip_ws(v, n, i);
	sub[0] = '\0';
	if (i < n && v[i] == '/') {
		i = skip_ws(v, n, i + 1);
		token(v, n, &i, sub, ssz);
	}
}

enum mime_cte mime_cte_of(const char *v, size_t n)
{
	char t[32];
	size_t i = skip_ws(v, n, 0);

	token(v, n, &i, t, sizeof(t));
	if (strcmp(t, "base64") == 0)
		return CTE_BASE64;
	if (strcmp(t, "quoted-printable") == 0)
		return CTE_QP;
	if (t[0] == '\0' || strcmp(t, "7bit") == 0 || strcmp(t, "8bit") == 0 ||
	    strcmp(t, "binary") == 0)
		return CTE_IDENTITY;
	return CTE_UNKNOWN;
}

/* value - the value at v[*i] (quoted string unescaped) appended to out. */
static void value(const char *v, size_t n, size_t *i, struct sbuf *out)
{
	if (*i < n && v[*i] == '"') {
		for ((*i)++; *i < n && v[*i] != '"'; (*i)++) {
			if (v[*i] == '\\' && *i + 1 < n)
				(*i)++;
			if (v[*i] != '\r' && v[*i] != '\n')
				sbuf_addc(out, v[*i]);
		}
		if (*i < n)
			(*i)++;
		return;
	}
	for (; *i < n && v[*i] != ';' && v[*i] != ' ' && v[*i] != '\t' &&
	       v[*i] != '\r' && v[*i] != '\n'; (*i)++)
		sbuf_addc(out, v[*i]);
}

static void pct_decode(const char *s, size_t n, struct sbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 0 && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			sbuf_addc(out, (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
			i += 2;
		} else {
			sbuf_addc(out, s[i]);
		}
	}
}

struct sections {
	struct sbuf part[SIEVE_MAX_PARAM_SECTIONS];
	bool have[SIEVE_MAX_PARAM_SECTIONS], enc[SIEVE_MAX_PARAM_SECTIONS];
	struct sbuf plain;
	bool have_plain;
};

/* attr_match - is attr (lower case) name, name*, name*N or name*N*?
 * Sets *sec (-1: plain) and *enc. */
static bool attr_match(const char *attr, const char *name, int *sec, bool *enc)
{
	size_t nl = strlen(name);
	const char *p = attr + nl;

	if (strncmp(attr, name, nl) != 0)
		return false;
	*sec = -1;
	*enc = false;
	if (*p == '\0')
		return true;
	if (*p++ != '*')
		return false;
	if (*p == '\0') {
		*sec = 0;
		*enc = true;
		return true;
	}
	*sec = 0;
	for (; *p >= '0' && *p <= '9' && *sec < 1000; p++)
		*sec = *sec * 10 + (*p - '0');
	if (*p == '*') {
		*enc = true;
		p++;
	}
	return *p == '\0' && *sec < SIEVE_MAX_PARAM_SECTIONS;
}

static void collect(const char *v, size_t n, const char *name,
		    struct sections *s)
{
	size_t i = 0;

	while (i < n && v[i] != ';')   /* skip the type or the disposition */
		i = v[i] == '"' ? (value(v, n, &i, &s->plain), i) : i + 1;
	sbuf_free(&s->plain);
	while (i < n) {
		char attr[128];
		struct sbuf val = {0};
		int sec;
		bool enc;

		i = skip_ws(v, n, i + 1);   /* past ';' */
		token(v, n, &i, attr, sizeof(attr));
		i = skip_ws(v, n, i);
		if (i < n && v[i] == '=') {
			i = skip_ws(v, n, i + 1);
			value(v, n, &i, &val);
		}
		if (attr[0] != '\0' && attr_match(attr, name, &sec, &enc)) {
			struct sbuf *dst = sec < 0 ? &s->plain : &s->part[sec];

			if (!(sec < 0 ? s->have_plain : s->have[sec])) {
				sbuf_add(dst, val.s ? val.s : "", val.len);
				if (sec < 0)
					s->have_plain = true;
				else {
					s->have[sec] = true;
					s->enc[sec] = enc;
				}
			}
		}
		sbuf_free(&val);
		while (i < n && v[i] != ';')
			i = v[i] == '"' ? (value(v, n, &i, &val), sbuf_free(&val), i)
					: i + 1;
	}
}

/* join - RFC 2231 3 and 4: sections in order, the first may carry
 * charset'language'; encoded sections are percent-decoded. */
static char *join(struct sections *s)
{
	struct sbuf raw = {0};
	char cs[48] = "";
	char *out;

	for (int k = 0; k < SIEVE_MAX_PARAM_SECTIONS && s->have[k]; k++) {
		const char *p = s->part[k].s ? s->part[k].s : "";
		size_t len = s->part[k].len;

		if (k == 0 && s->enc[0]) {
			const char *q1 = memchr(p, '\'', len);
			const char *q2 = q1 ? memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - p)) : NULL;

			if (q2 != NULL) {
				snprintf(cs, sizeof(cs), "%.*s", (int)(q1 - p), p);
				len -= (size_t)(q2 + 1 - p);
				p = q2 + 1;
			}
		}
		if (s->enc[k])
			pct_decode(p, len, &raw);
		else
			sbuf_add(&raw, p, len);
		if (raw.len > SIEVE_MAX_PARAM_LEN)
			break;
	}
	out = mime_to_utf8(cs, raw.s ? raw.s : "", raw.len);
	sbuf_free(&raw);
	return out;
}

char *mime_param(const char *v, size_t n, const char *name)
{
	struct sections *s = calloc(1, sizeof(*s));
	char lname[128];
	char *out = NULL;
	size_t k = 0;

	if (s == NULL)
		return NULL;
	for (; name[k] != '\0' && k + 1 < sizeof(lname); k++)
		lname[k] = (char)ascii_lower((unsigned char)name[k]);
	lname[k] = '\0';
	collect(v, n, lname, s);
	if (s->have[0])
		out = join(s);
	else if (s->have_plain)
		out = sieve_rfc2047_decode(s->plain.s ? s->plain.s : "",
					   s->plain.len);
	for (int i = 0; i < SIEVE_MAX_PARAM_SECTIONS; i++)
		sbuf_free(&s->part[i]);
	sbuf_free(&s->plain);
	free(s);
	return out;
}

/* mime_set_type - RFC 2045 5.2: no Content-Type means text/plain, or
 * message/rfc822 inside multipart/digest (RFC 2046 5.1.5). */
void mime_set_type(struct mime_part *p, const char *blk, size_t len,
		   bool digest_parent)
{
	const char *nm, *v;
	size_t pos = 0, nl, vl;
	bool seen = false;

	snprintf(p->type, sizeof(p->type), "%s", digest_parent ? "message" : "text");
	snprintf(p->subtype, sizeof(p->subtype), "%s", digest_parent ? "rfc822" : "plain");
	p->charset[0] = '\0';
	p->cte = CTE_IDENTITY;
	while (mime_hdr_next(blk, len, &pos, &nm, &nl, &v, &vl)) {
		if (!seen && ascii_nieq(nm, nl, "content-type")) {
			char *cs = mime_param(v, vl, "charset");

			seen = true;
			mime_ctype(v, vl, p->type, sizeof(p->type), p->subtype,
				   sizeof(p->subtype));
			if (cs != NULL)
				snprintf(p->charset, sizeof(p->charset), "%s", cs);
			free(cs);
		} else if (ascii_nieq(nm, nl, "content-transfer-encoding")) {
			p->cte = mime_cte_of(v, vl);
		}
	}
	if (p->type[0] == '\0' || p->subtype[0] == '\0') {
		snprintf(p->type, sizeof(p->type), "text");   /* RFC 2045 5.2 */
		snprintf(p->subtype, sizeof(p->subtype), "plain");
	}
	if (p->cte == CTE_UNKNOWN) {   /* opaque octets (RFC 2045 6.4) */
		snprintf(p->type, sizeof(p->type), "application");
		snprintf(p->subtype, sizeof(p->subtype), "octet-stream");
		p->charset[0] = '\0';
		p->cte = CTE_IDENTITY;
	}
	p->multipart = strcmp(p->type, "multipart") == 0;
	p->rfc822 = strcmp(p->type, "message") == 0 &&
		    strcmp(p->subtype, "rfc822") == 0;
}

char *mime_part_header(const struct sieve_message *msg,
		       const struct mime_part *p, size_t *len_r)
{
	uint64_t want = p->body_off - p->hdr_off;
	size_t got = 0;
	char *buf;

	if (want > SIEVE_MAX_MIME_HEADER)
		want = SIEVE_MAX_MIME_HEADER;
	if ((buf = malloc((size_t)want + 1)) == NULL)
		return NULL;
	while (got < want) {
		ssize_t r = msg->body_read(msg->body_ctx, p->hdr_off + got,
					   buf + got, (size_t)want - got);
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	*len_r = got;
	return buf;
}
