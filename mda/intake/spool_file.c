/*
 * spool_file.c - the spool of a delivery with no Maildir to spool in
 * (see spool_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "intake/spool_file.h"
#include "io.h"

/* disk_tmpfile - an unlinked file in $TMPDIR: O_TMPFILE, else a named
 * one removed at once. */
static int disk_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	int n = snprintf(tmpl, sizeof(tmpl), "%s/mda.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmpl)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0 && unlink(tmpl) != 0) {
		int err = errno;
		(void)close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int spool_tmpfile_open(char **path_r)
{
	int fd = memfd_create("mda-spool", MFD_CLOEXEC);

	*path_r = NULL;
	/* no memfd (an old kernel, a seccomp filter): a file at once */
	return fd >= 0 ? fd : disk_tmpfile();
}

bool spool_file_in_memory(int fd)
{
	/* only shmem files answer F_GET_SEALS; a disk file says EINVAL */
	return fcntl(fd, F_GET_SEALS) >= 0;
}

int spool_file_spill(int *fd, uint64_t size, char *buf, size_t bufsz)
{
	int out = disk_tmpfile();
	uint64_t off = 0;
	int err = out < 0 ? errno : 0;

	while (err == 0 && off < size) {   /* bounded by size */
		size_t want = size - off < bufsz ? (size_t)(size - off) : bufsz;
		ssize_t n = io_pread_full(*fd, buf, want, (off_t)off);

		if (n <= 0) {
			err = n < 0 ? errno : EIO;   /* shorter than it was */
			break;
		}
		err = io_write_all(out, buf, (size_t)n);
		off += (uint64_t)n;
	}
	if (err != 0) {
		if (out >= 0)
			(void)close(out);   /* unlinked: nothing to keep */
		return err;
	}
	(void)close(*fd);   /* memory: nothing to flush */
	*fd = out;
	return 0;
}
