/*
 * state.c - the per-user state database (SQLite) behind vacation and
 * duplicate (RFC 5230 section 4.2, RFC 7352 section 3).
 *
 * One table: state(kind TEXT, key TEXT, stamp INTEGER, PRIMARY KEY(kind,
 * key)), stamp in seconds since the epoch.  Choices, and why:
 * - journal_mode=WAL: readers never block the writer, and a process killed
 *   at any instant leaves a database SQLite recovers on the next open.
 * - synchronous=FULL: the commit is fsync'd before we act on it.  A
 *   delivery already pays two or three fsyncs for the Maildir; one more
 *   makes "replied to X" durable before the reply leaves, so a power cut
 *   cannot make us answer the same sender twice.
 * - busy_timeout bounded (STATE_BUSY_MS): a lock we cannot get within it is
 *   an error (-1), never an unbounded wait under the MTA's time limit.
 * - check-and-mark runs inside BEGIN IMMEDIATE, which takes the write lock
 *   before reading, so concurrent deliveries cannot both read "not seen".
 *   The transaction stays open until the executor commits after the store
 *   (see state.h), so a failed or killed delivery leaves no mark.
 * - the file is made 0600 in a 0700 directory: it says who wrote to whom.
 * - SQLite itself is loaded (dynlib.c) by the first open, never before:
 *   most deliveries use no state and should not pay for mapping it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io.h"
#include "dynlib.h"
#include "log.h"
#include "outward/state.h"

#define DAY (86400LL)
#define STATE_DIR_MAX 4096   /* the bound of the path buffers it once had */

/* small: a delivery makes one whether or not the script needs it, and
 * every page it touches first is a page fault */
struct mda_state {
	char *dir;
	char *path;       /* dir + "/state.db", in the same allocation */
	const struct config *cfg;
	struct dl_sqlite lib;         /* filled by state_open() */
	const struct dl_sqlite *sq;   /* &lib once loaded */
	sqlite3 *db;
	bool broken;      /* failed once: answer -1 without waiting again */
	bool in_txn;
	time_t now;       /* fixed clock for tests; 0: time() */
	unsigned busy_ms;
	char err[320];
};

struct mda_state *state_new(const char *dir, const struct config *cfg)
{
	static const char db[] = "/state.db";
	size_t n = strlen(dir);
	struct mda_state *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->cfg = cfg;
	st->busy_ms = STATE_BUSY_MS;
	if (n >= STATE_DIR_MAX) {
		st->broken = true;
		snprintf(st->err, sizeof(st->err), "state: directory name too long");
		return st;
	}
	if ((st->dir = malloc(2 * n + sizeof(db) + 1)) == NULL) {
		free(st);
		return NULL;
	}
	memcpy(st->dir, dir, n + 1);
	st->path = st->dir + n + 1;
	memcpy(st->path, dir, n);
	memcpy(st->path + n, db, sizeof(db));
	return st;
}

const char *state_dir_default(const char *home, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/.mda", home);

	return n < 0 || (size_t)n >= size ? NULL : buf;
}

void state_set_clock(struct mda_state *st, time_t now) { st->now = now; }
void state_set_busy_ms(struct mda_state *st, unsigned ms)
{
	st->busy_ms = ms;
	if (st->db != NULL)
		(void)st->sq->busy_timeout(st->db, (int)ms);
}

const char *state_error(const struct mda_state *st) { return st->err; }

bool state_present(const struct mda_state *st)
{
	struct stat sb;

	return !st->broken && stat(st->path, &sb) == 0;
}

static long long clock_now(const struct mda_state *st)
{
	return st->now != 0 ? (long long)st->now : (long long)io_now();
}

/* fail - record and log (once per delivery) why the state is unusable;
 * every later check answers -1 at once instead of waiting again. */
static int fail(struct mda_state *st, const char *what, const char *detail)
{
	bool first = !st->broken;

	/* A cut path in a log line is acceptable; the reason comes last. */
	(void)snprintf(st->err, sizeof(st->err), "state %.150s: %.20s: %.120s",
		       st->path ? st->path : "-", what, detail);
	st->broken = true;
	if (first && st->cfg != NULL)
		log_note(st->cfg, st->err);
	return -1;
}

