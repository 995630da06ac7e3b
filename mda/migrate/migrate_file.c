/*
 * migrate_file.c - one message held in one file (MH, Maildir) into the
 * store's sink, byte for byte, in pieces of the read buffer: memory stays
 * one buffer whatever the size (contract in migrate_source.h).
 *
 * The date: for MH the Date: header (RFC 5322 3.6.1), looked for in the
 * first buffer; else, and for Maildir always, the file's mtime, which is
 * the received date Dovecot and mutt show for a Maildir message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate/mbox_reader.h"
#include "migrate/migrate_source.h"

/* header_date - the Date: field of the header at the start of p. */
static bool header_date(const char *p, size_t n, time_t *t_r)
{
	char val[MIG_VALUE_MAX];
	size_t vlen = 0;
	bool in_date = false;

	/* Bounded by n: each pass moves past one line. */
	for (size_t i = 0; i < n; ) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (p + i)) : n - i;
		const char *l = p + i;
		i += len + 1;
		if (len > 0 && l[len - 1] == '\r')
			len--;
		if (len == 0)
			break;  /* the end of the header */
		if (l[0] != ' ' && l[0] != '\t') {
			if (in_date)
				break;
			in_date = len > 5 && strncasecmp(l, "Date:", 5) == 0;
			if (in_date)
				l += 5, len -= 5;
			else
				continue;
		} else if (!in_date) {
			continue;
		}
		if (len > sizeof(val) - 1 - vlen)
			len = sizeof(val) - 1 - vlen;
		memcpy(val + vlen, l, len);
		vlen += len;
	}
	val[vlen] = '\0';
	const char *v = val + strspn(val, " \t");
	return in_date && mig_date_rfc5322(v, strlen(v), t_r);
}

static ssize_t read_some(int fd, char *buf, size_t size)
{
	ssize_t k;

	do
		k = read(fd, buf, size);
	while (k < 0 && errno == EINTR);
	return k;
}

enum mda_err mig_file_feed(struct mig_reader *rd, int dirfd, const char *name,
			   const char *path, struct mig_msg *m,
			   bool use_header, struct why *w)
{
	const struct mig_sink *sink = rd->sink;
	struct stat st;
	char text[320];
	int rc = 0;

	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rd->damage(rd->ctx, path, strerror(errno));
		return MDA_OK;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);  /* read-only */
		rd->damage(rd->ctx, path, "not a regular file; passed over");
		return MDA_OK;
	}
	ssize_t k = read_some(fd, rd->buf, MBR_CAP_DEFAULT);
	time_t t;
	m->date = st.st_mtime;
	m->have_date = true;
	if (k > 0 && use_header && header_date(rd->buf, (size_t)k, &t))
		m->date = t;
	rc = sink->begin(sink->ctx, m);
	/* Bounded by the file: each pass reads at least one byte. */
	while (rc == 0 && k > 0) {
		rc = sink->data(sink->ctx, rd->buf, (size_t)k);
		if (rc == 0)
			k = read_some(fd, rd->buf, MBR_CAP_DEFAULT);
	}
	if (rc == 0 && k < 0) {
		m->cut = true;
		snprintf(text, sizeof(text), "%s; stored as far as it was read",
			 strerror(errno));
		rd->damage(rd->ctx, path, text);
	}
	(void)close(fd);  /* read-only */
	if (rc == 0)
		rc = sink->end(sink->ctx, m);
	if (rc != 0) {
		*w = rd->store->why;
		return rd->store->err != MDA_OK ? rd->store->err : MDA_ERR_TEMP;
	}
	return MDA_OK;
}
