/*
 * log.h - one line per delivery: syslog (mail facility) or stderr with -v.
 */
#ifndef MDA_LOG_H
#define MDA_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct log_entry {
	const char *msgid;
	const char *sender;
	const char *rcpt;
	const char *folders;
	uint64_t size;
	const char *result;    /* delivered, discarded, rejected, deferred ... */
	const char *status;    /* RFC 3463 */
	const char *text;      /* reason, may be "" */
	const char *warning;   /* a run-time error that ended in keep, or "" */
	const char *rule;      /* the deciding rule: "file:line", "implicit
				  keep", or "" (no filter, nothing done) */
	long ms;
};

#define LOG_LINE_MAX 2048

/* log_format_line - the line log_delivery writes, text or JSON as
 * cfg->log_format says, cut to size (JSON stays one valid object). */
void log_format_line(const struct config *cfg, const struct log_entry *e,
		     char *line, size_t size);
void log_delivery(const struct config *cfg, const struct log_entry *e);
/* log_note - a free-form line ("mbox lock fell back to fcntl"). */
void log_note(const struct config *cfg, const char *text);

#endif
