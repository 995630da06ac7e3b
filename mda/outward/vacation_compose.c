/*
 * vacation_compose.c - the text of a vacation reply (RFC 5230 section 5,
 * RFC 3834 section 3, RFC 5322 section 3, RFC 2047 for a non-ASCII
 * Subject).
 *
 * Header fields, in this order: From (:from, else the envelope recipient),
 * To (the envelope sender: the reply goes where the bounce would), Subject
 * (the engine's final subject, else "Auto: " + the original one), Date,
 * Message-ID (fresh), In-Reply-To and References (RFC 5322 3.6.4),
 * Auto-Submitted: auto-replied (RFC 3834 5), MIME-Version, and either
 * text/plain; charset=utf-8 with 8bit, or, with :mime, the entity given.
 * Line ends are LF (the local convention the sendmail program expects);
 * CR and LF inside any value become a space, so nothing from the original
 * message or the script can start a header field of its own.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "outward/vacation.h"

#define LINE_MAX_OCTETS 900   /* below RFC 5322's 998 with the name */

struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
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

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* put_value - a header value on one line: CR/LF/NUL become spaces,
 * length capped at a UTF-8 boundary. */
static void put_value(struct buf *b, const char *v)
{
	size_t n = strlen(v);

	if (n > LINE_MAX_OCTETS) {
		n = LINE_MAX_OCTETS;
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		put(b, v[i] == '\r' || v[i] == '\n' ? " " : &v[i], 1);
}

static void field(struct buf *b, const char *name, const char *value)
{
	puts_(b, name);
	puts_(b, ": ");
	put_value(b, value);
	puts_(b, "\n");
}

/* plain_ascii - no 8-bit octets (CR, LF, TAB become blanks later). */
static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || ((unsigned char)*s < 0x20 &&
		    *s != '\r' && *s != '\n' && *s != '\t'))
			return false;
	return true;
}

/* put_encoded - RFC 2047 B-words of at most 45 octets (60 base64
 * characters, a word under 75), cut between UTF-8 characters, folded. */
static void put_encoded(struct buf *b, const char *s)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), off = 0;

	if (n > LINE_MAX_OCTETS)
		n = LINE_MAX_OCTETS;
	while (off < n) {   /* advances by at least one octet */
		size_t k = n - off > 45 ? 45 : n - off;
		while (k > 1 && off + k < n &&
		       ((unsigned char)s[off + k] & 0xC0) == 0x80)
			k--;
		puts_(b, off ? "\n =?utf-8?B?" : "=?utf-8?B?");
		for (size_t i = 0; i < k; i += 3) {
			const unsigned char *p = (const unsigned char *)s + off + i;
			size_t r = k - i;
			unsigned v = (unsigned)p[0] << 16 |
				     (r > 1 ? (unsigned)p[1] << 8 : 0) |
				     (r > 2 ? p[2] : 0);
			char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63],
				      r > 1 ? b64[v >> 6 & 63] : '=',
				      r > 2 ? b64[v & 63] : '=' };
			put(b, q, 4);
		}
		puts_(b, "?=");
		off += k;
	}
}

/* rfc5322_date - "Mon, 02 Jan 2006 15:04:05 +0000" in the local zone,
 * English names whatever the locale. */
