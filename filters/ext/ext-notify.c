/*
 * ext-notify.c - the pre-RFC notify draft (draft-ietf-sieve-notify-00 as
 * Pigeonhole's deprecated "notify" extension reads it):
 *
 *   notify [":method" "mailto"] [":id" string] [":options" string-list]
 *          [<":low" / ":normal" / ":high">] [":message" string]
 *   denotify [MATCH-TYPE <id: string>] [<":low" / ":normal" / ":high">]
 *
 * :options are the addresses to notify; the message may name $from$,
 * $env-from$, $subject$ and $text$ (the first text/plain part, at most
 * SIEVE_NOTIFY_TEXT_MAX octets or N with $text[N]$); default
 * "$from$: $subject$".  The result is
 * the same NOTIFY action enotify makes, sent the same way.  denotify
 * cancels the notifications so far whose :id matches (all without an id
 * key) and whose importance is the one named.  "notify" and "enotify"
 * cannot both be required (ext.h's conflicts).  The notify command itself is defined once,
 * in ext-enotify.c, and comes here when the script requires "notify".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext-notify.h"
#include "mime/mime.h"
#include "run/address.h"
#include "util.h"

static int prio_of(const struct sieve_arg *a)
{
	return a == NULL ? 2 : a->tag[0] == 'h' ? 1 : a->tag[0] == 'l' ? 3 : 2;
}

static bool one_address(const char *s)
{
	struct sieve_addr *v = NULL;
	size_t nv = 0;
	bool ok = sieve_addr_parse(s, &v, &nv) == 0 && nv == 1 &&
		  v[0].valid && strchr(s, '@') != NULL;

	sieve_addr_free(v, nv);
	return ok;
}

int v_notify_draft(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a;

	if (n->npos > 0 || n->tag[T_FROM] != NULL ||
	    n->tag[T_IMPORTANCE] != NULL)
		v_error(v, n->line, n->col, "notify: enotify's syntax, but "
			"the script requires the \"notify\" draft");
	if ((a = n->tag[T_METHOD]) != NULL && v_str_const(v, &a->v[0]) &&
	    !ascii_ieq(a->v[0].s, "mailto"))
		v_error(v, a->line, a->col, "notify: unsupported method \"%s\"",
			a->v[0].s);
	for (size_t i = 0; (a = n->tag[T_OPTIONS]) != NULL && i < a->n; i++)
		if (v_str_const(v, &a->v[i]) && !one_address(a->v[i].s))
			v_error(v, a->line, a->col,
				"notify: invalid address \"%s\"", a->v[i].s);
	return 0;
}

/* emit - mime_part_stream's sink: append to the sbuf. */
static int emit(void *ctx, const char *p, size_t n)
{
	sbuf_add(ctx, p, n);
	return 0;
}

/* text_of - $text$: the first text/plain part of the message, decoded
 * to UTF-8, its first limit octets (Pigeonhole's reading of the draft's
 * "the body of the message"). */
static int text_of(struct sieve_ix *ix, uint64_t limit, struct sbuf *b)
{
	struct mime_index mi = { 0 };
	int rc = mime_scan(ix->msg, &mi);

	for (size_t i = 0; rc == 0 && i < mi.n; i++) {
		const struct mime_part *p = &mi.v[i];

		if (!mime_is_leaf(p) || strcmp(p->type, "text") != 0 ||
		    strcmp(p->subtype, "plain") != 0)
			continue;
		rc = mime_part_stream(ix->msg, p, true, limit, emit, b);
		break;
	}
	mime_index_free(&mi);
	return rc;
}

/* variable - the draft's variable at t ("$name$" or "$text[N]$"): its
 * length, or 0 when t starts none; *kind_r its index in names[] */
static size_t variable(const char *t, size_t *kind_r, uint64_t *limit_r)
{
	static const char *const names[] = { "from", "env-from", "subject",
					     "text" };
	const char *e;

	for (size_t k = 0; *t == '$' && k < 4; k++) {
		size_t nl = strlen(names[k]);

		if (strncmp(t + 1, names[k], nl) != 0)
			continue;
		*kind_r = k;
		*limit_r = SIEVE_NOTIFY_TEXT_MAX;
		if (t[nl + 1] == '$')
			return nl + 2;
		if (k != 3 || t[nl + 1] != '[' ||
		    !(t[nl + 2] >= '0' && t[nl + 2] <= '9'))
			return 0;
		*limit_r = strtoull(t + nl + 2, (char **)&e, 10);
		if (*limit_r > SIEVE_NOTIFY_TEXT_MAX)
			*limit_r = SIEVE_NOTIFY_TEXT_MAX;
		return e[0] == ']' && e[1] == '$' ? (size_t)(e + 2 - t) : 0;
	}
	return 0;
}

/* substitute - $from$, $env-from$, $subject$ and $text$ (or
 * $text[N]$) of the message in t. */
