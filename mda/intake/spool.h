/*
 * spool.h - one pass over stdin into a file, indexing the header on the way.
 *
 * Contract: spool_read() streams the input once into a new file (in the
 * INBOX Maildir's tmp/, or a private temp file for mbox), in constant memory
 * apart from the header, which is kept and indexed (bounded by
 * SPOOL_MAX_HEADER; beyond that the rest is body).  A leading
 * "From sender date" line (as Postfix writes it) is recognised, remembered
 * and not written to the spool.  The bytes are otherwise stored unchanged:
 * CRLF, bare CR and NUL bytes pass through; see docs/VIOLATIONS.md.
 */
#ifndef MDA_SPOOL_H
#define MDA_SPOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "message.h"
#include "why.h"

/* A Subject after 200,000 fields must still be seen by `header`, as
 * Pigeonhole sees it; the cost is bounded: the header block in memory
 * and 32 octets per field (peak RSS ~20 MiB on the worst message). */
#define SPOOL_MAX_HEADER   (4 * 1024 * 1024)   /* octets indexed as header */
#define SPOOL_MAX_FIELDS   250000
#define SPOOL_MAX_FROMLINE 1000

/* The bytes of one message to store: a header block in memory followed by
 * the body read from fd.  An editheader result swaps only the header. */
struct msg_source {
	const char *header;
	size_t header_len;
	int fd;
	uint64_t body_off;
	uint64_t body_len;
};

struct spool {
	int fd;                  /* read/write, positioned anywhere */
	char *path;              /* the spool file; NULL once unlinked */
	uint64_t size;           /* octets in the spool file */
	char *header;            /* header block incl. the blank line */
	size_t header_len;
	struct sieve_header_field *fields;
	size_t nfields;
	char *fromline_sender;   /* from the From_ line; NULL if none */
	char *fromline_date;     /* its asctime date; NULL if none */
	bool final_newline;      /* input ended with LF (or was empty) */
	bool has_header;         /* the first line looked like a field */
	bool header_cut;         /* more fields or octets than indexed: the
				    filter does not see them (logged) */
};

/*
 * spool_read - read all of in_fd into a file created by create_fd (which
 * returns an fd open for read+write and its path in *path_r, or -1 with
 * errno set).  Empty input (nothing but perhaps a From_ line) is
 * MDA_ERR_DATA.  On failure the file is unlinked.
 */
enum mda_err spool_read(int in_fd,
			int (*create_fd)(void *ctx, char **path_r), void *ctx,
			struct spool *sp, struct why *w);

/* Where spool_read_from() takes its octets. */
struct spool_input {
	/* read(2)'s contract: a count, 0 at the end, -1 with errno */
	ssize_t (*read)(void *ctx, char *buf, size_t len);
	void *ctx;
	bool fromline;        /* take off a leading From_ line (Postfix local) */
	const char *trace;    /* fields written in front of the message
				 (LMTP's Return-Path, Delivered-To), or NULL */
	size_t trace_len;
};
/* spool_read_from - spool_read() from any input; spool_read(fd) is this
 * with read(2) on fd and the From_ line recognised.  A message of nothing
 * but the trace fields is empty (MDA_ERR_DATA). */
enum mda_err spool_read_from(const struct spool_input *in,
			     int (*create_fd)(void *ctx, char **path_r),
			     void *ctx, struct spool *sp, struct why *w);
void spool_free(struct spool *sp);   /* closes fd; unlinks path if set */

/* spool_source - the whole message as stored, for writers. */
void spool_source(const struct spool *sp, struct msg_source *src);
/* spool_message - fill the filter's read-only view. */
void spool_message(const struct spool *sp, struct sieve_message *m);
/* spool_field - first value of header name (case-insensitive), as a
 * malloc'd, unfolded string; NULL if absent. */
char *spool_field(const struct spool *sp, const char *name);

/* msg_source_write - write all bytes of src through the writer callback,
 * which returns 0 or an errno.  Reads the body with pread in 64 KiB chunks.
 * Returns 0 or an errno value. */
int msg_source_copy(const struct msg_source *src,
		    int (*writer)(void *ctx, const char *buf, size_t len),
		    void *ctx);

#endif
