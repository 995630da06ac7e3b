/*
 * mime.c - index the MIME parts of a message in one streaming pass
 * (RFC 2046 5.1 multipart, 5.2.1 message/rfc822).
 *
 * The body is read line by line through msg->body_read with one chunk
 * buffer; only the first SIEVE_MAX_MIME_HEADER octets of a line are kept
 * and only the current part's header, up to that size too.  A boundary line closes every part opened after
 * the multipart it belongs to, innermost first, as Dovecot's parser does;
 * the CRLF before a boundary belongs to the boundary (RFC 2046 5.1.1).
 * Below SIEVE_MAX_MIME_DEPTH the nesting is flattened: every part found
 * deeper is a child of the container at the limit (its boundaries in one
 * set, mime-flat.c), so no part hides by depth; that sets flattened.
 * After SIEVE_MAX_MIME_PARTS parts the rest of the body is one more part,
 * typed by the header that follows the delimiter, and the scan stops;
 * that sets truncated.  The run warns of either (issue 14).
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mime/mime.h"
#include "mime/mime-flat.h"
#include "util.h"

struct level {
	int part;
	bool header;          /* still reading this part's header */
	char bnd[72];         /* boundary of a multipart ("" none) */
	size_t blen;
};

struct scan {
	const struct sieve_message *msg;
	struct mime_index *ix;
	struct level st[SIEVE_MAX_MIME_DEPTH + 2];
	int top;              /* index of the innermost open level */
	struct sbuf hdr;      /* header of the innermost part, bounded */
	char *chunk;
	size_t cpos, clen;
	uint64_t coff;        /* body offset of chunk[0] */
	uint64_t prev_eol;    /* length of the previous line's end */
	struct mime_flat flat;   /* boundaries below the depth limit */
	int flat_k;           /* level of the container at the limit, or -1 */
};

bool mime_is_leaf(const struct mime_part *p)
{
	return !p->multipart && !p->rfc822;
}

