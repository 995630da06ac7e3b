/*
 * migrate_mh.c - MH folders (nmh, mutt, Claws Mail) into Maildir++.
 *
 * An MH folder is a directory of messages named by their number ("1",
 * "2", ...), with subfolders as subdirectories and the sequences in
 * ".mh_sequences": lines "name: 1-5 7 9-12", continued on lines that
 * start with white space (nmh's mh-sequence(5)).  unseen -> no \Seen
 * (the message stays in new/), every other message \Seen; flagged ->
 * \Flagged; replied -> \Answered (the names mutt writes; nmh's profile
 * can rename "unseen", which we do not read).  Files named ",N" or "#N"
 * were removed by rmm and are passed over, counted.  The messages of the
 * directory given go to INBOX, its "inbox" subfolder (any case) too; any
 * other subfolder "a/b" becomes "a.b" ('.' in a name becomes '_').
 * Claws Mail's own mark files are not read: Claws writes .mh_sequences
 * when asked to, and those are.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "migrate/migrate_source.h"

#define DEPTH_MAX 32
#define SEQ_FILE_MAX (16u << 20)
#define NUM_DIGITS_MAX 9

static int range_add(struct mig_mh_seqs *s, int i, unsigned long lo,
		     unsigned long hi)
{
	if (s->n[i] == s->cap[i]) {
		size_t cap = s->cap[i] ? s->cap[i] * 2 : 16;
		void *grown = realloc(s->r[i], cap * sizeof(*s->r[i]));
		if (grown == NULL)
			return ENOMEM;
		s->r[i] = grown;
		s->cap[i] = cap;
	}
	s->r[i][s->n[i]++] = (struct mig_mh_range){ lo, hi };
	return 0;
}

static int by_lo(const void *a, const void *b)
{
	const struct mig_mh_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* seq_items - "1-5 7 9-12" of sequence i. */
static int seq_items(struct mig_mh_seqs *s, int i, const char *p,
		     const char *end)
{
	int err = 0;

	while (err == 0 && p < end) {  /* each pass consumes input */
		char *q;
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		unsigned long lo = strtoul(p, &q, 10), hi = lo;
		if (q < end && *q == '-' && q + 1 < end && q[1] >= '0' &&
		    q[1] <= '9')
			hi = strtoul(q + 1, &q, 10);
		p = q;
		if (hi >= lo)
			err = range_add(s, i, lo, hi);
	}
	return err;
}

int mig_mh_seq_parse(const char *text, size_t len, struct mig_mh_seqs *s)
{
	static const char *const names[3] = { "unseen", "flagged", "replied" };
	const char *end = text + len;
	int cur = -1, err = 0;

	memset(s, 0, sizeof(*s));
	/* Bounded by len: each pass moves past one line. */
	for (const char *p = text; err == 0 && p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (*p != ' ' && *p != '\t') {
			const char *colon = memchr(p, ':', (size_t)(le - p));
			cur = -1;
			for (int i = 0; colon != NULL && i < 3; i++)
				if ((size_t)(colon - p) == strlen(names[i]) &&
				    strncasecmp(p, names[i], strlen(names[i])) == 0)
					cur = i;
			if (cur >= 0)
				p = colon + 1;
		}
		if (cur >= 0)
			err = seq_items(s, cur, p, le);
		p = le + (nl != NULL);
	}
	for (int i = 0; i < 3; i++)
		if (s->n[i] > 1)
			qsort(s->r[i], s->n[i], sizeof(*s->r[i]), by_lo);
	return err;
}

