/*
 * delivery.c - one message, one recipient: site settings, quota, filter,
 * store, log (design.md, data flow steps 2 to 4).
 *
 * Everything of one recipient (site settings, quota, state, programs,
 * action list) is opened here and closed before returning, so a caller
 * may run this many times in one process (LMTP: once per recipient)
 * without anything carried from one to the next.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "delivery.h"
#include "filter.h"
#include "filterlog.h"
#include "io.h"
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

/* deciding_rule - the script:line of the first action that was carried
 * out (a fileinto or keep counts only if its folder was stored: one
 * refused at delivery ended in the implicit keep), else "implicit keep"
 * when something was stored, else "". */
static void deciding_rule(const struct sieve_action_list *acts,
			  const struct delivery_report *rep, char *buf,
			  size_t size)
{
	char tag[300];

	for (size_t i = 0; i < acts->n; i++) {
		const struct sieve_action *a = &acts->v[i];

		if (a->script == NULL)
			continue;
		(void)snprintf(tag, sizeof(tag), "(%.280s:%u)", a->script,
			       a->line);
		if ((a->type == SIEVE_ACT_KEEP || a->type == SIEVE_ACT_FILEINTO)
		    && strstr(rep->folders, tag) == NULL)
			continue;
		(void)snprintf(buf, size, "%.280s:%u", a->script, a->line);
		return;
	}
	(void)snprintf(buf, size, "%s", rep->stored ? "implicit keep" : "");
}

static void log_it(const struct config *cfg, const struct delivery *d,
		   const struct sieve_action_list *acts,
		   const struct delivery_report *rep, enum mda_err e,
		   const struct why *w)
{
	char *msgid = d->sp->fd >= 0 ? spool_field(d->sp, "Message-ID") : NULL;
	char rule[300];

	deciding_rule(acts, rep, rule, sizeof(rule));
	struct log_entry le = {
		.msgid = msgid, .sender = d->sender ? d->sender : "",
		.rcpt = d->rcpt, .folders = rep->folders, .size = d->sp->size,
		.result = result_word(e, rep, cfg),
		.status = e == MDA_OK ? "2.0.0" :
			  (w->status[0] ? w->status : exitcode_default_status(e)),
		.text = e == MDA_OK ? "" : w->text,
		.warning = rep->warning, .ms = elapsed_ms(&d->t0), .rule = rule,
	};

	log_delivery(cfg, &le);
	free(msgid);
}

/* report_filter - the filter's problems where the user looks (stderr,
 * FILTER.log); never changes the delivery's result. */
static void report_filter(const struct config *cfg, const struct spool *sp,
			  const char *script, enum filter_outcome fo,
			  const struct sieve_diag *d, const char *fwarn,
			  const struct delivery_report *rep, enum mda_err e)
{
	char *msgid = fo != FILTER_NONE ? spool_field(sp, "Message-ID") : NULL;

	filterlog_delivery(cfg, script, msgid, fo, d, fwarn, rep->warning,
			   e == MDA_OK);
	free(msgid);
}

void delivery_log(const struct config *cfg, const struct delivery *d,
		  const struct delivery_report *rep, enum mda_err e,
		  const struct why *w)
{
	struct sieve_action_list none = { 0 };

	log_it(cfg, d, &none, rep, e, w);
}

enum mda_err delivery_run(const struct config *cfg, const struct delivery *d,
			  struct delivery_report *rep, FILE *out,
			  struct why *w)
{
	const struct inbox *ib = d->ib;
	struct sieve_action_list acts = { 0 };
	struct sieve_diag diag = { 0 };
	enum filter_outcome fo = FILTER_NONE;
	struct siteconf site;
	struct quota qt;
	struct quota_view qv;
	/* first the state directory (state_new copies it), then the
	 * script's path: one buffer, a page less of stack to fault in */
	char pathbuf[4096], fwarn[400] = "";
	const char *script = NULL;
	struct store_ctx sc = { .cfg = cfg, .ib = ib, .sp = d->sp,
				.nm = *d->nm, .when = io_now(),
				.inbox_made = d->inbox_made };
	enum mda_err e;

	siteconf_init(&site);
	/* read once per delivery; a bad file defers (75, 4.3.5) */
	e = siteconf_load(cfg->config_file, &site, w);
	if (e == MDA_OK)
		e = quota_setup(cfg, ib, d->quota_rule, &qt, &sc.quota, &qv, w);
	const char *sdir = cfg->state_dir ? cfg->state_dir :
		state_dir_default(ib->home, pathbuf, sizeof(pathbuf));
	struct mda_state *st = sdir ? state_new(sdir, cfg) : NULL;
	struct programs progs = { &site, d->sender, d->rcpt, d->orig_rcpt,
		ib->user, ib->home, ib->host, cfg->dry_run, { NULL }, 0 };
	if (e == MDA_OK) {
		struct filter_env fe = { d->sender, d->rcpt, d->orig_rcpt, ib,
			st, sc.quota ? &qv : NULL, &site, &progs };
		script = filter_script_path(cfg, ib, pathbuf, sizeof(pathbuf));
		fo = filter_judge(cfg, script, d->sp, &fe, NULL, &acts, &diag,
				  fwarn, sizeof(fwarn));
		memcpy(rep->warning, fwarn, sizeof(fwarn));
		sc.sender = d->sender;
		sc.rcpt = d->rcpt;
		sc.orig_rcpt = d->orig_rcpt;
		sc.state = st;
		sc.programs = &progs;
		e = deliver_actions(&sc, &acts, rep, out, w);
	}
	*d->nm = sc.nm;
	if (sc.fcntl_only)
		log_note(cfg, "mbox dotlock not possible here, used fcntl alone");
	if (d->sp->header_cut)
		log_note(cfg, header_cut_note);
	if (sc.note[0] != '\0')
		log_note(cfg, sc.note);   /* a cut note is still useful */
	log_it(cfg, d, &acts, rep, e, w);
	report_filter(cfg, d->sp, script, fo, &diag, fwarn, rep, e);
	sieve_diag_free(&diag);
	sieve_actions_free(&acts);
	state_free(&st);
	programs_free(&progs);
	siteconf_free(&site);
	return e;
}
