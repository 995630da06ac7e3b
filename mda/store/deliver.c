/*
 * deliver.c - the executor of the filter's decisions.
 *
 * Order: a reject ends everything (77, the MTA bounces); then the pipe
 * programs (a failed one adds a keep); then every store,
 * INBOX failures being fatal and fileinto failures falling back to INBOX
 * (design.md: implicit keep); then redirects, so that a failed store never
 * leaves a forwarded copy behind a deferred message.  Once all that has
 * succeeded the quota is recorded (store/quota_deliver.c: the whole plan
 * was admitted before the first store, so over quota nothing is stored),
 * the state marks of this run (duplicate, quota warnings) are committed, and
 * last the vacation reply and the enotify notifications, which can never
 * fail the delivery.  A redirect
 * mda withholds (loop, limit: redirect.c) with nothing else storing the
 * message turns into a keep, so it is never lost.  Those keeps are mda's
 * own steps in its plan (plan.h); the filter's action list is only read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "io.h"
#include "store/deliver.h"
#include "store/plan.h"
#include "store/quota_deliver.h"
#include "log.h"
#include "outward/notify.h"
#include "outward/redirect.h"
#include "outward/sendmail.h"
#include "outward/vacation.h"

static void note_folder(struct delivery_report *rep, const struct target *t)
{
	size_t len = strlen(rep->folders);
	const struct sieve_action *a = t->act;
	int n;

	if (a != NULL && a->script != NULL)
		n = snprintf(rep->folders + len, sizeof(rep->folders) - len,
			     "%s%s(%s:%u)", len ? "," : "", t->folder,
			     a->script, a->line);
	else
		n = snprintf(rep->folders + len, sizeof(rep->folders) - len,
			     "%s%s(implicit keep)", len ? "," : "", t->folder);
	(void)n;  /* a cut log field is acceptable */
}

static void dry_run_print(const struct plan *p, const struct target_list *tl,
			  FILE *out)
{
	plan_print(p, "action: ", out);
	for (size_t i = 0; i < tl->n; i++)
		fprintf(out, "would store: %s\n", tl->v[i].path);
}

/* store_all - every target; fileinto failures fall back to INBOX. */
static enum mda_err store_all(struct store_ctx *sc, struct target_list *tl,
			      struct delivery_report *rep, struct why *w)
{
	bool need_inbox = false;
	enum mda_err e;

	if (sc->ib->is_maildir && fsync(sc->sp->fd) != 0)
		return why_errno(w, errno, "syncing the spool file");
	for (size_t i = 0; i < tl->n; i++) {
		struct why tw = { "", "" };
		enum mda_err te = store_target(sc, &tl->v[i], &tw);

		if (te == MDA_OK)
			continue;
		if (tl->v[i].inbox) {
			*w = tw;
			return te;
		}
		snprintf(rep->warning, sizeof(rep->warning),
			 "fileinto %.100s failed, kept in INBOX: %.250s",
			 tl->v[i].folder, tw.text);
		need_inbox = true;
	}
	if (!need_inbox)
		return MDA_OK;
	e = target_add_inbox(sc->ib, tl, NULL, w);
	struct target *in = &tl->v[tl->n - 1];
	if (e == MDA_OK && !in->done)
		e = store_target(sc, in, w);
	return e;
}

static void undo_all(struct target_list *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		store_undo(&tl->v[i]);
}

static enum mda_err redirect_all(struct store_ctx *sc, const struct plan *p,
				 struct delivery_report *rep, struct why *w)
{
	struct msg_source src;

	for (size_t i = 0; i < p->n; i++) {
		const struct sieve_action *a = p->v[i];
		struct why rw = { "", "" };
		char why[300], line[400];

		if (a->type != SIEVE_ACT_REDIRECT)
			continue;
		if (redirect_judge(sc->sp, p, i, why, sizeof(why)) !=
		    REDIRECT_SEND) {
			(void)snprintf(line, sizeof(line), "redirect to <%.100s> "
				       "not sent: %s", a->address ? a->address : "",
				       why);
			log_note(sc->cfg, line);
			continue;
		}
		store_source(sc, a, &src);   /* as filtered and edited then */
		if (sendmail_send(sc->cfg->sendmail, sc->sender, a->address,
				  &src, &rw) == MDA_OK) {
			rep->redirected++;
			continue;
		}
		if (rep->stored == 0) {
			*w = rw;
			return MDA_ERR_TEMP;
		}
		snprintf(rep->warning, sizeof(rep->warning),
			 "redirect to %.100s failed (message kept): %.250s",
			 a->address, rw.text);
	}
	return MDA_OK;
}

/* stores_elsewhere - does anything but a pipe store or forward it? */
static bool stores_elsewhere(const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i]->type == SIEVE_ACT_KEEP ||
		    p->v[i]->type == SIEVE_ACT_FILEINTO ||
		    p->v[i]->type == SIEVE_ACT_REDIRECT)
			return true;
	return false;
}

/* has_inbox - does the list already store into INBOX? */
static bool has_inbox(const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i]->type == SIEVE_ACT_KEEP ||
		    (p->v[i]->type == SIEVE_ACT_FILEINTO &&
		     strcasecmp(p->v[i]->mailbox, "INBOX") == 0))
			return true;
	return false;
}

/* pipe_all - every PIPE action, with the message version it took.  A
 * failing program without :try fails the script, which means keep
 * (spec-bosch-sieve-extprograms 5); with :try it is as if the pipe never
 * happened, so the message is kept when nothing else takes it.  Returns
 * true when INBOX must be added. */
