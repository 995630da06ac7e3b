/*
 * mbox_sink.c - buffered plain or gzip output for the mbox writer.
 *
 * One write(2) per 64 KiB instead of one per quoted line, and in gzip mode
 * one deflate stream per delivery: a new member appended to the file, which
 * gzip, zcat and zlib's gzread read on as if it were one stream (RFC 1952
 * section 2.2, "a gzip file consists of a series of members").
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "store/mbox_sink.h"

#define GZ_WINDOW (15 + 16)   /* 32 KiB window, gzip header and trailer */
#define GZ_PIECE  (1u << 30)  /* keep avail_in within zlib's uInt */

int mbox_sink_open(struct mbox_sink *s, int fd, bool gz)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->gz = gz;
	s->buf = malloc(MBOX_SINK_BUF);
	if (s->buf == NULL)
		return ENOMEM;
	if (gz) {
		struct why w;
		int rc;

		/* A plain mbox never maps zlib (dynlib.h). */
		if (!dynlib_zlib(&s->zl, &w))
			return ELIBACC;
		rc = s->zl.deflateInit2_(&s->z, Z_DEFAULT_COMPRESSION,
					 Z_DEFLATED, GZ_WINDOW, 8,
					 Z_DEFAULT_STRATEGY, ZLIB_VERSION,
					 (int)sizeof(z_stream));
		if (rc != Z_OK)
			return rc == Z_MEM_ERROR ? ENOMEM : EINVAL;
		s->z_ready = true;
	}
	return 0;
}

static int flush_buf(struct mbox_sink *s)
{
	int err = io_write_all(s->fd, s->buf, s->used);

	s->used = 0;
	return err;
}

/* deflate_some - run deflate over p with mode, writing full buffers out.
 * Each pass consumes input or fills the buffer (which is then emptied);
 * a pass that can do neither is Z_BUF_ERROR and ends the loop. */
static int deflate_some(struct mbox_sink *s, const char *p, size_t len,
			int mode)
{
	int rc;

	s->z.next_in = (Bytef *)(uintptr_t)p;   /* zlib does not write it */
	s->z.avail_in = (uInt)len;
	do {
		s->z.next_out = (Bytef *)s->buf + s->used;
		s->z.avail_out = (uInt)(MBOX_SINK_BUF - s->used);
		rc = s->zl.deflate(&s->z, mode);
		s->used = MBOX_SINK_BUF - s->z.avail_out;
		if (rc == Z_STREAM_ERROR || rc == Z_BUF_ERROR)
			return EIO;
		if (s->used == MBOX_SINK_BUF) {
			int err = flush_buf(s);

			if (err != 0)
				return err;
		}
	} while (mode == Z_FINISH ? rc != Z_STREAM_END : s->z.avail_in > 0);
	return 0;
}

int mbox_sink_put(struct mbox_sink *s, const char *p, size_t len)
{
	int err = 0;

	if (s->gz) {
		while (len > 0 && err == 0) {   /* bounded by len */
			size_t k = len < GZ_PIECE ? len : GZ_PIECE;

			err = deflate_some(s, p, k, Z_NO_FLUSH);
			p += k;
			len -= k;
		}
		return err;
	}
	if (len > MBOX_SINK_BUF - s->used) {
		err = flush_buf(s);
		if (err != 0)
			return err;
	}
	if (len >= MBOX_SINK_BUF)   /* too big to buffer: straight out */
		return io_write_all(s->fd, p, len);
	memcpy(s->buf + s->used, p, len);
	s->used += len;
	return 0;
}

static int put_cb(void *ctx, const char *p, size_t len)
{
	return mbox_sink_put(ctx, p, len);
}

/* quote_cb - msg_source_copy's writer: chunks in, quoted bytes out.  The
 * quoter keeps its state across chunks, so a line split between two
 * 64 KiB reads is still recognised. */
static int quote_cb(void *ctx, const char *p, size_t len)
{
	struct mbox_sink *s = ctx;

	return mboxrd_feed(&s->q, p, len, put_cb, s);
}

int mbox_sink_message(struct mbox_sink *s, const struct msg_source *src)
{
	int err;

	mboxrd_quote_init(&s->q);
	err = msg_source_copy(src, quote_cb, s);
	if (err == 0)
		err = mboxrd_finish(&s->q, put_cb, s);
	if (err == 0 && !mboxrd_ends_in_newline(&s->q))
		err = mbox_sink_put(s, "\n", 1);
	if (err == 0)
		err = mbox_sink_put(s, "\n", 1);   /* the entry's blank line */
	return err;
}

int mbox_sink_finish(struct mbox_sink *s)
{
	int err = 0;

	if (s->gz)
		err = deflate_some(s, "", 0, Z_FINISH);
	if (err == 0)
		err = flush_buf(s);
	return err;
}

void mbox_sink_free(struct mbox_sink *s)
{
	if (s->z_ready)
		(void)s->zl.deflateEnd(&s->z);   /* Z_DATA_ERROR after a failure */
	s->z_ready = false;
	free(s->buf);
	s->buf = NULL;
}
