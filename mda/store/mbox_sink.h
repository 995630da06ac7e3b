/*
 * mbox_sink.h - buffered output of one mbox entry, plain or as a gzip member.
 *
 * Contract: a sink collects bytes in a 64 KiB buffer and writes it to fd
 * with io_write_all (short writes and EINTR handled); in gzip mode the
 * bytes are first deflated into one gzip member (RFC 1952, zlib with
 * windowBits 15+16).  Nothing is guaranteed on disk before
 * mbox_sink_finish returns 0; on any error the caller truncates back.
 * All functions return 0 or an errno value.
 */
#ifndef MDA_MBOX_SINK_H
#define MDA_MBOX_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

#include "dynlib.h"
#include "store/mboxrd.h"
#include "intake/spool.h"

#define MBOX_SINK_BUF 65536

struct mbox_sink {
	int fd;
	bool gz;
	bool z_ready;          /* deflateInit2 succeeded: deflateEnd owed */
	struct dl_zlib zl;     /* zlib, loaded for a .gz mbox only */
	z_stream z;
	char *buf;             /* pending output (compressed in gz mode) */
	size_t used;
	struct mboxrd q;       /* quoting state of the message being put */
};

int mbox_sink_open(struct mbox_sink *s, int fd, bool gz);
/* mbox_sink_put - raw bytes (the fresh-line LF, the From_ line). */
int mbox_sink_put(struct mbox_sink *s, const char *p, size_t len);
/* mbox_sink_message - src mboxrd-quoted, a final LF if it lacks one, and
 * the blank line that ends an mbox entry. */
int mbox_sink_message(struct mbox_sink *s, const struct msg_source *src);
/* mbox_sink_finish - end the gzip member and write out the buffer. */
int mbox_sink_finish(struct mbox_sink *s);
void mbox_sink_free(struct mbox_sink *s);

#endif
