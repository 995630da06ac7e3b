/*
 * svt_msg.c - the scratch world of one testsuite file: its directory,
 * the messages spooled into it, the Maildir each block stores into, and
 * the outgoing mail captured instead of sent (see svt.h).
 *
 * A message given as text goes through spool_read() like stdin does, so
 * the engine sees exactly what a delivery of those bytes would show it.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "io.h"
#include "svtest/svt.h"

static int spool_create(void *ctx, char **path_r)
{
	struct svt *t = ctx;
	char dir[4200];
	int n = snprintf(dir, sizeof(dir), "%s/spool", t->root);

	if (n < 0 || (size_t)n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return maildir_tmp_open(dir, &t->nm, path_r);
}

/* root_path - t->root + "/" + leaf into out; -1 if it does not fit. */
static int root_path(const struct svt *t, const char *leaf, char *out,
		     size_t size)
{
	int n = snprintf(out, size, "%s/%s", t->root, leaf);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* use_maildir - the current Maildir is mail-N under the root. */
static int use_maildir(struct svt *t, unsigned n)
{
	char leaf[32];
	struct why w = { "", "" };

	snprintf(leaf, sizeof(leaf), "mail-%u", n);
	if (root_path(t, leaf, t->ib.path, sizeof(t->ib.path)) < 0)
		return -1;
	return maildir_make(t->ib.path, false, &w) == MDA_OK ? 0 : -1;
}

enum mda_err svt_open(struct svt *t, const struct config *cfg,
		      const char *file, struct why *w)
{
	const char *tmp = getenv("TMPDIR");
	char spool[4200];
	const char *slash = strrchr(file, '/');
	int n;

	t->cfg = cfg;
	n = snprintf(t->root, sizeof(t->root), "%s/mda-svtest.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(t->root) || mkdtemp(t->root) == NULL)
		return why_errno(w, errno, "making the scratch directory");
	n = slash ? snprintf(t->dir, sizeof(t->dir), "%.*s",
			     (int)(slash - file), file) :
		    snprintf(t->dir, sizeof(t->dir), ".");
	if (n < 0 || (size_t)n >= sizeof(t->dir) ||
	    snprintf(t->personal, sizeof(t->personal), "%s/included",
		     t->dir) >= (int)sizeof(t->personal) ||
	    snprintf(t->global, sizeof(t->global), "%s/included-global",
		     t->dir) >= (int)sizeof(t->global))
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "%s: path too long",
			       file);
	if (realpath(t->dir, t->path) == NULL)   /* then as given */
		memcpy(t->path, t->dir, sizeof(t->path));
	if (gethostname(t->ib.host, sizeof(t->ib.host) - 1) != 0)
		snprintf(t->ib.host, sizeof(t->ib.host), "localhost");
	snprintf(t->ib.user, sizeof(t->ib.user), "recipient");
	snprintf(t->ib.home, sizeof(t->ib.home), "%s", t->root);
	t->ib.is_maildir = true;
	t->nm.host = t->ib.host;
	t->state = state_new(t->root, cfg);
	if (root_path(t, "spool", spool, sizeof(spool)) < 0 ||
	    maildir_make(spool, false, w) != MDA_OK || use_maildir(t, 0) < 0 ||
	    t->state == NULL)
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "cannot prepare %s", t->root);
	return MDA_OK;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;   /* best effort: go on */
}

static void msg_free(struct svt_msg *m)
{
	if (m == NULL)
		return;
	spool_free(&m->sp);
	free(m);
}

void svt_close(struct svt *t)
{
	for (size_t i = 0; i < t->nmsgs; i++)
		msg_free(t->msgs[i]);
	svt_sent_clear(t);
	for (size_t i = 0; i < t->nstored; i++) {
		free(t->stored[i].dir);
		free(t->stored[i].file);
		for (size_t k = 0; k < t->stored[i].nflags; k++)
			free(t->stored[i].flags[k]);
		free(t->stored[i].flags);
	}
	for (size_t i = 0; i < t->nboxes; i++)
		free(t->boxes[i]);
	state_free(&t->state);
	if (t->root[0] != '\0')
		(void)nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* msg_from_fd - spool everything fd holds into a new message. */
static struct svt_msg *msg_from_fd(struct svt *t, int fd, char *why,
				   size_t wsize)
{
	struct svt_msg *m;
	struct why w = { "", "" };

	if (t->nmsgs >= SVT_MAX_MSGS || (m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(why, wsize, "too many messages");
		return NULL;
	}
	if (spool_read(fd, spool_create, t, &m->sp, &w) != MDA_OK) {
		snprintf(why, wsize, "%s", w.text);
		free(m);
		return NULL;
	}
	spool_message(&m->sp, &m->m);
	t->msgs[t->nmsgs++] = m;
	return m;
}

struct svt_msg *svt_msg_text(struct svt *t, const char *text, size_t len,
			     char *why, size_t wsize)
{
	int fd = memfd_create("svtest-message", MFD_CLOEXEC);
	struct svt_msg *m = NULL;

	if (fd < 0) {
		snprintf(why, wsize, "memfd_create: %s", strerror(errno));
		return NULL;
	}
	if (io_write_all(fd, text, len) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		snprintf(why, wsize, "writing the message: %s",
			 strerror(errno));
	else
		m = msg_from_fd(t, fd, why, wsize);
	(void)close(fd);
	return m;
}

static int fd_writer(void *ctx, const char *buf, size_t len)
{
	return io_write_all(*(int *)ctx, buf, len);
}

struct svt_msg *svt_msg_source(struct svt *t, const struct msg_source *src)
{
	char why[300];
	int fd = memfd_create("svtest-message", MFD_CLOEXEC);
	struct svt_msg *m = NULL;

	if (fd < 0)
		return NULL;
	if (msg_source_copy(src, fd_writer, &fd) == 0 &&
	    lseek(fd, 0, SEEK_SET) == 0)
		m = msg_from_fd(t, fd, why, sizeof(why));
	(void)close(fd);
	return m;
}

struct svt_msg *svt_msg_file(struct svt *t, const char *path)
{
	char why[300];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct svt_msg *m;

	if (fd < 0)
		return NULL;
	m = msg_from_fd(t, fd, why, sizeof(why));
	(void)close(fd);
	return m;
}

struct svt_msg *svt_msg_of(const struct sieve_message *m)
{
	return (struct svt_msg *)((char *)m - offsetof(struct svt_msg, m));
}

void svt_sent_clear(struct svt *t)
{
	for (size_t i = 0; i < t->nsent; i++) {
		free(t->sent[i].from);
		free(t->sent[i].to);
	}
	t->nsent = 0;
}

int svt_mailbox(struct svt *t, const char *name)
{
	char dir[4096];
	struct why w = { "", "" };
	char *copy;

	if (maildir_folder_dir(t->ib.path, name, dir, sizeof(dir), &w) !=
	    MDA_OK || maildir_make(dir, strcmp(dir, t->ib.path) != 0, &w) !=
	    MDA_OK)
		return -1;
	if (t->in_block)
		return 0;
	if (t->nboxes >= SVT_MAX_BOXES || (copy = strdup(name)) == NULL)
		return -1;
	t->boxes[t->nboxes++] = copy;
	return 0;
}

void svt_block(struct svt *t, bool begin)
{
	t->in_block = false;
	if (!begin) {
		(void)use_maildir(t, 0);
		return;
	}
	if (use_maildir(t, ++t->nblock) < 0)
		return;   /* the first store will report it */
	t->in_block = true;
	for (size_t i = 0; i < t->nboxes; i++)
		(void)svt_mailbox(t, t->boxes[i]);
}
