/*
 * mbox_reader.c - one buffer over a plain or gzip mbox; lines, raw runs
 * and look-ahead for Content-Length checks.
 *
 * Formats are told by their magic numbers: gzip 1f 8b (RFC 1952 2.3.1),
 * bzip2 "BZh", xz FD 37 7A 58 5A 00, zstd 28 B5 2F FD.  Only gzip is read
 * (zlib's gzread, which also reads concatenated members); the others are
 * refused by name so the user knows what to run first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "migrate/mbox_reader.h"

static const struct {
	const char *magic;
	size_t len;
	const char *name, *hint;
} refused[] = {
	{ "BZh", 3, "bzip2", "bunzip2 -k" },
	{ "\xfd" "7zXZ\0", 6, "xz", "unxz -k" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd", "unzstd" },
	{ "\x5d\0\0", 3, "lzma", "unlzma -k" },
};

/* fill - read more into the buffer after moving unread bytes to its
 * start; >0 bytes read, 0 at the end or when full, -1 on an error. */
static long fill(struct mbr *r)
{
	if (r->eof)
		return 0;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->base += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	size_t room = r->cap - r->end;
	if (room == 0)
		return 0;
	long n;
	if (r->gz != NULL) {
		n = r->zl.gzread(r->gz, r->buf + r->end,
			   (unsigned)(room > INT_MAX ? INT_MAX : room));
		int zerr = Z_OK;
		const char *msg = n <= 0 ? r->zl.gzerror(r->gz, &zerr) : "";
		if (n < 0 || zerr == Z_BUF_ERROR) {
			snprintf(r->err, sizeof(r->err), "gzip: %s",
				 zerr == Z_BUF_ERROR ?
				 "compressed data ends early (truncated file)" : msg);
			r->truncated = zerr == Z_BUF_ERROR;
			r->eof = true;
			return -1;
		}
	} else {
		do
			n = read(r->fd, r->buf + r->end, room);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			snprintf(r->err, sizeof(r->err), "read: %s",
				 strerror(errno));
			r->eof = true;
			return -1;
		}
	}
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return n;
}

/* detect - refuse compressions we do not read; open gzip through zlib. */
static enum mda_err detect(struct mbr *r, const char *path, struct why *w)
{
	for (int i = 0; i < 4 && r->end < 6 && !r->eof; i++)
		(void)fill(r);
	if (r->err[0] != '\0')
		return why_set(w, MDA_ERR_DATA, "5.6.0", "%s: %s", path, r->err);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (r->end >= refused[i].len &&
		    memcmp(r->buf, refused[i].magic, refused[i].len) == 0)
			return why_set(w, MDA_ERR_DATA, "5.6.0",
				       "%s: %s-compressed, which mda cannot read; "
				       "decompress it first (%s)", path,
				       refused[i].name, refused[i].hint);
	if (r->end < 2 || memcmp(r->buf, "\x1f\x8b", 2) != 0)
		return MDA_OK;
	if (lseek(r->fd, 0, SEEK_SET) != 0)
		return why_set(w, MDA_ERR_DATA, "5.6.0",
			       "%s: gzip data must be a file, not a pipe", path);
	r->start = r->end = 0;
	r->base = 0;
	r->eof = false;
	if (!dynlib_zlib(&r->zl, w))
		return MDA_ERR_TEMP;
	r->gz = r->zl.gzdopen(r->fd, "rb");
	if (r->gz == NULL)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "%s: gzip: out of memory",
			       path);
	r->fd = -1;  /* zlib owns it now */
	(void)r->zl.gzbuffer(r->gz, 256u << 10);
	return MDA_OK;
}

enum mda_err mbr_open(struct mbr *r, const char *path, size_t cap,
		      struct why *w)
{
	struct stat st;

