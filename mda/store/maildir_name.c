/*
 * maildir_name.c - unique file names for Maildir (qmail maildir(5),
 * Dovecot's extensions).
 *
 * Name: SECONDS.M<usec>P<pid>Q<seq>R<random>.<host>  then ",S=<size>" once
 * the size is known and ":2,<flags>" in cur/.  The random part keeps names
 * apart when containers or hosts with the same pid deliver into one
 * (NFS-shared) Maildir in the same microsecond.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <unistd.h>

#include "store/maildir.h"

int maildir_escape_host(const char *host, char *out, size_t outsz)
{
	size_t n = 0;

	for (const char *p = host; *p != '\0'; p++) {
		const char *rep = *p == '/' ? "\\057" : *p == ':' ? "\\072" : NULL;
		size_t len = rep ? 4 : 1;

		if (n + len >= outsz)
			return ENAMETOOLONG;
		if (rep)
			memcpy(out + n, rep, 4);
		else
			out[n] = *p;
		n += len;
	}
	if (n >= outsz)
		return ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}

int maildir_name(const struct maildir_uniq *u, char *out, size_t outsz)
{
	char host[MAILDIR_NAME_MAX];
	int err = maildir_escape_host(u->host, host, sizeof(host));
	int n;

	if (err != 0)
		return err;
	n = snprintf(out, outsz, "%lld.M%06ldP%ldQ%luR%016llx.%s", u->sec,
		     u->usec, u->pid, u->seq, (unsigned long long)u->rnd, host);
	if (n < 0 || (size_t)n >= outsz)
		return ENAMETOOLONG;
	return 0;
}

int maildir_uniq_now(struct maildir_uniq *u, const char *host,
		     unsigned long seq)
{
	struct timeval tv;

	if (gettimeofday(&tv, NULL) != 0)
		return errno;
	u->sec = (long long)tv.tv_sec;
	u->usec = (long)tv.tv_usec;
	u->pid = (long)getpid();
	u->seq = seq;
	u->host = host;
	if (getrandom(&u->rnd, sizeof(u->rnd), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(u->rnd)) {
		/* No entropy yet (early boot): time and pid still make the
		 * name unique on this host; mix what we have. */
		u->rnd = ((uint64_t)tv.tv_usec << 32) ^ (uint64_t)u->pid ^
			 (uint64_t)(uintptr_t)u;
	}
	return 0;
}

int maildir_namer_next(struct maildir_namer *nm, struct maildir_uniq *u)
{
	struct timeval tv;

	if (!nm->primed) {
		int err = maildir_uniq_now(u, nm->host, ++nm->seq);

		if (err == 0) {
			nm->pid = u->pid;
			nm->rnd = u->rnd;
			nm->primed = true;
		}
		return err;
	}
	if (gettimeofday(&tv, NULL) != 0)
		return errno;
	u->sec = (long long)tv.tv_sec;
	u->usec = (long)tv.tv_usec;
	u->pid = nm->pid;
	u->seq = ++nm->seq;
	u->rnd = nm->rnd;
	u->host = nm->host;
	return 0;
}

void maildir_info(const char *letters, char *out, size_t outsz)
{
	char seen[128] = { 0 };
	size_t n = 0;

	if (outsz < 4) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	for (const char *p = letters; *p != '\0'; p++)
		if ((unsigned char)*p < 128 &&
		    ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			seen[(unsigned char)*p] = 1;
	memcpy(out, ":2,", 3);
	n = 3;
	for (int c = 'A'; c <= 'z' && n + 1 < outsz; c++)
		if (seen[c])
			out[n++] = (char)c;
	out[n] = '\0';
	if (n == 3)
		out[0] = '\0';  /* no flags: the message belongs in new/ */
}
