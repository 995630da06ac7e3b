/*
 * data.h - the DATA section of an LMTP transaction as a spool input.
 *
 * RFC 5321 4.5.2: a line starting with '.' had one more '.' put in front
 * by the client; the section ends with a line holding a single '.'.  We
 * undo the stuffing and store lines with LF ends, as Maildir readers
 * expect (Postfix's local(8) and dovecot-lmtp do the same); a bare CR
 * is kept.  The message is bounded by max octets.
 */
#ifndef MDA_LMTP_DATA_H
#define MDA_LMTP_DATA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lmtp/conn.h"

struct lmtp_data {
	struct lmtp_conn *c;
	int state;
	uint64_t size;      /* octets read, after unstuffing; > max: too big */
	uint64_t max;       /* beyond it: EFBIG */
	bool ended;         /* the final "." line was read */
	enum conn_rc rc;    /* why input stopped before the end */
};

void data_init(struct lmtp_data *d, struct lmtp_conn *c, uint64_t max);
/* data_read - spool_input's read: octets of the message, 0 at the final
 * dot, -1 with errno (EFBIG over max; ECONNRESET, ETIMEDOUT, EIO when the
 * connection fails, d->rc says how). */
ssize_t data_read(void *ctx, char *buf, size_t len);
/* data_drain - read and drop the rest of the section; true when its end
 * was reached (the session can answer), false if the connection failed. */
bool data_drain(struct lmtp_data *d);

#endif
