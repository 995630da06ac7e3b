/*
 * log.c - the delivery log line.
 *
 * Header values (Message-ID) and envelope addresses are attacker-
 * controlled: control characters are replaced and lengths capped, so one
 * delivery is always one log line.
 *
 * The line goes to the local syslog socket as "<PRI>mda[PID]: text": RFC
 * 3164 section 4.3.3 lets a sender leave out TIMESTAMP and HOSTNAME, and
 * the daemon (rsyslog, syslog-ng, journald) stamps the line on receipt.
 * glibc's syslog(3) would read the time zone file on every delivery to
 * write a local time the daemon replaces anyway.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#ifndef LOG_SOCKET
#define LOG_SOCKET "/dev/log"   /* _PATH_LOG */
#endif

static void clean(char *out, size_t size, const char *in)
{
	size_t n = 0;

	for (; in != NULL && *in != '\0' && n + 1 < size; in++)
		out[n++] = ((unsigned char)*in < 0x20 || *in == 0x7f) ? '?' : *in;
	out[n] = '\0';
}

/* send_line - one record to the syslog socket: a datagram, or on a
 * daemon that listens on a stream socket, the record ended by a NUL.  A
 * missing daemon loses the line, as syslog(3) does; never the delivery. */
static void send_line(const char *rec, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX,
				  .sun_path = LOG_SOCKET };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (sendto(fd, rec, len, MSG_NOSIGNAL, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0 && errno == EPROTOTYPE) {
		(void)close(fd);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			(void)send(fd, rec, len + 1, MSG_NOSIGNAL);
	}
	(void)close(fd);   /* a lost log line is not a failed delivery */
}

static void emit(const struct config *cfg, int prio, const char *line)
{
	char rec[2200];
	int n;

	/* Under an MTA the first line of output is the status the MTA reads
	 * (and quotes in a bounce), so the log goes to syslog even with -v. */
	if ((cfg->verbose || cfg->dry_run) && !cfg->under_mta) {
		fprintf(stderr, "mda: %s\n", line);
		return;
	}
	n = snprintf(rec, sizeof(rec), "<%d>mda[%ld]: %s", LOG_MAIL | prio,
		     (long)getpid(), line);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(rec))
		n = (int)sizeof(rec) - 1;   /* cut, still one line */
	send_line(rec, (size_t)n);
}

void log_delivery(const struct config *cfg, const struct log_entry *e)
{
	char id[256], from[256], to[256], text[300], warn[420], line[2048];
	int n;

	clean(id, sizeof(id), e->msgid ? e->msgid : "");
	clean(from, sizeof(from), e->sender);
	clean(to, sizeof(to), e->rcpt);
	clean(text, sizeof(text), e->text);
	clean(warn, sizeof(warn), e->warning);
	n = snprintf(line, sizeof(line),
		     "msgid=%s from=<%s> to=<%s> folders=%s size=%llu "
		     "result=%s status=%s time=%ldms%s%s%s%s",
		     id[0] ? id : "-", from, to,
		     e->folders && e->folders[0] ? e->folders : "-",
		     (unsigned long long)e->size, e->result, e->status, e->ms,
		     text[0] ? " reason=\"" : "", text, text[0] ? "\"" : "",
		     "");
	if (n >= 0 && (size_t)n < sizeof(line) && warn[0] != '\0')
		snprintf(line + n, sizeof(line) - (size_t)n, " warning=\"%s\"",
			 warn);
	emit(cfg, e->status[0] == '2' ? LOG_INFO : LOG_WARNING, line);
}

void log_note(const struct config *cfg, const char *text)
{
	char line[512];

	clean(line, sizeof(line), text);
	emit(cfg, LOG_NOTICE, line);
}
