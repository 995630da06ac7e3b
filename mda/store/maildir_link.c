/*
 * maildir_link.c - publish a finished tmp/ file into new/ or cur/.
 *
 * link(), not rename(): link refuses to replace an existing name, so two
 * deliveries can never overwrite each other, and the same tmp file can be
 * linked into several folders (one write of the body for all of them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "store/maildir.h"

#define LINK_TRIES 16

enum mda_err maildir_link(const char *tmp_path, const char *dir,
			  struct maildir_namer *nm, uint64_t size, const char *info,
			  char **final_r, struct why *w)
{
	const char *sub = info[0] != '\0' ? "cur" : "new";
	char name[MAILDIR_NAME_MAX], path[4096], subdir[4096];
	struct maildir_uniq u;
	unsigned settle = 0;
	int n;

	n = snprintf(subdir, sizeof(subdir), "%s/%s", dir, sub);
	if (n < 0 || (size_t)n >= sizeof(subdir))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "Maildir path too long");
	for (int i = 0; i < LINK_TRIES; i++) {
		int err = maildir_namer_next(nm, &u);
		if (err == 0)
			err = maildir_name(&u, name, sizeof(name));
		if (err != 0)
			return why_errno(w, err, "making a Maildir name");
		n = snprintf(path, sizeof(path), "%s/%s,S=%llu%s", subdir, name,
			     (unsigned long long)size, info);
		if (n < 0 || (size_t)n >= sizeof(path))
			return why_set(w, MDA_ERR_TEMP, "4.3.0",
				       "Maildir path too long");
		if (link(tmp_path, path) == 0)
			break;
		if (errno != EEXIST && io_settle(errno, &settle))
			continue;   /* at most IO_SETTLE_TRIES of the tries */
		if (errno != EEXIST)
			return why_errno(w, errno, "linking into the Maildir");
		if (i == LINK_TRIES - 1)
			return why_set(w, MDA_ERR_TEMP, "4.3.0",
				       "no unique Maildir name after %d tries",
				       LINK_TRIES);
	}
	int err = io_fsync_dir(subdir);
	if (err != 0) {
		/* Not durable: take the name back so the MTA's retry does not
		 * make a second copy. */
		(void)unlink(path);
		return why_errno(w, err, "syncing the Maildir");
	}
	*final_r = strdup(path);
	return MDA_OK;
}
