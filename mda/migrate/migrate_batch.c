/*
 * migrate_batch.c - publish written messages a batch at a time.
 *
 * Why batches: one fsync per message costs a disk round trip each, which
 * is most of the time of a naive migration.  The Maildir promise is kept
 * with syncfs() instead: every file of the batch is on disk before the
 * first link into new/ or cur/ (so no partial message is ever visible,
 * even after a power cut), and a last syncfs() at the end makes the links
 * themselves durable before we report success.  Most files are unnamed
 * (O_TMPFILE) until that link: a crash before it leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "migrate/migrate_store.h"

static int fail(struct mig_store *s, int err, const char *what)
{
	if (s->err == MDA_OK)
		s->err = why_errno(&s->why, err, what);
	return -1;
}

/* link_unnamed - give the unnamed file behind fd the name final in dirfd.
 * linkat(AT_EMPTY_PATH) needs Linux 6.10 or CAP_DAC_READ_SEARCH; the
 * /proc/self/fd link does the same for anyone where /proc is mounted. */
static int link_unnamed(struct mig_store *s, int fd, int dirfd,
			const char *final)
{
	char proc[64];

	if (!s->no_empty_path) {
		if (linkat(fd, "", dirfd, final, AT_EMPTY_PATH) == 0)
			return 0;
		if (errno != ENOENT && errno != EPERM && errno != EINVAL)
			return -1;
		s->no_empty_path = true;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, dirfd, final, AT_SYMLINK_FOLLOW);
}

/* link_one - publish one synced file; a name already there means a
 * concurrent run stored the same bytes.  The file stays open (or its
 * tmp/ name stays) while a later entry links it into another folder. */
static int link_one(struct mig_store *s, struct mig_pending *p)
{
	char rel[MAILDIR_NAME_MAX + 8];
	int rc, fd = p->fd;

	p->fd = -1;
	if (fd >= 0) {
		rc = link_unnamed(s, fd, p->f->dirfd, p->final);
	} else {
		int n = snprintf(rel, sizeof(rel), "tmp/%s", p->tmp);
		if (n < 0 || (size_t)n >= sizeof(rel))
			return fail(s, ENAMETOOLONG, "linking a message");
		rc = linkat(p->tmpf->dirfd, rel, p->f->dirfd, p->final, 0);
	}
	int err = rc == 0 ? 0 : errno;
	if (rc == 0) {
		s->stored++;
		s->bytes += p->size;
	} else if (err == EEXIST) {
		s->dups++;
	}
	/* The data was synced before the link: close cannot lose it. */
	if (fd >= 0 && !p->more && close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0 && err != EEXIST)
		return fail(s, err, "linking into the Maildir");
	if (fd < 0 && !p->more && unlinkat(p->tmpf->dirfd, rel, 0) != 0)
		return fail(s, errno, "removing a tmp/ file");
	return 0;
}

/* drop - after a failure: close what is still open, once per file. */
static void drop(struct mig_store *s, size_t from)
{
	for (size_t i = from; i < s->nbatch; i++)
		if (s->batch[i].fd >= 0 && !s->batch[i].more)
			(void)close(s->batch[i].fd);  /* unnamed: vanishes */
	for (size_t i = from; i < s->nbatch; i++)
		s->batch[i].fd = -1;
}

int mig_store_flush(struct mig_store *s)
{
	size_t i;
	int rc = 0;

	if (s->nbatch == 0 || s->dry_run)
		return 0;
	if (syncfs(s->rootfd) != 0)
		rc = fail(s, errno, "syncing the Maildir");
	for (i = 0; rc == 0 && i < s->nbatch; i++)
		rc = link_one(s, &s->batch[i]);
	/* After a failure the rest are dropped: unnamed files vanish. */
	drop(s, i);
	s->nbatch = 0;
	s->batch_bytes = 0;
	return rc;
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
	if (s->batch != NULL)
		drop(s, 0);
	s->nbatch = 0;
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
