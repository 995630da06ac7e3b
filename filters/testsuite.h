/*
 * testsuite.h - run a testsuite file: a Sieve script that requires
 * "vnd.dovecot.testsuite" and names its checks in `test "name" {...}`
 * blocks (the language of Pigeonhole's conformance suite).
 *
 * The extension exists only here: sieve_compile() refuses to require it,
 * so a delivery or `mda check` never accepts it.  Everything that needs
 * the world outside the engine (a message made from text, the mailboxes a
 * result is stored into, the messages redirect and vacation would send,
 * the files test_script_compile names) is asked of the caller through
 * struct sieve_testsuite_ops; filters/ still opens nothing.
 *
 * Blocks run in order in one script run; top-level commands between them
 * run too (they set the message, the envelope, mailboxes).  Each block
 * starts with the message, envelope and (empty) result the top level left
 * and is reported once through ops->report: passed, or failed with why
 * (test_fail's reason, or the run-time error).
 */
#ifndef FILTERS_TESTSUITE_H
#define FILTERS_TESTSUITE_H

#include <stdbool.h>
#include <stddef.h>

#include "sieve.h"

struct sieve_testsuite_ops {
	/* a message from its text (test_set "message"); the caller keeps it
	 * until the run ends.  0, or -1 with why filled. */
	int (*message_text)(void *ctx, const char *text, size_t len,
			    const struct sieve_message **msg_r,
			    char *why, size_t wsize);
	/* test_message :smtp N: the N-th message sent (0-based) with its
	 * envelope; 1 found, 0 no such message. */
	int (*smtp_get)(void *ctx, unsigned long idx,
			const struct sieve_message **msg_r,
			const char **from_r, const char **to_r);
	/* test_message :folder F N: the N-th message stored in F and its
	 * flags (the caller's strings); 1 found, 0 not. */
	int (*folder_get)(void *ctx, const char *folder, unsigned long idx,
			  const struct sieve_message **msg_r,
			  const char *const **flags_r, size_t *nflags_r);
	/* a block begins (true) or ends (false): mda gives each block
	 * mailboxes of its own, with those the top level made */
	void (*block)(void *ctx, bool begin);
	/* test_result_reset (and a block's start): forget the outgoing
	 * mail captured so far */
	void (*smtp_reset)(void *ctx);
	/* test_mailbox_create: 0, or -1. */
	int (*mailbox_create)(void *ctx, const char *folder);
	/* test_script_compile: the text of a file named relative to the
	 * testsuite file (malloc'd) and a display name; 0, or -1. */
	int (*script_load)(void *ctx, const char *name, char **text_r,
			   size_t *len_r, char **name_r);
	/* includes of the scripts test_script_compile compiles */
	const struct sieve_loader *loader;
	/* test_result_execute: carry out acts for msg/env as a delivery
	 * would (stores, captured outgoing mail).  0, or -1 with the
	 * failure in why. */
	int (*execute)(void *ctx, const struct sieve_action_list *acts,
		       const struct sieve_message *msg,
		       const struct sieve_runtime_env *env,
		       char *why, size_t wsize);
	/* test_config_set/unset: 1 applied, 0 the setting means nothing
	 * here (value NULL: unset). */
	int (*config_set)(void *ctx, const char *name, const char *value);
	/* test_result_print */
	void (*print)(void *ctx, const struct sieve_action_list *acts);
	/* one line per block, in order */
	void (*report)(void *ctx, const char *name, bool ok, const char *why);
	void *ctx;
	/* ${tst.path}: the absolute directory of the testsuite file (the
	 * suite names its helper programs by it) */
	const char *path;
};

/*
 * sieve_testsuite_run - compile text in test mode and run its blocks.
 * env is the base run-time environment (clock, host, state hooks); the
 * envelope comes from the messages.  When the file does not compile, each
 * block it names is reported failed with the first error.  Returns the
 * number of blocks reported, or -1 when the file does not even parse (the
 * errors are in d).
 */
int sieve_testsuite_run(const char *name, const char *text, size_t len,
			const struct sieve_loader *loader,
			const struct sieve_runtime_env *env,
			const struct sieve_testsuite_ops *ops,
			struct sieve_diag *d);

#endif
