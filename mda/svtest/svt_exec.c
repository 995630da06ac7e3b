/*
 * svt_exec.c - test_result_execute: carry out an action list in the
 * scratch world as a delivery would.
 *
 * Stores go through the delivery's own code (target_build, store_target:
 * Maildir++ names, flags, keywords, edited headers); a folder that fails
 * falls back to INBOX and the execution counts as failed, as in
 * deliver.c.  Redirects are judged by redirect_judge() and vacation
 * replies by vacation_refusal() and composed by vacation_compose(),
 * notifications (enotify, the notify draft) by notify_make(); what would
 * be handed to sendmail is kept instead, one message per recipient, for
 * test_message :smtp.  PIPE actions run their programs (programs.c).
 * A reject is the MTA's to bounce (design.md), so nothing is captured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "outward/notify.h"
#include "outward/redirect.h"
#include "outward/vacation.h"
#include "store/plan.h"
#include "store/store.h"
#include "svtest/svt.h"

static int capture(struct svt *t, const char *from, const char *to,
		   struct svt_msg *m)
{
	struct svt_sent *s;

	if (t->nsent >= SVT_MAX_SENT)
		return -1;
	s = &t->sent[t->nsent];
	s->from = strdup(from ? from : "");
	s->to = strdup(to ? to : "");
	s->msg = m;
	if (s->from == NULL || s->to == NULL) {
		free(s->from);
		free(s->to);
		return -1;
	}
	t->nsent++;
	return 0;
}

/* remember - a stored copy, for test_message :folder. */
static void remember(struct svt *t, const struct target *tg)
{
	struct svt_stored *s;
	const struct sieve_action *a = tg->act;

	if (t->nstored >= SVT_MAX_STORED || tg->stored == NULL)
		return;
	s = &t->stored[t->nstored];
	memset(s, 0, sizeof(*s));
	s->dir = strdup(tg->path);
	s->file = strdup(tg->stored);
	if (a != NULL && a->nflags > 0) {
		s->flags = sieve_flags_dup(a->flags, a->nflags);
		s->nflags = s->flags ? a->nflags : 0;
	}
	if (s->dir == NULL || s->file == NULL) {
		free(s->dir);
		free(s->file);
		return;
	}
	t->nstored++;
}

/* store_all - every keep/fileinto; -1 if any failed (then INBOX). */
static int store_all(struct svt *t, struct store_ctx *sc,
		     const struct plan *p, char *why, size_t wsize)
{
	struct target_list tl = { NULL, 0 };
	struct why w = { "", "" };
	bool fell_back = false;
	int rc = 0;

	if (target_build(&t->ib, p, &tl, &w) != MDA_OK) {
		snprintf(why, wsize, "%s", w.text);
		rc = -1;
		if (target_add_inbox(&t->ib, &tl, NULL, &w) != MDA_OK)
			return -1;
	}
	for (size_t i = 0; i < tl.n; i++) {
		if (store_target(sc, &tl.v[i], &w) == MDA_OK) {
			remember(t, &tl.v[i]);
			continue;
		}
		snprintf(why, wsize, "store %s: %s", tl.v[i].folder, w.text);
		rc = -1;
		fell_back = true;
	}
	if (fell_back && target_add_inbox(&t->ib, &tl, NULL, &w) == MDA_OK &&
	    !tl.v[tl.n - 1].done &&
	    store_target(sc, &tl.v[tl.n - 1], &w) == MDA_OK)
		remember(t, &tl.v[tl.n - 1]);
	target_list_free(&tl);
	return rc;
}

static void vacation_one(struct svt *t, struct store_ctx *sc,
			 const struct sieve_vacation *v)
{
	struct vacation_env ve = { t->cfg, sc->sp, sc->sender, sc->rcpt,
				   sc->orig_rcpt, t->ib.host, t->state,
				   io_now() };
	char buf[300], why[300];
	size_t len = 0;
	char *reply;
	struct svt_msg *m;

	if (vacation_refusal(&ve, v, buf, sizeof(buf)) != NULL)
		return;   /* no reply: what test_message :smtp then sees */
	if ((reply = vacation_compose(&ve, v, &len)) == NULL)
		return;
	m = svt_msg_text(t, reply, len, why, sizeof(why));
	free(reply);
	if (m != NULL)
		(void)capture(t, "", v->to, m);
}

