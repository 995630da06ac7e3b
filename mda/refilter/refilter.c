/*
 * refilter.c - one stored message through the filter again (refilter.h):
 * spool it, judge it with its stored flags, then move, flag, keep or
 * delete it.  Redirect, vacation and reject are reported, never done:
 * the mail arrived long ago and its sender is not waiting for an answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "filter.h"
#include "refilter/refilter.h"
#include "store/keywords.h"
#include "store/plan.h"
#include "store/target.h"

#define FLAGS_MAX 64

/* One message being refiltered. */
struct job {
	const char *sub, *name;
	char path[4096];
	struct stat st;
	struct spool sp;
	struct sieve_action_list acts;
	struct plan plan;
	struct target_list tl;
	char flags[FLAGS_MAX][KEYWORDS_LEN];   /* stored, then merged */
	size_t nflags, nstored;
	bool moved;
};

static int tmp_spool(void *ctx, char **path_r)
{
	const char *dir = getenv("TMPDIR");

	(void)ctx;
	*path_r = NULL;
	return open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC,
		    0600);
}

/* stored_info - the letters after ":2," in name, "" if none. */
static const char *stored_info(const char *name)
{
	const char *i = strstr(name, ":2,");

	return i != NULL ? i + 3 : "";
}

/* add_flags - merge flags into j->flags (case-insensitively, RFC 3501). */
static void add_flags(struct job *j, char *const *flags, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool have = false;

		for (size_t k = 0; k < j->nflags && !have; k++)
			have = strcasecmp(j->flags[k], flags[i]) == 0;
		if (!have && j->nflags < FLAGS_MAX)
			snprintf(j->flags[j->nflags++], KEYWORDS_LEN, "%s",
				 flags[i]);
	}
}

/* flags_for - the stored flags and those of the action a (may be NULL). */
static void flags_for(struct job *j, const struct sieve_action *a)
{
	j->nflags = j->nstored;
	if (a != NULL)
		add_flags(j, a->flags, a->nflags);
}

/* info_for - the ":2,..." info of the merged flags in folder dir; a
 * message that was in cur/ stays in cur/ (":2," with no flags). */
static enum mda_err info_for(struct job *j, const char *dir, char *info,
			     size_t size, struct why *w)
{
	char letters[64] = "", *v[FLAGS_MAX];
	enum mda_err e = MDA_OK;

	for (size_t i = 0; i < j->nflags; i++)
		v[i] = j->flags[i];
	if (j->nflags > 0)
		e = keywords_letters(dir, v, j->nflags, letters,
				     sizeof(letters), w);
	maildir_info(letters, info, size);
	if (e == MDA_OK && info[0] == '\0' && strcmp(j->sub, "cur") == 0)
		snprintf(info, size, ":2,");
	return e;
}

static void say(struct refilter_ctx *rc, const struct job *j,
		const char *what, const char *detail)
{
	fprintf(rc->out, "%s/%s: %s%s%s\n", j->sub, j->name, what,
		detail[0] ? ": " : "", detail);
}

/* report_withheld - what mda filter never does, said once per action. */
static void report_withheld(struct refilter_ctx *rc, const struct job *j)
{
	for (size_t i = 0; i < j->plan.n; i++) {
		const struct sieve_action *a = j->plan.v[i];
		char what[400];

		if (a->type != SIEVE_ACT_REDIRECT &&
		    a->type != SIEVE_ACT_VACATION &&
		    a->type != SIEVE_ACT_REJECT && a->type != SIEVE_ACT_EREJECT)
			continue;
		snprintf(what, sizeof(what), "%s (%.300s:%u)",
			 sieve_action_name(a->type),
			 a->script ? a->script : "-", a->line);
		say(rc, j, "not carried out by mda filter", what);
		rc->st.withheld++;
	}
}

/* judge - spool the file and run the filter over it; false (reported,
 * counted) when it cannot be read or the filter failed. */
