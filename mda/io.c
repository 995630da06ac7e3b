/*
 * io.c - write-all, pread-full, read-a-whole-file and directory fsync with
 * every result checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io.h"

int io_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {  /* each pass writes at least one byte or fails */
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t io_pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t got = 0;

	while (got < len) {  /* bounded by len; stops at end of file */
		ssize_t n = pread(fd, (char *)buf + got, len - got,
				  off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int io_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}

time_t io_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return time(NULL);   /* cannot fail on Linux; keep a value */
	return ts.tv_sec;
}

int io_read_file(const char *path, size_t max, char **text_r,
		     size_t *len_r)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	ssize_t n = -1;
	int err = 0;

	*text_r = NULL;
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	else if ((size_t)st.st_size > max)
		err = EFBIG;
	else if ((*text_r = malloc((size_t)st.st_size + 1)) == NULL)
		err = ENOMEM;
	else if ((n = io_pread_full(fd, *text_r, (size_t)st.st_size, 0)) < 0)
		err = errno;
	(void)close(fd);
	if (err != 0) {
		free(*text_r);
		*text_r = NULL;
		return err;
	}
	(*text_r)[n] = '\0';
	*len_r = (size_t)n;
	return 0;
}

bool io_settle(int err, unsigned *tries)
{
	struct timespec ts;
	unsigned ms;

	if ((err != ESTALE && err != ENOENT) || *tries >= IO_SETTLE_TRIES)
		return false;
	ms = 5u << *tries;   /* 5, 10 ... 160: 315 ms at the most */
	(*tries)++;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)ms * 1000000L;
	(void)nanosleep(&ts, NULL);  /* EINTR only shortens one pause */
	return true;
}
