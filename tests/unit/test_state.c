/*
 * test_state.c - the state database: check/mark semantics per kind and
 * period, ":last" refresh, rollback, persistence, expiry, lazy open, a
 * corrupt file and a held lock (-1 after a bounded wait, no crash), and
 * forked processes racing on one key (exactly one sees "not seen").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "outward/state.h"

struct fx {
	char dir[64];
	char sdir[96];
	char db[128];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/mda-state.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->sdir, sizeof(f->sdir), "%s/.mda", f->dir);
	snprintf(f->db, sizeof(f->db), "%s/state.db", f->sdir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", f->dir);
	free(f);
	return 0;
}

struct step {
	time_t now;
	const char *kind;
	const char *key;
	long long period;
	int mark;
	int want;
};

static const struct step steps[] = {
	{ 1000, "duplicate", "k1", 100, 0, 0 },   /* a peek marks nothing */
	{ 1000, "duplicate", "k1", 100, 0, 0 },
	{ 1000, "duplicate", "k1", 100, 1, 0 },   /* first sighting, marked */
	{ 1050, "duplicate", "k1", 100, 1, 1 },
	{ 1099, "duplicate", "k1", 100, 1, 1 },   /* still the first stamp */
	{ 1100, "duplicate", "k1", 100, 1, 0 },   /* period over: new mark */
	{ 1150, "duplicate", "k1", 100, 0, 1 },
	{ 1150, "vacation", "k1", 100, 0, 0 },    /* kinds are separate */
	{ 1150, "duplicate", "K1", 100, 0, 0 },   /* keys are exact */
	{ 900, "duplicate", "k1", 100, 0, 1 },    /* clock went back: seen */
	{ 2000, "duplicate:last", "k2", 100, 1, 0 },
	{ 2090, "duplicate:last", "k2", 100, 1, 1 },  /* restarts the period */
	{ 2150, "duplicate:last", "k2", 100, 1, 1 },
	{ 2000, "duplicate", "k3", 100, 1, 0 },
	{ 2090, "duplicate", "k3", 100, 1, 1 },   /* keeps the first */
	{ 2150, "duplicate", "k3", 100, 1, 0 },
	{ 3000, "duplicate", "k4", 0, 1, 0 },     /* period 0: never seen */
	{ 3000, "duplicate", "k4", 0, 1, 0 },
};

static void test_semantics(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);

	assert_non_null(st);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];
		state_set_clock(st, s->now);
		int got = state_check(st, s->kind, s->key, s->period, s->mark);
		if (got != s->want)
			fail_msg("step %zu (%s %s at %lld): got %d want %d", i,
				 s->kind, s->key, (long long)s->now, got, s->want);
		assert_int_equal(state_commit(st), 0);
	}
	state_free(&st);
	assert_null(st);
}

static void test_nul_in_key(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);

	state_set_clock(st, 5000);
	assert_int_equal(state_check_n(st, "vacation", "h\0a@x", 5, 10, 1), 0);
	assert_int_equal(state_check_n(st, "vacation", "h\0b@x", 5, 10, 1), 0);
	assert_int_equal(state_check_n(st, "vacation", "h\0a@x", 5, 10, 0), 1);
	assert_int_equal(state_check_n(st, "vacation", "h", 1, 10, 0), 0);
	assert_int_equal(state_commit(st), 0);
	assert_int_equal(state_unmark(st, "vacation", "h\0a@x", 5), 0);
	assert_int_equal(state_check_n(st, "vacation", "h\0a@x", 5, 10, 0), 0);
	assert_int_equal(state_check_n(st, "vacation", "h\0b@x", 5, 10, 0), 1);
	state_free(&st);
}

static void test_rollback_and_persist(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);

	state_set_clock(st, 7000);
	assert_int_equal(state_check(st, "duplicate", "gone", 100, 1), 0);
	state_rollback(st);   /* the delivery failed: no mark */
	assert_int_equal(state_check(st, "duplicate", "kept", 100, 1), 0);
	assert_int_equal(state_commit(st), 0);
	assert_int_equal(state_check(st, "duplicate", "lost", 100, 1), 0);
	state_free(&st);      /* uncommitted at the end: rolled back */

	st = state_new(f->sdir, NULL);
	state_set_clock(st, 7001);
	assert_int_equal(state_check(st, "duplicate", "gone", 100, 0), 0);
	assert_int_equal(state_check(st, "duplicate", "kept", 100, 0), 1);
	assert_int_equal(state_check(st, "duplicate", "lost", 100, 0), 0);
	state_free(&st);
	struct stat sb;
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(f->sdir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
}