unsigned mig_mh_seq_bits(const struct mig_mh_seqs *s, unsigned long n)
{
	unsigned bits = 0;

	for (int i = 0; i < 3; i++) {
		size_t lo = 0, hi = s->n[i];
		while (lo < hi) {  /* the last range starting at or before n */
			size_t mid = lo + (hi - lo) / 2;
			if (s->r[i][mid].lo <= n)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* Ranges may overlap: look back while they start before n. */
		for (size_t k = lo, steps = 0; k > 0 && steps < 64; k--, steps++)
			if (s->r[i][k - 1].hi >= n) {
				bits |= 1u << i;
				break;
			}
	}
	return bits;
}

void mig_mh_seq_free(struct mig_mh_seqs *s)
{
	for (int i = 0; i < 3; i++)
		free(s->r[i]);
	memset(s, 0, sizeof(*s));
}

/* read_seqs - dir's .mh_sequences, if any; 0 or an errno value. */
static int read_seqs(int dirfd, struct mig_mh_seqs *s)
{
	struct stat st;
	int err = 0;

	memset(s, 0, sizeof(*s));
	int fd = openat(dirfd, ".mh_sequences", O_RDONLY | O_NOFOLLOW |
			O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	char *text = NULL;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (st.st_size > SEQ_FILE_MAX)
		err = EFBIG;
	else if ((text = malloc((size_t)st.st_size + 1)) == NULL)
		err = ENOMEM;
	ssize_t k = err ? 0 : io_pread_full(fd, text, (size_t)st.st_size, 0);
	if (k < 0)
		err = errno;
	(void)close(fd);  /* read-only */
	if (err == 0)
		err = mig_mh_seq_parse(text, (size_t)k, s);
	free(text);
	return err;
}

static bool numbered(const char *name, unsigned long *n_r)
{
	size_t k = strspn(name, "0123456789");

	if (k == 0 || k > NUM_DIGITS_MAX || name[k] != '\0')
		return false;
	*n_r = strtoul(name, NULL, 10);
	return true;
}

static int by_number(const struct dirent **a, const struct dirent **b)
{
	unsigned long x = 0, y = 0;
	bool nx = numbered((*a)->d_name, &x), ny = numbered((*b)->d_name, &y);

	if (nx != ny)
		return nx ? -1 : 1;
	return nx ? (x < y ? -1 : x > y) : strcmp((*a)->d_name, (*b)->d_name);
}

/* sub_name - the folder of subdirectory name below prefix ("" at the
 * top, where "inbox" is INBOX). */
static bool sub_name(const char *prefix, const char *name, char *out,
		     size_t size)
{
	if (prefix[0] == '\0' && strcasecmp(name, "inbox") == 0)
		return snprintf(out, size, "INBOX") < (int)size;
	int n = snprintf(out, size, "%s%s%s", prefix, prefix[0] ? "." : "",
			 name);
	if (n < 0 || (size_t)n >= size)
		return false;
	for (char *p = out + strlen(prefix) + (prefix[0] != '\0'); *p; p++)
		if (*p == '.')
			*p = '_';
	return true;
}

/* message - one numbered file, its flags from the sequences. */
static enum mda_err message(struct mig_reader *rd, int dirfd,
			    const char *dir, const char *name, unsigned long no,
			    const struct mig_mh_seqs *seqs, struct why *w)
{
	struct mig_msg m;
	char path[4096];

	memset(&m, 0, sizeof(m));
	unsigned bits = mig_mh_seq_bits(seqs, no);
	m.number = no;
	m.flags.seen = !(bits & MIG_MH_UNSEEN);
	m.flags.flagged = (bits & MIG_MH_FLAGGED) != 0;
	m.flags.answered = (bits & MIG_MH_REPLIED) != 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return mig_file_feed(rd, dirfd, name, path, &m, true, w);
}

static enum mda_err mh_folder(struct mig_reader *rd, const char *dir,
			      const char *folder, int depth, struct why *w);

/* entries - the messages, then the subfolders, of one directory. */
static enum mda_err entries(struct mig_reader *rd, const char *dir,
			    const char *folder, int dirfd,
			    struct dirent **list, int n, int depth,
			    struct why *w)
{
	struct mig_mh_seqs seqs;
	enum mda_err e = MDA_OK;
	unsigned long no, count = 0;
	char sub[4096], name[1024];
	struct stat st;

	int err = read_seqs(dirfd, &seqs);
	if (err != 0) {
		snprintf(sub, sizeof(sub), "%s/.mh_sequences", dir);
		rd->damage(rd->ctx, sub, strerror(err));
	}
	for (int i = 0; e == MDA_OK && i < n; i++) {
		const char *d = list[i]->d_name;
		if (numbered(d, &no)) {
			if (count++ == 0)  /* made only when it gets mail */
				e = mig_store_folder(rd->store, folder, w);
			if (e == MDA_OK)
				e = message(rd, dirfd, dir, d, no, &seqs, w);
		} else if ((d[0] == ',' || d[0] == '#') &&
			   numbered(d + 1, &no)) {
			rd->removed++;
		}
	}
	mig_mh_seq_free(&seqs);
	if (e == MDA_OK && count > 0)
		rd->folder_done(rd->ctx, dir, folder, count, "MH");
	for (int i = 0; e == MDA_OK && i < n; i++) {
		const char *d = list[i]->d_name;
		if (d[0] == '.' || numbered(d, &no) ||
		    fstatat(dirfd, d, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, d) >= (int)sizeof(sub) ||
		    !sub_name(depth == 0 ? "" : folder, d, name, sizeof(name))) {
			rd->damage(rd->ctx, dir, "a name in it is too long; "
				   "passed over");
			continue;
		}
		e = mh_folder(rd, sub, name, depth + 1, w);
	}
	return e;
}

static enum mda_err mh_folder(struct mig_reader *rd, const char *dir,
			      const char *folder, int depth, struct why *w)
{
	struct dirent **list = NULL;

	if (depth > DEPTH_MAX) {
		rd->damage(rd->ctx, dir, "folders nested too deep; passed over");
		return MDA_OK;
	}
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int n = dirfd < 0 ? -1 : scandir(dir, &list, NULL, by_number);
	if (n < 0) {
		rd->damage(rd->ctx, dir, strerror(errno));
		if (dirfd >= 0)
			(void)close(dirfd);
		return MDA_OK;
	}
	enum mda_err e = entries(rd, dir, folder, dirfd, list, n, depth, w);
	if (e == MDA_ERR_DATA) {  /* a folder name Maildir++ refuses */
		rd->damage(rd->ctx, dir, w->text);
		e = MDA_OK;
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	(void)close(dirfd);  /* read-only */
	return e;
}

enum mda_err mig_mh_read(struct mig_reader *rd, const char *src,
			 struct why *w)
{
	return mh_folder(rd, src, "INBOX", 0, w);
}
