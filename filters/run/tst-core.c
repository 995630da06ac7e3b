/*
 * tst-core.c - the RFC 5228 tests (section 5): address, allof, anyof,
 * exists, false, true, not, size, header.  envelope is in ext-envelope.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext-mime.h"
#include "run/interp.h"
#include "util.h"

/* v_names - warn about header names that cannot occur (RFC 5322 2.2:
 * printable ASCII but ':'), as Pigeonhole does. */
static int v_names(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	for (size_t i = 0; i < a->n; i++) {
		const char *p = a->v[i].s;

		if (!v_str_const(v, &a->v[i]))
			continue;
		while (*p > 32 && *p < 127 && *p != ':')
			p++;
		if (*p != '\0' || a->v[i].len == 0)
			v_warn(v, a->line, a->col,
			       "header field name \"%s\" is invalid", a->v[i].s);
	}
	return 0;
}

/* v_address - RFC 5228 5.1: only headers that hold addresses (the set
 * Pigeonhole accepts). */
static int v_address(struct sieve_vctx *v, struct sieve_node *n)
{
	static const char *const ok[] = {
		"from", "sender", "reply-to", "to", "cc", "bcc", "resent-from",
		"resent-sender", "resent-reply-to", "resent-to", "resent-cc",
		"resent-bcc", "delivered-to", "x-original-to", "errors-to",
		"mail-followup-to", "mail-reply-to", "x-beenthere",
		"return-receipt-to", "apparently-to", NULL,
	};
	const struct sieve_arg *a = n->pos[0];

	for (size_t i = 0; i < a->n; i++) {
		size_t k = 0;

		if (!v_str_const(v, &a->v[i]))
			continue;
		while (ok[k] != NULL && !ascii_ieq(ok[k], a->v[i].s))
			k++;
		if (ok[k] == NULL)
			v_error(v, a->line, a->col,
				"address: header \"%s\" does not hold addresses",
				a->v[i].s);
	}
	return 0;
}

/* address_values - the address parts e_address matches for one field
 * name: without :mime they are parsed once per run (msgview.c). */
static const char **address_values(struct sieve_ix *ix,
				   const struct sieve_node *n,
				   const char *name, size_t *n_r)
{
	struct ix_vals vals = {0};
	static const char *const none[1];
	const char **v;
	size_t nv;

	if (n->tag[MIME_SLOT] == NULL && n->tag[INDEX_SLOT] == NULL)
		return ix_header_addrs(ix, n, name, n_r);
	*n_r = 0;
	v = ix_mime_header_values(ix, n, name, &nv);
	if (v != NULL)
		v = ix_index_pick(n, v, &nv);   /* one field: RFC 5260 6 */
	if (v == NULL || ix_addr_values(ix, n, v, nv, &vals) < 0)
		return NULL;
	ix_vals_done(ix, &vals);
	*n_r = vals.n;
	return vals.v != NULL ? vals.v : (const char **)none;
}

static int e_address(struct sieve_ix *ix, const struct sieve_node *n,
		     bool *res)
{
	struct ix_vals vals = {0};
	size_t nh, nk, nv;
	const char **hdrs = ix_arg_list(ix, n->pos[0], &nh);
	const char **keys = ix_arg_list(ix, n->pos[1], &nk);
	const char **v;
	int rc = 0;

	if (hdrs == NULL || keys == NULL)
		return IX_ERR;
	if (nh == 1) {   /* the common case: match the values where they are */
		v = address_values(ix, n, hdrs[0], &nv);
		return v == NULL ? IX_ERR : ix_match(ix, n, v, nv, keys, nk, res);
	}
	for (size_t i = 0; i < nh && rc == 0; i++) {
		if ((v = address_values(ix, n, hdrs[i], &nv)) == NULL)
			return IX_ERR;
		for (size_t k = 0; k < nv && rc == 0; k++)
			rc = ix_vals_add(ix, &vals, strdup(v[k]));
	}
	if (rc == 0)
		rc = ix_match(ix, n, vals.v, vals.n, keys, nk, res);
	ix_vals_done(ix, &vals);
	return rc;
}

static int e_header(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	struct ix_vals vals = {0};
	size_t nh, nk;
	const char **hdrs = ix_arg_list(ix, n->pos[0], &nh);
	const char **keys = ix_arg_list(ix, n->pos[1], &nk);
	int rc = 0;

	if (hdrs == NULL || keys == NULL)
		return IX_ERR;
	if (nh == 1) {   /* the common case: match the values where they are */
		size_t nv;
		const char **v = ix_mime_header_values(ix, n, hdrs[0], &nv);

		if (v == NULL)
			return IX_ERR;
		v = ix_index_pick(n, v, &nv);
		return ix_match(ix, n, v, nv, keys, nk, res);
	}
	for (size_t i = 0; i < nh && rc == 0; i++) {
		size_t nv;
		const char **v = ix_mime_header_values(ix, n, hdrs[i], &nv);

		if (v == NULL)
			return IX_ERR;
		v = ix_index_pick(n, v, &nv);
		for (size_t k = 0; k < nv && rc == 0; k++) {
			char *c = strdup(v[k]);

			rc = ix_vals_add(ix, &vals, c);
		}
	}
	if (rc == 0)
		rc = ix_match(ix, n, vals.v, vals.n, keys, nk, res);
	ix_vals_done(ix, &vals);
	return rc;
}

