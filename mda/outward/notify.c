/*
 * notify.c - write and send one enotify mailto notification (contract in
 * notify.h; RFC 5436 2.2-2.7).
 *
 * The message: From (:from, else the user), To and Cc (the URI's, less
 * addresses already notified, with their display names, RFC 2047 words
 * when not ASCII; Bcc recipients are not shown), Subject
 * (:message, else the URI's subject, else "[SIEVE] New mail: " and the
 * original subject, as Pigeonhole names it), Date, Message-ID,
 * Auto-Submitted: auto-notified, X-Sieve, Importance and X-Priority from
 * :importance, then text/plain UTF-8: the URI's body, else :message,
 * else who sent what.  The envelope sender is null when the original one
 * was (RFC 5436 2.3), else :from, else the user's address.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/header.h"
#include "log.h"
#include "outward/compose.h"
#include "outward/notify.h"
#include "outward/sendmail.h"

/* automatic - the Auto-Submitted keyword when it is not "no", else NULL
 * (the caller frees). */
static char *automatic(const struct spool *sp)
{
	char *v = spool_field(sp, "Auto-Submitted");

	if (v == NULL)
		return NULL;
	v[strcspn(v, " \t;(")] = '\0';
	if (strcasecmp(v, "no") == 0) {
		free(v);
		return NULL;
	}
	return v;
}

static void subject(struct mbuf *b, const struct notify_env *ne,
		    const struct sieve_notify *nt)
{
	const char *s = nt->message ? nt->message : nt->subject;
	char *orig = NULL, *own = NULL;

	if (s == NULL) {
		orig = spool_field(ne->sp, "Subject");
		if (asprintf(&own, "[SIEVE] New mail: %s", orig ? orig : "") < 0)
			own = NULL;
		s = own != NULL ? own : "[SIEVE] New mail";
	}
	mbuf_puts(b, "Subject: ");
	if (mail_plain_ascii(s))
		mbuf_value(b, s);
	else
		mbuf_encoded(b, s);
	mbuf_puts(b, "\n");
	free(orig);
	free(own);
}

/* addr_field - "name: <a>, Name <b>" of the marked recipients
 * [from, to), each with its display name when the URI gave one. */
static void addr_field(struct mbuf *b, const char *name,
		       const struct sieve_notify *nt, const bool *send,
		       size_t from, size_t to)
{
	bool any = false;

	for (size_t i = from; i < to; i++) {
		const char *dn = nt->names != NULL ? nt->names[i] : NULL;

		if (!send[i])
			continue;
		mbuf_puts(b, any ? ",\n " : name);
		if (!any)
			mbuf_puts(b, ": ");
		if (dn != NULL && dn[0] != '\0') {
			mbuf_phrase(b, dn);
			mbuf_puts(b, " ");
		}
		mbuf_puts(b, "<");
		mbuf_value(b, nt->rcpt[i]);
		mbuf_puts(b, ">");
		any = true;
	}
	if (any)
		mbuf_puts(b, "\n");
}

static void body(struct mbuf *b, const struct notify_env *ne,
		 const struct sieve_notify *nt)
{
	char *from, *subj;

	if (nt->body != NULL || nt->message != NULL) {
		mbuf_text(b, nt->body != NULL ? nt->body : nt->message);
		return;
	}
	from = spool_field(ne->sp, "From");
	subj = spool_field(ne->sp, "Subject");
	mbuf_puts(b, "New mail for ");
	mbuf_value(b, ne->rcpt);
	mbuf_puts(b, "\nFrom: ");
	mbuf_value(b, from ? from : "");
	mbuf_puts(b, "\nSubject: ");
	mbuf_value(b, subj ? subj : "");
	mbuf_puts(b, "\n");
	free(from);
	free(subj);
}

