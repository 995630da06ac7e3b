/*
 * folder.c - a procmail folder path as a Sieve folder name.
 *
 * procmail delivers to files (mbox), "dir/" (Maildir), "dir/." (MH) and
 * plain directories, relative to $MAILDIR.  mda stores every folder in
 * the INBOX's format: with -m MAILDIR a name "a.b" is the Maildir++
 * folder .a.b/, with -M SPOOL --folder-dir DIR it is the mbox DIR/a/b.
 * So a path is named relative to its root: the Maildir $DEFAULT when
 * DEFAULT ends in "/", else $MAILDIR, with '/' becoming '.', and a
 * Maildir++ ".a.b/" keeping its name.  $DEFAULT and $ORGMAIL are INBOX.
 * Paths outside the root cannot be named as paths (design.md: a
 * fileinto name with '/' is refused at run time), so they are named
 * by their place under MAILDIR or HOME, or by their last part, and
 * reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convert/sv.h"

#define PATH_CAP 1024

/* normal - collapse "//", "/./", a trailing "/" or "/."; relative paths
 * are under base. */
static void normal(const char *path, const char *base, char *out)
{
	char tmp[PATH_CAP * 2];
	size_t n = 0;

	snprintf(tmp, sizeof(tmp), "%s%s%s", path[0] == '/' ? "" : base,
		 path[0] == '/' ? "" : "/", path);
	for (const char *p = tmp; *p != '\0' && n + 1 < PATH_CAP; p++) {
		if (*p == '/' && n > 0 && out[n - 1] == '/')
			continue;
		if (*p == '.' && n > 0 && out[n - 1] == '/' &&
		    (p[1] == '/' || p[1] == '\0'))
			continue;
		out[n++] = *p;
	}
	while (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
}

/* under - the part of path below root, or NULL. */
static const char *under(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (n == 0 || strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

/* to_name - "a/b" (or Maildir++ ".a.b") as the folder name "a.b". */
static bool to_name(const char *rel, bool maildirpp, char *name, size_t size)
{
	if (maildirpp && rel[0] == '.' && strchr(rel, '/') == NULL)
		rel++;
	if (snprintf(name, size, "%s", rel) >= (int)size || name[0] == '\0')
		return false;
	for (char *p = name; *p != '\0'; p++)
		if (*p == '/')
			*p = '.';
	/* the store's rules: no empty part, no leading '.', no ".." */
	return name[0] != '.' && strstr(name, "..") == NULL &&
	       name[strlen(name) - 1] != '.';
}

static void list_path(struct sv *sv, const char *path, const char *name)
{
	struct cvbuf line = { 0 };

	cvb_printf(&line, "#   %s -> %s\n", path, name);
	if (strstr(cvb_str(&sv->folders), cvb_str(&line)) == NULL)
		cvb_puts(&sv->folders, cvb_str(&line));
	cvb_free(&line);
}

enum folder_kind folder_map(struct sv *sv, struct rc_recipe *r,
			    const char *path, char *name_r, size_t size)
{
	char abs[PATH_CAP], def[PATH_CAP], org[PATH_CAP], md[PATH_CAP];
	size_t len = strlen(path);
	bool maildir = len > 0 && path[len - 1] == '/';
	bool mh = len > 1 && strcmp(path + len - 2, "/.") == 0;
	const struct rc_env *e = &r->env;
	struct stat st;

	if (strcmp(path, "/dev/null") == 0)
		return FOLDER_DISCARD;
	normal(e->maildir, e->home, md);
	normal(path, md, abs);
	normal(e->deflt, md, def);
	normal(e->orgmail, md, org);
	if (strcmp(abs, def) == 0 || strcmp(abs, org) == 0) {
		list_path(sv, abs, "INBOX");
		return FOLDER_INBOX;
	}
	if (mh)
		rc_note(r, "MH folder %s becomes a folder in the INBOX's "
			"format", path);
	else if (!maildir && stat(abs, &st) == 0 && S_ISDIR(st.st_mode))
		rc_note(r, "directory folder %s becomes a folder in the "
			"INBOX's format", path);
	size_t dl = strlen(e->deflt);
	bool inbox_maildir = dl > 0 && e->deflt[dl - 1] == '/';
	const char *root = inbox_maildir ? def : md;
	const char *rel = under(abs, root);
	if (rel == NULL && inbox_maildir && (rel = under(abs, md)) != NULL)
		rc_note(r, "%s is outside the Maildir %s: named as under it",
			path, def);
	if (rel == NULL && (rel = under(abs, e->home)) != NULL)
		rc_note(r, "%s is outside $MAILDIR: named relative to $HOME",
			path);
	if (rel == NULL) {
		rel = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
		rc_note(r, "%s is outside $HOME: named by its last part", path);
	}
	if (rel[0] == '\0') {
		list_path(sv, abs, "INBOX");
		return FOLDER_INBOX;
	}
	if (!to_name(rel, inbox_maildir, name_r, size)) {
		rc_note(r, "%s has no valid folder name: kept in INBOX", path);
		return FOLDER_INBOX;
	}
	if (!(inbox_maildir && rel[0] == '.') && strchr(rel, '.') != NULL)
		rc_note(r, "'.' in %s separates folder levels in mda", rel);
	list_path(sv, abs, name_r);
	return FOLDER_NAMED;
}

void folder_inbox(struct sv *sv, const struct rc_env *final)
{
	char md[PATH_CAP], def[PATH_CAP];

	if (final->deflt == NULL || final->deflt[0] == '\0')
		return;
	normal(final->maildir, final->home, md);
	normal(final->deflt, md, def);
	list_path(sv, def, "INBOX");
}
