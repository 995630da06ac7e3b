/*
 * cmd_migrate.c - `mda migrate [--progress|--quiet] [-n] [--from KIND]
 * [--labels-as-keywords] SRC... DEST`: mbox files (plain or gzip) and
 * trees of them, Gmail Takeout, Thunderbird, MH and Maildir sources into
 * a Maildir (the kind by --from, else by the source's shape).
 *
 * Contract (docs/migrate.md): every readable message is stored exactly
 * once however often the command is run or interrupted; the sources are
 * only read.  Output: a progress line on stderr (a terminal, or
 * --progress), one line per source file and a summary on stdout, damage
 * on stderr; --quiet leaves only the errors.  Result: MDA_OK; MDA_ERR_DATA
 * (65) when some input was damaged or refused but everything readable was
 * stored; a storage failure (75) from the store; MDA_ERR_USAGE (64).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "migrate/mbox_reader.h"
#include "migrate/migrate_source.h"
#include "migrate/migrate_store.h"
#include "migrate/migrate_walk.h"

struct run {
	const struct config *cfg;
	struct mig_store store;
	struct mig_sink sink;     /* the store's, wrapped for progress */
	bool quiet, progress;
	bool shown;               /* a progress line is on the screen */
	uint64_t total, done;     /* source bytes: all, finished files */
	struct mbr *r;            /* the file being read */
	enum mig_kind from;       /* --from, or MIG_AUTO */
	enum mig_kind kind;       /* of the source being read */
	unsigned long messages, files, damaged;
	unsigned long removed;    /* MH files rmm left behind */
	unsigned long last_no;    /* the last message seen: number, offset */
	uint64_t last_off;
	struct timespec t0, last;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* progress - at most four times a second: messages, MiB, MiB/s, ETA. */
