/*
 * conn.c - bounded, timed line input and buffered replies (see conn.h).
 *
 * RFC 5321 4.5.3.1.4: a command line is at most 512 octets; we allow
 * LMTP_LINE_MAX.  A longer line is read to its end and thrown away, so
 * the connection stays in step and the session answers 500 5.5.2.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "io.h"
#include "lmtp/conn.h"

void conn_init(struct lmtp_conn *c, int in, int out, int sigfd)
{
	memset(c, 0, sizeof(*c));
	c->in = in;
	c->out = out;
	c->sigfd = sigfd;
}

/* take_signal - read the pending SIGTERM off the signalfd. */
static void take_signal(struct lmtp_conn *c)
{
	struct signalfd_siginfo si;

	if (read(c->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		c->draining = true;
}

int conn_flush(struct lmtp_conn *c)
{
	size_t off = 0;

	while (c->werr == 0 && off < c->olen) {  /* each pass writes or fails */
		struct pollfd p = { c->out, POLLOUT, 0 };
		int r = poll(&p, 1, LMTP_WRITE_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			c->werr = r == 0 ? ETIMEDOUT : errno;
			break;
		}
		ssize_t n = write(c->out, c->obuf + off, c->olen - off);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			c->werr = n == 0 ? EIO : errno;
		else
			off += (size_t)n;
	}
	c->olen = 0;
	return c->werr;
}

void conn_reply(struct lmtp_conn *c, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof(line) - 3)
		n = (int)sizeof(line) - 3;   /* a cut reason still ends the line */
	/* A filter's reject reason may hold line ends: one reply, one line. */
	for (int i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	memcpy(line + n, "\r\n", 2);
	n += 2;
	if (c->olen + (size_t)n > sizeof(c->obuf))
		(void)conn_flush(c);   /* the error stays in werr */
	memcpy(c->obuf + c->olen, line, (size_t)n);
	c->olen += (size_t)n;
}

enum conn_rc conn_fill(struct lmtp_conn *c, int timeout_ms, bool idle)
{
	if (c->ipos < c->ilen)
		return CONN_OK;
	if (conn_flush(c) != 0) {
		errno = c->werr;
		return CONN_ERR;
	}
	for (;;) {  /* ends on data, EOF, error, timeout or a drain */
		struct pollfd p[2] = { { c->in, POLLIN, 0 },
				       { c->sigfd, POLLIN, 0 } };
		if (idle && c->draining)
			return CONN_DRAIN;
		int r = poll(p, c->sigfd >= 0 ? 2 : 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return CONN_ERR;
		if (r == 0)
			return CONN_TIMEOUT;
		if (c->sigfd >= 0 && (p[1].revents & POLLIN)) {
			take_signal(c);
			continue;
		}
		ssize_t n = read(c->in, c->ibuf, sizeof(c->ibuf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return CONN_ERR;
		if (n == 0)
			return CONN_EOF;
		c->ipos = 0;
		c->ilen = (size_t)n;
		return CONN_OK;
	}
}

enum conn_rc conn_line(struct lmtp_conn *c, char *buf, size_t size,
		       bool idle)
{
	size_t len = 0;
	bool long_line = false;

	for (;;) {  /* bounded: each pass consumes input or returns */
		enum conn_rc rc = conn_fill(c, len ? LMTP_DATA_MS : LMTP_IDLE_MS,
					    idle && len == 0 && !long_line);
		if (rc != CONN_OK)
			return rc;
		const char *p = c->ibuf + c->ipos;
		size_t avail = c->ilen - c->ipos;
		const char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) + 1 : avail;

		if (!long_line && len + take < size) {
			memcpy(buf + len, p, take);
			len += take;
		} else {
			long_line = true;
		}
		c->ipos += take;
		if (nl == NULL)
			continue;
		if (long_line)
			return CONN_LONG;
		len--;                       /* the LF */
		if (len > 0 && buf[len - 1] == '\r')
			len--;
		buf[len] = '\0';
		return CONN_OK;
	}
}
