/*
 * data.c - dot-unstuffing decoder for DATA (RFC 5321 4.5.2, RFC 2033 4.2).
 *
 * A small state machine over the connection's input buffer: it copies
 * octets out until the buffer given is nearly full, the input runs dry,
 * or the terminating ".\r\n" is seen.  Whatever follows the terminator
 * stays in the input buffer for the next pipelined command.
 */
#include <errno.h>

#include "lmtp/data.h"

enum { S_BOL, S_TEXT, S_CR, S_DOT, S_DOTCR };

void data_init(struct lmtp_data *d, struct lmtp_conn *c, uint64_t max)
{
	d->c = c;
	d->state = S_BOL;
	d->size = 0;
	d->max = max;
	d->ended = false;
	d->rc = CONN_OK;
}

/* step - one input octet; writes 0 to 2 octets at out, returns how many. */
static size_t step(struct lmtp_data *d, char b, char *out)
{
	switch (d->state) {
	case S_BOL:
		if (b == '.') {
			d->state = S_DOT;
			return 0;
		}
		d->state = S_TEXT;
		return step(d, b, out);
	case S_DOT:              /* a leading dot: the terminator or stuffing */
		if (b == '\r') {
			d->state = S_DOTCR;
			return 0;
		}
		if (b == '\n') {     /* ".\n": a lenient end, as Postfix reads it */
			d->ended = true;
			return 0;
		}
		d->state = S_TEXT;
		return step(d, b, out);
	case S_DOTCR:
		if (b == '\n') {
			d->ended = true;
			return 0;
		}
		d->state = S_CR;     /* ".\rX": the dot was stuffing */
		return step(d, b, out);
	case S_CR:
		if (b == '\n') {
			out[0] = '\n';
			d->state = S_BOL;
			return 1;
		}
		out[0] = '\r';       /* a bare CR is kept */
		if (b == '\r')
			return 1;
		d->state = S_TEXT;
		return 1 + step(d, b, out + 1);
	default:                 /* S_TEXT */
		if (b == '\r') {
			d->state = S_CR;
			return 0;
		}
		out[0] = b;
		if (b == '\n')
			d->state = S_BOL;
		return 1;
	}
}

/* decode - up to len octets (len >= 2); 0 at the end, -1 on a failure. */
static ssize_t decode(struct lmtp_data *d, char *buf, size_t len)
{
	size_t n = 0;

	while (!d->ended && n == 0) {  /* until some output or the end */
		enum conn_rc rc = conn_fill(d->c, LMTP_DATA_MS, false);
		if (rc != CONN_OK) {
			d->rc = rc;
			errno = rc == CONN_TIMEOUT ? ETIMEDOUT :
				rc == CONN_EOF ? ECONNRESET :
				errno != 0 ? errno : EIO;
			return -1;
		}
		struct lmtp_conn *c = d->c;
		while (c->ipos < c->ilen && n + 2 <= len && !d->ended)
			n += step(d, c->ibuf[c->ipos++], buf + n);
	}
	return (ssize_t)n;
}

ssize_t data_read(void *ctx, char *buf, size_t len)
{
	struct lmtp_data *d = ctx;
	ssize_t n = decode(d, buf, len);

	if (n > 0)
		d->size += (uint64_t)n;   /* past max: the message is refused */
	if (d->size > d->max) {
		errno = EFBIG;
		return -1;
	}
	return n;
}

bool data_drain(struct lmtp_data *d)
{
	char buf[4096];

	while (!d->ended) {  /* bounded by the peer's input and timeouts */
		if (d->rc != CONN_OK || decode(d, buf, sizeof(buf)) < 0)
			return false;
	}
	return true;
}
