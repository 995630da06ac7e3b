/*
 * migrate_maildir.c - merge another Maildir++ tree into the destination
 * (docs/migrate.md, "Maildir").
 *
 * The root's new/ and cur/ are INBOX; each ".NAME" directory is folder
 * NAME, decoded from modified UTF-7 (RFC 3501 5.1.3) so the store encodes
 * it once again the same way.  Flags come from the ":2," info of the name
 * (maildir(5): D F R S T); the lower-case letters are keywords, read
 * through the source folder's dovecot-keywords and stored through the
 * destination's, so "$Label1" stays "$Label1" whatever its letter.  A
 * message in new/ stays new; the date is the file's mtime (the received
 * date).  Contents already in the destination folder (by digest, whatever
 * their names) are not stored again; the source is only read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/keywords.h"
#include "store/mutf7.h"
#include "migrate/migrate_source.h"

struct kwnames { char name[KEYWORDS_MAX][KEYWORDS_LEN]; };

/* info - flags and keywords of a name "...:2,FLAGS". */
static void info(const char *name, const struct kwnames *k, struct mig_msg *m)
{
	const char *p = strstr(name, ":2,");

	for (p = p ? p + 3 : ""; *p != '\0' && *p != ','; p++) {
		switch (*p) {
		case 'D': m->flags.draft = true; break;
		case 'F': m->flags.flagged = true; break;
		case 'R': m->flags.answered = true; break;
		case 'S': m->flags.seen = true; break;
		case 'T': m->flags.deleted = true; break;
		default:
			if (*p >= 'a' && *p <= 'z' && k->name[*p - 'a'][0])
				(void)mig_kw_add(m, k->name[*p - 'a'],
						 strlen(k->name[*p - 'a']));
		}
	}
}

/* sub - the messages of dir/new or dir/cur. */
static enum mda_err sub(struct mig_reader *rd, const char *dir, int dirfd,
			const char *which, const struct kwnames *k,
			unsigned long *count, struct why *w)
{
	struct dirent **list = NULL;
	char path[4096];
	enum mda_err e = MDA_OK;

	snprintf(path, sizeof(path), "%s/%s", dir, which);
	int fd = openat(dirfd, which, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int n = fd < 0 ? -1 : scandir(path, &list, NULL, alphasort);
	if (n < 0) {
		if (errno != ENOENT)
			rd->damage(rd->ctx, path, strerror(errno));
		if (fd >= 0)
			(void)close(fd);
		return MDA_OK;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (e == MDA_OK && name[0] != '.') {
			struct mig_msg m;
			char mp[4096 + 256];
			memset(&m, 0, sizeof(m));
			m.number = ++*count;
			m.flags.old = which[0] == 'c';
			info(name, k, &m);
			snprintf(mp, sizeof(mp), "%s/%s", path, name);
			e = mig_file_feed(rd, fd, name, mp, &m, false, w);
		}
		free(list[i]);
	}
	free(list);
	(void)close(fd);  /* read-only */
	return e;
}

/* folder - one source folder (dir) into the destination's folder. */
static enum mda_err folder(struct mig_reader *rd, const char *dir,
			   const char *name, struct why *w)
{
	struct kwnames k;
	unsigned long count = 0;

	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		rd->damage(rd->ctx, dir, strerror(errno));
		return MDA_OK;
	}
	int err = keywords_names(dir, k.name);
	if (err != 0)  /* the flags are still good: go on without keywords */
		rd->damage(rd->ctx, dir, strerror(err));
	enum mda_err e = mig_store_folder(rd->store, name, w);
	if (e == MDA_OK)
		e = sub(rd, dir, dirfd, "new", &k, &count, w);
	if (e == MDA_OK)
		e = sub(rd, dir, dirfd, "cur", &k, &count, w);
	(void)close(dirfd);  /* read-only */
	if (e == MDA_ERR_DATA) {  /* a name Maildir++ refuses */
		rd->damage(rd->ctx, dir, w->text);
		return MDA_OK;
	}
	if (e == MDA_OK)
		rd->folder_done(rd->ctx, dir, name, count, "Maildir");
	return e;
}

/* same_dir - is the source the destination itself? */
static bool same_dir(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}

enum mda_err mig_maildir_read(struct mig_reader *rd, const char *src,
			      struct why *w)
{
	struct dirent **list = NULL;
	char path[4096], name[1024];

	if (same_dir(src, rd->store->root)) {
		rd->damage(rd->ctx, src, "is the destination; passed over");
		return MDA_OK;
	}
	enum mda_err e = folder(rd, src, "INBOX", w);
	int n = e == MDA_OK ? scandir(src, &list, NULL, alphasort) : 0;
	if (n < 0) {
		rd->damage(rd->ctx, src, strerror(errno));
		return MDA_OK;
	}
	for (int i = 0; i < n; i++) {
		const char *d = list[i]->d_name;
		struct stat st;
		int k = snprintf(path, sizeof(path), "%s/%s", src, d);
		if (e == MDA_OK && d[0] == '.' && d[1] != '\0' &&
		    strcmp(d, "..") != 0 && k > 0 && (size_t)k < sizeof(path) &&
		    lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (mutf7_decode(d + 1, name, sizeof(name)) != 0)
				rd->damage(rd->ctx, path, "folder name is not "
					   "modified UTF-7; passed over");
			else
				e = folder(rd, path, name, w);
		}
		free(list[i]);
	}
	free(list);
	return e;
}
