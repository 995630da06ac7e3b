/*
 * cmd_deliver.c - `mda [options] < message`: spool, filter, store, log.
 *
 * Data flow (design.md): stdin is streamed once into the INBOX Maildir's
 * tmp/ (or a private spool for mbox and --dry-run: in memory while small,
 * else an unlinked temp file; intake/spool_file.h), the filter
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
#include "delivery.h"
#include "intake/spool_file.h"
#include "store/maildir_sweep.h"

struct spool_target {
	const struct inbox *ib;
	struct maildir_namer *nm;
	bool private_tmp;
	int create_err;       /* out: errno of a failed create, else 0 */
};

static int spool_create(void *ctx, char **path_r)
{
	struct spool_target *st = ctx;
	int fd = st->private_tmp ? spool_tmpfile_open(path_r) :
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
	struct delivery_report rep = { "", "", 0, 0, false, 0 };
	struct maildir_namer nm;
	struct delivery d = { .ib = &ib, .sp = &sp, .nm = &nm };
	char *sender = NULL;
	enum mda_err e;

	if (clock_gettime(CLOCK_MONOTONIC, &d.t0) != 0)
		return why_errno(w, errno, "clock_gettime");
	e = inbox_resolve(cfg, &ib, w);
	if (e != MDA_OK)
		return e;
	nm = (struct maildir_namer){ .host = ib.host };
	e = spool_in(cfg, &ib, &nm, &sp, w);
	d.inbox_made = e == MDA_OK && ib.is_maildir && !cfg->dry_run;
	if (e == MDA_OK && (sender = envelope_sender(cfg, &sp)) == NULL)
		e = why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	d.sender = sender ? sender : "";
	d.rcpt = envelope_rcpt(cfg, &ib);
	d.orig_rcpt = getenv("ORIGINAL_RECIPIENT");
	if (e == MDA_OK)
		e = delivery_run(cfg, &d, &rep, stdout, w);
	else
		delivery_log(cfg, &d, &rep, e, w);
	spool_free(&sp);
	free(sender);
	return e;
}
