/*
 * state.h - state that outlives one delivery (vacation's who-was-answered,
 * duplicate's seen ids), in one SQLite database per user.
 *
 * Contract: state_new() does no I/O; the database (default ~/.mda/state.db,
 * or DIR/state.db with --state-dir) is opened on the first state_check(),
 * so a delivery whose script never asks pays nothing.  A check that marks
 * opens a write transaction (BEGIN IMMEDIATE) that stays open until
 * state_commit() or state_rollback(): the executor commits only after the
 * message is safely stored, so a delivery that fails or is killed leaves no
 * mark behind, and parallel deliveries of the same id serialise on the
 * write lock (exactly one of them sees "not seen").  Any database fault
 * (locked beyond the bounded wait, corrupt, unwritable) answers -1, logs
 * the reason once, and never fails the delivery (docs/VIOLATIONS.md).
 */
#ifndef MDA_STATE_H
#define MDA_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config.h"

#define STATE_BUSY_MS      5000     /* bounded wait for the write lock */
#define STATE_EXPIRE_ODDS  32       /* expire old rows on 1 open in N */
#define STATE_MAX_KEY      8192     /* longer keys are refused (-1) */

struct mda_state;

/* state_new - remember where the database lives (dir/state.db); no I/O.
 * cfg (may be NULL) is used only for log lines.  NULL on ENOMEM. */
struct mda_state *state_new(const char *dir, const struct config *cfg);
/* state_dir_default - "$home/.mda" into buf; NULL when it does not fit. */
const char *state_dir_default(const char *home, char *buf, size_t size);
/* test hooks: a fixed clock (0: time()) and the lock wait in ms. */
void state_set_clock(struct mda_state *st, time_t now);
void state_set_busy_ms(struct mda_state *st, unsigned ms);

/* state_check - has (kind, key) been recorded within period seconds?
 * 1 seen, 0 not, -1 error.  With mark, record it (inside the open write
 * transaction): a kind ending in ":last" restarts the period at every
 * sighting, other kinds keep the first one.  Signature of
 * sieve_runtime_env.state_check; ctx is a struct mda_state. */
int state_check(void *ctx, const char *kind, const char *key,
		long long period, int mark);
/* state_check_n - the same with a key of keylen octets (may hold NUL). */
int state_check_n(struct mda_state *st, const char *kind, const char *key,
		  size_t keylen, long long period, int mark);
/* state_filter_check - the callback handed to the Sieve engine: as
 * state_check, except that kind "vacation" answers 0 and touches nothing,
 * because mda decides (and records) replies when it executes the action. */
int state_filter_check(void *ctx, const char *kind, const char *key,
		       long long period, int mark);
/* state_unmark - forget (kind, key) in its own transaction. 0 or -1. */
int state_unmark(struct mda_state *st, const char *kind, const char *key,
		 size_t keylen);
/* state_commit - make the marks of this delivery durable.  0 or -1. */
int state_commit(struct mda_state *st);
/* state_rollback - drop every mark made since the last commit. */
void state_rollback(struct mda_state *st);
/* state_expire - delete rows older than their kind can ever matter
 * (duplicate: 7 days, everything else: 365 days).  Rows deleted or -1. */
long state_expire(struct mda_state *st);
/* state_present - the database file exists (so it may hold marks);
 * a stat, no open. */
bool state_present(const struct mda_state *st);
/* state_error - the last failure, "" if none. */
const char *state_error(const struct mda_state *st);
/* state_free - roll back what is uncommitted, close, free, NULL *stp. */
void state_free(struct mda_state **stp);

#endif
