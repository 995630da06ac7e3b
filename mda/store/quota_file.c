/*
 * quota_file.c - read, append to and replace the Maildir++ `maildirsize`
 * file (see quota.h for the format and when it is recounted).
 *
 * Reading follows what Dovecot and maildrop both accept: a file of
 * QUOTA_FILE_MAX octets or more, a NUL octet, a line that is not two
 * numbers, or a negative sum means "recount"; a last line without its
 * newline is a write still under way and is skipped.  The file is opened
 * with O_NOFOLLOW and O_NONBLOCK and must be a regular file: a symlink or
 * a FIFO planted at the name is never followed or waited on.
 *
 * Writing: a delivery appends its line with one write(2) under O_APPEND,
 * so concurrent lines never interleave.  A recount builds the new file in
 * the Maildir's tmp/, fsyncs it and renames it over the old name (which
 * replaces a symlink, never its target).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/quota.h"

/* parse_num - [-]digits at *p (leading blanks skipped); 0 or -1. */
static int parse_num(const char **p, const char *end, int64_t *v_r)
{
	const char *s = *p;
	bool neg = false;
	int64_t v = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v >= QUOTA_VALUE_MAX)
			return -1;
	}
	*v_r = neg ? -v : v;
	*p = s;
	return 0;
}

int quota_parse_limits(const char *s, const char *end, struct quota_limit *l)
{
	struct quota_limit r = { 0, 0 };

	if (s == end)
		return -1;
	while (s < end) {
		int64_t v;

		if (*s < '0' || *s > '9' || parse_num(&s, end, &v) != 0 ||
		    s == end)
			return -1;
		if (*s == 'S')
			r.bytes = (uint64_t)v;
		else if (*s == 'C')
			r.count = (uint64_t)v;
		else
			return -1;
		s++;
		if (s < end && *s++ != ',')
			return -1;
		if (s == end && s[-1] == ',')
			return -1;
	}
	*l = r;
	return 0;
}

/* parse_usage - "BYTES COUNT" (blanks around, as maildrop pads them). */
static int parse_usage(const char *s, const char *end, struct quota_usage *u)
{
	int64_t b, c;

	if (parse_num(&s, end, &b) != 0 || s == end ||
	    (*s != ' ' && *s != '\t') || parse_num(&s, end, &c) != 0)
		return -1;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s != end)
		return -1;
	u->bytes += b;
	u->count += c;
	if (u->bytes >= QUOTA_VALUE_MAX || u->count >= QUOTA_VALUE_MAX ||
	    u->bytes <= -QUOTA_VALUE_MAX || u->count <= -QUOTA_VALUE_MAX)
		return -1;
	return 0;
}

static void note(struct quota *q, const char *what, int err)
{
	/* A cut path in a log line is acceptable. */
	(void)snprintf(q->note, sizeof(q->note), "quota: %.200s: %s%s%s",
		       q->path, what, err ? ": " : "", err ? strerror(err) : "");
}

/* read_all - up to QUOTA_FILE_MAX octets of a regular file; the length,
 * or -1 (note made) when it cannot or must not be read. */
