/*
 * maildir_sweep.c - the bounded tmp/ sweep of maildir_sweep.h.  Only
 * regular files (lstat: never through a link), by name relative to the
 * opened directory, so a tmp/ swapped for a link cannot lead us elsewhere.
 * An access time in the future (a clock set back) counts as due.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/maildir_sweep.h"

unsigned maildir_sweep(const char *dir, time_t now)
{
	char path[4096];
	unsigned scanned = 0, removed = 0;
	struct dirent *de;
	struct stat dst;
	DIR *d;
	int n = snprintf(path, sizeof(path), "%s/tmp", dir);
	int fd;

	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (lstat(path, &dst) != 0 || !S_ISDIR(dst.st_mode) ||
	    (now >= dst.st_atime && now - dst.st_atime < SWEEP_EVERY_S))
		return 0;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* Marked first: a sweep that fails half-way is not retried by
	 * every delivery of the next hour.  Best effort, as the sweep. */
	(void)futimens(fd, (struct timespec[2]){ { 0, UTIME_NOW },
						 { 0, UTIME_OMIT } });
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);   /* read-only */
		return 0;
	}
	while (scanned < SWEEP_SCAN && removed < SWEEP_REMOVE &&
	       (de = readdir(d)) != NULL) {
		struct stat st;

		scanned++;
		if (de->d_name[0] == '.' ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_atime < SWEEP_AGE_S ||
		    now - st.st_mtime < SWEEP_AGE_S)
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0)
			removed++;
	}
	(void)closedir(d);   /* read-only */
	return removed;
}
