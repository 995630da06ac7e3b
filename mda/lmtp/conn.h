/*
 * conn.h - one LMTP connection's buffered input and output.
 *
 * Contract: reads are bounded (a command line never grows past its
 * buffer; an overlong one is skipped to its end and reported, so the
 * session can answer 500 and go on) and time-limited (poll with a
 * timeout).  Replies are buffered and sent when the server next waits for
 * input, which is what PIPELINING asks for (RFC 2920 3.2: a group of
 * replies in one write).  A signalfd for SIGTERM is watched while
 * waiting, so a shutdown can interrupt an idle wait but never a
 * transaction (the session decides).
 */
#ifndef MDA_LMTP_CONN_H
#define MDA_LMTP_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "lmtp/limits.h"

enum conn_rc { CONN_OK, CONN_LONG, CONN_EOF, CONN_ERR, CONN_TIMEOUT,
	       CONN_DRAIN };

struct lmtp_conn {
	int in, out;
	int sigfd;            /* signalfd for SIGTERM, or -1 */
	bool draining;        /* SIGTERM seen */
	int werr;             /* first write error (errno), sticky */
	size_t ipos, ilen;
	size_t olen;
	char ibuf[16384];
	char obuf[8192];
};

void conn_init(struct lmtp_conn *c, int in, int out, int sigfd);
/* conn_fill - make input available: CONN_OK, CONN_EOF, CONN_ERR (errno),
 * CONN_TIMEOUT, or CONN_DRAIN when SIGTERM arrives and idle is set.
 * Pending replies are sent first. */
enum conn_rc conn_fill(struct lmtp_conn *c, int timeout_ms, bool idle);
/* conn_line - the next line without its CRLF (or bare LF), NUL-ended,
 * in buf[size].  CONN_LONG: the line was longer and has been skipped. */
enum conn_rc conn_line(struct lmtp_conn *c, char *buf, size_t size,
		       bool idle);
/* conn_reply - queue one reply line (CRLF added; control characters in
 * it become spaces, so a reason can never end the reply early). */
void conn_reply(struct lmtp_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* conn_flush - send what is queued; 0 or an errno. */
int conn_flush(struct lmtp_conn *c);

#endif