static void test_expire(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);
	const time_t t0 = 1700000000;

	state_set_clock(st, t0);
	assert_int_equal(state_check(st, "duplicate", "d", 3600, 1), 0);
	assert_int_equal(state_check(st, "vacation", "v", 86400, 1), 0);
	assert_int_equal(state_commit(st), 0);
	state_set_clock(st, t0 + 6 * 86400);
	assert_int_equal(state_expire(st), 0);
	state_set_clock(st, t0 + 8 * 86400);
	assert_int_equal(state_expire(st), 1);        /* the duplicate row */
	assert_int_equal(state_check(st, "vacation", "v", 400 * 86400LL, 0), 1);
	assert_int_equal(state_commit(st), 0);
	state_set_clock(st, t0 + 366 * 86400);
	assert_int_equal(state_expire(st), 1);        /* the vacation row */
	assert_int_equal(state_check(st, "vacation", "v", 400 * 86400LL, 0), 0);
	state_free(&st);
}

static void test_lazy(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);
	struct stat sb;

	/* The engine's vacation question is answered by mda later. */
	assert_int_equal(state_filter_check(st, "vacation", "h x@y", 60, 1), 0);
	assert_int_equal(stat(f->sdir, &sb), -1);
	assert_int_equal(state_filter_check(st, "duplicate", "\nid", 60, 1), 0);
	assert_int_equal(stat(f->db, &sb), 0);
	state_free(&st);
}

static void test_corrupt(void **state)
{
	struct fx *f = *state;
	char junk[8192];
	int fd;

	assert_int_equal(mkdir(f->sdir, 0700), 0);
	fd = open(f->db, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)("this is not sqlite\n"[i % 19]);
	assert_int_equal(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	assert_int_equal(close(fd), 0);

	struct mda_state *st = state_new(f->sdir, NULL);
	assert_int_equal(state_check(st, "duplicate", "x", 60, 1), -1);
	assert_int_equal(state_check(st, "duplicate", "x", 60, 1), -1);
	assert_int_equal(state_commit(st), 0);
	assert_non_null(strstr(state_error(st), "not a database"));
	state_free(&st);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_locked(void **state)
{
	struct fx *f = *state;
	struct mda_state *st = state_new(f->sdir, NULL);
	sqlite3 *holder = NULL;
	struct timespec t0;

	assert_int_equal(state_check(st, "duplicate", "a", 60, 1), 0);
	assert_int_equal(state_commit(st), 0);
	assert_int_equal(sqlite3_open(f->db, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL,
				      NULL), SQLITE_OK);
	state_set_busy_ms(st, 300);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(state_check(st, "duplicate", "b", 60, 1), -1);
	long ms = ms_since(&t0);
	if (ms < 250 || ms > 5000)
		fail_msg("locked wait: got %ld ms want 300", ms);
	assert_non_null(strstr(state_error(st), "locked"));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(state_check(st, "duplicate", "c", 60, 1), -1);
	if (ms_since(&t0) > 100)
		fail_msg("second check waited again");
	state_free(&st);
	assert_int_equal(sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_close(holder), SQLITE_OK);
	st = state_new(f->sdir, NULL);
	assert_int_equal(state_check(st, "duplicate", "b", 60, 1), 0);
	state_free(&st);
}

/* Forked processes race on one key: the write lock taken before the read
 * (BEGIN IMMEDIATE) lets exactly one of them see "not seen". */
static void test_race(void **state)
{
	struct fx *f = *state;
	enum { N = 24 };
	pid_t pids[N];
	int unseen = 0, seen = 0;

	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct mda_state *st = state_new(f->sdir, NULL);
			int r = state_check(st, "duplicate", "<race@x>", 600, 1);
			if (r == 0 && state_commit(st) != 0)
				r = -1;
			state_free(&st);
			_exit(r == 0 ? 10 : r == 1 ? 11 : 12);
		}
	}
	for (int i = 0; i < N; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		unseen += WEXITSTATUS(status) == 10;
		seen += WEXITSTATUS(status) == 11;
	}
	if (unseen != 1 || seen != N - 1)
		fail_msg("race: got %d unseen %d seen, want 1 and %d", unseen,
			 seen, N - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_semantics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_and_persist, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lazy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_race, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