	memset(r, 0, sizeof(*r));
	r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (r->fd < 0)
		return why_set(w, MDA_ERR_DATA, "5.6.0", "%s: cannot open: %s",
			       path, strerror(errno));
	if (fstat(r->fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
		mbr_close(r);
		return why_set(w, MDA_ERR_DATA, "5.6.0", "%s: %s", path,
			       strerror(e));
	}
	r->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	if (S_ISREG(st.st_mode))
		(void)posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	r->cap = cap < 64 ? 64 : cap;
	r->buf = malloc(r->cap);
	if (r->buf == NULL) {
		mbr_close(r);
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	}
	enum mda_err e = detect(r, path, w);
	if (e != MDA_OK)
		mbr_close(r);
	return e;
}

void mbr_close(struct mbr *r)
{
	if (r->gz != NULL)
		(void)r->zl.gzclose(r->gz);  /* read-only: nothing to lose */
	if (r->fd >= 0)
		(void)close(r->fd);
	free(r->buf);
	r->gz = NULL;
	r->fd = -1;
	r->buf = NULL;
}

bool mbr_is_gzip(const struct mbr *r)
{
	return r->gz != NULL;
}

/* hand - give out buf[start, start+len) as the next piece. */
static void hand(struct mbr *r, size_t len, struct mbr_line *l)
{
	l->p = r->buf + r->start;
	l->len = len;
	l->off = r->base + r->start;
	l->first = !r->cont;
	l->nl = len > 0 && l->p[len - 1] == '\n';
	r->cont = !l->nl;
	r->start += len;
}

int mbr_line(struct mbr *r, struct mbr_line *l)
{
	size_t scanned = 0;

	/* Each pass reads at least one byte, or ends the stream. */
	for (size_t guard = 0; guard <= r->cap + 1; guard++) {
		size_t have = r->end - r->start;
		const char *nl = have > scanned ?
			memchr(r->buf + r->start + scanned, '\n', have - scanned) :
			NULL;

		if (nl != NULL) {
			hand(r, (size_t)(nl - (r->buf + r->start)) + 1, l);
			return 1;
		}
		scanned = have;
		if (have > 0 && (r->eof || have == r->cap)) {
			hand(r, have, l);  /* last line, or longer than cap */
			return 1;
		}
		if (have == 0 && r->eof)
			return r->err[0] != '\0' ? -1 : 0;
		(void)fill(r);
	}
	snprintf(r->err, sizeof(r->err), "read: no progress");
	return -1;
}

int mbr_take(struct mbr *r, size_t max, struct mbr_line *l)
{
	if (r->start == r->end)
		(void)fill(r);
	size_t have = r->end - r->start;
	if (have == 0)
		return r->err[0] != '\0' ? -1 : 0;
	hand(r, have < max ? have : max, l);
	l->first = false;
	return 1;
}

long mbr_peek(struct mbr *r, uint64_t off, char *out, size_t n)
{
	uint64_t cur = r->base + r->start;

	if (off < cur)
		return -3;
	if (off + n - cur <= r->cap) {
		for (size_t g = 0; g <= r->cap && !r->eof &&
				   r->base + r->end < off + n; g++)
			(void)fill(r);
		if (r->base + r->end < off + n && !r->eof)
			return -2;
		if (off > r->base + r->end)
			return r->err[0] != '\0' ? -1 : -3;
		size_t k = (size_t)(r->base + r->end - off);
		k = k < n ? k : n;
		memcpy(out, r->buf + (off - r->base), k);
		return (long)k;
	}
	if (r->gz != NULL || r->size == 0)
		return -2;
	if (off > r->size)
		return -3;
	ssize_t k;
	do
		k = pread(r->fd, out, n, (off_t)off);
	while (k < 0 && errno == EINTR);
	return k < 0 ? -1 : (long)k;
}

uint64_t mbr_consumed(const struct mbr *r)
{
	if (r->gz != NULL)
		return (uint64_t)r->zl.gzoffset(r->gz);
	return r->base + r->start;
}

uint64_t mbr_pos(const struct mbr *r)
{
	return r->base + r->start;
}