void mime_index_free(struct mime_index *ix)
{
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

static int add_part(struct scan *s, int parent, uint64_t hdr_off)
{
	struct mime_index *ix = s->ix;
	struct mime_part *p;

	if (ix->n > SIEVE_MAX_MIME_PARTS)
		return -2;
	if (ix->n == SIEVE_MAX_MIME_PARTS)
		ix->truncated = true;   /* this one is the rest of the body */
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 16;
		struct mime_part *v = realloc(ix->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		ix->v = v;
		ix->cap = cap;
	}
	p = &ix->v[ix->n];
	memset(p, 0, sizeof(*p));
	p->hdr_off = p->body_off = hdr_off;
	p->body_end = s->msg->body_size;
	p->pre_end = p->epi_off = UINT64_MAX;
	p->parent = parent;
	p->depth = parent < 0 ? 0 : ix->v[parent].depth + 1;
	return (int)ix->n++;
}

/* boundary - the boundary parameter of the Content-Type in blk. */
static size_t boundary(const char *blk, size_t len, char *out, size_t sz)
{
	const char *nm, *v;
	size_t pos = 0, nl, vl;
	char *b;

	while (mime_hdr_next(blk, len, &pos, &nm, &nl, &v, &vl))
		if (ascii_nieq(nm, nl, "content-type"))
			break;
	if (pos >= len && !ascii_nieq(nm, nl, "content-type"))
		return 0;
	if ((b = mime_param(v, vl, "boundary")) == NULL)
		return 0;
	snprintf(out, sz, "%s", strlen(b) < sz ? b : "");
	free(b);
	return strlen(out);
}

/* flatten - p is below the depth limit: a multipart's boundary joins the
 * set (its parts become its siblings, children of the container at the
 * limit), a message/rfc822's enclosed message starts at once as such a
 * sibling.  p itself stays a leaf (a preamble, or nothing). */
static int flatten(struct scan *s, struct mime_part *p, uint64_t off)
{
	char b[72];
	size_t bl = 0;
	bool rfc822 = p->rfc822;
	int c, parent = p->parent;

	if (p->multipart || p->rfc822)
		s->ix->flattened = true;   /* the filter is told (ext-mime.c) */
	if (p->multipart)
		bl = boundary(s->hdr.s ? s->hdr.s : "", s->hdr.len, b, sizeof(b));
	p->multipart = p->rfc822 = false;
	sbuf_free(&s->hdr);
	if (bl > 0 && mime_flat_add(&s->flat, b, bl) < 0)
		return -1;
	if (!rfc822)
		return 0;
	p->body_end = off;
	if ((c = add_part(s, parent, off)) < 0)
		return c;
	s->st[s->top] = (struct level){ .part = c, .header = true };
	return 0;
}

/* open_body - the header of the innermost part ends at off: type it,
 * then open a multipart's boundary or a message/rfc822's child. */
static int open_body(struct scan *s, uint64_t off)
{
	struct level *l = &s->st[s->top];
	struct mime_part *p = &s->ix->v[l->part];
	const struct mime_part *par = p->parent >= 0 ? &s->ix->v[p->parent] : NULL;
	bool digest = par != NULL && par->multipart &&
		      strcmp(par->subtype, "digest") == 0;
	const char *blk = s->hdr.s ? s->hdr.s : "";
	int c;

	l->header = false;
	p->body_off = off;
	mime_set_type(p, blk, s->hdr.len, digest);
	if (p->cte != CTE_IDENTITY || l->part == SIEVE_MAX_MIME_PARTS)
		p->multipart = p->rfc822 = false;   /* read as content */
	if (l->part == SIEVE_MAX_MIME_PARTS) {
		sbuf_free(&s->hdr);
		return -2;   /* the rest of the body: the scan ends here */
	}
	if (p->depth > SIEVE_MAX_MIME_DEPTH)
		return flatten(s, p, off);
	if (p->depth == SIEVE_MAX_MIME_DEPTH && (p->multipart || p->rfc822))
		s->flat_k = s->top;
	if (p->multipart)
		l->blen = boundary(blk, s->hdr.len, l->bnd, sizeof(l->bnd));
	sbuf_free(&s->hdr);
	if (!p->rfc822)
		return 0;
	if ((c = add_part(s, l->part, off)) < 0)
		return c;
	s->top++;
	s->st[s->top] = (struct level){ .part = c, .header = true };
	return 0;
}

/* close_above - end every part above level k at off. */
static void close_above(struct scan *s, int k, uint64_t off)
{
	for (; s->top > k; s->top--) {
		struct mime_part *p = &s->ix->v[s->st[s->top].part];

		if (s->st[s->top].header)
			p->body_off = off > p->hdr_off ? off : p->hdr_off;
		p->body_end = off > p->body_off ? off : p->body_off;
	}
	if (s->flat_k > s->top) {   /* the container at the limit ended */
		mime_flat_clear(&s->flat);
		s->flat_k = -1;
	}
	sbuf_free(&s->hdr);
}

/* delimiter - the level whose boundary line is (line, n), or -1. */
static int delimiter(const struct scan *s, const char *line, size_t n,
		     bool *close)
{
	if (n < 3 || line[0] != '-' || line[1] != '-')
		return -1;
	for (int k = s->top; k >= 0; k--) {
		const struct level *l = &s->st[k];

		if (l->blen == 0 || n < 2 + l->blen ||
		    memcmp(line + 2, l->bnd, l->blen) != 0)
			continue;
		*close = n >= 4 + l->blen && line[2 + l->blen] == '-' &&
			 line[3 + l->blen] == '-';
		return k;
	}
	return -1;
}

/* next_line - the next line: its first octets in line (up to cap), its
 * full length in *len_r (with the line end) and the line end's length in
 * *eol_r.  0 at the end of the body, 1 with a line, -1 read error. */
static int next_line(struct scan *s, char *line, size_t cap, size_t *kept,
		     uint64_t *len_r, uint64_t *eol_r)
{
	uint64_t len = 0;
	char prev = '\0';      /* the octet before this piece of the line */

	*kept = 0;
	*eol_r = 0;
	for (;;) {
		if (s->cpos == s->clen) {
			uint64_t off = s->coff + s->clen;
			ssize_t r = off >= s->msg->body_size ? 0 :
				s->msg->body_read(s->msg->body_ctx, off, s->chunk,
						  SIEVE_BODY_CHUNK);

			if (r < 0)
				return -1;
			s->coff = off;
			s->cpos = 0;
			s->clen = (size_t)r;
			if (r == 0)
				break;
		}
		/* the rest of the line in this chunk, found with memchr: a
		 * 500 MiB base64 attachment is 7 million lines */
		const char *p = s->chunk + s->cpos;
		const char *nl = memchr(p, '\n', s->clen - s->cpos);
		size_t take = nl ? (size_t)(nl - p) + 1 : s->clen - s->cpos;
		size_t keep = cap - *kept < take ? cap - *kept : take;

		memcpy(line + *kept, p, keep);
		*kept += keep;
		s->cpos += take;
		len += take;
		if (nl != NULL) {
			*eol_r = (nl > p ? nl[-1] : prev) == '\r' && len >= 2 ?
				 2 : 1;
			break;
		}
		prev = take > 0 ? p[take - 1] : prev;
	}
	*len_r = len;
	return len > 0;
}

/* on_line - advance the scan over one line starting at off. */
static int on_line(struct scan *s, const char *line, size_t kept,
		   uint64_t off, uint64_t len, uint64_t eol)
{
	bool close = false, flat = s->flat_k >= 0 &&
		mime_flat_find(&s->flat, line, kept, &close);
	int k = flat ? s->flat_k : delimiter(s, line, kept, &close), c;
	struct level *l;

	if (flat && close) {   /* a flattened multipart ends */
		close_above(s, k, off >= s->prev_eol ? off - s->prev_eol : 0);
		return 0;
	}
	if (k >= 0) {
		uint64_t end = off >= s->prev_eol ? off - s->prev_eol : 0;
		struct mime_part *mp = &s->ix->v[s->st[k].part];

		close_above(s, k, end);
		if (mp->pre_end == UINT64_MAX)   /* RFC 2046 5.1.1 preamble */
			mp->pre_end = end > mp->body_off ? end : mp->body_off;
		if (close) {
			s->st[k].blen = 0;   /* the epilogue follows */
			mp->epi_off = off + len;
			return 0;
		}
		if ((c = add_part(s, s->st[k].part, off + len)) < 0)
			return c;
		s->top++;
		s->st[s->top] = (struct level){ .part = c, .header = true };
		return 0;
	}
	l = &s->st[s->top];
	if (!l->header)
		return 0;
	if (kept == eol && len == eol)   /* the blank line */
		return open_body(s, off + len);
	if (s->hdr.len + kept <= SIEVE_MAX_MIME_HEADER)
		sbuf_add(&s->hdr, line, kept);
	return 0;
}

/* start - part 0 is the message: its header is msg->fields. */
static int start(struct scan *s)
{
	const struct sieve_message *m = s->msg;
	int rc = add_part(s, -1, 0);

	if (rc < 0)
		return -1;
	s->top = 0;
	s->st[0] = (struct level){ .part = 0, .header = true };
	for (size_t i = 0; i < m->nfields && i < SIEVE_MAX_HEADERS; i++) {
		const struct sieve_header_field *f = &m->fields[i];

		if (s->hdr.len + f->name_len + f->value_len + 3 >
		    SIEVE_MAX_MIME_HEADER)
			break;
		sbuf_add(&s->hdr, f->name, f->name_len);
		sbuf_addc(&s->hdr, ':');
		sbuf_add(&s->hdr, f->value, f->value_len);
		sbuf_addc(&s->hdr, '\n');
	}
	return open_body(s, 0) < 0 ? -1 : 0;
}

int mime_scan(const struct sieve_message *msg, struct mime_index *ix)
{
	struct scan s = { .msg = msg, .ix = ix, .flat_k = -1 };
	char *line = malloc(SIEVE_MAX_MIME_HEADER);
	uint64_t off = 0, len, eol;
	size_t kept;
	int rc = 0, r;

	memset(ix, 0, sizeof(*ix));
	s.chunk = malloc(SIEVE_BODY_CHUNK);
	if (s.chunk == NULL || line == NULL || start(&s) < 0)
		rc = -1;
	while (rc == 0 && msg->body_read != NULL &&
	       (r = next_line(&s, line, SIEVE_MAX_MIME_HEADER, &kept, &len, &eol)) != 0) {
		if (r < 0 || (rc = on_line(&s, line, kept, off, len, eol)) == -1)
			rc = -1;
		else if (rc == -2)
			break;   /* too many parts: stop indexing */
		off += len;
		s.prev_eol = eol;
	}
	if (rc != -1 && ix->n > 0)
		close_above(&s, -1, msg->body_size);
	mime_flat_clear(&s.flat);
	sbuf_free(&s.hdr);
	free(s.chunk);
	free(line);
	if (rc == -1) {
		mime_index_free(ix);
		return -1;
	}
	return 0;
}