static void rfc5322_date(time_t t, char *out, size_t size)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char mons[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
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

static bool safe_host(const char *h)
{
	if (h == NULL || h[0] == '\0')
		return false;
	for (; *h; h++)
		if (!(*h == '.' || *h == '-' || (*h >= '0' && *h <= '9') ||
		      (*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z')))
			return false;
	return true;
}

static void put_ids(struct buf *b, const struct vacation_env *ve)
{
	char *msgid = spool_field(ve->sp, "Message-ID");
	char *refs = spool_field(ve->sp, "References");
	char *irt = spool_field(ve->sp, "In-Reply-To");
	unsigned long long rnd = 0;
	char id[400];

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (unsigned long long)ve->now * 2654435761ULL;
	(void)snprintf(id, sizeof(id), "<%lld.%ld.%016llx.vacation@%.200s>",
		       (long long)ve->now, (long)getpid(), rnd,
		       safe_host(ve->host) ? ve->host : "localhost");
	field(b, "Message-ID", id);
	if (msgid != NULL && msgid[0] != '\0') {
		field(b, "In-Reply-To", msgid);
		/* RFC 5322 3.6.4: the parent's References (or its single
		 * In-Reply-To), then the parent's Message-ID. */
		const char *prev = refs ? refs : irt && !strchr(irt + 1, '<') ? irt : NULL;
		puts_(b, "References: ");
		if (prev != NULL && prev[0] != '\0' &&
		    strlen(prev) + strlen(msgid) < LINE_MAX_OCTETS) {
			put_value(b, prev);
			puts_(b, "\n ");
		}
		put_value(b, msgid);
		puts_(b, "\n");
	}
	free(msgid);
	free(refs);
	free(irt);
}

/* put_text - body octets with CRLF turned into LF (text: strings arrive
 * with CRLF, RFC 5228 2.4.2), ending in a newline. */
static void put_text(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			put(b, &s[i], 1);
	if (n == 0 || s[n - 1] != '\n')
		puts_(b, "\n");
}

/* reply_to - the To of the reply: the Sender or From field of the
 * message when it is "Name <sender>" for just the envelope sender (so the
 * reply keeps the person's name, as Pigeonhole's does), else "<sender>". */
static void reply_to(const struct vacation_env *ve, char *out, size_t size)
{
	static const char *const names[] = { "Sender", "From" };
	char want[520];

	(void)snprintf(out, size, "<%.500s>", ve->sender);
	(void)snprintf(want, sizeof(want), "<%.500s>", ve->sender);
	for (size_t i = 0; i < 2; i++) {
		char *f = spool_field(ve->sp, names[i]);
		bool use = f != NULL && strlen(f) < size && plain_ascii(f) &&
			   strpbrk(f, "\r\n") == NULL &&
			   strchr(f, ',') == NULL &&
			   strcasestr(f, want) != NULL;

		if (use)
			(void)snprintf(out, size, "%s", f);
		free(f);
		if (use)
			return;
	}
}

char *vacation_compose(const struct vacation_env *ve,
		       const struct sieve_vacation *v, size_t *len_r)
{
	struct buf b = { NULL, 0, 0, false };
	char date[64], me[600];

	if (v->from != NULL && v->from[0] != '\0')
		field(&b, "From", v->from);
	else {
		(void)snprintf(me, sizeof(me), "<%.256s%s%.256s>", ve->rcpt,
			       strchr(ve->rcpt, '@') ? "" : "@",
			       strchr(ve->rcpt, '@') ? "" : ve->host);
		field(&b, "From", me);
	}
	reply_to(ve, me, sizeof(me));
	field(&b, "To", me);
	puts_(&b, "Subject: ");
	if (v->subject != NULL && plain_ascii(v->subject))
		put_value(&b, v->subject);
	else if (v->subject != NULL)
		put_encoded(&b, v->subject);
	else {
		char *subj = spool_field(ve->sp, "Subject");
		puts_(&b, "Auto: ");
		if (subj != NULL && plain_ascii(subj))
			put_value(&b, subj);
		else if (subj != NULL)
			put_encoded(&b, subj);
		free(subj);
	}
	puts_(&b, "\n");
	rfc5322_date(ve->now, date, sizeof(date));
	field(&b, "Date", date);
	put_ids(&b, ve);
	field(&b, "Auto-Submitted", "auto-replied");
	field(&b, "MIME-Version", "1.0");
	if (!v->mime) {
		field(&b, "Content-Type", "text/plain; charset=utf-8");
		field(&b, "Content-Transfer-Encoding", "8bit");
		puts_(&b, "\n");
	}
	put_text(&b, v->reason ? v->reason : "");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	*len_r = b.len;
	return b.s;
}
