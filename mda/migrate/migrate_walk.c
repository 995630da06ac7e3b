/*
 * migrate_walk.c - sources of `mda migrate`: an mbox file goes to INBOX;
 * a directory of mbox files becomes a tree of Maildir++ folders.
 *
 * Names: the path below the directory, '/' becoming the hierarchy
 * separator '.' ("lists/foo" -> folder "lists.foo" -> ".lists.foo/").  In
 * each part a ".gz" or ".mbox" ending is dropped, Thunderbird's ".sbd"
 * ending of a subfolder directory too, and a remaining '.' becomes '_'
 * (in Maildir++ it would split the name).  Hidden files, Thunderbird's
 * .msf summaries and Dovecot's index files are not mail and are passed
 * over; symbolic links are not followed (loops, files outside the tree).
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "migrate/migrate_walk.h"

#define DEPTH_MAX 32

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

static bool not_mail(const struct mig_walker *wk, const char *name)
{
	/* Thunderbird keeps filters, logs, feed state and Spotlight
	 * indexes beside its mbox files. */
	static const char *const moz[] = { ".dat", ".html", ".json", ".rdf",
		".sqlite", ".mozmsgs", ".log", ".js", ".mab", ".bak" };

	for (size_t i = 0; wk->mozilla && i < sizeof(moz) / sizeof(moz[0]); i++)
		if (ends_with(name, moz[i]))
			return true;
	return name[0] == '.' || ends_with(name, ".msf") ||
	       strncmp(name, "dovecot.", 8) == 0 ||
	       strncmp(name, "dovecot-", 8) == 0 ||
	       strcmp(name, "subscriptions") == 0;
}

/* part - one path component as a folder name part; false if too long. */
static bool part(const char *name, bool dir, char *out, size_t size)
{
	static const char *const file_ends[] = { ".gz", ".mbox" };
	size_t n = strlen(name);

	if (n >= size)
		return false;
	memcpy(out, name, n + 1);
	for (int i = 0; i < 2 && !dir; i++)
		if (ends_with(out, file_ends[i]))
			out[n -= strlen(file_ends[i])] = '\0';
	if (dir && ends_with(out, ".sbd"))
		out[n -= 4] = '\0';
	for (char *p = out; *p != '\0'; p++)
		if (*p == '.')
			*p = '_';
	return n > 0;
}

static enum mda_err walk_dir(const struct mig_walker *wk, const char *dir,
			     const char *prefix, int depth, struct why *w);

/* entry - one directory entry: recurse, hand on, or pass over. */
static enum mda_err entry(const struct mig_walker *wk, const char *dir,
			  const char *prefix, const char *name, int depth,
			  struct why *w)
{
	char path[4096], folder[1024], p[256];
	struct stat st;

	if (not_mail(wk, name))
		return MDA_OK;
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		wk->damage(wk->ctx, dir, "a name in it is too long; passed over");
		return MDA_OK;
	}
	if (lstat(path, &st) != 0) {
		wk->damage(wk->ctx, path, strerror(errno));
		return MDA_OK;
	}
	bool isdir = S_ISDIR(st.st_mode);
	if (!isdir && !S_ISREG(st.st_mode))
		return MDA_OK;  /* symlinks, devices, sockets */
	if (!part(name, isdir, p, sizeof(p)))
		return MDA_OK;
	n = snprintf(folder, sizeof(folder), "%s%s%s", prefix,
		     prefix[0] ? "." : "", p);
	if (n < 0 || (size_t)n >= sizeof(folder)) {
		wk->damage(wk->ctx, path, "folder name too long; passed over");
		return MDA_OK;
	}
	if (isdir)
		return walk_dir(wk, path, folder, depth + 1, w);
	return wk->file(wk->ctx, path, folder, &st, w);
}

static enum mda_err walk_dir(const struct mig_walker *wk, const char *dir,
			     const char *prefix, int depth, struct why *w)
{
	struct dirent **list = NULL;
	enum mda_err e = MDA_OK;

	if (depth > DEPTH_MAX) {
		wk->damage(wk->ctx, dir, "folders nested too deep; passed over");
		return MDA_OK;
	}
	int n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		wk->damage(wk->ctx, dir, strerror(errno));
		return MDA_OK;
	}
	for (int i = 0; i < n; i++) {
		if (e == MDA_OK)
			e = entry(wk, dir, prefix, list[i]->d_name, depth, w);
		free(list[i]);
	}
	free(list);
	return e;
}

enum mda_err mig_walk(const struct mig_walker *wk, const char *src,
		      struct why *w)
{
	struct stat st;

	if (stat(src, &st) != 0) {
		wk->damage(wk->ctx, src, strerror(errno));
		return MDA_OK;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(wk, src, "", 0, w);
	return wk->file(wk->ctx, src, "INBOX", &st, w);
}

enum mda_err mig_walk_tree(const struct mig_walker *wk, const char *dir,
			   const char *prefix, struct why *w)
{
	return walk_dir(wk, dir, prefix, 0, w);
}