static void progress(struct run *run, bool force)
{
	struct timespec now;

	if (!run->progress || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return;
	if (!force && since(&run->last, &now) < 0.25)
		return;
	run->last = now;
	double el = since(&run->t0, &now);
	double done = (double)(run->done + (run->r ? mbr_consumed(run->r) : 0));
	double rate = el > 0 ? done / el : 0;
	double left = rate > 0 && run->total > done ?
		      ((double)run->total - done) / rate : 0;
	fprintf(stderr, "\r%lu messages, %.1f MiB, %.1f MiB/s", run->messages,
		done / 1048576.0, rate / 1048576.0);
	if (run->total > 0)  /* unknown for MH and Maildir sources */
		fprintf(stderr, ", ETA %d:%02d", (int)(left / 60),
			(int)left % 60);
	fputc(' ', stderr);
	run->shown = true;
}

static void damage(void *ctx, const char *path, const char *text)
{
	struct run *run = ctx;

	if (run->shown)
		fputc('\n', stderr);
	run->shown = false;
	fprintf(stderr, "mda migrate: %s: %s\n", path, text);
	run->damaged++;
}

static int on_begin(void *ctx, const struct mig_msg *m)
{
	struct run *run = ctx;

	run->last_no = m->number;
	run->last_off = m->offset;
	return run->sink.begin(run->sink.ctx, m);
}

static int on_data(void *ctx, const char *p, size_t len)
{
	struct run *run = ctx;

	if (run->r == NULL)  /* a message file: its bytes are the progress */
		run->done += len;
	return run->sink.data(run->sink.ctx, p, len);
}

static int on_end(void *ctx, struct mig_msg *m)
{
	struct run *run = ctx;

	run->messages++;
	progress(run, false);
	return run->sink.end(run->sink.ctx, m);
}

/* report - what one file looked like, and where it was damaged. */
static void report(struct run *run, const char *path, const char *folder,
		   const struct mig_stats *st)
{
	char text[512];

	if (st->junk_bytes > 0 && st->messages == 0) {
		snprintf(text, sizeof(text), "no From_ line: not an mbox; "
			 "%llu bytes passed over, nothing stored",
			 (unsigned long long)st->junk_bytes);
		damage(run, path, text);
	} else if (st->junk_bytes > 0) {
		snprintf(text, sizeof(text), "%llu bytes outside any message "
			 "passed over (%lu runs, the first at byte %llu)",
			 (unsigned long long)st->junk_bytes, st->junk_runs,
			 (unsigned long long)st->junk_off);
		damage(run, path, text);
	}
	if (st->read_error || st->cut_last) {
		snprintf(text, sizeof(text), "%s at byte %llu, in message %lu "
			 "(from byte %llu); messages 1-%lu are complete, "
			 "message %lu was stored as far as it was read",
			 st->read_error ? run->r->err :
			 "no newline at the end (cut off?)",
			 (unsigned long long)st->stop_off, run->last_no,
			 (unsigned long long)run->last_off,
			 run->last_no - 1, run->last_no);
		damage(run, path, text);
	}
	if (run->quiet)
		return;
	if (run->shown)
		fputc('\n', stdout);
	run->shown = false;
	printf("%s: %lu messages -> %s (%s%s%s)", path, st->messages,
	       run->store.gmail ? "the folders of their Gmail labels" : folder,
	       run->store.skip_expunged ? "Thunderbird, " : "",
	       mbr_is_gzip(run->r) ? "gzip, " : "", mig_style(st));
	if (st->cl_ignored > 0)
		printf("; %lu Content-Length headers did not match and were "
		       "ignored", st->cl_ignored);
	printf("\n");
}

static enum mda_err do_file(void *ctx, const char *path, const char *folder,
			    const struct stat *sb, struct why *w)
{
	struct run *run = ctx;
	struct mig_sink wrap = { on_begin, on_data, on_end, run };
	struct mig_stats st;
	struct why fw = { "", "" };
	struct mbr r;

	enum mda_err e = mbr_open(&r, path, MBR_CAP_DEFAULT, &fw);
	if (e == MDA_ERR_DATA) {
		damage(run, path, fw.text + (strncmp(fw.text, path,
			strlen(path)) == 0 ? strlen(path) + 2 : 0));
		return MDA_OK;
	}
	if (e == MDA_OK)
		e = mig_store_folder(&run->store, folder, &fw);
	if (e != MDA_OK) {
		if (r.buf != NULL)
			mbr_close(&r);
		if (e == MDA_ERR_DATA) {  /* a folder name Maildir++ refuses */
			damage(run, path, fw.text);
			return MDA_OK;
		}
		*w = fw;
		return e;
	}
	/* A file in an mbox tree may still be a Takeout or Thunderbird
	 * export: its first header tells, unless --from said mbox. */
	enum mig_kind k = run->kind;
	if (k == MIG_MBOX && run->from == MIG_AUTO)
		k = mig_detect_mbox(&r);
	run->store.gmail = k == MIG_GMAIL;
	run->store.skip_expunged = k == MIG_TBIRD;
	run->r = &r;
	run->files++;
	int rc = mig_split(&r, &wrap, &st);
	if (rc == 0)
		report(run, path, folder, &st);
	run->done += S_ISREG(sb->st_mode) ? (uint64_t)sb->st_size : 0;
	mbr_close(&r);
	run->r = NULL;
	if (rc != 0) {
		*w = run->store.why;
		return run->store.err != MDA_OK ? run->store.err : MDA_ERR_TEMP;
	}
	return MDA_OK;
}

/* folder_done - a line per folder of an MH or Maildir source. */
static void folder_done(void *ctx, const char *path, const char *folder,
			unsigned long n, const char *kind)
{
	struct run *run = ctx;

	if (run->quiet)
		return;
	if (run->shown)
		fputc('\n', stdout);
	run->shown = false;
	printf("%s: %lu messages -> %s (%s)\n", path, n, folder, kind);
}

/* source - one SRC operand, read as its kind. */
static enum mda_err source(struct run *run, struct mig_reader *rd,
			   const char *src, struct why *w)
{
	struct mig_walker files = { do_file, damage, run, false };

	run->kind = run->from != MIG_AUTO ? run->from : mig_detect(src);
	switch (run->kind) {
	case MIG_MH:
		return mig_mh_read(rd, src, w);
	case MIG_MAILDIR:
		return mig_maildir_read(rd, src, w);
	case MIG_TBIRD:
		files.mozilla = true;
		return mig_tbird_walk(&files, src, w);
	case MIG_AUTO:
	case MIG_MBOX:
	case MIG_GMAIL:
		break;
	}
	return mig_walk(&files, src, w);
}

/* add_size - the first pass: the size of every source, for the ETA. */
static enum mda_err add_size(void *ctx, const char *path, const char *folder,
			     const struct stat *st, struct why *w)
{
	struct run *run = ctx;

	(void)path, (void)folder, (void)w;
	run->total += S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
	return MDA_OK;
}

static void no_damage(void *ctx, const char *path, const char *text)
{
	(void)ctx, (void)path, (void)text;
}

/* skipped - the end-of-run report: each kind of message left out. */
static void skipped(const struct run *run)
{
	const struct mig_store *s = &run->store;
	const struct { unsigned long n; const char *why; } t[] = {
		{ s->dups, "already in the destination folder (same content)" },
		{ s->pseudo, "UW IMAP folder-data messages (not mail)" },
		{ s->expunged, "deleted in Thunderbird, not yet compacted away "
		  "(X-Mozilla-Status 0x8)" },
		{ run->removed, "MH files removed by rmm (,N or #N)" },
		{ s->labels_lost, "Gmail labels left out (no usable folder "
		  "name, or more than 32)" },
		{ s->kw_lost, "keywords left out (not an IMAP atom, or past the "
		  "26 a folder can hold)" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].n > 0)
			printf("  skipped: %lu %s\n", t[i].n, t[i].why);
	if (s->links > 0)
		printf("  %lu further folders got a hard link of a message "
		       "already stored\n", s->links);
}

static void summary(struct run *run)
{
	const struct mig_store *s = &run->store;

	if (run->shown)
		fputc('\n', stderr);
	if (run->quiet)
		return;
	printf("mda migrate: %lu messages %s in %zu folders, %llu bytes; "
	       "%lu duplicates skipped; %lu damaged inputs",
	       s->stored, run->cfg->dry_run ? "would be stored" : "stored",
	       s->nfolders, (unsigned long long)s->bytes, s->dups,
	       run->damaged);
	if (s->pseudo > 0)
		printf("; %lu UW IMAP folder-data messages left out", s->pseudo);
	printf("\n");
	skipped(run);
}

enum mda_err cmd_migrate(const struct config *cfg, struct why *w)
{
	struct run run;
	enum mda_err e;

	if (cfg->nargs < 2)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "migrate needs SRC... DEST_MAILDIR");
	/* From_ dates are local time (mktime).  With TZ unset glibc stats
	 * /etc/localtime on every call; naming the same file once spares
	 * one system call per message and reads the same zone. */
	if (getenv("TZ") == NULL && setenv("TZ", ":/etc/localtime", 1) != 0)
		return why_errno(w, errno, "setting TZ");
	memset(&run, 0, sizeof(run));
	run.cfg = cfg;
	run.quiet = cfg->progress < 0;
	run.progress = cfg->progress > 0 ||
		       (cfg->progress == 0 && isatty(STDERR_FILENO));
	(void)clock_gettime(CLOCK_MONOTONIC, &run.t0);
	run.last = run.t0;
	if (!mig_kind_parse(cfg->migrate_from, &run.from))
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "--from %s: not one of "
			       "mbox, gmail, thunderbird, mh, maildir",
			       cfg->migrate_from);
	const char *dest = cfg->args[cfg->nargs - 1];
	e = mig_store_init(&run.store, dest, cfg->dry_run, w);
	run.store.labels_as_keywords = cfg->labels_as_keywords;
	mig_store_sink(&run.store, &run.sink);
	struct mig_sink wrap = { on_begin, on_data, on_end, &run };
	struct mig_reader rd = { &run.store, &wrap, damage, folder_done, &run,
				 malloc(MBR_CAP_DEFAULT), 0 };
	if (e == MDA_OK && rd.buf == NULL)
		e = why_errno(w, ENOMEM, "starting");
	struct mig_walker sizes = { add_size, no_damage, &run, true };
	for (int i = 0; e == MDA_OK && run.progress && i < cfg->nargs - 1; i++) {
		enum mig_kind k = run.from != MIG_AUTO ? run.from :
				  mig_detect(cfg->args[i]);
		if (k == MIG_TBIRD)
			e = mig_tbird_walk(&sizes, cfg->args[i], w);
		else if (k != MIG_MH && k != MIG_MAILDIR)
			e = mig_walk(&sizes, cfg->args[i], w);
	}
	for (int i = 0; e == MDA_OK && i < cfg->nargs - 1; i++)
		e = source(&run, &rd, cfg->args[i], w);
	free(rd.buf);
	run.removed = rd.removed;
	/* Even after a failure: link and sync what was written. */
	struct why fw = { "", "" };
	enum mda_err fe = mig_store_finish(&run.store, &fw);
	if (e == MDA_OK && fe != MDA_OK) {
		e = fe;
		*w = fw;
	}
	progress(&run, true);
	summary(&run);
	mig_store_free(&run.store);
	if (e == MDA_OK && run.damaged > 0)
		e = why_set(w, MDA_ERR_DATA, "5.6.0", "%lu damaged or unreadable "
			    "inputs (see above); everything readable was %s",
			    run.damaged, cfg->dry_run ? "read" : "stored");
	return e;
}
