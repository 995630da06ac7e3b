/*
 * interp-actions.c - the action list as a checked transaction
 * (RFC 5228 2.10; RFC 3894 copy; RFC 5232 flags; RFC 5429 reject).
 *
 * Rules: keep, fileinto and redirect without :copy, discard and reject
 * cancel the implicit keep.  The same folder (INBOX in any case, keep
 * included) or address twice is one action.  Which flags that one copy
 * gets is what dovecot-lda stores: a later keep or fileinto replaces them,
 * except that a keep (explicit or implicit) after a fileinto "INBOX"
 * leaves that fileinto as it is.  reject/ereject conflict with keep, fileinto, redirect and
 * vacation, in either order, and may appear only once (as Pigeonhole
 * does): a conflict is a run-time error.  At the end an implicit keep
 * (script NULL, line 0) carries the flags then in force; a discard shows
 * as one DISCARD only when nothing else is left.  After editheader, each
 * stored copy snapshots the header block as it is at that moment.
 */
#include <stdlib.h>
#include <string.h>

#include "run/address.h"
#include "run/interp.h"
#include "util.h"

static void free_flags(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

/* same_address - local parts compare exactly (RFC 5321 2.4), domains
 * without case; as Pigeonhole decides which redirects are duplicates. */
static bool same_address(const char *a, const char *b)
{
	const char *at_a = strrchr(a, '@'), *at_b = strrchr(b, '@');
	size_t la = at_a ? (size_t)(at_a - a) : strlen(a);
	size_t lb = at_b ? (size_t)(at_b - b) : strlen(b);

	return la == lb && memcmp(a, b, la) == 0 &&
	       ascii_ieq(at_a ? at_a : "", at_b ? at_b : "");
}

static bool is_inbox(const char *m)
{
	return ascii_ieq(m, "INBOX");
}

/* same_box - folder names compare exactly, INBOX in any case. */
static bool same_box(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || (is_inbox(a) && is_inbox(b));
}

static struct sieve_action *find(struct sieve_ix *ix, int type,
				 const char *key)
{
	for (size_t i = 0; i < ix->out->n; i++) {
		struct sieve_action *a = &ix->out->v[i];

		if ((int)a->type != type)
			continue;
		if (type == SIEVE_ACT_KEEP && a->script == NULL)
			continue;
		if (key == NULL ||
		    (type == SIEVE_ACT_FILEINTO && same_box(a->mailbox, key)) ||
		    (type == SIEVE_ACT_REDIRECT && same_address(a->address, key)))
			return a;
	}
	return NULL;
}

static bool has_reject(struct sieve_ix *ix)
{
	return find(ix, SIEVE_ACT_REJECT, NULL) != NULL ||
	       find(ix, SIEVE_ACT_EREJECT, NULL) != NULL;
}

static struct sieve_action *add(struct sieve_ix *ix, const struct sieve_node *n,
				int type)
{
	struct sieve_action *a;

	if (ix->out->n >= SIEVE_MAX_ACTIONS) {
		ix_fail(ix, n, "too many actions");
		return NULL;
	}
	a = sieve_actions_add(ix->out, (enum sieve_action_type)type);
	if (a == NULL) {
		ix_fail(ix, n, "out of memory");
		return NULL;
	}
	if (n != NULL) {
		a->script = strdup(ix_file(ix));   /* outlives the script */
		a->line = n->line;
		if (a->script == NULL) {
			ix_fail(ix, n, "out of memory");
			return NULL;
		}
	}
	/* RFC 5293 2: what is stored, redirected or piped is the edited
	 * message */
	if (ix->edited && (type == SIEVE_ACT_KEEP || type == SIEVE_ACT_FILEINTO ||
			   type == SIEVE_ACT_REDIRECT || type == SIEVE_ACT_PIPE))
		a->header_block = ix_header_block(ix, &a->header_block_len);
	a->version = ix->version;   /* spec-bosch-sieve-extprograms 6.1 */
	return a;
}

/* restore - a second keep or fileinto of the same folder is the same
 * action; as in Pigeonhole the later one's flags (and header) win. */
static void restore(struct sieve_ix *ix, struct sieve_action *a, char **f,
		    size_t nf)
{
	free_flags(a->flags, a->nflags);
	a->flags = f;
	a->nflags = nf;
	free(a->header_block);
	a->header_block = NULL;
	a->header_block_len = 0;
	a->version = ix->version;
	if (ix->edited)
		a->header_block = ix_header_block(ix, &a->header_block_len);
}

static int conflict(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ix_fail(ix, n, "%s conflicts with reject", n->name);
}

int ix_act_keep(struct sieve_ix *ix, const struct sieve_node *n,
		char **flags, size_t nflags)
{
	struct sieve_action *a;

	if (has_reject(ix)) {
		free_flags(flags, nflags);
		return conflict(ix, n);
	}
	ix->implicit_keep = false;
	if ((a = find(ix, SIEVE_ACT_KEEP, NULL)) != NULL) {
		restore(ix, a, flags, nflags);
		return IX_OK;
	}
	if (find(ix, SIEVE_ACT_FILEINTO, "INBOX") != NULL) {
		free_flags(flags, nflags);   /* Dovecot: the fileinto stands */
		return IX_OK;
	}
	if ((a = add(ix, n, SIEVE_ACT_KEEP)) == NULL) {
		free_flags(flags, nflags);
		return IX_ERR;
	}
	a->flags = flags;
	a->nflags = nflags;
	return IX_OK;
}

/* mailbox_ok - refuse names the store cannot take safely (design.md;
 * a leading '~' as Dovecot does) and names that are not UTF-8, which
 * every mailbox name in Sieve is (RFC 5228 2.7.2, RFC 3501 5.1). */
static bool mailbox_ok(const char *m)
{
	size_t n = strlen(m);

	if (n == 0 || m[0] == '.' || m[0] == '~' || m[n - 1] == '.' ||
	    strchr(m, '/') || strstr(m, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)m[i] < 0x20 || m[i] == 0x7f)
			return false;
	return utf8_valid(m);
}

int ix_act_fileinto(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *mailbox, char **flags, size_t nflags,
		    bool copy, bool create)
{
	struct sieve_action *a;

	if (!mailbox_ok(mailbox)) {
		free_flags(flags, nflags);
		return ix_fail(ix, n, "fileinto: invalid mailbox name \"%s\"",
			       mailbox);
	}
	if (has_reject(ix)) {
		free_flags(flags, nflags);
		return conflict(ix, n);
	}
	if (!copy)
		ix->implicit_keep = false;
	if ((a = find(ix, SIEVE_ACT_FILEINTO, mailbox)) != NULL ||
	    (is_inbox(mailbox) && (a = find(ix, SIEVE_ACT_KEEP, NULL)) != NULL)) {
		restore(ix, a, flags, nflags);
		a->copy = a->copy && copy;
		a->create = a->create || create;
		return IX_OK;
	}
	if ((a = add(ix, n, SIEVE_ACT_FILEINTO)) == NULL ||
	    (a->mailbox = strdup(mailbox)) == NULL) {
		free_flags(flags, nflags);
		return IX_ERR;
	}
	a->flags = flags;
	a->nflags = nflags;
	a->copy = copy;
	a->create = create;
	return IX_OK;
}

int ix_act_redirect(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *addr, bool copy)
{
	struct sieve_addr *v = NULL;
	struct sieve_action *a;
	size_t nv = 0;
	char *all;

	/* RFC 5228 4.2: one address; a list, a group or a header line
	 * smuggled in through a variable is a run-time error */
	if (!sieve_addr_one(addr, true) || sieve_addr_parse(addr, &v, &nv) < 0 ||
	    nv != 1 || !v[0].valid) {
		sieve_addr_free(v, nv);
		return ix_fail(ix, n, "redirect: invalid address \"%s\"", addr);
	}
	all = sieve_addr_part(&v[0], AP_ALL);
	sieve_addr_free(v, nv);
	if (all == NULL || ix_keep_str(ix, all) == NULL)
		return ix_fail(ix, n, "out of memory");
	if (has_reject(ix))
		return conflict(ix, n);
	if (!copy)
		ix->implicit_keep = false;
	if ((a = find(ix, SIEVE_ACT_REDIRECT, all)) != NULL) {
		a->copy = a->copy && copy;
		return IX_OK;
	}
	if (++ix->nredirects > SIEVE_MAX_REDIRECTS)
		return ix_fail(ix, n, "too many redirects");
	if ((a = add(ix, n, SIEVE_ACT_REDIRECT)) == NULL ||
	    (a->address = strdup(all)) == NULL)
		return IX_ERR;
	a->copy = copy;
	return IX_OK;
}

int ix_act_discard(struct sieve_ix *ix, const struct sieve_node *n)
{
	ix->implicit_keep = false;
	if (!ix->discarded) {
		ix->discarded = true;
		ix->discard_script = ix_file(ix);
		ix->discard_line = n->line;
	}
	return IX_OK;
}

int ix_act_reject(struct sieve_ix *ix, const struct sieve_node *n,
		  bool ereject, const char *reason)
{
	struct sieve_action *a;

	if (has_reject(ix))
		return ix_fail(ix, n, "duplicate %s", n->name);
	for (size_t i = 0; i < ix->out->n; i++)
		if (ix->out->v[i].type != SIEVE_ACT_DISCARD)
			return ix_fail(ix, n, "%s conflicts with earlier %s",
				       n->name,
				       sieve_action_name(ix->out->v[i].type));
	ix->implicit_keep = false;
	a = add(ix, n, ereject ? SIEVE_ACT_EREJECT : SIEVE_ACT_REJECT);
	if (a == NULL || (a->reason = strdup(reason)) == NULL)
		return IX_ERR;
	return IX_OK;
}

int ix_act_vacation(struct sieve_ix *ix, const struct sieve_node *n,
		    struct sieve_vacation *vac)
{
	struct sieve_action *a;

	if (has_reject(ix)) {
		sieve_vacation_free(vac);
		return conflict(ix, n);
	}
	if (find(ix, SIEVE_ACT_VACATION, NULL) != NULL) {
		sieve_vacation_free(vac);
		return ix_fail(ix, n, "duplicate vacation");
	}
	if ((a = add(ix, n, SIEVE_ACT_VACATION)) == NULL) {
		sieve_vacation_free(vac);
		return IX_ERR;
	}
	a->vacation = vac;
	return IX_OK;
}

/* dup_args - a malloc'd copy of args, NULL on ENOMEM. */
static char **dup_args(const char *const *args, size_t n)
{
	char **v = calloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; v != NULL && i < n; i++)
		if ((v[i] = strdup(args[i])) == NULL) {
			free_flags(v, i);
			return NULL;
		}
	return v;
}

