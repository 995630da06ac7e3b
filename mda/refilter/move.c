/*
 * move.c - the file operations of `mda filter` (see refilter.h): finding
 * a half-done move, renaming without replacing, unlinking durably.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "refilter/refilter.h"

/* dir_of - the directory part of path into buf ("." when none). */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) : 0;

	if (slash == NULL || n >= size)
		n = (size_t)snprintf(buf, size, ".");
	else
		memcpy(buf, path, n);
	buf[n] = '\0';
}

/* inode_in - is ino on dev an entry of dir? */
static bool inode_in(const char *dir, const struct stat *st)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		struct stat s2;

		if (de->d_ino != st->st_ino || de->d_name[0] == '.')
			continue;   /* d_ino tells most names apart unstat'ed */
		found = fstatat(dirfd(d), de->d_name, &s2,
				AT_SYMLINK_NOFOLLOW) == 0 &&
			s2.st_ino == st->st_ino && s2.st_dev == st->st_dev;
	}
	(void)closedir(d);
	return found;
}

bool refilter_linked_in(const char *dir, const struct stat *st)
{
	static const char *const subs[] = { "new", "cur" };
	char path[4096];

	if (st->st_nlink < 2)
		return false;   /* the usual case: no scan */
	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);

		if (n > 0 && (size_t)n < sizeof(path) && inode_in(path, st))
			return true;
	}
	return false;
}

int refilter_rename(const char *src, const char *dst)
{
	char sdir[4096], ddir[4096];
	int err = 0;

	if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE) != 0) {
		if (errno != EINVAL && errno != ENOSYS)
			return errno;
		/* no RENAME_NOREPLACE here: link refuses to replace too */
		if (link(src, dst) != 0)
			return errno;
		if (unlink(src) != 0)
			err = errno;
	}
	dir_of(src, sdir, sizeof(sdir));
	dir_of(dst, ddir, sizeof(ddir));
	if (err == 0)
		err = io_fsync_dir(ddir);
	if (err == 0 && strcmp(sdir, ddir) != 0)
		err = io_fsync_dir(sdir);
	return err;
}

int refilter_unlink(const char *path)
{
	char dir[4096];

	if (unlink(path) != 0)
		return errno;
	dir_of(path, dir, sizeof(dir));
	return io_fsync_dir(dir);
}
