/*
 * maildir.c - folders, tmp files and the link into new/ or cur/.
 *
 * The protocol (qmail maildir(5)): create in tmp/ with O_EXCL, write,
 * fsync, close; link() into new/ (or cur/ with ":2,flags"), which refuses
 * to replace an existing name; fsync the directory; only then report
 * success.  A crash leaves at most a file in tmp/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/maildir.h"
#include "store/mutf7.h"

#define NAME_TRIES 16

/* folder_name_ok - refuse names that could escape the Maildir or that
 * Dovecot's Maildir++ layout cannot express. */
static const char *folder_name_problem(const char *name)
{
	if (*name == '\0')
		return "empty folder name";
	if (*name == '.')
		return "folder name starts with '.'";
	if (strchr(name, '/') != NULL)
		return "folder name contains '/'";
	if (strstr(name, "..") != NULL || name[strlen(name) - 1] == '.')
		return "folder name has an empty part";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "folder name contains a control character";
	return NULL;
}

enum mda_err maildir_folder_dir(const char *root, const char *name,
				char *out, size_t outsz, struct why *w)
{
	char enc[1024];
	const char *problem = folder_name_problem(name);
	int n;

	if (problem != NULL)
		return why_set(w, MDA_ERR_DATA, "5.2.0", "%s", problem);
	if (strcasecmp(name, "INBOX") == 0) {
		n = snprintf(out, outsz, "%s", root);
	} else {
		/* INBOX's children keep the INBOX prefix, in upper case. */
		bool inbox = strncasecmp(name, "INBOX.", 6) == 0;
		int err = mutf7_encode(inbox ? name + 6 : name, enc, sizeof(enc));

		if (err == EILSEQ)
			return why_set(w, MDA_ERR_DATA, "5.2.0",
				       "folder name is not valid UTF-8");
		if (err != 0)
			return why_set(w, MDA_ERR_DATA, "5.2.0",
				       "folder name too long");
		n = snprintf(out, outsz, "%s/.%s%s", root, inbox ? "INBOX." : "",
			     enc);
	}
	if (n < 0 || (size_t)n >= outsz)
		return why_set(w, MDA_ERR_DATA, "5.2.0", "folder path too long");
	return MDA_OK;
}

/* make_dir - mkdir that accepts an existing directory but not a file, and
 * not a symlink unless follow: the INBOX root may be a link the admin made
 * (~/Maildir -> /srv/mail/user); its tmp/ new/ cur/ and folders may not,
 * since a link planted there could send mail anywhere. */
static enum mda_err make_dir(const char *path, bool follow, struct why *w)
{
	struct stat st;
	unsigned tries = 0;

	for (;;) {   /* bounded by io_settle's tries */
		int err;

		if (mkdir(path, 0700) == 0)
			return MDA_OK;
		err = errno;
		if (err != EEXIST) {
			/* ENOENT here is a missing parent: an answer */
			if (err == ENOENT || !io_settle(err, &tries))
				return why_errno(w, err,
						 "creating a Maildir directory");
			continue;
		}
		if ((follow ? stat(path, &st) : lstat(path, &st)) == 0)
			break;
		err = errno;
		if (!io_settle(err, &tries))
			return why_errno(w, err, "checking a Maildir directory");
	}
	if (!S_ISDIR(st.st_mode))
		return why_set(w, MDA_ERR_TEMP, "4.2.0",
			       "Maildir path is not a directory");
	return MDA_OK;
}

/* lstat_is - lstat path and test its type; false on any error. */
static bool lstat_is(const char *path, mode_t type)
{
	struct stat st;

	return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

/* already_made - true when dir is a complete Maildir exactly as
 * maildir_make would leave it: tmp/ new/ cur/ real directories (not
 * links), and for a folder dir itself not a link and its maildirfolder a
 * regular file.  One lstat each, instead of a failing mkdir and a stat:
 * the common case of every delivery.  A root that is a link to a
 * directory passes, as in make_dir (follow), since "dir/tmp" resolves
 * through it.  Anything else (missing, odd, an error) answers false and
 * the slow path below makes, checks and reports as before. */
static bool already_made(const char *dir, bool folder)
{
	static const char *const subs[] = { "tmp", "new", "cur",
					    "maildirfolder" };
	char path[4096];

	if (folder && !lstat_is(dir, S_IFDIR))
		return false;
	for (size_t i = 0; i < (folder ? 4u : 3u); i++) {
		int n = snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);

		if (n < 0 || (size_t)n >= sizeof(path) ||
		    !lstat_is(path, i < 3 ? S_IFDIR : S_IFREG))
			return false;
	}
	return true;
}

enum mda_err maildir_make(const char *dir, bool folder, struct why *w)
{
	static const char *const subs[] = { "tmp", "new", "cur" };
	char path[4096];

	if (already_made(dir, folder))
		return MDA_OK;
	enum mda_err e = make_dir(dir, !folder, w);

	for (size_t i = 0; e == MDA_OK && i < 3; i++) {
		int n = snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		if (n < 0 || (size_t)n >= sizeof(path))
			return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
		e = make_dir(path, false, w);
	}
	if (e != MDA_OK || !folder)
		return e;
	int n = snprintf(path, sizeof(path), "%s/maildirfolder", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return why_errno(w, errno, "creating maildirfolder");
	if (close(fd) != 0)
		return why_errno(w, errno, "creating maildirfolder");
	return MDA_OK;
}

int maildir_tmp_open(const char *dir, struct maildir_namer *nm, char **path_r)
{
	char name[MAILDIR_NAME_MAX], path[4096];
	struct maildir_uniq u;
	unsigned settle = 0;

	for (int i = 0; i < NAME_TRIES; i++) {
		int err = maildir_namer_next(nm, &u);
		if (err == 0)
			err = maildir_name(&u, name, sizeof(name));
		int n = snprintf(path, sizeof(path), "%s/tmp/%s", dir, name);
		if (err == 0 && (n < 0 || (size_t)n >= sizeof(path)))
			err = ENAMETOOLONG;
		if (err != 0) {
			errno = err;
			return -1;
		}
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC, 0600);
		if (fd >= 0) {
			*path_r = strdup(path);
			if (*path_r == NULL) {
				(void)unlink(path);
				(void)close(fd);
				errno = ENOMEM;
				return -1;
			}
			return fd;
		}
		if (errno != EEXIST && !io_settle(errno, &settle))
			return -1;
	}
	errno = EEXIST;
	return -1;
}
