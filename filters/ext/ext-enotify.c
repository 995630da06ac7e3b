/*
 * ext-enotify.c - RFC 5435 notifications, with the mailto method only
 * (RFC 5436):
 *
 *   notify [":from" string] [":importance" <"1" / "2" / "3">]
 *          [":options" string-list] [":message" string] <method: string>
 *   valid_notify_method <notification-uris: string-list>
 *   notify_method_capability [COMPARATOR] [MATCH-TYPE]
 *          <notification-uri: string> <capability: string>
 *          <key-list: string-list>
 *
 * Constant arguments are checked at compile time, the others when the
 * command runs (a bad one is a run-time error).  The action carries the
 * URI taken apart (run/mailto.c); mda/outward/notify.c writes and sends
 * the message.  The same method twice is one notification; more than the
 * site's [notify] max (default SIEVE_MAX_NOTIFY) is a run-time error.
 * "online" is the one capability mailto knows: its answer is "maybe".
 * When the script requires the pre-RFC "notify" draft instead, the same
 * command reads the draft's syntax (ext-notify.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/ext-notify.h"
#include "run/address.h"
#include "run/interp.h"
#include "run/mailto.h"
#include "util.h"


/* check_* - "" when fine, else the reason */
static const char *check_method(const char *m, char *buf, size_t size)
{
	if (strncasecmp(m, "mailto:", 7) != 0) {
		snprintf(buf, size, "unsupported notification method \"%.60s\"",
			 m);
		return buf;
	}
	if (sieve_mailto_parse(m, NULL, buf, size) < 0)
		return buf;
	return "";
}

static const char *check_from(const char *f)
{
	struct sieve_addr *v = NULL;
	size_t nv = 0;
	bool ok = sieve_addr_parse(f, &v, &nv) == 0 && nv == 1 && v[0].valid;

	sieve_addr_free(v, nv);
	return ok ? "" : "invalid :from address";
}

/* an option is "name=value": name starts with a letter or digit, then
 * letters, digits, '-', '.', '_'; no CR or LF in the value */
