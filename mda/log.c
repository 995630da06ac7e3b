/*
 * log.c - the delivery log line, as text (key=value) or one JSON object
 * (--log-format json, for log shippers).
 *
 * Header values (Message-ID) and envelope addresses are attacker-
 * controlled: in text, control characters are replaced and lengths
 * capped, so one delivery is always one log line; in JSON (RFC 8259 7)
 * quotes, backslashes and control characters are escaped and octets that
 * are not UTF-8 become U+FFFD, so the object always parses.
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
	char rec[LOG_LINE_MAX + 64];   /* PRI, tag, pid: a line is never cut */
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

static void text_line(const struct log_entry *e, char *line, size_t size)
{
	char id[256], from[256], to[256], text[300], warn[420], rule[300];
	int n;

	clean(id, sizeof(id), e->msgid ? e->msgid : "");
	clean(from, sizeof(from), e->sender);
	clean(to, sizeof(to), e->rcpt);
	clean(text, sizeof(text), e->text);
	clean(warn, sizeof(warn), e->warning);
	clean(rule, sizeof(rule), e->rule);
	n = snprintf(line, size,
		     "msgid=%s from=<%s> to=<%s> folders=%s size=%llu "
		     "result=%s status=%s time=%ldms%s%s%s%s%s%s",
		     id[0] ? id : "-", from, to,
		     e->folders && e->folders[0] ? e->folders : "-",
		     (unsigned long long)e->size, e->result, e->status, e->ms,
		     rule[0] ? " rule=\"" : "", rule, rule[0] ? "\"" : "",
		     text[0] ? " reason=\"" : "", text, text[0] ? "\"" : "");
	if (n >= 0 && (size_t)n < size && warn[0] != '\0')
		snprintf(line + n, size - (size_t)n, " warning=\"%s\"", warn);
}

/* utf8_len - length of the valid UTF-8 sequence at s (RFC 3629 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;   /* overlong, surrogate, beyond U+10FFFF */
	return n;
}

struct jbuf {
	char *s;
	size_t n, size;
	bool cut;
};

static void jput(struct jbuf *j, const char *p, size_t len)
{
	if (j->cut || j->n + len + 2 > j->size) {   /* room for "}\0" */
		j->cut = true;
		return;
	}
	memcpy(j->s + j->n, p, len);
	j->n += len;
}

/* jstr - "key":"value" with value escaped; value capped at 300 octets. */
static void jstr(struct jbuf *j, const char *key, const char *v)
{
	const unsigned char *p = (const unsigned char *)(v ? v : "");
	char esc[8];

	jput(j, j->n > 1 ? ",\"" : "\"", j->n > 1 ? 2 : 1);
	jput(j, key, strlen(key));
	jput(j, "\":\"", 3);
	for (size_t used = 0; *p != '\0' && used < 300; used++) {
		size_t k = *p >= 0x80 ? utf8_len(p) : 1;

		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			jput(j, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			jput(j, esc, 6);
		} else if (k == 0) {
			jput(j, "\\ufffd", 6);   /* not UTF-8 */
			k = 1;
		} else {
			jput(j, (const char *)p, k);
		}
		p += k;
	}
	jput(j, "\"", 1);
}

static void json_line(const struct log_entry *e, char *line, size_t size)
{
	struct jbuf j = { line, 0, size, false };
	char num[64];

	jput(&j, "{", 1);
	jstr(&j, "msgid", e->msgid);
	jstr(&j, "sender", e->sender);
	jstr(&j, "recipient", e->rcpt);
	jstr(&j, "folders", e->folders);
	jstr(&j, "rule", e->rule);
	jstr(&j, "result", e->result);
	jstr(&j, "status", e->status);
	jstr(&j, "reason", e->text);
	jstr(&j, "warning", e->warning);
	snprintf(num, sizeof(num), ",\"size\":%llu,\"ms\":%ld",
		 (unsigned long long)e->size, e->ms);
	jput(&j, num, strlen(num));
	if (j.cut)   /* too long: a shorter object that still parses */
		j.n = (size_t)snprintf(line, size, "{\"status\":\"%s\","
				       "\"result\":\"%s\",\"truncated\":true",
				       e->status, e->result);
	line[j.n++] = '}';
	line[j.n] = '\0';
}

void log_format_line(const struct config *cfg, const struct log_entry *e,
		     char *line, size_t size)
{
	if (cfg->log_format == LOG_FORMAT_JSON)
		json_line(e, line, size);
	else
		text_line(e, line, size);
}

void log_delivery(const struct config *cfg, const struct log_entry *e)
{
	char line[LOG_LINE_MAX];

	log_format_line(cfg, e, line, sizeof(line));
	emit(cfg, e->status[0] == '2' ? LOG_INFO : LOG_WARNING, line);
}

void log_note(const struct config *cfg, const char *text)
{
	char line[512];

	clean(line, sizeof(line), text);
	emit(cfg, LOG_NOTICE, line);
}
