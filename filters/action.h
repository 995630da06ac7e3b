/*
 * action.h - the border between the filter engine and the delivery agent.
 *
 * The Sieve interpreter produces a struct sieve_action_list; mda/ carries it
 * out.  Nothing here touches a disk.  With no filter the list is one keep.
 * Each action remembers the script and line that decided it (line 0 and
 * script NULL: implicit keep), so the log, `mda test` and `--dry-run` print
 * the same thing through sieve_action_print().
 */
#ifndef FILTERS_ACTION_H
#define FILTERS_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum sieve_action_type {
	SIEVE_ACT_KEEP,       /* store in INBOX */
	SIEVE_ACT_FILEINTO,   /* store in mailbox */
	SIEVE_ACT_DISCARD,    /* cancel the implicit keep, store nothing */
	SIEVE_ACT_REDIRECT,   /* send to address */
	SIEVE_ACT_REJECT,     /* refuse: reason back to the MTA (exit 77) */
	SIEVE_ACT_EREJECT,    /* same, at SMTP level where possible */
	SIEVE_ACT_VACATION,   /* send an auto-reply */
	SIEVE_ACT_PIPE,       /* vnd.dovecot.pipe: hand to a site program */
	SIEVE_ACT_NOTIFY,     /* enotify (RFC 5435): send a notification */
};

#define SIEVE_NOTIFY_RCPT_MAX 8   /* recipients of one notification */

/* enotify: one notification (RFC 5435 3.1), its mailto URI (RFC 5436,
 * RFC 6068) already taken apart and checked by the engine */
struct sieve_notify {
	char *method;     /* the URI as written, "mailto:..." */
	char *from;       /* :from, or NULL */
	int importance;   /* 1 high, 2 normal, 3 low */
	char **options;   /* :options, "name=value" */
	size_t noptions;
	char *message;    /* :message, or NULL for the default summary */
	/* the recipients: [0, nto) To, [nto, nto + ncc) Cc, the rest Bcc */
	char **rcpt;
	/* beside rcpt: each one's display name (RFC 6068 2: a to= or cc=
	 * may hold "name <addr>"), UTF-8, encoded-words decoded; an entry
	 * or the whole array may be NULL.  Only the To/Cc fields show it. */
	char **names;
	size_t nrcpt, nto, ncc;
	char *subject;    /* the URI's subject, or NULL */
	char *body;       /* the URI's body, or NULL */
	char *id;         /* the notify draft's :id (denotify), or NULL */
	bool draft;       /* made by the notify draft: Auto-Submitted says
			   auto-generated (RFC 3834 5); auto-notified is
			   RFC 5436's, for enotify */
};

struct sieve_vacation {
	char *to;         /* who gets the reply (the envelope sender) */
	char *from;       /* :from, or NULL for the recipient */
	char *subject;    /* final subject line */
	char *reason;     /* body text (or MIME entity with :mime) */
	bool mime;
	char *handle;     /* identity for the once-per-period rule */
	long long period; /* seconds */
	/* :addresses (the user's other addresses), malloc'd strings; mda
	 * re-checks "addressed to the user" against these, the envelope
	 * recipient and the original recipient.  NULL/0 when not given. */
	char **addresses;
	size_t naddresses;
};

struct sieve_action {
	enum sieve_action_type type;
	char *mailbox;     /* FILEINTO: the folder name as written in Sieve */
	bool create;       /* :create (RFC 5490) */
	char **flags;      /* imap4flags in force, NULL-free array */
	size_t nflags;
	char *address;     /* REDIRECT */
	bool copy;         /* :copy (RFC 3894) */
	char *reason;      /* REJECT / EREJECT */
	struct sieve_vacation *vacation;  /* VACATION */
	struct sieve_notify *notify;      /* NOTIFY */
	char *program;     /* PIPE: the program's name in the site's directory */
	char **args;       /* PIPE: its arguments */
	size_t nargs;
	bool try_;         /* PIPE :try: a failure is logged, not an error */
	/* which message the action takes (vnd.dovecot.filter): 0 the one
	 * delivered, k the output of the k-th filter of the run */
	unsigned version;
	/* editheader: the whole header block to store in place of the
	 * original one (LF line ends, ends with the blank line), or NULL. */
	char *header_block;
	size_t header_block_len;
	char *script;        /* file that decided it (owned); NULL: implicit keep */
	unsigned line;
};

struct sieve_action_list {
	struct sieve_action *v;
	size_t n;
	size_t cap;
};

/* sieve_actions_add - append a zeroed action of type; NULL on ENOMEM. */
struct sieve_action *sieve_actions_add(struct sieve_action_list *list,
				       enum sieve_action_type type);
/* sieve_actions_remove - drop action i (the engine's denotify). */
void sieve_actions_remove(struct sieve_action_list *list, size_t i);
/* sieve_actions_set_keep - drop everything, leave one implicit keep. */
int sieve_actions_set_keep(struct sieve_action_list *list);
void sieve_actions_free(struct sieve_action_list *list);
/* sieve_actions_truncate - free the actions from index n on. */
void sieve_actions_truncate(struct sieve_action_list *list, size_t n);
/* sieve_vacation_free - free v and everything it owns; NULL is fine. */
void sieve_vacation_free(struct sieve_vacation *v);
void sieve_notify_free(struct sieve_notify *v);
/* sieve_action_print - one line: what, where, decided by script:line. */
void sieve_action_print(const struct sieve_action *a, FILE *out);
/* sieve_action_name - "keep", "fileinto", ... */
const char *sieve_action_name(enum sieve_action_type type);
/* sieve_flag_dup_list - copy a flag array (for snapshots). */
char **sieve_flags_dup(char *const *flags, size_t n);

#endif
