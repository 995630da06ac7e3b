/*
 * msgview.c - the header fields as the running script sees them.
 *
 * Starts as the message's own fields; editheader (RFC 5293) adds and
 * deletes entries here, so later tests see the edits.  Values handed to
 * tests are unfolded, RFC 2047-decoded and trimmed (RFC 5228 2.7.2).
 * ix_header_block() rebuilds the block for actions taken after an edit.
 *
 * Decoded values are cached per field name for the run (up to
 * SIEVE_HDR_CACHE names): a script of thousands of `header` rules asks for
 * the same three or four fields, and decoding each once is enough.  So
 * are their address parts, which `address :domain "from"` rules ask for
 * again and again.  Any edit of the list empties the cache.
 */
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "mime/rfc2047.h"
#include "util.h"

void ix_headers_init(struct sieve_ix *ix)
{
	size_t n = ix->msg->nfields;

	if (n > SIEVE_MAX_HEADERS)
		n = SIEVE_MAX_HEADERS;
	ix->hdrs = calloc(n ? n : 1, sizeof(*ix->hdrs));
	if (ix->hdrs == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct sieve_header_field *f = &ix->msg->fields[i];

		ix->hdrs[i].name = f->name;
		ix->hdrs[i].name_len = f->name_len;
		ix->hdrs[i].value = f->value;
		ix->hdrs[i].value_len = f->value_len;
	}
	ix->nhdrs = n;
}

/* free_strings - a vector of n malloc'd strings and the vector. */
static void free_strings(const char **v, size_t n)
{
	for (size_t k = 0; v != NULL && k < n; k++)
		free((char *)v[k]);
	free(v);
}

void ix_headers_changed(struct sieve_ix *ix)
{
	for (size_t i = 0; i < ix->nhcache; i++) {
		struct ix_hcache *c = &ix->hcache[i];

		free_strings(c->v, c->n);
		for (size_t ap = 0; ap <= AP_DETAIL; ap++)
			free_strings(c->addr[ap], c->naddr[ap]);
		free(c->name);
	}
	memset(ix->hcache, 0, ix->nhcache * sizeof(ix->hcache[0]));
	ix->nhcache = 0;
}

void ix_headers_free(struct sieve_ix *ix)
{
	ix_headers_changed(ix);
	for (size_t i = 0; i < ix->nhdrs; i++)
		free(ix->hdrs[i].own);
	free(ix->hdrs);
	ix->hdrs = NULL;
	ix->nhdrs = 0;
}

/* collect - the values of the fields named name, decoded or raw, in a
 * NULL-terminated vector; kept: the vector and the strings go to the
 * scratch list, else they are the caller's (free each, then the vector). */
static const char **collect(struct sieve_ix *ix, const char *name,
			    size_t *n_r, bool decode, bool kept)
{
	const char **v;
	size_t n = 0;

	*n_r = 0;
	v = calloc(ix->nhdrs + 1, sizeof(*v));
	if (v == NULL || (kept && ix_keep_str(ix, (char *)v) == NULL))
		goto fail;
	for (size_t i = 0; i < ix->nhdrs; i++) {
		const struct ix_hdr *h = &ix->hdrs[i];
		char *s;

		if (!ascii_nieq(h->name, h->name_len, name))
			continue;
		if (decode)
			s = sieve_header_decode(h->value, h->value_len);
		else
			s = xstrndup(h->value, h->value_len);
		if (s == NULL || (kept && ix_keep_str(ix, s) == NULL))
			goto fail;
		v[n++] = s;
	}
	*n_r = n;
	return v;
fail:
	if (!kept && v != NULL) {
		for (size_t i = 0; i < n; i++)
			free((char *)v[i]);
		free(v);
	}
	return NULL;
}

/* same_name - field names compare without case; scripts mostly spell a
 * name one way, so an exact match settles most lookups at once. */
static bool same_name(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || ascii_ieq(a, b);
}

/* hcache_entry - the cache entry of the fields named name, filled on first
 * use; NULL if the cache is full (*oom false) or on ENOMEM (*oom true). */
