/*
 * refilter.h - `mda filter`: run the filter again over mail already in a
 * Maildir (design.md: "judged as if just arrived; moves are link, fsync,
 * unlink: never lost").
 *
 * Each message of INBOX's new/ and cur/ is spooled, judged by the filter
 * as if it had just arrived, with its stored flags, and then:
 *   moved    to the folders the filter names: link into each (a fresh
 *            Maildir name, the stored flags plus the filter's), fsync, and
 *            only then unlink the source and fsync its directory.  A crash
 *            in between leaves the message in both places; the next run
 *            finds the source's inode already in the folder and only
 *            finishes the move, so every message ends up exactly once.
 *   flagged  kept with new flags: renamed in place (new/ to cur/) to the
 *            new ":2," info, atomically, never over another name;
 *   kept     left alone (also after a filter error, and for redirect,
 *            vacation and reject, which are reported, never carried out);
 *   deleted  by discard, only with --allow-delete.
 * Header edits (editheader) are not applied to stored mail.
 */
#ifndef MDA_REFILTER_H
#define MDA_REFILTER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "config.h"
#include "intake/inbox.h"
#include "store/maildir.h"
#include "why.h"

struct refilter_stats {
	unsigned long seen, moved, flagged, kept, deleted, errors, withheld;
};

struct refilter_ctx {
	const struct config *cfg;
	const struct inbox *ib;       /* the Maildir being filtered */
	const char *script;
	struct maildir_namer nm;
	struct refilter_stats st;
	FILE *out;                    /* the plan (-n) and the reports */
};

/* refilter_one - judge root/sub/name and carry out the verdict (or print
 * it with -n).  A message that cannot be read or a filter error is
 * counted and reported and the run goes on; only a storage failure that
 * would hit every message (ENOSPC, EIO) is returned. */
enum mda_err refilter_one(struct refilter_ctx *rc, const char *sub,
			  const char *name, struct why *w);

/* Moving files (move.c). */

/* refilter_linked_in - true if a file with the inode of st is already in
 * folder dir's new/ or cur/ (a move a crash interrupted). */
bool refilter_linked_in(const char *dir, const struct stat *st);
/* refilter_rename - src to dst without replacing a name; both directories
 * fsynced.  0 or errno. */
int refilter_rename(const char *src, const char *dst);
/* refilter_unlink - remove path and fsync its directory.  0 or errno. */
int refilter_unlink(const char *path);

#endif
