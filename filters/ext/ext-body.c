/*
 * ext-body.c - RFC 5173 body test, :raw transform.
 *
 * The body is read through msg->body_read in SIEVE_BODY_CHUNK pieces,
 * never all at once.  :contains scans chunk by chunk, carrying the last
 * (longest key - 1) octets over so a key that straddles two chunks is
 * found.  :is compares sizes first, then streams.  :matches, :regex and
 * the relational types look at a window of the first SIEVE_BODY_MATCH_MAX
 * octets.  :text (the default transform) and :content decode the MIME
 * parts: body-mime.c.
 */
#include <stdlib.h>
#include <string.h>

#include "run/comparator.h"
#include "run/interp.h"
#include "util.h"

int body_mime_eval(struct sieve_ix *ix, const struct sieve_node *n,
		   const char **keys, size_t nk, bool *res);

static int v_body(struct sieve_vctx *v, struct sieve_node *n)
{
	if (!!n->tag[0] + !!n->tag[1] + !!n->tag[2] > 1)
		v_error(v, n->line, n->col, "body: only one transform allowed");
	return 0;
}

/* read_at - fill buf from off; returns octets read, -1 on error. */
static ssize_t read_at(struct sieve_ix *ix, uint64_t off, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = ix->msg->body_read(ix->msg->body_ctx, off + got,
					       buf + got, len - got);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int body_contains(struct sieve_ix *ix, const struct sieve_node *n,
			 const char **keys, size_t nk, bool *res)
{
	size_t maxk = 1, carry = 0;
	uint64_t off = 0;
	char *buf;

	for (size_t i = 0; i < nk; i++)
		if (strlen(keys[i]) > maxk)
			maxk = strlen(keys[i]);
	if ((buf = malloc(SIEVE_BODY_CHUNK + maxk)) == NULL)
		return ix_fail(ix, n, "out of memory");
	for (;;) {
		ssize_t r = read_at(ix, off, buf + carry, SIEVE_BODY_CHUNK);
		size_t have;

		if (r < 0) {
			free(buf);
			return ix_fail(ix, n, "body: read error");
		}
		have = carry + (size_t)r;
		for (size_t i = 0; i < nk && !*res; i++)
			*res = sieve_cmp_contains(n->cmp, buf, have, keys[i],
						  strlen(keys[i]));
		if (*res || r == 0)
			break;
		off += (uint64_t)r;
		carry = have < maxk - 1 ? have : maxk - 1;
		memmove(buf, buf + have - carry, carry);
	}
	free(buf);
	return 0;
}

static int body_window(struct sieve_ix *ix, const struct sieve_node *n,
		       const char **keys, size_t nk, bool *res)
{
	size_t want = ix->msg->body_size < SIEVE_BODY_MATCH_MAX ?
		      (size_t)ix->msg->body_size : SIEVE_BODY_MATCH_MAX;
	char *buf = malloc(want + 1);
	const char *val = buf;
	ssize_t r;

	if (buf == NULL)
		return ix_fail(ix, n, "out of memory");
	if ((r = read_at(ix, 0, buf, want)) < 0) {
		free(buf);
		return ix_fail(ix, n, "body: read error");
	}
	buf[r] = '\0';
	if (n->mt == MT_IS && ix->msg->body_size > SIEVE_BODY_MATCH_MAX) {
		free(buf);   /* no key can be that long */
		*res = false;
		return 0;
	}
	r = ix_match(ix, n, &val, 1, keys, nk, res);
	free(buf);
	return (int)r;
}

/* has_body - a header followed by the empty line; a message that is a
 * header only has no body at all, and every body test is false, even
 * for "" (RFC 5173 5). */
static bool has_body(const struct sieve_message *m)
{
	const char *h = m->header_block;
	size_t len = m->header_len;

	if (len == 1 && h[0] == '\n')
		return true;   /* no header, an empty line: an empty body */
	return len >= 2 && h[len - 1] == '\n' &&
	       (h[len - 2] == '\n' ||
		(len >= 3 && h[len - 2] == '\r' && h[len - 3] == '\n'));
}

static int e_body(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	size_t nk;
	const char **keys = ix_arg_list(ix, n->pos[0], &nk);

	if (keys == NULL)
		return IX_ERR;
	*res = false;
	if (ix->msg->body_read == NULL || !has_body(ix->msg))
		return 0;
	if (n->tag[0] == NULL)   /* :text (the default) or :content */
		return body_mime_eval(ix, n, keys, nk, res);
	if (n->mt == MT_CONTAINS)
		return body_contains(ix, n, keys, nk, res);
	return body_window(ix, n, keys, nk, res);
}

static const struct sieve_tag_def tags[] = {
	{ "raw", TAGK_FLAG, 0, NULL },
	{ "content", TAGK_LIST, 1, NULL },
	{ "text", TAGK_FLAG, 2, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_body = {
	.name = "body", .test = true, .std = STD_CMP | STD_MATCH, .tags = tags,
	.pos = "L", .validate = v_body, .eval = e_body,
};

static const struct sieve_cmd_def *const defs[] = { &tst_body, NULL };

const struct sieve_extension sieve_ext_body = {
	.name = "body", .defs = defs,
};
