/*
 * migrate.h - the parts of `mda migrate` (see docs/migrate.md): dates,
 * mbox state headers to Maildir flags, the splitter and the store.
 */
#ifndef MDA_MIGRATE_H
#define MDA_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "migrate/mbox_reader.h"
#include "why.h"

/* --- migrate_date.c ------------------------------------------------ */

/* mig_date_rfc5322 - the date-time of a Date: field value (RFC 5322 3.3,
 * with the obsolete forms of 4.3: two-digit years, named zones, comments);
 * false when it is not one. */
bool mig_date_rfc5322(const char *s, size_t len, time_t *t_r);

/* mig_date_from_line - the asctime date of a From_ line ("From SENDER Www
 * Mmm dd hh:mm:ss [zone] yyyy"), local time unless a numeric zone is
 * given; false when the line has none (then it is not a separator). */
bool mig_date_from_line(const char *line, size_t len, time_t *t_r);

/* mig_days_from_civil - days since 1970-01-01 of a proleptic Gregorian
 * date (month 1-12). */
int64_t mig_days_from_civil(int64_t y, int m, int d);

/* --- migrate_flags.c ----------------------------------------------- */

struct mig_flags {
	bool seen, answered, flagged, deleted, draft;
	bool old;            /* Status: O - the client has seen it arrive */
	bool expunged;       /* X-Mozilla-Status 0x8: deleted, not compacted */
};

/* Each reads the value of its header into f (bits are only added). */
void mig_flags_status(const char *v, struct mig_flags *f);    /* RO */
void mig_flags_xstatus(const char *v, struct mig_flags *f);   /* AFDT */
void mig_flags_mozilla(const char *v, struct mig_flags *f);   /* hex */
/* mig_flags_letters - the Maildir letters of f in ASCII order ("DFRST"
 * at most) into out[6]. */
void mig_flags_letters(const struct mig_flags *f, char out[6]);
/* mig_flags_in_cur - the message goes to cur/ (it is no longer new). */
bool mig_flags_in_cur(const struct mig_flags *f);
/* mig_header_role - how the splitter treats a header field by name. */
enum mig_role { ROLE_KEEP, ROLE_DATE, ROLE_DROP, ROLE_STATUS, ROLE_XSTATUS,
		ROLE_MOZILLA, ROLE_KEYWORDS, ROLE_CLEN, ROLE_UWPSEUDO,
		ROLE_MOZILLA2, ROLE_MOZKEYS, ROLE_GMAIL };
enum mig_role mig_header_role(const char *name, size_t len);

/* mig_kw_add - append keyword word (len octets) to m's keywords unless
 * it is there already; false when there is no room left. */
struct mig_msg;
bool mig_kw_add(struct mig_msg *m, const char *word, size_t len);

/* --- migrate_mozilla.c --------------------------------------------- */

/* Thunderbird's state headers (mailnews/base/public/nsMsgMessageFlags):
 * X-Mozilla-Status read 0x1, replied 0x2, marked 0x4, expunged 0x8,
 * forwarded 0x1000; X-Mozilla-Status2 IMAP-deleted 0x200000, new 0x10000,
 * the old labels 1-5 in bits 25-27; X-Mozilla-Keys the tags. */
void mig_moz_status(const char *v, struct mig_msg *m);
void mig_moz_status2(const char *v, struct mig_msg *m);
void mig_moz_keys(const char *v, struct mig_msg *m);

/* --- migrate_split.c ----------------------------------------------- */

#define MIG_VALUE_MAX 512
#define MIG_LABELS_MAX 4096   /* X-Gmail-Labels, unfolded */

/* One message as the splitter saw it. */
struct mig_msg {
	unsigned long number;      /* 1-based, in the file */
	uint64_t offset;           /* stream offset of its From_ line */
	time_t date;               /* Date:, else the From_ line, else 0 */
	bool have_date;
	struct mig_flags flags;
	char keywords[MIG_VALUE_MAX];  /* IMAP keywords, space-separated */
	char labels[MIG_LABELS_MAX];   /* X-Gmail-Labels value, unfolded */
	bool uw_pseudo;            /* UW IMAP's folder-internal message */
	bool by_length;            /* body delimited by Content-Length */
	bool cut;                  /* the input ended inside it */
};

/* Where the messages go: each callback returns 0, or non-zero to stop. */
struct mig_sink {
	int (*begin)(void *ctx, const struct mig_msg *m);
	int (*data)(void *ctx, const char *p, size_t len);
	int (*end)(void *ctx, struct mig_msg *m);
	void *ctx;
};

/* What one file looked like. */
struct mig_stats {
	unsigned long messages;
	unsigned long gt_from;     /* lines ">From " (read as "From ") */
	unsigned long gtgt_from;   /* lines ">>From "... (one '>' removed) */
	unsigned long by_length;   /* bodies taken by Content-Length */
	unsigned long cl_ignored;  /* Content-Length present, not trusted */
	uint64_t junk_bytes;       /* outside any message */
	uint64_t junk_off;         /* where the first junk began */
	unsigned long junk_runs;
	bool cut_last;             /* last message without a final LF */
	bool read_error;           /* reader stopped early: see reader err */
	uint64_t stop_off;         /* where reading stopped */
};

/* mig_split - read every message of r into sink; 0, or the first
 * non-zero callback result.  Damage is counted in st, never fatal. */
int mig_split(struct mbr *r, const struct mig_sink *sink,
	      struct mig_stats *st);

/* mig_style - a one-phrase name for the quoting seen in st. */
const char *mig_style(const struct mig_stats *st);

#endif
