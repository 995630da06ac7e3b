/*
 * spool.c - stream stdin once into the spool file, keeping the header.
 *
 * The start of the input is gathered in memory until the header ends (the
 * first empty line, or the first line that is neither a field nor a
 * continuation) or SPOOL_MAX_HEADER is reached; from then on input goes
 * straight to the file in 64 KiB chunks, so memory stays constant whatever
 * the size of the body.  A first line "From sender date" (RFC 4155 From_
 * line, as Postfix's local(8) prepends it) is taken off and remembered.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "intake/spool.h"
#include "intake/spool_file.h"
#include "intake/header.h"
#include "io.h"

#define CHUNK 65536

struct gather {
	char *buf;
	size_t len, cap;
	bool done;      /* header end seen or limit reached */
};

/* gather_reserve - room for n more octets after g->len. */
static int gather_reserve(struct gather *g, size_t n)
{
	if (g->len + n > g->cap) {
		size_t cap = g->cap ? g->cap : CHUNK;
		char *b;

		while (cap < g->len + n)
			cap *= 2;
		b = realloc(g->buf, cap);
		if (b == NULL)
			return ENOMEM;
		g->buf = b;
		g->cap = cap;
	}
	return 0;
}

static int gather_append(struct gather *g, const char *p, size_t n)
{
	int err = gather_reserve(g, n);

	if (err != 0)
		return err;
	memcpy(g->buf + g->len, p, n);
	g->len += n;
	return 0;
}

/* looks_like_date - the rest of a From_ line carries a time (h:mm) and a
 * four-digit year, as asctime dates and their variants do (RFC 4155 2).
 * "From the desk of the editor" at the top of a headerless message is
 * text, not an envelope line, and must be stored. */
static bool looks_like_date(const char *p, const char *end)
{
	bool time_seen = false, year_seen = false;

	for (const char *q = p; q < end; q++) {  /* bounded by the line */
		if (q + 2 < end && q > p && q[-1] >= '0' && q[-1] <= '9' &&
		    q[0] == ':' && q[1] >= '0' && q[1] <= '9' &&
		    q[2] >= '0' && q[2] <= '9')
			time_seen = true;
		if (q + 4 <= end && (q == p || q[-1] == ' ') &&
		    q[0] >= '1' && q[0] <= '2' && q[1] >= '0' && q[1] <= '9' &&
		    q[2] >= '0' && q[2] <= '9' && q[3] >= '0' && q[3] <= '9' &&
		    (q + 4 == end || q[4] == ' '))
			year_seen = true;
	}
	return time_seen && year_seen;
}

/* fromline_take - detach a leading From_ line from the gathered head. */
static int fromline_take(struct spool *sp, struct gather *g)
{
	const char *nl;
	const char *p, *end;

	if (g->len < 5 || memcmp(g->buf, "From ", 5) != 0)
		return 0;
	nl = memchr(g->buf, '\n', g->len);
	if (nl == NULL || nl - g->buf > SPOOL_MAX_FROMLINE)
		return 0;  /* not a plausible From_ line: keep it as data */
	end = nl;
	if (end > g->buf && end[-1] == '\r')
		end--;
	p = g->buf + 5;
	while (p < end && *p == ' ')
		p++;
	const char *s = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	const char *sender_end = p;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (!looks_like_date(p, end))
		return 0;  /* text that happens to start with "From " */
	sp->fromline_sender = strndup(s, (size_t)(sender_end - s));
	sp->fromline_date = strndup(p, (size_t)(end - p));
	if (sp->fromline_sender == NULL || sp->fromline_date == NULL)
		return ENOMEM;
	size_t cut = (size_t)(nl + 1 - g->buf);
	memmove(g->buf, g->buf + cut, g->len - cut);
	g->len -= cut;
	return 0;
}

/* fd_read - the input of spool_read(): a file descriptor. */
static ssize_t fd_read(void *ctx, char *buf, size_t len)
{
	return read(*(const int *)ctx, buf, len);
}

/* pump - read the rest of the input into the spool; returns 0 or errno.
 * A spool held in memory moves to a file once it passes SPOOL_MEM_MAX. */
