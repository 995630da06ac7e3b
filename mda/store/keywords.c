/*
 * keywords.c - the dovecot-keywords file of a Maildir folder.
 *
 * Dovecot keeps "<index> <keyword>" lines in dovecot-keywords; index 0 is
 * the letter 'a' in the ":2," info, up to 25 = 'z'.  It changes the file by
 * writing the new content into "dovecot-keywords.lock" (created O_EXCL, so
 * it is also the lock) and renaming it over the old file; we do the same,
 * so our writes and Dovecot's exclude each other.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "store/keywords.h"

#define KW_MAX KEYWORDS_MAX
#define KW_LEN KEYWORDS_LEN
#define LOCK_TRIES 100      /* x 20 ms: two seconds at most */
#define LOCK_STALE_S 120    /* Dovecot's own keyword lock goes stale fast */

struct kwtab {
	char name[KW_MAX][KW_LEN];
	bool used[KW_MAX];
};

static const struct { const char *flag; char letter; } system_flags[] = {
	{ "\\Draft", 'D' }, { "\\Flagged", 'F' }, { "\\Answered", 'R' },
	{ "\\Seen", 'S' }, { "\\Deleted", 'T' },
};

static bool atom_ok(const char *k)
{
	size_t n = strlen(k);

	if (n == 0 || n >= KW_LEN)
		return false;
	for (const unsigned char *p = (const unsigned char *)k; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("(){%*\"\\]", *p))
			return false;
	return true;
}

/* kw_read - load an existing dovecot-keywords; a missing file is empty. */
static int kw_read(const char *path, struct kwtab *t)
{
	char line[KW_LEN + 16];
	FILE *f = fopen(path, "re");

	memset(t, 0, sizeof(*t));
	if (f == NULL)
		return errno == ENOENT ? 0 : errno;
	for (int i = 0; i < 1000 && fgets(line, sizeof(line), f); i++) {
		char *end;
		long idx = strtol(line, &end, 10);
		if (end == line || *end != ' ' || idx < 0 || idx >= KW_MAX)
			continue;
		end[strcspn(end, "\r\n")] = '\0';
		if (!atom_ok(end + 1))
			continue;
		snprintf(t->name[idx], KW_LEN, "%s", end + 1);
		t->used[idx] = true;
	}
	int err = ferror(f) ? EIO : 0;
	(void)fclose(f);
	return err;
}

static int kw_find(const struct kwtab *t, const char *k)
{
	for (int i = 0; i < KW_MAX; i++)
		if (t->used[i] && strcasecmp(t->name[i], k) == 0)
			return i;
	return -1;
}

/* kw_lock - create the lock file; breaks one left by a crash. */
static int kw_lock(const char *lock)
{
	for (int i = 0; i < LOCK_TRIES; i++) {
		int fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC, 0600);
		struct stat st;

		if (fd >= 0 || errno != EEXIST)
			return fd;
		if (lstat(lock, &st) == 0 &&
		    time(NULL) - st.st_mtime > LOCK_STALE_S)
			(void)unlink(lock);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		(void)nanosleep(&ts, NULL);
	}
	errno = EAGAIN;
	return -1;
}

/* kw_write_locked - write table t into the lock file and rename it. */
static int kw_write_locked(int fd, const char *lock, const char *path,
			   const struct kwtab *t)
{
	char line[KW_LEN + 16];
	int err = 0;

	for (int i = 0; err == 0 && i < KW_MAX; i++) {
		if (!t->used[i])
			continue;
		int n = snprintf(line, sizeof(line), "%d %s\n", i, t->name[i]);
		err = (n < 0 || (size_t)n >= sizeof(line)) ? EINVAL :
		      io_write_all(fd, line, (size_t)n);
	}
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (err == 0 && rename(lock, path) != 0)
		err = errno;
	return err;
}

/* kw_assign - give every keyword of flags an index, updating the file. */
static int kw_assign(const char *dir, char *const *flags, size_t n,
		     struct kwtab *t)
{
	char path[4096], lock[4200];
	int err = 0, fd;
	bool added = false;

