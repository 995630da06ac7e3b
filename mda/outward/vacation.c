/*
 * vacation.c - whether a vacation reply may go out, and sending it
 * (RFC 5230 sections 4.5, 4.6 and 5; RFC 3834 sections 2 and 3.1).
 *
 * mda's rules are authoritative, whatever the engine already checked:
 * never answer the null sender, MAILER-DAEMON, LISTSERV, majordomo,
 * owner-*, *-request, the user's own address, a message with
 * Auto-Submitted other than "no", Precedence bulk/junk/list, any List-*
 * field, or a message whose To/Cc/Bcc/Resent-To/Resent-Cc/Resent-Bcc names
 * none of the user's addresses (envelope recipient, original recipient,
 * :addresses).  Then the once-per-period rule: key handle NUL sender
 * (lowercased) of kind "vacation", checked and marked in one transaction
 * that is committed before the reply leaves (at most once beats at least
 * once for auto-replies); a reply that cannot be handed over is unmarked
 * so the next message tries again.  A state database that cannot be used
 * means no reply (docs/VIOLATIONS.md).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/header.h"
#include "log.h"
#include "outward/sendmail.h"
#include "outward/vacation.h"

#define MAX_MINE 64   /* of the user's addresses looked at */

static bool local_is(const char *addr, const char *word)
{
	size_t n = strcspn(addr, "@");

	return n == strlen(word) && strncasecmp(addr, word, n) == 0;
}

static const char *robot(const char *s)
{
	size_t n = strcspn(s, "@");

	if (local_is(s, "mailer-daemon") || local_is(s, "listserv") ||
	    local_is(s, "majordomo"))
		return "sender is a mail robot";
	if (strncasecmp(s, "owner-", 6) == 0)
		return "sender is a list owner (owner-*)";
	if (n >= 8 && strncasecmp(s + n - 8, "-request", 8) == 0)
		return "sender is a list address (*-request)";
	return NULL;
}

static bool is_addr_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr(".!#$%&'*+/=?^_`{|}~-@", c));
}

/* names - does value hold addr as a whole address?  A bare local part
 * (no '@') also matches "local@any.domain". */
static bool names(const char *value, const char *addr)
{
	size_t n = strlen(addr);
	bool bare = strchr(addr, '@') == NULL;

	if (n == 0)
		return false;
	for (const char *p = value; *p; p++) {   /* bounded by the value */
		if (strncasecmp(p, addr, n) != 0 ||
		    (p > value && is_addr_char(p[-1])))
			continue;
		if (!is_addr_char(p[n]) || (bare && p[n] == '@'))
			return true;
	}
	return false;
}

static bool field_is(const struct sieve_header_field *f, const char *name)
{
	size_t n = strlen(name);

	return f->name_len == n && strncasecmp(f->name, name, n) == 0;
}

/* addressed_to_me - one of mine[] in a recipient field? */
static bool addressed_to_me(const struct spool *sp, const char **mine,
			    size_t nmine)
{
	static const char *const rcpt_fields[] = { "To", "Cc", "Bcc",
		"Resent-To", "Resent-Cc", "Resent-Bcc", NULL };

	for (size_t i = 0; i < sp->nfields; i++) {   /* bounded by the index */
		bool want = false, hit = false;
		for (size_t k = 0; rcpt_fields[k] != NULL; k++)
			want = want || field_is(&sp->fields[i], rcpt_fields[k]);
		if (!want)
			continue;
		char *v = header_unfold(sp->fields[i].value,
					sp->fields[i].value_len);
		for (size_t m = 0; v != NULL && m < nmine && !hit; m++)
			hit = names(v, mine[m]);
		free(v);
		if (hit)
			return true;
	}
	return false;
}

/* list_or_bulk - RFC 3834 2 / RFC 5230 4.6 markers; reason or NULL. */
/* suppressed - X-Auto-Response-Suppress (Microsoft's [MS-OXCMAIL]
 * 2.2.3.2.14) names All or OOF among its comma-separated values: the
 * sender asked for no out-of-office replies (Pigeonhole honours it too). */
static bool suppressed(const struct sieve_header_field *f)
{
	char *v, *tok, *save = NULL;
	bool yes = false;

	if (!field_is(f, "X-Auto-Response-Suppress") ||
	    (v = header_unfold(f->value, f->value_len)) == NULL)
		return false;
	for (tok = strtok_r(v, ", \t", &save); tok != NULL && !yes;
	     tok = strtok_r(NULL, ", \t", &save))   /* bounded by v */
		yes = strcasecmp(tok, "All") == 0 || strcasecmp(tok, "OOF") == 0;
	free(v);
	return yes;
}

