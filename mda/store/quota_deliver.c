/*
 * quota_deliver.c - the quota's place in a delivery (quota_deliver.h).
 *
 * The size of a delivery is what it adds to the Maildir: one file per
 * Maildir target, each the size of its own copy (an editheader result
 * may differ from the spool).  Discarded and rejected messages never get
 * here, and a deferred or failed one records nothing.  A fileinto that
 * fails and falls back to INBOX may add one copy more than was admitted:
 * the one-message overshoot Maildir++ allows anyway.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "store/quota_deliver.h"

static void view_fill(const struct quota *q, struct quota_view *v)
{
	(void)snprintf(v->usage, sizeof(v->usage), "%lld",
		       (long long)q->used.bytes);
	if (q->limit.bytes != 0)
		(void)snprintf(v->limit, sizeof(v->limit), "%llu",
			       (unsigned long long)q->limit.bytes);
	else
		v->limit[0] = '\0';
	(void)snprintf(v->percent, sizeof(v->percent), "%u",
		       quota_percent(q, &q->used));
}

enum mda_err quota_setup(const struct config *cfg, const struct inbox *ib,
			 const struct quota_limit *rule, struct quota *q,
			 struct quota **q_r, struct quota_view *v,
			 struct why *w)
{
	struct quota_limit given = { 0, 0 };
	enum mda_err e;

	*q_r = NULL;
	if (rule != NULL)
		given = *rule;
	else if (cfg->quota != NULL && quota_parse(cfg->quota, &given) != 0)
		return cfg->under_mta ?
			why_set(w, MDA_ERR_CONFIG, "4.3.5", "bad --quota: %.100s",
				cfg->quota) :
			why_set(w, MDA_ERR_USAGE, "5.3.5", "bad --quota: %.100s",
				cfg->quota);
	if (!ib->is_maildir) {
		if (given.bytes != 0 || given.count != 0)
			log_note(cfg, "quota: --quota applies to Maildir only, "
				 "not to the mbox INBOX");
		return MDA_OK;
	}
	memset(q, 0, sizeof(*q));
	q->read_only = cfg->dry_run;   /* dry run: writes nothing */
	e = quota_load(q, ib->path, &given, time(NULL), w);
	if (q->note[0] != '\0')
		log_note(cfg, q->note);
	q->note[0] = '\0';
	if (e == MDA_OK && q->on) {
		*q_r = q;
		view_fill(q, v);
	}
	return e;
}

/* stored_size - the octets and files the Maildir targets add. */
static void plan_size(const struct store_ctx *sc, const struct target_list *tl,
		      bool done_only, uint64_t *bytes_r, uint64_t *count_r)
{
	*bytes_r = *count_r = 0;
	for (size_t i = 0; i < tl->n; i++) {
		if (done_only && !tl->v[i].done)
			continue;
		*bytes_r += store_size(sc, &tl->v[i]);
		(*count_r)++;
	}
}

enum mda_err quota_gate(struct store_ctx *sc, const struct target_list *tl,
			struct why *w)
{
	uint64_t bytes, count;
	enum mda_err e;

	if (sc->quota == NULL || tl->n == 0)
		return MDA_OK;
	plan_size(sc, tl, false, &bytes, &count);
	e = quota_admit(sc->quota, bytes, count, sc->cfg->quota_permanent, w);
	if (sc->quota->note[0] != '\0')
		log_note(sc->cfg, sc->quota->note);
	sc->quota->note[0] = '\0';
	return e;
}

void quota_settle(struct store_ctx *sc, const struct target_list *tl)
{
	struct quota *q = sc->quota;
	struct why ww = { "", "" };
	uint64_t bytes, count, extra;

	if (q == NULL)
		return;
	plan_size(sc, tl, true, &bytes, &count);
	struct quota_usage after = { q->used.bytes + (int64_t)bytes,
				     q->used.count + (int64_t)count };
	extra = quota_warn(sc, q, &after, &ww);
	if (ww.text[0] != '\0')
		log_note(sc->cfg, ww.text);
	if (extra != 0) {
		bytes += extra;
		count++;
	}
	quota_record(q, (int64_t)bytes, (int64_t)count);
	if (q->note[0] != '\0')
		log_note(sc->cfg, q->note);
	q->note[0] = '\0';
}
