/*
 * migrate_store.c - taking messages into the Maildir for `mda migrate`:
 * held in memory (spilled to tmp/ when large), digested, skipped when the
 * folder has them, else written to an unnamed tmp/ file and queued for
 * the next batch (contract in migrate_store.h; the Maildir protocol of
 * maildir(5): tmp/ then link, never overwrite a name).  The folders are
 * opened in migrate_folder.c, the batches published in migrate_batch.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/keywords.h"
#include "migrate/migrate_gmail.h"
#include "migrate/migrate_store.h"

static void store_fail(struct mig_store *s, int err, const char *what)
{
	if (s->err == MDA_OK)
		s->err = why_errno(&s->why, err, what);
}

/* tmp_create - a new file in the current folder's tmp/ (O_EXCL). */
static int tmp_create(struct mig_store *s, char *name, size_t size)
{
	char rel[MAILDIR_NAME_MAX + 8];

	for (int tries = 0; tries < 16; tries++) {
		int n = snprintf(name, size, "%lld.M%06ldP%ldQ%lu.%s", s->t0,
				 s->u0, s->pid, ++s->seq, s->host);
		if (n < 0 || (size_t)n >= size ||
		    snprintf(rel, sizeof(rel), "tmp/%s", name) >= (int)sizeof(rel)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		int fd = openat(s->cur->dirfd, rel, O_WRONLY | O_CREAT | O_EXCL |
				O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* unnamed_create - an unnamed file in the current folder's tmp/
 * (O_TMPFILE): nobody can see it, and it vanishes with its descriptor
 * unless linked.  -1 with errno 0 where the filesystem has no O_TMPFILE
 * (then named tmp/ files are used for the rest of the run). */
static int unnamed_create(struct mig_store *s)
{
	if (s->no_tmpfile)
		return errno = 0, -1;
	int fd = openat(s->cur->dirfd, "tmp", O_TMPFILE | O_WRONLY | O_CLOEXEC,
			0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR ||
		       errno == EINVAL)) {
		s->no_tmpfile = true;
		errno = 0;
	}
	return fd;
}

static int store_begin(void *ctx, const struct mig_msg *m)
{
	struct mig_store *s = ctx;

	(void)m;
	s->mlen = 0;
	s->msize = 0;
	sha256_init(&s->sha);
	return s->err != MDA_OK;
}

/* spill - move the held bytes (and p) to the tmp/ file. */
static int spill(struct mig_store *s, const char *p, size_t len)
{
	if (s->spill_fd < 0 && !s->dry_run) {
		s->spill_f = s->cur;
		s->spill_fd = tmp_create(s, s->spill, sizeof(s->spill));
		if (s->spill_fd < 0) {
			store_fail(s, errno, "creating a file in tmp/");
			return -1;
		}
	}
	s->spilled = true;
	sha256_update(&s->sha, s->mbuf, s->mlen);
	sha256_update(&s->sha, p, len);
	int err = s->dry_run ? 0 : io_write_all(s->spill_fd, s->mbuf, s->mlen);
	if (err == 0 && !s->dry_run)
		err = io_write_all(s->spill_fd, p, len);
	s->mlen = 0;
	if (err != 0)
		store_fail(s, err, "writing a message");
	return err != 0 ? -1 : 0;
}

static int store_data(void *ctx, const char *p, size_t len)
{
	struct mig_store *s = ctx;

	s->msize += len;
	if (s->mlen + len > s->mcap && s->mcap < MIG_MEM_MAX) {
		size_t cap = s->mcap ? s->mcap : 64u << 10;
		while (cap < s->mlen + len && cap < MIG_MEM_MAX)
			cap *= 2;
		char *grown = realloc(s->mbuf, cap);
		if (grown == NULL) {
			store_fail(s, ENOMEM, "holding a message");
			return -1;
		}
		s->mbuf = grown;
		s->mcap = cap;
	}
	if (s->mlen + len > s->mcap)
		return spill(s, p, len);
	memcpy(s->mbuf + s->mlen, p, len);
	s->mlen += len;
	return 0;
}

/* discard - forget the message being read (duplicate, UW pseudo). */
static int discard(struct mig_store *s)
{
	char rel[MAILDIR_NAME_MAX + 8];
	int err = 0;

	if (s->spill_fd >= 0) {
		(void)close(s->spill_fd);  /* its bytes are not wanted */
		snprintf(rel, sizeof(rel), "tmp/%s", s->spill);
		if (unlinkat(s->spill_f->dirfd, rel, 0) != 0)
			err = errno;
	}
	s->spill_fd = -1;
	s->spilled = false;
	if (err != 0)
		store_fail(s, err, "removing a tmp/ file");
	return err != 0 ? -1 : 0;
}

/* keyword_letters - X-Keywords through the folder's dovecot-keywords;
 * the last mapping is remembered (a folder mostly repeats a few sets). */
static int keyword_letters(struct mig_store *s, const char *kw, char *out,
			   size_t size)
{
	struct mig_folder *f = s->cur;
	char copy[MIG_VALUE_MAX], *words[26];
	size_t n = 0;

	out[0] = '\0';
	if (kw[0] == '\0' || s->dry_run)
		return 0;
	if (strcmp(f->kw_in, kw) != 0) {
		snprintf(copy, sizeof(copy), "%s", kw);
		f->kw_nlost = 0;
		for (char *save = NULL, *t = strtok_r(copy, " \t,", &save);
		     t != NULL; t = strtok_r(NULL, " \t,", &save))
			if (n < 26)
				words[n++] = t;
			else
				f->kw_nlost++;
		if (keywords_letters(f->path, words, n, f->kw_out,
				     sizeof(f->kw_out), &s->why) != MDA_OK) {
			s->err = MDA_ERR_TEMP;
			return -1;
		}
		/* Not an atom, or no letter left among the 26: left out. */
		f->kw_nlost += (unsigned)(n - strlen(f->kw_out));
		snprintf(f->kw_in, sizeof(f->kw_in), "%s", kw);
	}
	s->kw_lost += f->kw_nlost;
	snprintf(out, size, "%s", f->kw_out);
	return 0;
}

/* final_name - "new/SEC.D<hex>.HOST,S=N" or "cur/...:2,FLAGS". */
static int final_name(struct mig_store *s, const struct mig_msg *m,
		      const unsigned char *d, char *out, size_t size)
{
	char letters[64], info[64], hex[2 * MIG_KEY_LEN + 1];

	mig_flags_letters(&m->flags, letters);
	if (keyword_letters(s, m->keywords, letters + strlen(letters),
			    sizeof(letters) - strlen(letters)) != 0)
		return -1;
	bool cur = mig_flags_in_cur(&m->flags) || letters[0] != '\0';
	maildir_info(letters, info, sizeof(info));
	if (cur && info[0] == '\0')
		snprintf(info, sizeof(info), ":2,");
	sha256_hex(d, MIG_KEY_LEN, hex);
	long long sec = m->have_date && m->date > 0 ? (long long)m->date : s->t0;
	int n = snprintf(out, size, "%s/%lld.D%s.%s,S=%llu%s",
			 cur ? "cur" : "new", sec, hex, s->host,
			 (unsigned long long)s->msize, info);
	if (n < 0 || (size_t)n >= size) {
		store_fail(s, ENAMETOOLONG, "naming a message");
		return -1;
	}
	return 0;
}

/* write_tmp - the message into tmp/, dated, closed; returns 0 or -1. */
static int write_tmp(struct mig_store *s, const struct mig_msg *m,
		     struct mig_pending *p)
{
	int fd = s->spill_fd, err = 0;

	p->fd = -1;
	p->tmp[0] = '\0';
	p->tmpf = s->cur;
	if (s->spilled) {
		p->tmpf = s->spill_f;
		snprintf(p->tmp, sizeof(p->tmp), "%s", s->spill);
		err = io_write_all(fd, s->mbuf, s->mlen);
	} else {
		fd = p->fd = unnamed_create(s);
		if (fd < 0 && errno == 0)
			fd = tmp_create(s, p->tmp, sizeof(p->tmp));
		err = fd < 0 ? errno : io_write_all(fd, s->mbuf, s->mlen);
	}
	if (err == 0 && m->have_date) {
		/* The mtime is the message date: Dovecot and mutt sort by it. */
		struct timespec ts[2] = { { m->date, 0 }, { m->date, 0 } };
		if (futimens(fd, ts) != 0)
			err = errno;
	}
	if (err == 0 && fd >= 0)  /* start writeback now; syncfs waits less */
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	if (p->fd >= 0 && err != 0) {
		(void)close(p->fd);  /* unnamed: it vanishes, nothing to lose */
		p->fd = -1;
	} else if (p->fd < 0 && fd >= 0 && close(fd) != 0 && err == 0) {
		err = errno;
	}
	s->spill_fd = -1;
	s->spilled = false;
	if (err != 0)
		store_fail(s, err, "writing a message to tmp/");
	return err != 0 ? -1 : 0;
}

/* place - queue the message for the current folder, unless it is
 * there; the first placement writes the file, later ones (further
 * Gmail labels) share it and are hard links.  *last is the previous
 * placement of the same message, or NULL. */
static int place(struct mig_store *s, struct mig_msg *m,
		 const unsigned char *d, struct mig_pending **last)
{
	if (mig_set_has(&s->cur->seen, d)) {
		s->dups++;
		return 0;
	}
	struct mig_pending *p = &s->batch[s->nbatch];
	if (final_name(s, m, d, p->final, sizeof(p->final)) != 0)
		return -1;
	if (mig_set_add(&s->cur->seen, d) != 0) {
		store_fail(s, ENOMEM, "remembering a message");
		return -1;
	}
	if (s->dry_run) {
		s->stored++;
		s->bytes += s->msize;
		return 0;
	}
	if (*last == NULL && write_tmp(s, m, p) != 0)
		return -1;
	if (*last != NULL) {
		(*last)->more = true;
		p->fd = (*last)->fd;
		p->tmpf = (*last)->tmpf;
		memcpy(p->tmp, (*last)->tmp, sizeof(p->tmp));
		s->links++;
	}
	p->f = s->cur;
	p->size = s->msize;
	p->more = false;
	s->nbatch++;
	*last = p;
	return 0;
}

/* route - the folders of a Gmail message, each made current in turn. */
static int route(struct mig_store *s, struct mig_msg *m,
		 const unsigned char *d, struct mig_pending **last)
{
	struct mig_route r;
	struct why w;
	int rc = 0;
	size_t opened = 0;

	mig_gmail_route(m, s->labels_as_keywords, &r);
	s->labels_lost += r.dropped;
	for (size_t i = 0; rc == 0 && i < r.nfolders; i++) {
		enum mda_err e = mig_store_folder(s, r.folder[i], &w);
		if (e == MDA_ERR_DATA) {  /* a name Maildir++ refuses */
			s->labels_lost++;
			if (i + 1 == r.nfolders && opened == 0)  /* not lost */
				e = mig_store_folder(s, "Archive", &w);
		}
		opened += e == MDA_OK;
		if (e != MDA_OK && e != MDA_ERR_DATA) {
			if (s->err == MDA_OK) {
				s->err = e;
				s->why = w;
			}
			return -1;
		}
		if (e == MDA_OK)
			rc = place(s, m, d, last);
	}
	return rc;
}

static int store_end(void *ctx, struct mig_msg *m)
{
	struct mig_store *s = ctx;
	struct mig_pending *last = NULL;
	unsigned char d[SHA256_LEN];

	if (s->err != MDA_OK)
		return -1;
	if (m->uw_pseudo) {
		s->pseudo++;
		return discard(s);
	}
	if (s->skip_expunged && m->flags.expunged) {
		s->expunged++;
		return discard(s);
	}
	sha256_update(&s->sha, s->mbuf, s->mlen);
	sha256_final(&s->sha, d);
	int rc = s->gmail ? route(s, m, d, &last) : place(s, m, d, &last);
	if (rc != 0)
		return -1;
	if (last == NULL)  /* stored nowhere: a duplicate, or a dry run */
		return discard(s);
	s->batch_bytes += s->msize;
	if (s->nbatch >= s->batch_max || s->batch_bytes >= MIG_BATCH_BYTES)
		return mig_store_flush(s);
	return 0;
}

void mig_store_sink(struct mig_store *s, struct mig_sink *sink)
{
	sink->begin = store_begin;
	sink->data = store_data;
	sink->end = store_end;
	sink->ctx = s;
}