static const char *list_or_bulk(const struct spool *sp, char *buf,
				size_t size)
{
	for (size_t i = 0; i < sp->nfields; i++) {
		const struct sieve_header_field *f = &sp->fields[i];
		if (suppressed(f))
			return "X-Auto-Response-Suppress";
		if (f->name_len > 5 && strncasecmp(f->name, "List-", 5) == 0) {
			(void)snprintf(buf, size, "mailing list (%.*s)",
				       (int)(f->name_len > 40 ? 40 : f->name_len),
				       f->name);
			return buf;
		}
		bool auto_sub = field_is(f, "Auto-Submitted");
		if (!auto_sub && !field_is(f, "Precedence"))
			continue;
		char *v = header_unfold(f->value, f->value_len);
		if (v == NULL)
			return "out of memory";
		v[strcspn(v, " \t;(")] = '\0';   /* the keyword only */
		bool refuse = auto_sub ? strcasecmp(v, "no") != 0 :
			      strcasecmp(v, "bulk") == 0 ||
			      strcasecmp(v, "junk") == 0 ||
			      strcasecmp(v, "list") == 0;
		if (refuse)
			(void)snprintf(buf, size, "%s: %.60s", auto_sub ?
				       "Auto-Submitted" : "Precedence", v);
		free(v);
		if (refuse)
			return buf;
	}
	return NULL;
}

const char *vacation_refusal(const struct vacation_env *ve,
			     const struct sieve_vacation *v, char *buf,
			     size_t size)
{
	const char *mine[MAX_MINE];
	size_t nmine = 0;
	const char *r;

	if (ve->sender == NULL || ve->sender[0] == '\0')
		return "null sender";
	if ((r = robot(ve->sender)) != NULL)
		return r;
	if (ve->state == NULL)
		return "no state database";
	mine[nmine++] = ve->rcpt;
	if (ve->orig_rcpt != NULL && ve->orig_rcpt[0] != '\0')
		mine[nmine++] = ve->orig_rcpt;
	for (size_t i = 0; i < v->naddresses && nmine < MAX_MINE; i++)
		if (v->addresses[i] != NULL)
			mine[nmine++] = v->addresses[i];
	for (size_t i = 0; i < nmine; i++)
		if (strcasecmp(ve->sender, mine[i]) == 0)
			return "sender is the user";
	if ((r = list_or_bulk(ve->sp, buf, size)) != NULL)
		return r;
	if (!addressed_to_me(ve->sp, mine, nmine))
		return "the user is not in To/Cc";
	return NULL;
}

static void note(const struct vacation_env *ve, const char *what,
		 const char *detail)
{
	char line[600];

	(void)snprintf(line, sizeof(line), "vacation: %s%s%.400s%s", what,
		       detail[0] ? " (" : "", detail, detail[0] ? ")" : "");
	log_note(ve->cfg, line);
}

/* make_key - handle NUL lowercased sender; NULL on ENOMEM. */
static char *make_key(const struct sieve_vacation *v, const char *sender,
		      size_t *len_r)
{
	const char *h = v->handle ? v->handle : "";
	size_t hn = strlen(h), sn = strlen(sender);
	char *k = malloc(hn + sn + 2);

	if (k == NULL)
		return NULL;
	memcpy(k, h, hn);
	k[hn] = '\0';
	for (size_t i = 0; i < sn; i++)
		k[hn + 1 + i] = (sender[i] >= 'A' && sender[i] <= 'Z') ?
				(char)(sender[i] + 32) : sender[i];
	k[hn + 1 + sn] = '\0';
	*len_r = hn + 1 + sn;
	return k;
}

static void send_reply(const struct vacation_env *ve,
		       const struct sieve_vacation *v, const char *key,
		       size_t klen)
{
	struct why w = { "", "" };
	size_t len = 0;
	char *text = vacation_compose(ve, v, &len);

	if (text == NULL) {
		(void)state_unmark(ve->state, "vacation", key, klen);
		note(ve, "not sent", "out of memory");
		return;
	}
	struct msg_source src = { text, len, -1, 0, 0 };
	/* RFC 3834 3.1.4 / RFC 5230 5: the reply's envelope sender is null,
	 * so nothing can answer it back; sendmail_send passes "" as <>. */
	if (sendmail_send(ve->cfg->sendmail, "", ve->sender, &src, &w) == MDA_OK) {
		char line[600];
		(void)snprintf(line, sizeof(line), "vacation: sent to <%.500s>",
			       ve->sender);
		log_note(ve->cfg, line);
	} else {
		(void)state_unmark(ve->state, "vacation", key, klen);
		note(ve, "not sent", w.text);
	}
	free(text);
}

void vacation_execute(const struct vacation_env *ve,
		      const struct sieve_vacation *v)
{
	char buf[200];
	const char *why = vacation_refusal(ve, v, buf, sizeof(buf));
	size_t klen = 0;
	char *key;
	int seen;

	if (why != NULL) {
		note(ve, "not sent", why);
		return;
	}
	if ((key = make_key(v, ve->sender, &klen)) == NULL) {
		note(ve, "not sent", "out of memory");
		return;
	}
	seen = state_check_n(ve->state, "vacation", key, klen, v->period, 1);
	if (seen == 0 && state_commit(ve->state) != 0)
		seen = -1;
	if (seen == 1) {
		state_rollback(ve->state);
		note(ve, "not sent", "already answered within the period");
	} else if (seen < 0) {
		note(ve, "not sent", state_error(ve->state));
	} else {
		send_reply(ve, v, key, klen);
	}
	free(key);
}
