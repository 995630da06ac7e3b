/*
 * migrate_store.h - where migrated messages go: Maildir++ folders, named
 * by the digest of their bytes, written in batches made durable by
 * syncfs() instead of one fsync per message.
 *
 * Per message: the bytes are held in memory (spilled to a tmp/ file past
 * MIG_MEM_MAX, so memory stays bounded), digested (SHA-256, first 128
 * bits), dropped if the folder already has that digest, else written to
 * an unnamed file (O_TMPFILE in tmp/; where the filesystem has no
 * O_TMPFILE, a named tmp/ file) with the message date as mtime, and kept
 * open.  Per batch (MIG_BATCH_MSGS open files, fewer under a low
 * RLIMIT_NOFILE): syncfs(), then link each file into new/ or cur/ as
 * "SEC.D<digest>.HOST,S=SIZE[:2,FLAGS]" (linkat AT_EMPTY_PATH, or through
 * /proc/self/fd; a named tmp file is linked and unlinked).  At the end one
 * more syncfs() makes the links durable.  A message for several folders
 * (Gmail labels) is written once and hard-linked into each.  A crash before the link leaves
 * nothing (an unnamed file vanishes with its last descriptor); a re-run
 * skips every digest it finds in new/ or cur/ (scanned once per folder:
 * from the name mda gave, else from the content).
 */
#ifndef MDA_MIGRATE_STORE_H
#define MDA_MIGRATE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/maildir.h"
#include "migrate/migrate.h"
#include "migrate/migrate_set.h"
#include "migrate/migrate_sha256.h"

#define MIG_MEM_MAX (4u << 20)
#define MIG_BATCH_MSGS 256
#define MIG_BATCH_BYTES (64u << 20)

struct mig_folder {
	char *name;              /* "INBOX", "lists.foo" */
	char *path;              /* its directory */
	int dirfd;               /* -1: absent (dry run) */
	struct mig_set seen;     /* digests in new/ and cur/ */
	char kw_in[MIG_VALUE_MAX], kw_out[32];  /* last keywords mapped */
	unsigned kw_nlost;       /* of kw_in, how many found no letter */
};

struct mig_pending {
	struct mig_folder *f;    /* linked into this folder */
	struct mig_folder *tmpf; /* whose tmp/ holds the file */
	uint64_t size;
	int fd;                  /* the unnamed file, or -1: named tmp */
	bool more;               /* a later entry links the same file */
	char tmp[MAILDIR_NAME_MAX];
	char final[MAILDIR_NAME_MAX + 64];
};

struct mig_store {
	const char *root;
	bool dry_run;
	int rootfd;
	char host[MAILDIR_NAME_MAX];
	long long t0;
	long u0, pid;
	unsigned long seq;
	struct mig_folder **folders;
	size_t nfolders;
	struct mig_folder *cur;
	char *mbuf;                  /* the message being read */
	size_t mlen, mcap;
	bool spilled;                /* past MIG_MEM_MAX: bytes in tmp/ */
	int spill_fd;                /* that tmp/ file (not in a dry run) */
	struct mig_folder *spill_f;  /* whose tmp/ it is in */
	char spill[MAILDIR_NAME_MAX];
	uint64_t msize;
	struct sha256 sha;
	struct mig_pending *batch;
	size_t nbatch, batch_max;
	bool no_tmpfile;             /* the filesystem refused O_TMPFILE */
	bool no_empty_path;          /* linkat(AT_EMPTY_PATH) refused */
	uint64_t batch_bytes;
	bool gmail;                  /* route by X-Gmail-Labels */
	bool labels_as_keywords;     /* ... to keywords, one folder */
	bool skip_expunged;          /* a Thunderbird source */
	unsigned long stored, dups, pseudo;
	unsigned long links;         /* extra folders of one message (Gmail) */
	unsigned long expunged;      /* Thunderbird: deleted, not compacted */
	unsigned long labels_lost;   /* Gmail labels that fit nowhere */
	unsigned long kw_lost;       /* keywords past 26 in a folder */
	uint64_t bytes;
	enum mda_err err;            /* the first storage failure */
	struct why why;
};

/* mig_store_init - make the root Maildir (not in a dry run). */
enum mda_err mig_store_init(struct mig_store *s, const char *root,
			    bool dry_run, struct why *w);
/* mig_store_folder - make folder name current (made and scanned once). */
enum mda_err mig_store_folder(struct mig_store *s, const char *name,
			      struct why *w);
/* mig_store_sink - the splitter's callbacks into s. */
void mig_store_sink(struct mig_store *s, struct mig_sink *sink);
/* mig_store_flush - syncfs, then link the batch into new/ and cur/; 0 or
 * -1 with s->err and s->why set. */
int mig_store_flush(struct mig_store *s);
/* mig_store_finish - link what is pending, syncfs; then nothing is left
 * to lose.  Also called after a failure, to keep what was written. */
enum mda_err mig_store_finish(struct mig_store *s, struct why *w);
void mig_store_free(struct mig_store *s);

#endif
