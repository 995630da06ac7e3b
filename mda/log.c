/*
 * log.c - the delivery log line.
 *
 * Header values (Message-ID) and envelope addresses are attacker-
 * controlled: control characters are replaced and lengths capped, so one
 * delivery is always one log line.
 */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static void clean(char *out, size_t size, const char *in)
{
	size_t n = 0;

	for (; in != NULL && *in != '\0' && n + 1 < size; in++)
		out[n++] = ((unsigned char)*in < 0x20 || *in == 0x7f) ? '?' : *in;
	out[n] = '\0';
}

static void emit(const struct config *cfg, int prio, const char *line)
{
	/* Under an MTA the first line of output is the status the MTA reads
	 * (and quotes in a bounce), so the log goes to syslog even with -v. */
	if ((cfg->verbose || cfg->dry_run) && !cfg->under_mta) {
		fprintf(stderr, "mda: %s\n", line);
		return;
	}
	openlog("mda", LOG_PID, LOG_MAIL);
	syslog(prio, "%s", line);
	closelog();
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