	if (snprintf(path, sizeof(path), "%s/dovecot-keywords", dir) >=
	    (int)sizeof(path))
		return ENAMETOOLONG;
	/* The file is only ever replaced by rename(): read unlocked, and
	 * lock only to add a keyword (a deliverer killed holding the lock
	 * then blocks nobody who needs no new keyword). */
	err = kw_read(path, t);
	bool missing = false;
	for (size_t i = 0; err == 0 && i < n; i++)
		missing |= flags[i][0] != '\\' && atom_ok(flags[i]) &&
			   kw_find(t, flags[i]) < 0;
	if (err != 0 || !missing)
		return err;
	snprintf(lock, sizeof(lock), "%s.lock", path);
	fd = kw_lock(lock);
	if (fd < 0)
		return errno;
	err = kw_read(path, t);
	for (size_t i = 0; err == 0 && i < n; i++) {
		if (flags[i][0] == '\\' || !atom_ok(flags[i]) ||
		    kw_find(t, flags[i]) >= 0)
			continue;
		for (int k = 0; k < KW_MAX; k++)
			if (!t->used[k]) {
				snprintf(t->name[k], KW_LEN, "%s", flags[i]);
				t->used[k] = added = true;
				break;
			}
	}
	if (err == 0 && added)
		err = kw_write_locked(fd, lock, path, t);
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0 || !added)
		(void)unlink(lock);
	return err;
}

enum mda_err keywords_letters(const char *dir, char *const *flags, size_t n,
			      char *letters, size_t size, struct why *w)
{
	struct kwtab t;
	size_t len = 0;
	bool any_kw = false;

	for (size_t i = 0; i < n; i++)
		any_kw |= flags[i][0] != '\\' && atom_ok(flags[i]);
	memset(&t, 0, sizeof(t));
	if (any_kw) {
		int err = kw_assign(dir, flags, n, &t);
		if (err != 0)
			return why_errno(w, err, "updating dovecot-keywords");
	}
	for (size_t i = 0; i < n && len + 1 < size; i++) {
		int k = flags[i][0] == '\\' ? -1 : kw_find(&t, flags[i]);
		if (k >= 0)
			letters[len++] = (char)('a' + k);
		for (size_t s = 0; k < 0 && s < 5; s++)
			if (strcasecmp(flags[i], system_flags[s].flag) == 0)
				letters[len++] = system_flags[s].letter;
	}
	letters[len] = '\0';
	return MDA_OK;
}

int keywords_names(const char *dir, char names[KEYWORDS_MAX][KEYWORDS_LEN])
{
	char path[4096];
	struct kwtab t;

	memset(names, 0, sizeof(char[KEYWORDS_MAX][KEYWORDS_LEN]));
	if (snprintf(path, sizeof(path), "%s/dovecot-keywords", dir) >=
	    (int)sizeof(path))
		return ENAMETOOLONG;
	int err = kw_read(path, &t);
	for (int i = 0; err == 0 && i < KW_MAX; i++)
		if (t.used[i])
			memcpy(names[i], t.name[i], KW_LEN);
	return err;
}

int keywords_info_flags(const char *dir, const char *letters,
			char names[][KEYWORDS_LEN], size_t max)
{
	char kw[KEYWORDS_MAX][KEYWORDS_LEN];
	size_t n = 0;
	int err = keywords_names(dir, kw);

	if (err != 0) {
		errno = err;
		return -1;
	}
	for (const char *l = letters; *l != '\0' && n < max; l++) {
		const char *name = NULL;

		for (size_t i = 0; i < sizeof(system_flags) /
		     sizeof(system_flags[0]); i++)
			if (system_flags[i].letter == *l)
				name = system_flags[i].flag;
		if (*l >= 'a' && *l <= 'z' && kw[*l - 'a'][0] != '\0')
			name = kw[*l - 'a'];
		if (name != NULL)
			snprintf(names[n++], KEYWORDS_LEN, "%s", name);
	}
	return (int)n;
}