static struct ix_hcache *hcache_entry(struct sieve_ix *ix, const char *name,
				      bool *oom)
{
	struct ix_hcache *c;

	*oom = false;
	for (size_t i = 0; i < ix->nhcache; i++)
		if (same_name(ix->hcache[i].name, name))
			return &ix->hcache[i];
	if (ix->nhcache >= SIEVE_HDR_CACHE)
		return NULL;
	c = &ix->hcache[ix->nhcache];
	*oom = true;
	if ((c->name = strdup(name)) == NULL)
		return NULL;
	if ((c->v = collect(ix, name, &c->n, true, false)) == NULL) {
		free(c->name);
		c->name = NULL;
		return NULL;
	}
	*oom = false;
	ix->nhcache++;
	return c;
}

const char **ix_header_values(struct sieve_ix *ix, const char *name,
			      size_t *n_r)
{
	bool oom;
	struct ix_hcache *c = hcache_entry(ix, name, &oom);

	if (c == NULL)
		return oom ? NULL : collect(ix, name, n_r, true, true);
	*n_r = c->n;
	return c->v;
}

/* own_copy - a NULL-terminated vector of copies of the n strings at v. */
static const char **own_copy(const char *const *v, size_t n)
{
	const char **c = calloc(n + 1, sizeof(*c));

	for (size_t i = 0; c != NULL && i < n; i++)
		if ((c[i] = strdup(v[i])) == NULL) {
			free_strings(c, i);
			return NULL;
		}
	return c;
}

/* addr_parts - the address parts of the n values at v, in the scratch. */
static const char **addr_parts(struct sieve_ix *ix, const struct sieve_node *n,
			       const char *const *v, size_t nv, size_t *n_r)
{
	static const char *const none[1];
	struct ix_vals parts = {0};

	if (ix_addr_values(ix, n, v, nv, &parts) < 0)
		return NULL;
	ix_vals_done(ix, &parts);
	*n_r = parts.n;
	return parts.v != NULL ? parts.v : (const char **)none;
}

const char **ix_header_addrs(struct sieve_ix *ix, const struct sieve_node *n,
			     const char *name, size_t *n_r)
{
	bool oom;
	struct ix_hcache *c = hcache_entry(ix, name, &oom);
	const char **v;
	size_t nv;

	*n_r = 0;
	if (c == NULL && oom) {
		ix_fail(ix, n, "out of memory");
		return NULL;
	}
	if (c == NULL) {   /* too many names: parse this time only */
		v = collect(ix, name, &nv, true, true);
		return v == NULL ? NULL : addr_parts(ix, n, v, nv, n_r);
	}
	if (c->addr[n->ap] == NULL) {
		v = addr_parts(ix, n, c->v, c->n, &nv);
		if (v == NULL)
			return NULL;
		if ((c->addr[n->ap] = own_copy(v, nv)) == NULL) {
			ix_fail(ix, n, "out of memory");
			return NULL;
		}
		c->naddr[n->ap] = nv;
	}
	*n_r = c->naddr[n->ap];
	return c->addr[n->ap];
}

const char **ix_header_raw(struct sieve_ix *ix, const char *name, size_t *n_r)
{
	return collect(ix, name, n_r, false, true);
}

/* uses_crlf - does the message end its first header line with CRLF? The
 * rebuilt header then does too, so the stored copy keeps one line-end
 * style throughout (the body is stored as it came). */
static bool uses_crlf(const struct sieve_message *m)
{
	const char *nl;

	if (m == NULL || m->header_block == NULL || m->header_len == 0)
		return false;
	nl = memchr(m->header_block, '\n', m->header_len);
	return nl != NULL && nl > m->header_block && nl[-1] == '\r';
}

/* ix_header_block - "Name:value" per field then an empty line, with the
 * message's own line ends (LF, or CRLF when it came with CRLF). */
char *ix_header_block(const struct sieve_ix *ix, size_t *len_r)
{
	struct sbuf b = {0};
	bool crlf = uses_crlf(ix->msg);
	char *s;

	for (size_t i = 0; i < ix->nhdrs; i++) {
		const struct ix_hdr *h = &ix->hdrs[i];

		sbuf_add(&b, h->name, h->name_len);
		sbuf_addc(&b, ':');
		for (size_t k = 0; k < h->value_len; k++) {
			if (h->value[k] == '\r')
				continue;
			if (h->value[k] == '\n' && crlf)
				sbuf_addc(&b, '\r');
			sbuf_addc(&b, h->value[k]);
		}
		sbuf_add(&b, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
	}
	sbuf_add(&b, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
	*len_r = b.len;
	s = sbuf_take(&b);
	if (s == NULL)
		*len_r = 0;
	return s;
}
