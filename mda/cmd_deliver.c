/*
 * cmd_deliver.c - `mda [options] < message`: spool, filter, store, log.
 *
 * Data flow (design.md): stdin is streamed once into the INBOX Maildir's
 * tmp/ (or a private unlinked temp file for mbox and --dry-run), the filter
 * decides, deliver.c stores, and one log line says what happened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "commands.h"
#include "store/deliver.h"
#include "store/maildir_sweep.h"
#include "filter.h"
#include "filterlog.h"
#include "log.h"

/* the limits of spool.h, as the log says them */
static const char header_cut_note[] = "the header has more than 250000 "
	"fields or 4 MiB: the filter did not see the rest";
_Static_assert(SPOOL_MAX_FIELDS == 250000 &&
	       SPOOL_MAX_HEADER == 4 * 1024 * 1024, "header_cut_note");

struct spool_target {
	const struct inbox *ib;
	struct maildir_namer *nm;
	bool private_tmp;
	int create_err;       /* out: errno of a failed create, else 0 */
};

/* private_tmp_open - an unlinked temp file (mbox, dry run). */
static int private_tmp_open(char **path_r)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];

	*path_r = NULL;
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	int n = snprintf(tmpl, sizeof(tmpl), "%s/mda.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmpl)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0 && unlink(tmpl) != 0) {
		int err = errno;
		(void)close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static int spool_create(void *ctx, char **path_r)
{
	struct spool_target *st = ctx;
	int fd = st->private_tmp ? private_tmp_open(path_r) :
		 maildir_tmp_open(st->ib->path, st->nm, path_r);

	st->create_err = fd < 0 ? errno : 0;
	return fd;
}

/* create_failed - the spool file could not be made: name where, so the
 * deferral says which directory to mend. */
static enum mda_err create_failed(const struct spool_target *st,
				  struct why *w)
{
	const char *dir = getenv("TMPDIR");
	char what[400];

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if (st->private_tmp)
		(void)snprintf(what, sizeof(what), "creating the spool file in "
			       "%.300s", dir);
	else
		(void)snprintf(what, sizeof(what), "creating the spool file in "
			       "%.300s/tmp", st->ib->path);
	return why_errno(w, st->create_err, what);   /* cut: still useful */
}

/* envelope_sender - -f, $SENDER, else the From_ line; "" is null. */
static char *envelope_sender(const struct config *cfg, const struct spool *sp)
{
	const char *s = cfg->from;

	if (s == NULL)
		s = getenv("SENDER");
	if (s == NULL)
		s = sp->fromline_sender;
	if (s == NULL || strcmp(s, "<>") == 0 ||
	    (s == sp->fromline_sender && strcmp(s, "MAILER-DAEMON") == 0))
		s = "";
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
		return strndup(s + 1, n - 2);
	return strdup(s);
}

static const char *envelope_rcpt(const struct config *cfg,
				 const struct inbox *ib)
{
	const char *r = cfg->to;

	if (r == NULL)
		r = getenv("ORIGINAL_RECIPIENT");
	if (r == NULL || r[0] == '\0')
		r = getenv("RECIPIENT");
	if (r == NULL || r[0] == '\0')
		r = ib->user;
	return r;
}

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

static void log_it(const struct config *cfg, const struct spool *sp,
		   const char *sender, const char *rcpt,
		   const struct sieve_action_list *acts,
		   const struct delivery_report *rep, enum mda_err e,
		   const struct why *w, const struct timespec *t0)
{
	char *msgid = spool_field(sp, "Message-ID");
	char rule[300];

	deciding_rule(acts, rep, rule, sizeof(rule));
	struct log_entry le = {
		.msgid = msgid, .sender = sender, .rcpt = rcpt,
		.folders = rep->folders, .size = sp->size,
		.result = result_word(e, rep, cfg),
		.status = e == MDA_OK ? "2.0.0" :
			  (w->status[0] ? w->status : exitcode_default_status(e)),
		.text = e == MDA_OK ? "" : w->text,
		.warning = rep->warning, .ms = elapsed_ms(t0), .rule = rule,
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

static enum mda_err spool_in(const struct config *cfg, const struct inbox *ib,
			     struct maildir_namer *nm, struct spool *sp,
			     struct why *w)
{
	struct spool_target st = { ib, nm, cfg->dry_run || !ib->is_maildir, 0 };
	enum mda_err e = MDA_OK;

	if (!st.private_tmp) {
		e = maildir_make(ib->path, false, w);
		/* what killed deliveries left in tmp/ (maildir_sweep.h) */
		if (e == MDA_OK)
			(void)maildir_sweep(ib->path, io_now());
	}
	if (e == MDA_OK)
		e = spool_read(STDIN_FILENO, spool_create, &st, sp, w);
	if (e != MDA_OK && st.create_err != 0)
		e = create_failed(&st, w);
	return e;
}

enum mda_err cmd_deliver(const struct config *cfg, struct why *w)
{
	struct inbox ib;
	struct spool sp = { .fd = -1 };
	struct sieve_action_list acts = { 0 };
	struct delivery_report rep = { "", "", 0, 0, false, 0 };
	struct sieve_diag diag = { 0 };
	enum filter_outcome fo = FILTER_NONE;
	struct timespec t0;
	struct siteconf site;
	struct quota qt;
	struct quota_view qv;
	char *sender = NULL, pathbuf[4096], statedir[4096], fwarn[400] = "";
	const char *script = NULL;
	enum mda_err e;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0)
		return why_errno(w, errno, "clock_gettime");
	e = inbox_resolve(cfg, &ib, w);
	if (e != MDA_OK)
		return e;
	struct store_ctx sc = { .cfg = cfg, .ib = &ib, .sp = &sp,
				.nm = { ib.host, 0 }, .when = io_now() };
	siteconf_init(&site);
	e = spool_in(cfg, &ib, &sc.nm, &sp, w);
	sc.inbox_made = e == MDA_OK && ib.is_maildir && !cfg->dry_run;
	/* read once per delivery; a bad file defers (75, 4.3.5) */
	if (e == MDA_OK)
		e = siteconf_load(cfg->config_file, &site, w);
	if (e == MDA_OK)
		e = quota_setup(cfg, &ib, NULL, &qt, &sc.quota, &qv, w);
	if (e == MDA_OK && (sender = envelope_sender(cfg, &sp)) == NULL)
		e = why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	const char *rcpt = envelope_rcpt(cfg, &ib);
	const char *sdir = cfg->state_dir ? cfg->state_dir :
		state_dir_default(ib.home, statedir, sizeof(statedir));
	struct mda_state *st = sdir ? state_new(sdir, cfg) : NULL;
	struct programs progs = { &site, sender, rcpt,
		getenv("ORIGINAL_RECIPIENT"), ib.user, ib.home, ib.host,
		cfg->dry_run, { NULL }, 0 };
	if (e == MDA_OK) {
		struct filter_env fe = { sender, rcpt,
			getenv("ORIGINAL_RECIPIENT"), &ib, st,
			sc.quota ? &qv : NULL, &site, &progs };
		script = filter_script_path(cfg, &ib, pathbuf, sizeof(pathbuf));
		fo = filter_judge(cfg, script, &sp, &fe, NULL, &acts, &diag,
				  fwarn, sizeof(fwarn));
		memcpy(rep.warning, fwarn, sizeof(fwarn));
		sc.sender = sender;
		sc.rcpt = rcpt;
		sc.orig_rcpt = fe.orig_rcpt;
		sc.state = st;
		sc.programs = &progs;
		e = deliver_actions(&sc, &acts, &rep, stdout, w);
	}
	if (sc.fcntl_only)
		log_note(cfg, "mbox dotlock not possible here, used fcntl alone");
	if (sp.header_cut)
		log_note(cfg, header_cut_note);
	if (sc.note[0] != '\0')
		log_note(cfg, sc.note);   /* a cut note is still useful */
	log_it(cfg, &sp, sender ? sender : "", rcpt, &acts, &rep, e, w, &t0);
	report_filter(cfg, &sp, script, fo, &diag, fwarn, &rep, e);
	sieve_diag_free(&diag);
	sieve_actions_free(&acts);
	state_free(&st);
	programs_free(&progs);
	siteconf_free(&site);
	spool_free(&sp);
	free(sender);
	return e;
}
