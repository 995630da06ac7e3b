/*
 * migrate_folder.c - opening the Maildir side of `mda migrate`: the root
 * Maildir, and each Maildir++ folder made on demand, opened once and
 * scanned once for the digests already stored in its new/ and cur/ (so
 * a re-run skips them; contract in migrate_store.h).  The batch size is
 * fitted to the descriptor limit here, where the store starts.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include "migrate/migrate_gmail.h"
#include "migrate/migrate_store.h"

#define SCAN_MAX 100000000UL  /* entries per directory: a sanity bound */

enum mda_err mig_store_init(struct mig_store *s, const char *root,
			    bool dry_run, struct why *w)
{
	struct timeval tv;
	char host[MAILDIR_NAME_MAX] = "localhost";

	memset(s, 0, sizeof(*s));
	s->root = root;
	s->dry_run = dry_run;
	s->rootfd = s->spill_fd = -1;
	if (gettimeofday(&tv, NULL) != 0)
		return why_errno(w, errno, "reading the clock");
	s->t0 = (long long)tv.tv_sec;
	s->u0 = (long)tv.tv_usec;
	s->pid = (long)getpid();
	if (gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (maildir_escape_host(host, s->host, sizeof(s->host) / 2) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "host name too long");
	if (!dry_run) {
		enum mda_err e = maildir_make(root, false, w);
		if (e != MDA_OK)
			return e;
		s->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->rootfd < 0)
			return why_errno(w, errno, "opening the Maildir");
	}
	/* Each pending unnamed file holds a descriptor until the batch is
	 * synced: stay well inside the descriptor limit. */
	struct rlimit rl;
	s->batch_max = MIG_BATCH_MSGS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur / 2 < s->batch_max)
		s->batch_max = rl.rlim_cur / 2 > 1 ? rl.rlim_cur / 2 : 1;
	/* Room for one message's further folders (Gmail labels) past a
	 * full batch: they share the file, not more descriptors. */
	s->batch = calloc(s->batch_max + MIG_ROUTE_MAX, sizeof(*s->batch));
	if (s->batch == NULL)
		return why_errno(w, ENOMEM, "starting");
	return MDA_OK;
}

/* content_key - the digest of a message another program stored (its
 * name carries none): read once, so a merge never stores it twice.
 * false for what cannot be read (it is then simply not known). */
static bool content_key(int dirfd, const char *name, unsigned char *key)
{
	unsigned char d[SHA256_LEN];
	char buf[64 << 10];
	struct sha256 h;
	ssize_t k;

	if (name[0] == '.')
		return false;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno = 0, false;  /* readdir's errno stays its own */
	sha256_init(&h);
	/* Bounded by the file: each pass reads at least one byte. */
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&h, buf, (size_t)k);
	(void)close(fd);  /* read-only */
	errno = 0;
	if (k < 0)
		return false;
	sha256_final(&h, d);
	memcpy(key, d, MIG_KEY_LEN);
	return true;
}

/* scan - the digests already in dir/new and dir/cur: from the names
 * mda gave, else from the content. */
static enum mda_err scan(struct mig_folder *f, struct why *w)
{
	static const char *const subs[] = { "new", "cur" };
	unsigned char key[MIG_KEY_LEN];

	for (int i = 0; i < 2 && f->dirfd >= 0; i++) {
		int fd = openat(f->dirfd, subs[i], O_RDONLY | O_DIRECTORY |
						  O_CLOEXEC);
		DIR *d = fd < 0 ? NULL : fdopendir(fd);
		if (d == NULL) {
			if (fd >= 0)
				(void)close(fd);
			if (errno == ENOENT)
				continue;
			return why_errno(w, errno, "reading a Maildir folder");
		}
		struct dirent *de;
		errno = 0;
		for (unsigned long n = 0; n < SCAN_MAX && (de = readdir(d)); n++)
			if ((mig_name_key(de->d_name, key) ||
			     content_key(fd, de->d_name, key)) &&
			    mig_set_add(&f->seen, key) != 0) {
				(void)closedir(d);
				return why_errno(w, ENOMEM, "reading a folder");
			}
		int err = errno;
		(void)closedir(d);  /* read-only: nothing to lose */
		if (err != 0)
			return why_errno(w, err, "reading a Maildir folder");
	}
	return MDA_OK;
}

/* folder_open - make (unless dry run), open and scan one folder. */
static enum mda_err folder_open(struct mig_store *s, struct mig_folder *f,
				struct why *w)
{
	char path[4096];
	enum mda_err e = maildir_folder_dir(s->root, f->name, path,
					    sizeof(path), w);

	if (e != MDA_OK)
		return e;
	f->path = strdup(path);
	if (f->path == NULL)
		return why_errno(w, ENOMEM, "folder");
	if (!s->dry_run) {
		e = maildir_make(path, strcmp(path, s->root) != 0, w);
		if (e != MDA_OK)
			return e;
	}
	f->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dirfd < 0 && (errno != ENOENT || !s->dry_run))
		return why_errno(w, errno, "opening a Maildir folder");
	return scan(f, w);
}

enum mda_err mig_store_folder(struct mig_store *s, const char *name,
			      struct why *w)
{
	for (size_t i = 0; i < s->nfolders; i++)
		if (strcmp(s->folders[i]->name, name) == 0) {
			s->cur = s->folders[i];
			return MDA_OK;
		}
	struct mig_folder **grown = realloc(s->folders, (s->nfolders + 1) *
					    sizeof(*grown));
	struct mig_folder *f = calloc(1, sizeof(*f));
	if (grown != NULL)
		s->folders = grown;
	if (grown == NULL || f == NULL || (f->name = strdup(name)) == NULL) {
		free(f);
		return why_errno(w, ENOMEM, "folder");
	}
	f->dirfd = -1;
	s->folders[s->nfolders++] = f;
	s->cur = f;
	return folder_open(s, f, w);
}
