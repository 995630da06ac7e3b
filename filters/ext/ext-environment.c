/*
 * ext-environment.c - RFC 5183 environment test.  Items come from the
 * runtime env: domain, host, location, name ("mda"), phase, remote-host,
 * remote-ip, version, and mda's vnd.mda.quota.usage, .limit and .percent
 * (Maildir++ quota, filled in by the delivery agent before the run) and
 * vnd.mda.original-recipient: the address the message was first sent to
 * (LMTP's ORCPT, Postfix's ORIGINAL_RECIPIENT), else the envelope
 * recipient, which aliasing may have rewritten.  An
 * unknown or unset item makes the test false.
 */
#include <string.h>

#include "run/interp.h"
#include "util.h"

#ifndef MDA_VERSION
#define MDA_VERSION "0"
#endif

static const char *item(const struct sieve_runtime_env *e, const char *name)
{
	if (ascii_ieq(name, "domain")) return e->domain;
	if (ascii_ieq(name, "host")) return e->host;
	if (ascii_ieq(name, "location")) return e->location;
	if (ascii_ieq(name, "name")) return "mda";
	if (ascii_ieq(name, "phase")) return e->phase;
	if (ascii_ieq(name, "remote-host")) return e->remote_host;
	if (ascii_ieq(name, "remote-ip")) return e->remote_ip;
	if (ascii_ieq(name, "version")) return MDA_VERSION;
	if (ascii_ieq(name, "vnd.mda.quota.usage")) return e->quota_usage;
	if (ascii_ieq(name, "vnd.mda.quota.limit")) return e->quota_limit;
	if (ascii_ieq(name, "vnd.mda.quota.percent")) return e->quota_percent;
	if (ascii_ieq(name, "vnd.mda.original-recipient"))
		return e->envelope.orig_to && e->envelope.orig_to[0] ?
		       e->envelope.orig_to : e->envelope.to;
	return NULL;
}

static int e_environment(struct sieve_ix *ix, const struct sieve_node *n,
			 bool *res)
{
	const char *name = ix_arg_str(ix, n->pos[0]);
	size_t nk;
	const char **keys = ix_arg_list(ix, n->pos[1], &nk);
	const char *val;

	if (name == NULL || keys == NULL)
		return IX_ERR;
	if ((val = item(ix->env, name)) == NULL) {
		*res = false;
		return 0;
	}
	return ix_match(ix, n, &val, 1, keys, nk, res);
}

static const struct sieve_cmd_def tst_environment = {
	.name = "environment", .test = true, .std = STD_CMP | STD_MATCH,
	.pos = "SL", .eval = e_environment,
};

static const struct sieve_cmd_def *const defs[] = { &tst_environment, NULL };

const struct sieve_extension sieve_ext_environment = {
	.name = "environment", .defs = defs,
};
