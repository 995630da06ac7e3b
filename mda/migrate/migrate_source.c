/*
 * migrate_source.c - which kind of source a SRC operand is, by --from or
 * by its shape, and Thunderbird's profile layout (contract in
 * migrate_source.h; the shapes are listed in docs/migrate.md).
 *
 * Shapes are looked at only near the top of a tree (the directory and
 * its children), so telling costs a few directory reads whatever the
 * size of the tree; an mbox file is told by the header of its first
 * message, read from the buffer the reader fills anyway.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate/migrate_source.h"

#define PEEK_MAX (64u << 10)
#define LOOK_MAX 4096  /* entries looked at per directory */

static const char *const kinds[] = {
	[MIG_AUTO] = "auto", [MIG_MBOX] = "mbox", [MIG_GMAIL] = "gmail",
	[MIG_TBIRD] = "thunderbird", [MIG_MH] = "mh", [MIG_MAILDIR] = "maildir",
};

bool mig_kind_parse(const char *word, enum mig_kind *k_r)
{
	*k_r = MIG_AUTO;
	if (word == NULL)
		return true;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcasecmp(word, kinds[i]) == 0) {
			*k_r = (enum mig_kind)i;
			return true;
		}
	/* The other names people know these by. */
	if (strcasecmp(word, "takeout") == 0)
		*k_r = MIG_GMAIL;
	else if (strcasecmp(word, "nmh") == 0 || strcasecmp(word, "claws") == 0)
		*k_r = MIG_MH;
	return *k_r != MIG_AUTO;
}

const char *mig_kind_name(enum mig_kind k)
{
	return kinds[k];
}

static bool is_dir_at(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* mh_message - a numbered regular file that is not an mbox. */
static bool mh_message(int dirfd, const char *name)
{
	char head[5];
	size_t k = strspn(name, "0123456789");

	if (k == 0 || name[k] != '\0')
		return false;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof(head));
	(void)close(fd);  /* read-only */
	return n >= 0 && (n < 5 || memcmp(head, "From ", 5) != 0);
}

/* look - the kind a directory's entries show (at the top, also those of
 * its subdirectories), or MIG_AUTO. */
static enum mig_kind look(const char *path, int depth)
{
	enum mig_kind k = MIG_AUTO;
	struct dirent *de;

	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (d == NULL) {
		if (fd >= 0)
			(void)close(fd);
		return MIG_AUTO;
	}
	if (is_dir_at(fd, "cur") && is_dir_at(fd, "new"))
		k = depth == 0 ? MIG_MAILDIR : MIG_AUTO;
	else if (depth == 0 && (is_dir_at(fd, "Mail") ||
				is_dir_at(fd, "ImapMail")))
		k = MIG_TBIRD;
	for (int i = 0; k == MIG_AUTO && i < LOOK_MAX && (de = readdir(d)); i++) {
		const char *n = de->d_name;
		if (ends_with(n, ".msf") ||
		    (ends_with(n, ".sbd") && is_dir_at(fd, n)))
			k = MIG_TBIRD;
		else if (strcmp(n, ".mh_sequences") == 0 ||
			 strcmp(n, ".claws_mark") == 0 ||
			 strcmp(n, ".claws_cache") == 0 || mh_message(fd, n))
			k = MIG_MH;
		else if (depth == 0 && n[0] != '.' && is_dir_at(fd, n)) {
			char sub[4096];
			if (snprintf(sub, sizeof(sub), "%s/%s", path, n) <
			    (int)sizeof(sub))
				k = look(sub, 1);
		}
	}
	(void)closedir(d);  /* read-only */
	return k;
}

enum mig_kind mig_detect(const char *src)
{
	struct stat st;

	if (stat(src, &st) != 0 || !S_ISDIR(st.st_mode))
		return MIG_MBOX;
	enum mig_kind k = look(src, 0);
	return k == MIG_AUTO ? MIG_MBOX : k;
}

/* has_field - a header line "name:" in the header h (n octets). */
static bool has_field(const char *h, size_t n, const char *name)
{
	size_t k = strlen(name);

	for (size_t i = 0; i + k < n; i++)  /* bounded by n */
		if ((i == 0 || h[i - 1] == '\n') && strncasecmp(h + i, name, k) == 0)
			return true;
	return false;
}

enum mig_kind mig_detect_mbox(struct mbr *r)
{
	char *head = malloc(PEEK_MAX);
	enum mig_kind k = MIG_MBOX;

	long n = head == NULL ? -1 : mbr_peek(r, 0, head, PEEK_MAX - 1);
	if (n > 0) {
		head[n] = '\0';
		char *end = strstr(head, "\n\n");
		size_t len = end != NULL ? (size_t)(end - head) : (size_t)n;
		if (has_field(head, len, "X-Gmail-Labels:"))
			k = MIG_GMAIL;
		else if (has_field(head, len, "X-Mozilla-Status:"))
			k = MIG_TBIRD;
	}
	free(head);
	return k;
}

/* accounts - each account directory of a Mail/ or ImapMail/ directory,
 * its folders at the top of the tree. */
static enum mda_err accounts(const struct mig_walker *wk, const char *dir,
			     struct why *w)
{
	struct dirent **list = NULL;
	char path[4096];
	enum mda_err e = MDA_OK;

	int n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		wk->damage(wk->ctx, dir, strerror(errno));
		return MDA_OK;
	}
	for (int i = 0; i < n; i++) {
		struct stat st;
		const char *d = list[i]->d_name;
		int k = snprintf(path, sizeof(path), "%s/%s", dir, d);
		if (e == MDA_OK && d[0] != '.' && k > 0 &&
		    (size_t)k < sizeof(path) && lstat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			e = mig_walk_tree(wk, path, "", w);
		free(list[i]);
	}
	free(list);
	return e;
}

enum mda_err mig_tbird_walk(const struct mig_walker *wk, const char *src,
			    struct why *w)
{
	static const char *const tops[] = { "ImapMail", "Mail" };
	char path[4096];
	enum mda_err e = MDA_OK;
	bool profile = false;
	struct stat st;

	for (int i = 0; e == MDA_OK && i < 2; i++) {
		int k = snprintf(path, sizeof(path), "%s/%s", src, tops[i]);
		if (k > 0 && (size_t)k < sizeof(path) && lstat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			profile = true;
			e = accounts(wk, path, w);
		}
	}
	if (profile)
		return e;
	const char *base = strrchr(src, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : src;
	if (strcmp(base, "Mail") == 0 || strcmp(base, "ImapMail") == 0)
		return accounts(wk, src, w);
	return mig_walk(wk, src, w);
}