int ix_act_pipe(struct sieve_ix *ix, const struct sieve_node *n,
		const char *program, const char *const *args, size_t nargs,
		bool copy, bool try_)
{
	struct sieve_action *a;

	if (has_reject(ix))
		return conflict(ix, n);
	for (size_t i = 0; i < ix->out->n; i++)
		if (ix->out->v[i].type == SIEVE_ACT_PIPE &&
		    strcmp(ix->out->v[i].program, program) == 0)
			return ix_fail(ix, n, "duplicate pipe to \"%s\"",
				       program);
	if (!copy)
		ix->implicit_keep = false;
	if ((a = add(ix, n, SIEVE_ACT_PIPE)) == NULL ||
	    (a->program = strdup(program)) == NULL ||
	    (a->args = dup_args(args, nargs)) == NULL)
		return ix_fail(ix, n, "out of memory");
	a->nargs = nargs;
	a->copy = copy;
	a->try_ = try_;
	return IX_OK;
}

int ix_act_notify(struct sieve_ix *ix, const struct sieve_node *n,
		  struct sieve_notify *nt)
{
	const struct sieve_site *site = ix->env->site;
	unsigned max = site != NULL && site->notify_max > 0 ?
		       site->notify_max : SIEVE_MAX_NOTIFY;
	unsigned have = 0;
	struct sieve_action *a;

