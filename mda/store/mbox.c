/*
 * mbox.c - the locked, all-or-nothing mbox append (contract in mbox.h).
 *
 * The open follows OpenBSD mail.local: never follow a symlink, never write
 * into a file swapped in between our check and our open, never into a
 * device, fifo, directory, a hard-linked file or someone else's file.  The
 * append follows Postfix local(8): remember the size once locked, and on
 * any failure ftruncate back to it, so a deferred delivery leaves the
 * mailbox byte-identical and the MTA's retry cannot produce half a copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/mbox.h"
#include "store/mbox_repair.h"
#include "store/mbox_sink.h"
#include "store/mboxrd.h"

#define OPEN_TRIES 5   /* lstat/open races lost in a row before giving up */

static enum mda_err refuse(struct why *w, const char *what)
{
	/* 4.2.0: the admin mends the mailbox, the MTA keeps the mail */
	return why_set(w, MDA_ERR_TEMP, "4.2.0", "mailbox %s", what);
}

/* check_file - what style.md asks of an mbox before we write into it. */
static enum mda_err check_file(const struct stat *st, struct why *w)
{
	if (S_ISLNK(st->st_mode))
		return refuse(w, "is a symbolic link");
	if (!S_ISREG(st->st_mode))
		return refuse(w, "is not a regular file");
	if (st->st_nlink != 1)
		return refuse(w, "has more than one link");
	if (st->st_uid != geteuid())
		return refuse(w, "is not owned by the user");
	return MDA_OK;
}

/* open_existing - O_APPEND open of what lstat saw; -1 with *again when the
 * name vanished in between.  O_NONBLOCK so a fifo swapped in cannot hang
 * us in open(); it is cleared again once fstat shows a regular file. */
static int open_existing(const char *path, const struct stat *ls, bool *again,
			 struct why *w)
{
	struct stat st;
	int fd, fl;

	fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK |
		  O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			*again = true;
		else if (errno == ELOOP)
			refuse(w, "is a symbolic link");
		else if (errno == ENXIO)   /* fifo without a reader */
			refuse(w, "is not a regular file");
		else
			why_errno(w, errno, "opening the mailbox");
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		why_errno(w, errno, "checking the mailbox");
		goto fail;
	}
	if (st.st_dev != ls->st_dev || st.st_ino != ls->st_ino) {
		*again = true;   /* replaced between lstat and open */
		goto fail;
	}
	if (check_file(&st, w) != MDA_OK)
		goto fail;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		why_errno(w, errno, "opening the mailbox");
		goto fail;
	}
	return fd;
fail:
	(void)close(fd);   /* read-only use so far */
	return -1;
}

/* create_failed - say plainly which mailbox could not be made, and when
 * its directory is missing, that (deferred: the admin makes it). */
static enum mda_err create_failed(struct why *w, int err, const char *path)
{
	char what[400];

	(void)snprintf(what, sizeof(what), err == ENOENT ?
		       "creating the mailbox %.300s: its directory does not "
		       "exist" : "creating the mailbox %.300s", path);
	return why_errno(w, err, what);   /* a cut path still says enough */
}

/* open_mailbox - the race-safe open, creating the file 0600 if absent. */
static enum mda_err open_mailbox(const char *path, int *fd_r, struct why *w)
{
	for (unsigned i = 0; i < OPEN_TRIES; i++) {
		struct stat ls;
		bool again = false;

		if (lstat(path, &ls) != 0) {
			if (errno != ENOENT)
				return why_errno(w, errno, "checking the mailbox");
			*fd_r = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL |
				     O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
			if (*fd_r >= 0)
				return MDA_OK;
			if (errno == EEXIST)
				continue;   /* someone else made it: recheck */
			return create_failed(w, errno, path);
		}
		if (check_file(&ls, w) != MDA_OK)
			return MDA_ERR_TEMP;
		*fd_r = open_existing(path, &ls, &again, w);
		if (*fd_r >= 0)
			return MDA_OK;
		if (!again)
			return MDA_ERR_TEMP;
	}
	return why_set(w, MDA_ERR_TEMP, "4.2.0", "mailbox keeps changing");
}

/* still_named - path still names the file we locked (a reader may have
 * renamed the mailbox away while we waited for the lock). */
