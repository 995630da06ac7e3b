/*
 * quota.h - Maildir++ quota: the `maildirsize` file at the Maildir root,
 * counted the way Dovecot's maildir quota backend and Courier maildrop's
 * deliverquota count it, so all three can share one Maildir.
 *
 * The file: a first line of limits ("NNNS", "NNNC" or "NNNS,NNNC"; 0 is
 * no limit), then lines "BYTES COUNT" whose sums are the usage.  A
 * delivery appends one line with one write(2) under O_APPEND; the file is
 * recounted from the folders (new/ and cur/ of the root and of every
 * .Folder, sizes from ",S=" in the names) and replaced by rename when it
 * is missing, QUOTA_FILE_MAX octets or longer, broken, or says "over
 * quota" while it is more than one summary line or QUOTA_STALE_SECS old.
 * Concurrent deliveries may each overshoot by one message; none can
 * corrupt the file (a half-written last line is ignored, as Dovecot does).
 *
 * Contract: nothing here fails a delivery because the file is bad; a
 * broken, unreadable or symlinked maildirsize is recounted where that is
 * safe and the reason is left in q->note for the caller's log.  Over
 * quota is MDA_ERR_QUOTA (75, 4.2.2: the MTA retries), or
 * MDA_ERR_QUOTA_FULL (69, 5.2.2: bounced) with --quota-full permanent or
 * when one message is larger than the whole quota (RFC 3463 X.2.2).
 */
#ifndef MDA_QUOTA_H
#define MDA_QUOTA_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "why.h"

#define QUOTA_FILE_NAME   "maildirsize"
#define QUOTA_FILE_MAX    5120       /* a file this long is recounted */
#define QUOTA_STALE_SECS  (15 * 60)  /* an old "over quota" is recounted */
#define QUOTA_VALUE_MAX   (1LL << 62) /* larger values are garbage */
#define QUOTA_SCAN_MAX    20000000L  /* directory entries per recount */
/* A folder left out of the count, as Dovecot's `quota_rule =
 * Trash:ignore`: none by default (maildrop counts Trash too unless built
 * otherwise).  A later /etc/mda.conf key may set quota.ignore. */
#define QUOTA_IGNORE_DEFAULT NULL
/* Warnings put into INBOX when a delivery crosses these percentages. */
#define QUOTA_WARN_LOW    80
#define QUOTA_WARN_HIGH   95

struct quota_limit {
	uint64_t bytes;    /* 0: no storage limit */
	uint64_t count;    /* 0: no message limit */
};

struct quota_usage {
	int64_t bytes;
	int64_t count;
};

/* the small fields first, the two paths last: a delivery then touches
 * two pages of it, not three (each first touch is a page fault) */
struct quota {
	const char *ignore;         /* folder not counted, or NULL */
	struct quota_limit limit;   /* in force */
	struct quota_usage used;
	bool on;                    /* a limit is in force */
	bool recounted;             /* used comes from a recount just now */
	bool file_ok;               /* the file is ours to append to */
	bool given;                 /* limit from the caller, not the file */
	bool read_only;             /* --dry-run: recount, never write */
	unsigned lines;             /* usage lines read from the file */
	time_t mtime, now;
	char note[320];             /* what was wrong with the file, or "" */
	char root[4096];            /* the Maildir root */
	char path[4200];            /* root/maildirsize */
};

/* quota_parse - "--quota" syntax: STORAGE[,MESSAGES], STORAGE a number of
 * octets with an optional K, M, G or T (powers of 1024); the Maildir++
 * form "NNNS,NNNC" too.  0 or -1 (nothing set on error). */
int quota_parse(const char *spec, struct quota_limit *l);
/* quota_parse_rule - a Dovecot userdb rule "*:storage=1G:messages=100"
 * (storage without a unit is in kilobytes, as in Dovecot; bytes= is in
 * octets).  0 or -1. */
int quota_parse_rule(const char *rule, struct quota_limit *l);

/* quota_load - the limit (given, if any limit is set in it, else the
 * file's first line) and the usage of the Maildir at root; recounts when
 * the file needs it.  q->on false: no quota here, and no file is made.
 * q->read_only is the caller's (zero q first): set, a recount is not
 * written (dry run).  Fails (MDA_ERR_TEMP) only when a needed recount
 * cannot read a folder. */
enum mda_err quota_load(struct quota *q, const char *root,
			const struct quota_limit *given, time_t now,
			struct why *w);
/* quota_admit - may bytes/count more be stored?  Over quota with a file
 * that may be stale recounts once first.  MDA_OK, MDA_ERR_QUOTA or
 * MDA_ERR_QUOTA_FULL (see above), w filled. */
enum mda_err quota_admit(struct quota *q, uint64_t bytes, uint64_t count,
			 bool permanent, struct why *w);
/* quota_record - append "bytes count" for what was stored; a failure is
 * noted (q->note) and the file removed or cut back so the next delivery
 * recounts: the mail is already safe. */
void quota_record(struct quota *q, int64_t bytes, int64_t count);
/* quota_percent - the fuller of storage and messages, in whole percent. */
unsigned quota_percent(const struct quota *q, const struct quota_usage *u);
/* quota_check - load and admit in one call (the LMTP server's per
 * recipient test); usage_r gets the usage before the message. */
enum mda_err quota_check(const char *root, const struct quota_limit *l,
			 uint64_t size, bool permanent,
			 struct quota_usage *usage_r, struct why *w);

/* quota_file.c: the file itself. */
/* quota_parse_limits - a Maildir++ limits line "NNNS", "NNNC" or
 * "NNNS,NNNC" from s to end; 0 or -1 (l untouched). */
int quota_parse_limits(const char *s, const char *end, struct quota_limit *l);
/* quota_file_read - parse q->path into q (limit unless given, used, lines);
 * 1 usable, 0 must be recounted (missing, long, broken), -1 on no limit
 * (with no given limit, a file we cannot read gives no quota). */
int quota_file_read(struct quota *q);
/* quota_file_write - replace the file by "limits\nbytes count\n" (made in
 * tmp/, renamed).  0 or an errno value. */
int quota_file_write(struct quota *q);
/* quota_file_append - one line, one write.  0 or an errno value. */
int quota_file_append(struct quota *q, int64_t bytes, int64_t count);

/* quota_scan.c: the recount. */
/* quota_scan - sum new/ and cur/ of the root and every .Folder (not
 * q->ignore, not symlinks); *changed_r when a folder changed meanwhile
 * (then the sums are used but not written).  0 or an errno value. */
int quota_scan(const struct quota *q, struct quota_usage *u, bool *changed_r);

#endif
