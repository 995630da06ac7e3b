/*
 * ext-magic.c - vnd.mda.magic: the content type libmagic finds in a part,
 * not the one the sender declared.
 *
 *   magic [:anychild] [:description] [COMPARATOR] [MATCH-TYPE] <key-list>
 *
 * The values are, for each leaf part looked at, what env->magic_type
 * says of the first SIEVE_MAGIC_PEEK octets of its decoded content (after
 * base64 or quoted-printable; no charset conversion): a MIME type such as
 * "application/pdf", or with :description libmagic's text ("PDF document,
 * version 1.4").  Parts looked at: without :anychild the message body when
 * the message is not multipart (no value otherwise), with :anychild every
 * leaf part; inside foreverypart the current part (and with :anychild the
 * leaves inside it).  No callback (magic not available): no values, so
 * the test is false, and :count says 0.  filters/ opens no file: mda/
 * supplies the callback (mda/magic.c).
 *
 * An ELF file is shown whole, up to SIEVE_MAGIC_ELF_PEEK: whether it is a
 * position-independent executable or a shared library is written in its
 * dynamic section, far past the start, and `file --mime-type` on the saved
 * attachment reads it there (application/x-pie-executable).
 */
#include <stdlib.h>
#include <string.h>

#include "ext/ext-mime.h"
#include "util.h"

struct peek {
	char *buf;
	size_t len, cap;
	bool oom;
};

/* peek_emit - gather the start of a part; an ELF file, whole (above). */
static int peek_emit(void *ctx, const char *p, size_t n)
{
	struct peek *k = ctx;

	if (n > k->cap - k->len && k->cap == SIEVE_MAGIC_PEEK &&
	    k->len >= 4 && memcmp(k->buf, "\x7f" "ELF", 4) == 0) {
		char *b = realloc(k->buf, SIEVE_MAGIC_ELF_PEEK);

		if (b == NULL) {
			k->oom = true;
			return -1;
		}
		k->buf = b;
		k->cap = SIEVE_MAGIC_ELF_PEEK;
	}
	if (n > k->cap - k->len)
		n = k->cap - k->len;
	memcpy(k->buf + k->len, p, n);
	k->len += n;
	return k->len == k->cap;
}

/* part_magic - the callback's answer for part p, added to vals. */
static int part_magic(struct sieve_ix *ix, const struct sieve_node *n,
		      const struct mime_part *p, struct ix_vals *vals)
{
	struct peek k = { malloc(SIEVE_MAGIC_PEEK), 0, SIEVE_MAGIC_PEEK,
			  false };
	const char *t;

	if (k.buf == NULL)
		return ix_fail(ix, n, "out of memory");
	if (mime_part_stream(ix->msg, p, false, SIEVE_MAGIC_ELF_PEEK,
			     peek_emit, &k) < 0) {
		free(k.buf);
		return ix_fail(ix, n, k.oom ? "out of memory" :
			       "magic: cannot read a MIME part");
	}
	t = ix->env->magic_type(ix->env->magic_ctx, k.buf, k.len,
				n->tag[1] != NULL);
	free(k.buf);
	if (t == NULL)
		return 0;   /* libmagic had no answer: no value */
	return ix_vals_add(ix, vals, strdup(t));
}

static int e_magic(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	struct ix_vals vals = {0};
	size_t nk, first, end;
	const char **keys = ix_arg_list(ix, n->pos[0], &nk);
	struct ix_mime *m;
	int rc = 0;

	if (keys == NULL)
		return IX_ERR;
	if (ix->env->magic_type != NULL) {
		if ((m = ix_mime(ix, n)) == NULL)
			return IX_ERR;
		ix_mime_range(m, n->tag[0] != NULL, &first, &end);
		for (size_t i = first; i < end && rc == 0; i++)
			if (mime_is_leaf(&m->idx.v[i]))
				rc = part_magic(ix, n, &m->idx.v[i], &vals);
	}
	if (rc == 0)
		rc = ix_match(ix, n, vals.v, vals.n, keys, nk, res);
	ix_vals_done(ix, &vals);
	return rc;
}

static const struct sieve_tag_def tags[] = {
	{ "anychild", TAGK_FLAG, 0, NULL },
	{ "description", TAGK_FLAG, 1, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_magic = {
	.name = "magic", .test = true, .std = STD_CMP | STD_MATCH, .tags = tags,
	.pos = "L", .eval = e_magic,
};

static const struct sieve_cmd_def *const defs[] = { &tst_magic, NULL };

const struct sieve_extension sieve_ext_magic = {
	.name = "vnd.mda.magic", .defs = defs,
};
