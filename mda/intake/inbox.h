/*
 * inbox.h - who we deliver for and where their INBOX is (design.md).
 */
#ifndef MDA_INBOX_H
#define MDA_INBOX_H

#include <stdbool.h>

#include "config.h"
#include "why.h"

struct inbox {
	char user[256];
	char home[4096];
	bool is_maildir;
	char path[4096];     /* Maildir root or mbox file */
	char host[256];      /* for Maildir names */
	char folder_dir[4096];  /* mbox folders: --folder-dir or ~/Mail */
};

/* inbox_resolve - -m, -M, $MAILDIR, ~/Maildir/ if it exists in any form,
 * the spool /var/mail/$USER (or /var/spool/mail) if that directory
 * exists, else ~/Mailbox.  An unknown user with no $HOME is
 * MDA_ERR_NOUSER; a $MAILDIR or ~/Maildir that exists but is not a usable
 * directory (a file, a dangling link, no access) is MDA_ERR_TEMP (4.2.0)
 * naming the path, never a reason to deliver elsewhere. */
enum mda_err inbox_resolve(const struct config *cfg, struct inbox *ib,
			   struct why *w);

#endif
