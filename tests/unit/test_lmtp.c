/*
 * test_lmtp.c - the LMTP room's pieces without a server: the DATA decoder
 * (dot-unstuffing, CRLF to LF, bare CR, the terminator split across reads,
 * what follows it left for the next command, the size limit), the command
 * line reader (overlong lines skipped), address splitting (+detail, domain
 * case, refusals) and the passwd-file table (lookup, first line wins,
 * extra fields, home template, a table changed on disk).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "lmtp/conn.h"
#include "lmtp/data.h"
#include "lmtp/userdb.h"

/* conn_from - a connection reading in[0..len) from a file. */
static void conn_from(struct lmtp_conn *c, const char *in, size_t len)
{
	char path[] = "/tmp/mda-lmtp-in.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(io_write_all(fd, in, len), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(unlink(path), 0);
	conn_init(c, fd, -1, -1);
}

/* decode_all - run data_read to the end; returns what it gave. */
static char *decode_all(struct lmtp_data *d, size_t step, ssize_t *last_r)
{
	static char out[8192];
	size_t n = 0;
	ssize_t r;

	while ((r = data_read(d, out + n, step)) > 0)  /* bounded by input */
		n += (size_t)r;
	*last_r = r;
	out[n] = '\0';
	return out;
}

static void test_unstuff(void **state)
{
	static const char in[] = "A: b\r\n\r\n..x\r\n.\r\nbare\rcr\r\r\n"
				 "...two\r\n.\r\nNOOP\r\n";
	size_t steps[] = { 2, 3, 7, 4096 };
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct lmtp_conn c;
		struct lmtp_data d;
		ssize_t last;
		char line[64];

		conn_from(&c, in, sizeof(in) - 1);
		data_init(&d, &c, 1000);
		/* the first ".\r\n" is stuffed ("..x"), the second ends it */
		const char *got = decode_all(&d, steps[i], &last);
		assert_int_equal(last, 0);
		assert_string_equal(got, "A: b\n\n.x\n");
		assert_true(d.ended);
		/* what follows the terminator is the next command's */
		assert_int_equal(conn_line(&c, line, sizeof(line), false),
				 CONN_OK);
		assert_string_equal(line, "bare\rcr\r");
		close(c.in);
	}
}

/* One DATA section each: what comes out, how reading ends, whether the
 * rest can be drained, and the command line that follows. */
static const struct {
	const char *in;
	uint64_t max;
	size_t step;
	const char *out;    /* NULL: not checked (a failed read) */
	ssize_t last;
	int err;            /* errno of a failed read */
	bool drained;
	const char *next;   /* the line after the section, or NULL */
} decode_cases[] = {
	{ "a\rb\r\r\n...\r\n.\r\n", 1000, 2, "a\rb\r\n..\n", 0, 0,
	  true, NULL },
	{ "0123456789\r\n0123456789\r\n.\r\nQUIT\r\n", 15, 8, NULL, -1,
	  EFBIG, true, "QUIT" },
	{ "Subject: x\r\n\r\nhalf", 1000, 4096, NULL, -1, ECONNRESET,
	  false, NULL },
	{ ".\r\nNOOP\r\n", 1000, 3, "", 0, 0, true, "NOOP" },
};

static void test_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]);
	     i++) {
		struct lmtp_conn c;
		struct lmtp_data d;
		ssize_t last;
		char line[64];

		conn_from(&c, decode_cases[i].in, strlen(decode_cases[i].in));
		data_init(&d, &c, decode_cases[i].max);
		const char *got = decode_all(&d, decode_cases[i].step, &last);
		if (last != decode_cases[i].last ||
		    (last < 0 && errno != decode_cases[i].err))
			fail_msg("case %zu: got %zd (errno %d), want %zd (%d)",
				 i, last, errno, decode_cases[i].last,
				 decode_cases[i].err);
		if (decode_cases[i].out != NULL)
			assert_string_equal(got, decode_cases[i].out);
		assert_int_equal(data_drain(&d), decode_cases[i].drained);
		if (decode_cases[i].next != NULL) {
			assert_int_equal(conn_line(&c, line, sizeof(line),
						   false), CONN_OK);
			assert_string_equal(line, decode_cases[i].next);
		}
		close(c.in);
	}
}

static void test_long_line(void **state)
{
	char in[5000];
	struct lmtp_conn c;
	char line[100];
	(void)state;

	memset(in, 'x', sizeof(in));
	memcpy(in + 4000, "\r\nNOOP\r\n", 8);
	conn_from(&c, in, 4008);
	assert_int_equal(conn_line(&c, line, sizeof(line), false), CONN_LONG);
	assert_int_equal(conn_line(&c, line, sizeof(line), false), CONN_OK);
	assert_string_equal(line, "NOOP");
	assert_int_equal(conn_line(&c, line, sizeof(line), false), CONN_EOF);
	close(c.in);
}