static int fail_db(struct mda_state *st, const char *what)
{
	return fail(st, what, st->db ? st->sq->errmsg(st->db) : "no database");
}

static int mode_cb(void *ctx, int ncol, char **val, char **names)
{
	char *out = ctx;

	if (ncol > 0 && val[0] != NULL)
		snprintf(out, 16, "%s", val[0]);
	return 0;
}

/* setup - pragmas and schema; an sqlite3 result code. */
static int setup(struct mda_state *st)
{
	char mode[16] = "";
	int rc = st->sq->exec(st->db, "PRAGMA journal_mode=WAL", mode_cb, mode,
			      NULL);

	if (rc != SQLITE_OK)
		return rc;
	if (strcmp(mode, "wal") != 0 && st->cfg != NULL)
		log_note(st->cfg, "state: WAL not available, rollback journal used");
	rc = st->sq->exec(st->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	return st->sq->exec(st->db,
		"CREATE TABLE IF NOT EXISTS state (kind TEXT NOT NULL, "
		"key TEXT NOT NULL, stamp INTEGER NOT NULL, "
		"PRIMARY KEY (kind, key)) WITHOUT ROWID", NULL, NULL, NULL);
}

/* state_open - lazily open and prepare the database; 0 or -1. */
static int state_open(struct mda_state *st)
{
	struct timespec ts;
	mode_t old;
	int rc;

	if (st->db != NULL)
		return 0;
	if (st->broken)
		return -1;
	if (st->sq == NULL) {
		struct why w;

		if (!dynlib_sqlite(&st->lib, &w))
			return fail(st, "load", w.text);
		st->sq = &st->lib;
	}
	if (mkdir(st->dir, 0700) != 0 && errno != EEXIST)
		return fail(st, "mkdir", strerror(errno));
	old = umask(077);
	rc = st->sq->open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		rc = st->sq->busy_timeout(st->db, (int)st->busy_ms);
	/* Three bounded rounds: the very first open by many deliveries at
	 * once can see SQLITE_BUSY while another one switches to WAL. */
	for (int i = 0; rc == SQLITE_OK || (rc == SQLITE_BUSY && i > 0); i++) {
		if (i == 3)
			break;
		rc = setup(st);
		if (rc != SQLITE_BUSY)
			break;
	}
	(void)umask(old);
	if (rc != SQLITE_OK) {
		(void)fail_db(st, "open");
		(void)st->sq->close(st->db);
		st->db = NULL;
		return -1;
	}
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0 &&
	    ts.tv_nsec / 1000 % STATE_EXPIRE_ODDS == 0)
		(void)state_expire(st);
	return 0;
}

