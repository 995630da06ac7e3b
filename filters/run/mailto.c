/*
 * mailto.c - enotify's mailto method (RFC 5436) over RFC 6068 URIs:
 *
 *   mailto:ADDR[,ADDR]...[?hname=hvalue[&hname=hvalue]...]
 *
 * Raw octets must be unreserved, %XX or one of RFC 6068's some-delims;
 * after decoding, every address must be one valid address, every field
 * name printable ASCII without ':' and every value but body's printable
 * ASCII.  No recipient at all is valid (and notifies nobody).  to, cc and
 * bcc add recipients (RFC 5436 2.3) with their display names (RFC 6068 2
 * allows "name <addr>"; a non-ASCII name comes as RFC 2047 words, decoded
 * here), subject and body are kept; any other field is dropped,
 * as RFC 5436 2.2 allows for fields that are not safe to copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/ext.h"
#include "mime/rfc2047.h"
#include "run/address.h"
#include "run/mailto.h"
#include "util.h"

static bool qchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-._~!$'()*+,;:@%", c));
}

/* decode - [s, s+n) %-decoded, malloc'd; NULL if not well formed. */
static char *decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!qchar(s[i]))
			goto bad;
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= n)
			goto bad;
		int h = hex_value((unsigned char)s[i + 1]);
		int l = hex_value((unsigned char)s[i + 2]);
		if (h < 0 || l < 0 || (h == 0 && l == 0))
			goto bad;
		*o++ = (char)(h * 16 + l);
		i += 2;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* insert - addr (and its display name, both taken) as a recipient of
 * kind k, To, Cc and Bcc kept in that order; -1 on ENOMEM (nothing
 * taken then). */
static int insert(struct sieve_notify *nt, int k, char *addr, char *name)
{
	size_t at = k == 0 ? nt->nto : k == 1 ? nt->nto + nt->ncc : nt->nrcpt;
	char **r = realloc(nt->rcpt, (nt->nrcpt + 1) * sizeof(*r));

	if (r == NULL)
		return -1;
	nt->rcpt = r;
	r = realloc(nt->names, (nt->nrcpt + 1) * sizeof(*r));
	if (r == NULL)
		return -1;
	nt->names = r;
	memmove(nt->rcpt + at + 1, nt->rcpt + at,
		(nt->nrcpt - at) * sizeof(*r));
	memmove(nt->names + at + 1, nt->names + at,
		(nt->nrcpt - at) * sizeof(*r));
	nt->rcpt[at] = addr;
	nt->names[at] = name;
	nt->nrcpt++;
	nt->nto += k == 0;
	nt->ncc += k == 1;
	return 0;
}

/* add_addrs - every address of list into kind k of nt (0 to, 1 cc,
 * 2 bcc) with its display name; -1 with err when one is not a valid
 * address. */
static int add_addrs(struct sieve_notify *nt, const char *list, int k,
		     char *err, size_t size)
{
	struct sieve_addr *v = NULL;
	size_t nv = 0;
	int rc = 0;

	if (sieve_addr_parse(list, &v, &nv) < 0) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nv && rc == 0; i++) {
		char *a = v[i].valid ? sieve_addr_part(&v[i], AP_ALL) : NULL;
		char *name = NULL;

		if (a == NULL || strchr(a, '@') == NULL) {
			snprintf(err, size, "invalid recipient \"%.100s\"",
				 v[i].raw ? v[i].raw : list);
			rc = -1;
		} else if (nt != NULL && nt->nrcpt >= SIEVE_NOTIFY_RCPT_MAX) {
			snprintf(err, size, "more than %d recipients",
				 SIEVE_NOTIFY_RCPT_MAX);
			rc = -1;
		} else if (nt != NULL &&
			   ((v[i].name != NULL && (name = sieve_rfc2047_decode(
			     v[i].name, strlen(v[i].name))) == NULL) ||
			    insert(nt, k, a, name) < 0)) {
			snprintf(err, size, "out of memory");
			rc = -1;
		} else if (nt != NULL) {
			a = name = NULL;   /* nt holds them */
		}
		free(a);
		free(name);
	}
	sieve_addr_free(v, nv);
	return rc;
}

static bool field_name_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s <= 32 || *s >= 127 || *s == ':')
			return false;
	return true;
}

/* field_value_ok - printable ASCII (or TAB): a header value that needs
 * no encoding and cannot start a field of its own (as Pigeonhole). */
static bool field_value_ok(const char *s)
{
	for (; *s; s++)
		if ((*s < 32 && *s != '\t') || *s >= 127)
			return false;
	return true;
}

/* hfield - one "name=value" of the query. */
static int hfield(struct sieve_notify *nt, const char *s, size_t n,
		  char *err, size_t size)
{
	const char *eq = memchr(s, '=', n);
	char *name = eq ? decode(s, (size_t)(eq - s)) : NULL;
	char *val = eq ? decode(eq + 1, n - (size_t)(eq - s) - 1) : NULL;
	int rc = 0;

	if (name == NULL || val == NULL || !field_name_ok(name) ||
	    (!ascii_ieq(name, "body") && !field_value_ok(val))) {
		snprintf(err, size, "invalid header field \"%.*s\"",
			 (int)(n > 60 ? 60 : n), s);
		rc = -1;
	} else if (ascii_ieq(name, "to") || ascii_ieq(name, "cc") ||
		   ascii_ieq(name, "bcc")) {
		rc = add_addrs(nt, val, ascii_lower(name[0]) == 't' ? 0 :
				ascii_lower(name[0]) == 'c' ? 1 : 2, err, size);
	} else if (nt != NULL && (ascii_ieq(name, "subject") ||
				  ascii_ieq(name, "body"))) {
		char **dst = ascii_ieq(name, "body") ? &nt->body : &nt->subject;

		free(*dst);
		*dst = val;
		val = NULL;
	}
	free(name);
	free(val);
	return rc;
}

int sieve_mailto_parse(const char *uri, struct sieve_notify *nt, char *err,
		       size_t size)
{
	const char *p, *q;
	char *to;
	int rc;

	if (strncasecmp(uri, "mailto:", 7) != 0) {
		snprintf(err, size, "not a mailto URI");
		return -1;
	}
	p = uri + 7;
	q = strchr(p, '?');
	to = decode(p, q ? (size_t)(q - p) : strlen(p));
	if (to != NULL && memchr(p, ';', q ? (size_t)(q - p) : strlen(p))) {
		free(to);   /* a group end: never part of an addr-spec */
		to = NULL;
	}
	if (to == NULL) {
		snprintf(err, size, "invalid character in the recipients");
		return -1;
	}
	rc = to[0] != '\0' ? add_addrs(nt, to, 0, err, size) : 0;
	free(to);
	while (rc == 0 && q != NULL) {   /* one field per turn */
		const char *f = q + 1, *amp = strchr(f, '&');
		size_t n = amp ? (size_t)(amp - f) : strlen(f);

		rc = hfield(nt, f, n, err, size);
		q = amp;
	}
	return rc;
}

bool sieve_notify_uri_ok(const char *uri)
{
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	char err[200];
	bool ok = nt != NULL &&
		  sieve_mailto_parse(uri, nt, err, sizeof(err)) == 0;

	sieve_notify_free(nt);
	return ok;
}
