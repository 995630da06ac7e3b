/*
 * message.h - the read-only view of one message that the filter engine sees.
 *
 * The delivery agent (mda/) fills it from its spool: the header fields it
 * indexed while reading stdin, and a callback that reads body octets.  The
 * engine never opens a file; it reads only through this view, so a huge body
 * is streamed, never slurped.
 */
#ifndef FILTERS_MESSAGE_H
#define FILTERS_MESSAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct sieve_header_field {
	const char *name;     /* field name, not NUL-terminated */
	size_t name_len;
	const char *value;    /* raw value after the colon: folded, CRLF kept
				 inside folds, final line end removed */
	size_t value_len;
};

struct sieve_message {
	const struct sieve_header_field *fields;  /* in message order */
	size_t nfields;
	const char *header_block;  /* the raw header bytes, blank line included */
	size_t header_len;
	uint64_t size;             /* octets of the message (RFC 5228 size) */
	uint64_t body_size;        /* octets after the header block */
	/* Read body octets [off, off + len); returns count (0 at end) or -1. */
	ssize_t (*body_read)(void *ctx, uint64_t off, void *buf, size_t len);
	void *body_ctx;
};

struct sieve_envelope {
	const char *from;        /* reverse-path without <>, "" null sender */
	const char *to;          /* the recipient address */
	const char *orig_to;     /* original recipient, may be NULL */
	const char *user;        /* local user name */
	const char *auth;        /* may be NULL */
};

/* Everything the run may consult beyond the message: no globals. */
struct sieve_runtime_env {
	struct sieve_envelope envelope;
	time_t now;                 /* for currentdate; fixed in tests */
	const char *domain;         /* environment "domain" */
	const char *host;           /* environment "host" */
	const char *remote_host;    /* may be NULL */
	const char *remote_ip;      /* may be NULL */
	const char *location;       /* "MDA" */
	const char *phase;          /* "during" */
	/* vnd.mda.quota.usage, .limit (octets) and .percent (the fuller of
	 * storage and messages), decimal, before this message; computed by
	 * mda.  NULL: no quota (the environment test is false). */
	const char *quota_usage;
	const char *quota_limit;
	const char *quota_percent;
	/* vacation/duplicate state, provided by mda/; NULL: not available.
	 * Returns 1 seen within period, 0 not, -1 error.  `mark` records it. */
	int (*state_check)(void *ctx, const char *kind, const char *key,
			   long long period, int mark);
	void *state_ctx;
	/* mailboxexists (RFC 5490 3.1): 1 the folder exists and can be
	 * delivered to, 0 not, -1 unknown.  NULL: every name the store
	 * accepts is taken to exist (folders are made on demand). */
	int (*mailbox_exists)(void *ctx, const char *name);
	void *mailbox_ctx;
	/* magic (vnd.mda.magic): detect type of a buffer; NULL: unavailable */
	const char *(*magic_type)(void *ctx, const void *buf, size_t len,
				  int description);
	void *magic_ctx;
	/* CPU time one run may take, in ms; 0: SIEVE_RUN_BUDGET_MS */
	unsigned filter_budget_ms;
};

#endif
