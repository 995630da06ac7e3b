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

#include "outward/compose.h"
#include "outward/vacation.h"

static void put_ids(struct mbuf *b, const struct vacation_env *ve)
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
		       mail_safe_host(ve->host) ? ve->host : "localhost");
	mbuf_field(b, "Message-ID", id);
	if (msgid != NULL && msgid[0] != '\0') {
		mbuf_field(b, "In-Reply-To", msgid);
		/* RFC 5322 3.6.4: the parent's References (or its single
		 * In-Reply-To), then the parent's Message-ID. */
		const char *prev = refs ? refs : irt && !strchr(irt + 1, '<') ? irt : NULL;
		mbuf_puts(b, "References: ");
		if (prev != NULL && prev[0] != '\0' &&
		    strlen(prev) + strlen(msgid) < LINE_MAX_OCTETS) {
			mbuf_value(b, prev);
			mbuf_puts(b, "\n ");
		}
		mbuf_value(b, msgid);
		mbuf_puts(b, "\n");
	}
	free(msgid);
	free(refs);
	free(irt);
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
		bool use = f != NULL && strlen(f) < size && mail_plain_ascii(f) &&
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
	struct mbuf b = { NULL, 0, 0, false };
	char date[64], me[600];

	if (v->from != NULL && v->from[0] != '\0')
		mbuf_field(&b, "From", v->from);
	else {
		(void)snprintf(me, sizeof(me), "<%.256s%s%.256s>", ve->rcpt,
			       strchr(ve->rcpt, '@') ? "" : "@",
			       strchr(ve->rcpt, '@') ? "" : ve->host);
		mbuf_field(&b, "From", me);
	}
	reply_to(ve, me, sizeof(me));
	mbuf_field(&b, "To", me);
	mbuf_puts(&b, "Subject: ");
	if (v->subject != NULL && mail_plain_ascii(v->subject))
		mbuf_value(&b, v->subject);
	else if (v->subject != NULL)
		mbuf_encoded(&b, v->subject);
	else {
		char *subj = spool_field(ve->sp, "Subject");
		mbuf_puts(&b, "Auto: ");
		if (subj != NULL && mail_plain_ascii(subj))
			mbuf_value(&b, subj);
		else if (subj != NULL)
			mbuf_encoded(&b, subj);
		free(subj);
	}
	mbuf_puts(&b, "\n");
	mail_date(ve->now, date, sizeof(date));
	mbuf_field(&b, "Date", date);
	put_ids(&b, ve);
	mbuf_field(&b, "Auto-Submitted", "auto-replied");
	mbuf_field(&b, "MIME-Version", "1.0");
	if (!v->mime) {
		mbuf_field(&b, "Content-Type", "text/plain; charset=utf-8");
		mbuf_field(&b, "Content-Transfer-Encoding", "8bit");
		mbuf_puts(&b, "\n");
	}
	mbuf_text(&b, v->reason ? v->reason : "");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	*len_r = b.len;
	return b.s;
}
