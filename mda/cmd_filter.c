/*
 * cmd_filter.c - `mda filter [-s FILTER] [-n] [--allow-delete] MAILDIR...`:
 * the filter over mail already stored (design.md; refilter/refilter.h
 * says what happens to each message).
 *
 * Only INBOX (the Maildir root's new/ and cur/) is filtered, not the
 * folders: a filter files mail out of INBOX, and running it over a folder
 * it filed into would file it again.  The names are listed first and
 * then worked through, so a message renamed or moved by this run is not
 * seen twice.  Safe to stop and run again: a moved message is gone from
 * INBOX, a kept one stays as it is, a move cut short is finished.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "filter.h"
#include "refilter/refilter.h"

#define NAMES_MAX 10000000UL   /* messages per Maildir run */

struct names {
	char **v;
	size_t n, cap;
};

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	*ns = (struct names){ NULL, 0, 0 };
}

/* names_push - "sub/name"; -1 with errno on ENOMEM or too many. */
static int names_push(struct names *ns, const char *sub, const char *name)
{
	if (ns->n >= NAMES_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 256;
		char **v = realloc(ns->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		ns->v = v;
		ns->cap = cap;
	}
	if (asprintf(&ns->v[ns->n], "%s/%s", sub, name) < 0)
		return -1;
	ns->n++;
	return 0;
}

/* list_messages - the names in root's new/ and cur/, dot files left out. */
static enum mda_err list_messages(const char *root, struct names *ns,
				  struct why *w)
{
	static const char *const subs[] = { "new", "cur" };
	char path[4096];

	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(path, sizeof(path), "%s/%s", root, subs[i]);
		DIR *d = n > 0 && (size_t)n < sizeof(path) ? opendir(path) : NULL;
		struct dirent *de;
		int err = 0;

		if (d == NULL)
			return why_errno(w, errno ? errno : ENAMETOOLONG, path);
		errno = 0;
		while (err == 0 && (de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' &&
			    names_push(ns, subs[i], de->d_name) != 0)
				err = errno;
		if (err == 0 && errno != 0)
			err = errno;
		(void)closedir(d);
		if (err != 0)
			return why_errno(w, err, path);
	}
	return MDA_OK;
}

static void progress(const struct refilter_ctx *rc, size_t done, size_t all,
		     bool tty)
{
	if (tty && (done % 50 == 0 || done == all))
		fprintf(stderr, "\rmda filter: %zu/%zu messages", done, all);
	if (tty && done == all)
		fputc('\n', stderr);
	(void)rc;
}

static void summary(const struct refilter_ctx *rc, const char *dir)
{
	const struct refilter_stats *s = &rc->st;

	printf("%s: %lu messages: %s%lu moved, %lu flagged, %lu kept, "
	       "%lu deleted, %lu errors, %lu actions not carried out\n", dir,
	       s->seen, rc->cfg->dry_run ? "(dry run) " : "", s->moved,
	       s->flagged, s->kept, s->deleted, s->errors, s->withheld);
}

/* filter_maildir - every INBOX message of one Maildir. */
static enum mda_err filter_maildir(const struct config *cfg, const char *dir,
				   struct why *w)
{
	struct config c = *cfg;
	struct inbox ib;
	struct names ns = { NULL, 0, 0 };
	char buf[4096];
	bool tty = isatty(STDERR_FILENO) == 1;
	enum mda_err e;

	c.maildir = dir;
	c.mbox = NULL;
	if ((e = inbox_resolve(&c, &ib, w)) != MDA_OK)
		return e;
	struct refilter_ctx rc = { .cfg = cfg, .ib = &ib, .out = stdout,
		.nm = { ib.host, 0 },
		.script = filter_script_path(cfg, &ib, buf, sizeof(buf)) };
	if (rc.script == NULL)
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "mda filter: no "
			       "filter (-s FILTER, $MDA_SIEVE or ~/.mda.sieve)");
	e = list_messages(ib.path, &ns, w);
	for (size_t i = 0; e == MDA_OK && i < ns.n; i++) {
		char *slash = strchr(ns.v[i], '/');

		*slash = '\0';
		e = refilter_one(&rc, ns.v[i], slash + 1, w);
		progress(&rc, i + 1, ns.n, tty);
	}
	if (fflush(stdout) != 0 && e == MDA_OK)
		e = why_errno(w, errno, "writing the report");
	summary(&rc, dir);
	names_free(&ns);
	return e;
}

enum mda_err cmd_filter(const struct config *cfg, struct why *w)
{
	enum mda_err e = MDA_OK;

	if (cfg->nargs == 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "mda filter: no Maildir given");
	for (int i = 0; e == MDA_OK && i < cfg->nargs; i++)
		e = filter_maildir(cfg, cfg->args[i], w);
	return e;
}
