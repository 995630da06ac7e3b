/*
 * ext-vacation.c - RFC 5230 vacation and RFC 6131 :seconds.
 *
 * Produces a SIEVE_ACT_VACATION with struct sieve_vacation filled; mda
 * composes and sends the reply.  The rules of RFC 5230 section 4 that need
 * only the message are applied here - no reply to the null sender, to
 * MAILER-DAEMON, LISTSERV, majordomo, owner-* or *-request, to
 * Auto-Submitted (other than "no"), Precedence bulk/list/junk or List-*
 * mail, to mail that names none of the user's addresses (envelope
 * recipient, original recipient, :addresses) in To/Cc/Bcc/Resent-*, or to
 * the user's own address.  Then env->state_check("vacation", "HANDLE
 * SENDER", period, 1) decides the once-per-period rule (1: answered
 * already; -1: state unavailable, no reply).  Period: :days (at least 1,
 * default 7) or :seconds, in seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "run/address.h"
#include "run/interp.h"
#include "util.h"

enum { T_DAYS, T_SECONDS, T_SUBJECT, T_FROM, T_ADDRESSES, T_MIME, T_HANDLE };

static bool local_is(const char *addr, const char *s)
{
	size_t n = strcspn(addr, "@");

	return ascii_nieq(addr, n, s);
}

/* robot_sender - the senders RFC 5230 4.6 says never to answer. */
static bool robot_sender(const char *from)
{
	size_t n = strcspn(from, "@");

	return local_is(from, "mailer-daemon") || local_is(from, "listserv") ||
	       local_is(from, "majordomo") || strncasecmp(from, "owner-", 6) == 0 ||
	       (n >= 8 && strncasecmp(from + n - 8, "-request", 8) == 0);
}

static bool has_header(struct sieve_ix *ix, const char *name)
{
	size_t n;

	return ix_header_raw(ix, name, &n) != NULL && n > 0;
}

static bool bulk_mail(struct sieve_ix *ix)
{
	static const char *const lists[] = { "list-id", "list-help",
		"list-subscribe", "list-unsubscribe", "list-post", "list-owner",
		"list-archive", NULL };
	size_t n;
	const char **v = ix_header_values(ix, "auto-submitted", &n);

	for (size_t i = 0; v != NULL && i < n; i++)
		if (!ascii_ieq(v[i], "no"))
			return true;
	v = ix_header_values(ix, "precedence", &n);
	for (size_t i = 0; v != NULL && i < n; i++)
		if (ascii_ieq(v[i], "bulk") || ascii_ieq(v[i], "list") ||
		    ascii_ieq(v[i], "junk"))
			return true;
	for (size_t i = 0; lists[i] != NULL; i++)
		if (has_header(ix, lists[i]))
			return true;
	return false;
}

static bool mine(const char *a, const char **my, size_t nmy)
{
	for (size_t i = 0; i < nmy; i++)
		if (my[i] != NULL && ascii_ieq(a, my[i]))
			return true;
	return false;
}

/* names_me - one of my addresses in To/Cc/Bcc/Resent-To/Cc/Bcc? */
static bool names_me(struct sieve_ix *ix, const char **my, size_t nmy)
{
	static const char *const hdrs[] = { "to", "cc", "bcc", "resent-to",
					    "resent-cc", "resent-bcc", NULL };

	for (size_t h = 0; hdrs[h] != NULL; h++) {
		size_t n;
		const char **v = ix_header_values(ix, hdrs[h], &n);

		for (size_t i = 0; v != NULL && i < n; i++) {
			struct sieve_addr *a = NULL;
			size_t na = 0;
			bool hit = false;

			if (sieve_addr_parse(v[i], &a, &na) < 0)
				return false;
			for (size_t k = 0; k < na && !hit; k++) {
				char *all = sieve_addr_part(&a[k], AP_ALL);

				hit = all != NULL && mine(all, my, nmy);
				free(all);
			}
			sieve_addr_free(a, na);
			if (hit)
				return true;
		}
	}
	return false;
}

/* default_handle - RFC 5230 4.2: derived from the reply's parameters
 * (FNV-1a 64 over reason, subject, from and :mime). */