static ssize_t read_all(struct quota *q, char *buf, size_t size)
{
	int fd = open(q->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t len = -1;

	if (fd < 0) {
		if (errno == ELOOP)
			note(q, "is a symlink, not followed", 0);
		else if (errno != ENOENT)
			note(q, "cannot be opened", errno);
		return -1;
	}
	if (fstat(fd, &st) != 0)
		note(q, "fstat", errno);
	else if (!S_ISREG(st.st_mode))
		note(q, "is not a regular file", 0);
	else if ((len = io_pread_full(fd, buf, size, 0)) < 0)
		note(q, "cannot be read", errno);
	else
		q->mtime = st.st_mtime;
	(void)close(fd);
	return len;
}

int quota_file_read(struct quota *q)
{
	char buf[QUOTA_FILE_MAX];
	struct quota_limit fl;
	ssize_t len = read_all(q, buf, sizeof(buf));
	const char *p = buf, *end, *nl;
	bool header_ok;

	q->used.bytes = q->used.count = 0;
	q->lines = 0;
	if (len < 0)
		return 0;
	/* Only whole lines count: the last one may still be being written. */
	end = buf + len;
	while (end > buf && end[-1] != '\n')
		end--;
	nl = memchr(buf, '\n', (size_t)(end - buf));
	header_ok = nl != NULL && quota_parse_limits(buf, nl, &fl) == 0;
	if (!header_ok && (len > 0 || q->given))
		note(q, "first line is no Maildir++ quota", 0);
	if (!header_ok)
		return 0;
	if (!q->given)
		q->limit = fl;
	/* Growing to QUOTA_FILE_MAX is the convention's way to ask for a
	 * recount, and a new given limit rewrites the header: no note. */
	if (len >= QUOTA_FILE_MAX || fl.bytes != q->limit.bytes ||
	    fl.count != q->limit.count)
		return 0;
	if (memchr(buf, '\0', (size_t)len) != NULL) {
		note(q, "holds a NUL octet", 0);
		return 0;
	}
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (parse_usage(p, nl, &q->used) != 0) {
			note(q, "a usage line is not two numbers", 0);
			return 0;
		}
		q->lines++;
	}
	if (q->used.bytes < 0 || q->used.count < 0)
		note(q, "usage below zero", 0);
	return q->used.bytes >= 0 && q->used.count >= 0 && q->lines > 0;
}

/* format - the whole file: limits line (Dovecot writes "0S" when there is
 * none, so the file still parses) and one usage line. */
static int format(const struct quota *q, char *buf, size_t size)
{
	char lim[64] = "";
	int n = 0;

	if (q->limit.bytes != 0 || q->limit.count == 0)
		n = snprintf(lim, sizeof(lim), "%lluS",
			     (unsigned long long)q->limit.bytes);
	if (n >= 0 && q->limit.count != 0)
		n = snprintf(lim + n, sizeof(lim) - (size_t)n, "%s%lluC",
			     n > 0 ? "," : "",
			     (unsigned long long)q->limit.count);
	if (n < 0)
		return -1;
	n = snprintf(buf, size, "%s\n%lld %lld\n", lim,
		     (long long)q->used.bytes, (long long)q->used.count);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int quota_file_write(struct quota *q)
{
	char tmp[4300], text[160];
	int len = format(q, text, sizeof(text));
	int n = snprintf(tmp, sizeof(tmp), "%s/tmp/" QUOTA_FILE_NAME ".XXXXXX",
			 q->root);
	int fd, err = 0;

	if (len < 0 || n < 0 || (size_t)n >= sizeof(tmp))
		return ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);   /* 0600, as Dovecot makes it */
	if (fd < 0)
		return errno;
	err = io_write_all(fd, text, (size_t)len);
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, q->path) != 0)
		err = errno;
	if (err != 0)
		(void)unlink(tmp);
	if (err == 0)
		q->mtime = q->now;
	return err;
}

/* cut_back - a short append left part of a line: remove it while it is
 * still the last thing in the file, else end it so it reads as broken
 * (the next reader recounts) instead of gluing onto the next line.  If
 * even that fails, the caller's recount replaces the file. */
static int cut_back(int fd, ssize_t part)
{
	off_t endpos = lseek(fd, 0, SEEK_CUR);
	struct stat st;

	if (endpos >= part && fstat(fd, &st) == 0 && st.st_size == endpos &&
	    ftruncate(fd, endpos - part) == 0)
		return 0;
	return write(fd, "\n", 1) == 1 ? 0 : -1;
}

int quota_file_append(struct quota *q, int64_t bytes, int64_t count)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%lld %lld\n", (long long)bytes,
			 (long long)count);
	int fd, err = 0;
	struct stat st;
	ssize_t w;

	if (n < 0 || (size_t)n >= sizeof(line))
		return EINVAL;
	fd = open(q->path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK |
		  O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	/* One write: a loop could let another delivery's line in between. */
	else if ((w = write(fd, line, (size_t)n)) != n) {
		err = w < 0 ? errno : ENOSPC;
		if (w > 0 && cut_back(fd, w) != 0)
			err = EIO;   /* a broken line: recounted by the caller */
	}
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}