static const char *check_option(const char *o)
{
	const char *eq = strchr(o, '=');

	if (eq == NULL || eq == o || !((o[0] >= 'a' && o[0] <= 'z') ||
				       (o[0] >= 'A' && o[0] <= 'Z') ||
				       (o[0] >= '0' && o[0] <= '9')))
		return "invalid :options item";
	for (const char *p = o; p < eq; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-._", *p)))
			return "invalid :options name";
	return strpbrk(eq, "\r\n") ? "invalid :options value" : "";
}

static const char *check_importance(const char *s)
{
	return (s[0] >= '1' && s[0] <= '3' && s[1] == '\0') ? "" :
	       ":importance must be \"1\", \"2\" or \"3\"";
}

static void v_err(struct sieve_vctx *v, const struct sieve_arg *a,
		  const char *why)
{
	if (why[0] != '\0')
		v_error(v, a->line, a->col, "notify: %s", why);
}

static int v_notify(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a;
	char buf[200];

	if (v_has_id(v, EXT_NOTIFY))   /* the script speaks the draft */
		return v_notify_draft(v, n);
	if (n->npos == 0 || n->tag[T_METHOD] || n->tag[T_ID] || n->tag[T_PRIO]) {
		v_error(v, n->line, n->col, "notify: the method is missing, or "
			"a tag of the notify draft is used with enotify");
		return 0;
	}
	if (v_str_const(v, &n->pos[0]->v[0]))
		v_err(v, n->pos[0], check_method(n->pos[0]->v[0].s, buf,
						 sizeof(buf)));
	if ((a = n->tag[T_FROM]) != NULL && v_str_const(v, &a->v[0]))
		v_err(v, a, check_from(a->v[0].s));
	if ((a = n->tag[T_IMPORTANCE]) != NULL && v_str_const(v, &a->v[0]))
		v_err(v, a, check_importance(a->v[0].s));
	for (size_t i = 0; (a = n->tag[T_OPTIONS]) != NULL && i < a->n; i++)
		if (v_str_const(v, &a->v[i]))
			v_err(v, a, check_option(a->v[i].s));
	return 0;
}

static int reason(char *why, size_t size, const char *text)
{
	snprintf(why, size, "%s", text);
	return -1;
}

/* build - the notification of n, its strings expanded and checked:
 * 0, -1 invalid (why says it), -2 out of memory. */
static int build(struct sieve_ix *ix, const struct sieve_node *n,
		 struct sieve_notify *nt, char *why, size_t size)
{
	const char *m = ix_arg_str(ix, n->pos[0]), *s;
	size_t no = 0;
	const char **opts = NULL;

	if (m == NULL)
		return -2;
	if (*check_method(m, why, size) != '\0' ||
	    sieve_mailto_parse(m, nt, why, size) < 0)
		return -1;
	if ((nt->method = strdup(m)) == NULL)
		return -2;
	nt->importance = 2;
	if (n->tag[T_IMPORTANCE] != NULL) {
		if ((s = ix_arg_str(ix, n->tag[T_IMPORTANCE])) == NULL)
			return -2;
		if (*check_importance(s) != '\0')
			return reason(why, size, check_importance(s));
		nt->importance = s[0] - '0';
	}
	if (n->tag[T_FROM] != NULL) {
		if ((s = ix_arg_str(ix, n->tag[T_FROM])) == NULL)
			return -2;
		if (*check_from(s) != '\0')
			return reason(why, size, check_from(s));
		if ((nt->from = strdup(s)) == NULL)
			return -2;
	}
	if (n->tag[T_MESSAGE] != NULL &&
	    ((s = ix_arg_str(ix, n->tag[T_MESSAGE])) == NULL ||
	     (nt->message = strdup(s)) == NULL))
		return -2;
	if (n->tag[T_OPTIONS] != NULL &&
	    (opts = ix_arg_list(ix, n->tag[T_OPTIONS], &no)) == NULL)
		return -2;
	if (no > 0 && (nt->options = calloc(no, sizeof(char *))) == NULL)
		return -2;
	for (size_t i = 0; i < no; i++) {
		if (*check_option(opts[i]) != '\0')
			return reason(why, size, check_option(opts[i]));
		if ((nt->options[nt->noptions++] = strdup(opts[i])) == NULL)
			return -2;
	}
	return 0;
}

static int x_notify(struct sieve_ix *ix, const struct sieve_node *n)
{
	if (ix->fr != NULL && script_has_id(ix->fr->s, EXT_NOTIFY))
		return x_notify_draft(ix, n);
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	char why[200] = "out of memory";
	int rc = nt != NULL ? build(ix, n, nt, why, sizeof(why)) : -1;

	if (rc < 0) {
		sieve_notify_free(nt);
		return rc == -1 ? ix_fail(ix, n, "notify: %s", why) : IX_ERR;
	}
	return ix_act_notify(ix, n, nt);
}

static bool uri_ok(void *ctx, const char *uri)
{
	return sieve_notify_uri_ok(uri);
}

static int e_valid_method(struct sieve_ix *ix, const struct sieve_node *n,
			  bool *res)
{
	return ix_arg_all(ix, n->pos[0], uri_ok, NULL, res);
}

static int e_capability(struct sieve_ix *ix, const struct sieve_node *n,
			bool *res)
{
	const char *uri = ix_arg_str(ix, n->pos[0]);
	const char *cap = ix_arg_str(ix, n->pos[1]);
	static const char *const maybe[] = { "maybe" };
	size_t nk;
	const char **keys = ix_arg_list(ix, n->pos[2], &nk);

	if (uri == NULL || cap == NULL || keys == NULL)
		return IX_ERR;
	*res = false;
	if (!sieve_notify_uri_ok(uri) || !ascii_ieq(cap, "online"))
		return 0;
	return ix_match(ix, n, maybe, 1, keys, nk, res);
}

static const struct sieve_tag_def tags[] = {
	{ "from", TAGK_STRING, T_FROM, NULL },
	{ "importance", TAGK_STRING, T_IMPORTANCE, NULL },
	{ "options", TAGK_LIST, T_OPTIONS, NULL },
	{ "message", TAGK_STRING, T_MESSAGE, NULL },
	/* the notify draft's (ext-notify.c) */
	{ "method", TAGK_STRING, T_METHOD, "notify" },
	{ "id", TAGK_STRING, T_ID, "notify" },
	{ "low", TAGK_FLAG, T_PRIO, "notify" },
	{ "normal", TAGK_FLAG, T_PRIO, "notify" },
	{ "high", TAGK_FLAG, T_PRIO, "notify" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_notify = {
	.name = "notify", .tags = tags, .pos = "s", .validate = v_notify,
	.exec = x_notify,
};
static const struct sieve_cmd_def tst_valid = {
	.name = "valid_notify_method", .test = true, .pos = "L",
	.eval = e_valid_method,
};
static const struct sieve_cmd_def tst_capability = {
	.name = "notify_method_capability", .test = true,
	.std = STD_CMP | STD_MATCH, .pos = "SSL", .eval = e_capability,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_notify, &tst_valid, &tst_capability, NULL,
};

const struct sieve_extension sieve_ext_enotify = {
	.name = "enotify", .defs = defs, .conflicts = EXT_NOTIFY,
};
