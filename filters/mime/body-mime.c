/*
 * body-mime.c - RFC 5173 body :text and :content over the MIME parts.
 *
 * :text looks at every text part (type "text"); :content "type" or "type/sub"
 * at every leaf part of that type ("" at every leaf part).  Each part is
 * decoded (base64, quoted-printable) and text parts converted to UTF-8,
 * streamed: :contains scans chunk by chunk with the longest key's length
 * carried over, so nothing is held but one chunk; the other match types
 * compare the first SIEVE_BODY_MATCH_MAX octets of each part.  Each part
 * is a value of its own (RFC 5173 5.2).  :text also looks at
 * application/xhtml+xml, and turns it and text/html into plain text
 * (html2text.c) as Pigeonhole does; :content compares HTML as written.
 */
#include <stdlib.h>
#include <string.h>

#include "run/comparator.h"
#include "ext/ext-mime.h"
#include "mime/html2text.h"
#include "util.h"

char *mime_to_utf8(const char *cs, const char *in, size_t n);

struct scan {
	struct sieve_ix *ix;
	const struct sieve_node *n;
	const char **keys;
	size_t nk, maxk;
	struct sbuf win;     /* carried tail (:contains) or the window */
	bool window, found;
	bool text;           /* :text: HTML becomes plain text */
};

static int on_data(void *ctx, const char *p, size_t len)
{
	struct scan *s = ctx;

	if (s->window) {
		size_t room = SIEVE_BODY_MATCH_MAX - s->win.len;

		sbuf_add(&s->win, p, len < room ? len : room);
		return s->win.oom ? -1 : s->win.len == SIEVE_BODY_MATCH_MAX;
	}
	sbuf_add(&s->win, p, len);
	if (s->win.oom)
		return -1;
	for (size_t i = 0; i < s->nk && !s->found; i++)
		s->found = sieve_cmp_contains(s->n->cmp, s->win.s, s->win.len,
					      s->keys[i], strlen(s->keys[i]));
	if (s->found)
		return 1;
	if (s->win.len > s->maxk - 1) {   /* keep the tail a key may straddle */
		memmove(s->win.s, s->win.s + s->win.len - (s->maxk - 1),
			s->maxk - 1);
		s->win.len = s->maxk - 1;
	}
	return 0;
}

/* wanted - does the :content list (or :text) select part p?  A
 * multipart when "multipart" or "" is named: its preamble and epilogue
 * are tested then (RFC 5173 5.2), as Pigeonhole does. */
static bool wanted(const struct mime_part *p, const char **types, size_t nt)
{
	if (types == NULL)
		return !p->rfc822 && !p->multipart &&
		       (strcmp(p->type, "text") == 0 ||
			html2text_wanted(p->type, p->subtype));
	for (size_t i = 0; i < nt; i++) {
		const char *t = types[i], *slash = strchr(t, '/');
		size_t tl = slash ? (size_t)(slash - t) : strlen(t);

		if (t[0] == '\0')
			return !p->rfc822;   /* its child parts are the leaves */
		if (!ascii_nieq(t, tl, p->type) || strlen(p->type) != tl)
			continue;
		if (slash == NULL || ascii_ieq(slash + 1, p->subtype))
			return true;
	}
	return false;
}

static int one_part(struct scan *s, const struct mime_part *p, bool *res)
{
	bool text = strcmp(p->type, "text") == 0;
	bool html = s->text && html2text_wanted(p->type, p->subtype);
	struct html2text h;
	const char *val;
	int rc;

	s->win.len = 0;
	if (html) {
		html2text_init(&h, on_data, s);
		rc = mime_part_stream(s->ix->msg, p, true, 0, html2text_feed, &h);
		if (rc == 0)
			rc = html2text_finish(&h) < 0 ? -1 : 0;
	} else {
		rc = mime_part_stream(s->ix->msg, p, text, 0, on_data, s);
	}
	if (rc < 0)
		return ix_fail(s->ix, s->n, "body: cannot read a MIME part");
	if (!s->window) {
		*res = s->found;
		return 0;
	}
	sbuf_addc(&s->win, '\0');
	if (s->win.oom)
		return ix_fail(s->ix, s->n, "out of memory");
	val = s->win.s;
	return ix_match(s->ix, s->n, &val, 1, s->keys, s->nk, res);
}

