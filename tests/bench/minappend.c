/*
 * minappend.c - the floor for a durable mbox delivery, beside the Maildir
 * floor ../shared/bench/mindeliver.c: the least a correct mbox appender
 * must do for one message, and nothing else.  fcntl lock, then a dotlock
 * made with O_EXCL (Debian Policy 11.6); a From_ line; the message with
 * mboxrd quoting (">*From " gets one more '>'); a blank line; fsync;
 * unlock in reverse.  No parsing beyond the quoting, no filter, no log,
 * no truncate-back (a floor is allowed to be fragile; mda is not).
 *
 * Usage: minappend MBOX < msg
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int put(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* quoted - is the line at p (n octets) ">*From "? */
static int quoted(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == '>')
		i++;
	return n - i >= 5 && memcmp(p + i, "From ", 5) == 0;
}

/* copy - stdin to fd, line by line through a buffer, quoting From_ lines.
 * A line longer than the buffer is written in pieces; only its first
 * piece can need a quote. */
static int copy(int fd)
{
	char buf[65536];
	size_t have = 0;
	int at_start = 1, last_nl = 1;

	for (;;) {
		ssize_t r = read(0, buf + have, sizeof(buf) - have);
		if (r < 0)
			return -1;
		if (r == 0 && have == 0)
			break;
		have += (size_t)r;
		size_t off = 0;
		for (;;) {
			char *nl = memchr(buf + off, '\n', have - off);
			size_t len = nl ? (size_t)(nl - (buf + off)) + 1 : have - off;
			if (nl == NULL && r != 0 && have < sizeof(buf))
				break;            /* wait for the rest of the line */
			if (at_start && quoted(buf + off, len) && put(fd, ">", 1))
				return -1;
			if (put(fd, buf + off, len))
				return -1;
			at_start = nl != NULL;
			last_nl = at_start;
			off += len;
			if (off == have)
				break;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (r == 0)
			break;
	}
	return last_nl ? put(fd, "\n", 1) : put(fd, "\n\n", 2);
}

int main(int argc, char **argv)
{
	char lock[4096], from[128];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	time_t now = time(NULL);
	int fd, lfd, rc = 75;

	if (argc != 2 || snprintf(lock, sizeof(lock), "%s.lock", argv[1]) >=
	    (int)sizeof(lock))
		return 64;
	fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	if (fd < 0 || fcntl(fd, F_SETLKW, &fl) != 0)
		return 75;
	for (int tries = 0;; tries++) {
		lfd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (lfd >= 0)
			break;
		if (tries > 1000)
			return 75;
		usleep(1000);
	}
	(void)close(lfd);
	int n = snprintf(from, sizeof(from), "From sender@example.net %s",
			 ctime(&now));       /* ctime ends in '\n' */
	if (n > 0 && put(fd, from, (size_t)n) == 0 && copy(fd) == 0 &&
	    fsync(fd) == 0)
		rc = 0;
	(void)unlink(lock);
	if (close(fd) != 0)
		rc = 75;
	return rc;
}