static int begin(struct mda_state *st)
{
	if (st->in_txn)
		return 0;
	if (st->sq->exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail_db(st, "begin");
	st->in_txn = true;
	return 0;
}

/* lookup - the stamp of (kind, key): 1 found, 0 not, -1 error. */
static int lookup(struct mda_state *st, const char *kind, const char *key,
		  size_t keylen, long long *stamp_r)
{
	sqlite3_stmt *q = NULL;
	int rc = st->sq->prepare_v2(st->db, "SELECT stamp FROM state WHERE "
				    "kind = ?1 AND key = ?2", -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = st->sq->bind_text(q, 1, kind, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = st->sq->bind_text(q, 2, key, (int)keylen, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = st->sq->step(q);
	if (rc == SQLITE_ROW)
		*stamp_r = st->sq->column_int64(q, 0);
	(void)st->sq->finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail_db(st, "lookup");
}

/* write_row - INSERT OR REPLACE, or DELETE when stamp < 0; 0 or -1. */
static int write_row(struct mda_state *st, const char *kind, const char *key,
		     size_t keylen, long long stamp)
{
	sqlite3_stmt *q = NULL;
	int rc = st->sq->prepare_v2(st->db, stamp >= 0 ?
		"INSERT OR REPLACE INTO state (kind, key, stamp) "
		"VALUES (?1, ?2, ?3)" :
		"DELETE FROM state WHERE kind = ?1 AND key = ?2", -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = st->sq->bind_text(q, 1, kind, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = st->sq->bind_text(q, 2, key, (int)keylen, SQLITE_STATIC);
	if (rc == SQLITE_OK && stamp >= 0)
		rc = st->sq->bind_int64(q, 3, stamp);
	if (rc == SQLITE_OK)
		rc = st->sq->step(q);
	(void)st->sq->finalize(q);
	return rc == SQLITE_DONE ? 0 : fail_db(st, "write");
}

static bool refreshes(const char *kind)
{
	size_t n = strlen(kind);

	return n >= 5 && strcmp(kind + n - 5, ":last") == 0;
}

int state_check_n(struct mda_state *st, const char *kind, const char *key,
		  size_t keylen, long long period, int mark)
{
	long long stamp = 0, now = clock_now(st);
	int found;
	bool seen;

	if (st == NULL || st->broken || kind == NULL || key == NULL ||
	    period < 0 || keylen > STATE_MAX_KEY)
		return -1;
	if (state_open(st) != 0 || begin(st) != 0)
		return -1;
	found = lookup(st, kind, key, keylen, &stamp);
	if (found < 0) {
		state_rollback(st);
		return -1;
	}
	/* A stamp in the future (the clock went back) counts as recent. */
	seen = found == 1 && (stamp > now || now - stamp < period);
	if (mark && (!seen || refreshes(kind)) &&
	    write_row(st, kind, key, keylen, now) != 0) {
		state_rollback(st);
		return -1;
	}
	return seen ? 1 : 0;
}

int state_check(void *ctx, const char *kind, const char *key,
		long long period, int mark)
{
	if (key == NULL)
		return -1;
	return state_check_n(ctx, kind, key, strlen(key), period, mark);
}

int state_filter_check(void *ctx, const char *kind, const char *key,
		       long long period, int mark)
{
	if (kind != NULL && strcmp(kind, "vacation") == 0)
		return 0;  /* decided and recorded by vacation.c */
	return state_check(ctx, kind, key, period, mark);
}

int state_unmark(struct mda_state *st, const char *kind, const char *key,
		 size_t keylen)
{
	if (st == NULL || st->broken || state_open(st) != 0)
		return -1;
	return write_row(st, kind, key, keylen, -1);
}

int state_commit(struct mda_state *st)
{
	if (st == NULL || !st->in_txn)
		return 0;
	if (st->sq->exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		st->in_txn = false;
		return 0;
	}
	(void)fail_db(st, "commit");
	state_rollback(st);
	return -1;
}

void state_rollback(struct mda_state *st)
{
	if (st == NULL || !st->in_txn)
		return;
	/* Fails only when SQLite already rolled back by itself. */
	(void)st->sq->exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = false;
}

long state_expire(struct mda_state *st)
{
	long long now = clock_now(st);
	sqlite3_stmt *q = NULL;
	int rc;

	if (st == NULL || st->db == NULL || st->in_txn)
		return -1;
	rc = st->sq->prepare_v2(st->db, "DELETE FROM state WHERE stamp < ?1 OR "
				"(kind LIKE 'duplicate%' AND stamp < ?2)", -1,
				&q, NULL);
	if (rc == SQLITE_OK)
		rc = st->sq->bind_int64(q, 1, now - 365 * DAY);
	if (rc == SQLITE_OK)
		rc = st->sq->bind_int64(q, 2, now - 7 * DAY);
	if (rc == SQLITE_OK)
		rc = st->sq->step(q);
	(void)st->sq->finalize(q);
	/* Not worth failing a delivery for: the rows go next time. */
	return rc == SQLITE_DONE ? (long)st->sq->changes(st->db) : -1;
}

void state_free(struct mda_state **stp)
{
	struct mda_state *st = *stp;

	if (st == NULL)
		return;
	state_rollback(st);
	if (st->db != NULL)
		(void)st->sq->close(st->db);
	free(st->dir);
	free(st);
	*stp = NULL;
}
