/*
 * migrate_source.h - the kinds of source `mda migrate` reads, told by
 * --from or by their shape (docs/migrate.md, "Sources"), and the readers
 * of sources that hold one message per file (MH, Maildir).
 */
#ifndef MDA_MIGRATE_SOURCE_H
#define MDA_MIGRATE_SOURCE_H

#include <stdbool.h>

#include "migrate/migrate.h"
#include "migrate/migrate_store.h"
#include "migrate/migrate_walk.h"

enum mig_kind { MIG_AUTO, MIG_MBOX, MIG_GMAIL, MIG_TBIRD, MIG_MH,
		MIG_MAILDIR };

/* mig_kind_parse - the word of --from (NULL: MIG_AUTO); false if unknown. */
bool mig_kind_parse(const char *word, enum mig_kind *k_r);
const char *mig_kind_name(enum mig_kind k);

/* mig_detect - the kind of SRC by its shape: a directory with cur/ and
 * new/ is a Maildir; one with Mail/ or ImapMail/, .msf files or .sbd
 * directories a Thunderbird tree; one with .mh_sequences, Claws' marks or
 * numbered message files an MH tree; anything else mbox (files, trees). */
enum mig_kind mig_detect(const char *src);
/* mig_detect_mbox - of an mbox just opened: MIG_GMAIL when its first
 * message has X-Gmail-Labels, MIG_TBIRD with X-Mozilla-Status, else
 * MIG_MBOX. */
enum mig_kind mig_detect_mbox(struct mbr *r);

/* What a reader of message files hands each message to. */
struct mig_reader {
	struct mig_store *store;
	const struct mig_sink *sink;   /* the store's, wrapped */
	void (*damage)(void *ctx, const char *path, const char *text);
	/* folder_done - one source folder read: N messages into folder. */
	void (*folder_done)(void *ctx, const char *path, const char *folder,
			    unsigned long n, const char *kind);
	void *ctx;
	char *buf;                     /* MBR_CAP_DEFAULT octets */
	unsigned long removed;         /* MH: ",N" / "#N" files (rmm) */
};

/* mig_file_feed - the message file name in dirfd (path for messages) as
 * m: dated by its Date: header when header_date (else, and failing
 * that, by the file's mtime).  MDA_OK also when the file could not be
 * read (reported as damage); a storage failure otherwise. */
enum mda_err mig_file_feed(struct mig_reader *rd, int dirfd, const char *name,
			   const char *path, struct mig_msg *m,
			   bool header_date, struct why *w);

/* migrate_mh.c: an MH/nmh/Claws tree (docs/migrate.md, "MH"). */
struct mig_mh_seqs {
	struct mig_mh_range { unsigned long lo, hi; } *r[3];
	size_t n[3], cap[3];
};
enum { MIG_MH_UNSEEN = 1, MIG_MH_FLAGGED = 2, MIG_MH_REPLIED = 4 };
/* mig_mh_seq_parse - .mh_sequences text: 0, or ENOMEM. */
int mig_mh_seq_parse(const char *text, size_t len, struct mig_mh_seqs *s);
/* mig_mh_seq_bits - MIG_MH_* bits of message number n. */
unsigned mig_mh_seq_bits(const struct mig_mh_seqs *s, unsigned long n);
void mig_mh_seq_free(struct mig_mh_seqs *s);
enum mda_err mig_mh_read(struct mig_reader *rd, const char *src,
			 struct why *w);

/* migrate_maildir.c: a Maildir++ tree merged into the destination. */
enum mda_err mig_maildir_read(struct mig_reader *rd, const char *src,
			      struct why *w);

/* migrate_tbird.c: a Thunderbird profile, Mail/ or ImapMail/ or account
 * directory; each account's folders merge into one tree. */
enum mda_err mig_tbird_walk(const struct mig_walker *wk, const char *src,
			    struct why *w);

#endif
