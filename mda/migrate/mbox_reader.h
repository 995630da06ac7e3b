/*
 * mbox_reader.h - buffered reading of an mbox source, plain or gzip.
 *
 * Contract: the source is opened O_RDONLY and never written.  Its format is
 * told by content, not name: gzip (1f 8b) is read through zlib (several
 * members read as one stream, RFC 1952 2.2); bzip2, xz, zstd and lzma are
 * refused with a message that names the format.  Memory is one buffer of
 * `cap` bytes, whatever the size of the file: a line longer than the
 * buffer comes out in pieces (struct mbr_line.first tells the first).
 * Offsets are in the uncompressed stream.
 */
#ifndef MDA_MBOX_READER_H
#define MDA_MBOX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dynlib.h"
#include "why.h"

#define MBR_CAP_DEFAULT (1u << 20)

struct mbr {
	int fd;
	void *gz;            /* gzFile when the source is gzip */
	struct dl_zlib zl;   /* zlib, loaded for a gzip source only */
	char *buf;
	size_t cap, start, end;   /* unread bytes are buf[start, end) */
	uint64_t base;       /* stream offset of buf[0] */
	uint64_t size;       /* size of the file on disk */
	bool eof;
	bool cont;           /* the last line handed out was cut (no LF) */
	bool truncated;      /* gzip stream ended early */
	char err[160];       /* a read error ("" when none) */
};

struct mbr_line {
	const char *p;
	size_t len;          /* includes the LF when there is one */
	uint64_t off;        /* stream offset of p[0] */
	bool first;          /* p[0] is at the start of a line */
	bool nl;             /* the piece ends in LF */
};

/* mbr_open - open path, detect its format and allocate the buffer.
 * MDA_ERR_DATA (5.6.0) for a file that cannot be opened or read or a
 * compression we do not read; MDA_ERR_TEMP when out of memory. */
enum mda_err mbr_open(struct mbr *r, const char *path, size_t cap,
		      struct why *w);
void mbr_close(struct mbr *r);
bool mbr_is_gzip(const struct mbr *r);

/* mbr_line - the next line (or piece of one): 1, 0 at the end, -1 on a
 * read error (r->err says what; what came before stays valid). */
int mbr_line(struct mbr *r, struct mbr_line *l);

/* mbr_take - up to max raw bytes at the current position: 1, 0, -1. */
int mbr_take(struct mbr *r, size_t max, struct mbr_line *l);

/* mbr_peek - copy up to n bytes found at stream offset off (not before
 * the current position) into out: the count (less than n at the end of
 * the stream), -1 on a read error, -2 when off is too far ahead to tell
 * (a compressed stream beyond the buffer), -3 when off is past the end. */
long mbr_peek(struct mbr *r, uint64_t off, char *out, size_t n);

/* mbr_consumed - how far into the file on disk we are (for progress). */
uint64_t mbr_consumed(const struct mbr *r);
/* mbr_pos - stream offset of the next unread byte. */
uint64_t mbr_pos(const struct mbr *r);

#endif
