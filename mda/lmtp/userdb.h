/*
 * userdb.h - virtual users: who an LMTP recipient is and where they live.
 *
 * Two sources, as dovecot-lmtp has them: a passwd-file table (Dovecot's
 * format, `user@domain:password:uid:gid:gecos:home:shell:extra fields`,
 * the password ignored), or a home template (`/var/vmail/%d/%n`) for
 * sites without a table, where a user exists when their home does.
 * Lookup strips a `+detail` from the local part and folds the domain to
 * lower case (RFC 5321 2.4: the local part is the receiver's to read; we
 * keep its case, as Dovecot's passwd-file does).
 */
#ifndef MDA_LMTP_USERDB_H
#define MDA_LMTP_USERDB_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "intake/inbox.h"
#include "why.h"

struct lmtp_addr {
	char local[256];     /* without the +detail */
	char detail[256];
	char domain[256];    /* lower case; "" when the address had none */
	bool has_detail;
};

struct lmtp_user {
	char name[520];      /* local@domain: the table's key, Sieve's user */
	char home[1024];
	long uid, gid;       /* -1 when the table leaves them empty */
	char mail[1024];     /* userdb_mail: maildir:PATH or mbox:FILE, or "" */
	char quota_rule[128];/* userdb_quota_rule, kept for quota; "" none */
};

struct userdb_line {
	char *key;           /* local@domain, domain folded */
	char *rest;          /* the fields after the key */
};

struct userdb {
	const char *path;            /* --userdb, or NULL */
	const char *home_template;   /* --home, or NULL */
	char *text;
	struct userdb_line *lines;   /* sorted by key */
	size_t nlines;
	struct stat seen;            /* the file as last read */
	bool loaded;
};

/* lmtp_addr_parse - split addr; -1 for an address we refuse (empty
 * parts, '/', quotes, control characters, a leading '.'): it could
 * escape a home template. */
int lmtp_addr_parse(const char *addr, struct lmtp_addr *a);

/* userdb_open - remember the source; reads the table once. */
enum mda_err userdb_open(struct userdb *db, const char *path,
			 const char *home_template, struct why *w);
/* userdb_reload - read the table again (SIGHUP). */
enum mda_err userdb_reload(struct userdb *db, struct why *w);
/* userdb_lookup - MDA_OK with u filled; MDA_ERR_NOUSER (5.1.1) for an
 * unknown user; MDA_ERR_TEMP (4.3.0) when the table cannot be read.  A
 * table changed on disk is read again first. */
enum mda_err userdb_lookup(struct userdb *db, const struct lmtp_addr *a,
			   struct lmtp_user *u, struct why *w);
void userdb_free(struct userdb *db);
/* userdb_table_find - the fields after key in the table (read again
 * when changed), or NULL: *e_r MDA_OK for "no such key", else the error. */
const char *userdb_table_find(struct userdb *db, const char *key,
			      struct why *w, enum mda_err *e_r);

/* userdb_inbox - the user's INBOX: userdb_mail, else HOME/Maildir. */
enum mda_err userdb_inbox(const struct lmtp_user *u, const char *host,
			  struct inbox *ib, struct why *w);

#endif
