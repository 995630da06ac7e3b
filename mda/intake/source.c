/*
 * source.c - copy a msg_source (header in memory + body from a file)
 * through a writer, in 64 KiB chunks: constant memory for any size.
 */
#include <errno.h>
#include <stdlib.h>

#include "io.h"
#include "intake/spool.h"

#define CHUNK 65536

int msg_source_copy(const struct msg_source *src,
		    int (*writer)(void *ctx, const char *buf, size_t len),
		    void *ctx)
{
	uint64_t off = 0;
	char *buf;
	int err;

	err = src->header_len ? writer(ctx, src->header, src->header_len) : 0;
	if (err != 0)
		return err;
	buf = malloc(CHUNK);
	if (buf == NULL)
		return ENOMEM;
	while (off < src->body_len) {  /* bounded by body_len */
		uint64_t want = src->body_len - off;
		size_t n = want < CHUNK ? (size_t)want : CHUNK;
		ssize_t got = io_pread_full(src->fd, buf, n,
					    (off_t)(src->body_off + off));
		if (got < 0) {
			err = errno;
			break;
		}
		if ((size_t)got != n) {
			err = EIO;  /* the spool shrank under us */
			break;
		}
		err = writer(ctx, buf, n);
		if (err != 0)
			break;
		off += n;
	}
	free(buf);
	return err;
}