static int pump(const struct spool_input *in, struct spool *sp, char *buf,
		bool in_memory, char *last_r)
{
	for (;;) {  /* bounded by the input: ends at EOF or on error */
		if (in_memory && sp->size >= SPOOL_MEM_MAX) {
			int err = spool_file_spill(&sp->fd, sp->size, buf, CHUNK);

			if (err != 0)
				return err;
			in_memory = false;
		}
		ssize_t n = in->read(in->ctx, buf, CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return 0;
		int err = io_write_all(sp->fd, buf, (size_t)n);
		if (err != 0)
			return err;
		sp->size += (uint64_t)n;
		*last_r = buf[n - 1];
	}
}

/* gather_head - read until the header is complete; 0 or errno.  Reads
 * go straight into the gathered buffer and are as large as the body's:
 * most messages then arrive in one read and go to the spool file in one
 * write, and no page is touched twice (each first touch is a page fault,
 * a large part of a small delivery's cost). */
static int gather_head(const struct spool_input *in, struct gather *g,
		       bool *eof_r)
{
	*eof_r = false;
	/* header_complete rescans what came so far: with CHUNK-sized reads
	 * the work is (header / CHUNK) passes, ~64 over a 4 MiB header */
	while (!g->done) {  /* bounded: stops at SPOOL_MAX_HEADER or EOF */
		int err = gather_reserve(g, CHUNK);
		ssize_t n;

		if (err != 0)
			return err;
		n = in->read(in->ctx, g->buf + g->len, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0) {
			*eof_r = true;
			return 0;
		}
		g->len += (size_t)n;
		/* Allow for a From_ line in front of a full-size header. */
		g->done = header_complete(g->buf, g->len) ||
			  g->len >= SPOOL_MAX_HEADER + SPOOL_MAX_FROMLINE;
	}
	return 0;
}

static enum mda_err spool_fail(struct spool *sp, struct why *w, int err,
			       const char *what)
{
	enum mda_err e = why_errno(w, err, what);

	spool_free(sp);
	return e;
}

enum mda_err spool_read(int in_fd, int (*create_fd)(void *ctx, char **path_r),
			void *ctx, struct spool *sp, struct why *w)
{
	struct spool_input in = { fd_read, &in_fd, true, NULL, 0 };

	return spool_read_from(&in, create_fd, ctx, sp, w);
}

enum mda_err spool_read_from(const struct spool_input *in,
			     int (*create_fd)(void *ctx, char **path_r),
			     void *ctx, struct spool *sp, struct why *w)
{
	struct gather g = { 0 };
	char last = '\n';
	bool eof;
	int err;

	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	/* The trace fields go in front of the gathered head, so they are
	 * indexed (Sieve sees them) and written with it. */
	err = in->trace_len ? gather_append(&g, in->trace, in->trace_len) : 0;
	if (err == 0)
		err = gather_head(in, &g, &eof);
	if (err == 0 && g.done && !header_complete(g.buf, g.len))
		sp->header_cut = true;   /* SPOOL_MAX_HEADER: the rest is body */
	if (err == 0 && in->fromline)
		err = fromline_take(sp, &g);
	if (err != 0) {
		free(g.buf);
		return spool_fail(sp, w, err, "reading the message");
	}
	sp->fd = create_fd(ctx, &sp->path);
	if (sp->fd < 0) {
		free(g.buf);
		return spool_fail(sp, w, errno, "creating the spool file");
	}
	err = header_index(sp, g.buf, g.len);
	if (err == 0 && g.len > 0) {
		err = io_write_all(sp->fd, g.buf, g.len);
		sp->size = g.len;
		last = g.buf[g.len - 1];
	}
	/* the gathered buffer (at least CHUNK) carries the rest */
	if (err == 0 && !eof)
		err = pump(in, sp, g.buf, sp->path == NULL &&
			   spool_file_in_memory(sp->fd), &last);
	free(g.buf);
	if (err != 0)
		return spool_fail(sp, w, err, "spooling the message");
	if (sp->size <= in->trace_len) {
		spool_free(sp);
		return why_set(w, MDA_ERR_DATA, "5.6.0",
			       "empty message: nothing to deliver");
	}
	sp->final_newline = last == '\n';
	return MDA_OK;
}

void spool_free(struct spool *sp)
{
	if (sp->fd >= 0)
		(void)close(sp->fd);
	sp->fd = -1;
	if (sp->path != NULL)
		(void)unlink(sp->path);  /* best effort: a leftover in tmp/ is harmless */
	free(sp->path);
	free(sp->header);
	free(sp->fields);
	free(sp->fromline_sender);
	free(sp->fromline_date);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

void spool_source(const struct spool *sp, struct msg_source *src)
{
	src->header = sp->header;
	src->header_len = sp->header_len;
	src->fd = sp->fd;
	src->body_off = sp->header_len;
	src->body_len = sp->size - sp->header_len;
}

static ssize_t spool_body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct spool *sp = ctx;

	if (off >= sp->size - sp->header_len)
		return 0;
	return io_pread_full(sp->fd, buf, len, (off_t)(sp->header_len + off));
}

void spool_message(const struct spool *sp, struct sieve_message *m)
{
	m->fields = sp->fields;
	m->nfields = sp->nfields;
	m->header_block = sp->header;
	m->header_len = sp->header_len;
	m->size = sp->size;
	m->body_size = sp->size - sp->header_len;
	m->body_read = spool_body_read;
	m->body_ctx = (void *)sp;
}
