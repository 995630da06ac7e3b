/*
 * ext-duplicate.c - RFC 7352 duplicate test.
 *
 * The identity is the first value of :header (default Message-ID), or
 * :uniqueid; without one the test is false.  env->state_check(kind,
 * KEY, seconds, 1) answers whether it was seen within the period
 * and records it, the key being "ID" or "HANDLE ID"; kind is "duplicate", or "duplicate:last" with :last
 * (the period then runs from the latest sighting).  No state_check: false.
 * Default period 12 hours (as Pigeonhole); at most one week.
 */
#include <string.h>

#include "run/interp.h"
#include "util.h"

enum { T_HANDLE, T_HEADER, T_UNIQUEID, T_SECONDS, T_LAST };

static int v_duplicate(struct sieve_vctx *v, struct sieve_node *n)
{
	if (n->tag[T_HEADER] != NULL && n->tag[T_UNIQUEID] != NULL)
		v_error(v, n->line, n->col,
			"duplicate: :header and :uniqueid together");
	return 0;
}

static int e_duplicate(struct sieve_ix *ix, const struct sieve_node *n,
		       bool *res)
{
	const char *id = NULL, *handle = "";
	long long period = 12 * 3600;
	struct sbuf key = {0};
	int rc;

	*res = false;
	if (n->tag[T_UNIQUEID] != NULL) {
		id = ix_arg_str(ix, n->tag[T_UNIQUEID]);
	} else {
		const char *h = n->tag[T_HEADER] ?
				ix_arg_str(ix, n->tag[T_HEADER]) : "message-id";
		size_t nv = 0;
		const char **v = h ? ix_header_values(ix, h, &nv) : NULL;

		if (h == NULL || v == NULL)
			return IX_ERR;
		id = nv > 0 ? v[0] : NULL;
	}
	if (n->tag[T_HANDLE] != NULL &&
	    (handle = ix_arg_str(ix, n->tag[T_HANDLE])) == NULL)
		return IX_ERR;
	if (n->tag[T_SECONDS] != NULL)
		period = n->tag[T_SECONDS]->num > 7 * 86400ULL ? 7 * 86400LL :
			 (long long)n->tag[T_SECONDS]->num;
	if (id == NULL || id[0] == '\0' || ix->env->state_check == NULL)
		return 0;
	if (handle[0] != '\0') {
		sbuf_adds(&key, handle);
		sbuf_addc(&key, ' ');
	}
	sbuf_adds(&key, id);
	if (key.oom) {
		sbuf_free(&key);
		return ix_fail(ix, n, "out of memory");
	}
	rc = ix->env->state_check(ix->env->state_ctx,
				  n->tag[T_LAST] ? "duplicate:last" : "duplicate",
				  key.s, period, 1);
	sbuf_free(&key);
	*res = rc == 1;
	return 0;
}

static const struct sieve_tag_def tags[] = {
	{ "handle", TAGK_STRING, T_HANDLE, NULL },
	{ "header", TAGK_STRING, T_HEADER, NULL },
	{ "uniqueid", TAGK_STRING, T_UNIQUEID, NULL },
	{ "seconds", TAGK_NUMBER, T_SECONDS, NULL },
	{ "last", TAGK_FLAG, T_LAST, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_duplicate = {
	.name = "duplicate", .test = true, .tags = tags,
	.validate = v_duplicate, .eval = e_duplicate,
};

static const struct sieve_cmd_def *const defs[] = { &tst_duplicate, NULL };

const struct sieve_extension sieve_ext_duplicate = {
	.name = "duplicate", .defs = defs, .conflicts = EXT_VND_DUPLICATE,
};
