/*
 * ext-editheader.c - RFC 5293 addheader and deleteheader.
 *
 * addheader prepends (":last" appends); the field is written as Dovecot
 * writes it (hdr-format.c: capitalised name, RFC 2047 words, folding).
 * deleteheader removes every field of that name, or only the :index'th
 * (counted from the end with :last; :index 0 means all, as Pigeonhole), or only those whose value matches one
 * of the patterns.  Received and Auto-Submitted cannot be deleted (RFC
 * 5293 section 6; as Pigeonhole: a warning, and nothing is removed).
 * Edits are seen by later tests and stored by later keep/fileinto.
 */
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "run/hdr-format.h"
#include "mime/rfc2047.h"
#include "util.h"

static bool name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 997)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 33 || (unsigned char)*s > 126 || *s == ':')
			return false;
	return true;
}

static bool is_protected(const char *name)
{
	return ascii_ieq(name, "received") || ascii_ieq(name, "auto-submitted");
}

static int v_addheader(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_str *s = &n->pos[0]->v[0];

	if (v_str_const(v, s) && !name_ok(s->s))
		v_error(v, n->pos[0]->line, n->pos[0]->col,
			"%s: invalid header field name \"%s\"", n->name, s->s);
	return 0;
}

static int v_deleteheader(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_str *s = &n->pos[0]->v[0];

	v_addheader(v, n);
	if (n->tag[1] != NULL && n->tag[0] == NULL)
		v_error(v, n->line, n->col, "deleteheader: :last needs :index");
	if (v_str_const(v, s) && is_protected(s->s))
		v_warn(v, n->line, n->col,
		       "deleteheader: deleting \"%s\" is not allowed; ignored", s->s);
	return 0;
}

static int x_addheader(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *name = ix_arg_str(ix, n->pos[0]);
	const char *val = ix_arg_str(ix, n->pos[1]);
	struct ix_hdr *v, *h;
	size_t nl, vl, at;
	char *enc, *cname;

	if (name == NULL || val == NULL)
		return IX_ERR;
	if (!name_ok(name))
		return ix_fail(ix, n, "addheader: invalid header field name \"%s\"",
			       name);
	if (strlen(val) > SIEVE_MAX_HEADER_LEN || ix->nhdrs >= SIEVE_MAX_HEADERS)
		return ix_fail(ix, n, "addheader: header too large");
	if ((cname = ix_keep_str(ix, sieve_hdr_name(name))) == NULL ||
	    (enc = sieve_hdr_value(val, strlen(name))) == NULL)
		return ix_fail(ix, n, "out of memory");
	if ((v = realloc(ix->hdrs, (ix->nhdrs + 1) * sizeof(*v))) == NULL) {
		free(enc);
		return ix_fail(ix, n, "out of memory");
	}
	ix->hdrs = v;
	name = cname;
	nl = strlen(name);
	vl = strlen(enc);
	at = n->tag[0] != NULL ? ix->nhdrs : 0;
	memmove(&v[at + 1], &v[at], (ix->nhdrs - at) * sizeof(*v));
	ix->nhdrs++;
	h = &v[at];
	h->own = malloc(nl + vl + 2);
	if (h->own == NULL) {
		free(enc);
		memmove(&v[at], &v[at + 1], (--ix->nhdrs - at) * sizeof(*v));
		return ix_fail(ix, n, "out of memory");
	}
	memcpy(h->own, name, nl + 1);
	memcpy(h->own + nl + 1, enc, vl + 1);
	free(enc);
	h->name = h->own;
	h->name_len = nl;
	h->value = h->own + nl + 1;
	h->value_len = vl;
	ix->edited = true;
	ix_headers_changed(ix);
	return IX_OK;
}

/* del_match - does field i (the occ'th of its name) go? */
static int del_match(struct sieve_ix *ix, const struct sieve_node *n,
		     size_t i, const char **keys, size_t nk, bool *res)
{
	const struct ix_hdr *h = &ix->hdrs[i];
	char *val;
	const char *cv;
	int rc;

	*res = true;
	if (n->npos < 2)
		return 0;
	if ((val = ix_keep_str(ix, xstrndup(h->value, h->value_len))) == NULL)
		return ix_fail(ix, n, "out of memory");
	cv = ix_keep_str(ix, sieve_header_decode(val, strlen(val)));
	if (cv == NULL)
		return ix_fail(ix, n, "out of memory");
	rc = ix_match(ix, n, &cv, 1, keys, nk, res);
	return rc;
}

static int x_deleteheader(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *name = ix_arg_str(ix, n->pos[0]);
	size_t nk = 0, total = 0, occ = 0;
	const char **keys = n->npos > 1 ? ix_arg_list(ix, n->pos[1], &nk) : NULL;
	uint64_t idx = n->tag[0] != NULL ? n->tag[0]->num : 0;

	if (name == NULL || (n->npos > 1 && keys == NULL))
		return IX_ERR;
	if (is_protected(name)) {
		sieve_diag_add(ix->d, ix_file(ix), n->line, n->col, false,
			       "deleteheader: deleting \"%s\" is not allowed", name);
		return IX_OK;
	}
	for (size_t i = 0; i < ix->nhdrs; i++)
		total += ascii_nieq(ix->hdrs[i].name, ix->hdrs[i].name_len, name);
	for (size_t i = 0; i < ix->nhdrs; ) {
		bool del;

		if (!ascii_nieq(ix->hdrs[i].name, ix->hdrs[i].name_len, name)) {
			i++;
			continue;
		}
		occ++;
		if (idx != 0 && (n->tag[1] ? total - occ + 1 : occ) != idx) {
			i++;
			continue;
		}
		if (del_match(ix, n, i, keys, nk, &del) < 0)
			return IX_ERR;
		if (!del) {
			i++;
			continue;
		}
		free(ix->hdrs[i].own);
		memmove(&ix->hdrs[i], &ix->hdrs[i + 1],
			(ix->nhdrs - i - 1) * sizeof(*ix->hdrs));
		ix->nhdrs--;
		ix->edited = true;
		ix_headers_changed(ix);
	}
	return IX_OK;
}

static const struct sieve_tag_def add_tags[] = {
	{ "last", TAGK_FLAG, 0, NULL },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def del_tags[] = {
	{ "index", TAGK_NUMBER, 0, NULL },
	{ "last", TAGK_FLAG, 1, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_addheader = {
	.name = "addheader", .tags = add_tags, .pos = "SS",
	.validate = v_addheader, .exec = x_addheader,
};
static const struct sieve_cmd_def cmd_deleteheader = {
	.name = "deleteheader", .tags = del_tags, .std = STD_CMP | STD_MATCH,
	.pos = "Sl", .validate = v_deleteheader, .exec = x_deleteheader,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_addheader, &cmd_deleteheader, NULL,
};

const struct sieve_extension sieve_ext_editheader = {
	.name = "editheader", .defs = defs,
};