static char *default_handle(const char *reason, const char *subj,
			    const char *from, bool mime)
{
	const char *parts[] = { reason, subj ? subj : "", from ? from : "",
				mime ? "mime" : "" };
	unsigned long long h = 1469598103934665603ULL;
	char buf[40];

	for (size_t i = 0; i < 4; i++) {
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	snprintf(buf, sizeof(buf), "%016llx", h);
	return strdup(buf);
}

static char *reply_subject(struct sieve_ix *ix, const char *given)
{
	struct sbuf b = {0};
	size_t n;
	const char **v;

	if (given != NULL)
		return strdup(given);
	v = ix_header_values(ix, "subject", &n);
	if (v == NULL || n == 0 || v[0][0] == '\0')
		return strdup("Automated reply");
	sbuf_adds(&b, "Auto: ");
	sbuf_adds(&b, v[0]);
	return sbuf_take(&b);
}

/* should_reply - the RFC 5230 section 4 rules that need only the message. */
static bool should_reply(struct sieve_ix *ix, const struct sieve_node *n,
			 const char *sender)
{
	const struct sieve_envelope *e = &ix->env->envelope;
	const char *my[SIEVE_MAX_STRING_LIST + 2] = { e->to, e->orig_to };
	size_t nmy = 2, na = 0;
	const char **extra = n->tag[T_ADDRESSES] ?
		ix_arg_list(ix, n->tag[T_ADDRESSES], &na) : NULL;

	if (sender == NULL || sender[0] == '\0' || robot_sender(sender) ||
	    bulk_mail(ix))
		return false;
	for (size_t i = 0; extra != NULL && i < na && nmy < 2 + SIEVE_MAX_STRING_LIST; i++)
		my[nmy++] = extra[i];
	return !mine(sender, my, nmy) && names_me(ix, my, nmy);
}

/* copy_addresses - hand :addresses to mda, which re-checks that the
 * message names the user before it sends anything. */
static int copy_addresses(struct sieve_ix *ix, const struct sieve_node *n,
			  struct sieve_vacation *v)
{
	size_t na = 0;
	const char **list = n->tag[T_ADDRESSES] ?
		ix_arg_list(ix, n->tag[T_ADDRESSES], &na) : NULL;

	if (list == NULL || na == 0)
		return 0;
	v->addresses = calloc(na, sizeof(*v->addresses));
	if (v->addresses == NULL)
		return -1;
	for (size_t i = 0; i < na; i++) {
		v->addresses[i] = strdup(list[i]);
		if (v->addresses[i] == NULL)
			return -1;
		v->naddresses = i + 1;
	}
	return 0;
}

static int x_vacation(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *sender = ix->env->envelope.from;
	const char *reason = ix_arg_str(ix, n->pos[0]);
	const char *subj = n->tag[T_SUBJECT] ? ix_arg_str(ix, n->tag[T_SUBJECT]) : NULL;
	const char *from = n->tag[T_FROM] ? ix_arg_str(ix, n->tag[T_FROM]) : NULL;
	const char *handle = n->tag[T_HANDLE] ? ix_arg_str(ix, n->tag[T_HANDLE]) : NULL;
	long long period = 7 * 86400LL;
	struct sieve_vacation *v;
	struct sbuf key = {0};
	int seen = 0;

	if (reason == NULL)
		return IX_ERR;
	if (!should_reply(ix, n, sender))
		return IX_OK;
	if (n->tag[T_DAYS] != NULL)
		period = (n->tag[T_DAYS]->num < 1 ? 1 : n->tag[T_DAYS]->num > 365 ?
			  365 : (long long)n->tag[T_DAYS]->num) * 86400LL;
	else if (n->tag[T_SECONDS] != NULL)
		period = n->tag[T_SECONDS]->num > 365 * 86400ULL ? 365 * 86400LL :
			 (long long)n->tag[T_SECONDS]->num;
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return ix_fail(ix, n, "out of memory");
	v->to = strdup(sender);
	v->from = from ? strdup(from) : NULL;
	v->subject = reply_subject(ix, subj);
	v->reason = strdup(reason);
	v->mime = n->tag[T_MIME] != NULL;
	v->handle = handle ? strdup(handle) :
		    default_handle(reason, subj, from, v->mime);
	v->period = period;
	if (copy_addresses(ix, n, v) != 0) {
		sieve_vacation_free(v);
		return ix_fail(ix, n, "out of memory");
	}
	if (v->handle != NULL) {
		sbuf_adds(&key, v->handle);
		sbuf_addc(&key, ' ');
		sbuf_adds(&key, sender);
	}
	if (ix->env->state_check != NULL && key.s != NULL)
		seen = ix->env->state_check(ix->env->state_ctx, "vacation", key.s,
					    period, 1);
	sbuf_free(&key);
	if (seen != 0) {   /* answered within the period, or no state */
		sieve_vacation_free(v);
		return IX_OK;
	}
	return ix_act_vacation(ix, n, v);
}

static int v_vacation(struct sieve_vctx *v, struct sieve_node *n)
{
	if (n->tag[T_DAYS] != NULL && n->tag[T_SECONDS] != NULL)
		v_error(v, n->line, n->col, "vacation: :days and :seconds together");
	return 0;
}

static const struct sieve_tag_def tags[] = {
	{ "days", TAGK_NUMBER, T_DAYS, NULL },
	{ "seconds", TAGK_NUMBER, T_SECONDS, "vacation-seconds" },
	{ "subject", TAGK_STRING, T_SUBJECT, NULL },
	{ "from", TAGK_STRING, T_FROM, NULL },
	{ "addresses", TAGK_LIST, T_ADDRESSES, NULL },
	{ "mime", TAGK_FLAG, T_MIME, NULL },
	{ "handle", TAGK_STRING, T_HANDLE, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_vacation = {
	.name = "vacation", .tags = tags, .pos = "S", .validate = v_vacation,
	.exec = x_vacation,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_vacation, NULL };

const struct sieve_extension sieve_ext_vacation = {
	.name = "vacation", .defs = defs,
};
/* RFC 6131: only the :seconds tag; requiring it also enables vacation. */
const struct sieve_extension sieve_ext_vacation_seconds = {
	.name = "vacation-seconds", .implies = EXT_VACATION,
};
