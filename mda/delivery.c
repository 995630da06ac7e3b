/*
 * delivery.c - one message, one recipient: filter, store, log
 * (design.md, data flow steps 2 to 4).
 *
 * The recipient's state (vacation, duplicate) is opened here and closed
 * before returning, so a caller may run this many times in one process
 * (LMTP: once per recipient) without anything carried from one to the next.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "delivery.h"
#include "io.h"
#include "filter.h"
#include "log.h"
#include "outward/state.h"
#include "store/quota_deliver.h"

/* the limits of spool.h, as the log says them */
static const char header_cut_note[] = "the header has more than 250000 "
	"fields or 4 MiB: the filter did not see the rest";
_Static_assert(SPOOL_MAX_FIELDS == 250000 &&
	       SPOOL_MAX_HEADER == 4 * 1024 * 1024, "header_cut_note");

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	if (clock_gettime(CLOCK_MONOTONIC, &t1) != 0)
		return -1;
	return (long)((t1.tv_sec - t0->tv_sec) * 1000 +
		      (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

static const char *result_word(enum mda_err e, const struct delivery_report *r,
			       const struct config *cfg)
{
	if (e == MDA_ERR_REJECT)
		return "rejected";
	if (e != MDA_OK)
		return exitcode_for(e) == 75 ? "deferred" : "failed";
	if (cfg->dry_run)
		return "dry-run";
	return r->discarded ? "discarded" : "delivered";
}

void delivery_log(const struct config *cfg, const struct delivery *d,
		  const struct delivery_report *rep, enum mda_err e,
		  const struct why *w)
{
	char *msgid = d->sp->fd >= 0 ? spool_field(d->sp, "Message-ID") : NULL;
	struct log_entry le = {
		.msgid = msgid, .sender = d->sender ? d->sender : "",
		.rcpt = d->rcpt, .folders = rep->folders, .size = d->sp->size,
		.result = result_word(e, rep, cfg),
		.status = e == MDA_OK ? "2.0.0" :
			  (w->status[0] ? w->status : exitcode_default_status(e)),
		.text = e == MDA_OK ? "" : w->text,
		.warning = rep->warning, .ms = elapsed_ms(&d->t0),
	};

	log_delivery(cfg, &le);
	free(msgid);
}

enum mda_err delivery_run(const struct config *cfg, const struct delivery *d,
			  struct delivery_report *rep, FILE *out,
			  struct why *w)
{
	struct sieve_action_list acts = { 0 };
	char pathbuf[4096], statedir[4096];
	const struct inbox *ib = d->ib;
	const char *sdir = cfg->state_dir ? cfg->state_dir :
		state_dir_default(ib->home, statedir, sizeof(statedir));
	struct mda_state *st = sdir ? state_new(sdir, cfg) : NULL;
	struct store_ctx sc = { .cfg = cfg, .ib = ib, .sp = d->sp,
				.nm = *d->nm, .when = io_now(),
				.sender = d->sender, .rcpt = d->rcpt,
				.orig_rcpt = d->orig_rcpt, .state = st,
				.inbox_made = d->inbox_made };
	struct quota qt;
	struct quota_view qv;
	enum mda_err e = quota_setup(cfg, ib, d->quota_rule, &qt, &sc.quota,
				     &qv, w);
	struct filter_env fe = { d->sender, d->rcpt, d->orig_rcpt, ib, st,
				 sc.quota ? &qv : NULL };

	if (e == MDA_OK) {
		filter_decide(cfg, filter_script_path(cfg, ib, pathbuf,
			      sizeof(pathbuf)), d->sp, &fe, NULL, &acts,
			      rep->warning, sizeof(rep->warning));
		e = deliver_actions(&sc, &acts, rep, out, w);
	}
	*d->nm = sc.nm;
	if (sc.fcntl_only)
		log_note(cfg, "mbox dotlock not possible here, used fcntl alone");
	if (d->sp->header_cut)
		log_note(cfg, header_cut_note);
	if (sc.note[0] != '\0')
		log_note(cfg, sc.note);   /* a cut note is still useful */
	delivery_log(cfg, d, rep, e, w);
	sieve_actions_free(&acts);
	state_free(&st);
	return e;
}