static char *substitute(struct sieve_ix *ix, const char *t)
{
	struct sbuf b = { 0 };

	while (*t != '\0') {   /* each turn moves past at least one octet */
		size_t k = 0, len;
		uint64_t limit = 0;

		if ((len = variable(t, &k, &limit)) == 0) {
			sbuf_addc(&b, *t++);
			continue;
		}
		if (k == 1) {
			sbuf_adds(&b, ix->env->envelope.from);
		} else if (k == 3) {
			if (text_of(ix, limit, &b) < 0)
				b.oom = true;
		} else {
			size_t nv;
			const char **v = ix_header_values(ix, k == 0 ?
							  "from" : "subject",
							  &nv);

			sbuf_adds(&b, v != NULL && nv > 0 ? v[0] : "");
		}
		t += len;
	}
	return sbuf_take(&b);
}

/* build - the notification, as enotify's action carries it: 0, -1
 * invalid (why), -2 out of memory. */
static int build(struct sieve_ix *ix, const struct sieve_node *n,
		 struct sieve_notify *nt, char *why, size_t size)
{
	const char *msg = "$from$: $subject$", *id = NULL;
	size_t no = 0;
	const char **opts = n->tag[T_OPTIONS] ?
			    ix_arg_list(ix, n->tag[T_OPTIONS], &no) : NULL;
	struct sbuf m = { 0 };

	if ((n->tag[T_OPTIONS] && opts == NULL) ||
	    (n->tag[T_MESSAGE] &&
	     (msg = ix_arg_str(ix, n->tag[T_MESSAGE])) == NULL) ||
	    (n->tag[T_ID] && (id = ix_arg_str(ix, n->tag[T_ID])) == NULL) ||
	    (nt->rcpt = calloc(no + 1, sizeof(char *))) == NULL)
		return -2;
	sbuf_adds(&m, "mailto:");
	for (size_t i = 0; i < no; i++) {
		if (!one_address(opts[i]) || i >= SIEVE_NOTIFY_RCPT_MAX) {
			snprintf(why, size, "invalid or too many addresses "
				 "(\"%.100s\")", opts[i]);
			sbuf_free(&m);
			return -1;
		}
		if ((nt->rcpt[nt->nrcpt++] = strdup(opts[i])) == NULL)
			break;
		sbuf_adds(&m, i ? "," : "");
		sbuf_adds(&m, opts[i]);
	}
	nt->nto = nt->nrcpt;
	nt->importance = prio_of(n->tag[T_PRIO]);
	nt->method = sbuf_take(&m);
	nt->body = substitute(ix, msg);
	nt->subject = strdup("[SIEVE] New mail notification");
	nt->id = id != NULL ? strdup(id) : NULL;
	nt->draft = true;
	return nt->nrcpt < no || nt->method == NULL || nt->body == NULL ||
	       nt->subject == NULL || (id != NULL && nt->id == NULL) ? -2 : 0;
}

int x_notify_draft(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct sieve_notify *nt = calloc(1, sizeof(*nt));
	char why[200] = "out of memory";
	int rc = nt != NULL ? build(ix, n, nt, why, sizeof(why)) : -2;

	if (rc < 0) {
		sieve_notify_free(nt);
		return rc == -1 ? ix_fail(ix, n, "notify: %s", why) :
		       ix_fail(ix, n, "out of memory");
	}
	return ix_act_notify(ix, n, nt);
}

/* x_denotify - drop the notifications so far that match. */
static int x_denotify(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *key = n->npos > 0 ? ix_arg_str(ix, n->pos[0]) : NULL;
	int prio = n->tag[0] != NULL ? prio_of(n->tag[0]) : 0;
	size_t i = 0;

	if (n->npos > 0 && key == NULL)
		return IX_ERR;
	while (i < ix->out->n) {   /* each turn drops one or moves on */
		const struct sieve_notify *nt = ix->out->v[i].notify;
		bool hit = ix->out->v[i].type == SIEVE_ACT_NOTIFY &&
			   (prio == 0 || nt->importance == prio);

		if (hit && key != NULL) {
			const char *id = nt->id != NULL ? nt->id : "";

			if (ix_match(ix, n, &id, 1, &key, 1, &hit) < 0)
				return IX_ERR;
		}
		if (hit)
			sieve_actions_remove(ix->out, i);
		else
			i++;
	}
	return IX_OK;
}

static const struct sieve_tag_def denotify_tags[] = {
	{ "low", TAGK_FLAG, 0, NULL },
	{ "normal", TAGK_FLAG, 0, NULL },
	{ "high", TAGK_FLAG, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_denotify = {
	.name = "denotify", .std = STD_MATCH, .tags = denotify_tags,
	.pos = "s", .tags_after = true, .exec = x_denotify,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_denotify, NULL };

/* notify itself is enotify's definition: requiring the draft enables it */
const struct sieve_extension sieve_ext_notify = {
	.name = "notify", .defs = defs, .implies = EXT_ENOTIFY,
	.conflicts = EXT_ENOTIFY,
};