/* multipart - the preamble, then the epilogue, each a value. */
static int multipart(struct scan *s, const struct mime_part *p, bool *res)
{
	struct mime_part r = *p;
	int rc;

	r.multipart = false;
	r.body_end = p->pre_end < p->body_end ? p->pre_end : p->body_end;
	if ((rc = one_part(s, &r, res)) != 0 || *res || p->epi_off >= p->body_end)
		return rc;
	r.body_off = p->epi_off;
	r.body_end = p->body_end;
	return one_part(s, &r, res);
}

/* rfc822 - a message/rfc822 part named by :content: the header of the
 * enclosed message (part i + 1) as one string, without the empty line
 * that ends it (RFC 5173 5.2). */
static int rfc822(struct scan *s, const struct mime_index *idx, size_t i,
		  bool *res)
{
	size_t len = 0;
	char *h;
	const char *val;
	int rc;

	if (i + 1 >= idx->n || idx->v[i + 1].parent != (int)i)
		return 0;   /* empty: nothing enclosed */
	h = mime_part_header(s->ix->msg, &idx->v[i + 1], &len);
	if (h == NULL)
		return ix_fail(s->ix, s->n, "body: cannot read a MIME part");
	if (len >= 2 && h[len - 1] == '\n' && h[len - 2] == '\n')
		len--;
	else if (len >= 3 && h[len - 1] == '\n' && h[len - 2] == '\r' &&
		 h[len - 3] == '\n')
		len -= 2;
	h[len] = '\0';
	val = h;
	rc = ix_match(s->ix, s->n, &val, 1, s->keys, s->nk, res);
	free(h);
	return rc;
}

/* count - :count over the parts: each part searched is a value (and a
 * multipart's preamble and epilogue each), RFC 5173 5.2, RFC 5231 4.2. */
static int count(struct sieve_ix *ix, const struct sieve_node *n,
		 const struct mime_index *idx, const char **types, size_t nt,
		 const char **keys, size_t nk, bool *res)
{
	size_t c = 0;
	const char **v;

	for (size_t i = 0; i < idx->n; i++) {
		const struct mime_part *p = &idx->v[i];

		if (wanted(p, types, nt))
			c += p->multipart && p->epi_off < p->body_end ? 2 : 1;
	}
	v = calloc(c + 1, sizeof(*v));
	if (v == NULL || ix_keep_str(ix, (char *)v) == NULL)
		return ix_fail(ix, n, "out of memory");
	for (size_t i = 0; i < c; i++)
		v[i] = "";
	return ix_match(ix, n, v, c, keys, nk, res);
}

int body_mime_eval(struct sieve_ix *ix, const struct sieve_node *n,
		   const char **keys, size_t nk, bool *res)
{
	struct scan s = { ix, n, keys, nk, 1, {0}, n->mt != MT_CONTAINS, false,
			  n->tag[1] == NULL };
	const char **types = NULL;
	struct ix_mime *m = ix_mime(ix, n);
	size_t nt = 0;
	int rc = 0;

	if (m == NULL)
		return IX_ERR;
	if (n->tag[1] != NULL &&
	    (types = ix_arg_list(ix, n->tag[1], &nt)) == NULL)
		return IX_ERR;
	for (size_t i = 0; i < nk; i++)
		if (strlen(keys[i]) > s.maxk)
			s.maxk = strlen(keys[i]);
	*res = false;
	if (n->mt == MT_COUNT)
		return count(ix, n, &m->idx, types, nt, keys, nk, res);
	for (size_t i = 0; i < m->idx.n && rc == 0 && !*res; i++)
		if (wanted(&m->idx.v[i], types, nt))
			rc = m->idx.v[i].rfc822 ? rfc822(&s, &m->idx, i, res) :
			     m->idx.v[i].multipart ?
			     multipart(&s, &m->idx.v[i], res) :
			     one_part(&s, &m->idx.v[i], res);
	sbuf_free(&s.win);
	return rc;
}