static void test_addr(void **state)
{
	static const struct { const char *in, *local, *detail, *domain; } ok[] = {
		{ "Alice+Lists@EXAMPLE.Org", "Alice", "Lists", "example.org" },
		{ "bob@example.org", "bob", "", "example.org" },
		{ "c+a+b@x.y", "c", "a+b", "x.y" },
		{ "+x@x.y", "+x", "", "x.y" },
		{ "postmaster", "postmaster", "", "" },
	};
	static const char *const bad[] = { "", "@x", "a/b@x", "../x@y",
		".a@x", "a@../x", "a@x/y", "a b@x", "\"a\"@x", "a@.x", "a%d@x" };
	struct lmtp_addr a;
	(void)state;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(lmtp_addr_parse(ok[i].in, &a), 0);
		assert_string_equal(a.local, ok[i].local);
		assert_string_equal(a.detail, ok[i].detail);
		assert_string_equal(a.domain, ok[i].domain);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (lmtp_addr_parse(bad[i], &a) != -1)
			fail_msg("got accepted, want refused: %s", bad[i]);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(io_write_all(fd, text, strlen(text)), 0);
	assert_int_equal(close(fd), 0);
}

static void test_table(void **state)
{
	char dir[] = "/tmp/mda-userdb.XXXXXX", path[64];
	struct userdb db;
	struct lmtp_addr a;
	struct lmtp_user u;
	struct why w = { "", "" };
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/users", dir);
	write_file(path, "# comment\n"
		   "alice@Example.ORG:{SHA}x:5000:5001::/v/alice::"
		   "userdb_quota_rule=*:storage=1G userdb_mail=mbox:~/mbox\n"
		   "alice@example.org:x:1:1::/other::\n"
		   "bob@example.org:x:::::\n"
		   "bad@example.org:x:50x0:::::\n");
	assert_int_equal(userdb_open(&db, path, "/t/%d/%n/%u/%%", &w), MDA_OK);
	assert_int_equal(lmtp_addr_parse("alice+x@EXAMPLE.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_OK);
	assert_string_equal(u.name, "alice@example.org");
	assert_string_equal(u.home, "/v/alice");     /* the first line wins */
	assert_int_equal(u.uid, 5000);
	assert_int_equal(u.gid, 5001);
	assert_string_equal(u.quota_rule, "*:storage=1G");
	assert_string_equal(u.mail, "mbox:~/mbox");
	struct inbox ib;
	assert_int_equal(userdb_inbox(&u, "h", &ib, &w), MDA_OK);
	assert_false(ib.is_maildir);
	assert_string_equal(ib.path, "/v/alice/mbox");

	assert_int_equal(lmtp_addr_parse("bob@example.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_OK);
	assert_string_equal(u.home, "/t/example.org/bob/bob@example.org/%");
	assert_int_equal(u.uid, -1);
	assert_int_equal(userdb_inbox(&u, "h", &ib, &w), MDA_OK);
	assert_string_equal(ib.path, "/t/example.org/bob/bob@example.org/%/Maildir");

	assert_int_equal(lmtp_addr_parse("carol@example.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_ERR_NOUSER);
	assert_int_equal(lmtp_addr_parse("bad@example.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_ERR_TEMP);

	/* changed on disk: read again at the next lookup */
	write_file(path, "carol@example.org:x::::/v/carol::\n");
	assert_int_equal(lmtp_addr_parse("carol@example.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_OK);
	assert_string_equal(u.home, "/v/carol");
	/* gone: a temporary failure, never "unknown user" */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_ERR_TEMP);
	assert_string_equal(w.status, "4.3.0");
	userdb_free(&db);
	assert_int_equal(rmdir(dir), 0);
}

static void test_template_only(void **state)
{
	char dir[] = "/tmp/mda-vhome.XXXXXX", tpl[64], home[80];
	struct userdb db;
	struct lmtp_addr a;
	struct lmtp_user u;
	struct why w = { "", "" };
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(tpl, sizeof(tpl), "%s/%%d/%%n", dir);
	snprintf(home, sizeof(home), "%s/x.org", dir);
	assert_int_equal(mkdir(home, 0700), 0);
	snprintf(home, sizeof(home), "%s/x.org/ann", dir);
	assert_int_equal(mkdir(home, 0700), 0);
	assert_int_equal(userdb_open(&db, NULL, tpl, &w), MDA_OK);
	assert_int_equal(lmtp_addr_parse("ann+z@X.ORG", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_OK);
	assert_string_equal(u.home, home);
	assert_int_equal(lmtp_addr_parse("ben@x.org", &a), 0);
	assert_int_equal(userdb_lookup(&db, &a, &u, &w), MDA_ERR_NOUSER);
	userdb_free(&db);
	assert_int_equal(rmdir(home), 0);
	snprintf(home, sizeof(home), "%s/x.org", dir);
	assert_int_equal(rmdir(home), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unstuff),
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_template_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
