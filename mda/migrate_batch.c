/*
 * migrate_batch.c - publish written messages a batch at a time.
 *
 * Why batches: one fsync per message costs a disk round trip each, which
 * is most of the time of a naive migration.  The Maildir promise is kept
 * with syncfs() instead: every file of the batch is on disk before the
 * first link() into new/ or cur/ (so no partial message is ever visible,
 * even after a power cut), and a last syncfs() at the end makes the links
 * themselves durable before we report success.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "migrate_store.h"

static int fail(struct mig_store *s, int err, const char *what)
{
	if (s->err == MDA_OK)
		s->err = why_errno(&s->why, err, what);
	return -1;
}

int mig_store_flush(struct mig_store *s)
{
	char rel[MAILDIR_NAME_MAX + 8];

	if (s->nbatch == 0 || s->dry_run)
		return 0;
	if (syncfs(s->rootfd) != 0)
		return fail(s, errno, "syncing the Maildir");
	for (size_t i = 0; i < s->nbatch; i++) {
		struct mig_pending *p = &s->batch[i];
		int n = snprintf(rel, sizeof(rel), "tmp/%s", p->tmp);

		if (n < 0 || (size_t)n >= sizeof(rel))
			return fail(s, ENAMETOOLONG, "linking a message");
		if (linkat(p->f->dirfd, rel, p->f->dirfd, p->final, 0) == 0) {
			s->stored++;
			s->bytes += p->size;
		} else if (errno == EEXIST) {
			s->dups++;  /* a concurrent run stored the same bytes */
		} else {
			return fail(s, errno, "linking into the Maildir");
		}
		if (unlinkat(p->f->dirfd, rel, 0) != 0)
			return fail(s, errno, "removing a tmp/ file");
	}
	s->nbatch = 0;
	s->batch_bytes = 0;
	return 0;
}

enum mda_err mig_store_finish(struct mig_store *s, struct why *w)
{
	if (!s->dry_run && s->rootfd >= 0) {
		bool failed = s->err != MDA_OK;
		(void)mig_store_flush(s);
		if (!failed && s->err == MDA_OK && syncfs(s->rootfd) != 0)
			(void)fail(s, errno, "syncing the Maildir");
	}
	if (s->err != MDA_OK)
		*w = s->why;
	return s->err;
}

void mig_store_free(struct mig_store *s)
{
	for (size_t i = 0; i < s->nfolders; i++) {
		struct mig_folder *f = s->folders[i];
		if (f->dirfd >= 0)
			(void)close(f->dirfd);  /* directories: nothing to lose */
		mig_set_free(&f->seen);
		free(f->name);
		free(f->path);
		free(f);
	}
	if (s->spill_fd >= 0)
		(void)close(s->spill_fd);
	if (s->rootfd >= 0)
		(void)close(s->rootfd);
	free(s->folders);
	free(s->mbuf);
	free(s->batch);
	s->folders = NULL;
	s->mbuf = NULL;
	s->batch = NULL;
	s->spill_fd = s->rootfd = -1;
}
