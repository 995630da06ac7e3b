/*
 * ts.h - the run-time state of a testsuite run (internal; the public
 * face is filters/testsuite.h).
 *
 * One struct ix_ts lives beside the interpreter of the testsuite file
 * (ix->ts).  It owns the envelope strings the file set, the scripts
 * test_script_compile made, the log test_error reads, and the message the
 * top level chose, to which every block returns when it ends.  The result
 * that test_result_* look at is the interpreter's own action list:
 * actions a block takes itself, or those of test_script_run.
 */
#ifndef FILTERS_TS_H
#define FILTERS_TS_H

#include <stdbool.h>

#include "run/interp.h"
#include "testsuite.h"

#define TS_MAX_SCRIPTS 64    /* test_script_compile per file */
#define TS_MAX_BINARIES 16   /* test_binary_save names */

struct ts_envelope {
	char *from, *to, *orig_to, *auth;
};

struct ts_msgstate {
	const struct sieve_message *msg;
	struct ts_envelope env;
	const char *const *flags;    /* a stored message's flags (caller's) */
	size_t nflags;
};

struct ix_ts {
	const struct sieve_testsuite_ops *ops;
	struct sieve_runtime_env env;   /* ix->env: base + cur's envelope */
	struct ts_msgstate cur, top;    /* now; what a block returns to */
	bool in_block;
	char *fail;                     /* test_fail's reason */
	struct sieve_diag log;          /* what test_error reads */
	struct sieve_script *compiled;  /* test_script_compile's, or NULL */
	struct sieve_script *scripts[TS_MAX_SCRIPTS];   /* owned */
	size_t nscripts;
	struct { char *name; struct sieve_script *s; } bins[TS_MAX_BINARIES];
	size_t nbins;
	size_t executed;                /* actions already carried out */
	bool keep_executed;             /* the implicit keep too */
	unsigned blocks;                /* reported so far */
};

/* ts-state.c */
struct ix_ts *ts_of(struct sieve_ix *ix, const struct sieve_node *n);
/* ts_path - ${tst.path}: the testsuite file's directory, or "". */
const char *ts_path(const struct ix_ts *ts);
/* ts_set_message - make msg the message of the run, with its envelope
 * (NULL from/to: taken from its header, as Pigeonhole's testsuite does)
 * and the flags it was stored with.  0 or IX_ERR. */
int ts_set_message(struct sieve_ix *ix, const struct sieve_message *msg,
		   const char *from, const char *to,
		   const char *const *flags, size_t nflags);
/* ts_set_envelope - test_set "envelope.PART" VALUE.  0 or IX_ERR. */
int ts_set_envelope(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *part, const char *value);
/* ts_result_reset - an empty result: the implicit keep pending, the
 * message's own flags in force. */
int ts_result_reset(struct sieve_ix *ix);
/* ts_fail - end the block as failed with reason (IX_STOP). */
int ts_fail(struct sieve_ix *ix, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ts_log_clear(struct ix_ts *ts);
/* ts_block - run one `test` block and report it. */
int ts_block(struct sieve_ix *ix, const struct sieve_node *n);

/* ts-result.c */
int ts_script_compile(struct sieve_ix *ix, const char *name, bool *res);
int ts_script_run(struct sieve_ix *ix, bool append, bool *res);
int ts_result_execute(struct sieve_ix *ix, bool *res);
/* ts_action_names - the names Pigeonhole gives the actions of the
 * result ("keep", "store", "redirect", ...), the pending implicit keep
 * left out; the vector is kept in the scratch list. */
const char **ts_action_names(struct sieve_ix *ix, size_t *n_r);

#endif