static int e_exists(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	size_t nh, nv;
	const char **hdrs = ix_arg_list(ix, n->pos[0], &nh);

	if (hdrs == NULL)
		return IX_ERR;
	*res = true;
	for (size_t i = 0; i < nh && *res; i++) {
		if (ix_mime_header_values(ix, n, hdrs[i], &nv) == NULL)
			return IX_ERR;
		*res = nv > 0;
	}
	return 0;
}

static int e_allof(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	*res = true;
	for (size_t i = 0; i < n->ntests && *res; i++)
		if (ix_test(ix, n->tests[i], res) < 0)
			return IX_ERR;
	return 0;
}

static int e_anyof(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	*res = false;
	for (size_t i = 0; i < n->ntests && !*res; i++)
		if (ix_test(ix, n->tests[i], res) < 0)
			return IX_ERR;
	return 0;
}

static int e_not(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	if (ix_test(ix, n->tests[0], res) < 0)
		return IX_ERR;
	*res = !*res;
	return 0;
}

static int e_true(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	*res = true;
	return 0;
}

static int e_false(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	*res = false;
	return 0;
}

static int v_size(struct sieve_vctx *v, struct sieve_node *n)
{
	if ((n->tag[0] != NULL) == (n->tag[1] != NULL))
		v_error(v, n->line, n->col, "size needs one of :over or :under");
	return 0;
}

/* e_size - the size of the message as it now stands: after editheader,
 * the edited header and the body (as Pigeonhole counts it, and as the
 * copy that a later keep, fileinto or redirect stores). */
static int e_size(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	uint64_t lim = n->pos[0]->num, size = ix->msg->size;

	if (ix->edited) {
		size_t hlen = 0;
		char *h = ix_header_block(ix, &hlen);

		if (h == NULL)
			return ix_fail(ix, n, "out of memory");
		free(h);
		size = ix->msg->body_size + hlen;
	}
	*res = n->tag[0] != NULL ? size > lim : size < lim;
	if (ix->trace != NULL && ix->trace->compare != NULL) {
		char have[32], key[32];

		snprintf(have, sizeof(have), "%llu octets",
			 (unsigned long long)size);
		snprintf(key, sizeof(key), "%llu", (unsigned long long)lim);
		ix->trace->compare(ix->trace->ctx, ix_file(ix), n->line, have,
				   key, n->tag[0] != NULL ? ":over" : ":under",
				   "size", *res);
	}
	return 0;
}

static const struct sieve_tag_def size_tags[] = {
	{ "over", TAGK_FLAG, 0, NULL },
	{ "under", TAGK_FLAG, 1, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_address = {
	.name = "address", .test = true, .std = STD_CMP | STD_MATCH | STD_AP,
	.tags = sieve_mime_address_index_tags,
	.pos = "LL", .validate = v_address, .eval = e_address,
};
static const struct sieve_cmd_def tst_header = {
	.name = "header", .test = true, .std = STD_CMP | STD_MATCH,
	.tags = sieve_mime_header_tags,
	.pos = "LL", .validate = v_names, .eval = e_header,
};
static const struct sieve_cmd_def tst_exists = {
	.name = "exists", .test = true, .tags = sieve_mime_address_tags,
	.pos = "L", .validate = v_names,
	.eval = e_exists,
};
static const struct sieve_cmd_def tst_allof = {
	.name = "allof", .test = true, .tests = 2, .eval = e_allof,
};
static const struct sieve_cmd_def tst_anyof = {
	.name = "anyof", .test = true, .tests = 2, .eval = e_anyof,
};
static const struct sieve_cmd_def tst_not = {
	.name = "not", .test = true, .tests = 1, .eval = e_not,
};
static const struct sieve_cmd_def tst_true = {
	.name = "true", .test = true, .eval = e_true,
};
static const struct sieve_cmd_def tst_false = {
	.name = "false", .test = true, .eval = e_false,
};
static const struct sieve_cmd_def tst_size = {
	.name = "size", .test = true, .tags = size_tags, .pos = "N",
	.validate = v_size, .eval = e_size,
};

static const struct sieve_cmd_def *const test_defs[] = {
	&tst_address, &tst_header, &tst_exists, &tst_allof, &tst_anyof,
	&tst_not, &tst_true, &tst_false, &tst_size, NULL,
};

const struct sieve_extension sieve_ext_core_tests = {
	.name = "core-tests", .defs = test_defs, .core = true,
};