static bool still_named(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* open_locked - open and lock, again if the name moved meanwhile. */
static enum mda_err open_locked(const char *path, struct mbox_opts *o,
				int *fd_r, struct mbox_lock *lk, struct why *w)
{
	for (unsigned i = 0; i < OPEN_TRIES; i++) {
		enum mda_err e = open_mailbox(path, fd_r, w);

		if (e != MDA_OK)
			return e;
		e = lock_acquire(lk, *fd_r, path, &o->lock, w);
		if (lk->fcntl_only)
			o->fcntl_only = true;
		if (e == MDA_OK && still_named(*fd_r, path))
			return MDA_OK;
		lock_release(lk);
		(void)close(*fd_r);   /* nothing written yet */
		*fd_r = -1;
		if (e != MDA_OK)
			return e;
	}
	return why_set(w, MDA_ERR_TEMP, "4.2.0", "mailbox keeps changing");
}

/* needs_newline - the mailbox is non-empty and its last byte is not LF. */
static int needs_newline(int fd, off_t size, bool *need_r)
{
	char c;
	ssize_t n;

	*need_r = false;
	if (size == 0)
		return 0;
	do
		n = pread(fd, &c, 1, size - 1);
	while (n < 0 && errno == EINTR);   /* bounded by signals delivered */
	if (n < 0)
		return errno;
	if (n != 1)
		return EIO;   /* shrank under our lock: someone ignores locks */
	*need_r = c != '\n';
	return 0;
}

static bool is_gz(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

/* truncate_back - undo our partial append; note in w if even that fails. */
static void truncate_back(int fd, off_t size, struct why *w)
{
	size_t len;

	if (ftruncate(fd, size) == 0 && fsync(fd) == 0)
		return;
	if (w == NULL)
		return;
	len = strlen(w->text);
	/* a cut note is acceptable: the text is a one-line summary */
	(void)snprintf(w->text + len, sizeof(w->text) - len,
		       "; truncating back failed: %s", strerror(errno));
}

/* append - write the whole entry through a sink; 0 or an errno value. */
static int append(int fd, off_t size, bool gz, const struct msg_source *src,
		  const char *sender, time_t when)
{
	char line[MBOXRD_FROMLINE_MAX];
	struct mbox_sink s;
	bool nl = false;
	size_t n;
	int err;

	n = mboxrd_from_line(line, sizeof(line), sender, when);
	if (n == 0)
		return EINVAL;   /* a time localtime() cannot express */
	/* Inside a .gz the last byte is unknown without inflating it all;
	 * every member we write ends in a blank line (see mbox.h). */
	err = gz ? 0 : needs_newline(fd, size, &nl);
	if (err != 0)
		return err;
	err = mbox_sink_open(&s, fd, gz);
	if (err != 0)
		return err;
	if (nl)
		err = mbox_sink_put(&s, "\n", 1);
	if (err == 0)
		err = mbox_sink_put(&s, line, n);
	if (err == 0)
		err = mbox_sink_message(&s, src);
	if (err == 0)
		err = mbox_sink_finish(&s);
	mbox_sink_free(&s);
	return err;
}

/* entry_max - the most one entry for src can take in the file: the
 * fresh-line LF, the From_ line, the message with one '>' per quoted line
 * (each at least "From \n", so under a fifth more), a final LF and the
 * blank line; for gzip deflate's worst case on top.  Recorded in the lock
 * as the bound of what a crashed append can have left (mbox_repair.h). */
static long long entry_max(const struct msg_source *src, bool gz)
{
	long long len = (long long)src->header_len + (long long)src->body_len;
	long long plain = 8 + MBOXRD_FROMLINE_MAX + len + len / 5;

	return gz ? plain + plain / 8 + 1024 : plain;
}

/* repair - cut what a crashed delivery of ours left (mbox_repair.h). */
static enum mda_err repair(int fd, const char *path,
			   const struct mbox_lock *lk, struct mbox_opts *o,
			   struct why *w)
{
	struct mbox_repair rp;
	int err;

	if (!lk->broke_dead)
		return MDA_OK;
	err = mbox_repair(fd, is_gz(path), &lk->broken, &rp);
	if (err != 0)
		return why_errno(w, err, "cutting back a torn mailbox");
	o->repaired = rp.cut;
	o->repair_refused = rp.refused;
	return MDA_OK;
}

enum mda_err mbox_deliver(const char *path, const struct msg_source *src,
			  const char *sender, time_t when,
			  struct mbox_opts *o, struct why *w)
{
	struct mbox_opts def = MBOX_OPTS_DEFAULT;
	enum mda_err e = MDA_ERR_TEMP;   /* failed until proven otherwise */
	struct mbox_lock lk;
	off_t size = -1;
	struct stat st;
	int fd = -1, err;

	memset(&lk, 0, sizeof(lk));
	if (o == NULL)
		o = &def;
	o->fcntl_only = false;
	o->repaired = 0;
	o->repair_refused = NULL;
	e = open_locked(path, o, &fd, &lk, w);
	if (e == MDA_OK)
		e = repair(fd, path, &lk, o, w);
	if (e != MDA_OK)
		goto out;
	if (fstat(fd, &st) != 0) {
		e = why_errno(w, errno, "checking the mailbox");
		goto out;
	}
	size = st.st_size;   /* under the lock: the end we may cut back to */
	e = lock_place(&lk, size, size + entry_max(src, is_gz(path)),
		       st.st_dev, st.st_ino, w);
	if (e != MDA_OK)
		goto out;
	err = append(fd, size, is_gz(path), src, sender, when);
	if (err == 0 && o->fsync && fsync(fd) != 0)
		err = errno;
	e = err == 0 ? MDA_OK : why_errno(w, err, "writing the mailbox");
out:
	if (e != MDA_OK && size >= 0)
		truncate_back(fd, size, w);
	lock_release(&lk);
	if (fd >= 0)
		(void)close(fd);   /* after fsync; a late error cannot be undone */
	return e;
}
