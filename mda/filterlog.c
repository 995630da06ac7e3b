/*
 * filterlog.c - FILTER.log beside the script (see filterlog.h).
 *
 * The file is the user's, in a directory the user (or someone else) may
 * have prepared: it is opened O_NOFOLLOW|O_NONBLOCK (a symlink fails, a
 * FIFO neither blocks nor is written), then fstat'ed and used only if it
 * is a regular file with one link owned by us; group and other bits are
 * taken away.  One write(2) per entry in O_APPEND mode, so concurrent
 * deliveries do not interleave their lines; a write that fails is cut
 * back.  Whatever fails is noted in syslog and the delivery goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "filterlog.h"
#include "io.h"
#include "log.h"

#define OPEN_FLAGS (O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | \
		    O_NOCTTY | O_CLOEXEC)

void filterlog_add(struct filterlog_entry *e, const char *line)
{
	static const char cut[] = "  (more errors not shown)\n";
	size_t room = sizeof(e->text) - sizeof(cut);
	size_t n = strlen(line);

	if (e->len + 2 + n + 1 > room) {
		if (e->len + sizeof(cut) <= sizeof(e->text) &&
		    strstr(e->text, cut) == NULL) {
			memcpy(e->text + e->len, cut, sizeof(cut) - 1);
			e->len += sizeof(cut) - 1;
		}
		return;
	}
	e->text[e->len++] = ' ';
	e->text[e->len++] = ' ';
	/* header values can reach an error text: one line per error */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		e->text[e->len++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	e->text[e->len++] = '\n';
}

static void note(const struct config *cfg, const char *path, const char *what,
		 int err)
{
	char line[600];

	(void)snprintf(line, sizeof(line), "filter log %.400s: %s%s%s", path, what,
		       err ? ": " : "", err ? strerror(err) : "");
	log_note(cfg, line);
}

