/*
 * migrate_walk.h - turn the SRC operands of `mda migrate` into (file,
 * folder) pairs, in a stable (sorted) order.
 */
#ifndef MDA_MIGRATE_WALK_H
#define MDA_MIGRATE_WALK_H

#include <sys/stat.h>

#include "why.h"

struct mig_walker {
	/* file - one mbox file for folder; an error stops the walk. */
	enum mda_err (*file)(void *ctx, const char *path, const char *folder,
			     const struct stat *st, struct why *w);
	/* damage - a source that cannot be read; the walk goes on. */
	void (*damage)(void *ctx, const char *path, const char *text);
	void *ctx;
	bool mozilla;   /* a Thunderbird tree: pass over its other files */
};

/* mig_walk - a file is INBOX; a directory is walked (depth at most 32,
 * symbolic links not followed). */
enum mda_err mig_walk(const struct mig_walker *wk, const char *src,
		      struct why *w);

/* mig_walk_tree - the directory dir as folders under prefix ("": top). */
enum mda_err mig_walk_tree(const struct mig_walker *wk, const char *dir,
			   const char *prefix, struct why *w);

#endif