char *notify_compose(const struct notify_env *ne, const struct sieve_notify *nt,
		     const bool *send, size_t *len_r)
{
	static const char *const prio[] = { "", "1 (Highest)", "3 (Normal)",
					    "5 (Lowest)" };
	static const char *const imp[] = { "", "high", "normal", "low" };
	struct mbuf b = { NULL, 0, 0, false };
	int i = nt->importance >= 1 && nt->importance <= 3 ? nt->importance : 2;
	char date[64], me[600];

	/* :from as the script wrote it (RFC 5436 2.3: it is the author) */
	if (nt->from != NULL)
		(void)snprintf(me, sizeof(me), "%.500s", nt->from);
	else   /* a bare user name gets the host, as vacation's From does */
		(void)snprintf(me, sizeof(me), "<%.256s%s%.256s>", ne->rcpt,
			       strchr(ne->rcpt, '@') ? "" : "@",
			       strchr(ne->rcpt, '@') ? "" : ne->host);
	mbuf_field(&b, "From", me);
	addr_field(&b, "To", nt, send, 0, nt->nto);
	addr_field(&b, "Cc", nt, send, nt->nto, nt->nto + nt->ncc);
	subject(&b, ne, nt);
	mail_date(ne->now, date, sizeof(date));
	mbuf_field(&b, "Date", date);
	(void)snprintf(me, sizeof(me), "<%lld.%ld.notify@%.200s>",
		       (long long)ne->now, (long)nt->nrcpt,
		       mail_safe_host(ne->host) ? ne->host : "localhost");
	mbuf_field(&b, "Message-ID", me);
	mbuf_field(&b, "Auto-Submitted",
		   nt->draft ? "auto-generated" : "auto-notified");
	mbuf_field(&b, "X-Sieve", "mda");
	mbuf_field(&b, "Importance", imp[i]);
	mbuf_field(&b, "X-Priority", prio[i]);
	mbuf_field(&b, "MIME-Version", "1.0");
	mbuf_field(&b, "Content-Type", "text/plain; charset=utf-8");
	mbuf_field(&b, "Content-Transfer-Encoding", "8bit");
	mbuf_puts(&b, "\n");
	body(&b, ne, nt);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	*len_r = b.len;
	return b.s;
}

/* pick - mark the recipients not notified before; how many. */
static size_t pick(struct notify_env *ne, const struct sieve_notify *nt,
		   bool *send)
{
	size_t n = 0;

	for (size_t i = 0; i < nt->nrcpt; i++) {
		size_t k = 0;

		while (k < ne->nsent && strcasecmp(ne->sent[k], nt->rcpt[i]))
			k++;
		send[i] = k == ne->nsent && ne->nsent < NOTIFY_SENT_MAX &&
			  (ne->sent[ne->nsent] = strdup(nt->rcpt[i])) != NULL;
		if (send[i]) {
			ne->nsent++;
			n++;
		}
	}
	return n;
}

static void note(const struct notify_env *ne, const char *what,
		 const char *why)
{
	char line[600];

	(void)snprintf(line, sizeof(line), "notify: %s (%.400s)", what, why);
	log_note(ne->cfg, line);
}

char *notify_make(struct notify_env *ne, const struct sieve_notify *nt,
		  bool *send, const char **env_from_r, size_t *len_r,
		  const char **why_r)
{
	char *kind = automatic(ne->sp), *text;

	if (kind != NULL) {
		free(kind);
		*why_r = "the message is Auto-Submitted";
		return NULL;
	}
	if (nt->nrcpt > SIEVE_NOTIFY_RCPT_MAX || pick(ne, nt, send) == 0) {
		*why_r = "no new recipient";
		return NULL;
	}
	if ((text = notify_compose(ne, nt, send, len_r)) == NULL) {
		*why_r = "out of memory";
		return NULL;
	}
	*env_from_r = ne->sender[0] == '\0' ? "" :
		      nt->from ? nt->from : ne->rcpt;
	return text;
}

void notify_execute(struct notify_env *ne, const struct sieve_notify *nt)
{
	bool send[SIEVE_NOTIFY_RCPT_MAX];
	const char *env_from = "", *why = "";
	size_t len = 0;
	char *text = notify_make(ne, nt, send, &env_from, &len, &why);

	if (text == NULL) {
		note(ne, "not sent", why);
		return;
	}
	for (size_t i = 0; i < nt->nrcpt; i++) {
		struct msg_source src = { text, len, -1, 0, 0 };
		struct why w = { "", "" };

		if (!send[i])
			continue;
		if (sendmail_send(ne->cfg->sendmail, env_from, nt->rcpt[i],
				  &src, &w) == MDA_OK)
			note(ne, "sent", nt->rcpt[i]);
		else
			note(ne, "not sent", w.text);
	}
	free(text);
}

void notify_env_free(struct notify_env *ne)
{
	for (size_t i = 0; i < ne->nsent; i++)
		free(ne->sent[i]);
	ne->nsent = 0;
}
