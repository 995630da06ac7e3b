/*
 * ext-mime.c - RFC 5703: foreverypart and break (section 3), the :mime
 * options of header, address and exists (section 4), extracttext
 * (section 7).
 *
 * The part index (mime.c) is built on first use and kept for the run.
 * foreverypart visits every part in document order, the message itself
 * first, as Pigeonhole does; a nested loop visits the parts inside the
 * current one.  Header values of part 0 come from the run's header view
 * (so editheader edits are seen); those of other parts are read from the
 * part's own header block, decoded like message headers (RFC 5228 2.7.2).
 */
#include <stdlib.h>
#include <string.h>

#include "ext/ext-mime.h"
#include "mime/rfc2047.h"
#include "util.h"

const struct sieve_tag_def sieve_mime_header_tags[] = {
	{ "mime", TAGK_FLAG, MIME_SLOT, "mime" },
	{ "anychild", TAGK_FLAG, ANYCHILD_SLOT, "mime" },
	{ "type", TAGK_FLAG, TYPE_SLOT, "mime" },
	{ "subtype", TAGK_FLAG, SUBTYPE_SLOT, "mime" },
	{ "contenttype", TAGK_FLAG, CTYPE_SLOT, "mime" },
	{ "param", TAGK_LIST, PARAM_SLOT, "mime" },
	{ "index", TAGK_NUMBER, INDEX_SLOT, "index" },   /* RFC 5260 6 */
	{ "last", TAGK_FLAG, LAST_SLOT, "index" },
	{ NULL, 0, 0, NULL },
};

const struct sieve_tag_def sieve_mime_address_tags[] = {
	{ "mime", TAGK_FLAG, MIME_SLOT, "mime" },
	{ "anychild", TAGK_FLAG, ANYCHILD_SLOT, "mime" },
	{ NULL, 0, 0, NULL },
};

/* address also takes :index/:last (RFC 5260 6); exists does not */
const struct sieve_tag_def sieve_mime_address_index_tags[] = {
	{ "mime", TAGK_FLAG, MIME_SLOT, "mime" },
	{ "anychild", TAGK_FLAG, ANYCHILD_SLOT, "mime" },
	{ "index", TAGK_NUMBER, INDEX_SLOT, "index" },
	{ "last", TAGK_FLAG, LAST_SLOT, "index" },
	{ NULL, 0, 0, NULL },
};

struct ix_mime *ix_mime(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_mime *m;

	if (ix->mime != NULL)
		return ix->mime;
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		ix_fail(ix, n, "out of memory");
		return NULL;
	}
	m->cur = -1;
	if (ix->msg->body_read == NULL || mime_scan(ix->msg, &m->idx) < 0) {
		free(m);
		ix_fail(ix, n, "cannot read the message body");
		return NULL;
	}
	ix->mime = m;
	/* warnings, not errors: every part is still judged (mime.c) */
	if (m->idx.truncated)
		sieve_diag_add(ix->d, ix_file(ix), n ? n->line : 0,
			       n ? n->col : 0, false, "the message has more "
			       "than %d MIME parts: the filter sees the rest "
			       "as one part", SIEVE_MAX_MIME_PARTS);
	if (m->idx.flattened)
		sieve_diag_add(ix->d, ix_file(ix), n ? n->line : 0,
			       n ? n->col : 0, false, "the message nests MIME "
			       "parts more than %d levels deep: the filter "
			       "sees those below as one level",
			       SIEVE_MAX_MIME_DEPTH);
	return m;
}

void ix_mime_free(struct sieve_ix *ix)
{
	struct ix_mime *m = ix->mime;

	if (m == NULL)
		return;
	mime_index_free(&m->idx);
	free(m);
	ix->mime = NULL;
}