static bool pipe_all(struct store_ctx *sc, const struct plan *p,
		     struct delivery_report *rep)
{
	bool fatal = false, tried = false;

	for (size_t i = 0; i < p->n; i++) {
		const struct sieve_action *a = p->v[i];
		char why[200], line[400];

		if (a->type != SIEVE_ACT_PIPE)
			continue;
		snprintf(why, sizeof(why), "programs are not run here");
		if (sc->programs != NULL &&
		    programs_pipe(sc->programs, programs_spool(sc->programs,
				  sc->sp, a->version), a, why,
				  sizeof(why)) == 0) {
			rep->piped++;
			continue;
		}
		(void)snprintf(line, sizeof(line), "pipe to %.100s failed%s: "
			       "%s", a->program, a->try_ ? " (:try)" : "",
			       why);
		log_note(sc->cfg, line);
		snprintf(rep->warning, sizeof(rep->warning), "%.300s", line);
		fatal = fatal || !a->try_;
		tried = tried || a->try_;
	}
	if (has_inbox(p))
		return false;
	return fatal || (tried && rep->piped == 0 && !stores_elsewhere(p));
}

/* vacation_all - the vacation reply, if any; logs, never fails. */
static void vacation_all(struct store_ctx *sc, const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct sieve_action *a = p->v[i];

		if (a->type != SIEVE_ACT_VACATION || a->vacation == NULL)
			continue;
		struct vacation_env ve = { sc->cfg, sc->sp, sc->sender,
			sc->rcpt ? sc->rcpt : sc->ib->user, sc->orig_rcpt,
			sc->ib->host, sc->state, io_now() };
		vacation_execute(&ve, a->vacation);
	}
}

/* notify_all - the enotify notifications; log, never fail. */
static void notify_all(struct store_ctx *sc, const struct plan *p)
{
	struct notify_env ne = { sc->cfg, sc->sp, sc->sender,
		sc->rcpt ? sc->rcpt : sc->ib->user, sc->ib->host, io_now(),
		{ NULL }, 0 };

	for (size_t i = 0; i < p->n; i++)
		if (p->v[i]->type == SIEVE_ACT_NOTIFY && p->v[i]->notify)
			notify_execute(&ne, p->v[i]->notify);
	notify_env_free(&ne);
}

/* build_targets - targets, or one INBOX keep after a refused name. */
static enum mda_err build_targets(struct store_ctx *sc, struct plan *p,
				  struct target_list *tl,
				  struct delivery_report *rep, struct why *w)
{
	enum mda_err e = target_build(sc->ib, p, tl, w);

	if (e != MDA_ERR_DATA)
		return e;
	snprintf(rep->warning, sizeof(rep->warning), "%s; kept in INBOX",
		 w->text);
	target_list_free(tl);
	plan_keep_only(p);
	return target_build(sc->ib, p, tl, w);
}

/* execute - the plan: reject, or stores, redirects, state, vacation. */
static enum mda_err execute(struct store_ctx *sc, struct plan *p,
			    struct delivery_report *rep, FILE *out,
			    struct why *w)
{
	struct target_list tl = { NULL, 0 };
	const struct sieve_action *rej;
	enum mda_err e;

	if (redirect_keep_needed(sc->sp, p))
		plan_add_keep(p);
	rej = plan_find(p, SIEVE_ACT_REJECT, SIEVE_ACT_EREJECT);
	if (rej != NULL && !sc->cfg->dry_run)
		return why_set(w, MDA_ERR_REJECT, "5.7.1", "%s",
			       rej->reason ? rej->reason : "rejected");
	/* programs first: a failed pipe must still find the message kept */
	if (!sc->cfg->dry_run && pipe_all(sc, p, rep))
		plan_add_keep(p);
	e = build_targets(sc, p, &tl, rep, w);
	if (e == MDA_OK && sc->cfg->dry_run) {
		dry_run_print(p, &tl, out);
	} else if (e == MDA_OK) {
		e = quota_gate(sc, &tl, w);   /* all or nothing is stored */
		if (e == MDA_OK)
			e = store_all(sc, &tl, rep, w);
		for (size_t i = 0; i < tl.n; i++)
			if (tl.v[i].done) {
				rep->stored++;
				note_folder(rep, &tl.v[i]);
			}
		if (e == MDA_OK)
			e = redirect_all(sc, p, rep, w);
		if (e == MDA_OK)
			quota_settle(sc, &tl);   /* warning marks commit below */
		/* A failed commit loses a mark, not mail (state.c logs it). */
		if (e == MDA_OK)
			(void)state_commit(sc->state);
		if (e != MDA_OK)
			undo_all(&tl);
	}
	state_rollback(sc->state);   /* dry run, or a failed delivery */
	if (e == MDA_OK && !sc->cfg->dry_run) {
		vacation_all(sc, p);
		notify_all(sc, p);
	}
	rep->discarded = e == MDA_OK && tl.n == 0 && rep->redirected == 0 &&
			 rep->piped == 0;
	target_list_free(&tl);
	return e;
}

enum mda_err deliver_actions(struct store_ctx *sc,
			     const struct sieve_action_list *acts,
			     struct delivery_report *rep, FILE *out,
			     struct why *w)
{
	struct plan p;
	enum mda_err e;

	if (plan_build(&p, acts) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	e = execute(sc, &p, rep, out, w);
	plan_free(&p);
	return e;
}
