/*
 * inbox.c - resolve user, home and the default INBOX.
 *
 * Postfix runs mailbox_command as the recipient with USER and HOME set;
 * run by hand we fall back to the password entry of the effective uid.
 * The environment is untrusted only as far as it is the user's own.
 *
 * A Maildir INBOX that exists ($MAILDIR, or ~/Maildir in any form) is
 * never passed over for the spool mbox: when it cannot be used, the
 * delivery waits (75, naming the path) until it is mended.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "intake/inbox.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* unusable - the INBOX Maildir at path exists in some form (lstat) but is
 * not a directory we can use: a file, a dangling link, a directory we may
 * not enter or write.  Mail must then wait (75), never go elsewhere: the
 * user chose Maildir, and mail put in an mbox they never read is as good
 * as lost.  *exists_r: lstat saw something at path. */
static enum mda_err unusable(const char *path, bool *exists_r, struct why *w)
{
	struct stat st;

	*exists_r = false;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return MDA_OK;
		return why_set(w, MDA_ERR_TEMP, "4.2.0", "INBOX %.300s: %s",
			       path, strerror(errno));
	}
	*exists_r = true;
	if (stat(path, &st) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.2.0",
			       "INBOX %.300s is unusable: %s", path,
			       errno == ENOENT ? "a dangling symbolic link" :
			       strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return why_set(w, MDA_ERR_TEMP, "4.2.0",
			       "INBOX %.300s is not a directory", path);
	if (faccessat(AT_FDCWD, path, R_OK | W_OK | X_OK, AT_EACCESS) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.2.0",
			       "INBOX %.300s is unusable: %s", path,
			       strerror(errno));
	return MDA_OK;
}

static enum mda_err copy(char *dst, size_t size, const char *src,
			 struct why *w)
{
	int n = snprintf(dst, size, "%s", src);

	if (n < 0 || (size_t)n >= size)
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "path too long");
	return MDA_OK;
}

/* resolve_user - $USER and $HOME, else the password entry.  When both
 * are set (Postfix sets both; so do login shells) the entry is not read:
 * nothing in it would be used, and the lookup (nsswitch.conf, nscd,
 * /etc/passwd) is a fifth of a delivery's system calls.  Without $HOME,
 * or without $USER, an unknown user is MDA_ERR_NOUSER (67), as before. */
static enum mda_err resolve_user(struct inbox *ib, struct why *w)
{
	const char *user = getenv("USER"), *home = getenv("HOME");
	bool have_user = user != NULL && user[0] != '\0';
	bool have_home = home != NULL && home[0] != '\0';
	struct passwd *pw = NULL;
	enum mda_err e;

	if (!have_user || !have_home) {
		errno = 0;
		pw = have_user ? getpwnam(user) : getpwuid(geteuid());
		if (pw == NULL)
			return why_set(w, MDA_ERR_NOUSER, "5.1.1",
				       "no such user: %s",
				       have_user ? user : "(uid)");
		if (!have_user)
			user = pw->pw_name;
		if (!have_home)
			home = pw->pw_dir;
	}
	e = copy(ib->user, sizeof(ib->user), user, w);
	return e != MDA_OK ? e : copy(ib->home, sizeof(ib->home), home, w);
}

static enum mda_err resolve_path(const struct config *cfg, struct inbox *ib,
				 struct why *w)
{
	const char *env = getenv("MAILDIR");
	char path[4096];
	bool exists;
	enum mda_err e;
	int n;

	ib->is_maildir = true;
	if (cfg->maildir != NULL)
		return copy(ib->path, sizeof(ib->path), cfg->maildir, w);
	if (cfg->mbox != NULL) {
		ib->is_maildir = false;
		return copy(ib->path, sizeof(ib->path), cfg->mbox, w);
	}
	if (env != NULL && env[0] != '\0') {   /* made below if missing */
		e = unusable(env, &exists, w);
		return e != MDA_OK ? e : copy(ib->path, sizeof(ib->path), env, w);
	}
	n = snprintf(path, sizeof(path), "%s/Maildir", ib->home);
	if (n < 0 || (size_t)n >= sizeof(path))
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "path too long");
	e = unusable(path, &exists, w);
	if (e != MDA_OK || exists)   /* in any form, ~/Maildir is the INBOX */
		return e != MDA_OK ? e : copy(ib->path, sizeof(ib->path), path, w);
	ib->is_maildir = false;
	if (is_dir("/var/mail"))
		n = snprintf(path, sizeof(path), "/var/mail/%s", ib->user);
	else if (is_dir("/var/spool/mail"))
		n = snprintf(path, sizeof(path), "/var/spool/mail/%s", ib->user);
	else
		n = snprintf(path, sizeof(path), "%s/Mailbox", ib->home);
	if (n < 0 || (size_t)n >= sizeof(path))
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "path too long");
	return copy(ib->path, sizeof(ib->path), path, w);
}

enum mda_err inbox_resolve(const struct config *cfg, struct inbox *ib,
			   struct why *w)
{
	enum mda_err e;
	int n;

	memset(ib, 0, sizeof(*ib));
	e = resolve_user(ib, w);
	if (e == MDA_OK)
		e = resolve_path(cfg, ib, w);
	if (e != MDA_OK)
		return e;
	if (cfg->folder_dir != NULL)
		n = snprintf(ib->folder_dir, sizeof(ib->folder_dir), "%s",
			     cfg->folder_dir);
	else
		n = snprintf(ib->folder_dir, sizeof(ib->folder_dir), "%s/Mail",
			     ib->home);
	if (n < 0 || (size_t)n >= sizeof(ib->folder_dir))
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "path too long");
	if (gethostname(ib->host, sizeof(ib->host) - 1) != 0)
		return why_errno(w, errno, "gethostname");
	if (ib->host[0] == '\0')
		snprintf(ib->host, sizeof(ib->host), "localhost");
	return MDA_OK;
}
