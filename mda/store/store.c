/*
 * store.c - one target, one copy.
 *
 * Maildir: the spool file already sits in INBOX/tmp and has been fsynced;
 * each folder gets a hard link to it, so the body is written once however
 * many folders there are.  Only an editheader result needs its own file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/keywords.h"
#include "store/mbox.h"
#include "store/store.h"

static int fd_writer(void *ctx, const char *buf, size_t len)
{
	return io_write_all(*(int *)ctx, buf, len);
}

void store_source(const struct store_ctx *sc, const struct sieve_action *a,
		  struct msg_source *src)
{
	spool_source(programs_spool(sc->programs, sc->sp,
				    a != NULL ? a->version : 0), src);
	if (a != NULL && a->header_block != NULL) {
		src->header = a->header_block;
		src->header_len = a->header_block_len;
	}
}

/* write_copy - a tmp/ file of its own in dir holding src, fsynced. */
static enum mda_err write_copy(struct store_ctx *sc, const char *dir,
			       const struct msg_source *src, char **tmp_r,
			       struct why *w)
{
	int fd = maildir_tmp_open(dir, &sc->nm, tmp_r);
	int err;

	if (fd < 0)
		return why_errno(w, errno, "creating a Maildir file");
	err = msg_source_copy(src, fd_writer, &fd);
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0)
		return MDA_OK;
	(void)unlink(*tmp_r);
	free(*tmp_r);
	*tmp_r = NULL;
	return why_errno(w, err, "writing a Maildir file");
}

/* own_copy_needed - the spool file cannot simply be linked into dir: an
 * edited header, a spool with no name (a private temp file), or a folder
 * on another filesystem than the spool (LMTP: another user's Maildir). */
static bool own_copy_needed(const struct store_ctx *sc, const struct target *t,
			    const struct msg_source *src)
{
	struct stat a, b;

	if (src->header != sc->sp->header || sc->sp->path == NULL)
		return true;
	if (t->inbox && sc->inbox_made)
		return false;      /* the spool sits in this very Maildir */
	return fstat(sc->sp->fd, &a) != 0 || stat(t->path, &b) != 0 ||
	       a.st_dev != b.st_dev;
}

/* note - add a line for the log to sc->note ("; " between; a cut note
 * is still useful). */
static void __attribute__((format(printf, 2, 3)))
note(struct store_ctx *sc, const char *fmt, ...)
{
	size_t len = strlen(sc->note);
	va_list ap;

	if (len > 0 && len + 2 < sizeof(sc->note)) {
		memcpy(sc->note + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	(void)vsnprintf(sc->note + len, sizeof(sc->note) - len, fmt, ap);
	va_end(ap);
}

/* keywords_dropped - IMAP keywords among flags that got no letter (a
 * Maildir folder holds 26, a-z, in dovecot-keywords; or not an atom). */
static size_t keywords_dropped(const struct sieve_action *a,
			       const char *letters)
{
	size_t kw = 0, got = 0;

	for (size_t i = 0; i < a->nflags; i++)
		kw += a->flags[i][0] != '\\';
	for (const char *p = letters; *p != '\0'; p++)
		got += *p >= 'a' && *p <= 'z';
	return kw > got ? kw - got : 0;
}

static enum mda_err store_maildir(struct store_ctx *sc, struct target *t,
				  struct why *w)
{
	const struct sieve_action *a = t->act;
	char letters[64] = "", info[80];
	struct msg_source src;
	char *own_tmp = NULL;
	enum mda_err e;

	/* The spool already made and checked INBOX in this delivery. */
	e = t->inbox && sc->inbox_made ? MDA_OK :
		maildir_make(t->path, !t->inbox, w);
	if (e == MDA_OK && a != NULL && a->nflags > 0)
		e = keywords_letters(t->path, a->flags, a->nflags, letters,
				     sizeof(letters), w);
	if (e != MDA_OK)
		return e;
	if (a != NULL && keywords_dropped(a, letters) > 0)
		note(sc, "%.300s: %zu IMAP keywords not stored: a Maildir "
		     "holds 26 (a-z in dovecot-keywords)", t->path,
		     keywords_dropped(a, letters));
	maildir_info(letters, info, sizeof(info));
	store_source(sc, a, &src);
	if (own_copy_needed(sc, t, &src)) {
		e = write_copy(sc, t->path, &src, &own_tmp, w);
		if (e != MDA_OK)
			return e;
	}
	e = maildir_link(own_tmp ? own_tmp : sc->sp->path, t->path, &sc->nm,
			 src.header_len + src.body_len, info, &t->stored, w);
	if (own_tmp != NULL) {
		(void)unlink(own_tmp);  /* the link in new/ or cur/ is the copy */
		free(own_tmp);
	}
	return e;
}

/* make_parents - mkdir -p the directories above an mbox folder file. */
static enum mda_err make_parents(const char *file, struct why *w)
{
	char path[4096];
	size_t n = strlen(file);

	if (n >= sizeof(path))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
	memcpy(path, file, n + 1);
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return why_errno(w, errno, "creating a mail folder");
		*p = '/';
	}
	return MDA_OK;
}

static enum mda_err store_mbox(struct store_ctx *sc, struct target *t,
			       struct why *w)
{
	struct mbox_opts o = MBOX_OPTS_DEFAULT;
	struct msg_source src;
	enum mda_err e;

	o.lock.timeout_ms = sc->cfg->lock_timeout_ms;
	if (!t->inbox) {
		e = make_parents(t->path, w);
		if (e != MDA_OK)
			return e;
	}
	store_source(sc, t->act, &src);
	e = mbox_deliver(t->path, &src, sc->sender, sc->when, &o, w);
	if (o.fcntl_only)
		sc->fcntl_only = true;
	if (o.repaired > 0)
		note(sc, "%.300s: cut off %lld octets a crashed delivery left",
		     t->path, o.repaired);
	else if (o.repair_refused != NULL)
		note(sc, "%.300s: left what a crashed delivery wrote: %s",
		     t->path, o.repair_refused);
	return e;
}

enum mda_err store_target(struct store_ctx *sc, struct target *t,
			  struct why *w)
{
	enum mda_err e = sc->ib->is_maildir ? store_maildir(sc, t, w) :
					      store_mbox(sc, t, w);

	t->done = e == MDA_OK;
	return e;
}

uint64_t store_size(const struct store_ctx *sc, const struct target *t)
{
	struct msg_source src;

	store_source(sc, t->act, &src);
	return src.header_len + src.body_len;
}

void store_undo(struct target *t)
{
	if (t->stored != NULL && t->done)
		(void)unlink(t->stored);
	t->done = false;
}