/* log_path - SCRIPT.log (suffix ".log") or SCRIPT.log.1; 0 or -1. */
static int log_path(const char *script, const char *suffix, char *buf,
		    size_t size)
{
	int n = snprintf(buf, size, "%s%s", script, suffix);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* open_checked - open path with flags; the fd only for a regular file of
 * ours with one link (a hard link to another file is refused too). */
static int open_checked(const struct config *cfg, const char *path,
			int flags, struct stat *st)
{
	int fd = open(path, flags, 0600);
	const char *bad = NULL;

	if (fd < 0) {
		if (errno != ENOENT)
			note(cfg, path, errno == ELOOP ? "is a symlink, not used"
			     : errno == ENXIO ? "is a FIFO, not used"
			     : "cannot open", errno == ELOOP ||
			     errno == ENXIO ? 0 : errno);
		return -1;
	}
	if (fstat(fd, st) != 0)
		bad = "cannot stat";
	else if (!S_ISREG(st->st_mode))
		bad = "is not a regular file, not used";
	else if (st->st_uid != geteuid())
		bad = "belongs to someone else, not used";
	else if (st->st_nlink != 1)
		bad = "has more than one link, not used";
	else if ((st->st_mode & 077) != 0 && fchmod(fd, 0600) != 0)
		bad = "cannot make it private";
	if (bad == NULL)
		return fd;
	note(cfg, path, bad, 0);
	(void)close(fd);
	return -1;
}

/* rotate - FILTER.log becomes FILTER.log.1 (replacing an older one). */
static int rotate(const struct config *cfg, const char *path, int fd,
		  struct stat *st)
{
	char old[4096];

	if (log_path(path, ".1", old, sizeof(old)) != 0 ||
	    rename(path, old) != 0) {
		note(cfg, path, "cannot rotate", errno);
		return fd;   /* append anyway: bounded by the next try */
	}
	(void)close(fd);
	return open_checked(cfg, path, OPEN_FLAGS | O_CREAT, st);
}

static size_t entry_head(char *buf, size_t size, const char *msgid)
{
	time_t now = io_now();
	struct tm tm;
	char when[40] = "?";
	char id[200];
	size_t k = 0;

	if (localtime_r(&now, &tm) != NULL)
		(void)strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
	for (; msgid != NULL && msgid[k] != '\0' && k + 1 < sizeof(id); k++)
		id[k] = ((unsigned char)msgid[k] < 0x20 ||
			 msgid[k] == 0x7f) ? '?' : msgid[k];
	id[k] = '\0';
	int n = snprintf(buf, size, "%s message %s:\n", when,
			 id[0] ? id : "(no Message-ID)");
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

void filterlog_write(const struct config *cfg, const char *script,
		     const char *msgid, const struct filterlog_entry *e)
{
	char path[4096], buf[FILTERLOG_ENTRY_MAX + 256];
	struct stat st;
	size_t len;
	int fd, err;

	if (e->len == 0 || script == NULL || cfg->dry_run)
		return;
	if (log_path(script, ".log", path, sizeof(path)) != 0) {
		note(cfg, script, "log name too long", 0);
		return;
	}
	len = entry_head(buf, sizeof(buf), msgid);
	memcpy(buf + len, e->text, e->len);
	len += e->len;
	fd = open_checked(cfg, path, OPEN_FLAGS | O_CREAT, &st);
	if (fd >= 0 && st.st_size > 0 &&
	    (size_t)st.st_size + len > FILTERLOG_MAX)
		fd = rotate(cfg, path, fd, &st);
	if (fd < 0)
		return;
	err = io_write_all(fd, buf, len);
	if (err != 0) {
		/* no half entry: cut back to where it was */
		note(cfg, path, "cannot write", err);
		if (ftruncate(fd, st.st_size) != 0)
			note(cfg, path, "cannot cut back", errno);
	}
	if (close(fd) != 0 && err == 0)
		note(cfg, path, "cannot close", errno);
}

void filterlog_clear(const struct config *cfg, const char *script)
{
	char path[4096];
	struct stat st;
	int fd;

	if (script == NULL || cfg->dry_run ||
	    log_path(script, ".log", path, sizeof(path)) != 0)
		return;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			note(cfg, path, "cannot stat", errno);
		return;
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return;   /* the usual case: nothing to empty */
	fd = open_checked(cfg, path, OPEN_FLAGS, &st);
	if (fd < 0)
		return;
	if (ftruncate(fd, 0) != 0)
		note(cfg, path, "cannot empty", errno);
	(void)close(fd);
}

/* diag_lines - every error of d, then what became of the message. */
static void diag_lines(struct filterlog_entry *e, enum filter_outcome o,
		       const struct sieve_diag *d, const char *fwarn)
{
	char line[1200];

	if (o == FILTER_LOAD_ERROR)
		filterlog_add(e, fwarn);
	for (size_t i = 0; i < d->n; i++) {
		const struct sieve_diag_entry *de = &d->v[i];

		if (!de->error)
			continue;
		(void)snprintf(line, sizeof(line), "%s:%u:%u: error: %s",
			       de->file, de->line, de->col, de->text);
		filterlog_add(e, line);
	}
	filterlog_add(e, o == FILTER_RUN_ERROR ?
		      "the filter's actions were cancelled: kept in INBOX" :
		      "the filter was not run: kept in INBOX");
}

void filterlog_delivery(const struct config *cfg, const char *script,
			const char *msgid, enum filter_outcome outcome,
			const struct sieve_diag *d, const char *fwarn,
			const char *dwarn, bool delivered)
{
	struct filterlog_entry e = { .len = 0 };

	if (outcome == FILTER_NONE)
		return;
	if (outcome != FILTER_OK)
		diag_lines(&e, outcome, d, fwarn);
	if (dwarn[0] != '\0' && strcmp(dwarn, fwarn) != 0)
		filterlog_add(&e, dwarn);
	if (e.len == 0) {
		if (delivered && outcome == FILTER_OK)
			filterlog_clear(cfg, script);
		return;
	}
	/* exit 0 under an MTA: Postfix and procmail drop this, a person
	 * running mda by hand reads it */
	if (delivered)
		fprintf(stderr, "mda: filter problem:\n%.*s", (int)e.len,
			e.text);
	filterlog_write(cfg, script, msgid, &e);
}