static bool judge(struct refilter_ctx *rc, struct job *j, struct why *w)
{
	char warning[400], *ret;   /* the sender: Return-Path (RFC 5321 4.4) */
	struct sieve_diag d = { 0 };
	int fd = open(j->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	enum mda_err e = MDA_ERR_TEMP;

	if (fd < 0)
		why_errno(w, errno, "open");
	else if (fstat(fd, &j->st) != 0)
		why_errno(w, errno, "fstat");
	else if (!S_ISREG(j->st.st_mode))
		why_set(w, MDA_ERR_DATA, "5.6.0", "not a regular file");
	else
		e = spool_read(fd, tmp_spool, NULL, &j->sp, w);
	if (fd >= 0)
		(void)close(fd);
	if (e != MDA_OK) {
		say(rc, j, "cannot read, left alone", w->text);
		return false;
	}
	ret = spool_field(&j->sp, "Return-Path");
	char sender[512];
	snprintf(sender, sizeof(sender), "%.*s", ret ? (int)strcspn(ret +
		 strspn(ret, " <"), ">") : 0, ret ? ret + strspn(ret, " <") :
		 "");
	struct filter_env fe = { .sender = sender,
		.rcpt = rc->cfg->to ? rc->cfg->to : rc->ib->user,
		.ib = rc->ib };
	enum filter_outcome fo = filter_judge(rc->cfg, rc->script, &j->sp, &fe,
					      NULL, &j->acts, &d, warning,
					      sizeof(warning));
	free(ret);
	sieve_diag_free(&d);
	if (fo == FILTER_OK || fo == FILTER_NONE)
		return true;
	say(rc, j, "filter error, left alone", warning);
	return false;
}

/* link_into - one fileinto target: a new name in the folder, the source
 * and the folder fsynced (maildir_link syncs the directory). */
static enum mda_err link_into(struct refilter_ctx *rc, struct job *j,
			      struct target *t, struct why *w)
{
	char info[80], *final = NULL;
	enum mda_err e;
	int fd;

	if (refilter_linked_in(t->path, &j->st))
		return MDA_OK;   /* linked by a run that was stopped */
	flags_for(j, t->act);
	e = maildir_make(t->path, true, w);
	if (e == MDA_OK)
		e = info_for(j, t->path, info, sizeof(info), w);
	if (e != MDA_OK)
		return e;
	/* the file's data must be durable before a second name points at it */
	fd = open(j->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		e = why_errno(w, errno, "syncing the message");
	if (fd >= 0)
		(void)close(fd);
	if (e == MDA_OK)
		e = maildir_link(j->path, t->path, &rc->nm,
				 (uint64_t)j->st.st_size, info, &final, w);
	free(final);
	return e;
}

/* keep_here - the message stays: renamed if the filter added flags. */
static enum mda_err keep_here(struct refilter_ctx *rc, struct job *j,
			      const struct sieve_action *keep_act,
			      struct why *w)
{
	char info[80], dst[4096];
	const char *name = j->name;
	size_t base = strcspn(name, ":");
	int n, err;

	flags_for(j, keep_act);
	if (j->nflags == j->nstored) {
		rc->st.kept += !j->moved;
		return MDA_OK;
	}
	enum mda_err e = info_for(j, rc->ib->path, info, sizeof(info), w);
	if (e != MDA_OK)
		return e;
	n = snprintf(dst, sizeof(dst), "%s/cur/%.*s%s", rc->ib->path,
		     (int)base, name, info);
	if (n < 0 || (size_t)n >= sizeof(dst))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
	if ((err = refilter_rename(j->path, dst)) != 0)
		return why_errno(w, err, "renaming for new flags");
	rc->st.flagged++;
	return MDA_OK;
}

/* carry_out - the verdict on disk: links first, then the source. */
static enum mda_err carry_out(struct refilter_ctx *rc, struct job *j,
			      const struct sieve_action *keep_act, bool keep,
			      bool delete, struct why *w)
{
	enum mda_err e = MDA_OK;
	int err;

	for (size_t i = 0; e == MDA_OK && i < j->tl.n; i++)
		if (!j->tl.v[i].inbox) {
			e = link_into(rc, j, &j->tl.v[i], w);
			j->moved = e == MDA_OK;
		}
	if (e != MDA_OK)
		return e;
	rc->st.moved += j->moved;
	if (keep)
		return keep_here(rc, j, keep_act, w);
	if (!j->moved && !delete) {
		rc->st.kept++;
		return MDA_OK;
	}
	if ((err = refilter_unlink(j->path)) != 0)
		return why_errno(w, err, "removing the moved message");
	rc->st.deleted += delete;
	return MDA_OK;
}

/* print_plan - -n: what would happen, one line per step. */
static void print_plan(struct refilter_ctx *rc, struct job *j,
		       const struct sieve_action *keep_act, bool keep,
		       bool delete)
{
	char added[512] = "";
	size_t used = 0;

	for (size_t i = 0; i < j->tl.n; i++)
		if (!j->tl.v[i].inbox)
			say(rc, j, "would move to", j->tl.v[i].folder);
	flags_for(j, keep_act);
	for (size_t i = j->nstored; keep && i < j->nflags; i++) {
		int n = snprintf(added + used, sizeof(added) - used, "%s%s",
				 used ? " " : "", j->flags[i]);
		if (n > 0 && (size_t)n < sizeof(added) - used)
			used += (size_t)n;
	}
	if (used > 0)
		say(rc, j, "would add flags", added);
	if (delete)
		say(rc, j, "would delete (discard)", "");
	rc->st.moved += j->tl.n > (keep ? 1u : 0u);
	rc->st.flagged += used > 0;
	rc->st.deleted += delete;
	rc->st.kept += keep && used == 0 && j->tl.n <= 1;
}

/* decide - from the plan: targets, keep, discard. */
static enum mda_err decide(struct refilter_ctx *rc, struct job *j,
			   struct why *w)
{
	const struct sieve_action *keep_act = NULL;
	bool keep = false, delete = false;
	enum mda_err e;

	if (plan_build(&j->plan, &j->acts) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	report_withheld(rc, j);
	if (plan_find(&j->plan, SIEVE_ACT_REJECT, SIEVE_ACT_EREJECT) != NULL)
		plan_keep_only(&j->plan);
	e = target_build(rc->ib, &j->plan, &j->tl, w);
	if (e == MDA_ERR_DATA) {   /* a refused folder name */
		say(rc, j, "filter error, left alone", w->text);
		rc->st.errors++;
		return MDA_OK;
	}
	if (e != MDA_OK)
		return e;
	for (size_t i = 0; i < j->tl.n; i++)
		if (j->tl.v[i].inbox) {
			keep = true;
			keep_act = j->tl.v[i].act;
		}
	if (j->tl.n == 0 && !rc->cfg->allow_delete) {
		say(rc, j, "discard not carried out", "use --allow-delete");
		rc->st.withheld++;
		keep = true;
	}
	delete = j->tl.n == 0 && !keep;
	if (rc->cfg->dry_run) {
		print_plan(rc, j, keep_act, keep, delete);
		return MDA_OK;
	}
	return carry_out(rc, j, keep_act, keep, delete, w);
}

enum mda_err refilter_one(struct refilter_ctx *rc, const char *sub,
			  const char *name, struct why *w)
{
	struct job *j = calloc(1, sizeof(*j));
	enum mda_err e = MDA_OK;
	int n, got;

	if (j == NULL)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	j->sub = sub;
	j->name = name;
	j->sp.fd = -1;
	rc->st.seen++;
	n = snprintf(j->path, sizeof(j->path), "%s/%s/%s", rc->ib->path, sub,
		     name);
	got = keywords_info_flags(rc->ib->path, stored_info(name), j->flags,
			     FLAGS_MAX);
	j->nstored = j->nflags = got > 0 ? (size_t)got : 0;
	if (n < 0 || (size_t)n >= sizeof(j->path)) {
		say(rc, j, "path too long", "");
		rc->st.errors++;
	} else if (!judge(rc, j, w)) {
		rc->st.errors++;
	} else {
		e = decide(rc, j, w);
	}
	target_list_free(&j->tl);
	plan_free(&j->plan);
	sieve_actions_free(&j->acts);
	spool_free(&j->sp);
	free(j);
	return e;
}