	for (size_t i = 0; i < ix->out->n; i++) {
		if (ix->out->v[i].type != SIEVE_ACT_NOTIFY)
			continue;
		have++;
		if (strcmp(ix->out->v[i].notify->method, nt->method) == 0) {
			sieve_notify_free(nt);   /* RFC 5435 3.9: once */
			return IX_OK;
		}
	}
	if (have >= max) {
		sieve_notify_free(nt);
		return ix_fail(ix, n, "more than %u notifications", max);
	}
	if ((a = add(ix, n, SIEVE_ACT_NOTIFY)) == NULL) {
		sieve_notify_free(nt);
		return IX_ERR;
	}
	a->notify = nt;
	return IX_OK;
}

int ix_act_finish(struct sieve_ix *ix)
{
	struct sieve_action *a;

	if (ix->implicit_keep && (find(ix, SIEVE_ACT_KEEP, NULL) != NULL ||
				  find(ix, SIEVE_ACT_FILEINTO, "INBOX") != NULL))
		ix->implicit_keep = false;   /* INBOX already stored: that copy stands */
	if (ix->implicit_keep) {
		char **f = sieve_flags_dup(ix->flags, ix->nflags);

		if (f == NULL || (a = add(ix, NULL, SIEVE_ACT_KEEP)) == NULL) {
			free_flags(f, ix->nflags);
			return IX_ERR;
		}
		a->flags = f;
		a->nflags = ix->nflags;
	}
	if (ix->out->n == 0 && ix->discarded) {
		if ((a = add(ix, NULL, SIEVE_ACT_DISCARD)) == NULL)
			return IX_ERR;
		a->script = ix->discard_script ? strdup(ix->discard_script) : NULL;
		a->line = ix->discard_line;
		if (ix->discard_script != NULL && a->script == NULL)
			return IX_ERR;
	}
	return IX_OK;
}
