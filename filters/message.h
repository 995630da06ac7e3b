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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "site.h"

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

/* One run of a site program asked during the filter run (vnd.dovecot.
 * filter and vnd.dovecot.execute; pipe is an action, run after it).  The
 * engine fills the request; mda/ runs the program and fills the answer. */
enum sieve_program_kind { SIEVE_PROGRAM_FILTER, SIEVE_PROGRAM_EXECUTE };

struct sieve_program_call {
	enum sieve_program_kind kind;
	const char *name;              /* checked: no '/', no controls */
	const char *const *args;
	size_t nargs;
	/* input: data (execute :input), or the current message (filter,
	 * execute :pipe): header then the body of msg; else none */
	const char *input;
	size_t input_len;
	bool message;
	const char *header;            /* the current (edited) header */
	size_t header_len;
	const struct sieve_message *msg;
	/* answer: execute :output (at most output_max octets kept; malloc'd
	 * by mda, freed by the engine); filter: the new message, valid
	 * until the delivery ends, and its number (1, 2, ...) */
	bool want_output;
	size_t output_max;
	char *output;
	size_t output_len;
	const struct sieve_message *new_msg;
	unsigned version;
	char error[200];               /* why it failed, for the diagnostics */
};

#define SIEVE_PROGRAM_ARGS_MAX 64   /* arguments (the spec asks >= 16) */

/* program results */
enum { SIEVE_PROGRAM_OK = 1, SIEVE_PROGRAM_FALSE = 0,
       SIEVE_PROGRAM_UNKNOWN = -1, SIEVE_PROGRAM_FAILED = -2 };

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
	/* the site's settings (spamtest, virustest, extlists, notify), as
	 * data read by mda/ from its configuration; NULL: none configured */
	const struct sieve_site *site;
	/* run a site program (filter, execute): SIEVE_PROGRAM_OK (exit 0),
	 * _FALSE (a non-zero exit, or a filter that wrote nothing), _UNKNOWN
	 * (no such program in the site's directory), _FAILED (could not
	 * start, timed out, too much output).  NULL: no programs (every call
	 * is _UNKNOWN). */
	int (*program)(void *ctx, struct sieve_program_call *call);
	void *program_ctx;
	/* CPU time one run may take, in ms; 0: SIEVE_RUN_BUDGET_MS */
	unsigned filter_budget_ms;
};

#endif