void ix_mime_range(const struct ix_mime *m, bool anychild, size_t *first,
		   size_t *end)
{
	size_t f = m->cur >= 0 ? (size_t)m->cur : 0, e = f + 1;

	if (anychild)
		while (e < m->idx.n && m->idx.v[e].depth > m->idx.v[f].depth)
			e++;
	if (e > m->idx.n)
		e = m->idx.n;
	*first = f;
	*end = e;
}

/* part_values - decoded values of the fields named name in part i. */
static int part_values(struct sieve_ix *ix, const struct ix_mime *m,
		       size_t i, const char *name, struct ix_vals *out)
{
	const char *nm, *v;
	size_t pos = 0, nl, vl, len;
	char *blk;
	int rc = 0;

	if (i == 0) {
		size_t nv;
		const char **vals = ix_header_values(ix, name, &nv);

		for (size_t k = 0; vals != NULL && k < nv && rc == 0; k++)
			rc = ix_vals_add(ix, out, strdup(vals[k]));
		return vals == NULL ? IX_ERR : rc;
	}
	if ((blk = mime_part_header(ix->msg, &m->idx.v[i], &len)) == NULL)
		return ix_fail(ix, NULL, "cannot read a MIME part header");
	while (rc == 0 && mime_hdr_next(blk, len, &pos, &nm, &nl, &v, &vl))
		if (ascii_nieq(nm, nl, name))
			rc = ix_vals_add(ix, out, sieve_header_decode(v, vl));
	free(blk);
	return rc;
}

/* option - apply :type, :subtype, :contenttype or :param to one value. */
static int option(struct sieve_ix *ix, const struct sieve_node *n,
		  const char *val, struct ix_vals *out)
{
	char type[64], sub[128], both[200];
	size_t np, len = strlen(val);
	const char **params;

	if (n->tag[PARAM_SLOT] != NULL) {
		if ((params = ix_arg_list(ix, n->tag[PARAM_SLOT], &np)) == NULL)
			return IX_ERR;
		for (size_t k = 0; k < np; k++) {
			char *p = mime_param(val, len, params[k]);

			if (p != NULL && ix_vals_add(ix, out, p) < 0)
				return IX_ERR;
		}
		return 0;
	}
	mime_ctype(val, len, type, sizeof(type), sub, sizeof(sub));
	if (n->tag[TYPE_SLOT] != NULL)
		return ix_vals_add(ix, out, strdup(type));
	if (n->tag[SUBTYPE_SLOT] != NULL)
		return ix_vals_add(ix, out, strdup(sub));
	snprintf(both, sizeof(both), "%s%s%s", type, sub[0] ? "/" : "", sub);
	return ix_vals_add(ix, out, strdup(both));
}

const char **ix_mime_header_values(struct sieve_ix *ix,
				   const struct sieve_node *n,
				   const char *name, size_t *n_r)
{
	struct ix_vals raw = {0}, res = {0};
	struct ix_mime *m;
	size_t first, end;
	bool opt = n->tag[TYPE_SLOT] || n->tag[SUBTYPE_SLOT] ||
		   n->tag[CTYPE_SLOT] || n->tag[PARAM_SLOT];
	static const char *none[1];

	*n_r = 0;
	if (n->tag[MIME_SLOT] == NULL)
		return ix_header_values(ix, name, n_r);
	if ((m = ix_mime(ix, n)) == NULL)
		return NULL;
	ix_mime_range(m, n->tag[ANYCHILD_SLOT] != NULL, &first, &end);
	for (size_t i = first; i < end; i++)
		if (part_values(ix, m, i, name, &raw) < 0)
			return NULL;
	ix_vals_done(ix, &raw);
	if (!opt) {
		*n_r = raw.n;
		return raw.v != NULL ? raw.v : none;
	}
	for (size_t i = 0; i < raw.n; i++)
		if (option(ix, n, raw.v[i], &res) < 0)
			return NULL;
	ix_vals_done(ix, &res);
	*n_r = res.n;
	return res.v != NULL ? res.v : none;
}
