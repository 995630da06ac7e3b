/*
 * migrate_gmail.h - a Google Takeout message's X-Gmail-Labels to the
 * Maildir++ folders, flags and keywords it gets (docs/migrate.md, "Gmail
 * Takeout").
 */
#ifndef MDA_MIGRATE_GMAIL_H
#define MDA_MIGRATE_GMAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "migrate/migrate.h"

#define MIG_ROUTE_MAX 32       /* folders per message */
#define MIG_FOLDER_MAX 512     /* a folder name, UTF-8 */

struct mig_route {
	char folder[MIG_ROUTE_MAX][MIG_FOLDER_MAX];
	size_t nfolders;
	unsigned long dropped;     /* labels left out: too many, too long */
};

/* mig_gmail_route - from m->labels: the folders into r (at least one),
 * the flags into m->flags and, with as_keywords, the user labels into
 * m->keywords and a single folder. */
void mig_gmail_route(struct mig_msg *m, bool as_keywords, struct mig_route *r);

/* mig_gmail_folder - a user label as a Maildir++ folder name: '/' nests
 * (becomes '.'), a '.' or control character inside a part becomes '_',
 * an empty part "_"; false when it does not fit in size. */
bool mig_gmail_folder(const char *label, size_t len, char *out, size_t size);

#endif
