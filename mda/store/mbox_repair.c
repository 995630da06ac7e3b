/*
 * mbox_repair.c - the torn-append repair of mbox_repair.h.
 *
 * The scan reads the suspect tail once, in 64 KiB preads, with a small
 * state machine; its cost is a read of what the dead writer left, and it
 * runs only after a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "store/mbox_repair.h"

#define CHUNK 65536

struct scan {
	size_t ours;        /* octets of our own start still to check */
	const char *start;  /* what our entry begins with */
	bool in_fromline;   /* inside our own From_ line */
	unsigned col;       /* octets since the line began, at most 8 */
	unsigned k;         /* octets of "From " matched */
	bool line_from;     /* this line holds "From " */
	char last[8];       /* the last eight octets, for hh:mm:ss */
	bool foreign;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* time_at_end - the last eight octets read "hh:mm:ss". */
static bool time_at_end(const char *l)
{
	return is_digit(l[0]) && is_digit(l[1]) && l[2] == ':' &&
	       is_digit(l[3]) && is_digit(l[4]) && l[5] == ':' &&
	       is_digit(l[6]) && is_digit(l[7]);
}

/* scan_byte - one octet after our From_ line (see rule 4).  "From "
 * has no prefix that is also its suffix, so a mismatch restarts at 'F'. */
static void scan_byte(struct scan *s, char c)
{
	static const char word[] = "From ";

	memmove(s->last, s->last + 1, sizeof(s->last) - 1);
	s->last[sizeof(s->last) - 1] = c;
	if (c == '\n') {
		s->col = 0;
		s->k = 0;
		s->line_from = false;
		return;
	}
	s->col += s->col < 8;
	s->k = c == word[s->k] ? s->k + 1 : c == 'F';
	if (s->k == 5) {
		if (s->col == 5)
			s->foreign = true;   /* a message starts here */
		s->line_from = true;
		s->k = 0;
	}
	if (s->line_from && time_at_end(s->last))
		s->foreign = true;   /* "From x Www Mmm dd hh:mm:ss" glued on */
}

/* scan_chunk - feed n octets; false as soon as they cannot be ours. */
static bool scan_chunk(struct scan *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !s->foreign; i++) {
		if (s->ours > 0) {
			if (p[i] != *s->start++)
				return false;
			s->ours--;
			continue;
		}
		if (s->in_fromline) {
			s->in_fromline = p[i] != '\n';
			continue;
		}
		scan_byte(s, p[i]);
	}
	return !s->foreign;
}

/* tail_is_ours - rule 4 over [from, to). 0 with *ours_r, or an errno. */
static int tail_is_ours(int fd, bool gz, off_t from, off_t to, bool *ours_r)
{
	struct scan s;
	char first;
	char *buf = malloc(CHUNK);
	int err = 0;

	*ours_r = false;
	if (buf == NULL)
		return ENOMEM;
	memset(&s, 0, sizeof(s));
	ssize_t got = io_pread_full(fd, &first, 1, from);
	if (got != 1) {
		err = got < 0 ? errno : EIO;
		goto out;
	}
	s.start = gz ? "\x1f\x8b" : first == '\n' ? "\nFrom " : "From ";
	s.ours = strlen(s.start);
	s.in_fromline = !gz;
	for (off_t off = from; off < to && err == 0;) {
		size_t want = (size_t)(to - off) < CHUNK ? (size_t)(to - off) :
			      CHUNK;
		ssize_t n = io_pread_full(fd, buf, want, off);

		if (n <= 0) {
			err = n < 0 ? errno : EIO;
			break;
		}
		if (!scan_chunk(&s, buf, (size_t)n))
			goto out;
		if (gz && s.ours == 0)
			break;   /* a member of ours; its inside is opaque */
		off += n;
	}
	*ours_r = err == 0;
out:
	free(buf);
	return err;
}

int mbox_repair(int fd, bool gz, const struct lock_record *r,
		struct mbox_repair *out)
{
	struct stat st;
	bool ours = false;
	int err;

	memset(out, 0, sizeof(*out));
	if (!r->placed) {
		out->refused = "the dead writer's lock records no size";
		return 0;
	}
	if (fstat(fd, &st) != 0)
		return errno;
	if ((unsigned long long)st.st_dev != r->dev ||
	    (unsigned long long)st.st_ino != r->ino) {
		out->refused = "the mailbox is not the file the lock names";
		return 0;
	}
	if (st.st_size == r->size)
		return 0;   /* died before writing, or was cut back already */
	if (st.st_size < r->size || st.st_size > r->max) {
		out->refused = "the mailbox size does not fit a crash of ours";
		return 0;
	}
	err = tail_is_ours(fd, gz, r->size, st.st_size, &ours);
	if (err != 0)
		return err;
	if (!ours) {
		out->refused = "another program wrote after the torn message";
		return 0;
	}
	if (ftruncate(fd, r->size) != 0 || fsync(fd) != 0)
		return errno;
	out->cut = (long long)(st.st_size - r->size);
	return 0;
}
