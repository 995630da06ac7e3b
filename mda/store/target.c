/*
 * target.c - resolve keep/fileinto into distinct places on disk.
 *
 * Maildir INBOX: folders are Maildir++ subdirectories (maildir.c).
 * mbox INBOX: a folder "a.b" is the mbox file FOLDER_DIR/a/b, with the same
 * refusals ('/', empty parts, a leading '.').
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "store/maildir.h"
#include "store/target.h"

static enum mda_err mbox_folder_path(const struct inbox *ib, const char *name,
				     char *out, size_t outsz, struct why *w)
{
	char check[4096];
	enum mda_err e;
	int n;

	if (strcasecmp(name, "INBOX") == 0) {
		n = snprintf(out, outsz, "%s", ib->path);
		return (n < 0 || (size_t)n >= outsz) ?
		       why_set(w, MDA_ERR_DATA, "5.2.0", "path too long") : MDA_OK;
	}
	/* Same name rules as Maildir++; the check path is thrown away. */
	e = maildir_folder_dir("", name, check, sizeof(check), w);
	if (e != MDA_OK)
		return e;
	n = snprintf(out, outsz, "%s/%s", ib->folder_dir, name);
	if (n < 0 || (size_t)n >= outsz)
		return why_set(w, MDA_ERR_DATA, "5.2.0", "path too long");
	for (char *p = out + strlen(ib->folder_dir) + 1; *p; p++)
		if (*p == '.')
			*p = '/';
	return MDA_OK;
}

int target_folder_exists(void *ctx, const char *name)
{
	const struct inbox *ib = ctx;
	char path[4096], sub[4200];
	struct why w;
	struct stat st;
	enum mda_err e = ib->is_maildir ?
		maildir_folder_dir(ib->path, name, path, sizeof(path), &w) :
		mbox_folder_path(ib, name, path, sizeof(path), &w);

	if (e != MDA_OK)
		return 0;   /* a name we would refuse cannot exist */
	/* INBOX is there even before its first message. */
	if (strcmp(path, ib->path) == 0)
		return 1;
	if (!ib->is_maildir)
		return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	int n = snprintf(sub, sizeof(sub), "%s/cur", path);
	if (n < 0 || (size_t)n >= sizeof(sub))
		return 0;
	/* Folders are real directories, never links (maildir.c refuses). */
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	       lstat(sub, &st) == 0 && S_ISDIR(st.st_mode);
}

static struct target *target_find(struct target_list *tl, const char *path)
{
	for (size_t i = 0; i < tl->n; i++)
		if (strcmp(tl->v[i].path, path) == 0)
			return &tl->v[i];
	return NULL;
}

/* target_put - add (or merge into) the target for folder name. */
static enum mda_err target_put(const struct inbox *ib, struct target_list *tl,
			       const char *name,
			       const struct sieve_action *act, struct why *w)
{
	char path[4096];
	enum mda_err e = ib->is_maildir ?
		maildir_folder_dir(ib->path, name, path, sizeof(path), w) :
		mbox_folder_path(ib, name, path, sizeof(path), w);

	if (e != MDA_OK)
		return e;
	struct target *t = target_find(tl, path);
	if (t != NULL) {
		/* One copy per folder: an explicit action beats the implicit
		 * keep, a later one carries the flags in force last. */
		if (act != NULL && act->script != NULL)
			t->act = act;
		return MDA_OK;
	}
	if (tl->n >= TARGET_MAX)
		return why_set(w, MDA_ERR_DATA, "5.3.4", "too many folders");
	if (tl->n % 4 == 0) {   /* most deliveries have one or two */
		struct target *v = realloc(tl->v, (tl->n + 4) * sizeof(*v));
		if (v == NULL)
			return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
		tl->v = v;
	}
	/* field by field: zeroing the whole path buffer would touch pages
	 * nothing reads (each first touch is a page fault) */
	t = &tl->v[tl->n++];
	t->stored = NULL;
	t->done = false;
	snprintf(t->path, sizeof(t->path), "%s", path);
	snprintf(t->folder, sizeof(t->folder), "%s", name);
	t->inbox = strcmp(path, ib->path) == 0;
	t->act = act;
	return MDA_OK;
}

enum mda_err target_add_inbox(const struct inbox *ib, struct target_list *tl,
			      const struct sieve_action *act, struct why *w)
{
	return target_put(ib, tl, "INBOX", act, w);
}

enum mda_err target_build(const struct inbox *ib, const struct plan *p,
			  struct target_list *tl, struct why *w)
{
	enum mda_err e = MDA_OK;

	for (size_t i = 0; e == MDA_OK && i < p->n; i++) {
		const struct sieve_action *a = p->v[i];

		if (a->type == SIEVE_ACT_KEEP)
			e = target_put(ib, tl, "INBOX", a, w);
		else if (a->type == SIEVE_ACT_FILEINTO)
			e = target_put(ib, tl, a->mailbox ? a->mailbox : "", a, w);
		if (e == MDA_ERR_DATA) {
			char text[sizeof(w->text)];
			snprintf(text, sizeof(text), "%s", w->text);
			why_set(w, MDA_ERR_DATA, w->status,
				"fileinto \"%.200s\" refused: %.200s",
				a->mailbox ? a->mailbox : "", text);
		}
	}
	return e;
}

void target_list_free(struct target_list *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		free(tl->v[i].stored);
	free(tl->v);
	tl->v = NULL;
	tl->n = 0;
}