/* notify_all - each notification as notify_execute() would send it,
 * recipients already notified by this result left out. */
static void notify_all(struct svt *t, const struct store_ctx *sc,
		       const struct plan *p)
{
	struct notify_env ne = { t->cfg, sc->sp, sc->sender,
		sc->rcpt ? sc->rcpt : t->ib.user, t->ib.host, io_now(),
		{ NULL }, 0 };

	for (size_t i = 0; i < p->n; i++) {
		const struct sieve_notify *nt = p->v[i]->notify;
		bool send[SIEVE_NOTIFY_RCPT_MAX];
		const char *from = "", *why = "";
		size_t len = 0;
		char *text, err[300];
		struct svt_msg *m;

		if (p->v[i]->type != SIEVE_ACT_NOTIFY || nt == NULL ||
		    (text = notify_make(&ne, nt, send, &from, &len,
					&why)) == NULL)
			continue;
		m = svt_msg_text(t, text, len, err, sizeof(err));
		free(text);
		for (size_t r = 0; m != NULL && r < nt->nrcpt; r++)
			if (send[r])
				(void)capture(t, from, nt->rcpt[r], m);
	}
	notify_env_free(&ne);
}

/* pipe_one - run the program of a PIPE action as deliver.c does (the
 * site's program directory, time and output limits); a failure without
 * :try fails the execution, with :try it is only reported. */
static int pipe_one(struct svt *t, const struct spool *sp,
		    const struct sieve_action *a, char *why_r, size_t wsize)
{
	char why[200] = "programs are not run here";

	if (programs_pipe(&t->programs, programs_spool(&t->programs, sp,
			  a->version), a, why, sizeof(why)) == 0)
		return 0;
	snprintf(why_r, wsize, "failed to pipe to %.100s: %s", a->program,
		 why);
	return a->try_ ? 0 : -1;
}

/* redirected - the message a redirect sends: the version it took, with
 * the header editheader left (RFC 5293 2), as deliver.c sends it. */
static struct svt_msg *redirected(struct svt *t, const struct store_ctx *sc,
				  const struct svt_msg *m,
				  const struct sieve_action *a)
{
	struct msg_source src;

	if (a->header_block == NULL && a->version == 0)
		return (struct svt_msg *)m;
	store_source(sc, a, &src);
	return svt_msg_source(t, &src);
}

int svt_execute(struct svt *t, const struct sieve_action_list *acts,
		const struct svt_msg *m, const struct sieve_runtime_env *env,
		char *why_r, size_t wsize)
{
	struct spool *sp = (struct spool *)&m->sp;
	struct store_ctx sc = { .cfg = t->cfg, .ib = &t->ib, .sp = sp,
		.sender = env->envelope.from, .rcpt = env->envelope.to,
		.orig_rcpt = env->envelope.orig_to, .state = t->state,
		.when = io_now() };
	struct plan p = { 0 };
	int rc;

	if (acts->n == 0)
		return 0;   /* all of it carried out before */
	if (plan_build(&p, acts) < 0) {
		snprintf(why_r, wsize, "out of memory");
		return -1;
	}
	sc.nm = t->nm;
	sc.programs = &t->programs;   /* the versions filters made */
	if (plan_find(&p, SIEVE_ACT_REJECT, SIEVE_ACT_EREJECT) != NULL) {
		plan_free(&p);
		return 0;   /* handed back to the MTA: nothing here */
	}
	if (redirect_keep_needed(sp, &p))
		plan_add_keep(&p);
	rc = store_all(t, &sc, &p, why_r, wsize);
	t->nm = sc.nm;
	for (size_t i = 0; i < p.n; i++) {
		const struct sieve_action *a = p.v[i];
		char why[300];

		if (a->type == SIEVE_ACT_REDIRECT &&
		    redirect_judge(sp, &p, i, why, sizeof(why)) ==
		    REDIRECT_SEND &&
		    capture(t, env->envelope.from, a->address,
			    redirected(t, &sc, m, a)) < 0)
			rc = -1;
		if (a->type == SIEVE_ACT_VACATION && a->vacation != NULL)
			vacation_one(t, &sc, a->vacation);
		if (a->type == SIEVE_ACT_PIPE && pipe_one(t, sp, a, why_r,
							  wsize) < 0)
			rc = -1;
	}
	notify_all(t, &sc, &p);
	plan_free(&p);
	return rc;
}
