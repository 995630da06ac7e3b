/*
 * quota_scan.c - recount a Maildir for `maildirsize`, as Dovecot's
 * maildir quota backend does it.
 *
 * What counts: every file in new/ and cur/ of the root and of each
 * Maildir++ folder (a directory ".NAME" directly under the root), except
 * the folder named by q->ignore (Dovecot's `Trash:ignore`).  tmp/ never
 * counts: a file there is not delivered yet.  The size is the ",S=NNN" of
 * the name when it ends there (':' ',' or the end follows), else stat().
 * A file that vanishes meanwhile (expunged, moved new/ -> cur/) is skipped;
 * dot files and symlinked folders are not mail and are not followed.
 *
 * Race: a folder can change while we read it.  As Dovecot does, the
 * newest directory mtime seen while counting is compared with the mtimes
 * after the count; when one moved, the sums are still used for this
 * delivery but not written, so the next delivery counts again.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store/quota.h"

struct scan {
	struct quota_usage u;
	time_t newest;
	long budget;        /* entries left to look at (bounded input) */
};

/* close_dir - end a readdir() loop: its error (errno when it stopped
 * on NULL with errno set), else closedir()'s. */
static int close_dir(DIR *d, const struct dirent *last, int err)
{
	if (last == NULL && errno != 0 && err == 0)
		err = errno;
	if (closedir(d) != 0 && err == 0)
		err = errno;
	return err;
}

/* name_size - the ",S=" size in a Maildir name, or -1 when absent. */
static int64_t name_size(const char *name)
{
	const char *p = strstr(name, ",S=");
	int64_t v = 0;

	if (p == NULL)
		return -1;
	for (p += 3; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v >= QUOTA_VALUE_MAX)
			return -1;
	}
	if (p == name + 3 || (*p != '\0' && *p != ':' && *p != ','))
		return -1;
	return v;
}

/* sum_dir - add the messages of one new/ or cur/ directory. */
static int sum_dir(const char *dir, struct scan *s)
{
	char path[4600];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	int err = 0;

	if (d == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 : errno;
	if (fstat(dirfd(d), &st) == 0 && st.st_mtime > s->newest)
		s->newest = st.st_mtime;
	while (err == 0 && (errno = 0, de = readdir(d)) != NULL) {
		int64_t size;

		if (--s->budget < 0) {
			err = E2BIG;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		size = name_size(de->d_name);
		if (size < 0) {
			int n = snprintf(path, sizeof(path), "%s/%s", dir,
					 de->d_name);
			if (n < 0 || (size_t)n >= sizeof(path) ||
			    stat(path, &st) != 0)
				continue;   /* gone meanwhile, or no name */
			size = st.st_size;
		}
		s->u.bytes += size;
		s->u.count++;
	}
	return close_dir(d, de, err);
}

/* sum_folder - new/ then cur/ of one folder directory. */
static int sum_folder(const char *folder, struct scan *s)
{
	static const char *const sub[] = { "new", "cur" };
	char dir[4400];

	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(dir, sizeof(dir), "%s/%s", folder, sub[i]);
		int err;

		if (n < 0 || (size_t)n >= sizeof(dir))
			return ENAMETOOLONG;
		if ((err = sum_dir(dir, s)) != 0)
			return err;
	}
	return 0;
}

/* is_folder - a Maildir++ folder entry of the root that we count. */
static bool is_folder(const struct quota *q, const struct dirent *de)
{
	const char *n = de->d_name;

	if (n[0] != '.' || n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))
		return false;
	if (q->ignore != NULL && strcmp(n + 1, q->ignore) == 0)
		return false;
	/* d_type is DT_UNKNOWN on some file systems: sum_dir then simply
	 * finds no new/ or cur/ below a plain file. */
	return de->d_type == DT_DIR || de->d_type == DT_UNKNOWN;
}

/* each_folder - call fn on every counted folder path under the root. */
static int each_folder(const struct quota *q, struct scan *s,
		       int (*fn)(const char *, struct scan *))
{
	char path[4400];
	struct dirent *de;
	DIR *d;
	int err = fn(q->root, s);

	if (err != 0)
		return err;
	if ((d = opendir(q->root)) == NULL)   /* a dry run may find none */
		return errno == ENOENT ? 0 : errno;
	while (err == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (--s->budget < 0) {
			err = E2BIG;
			break;
		}
		if (!is_folder(q, de))
			continue;
		int n = snprintf(path, sizeof(path), "%s/%s", q->root,
				 de->d_name);
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;   /* a name we could not deliver to either */
		err = fn(path, s);
	}
	return close_dir(d, de, err);
}

/* newest_mtime - only the mtimes of new/ and cur/, for the race check. */
static int newest_mtime(const char *folder, struct scan *s)
{
	static const char *const sub[] = { "new", "cur" };
	char dir[4400];
	struct stat st;

	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(dir, sizeof(dir), "%s/%s", folder, sub[i]);

		if (n >= 0 && (size_t)n < sizeof(dir) && stat(dir, &st) == 0 &&
		    st.st_mtime > s->newest)
			s->newest = st.st_mtime;
	}
	return 0;
}

int quota_scan(const struct quota *q, struct quota_usage *u, bool *changed_r)
{
	struct scan s = { { 0, 0 }, 0, QUOTA_SCAN_MAX };
	struct scan after = { { 0, 0 }, 0, QUOTA_SCAN_MAX };
	int err = each_folder(q, &s, sum_folder);

	if (err != 0)
		return err;
	*u = s.u;
	err = each_folder(q, &after, newest_mtime);
	*changed_r = err != 0 || after.newest > s.newest;
	return 0;
}
