/*
 * filterlog.h - the user's own filter log, beside the script.
 *
 * `~/.mda.sieve` has `~/.mda.sieve.log`, `-s FILTER` has `FILTER.log`, the
 * way Pigeonhole keeps `~/.dovecot.sieve.log` for webmail to show.  It
 * holds what went wrong with the filter during deliveries (compile and
 * run-time errors, folder names refused at delivery) and is emptied once
 * the script compiles and runs cleanly again.  The log is a courtesy: it
 * never changes a delivery, and a log that cannot be written (symlink,
 * FIFO, someone else's file, an unwritable directory, a full disk) is only
 * noted in syslog.
 */
#ifndef MDA_FILTERLOG_H
#define MDA_FILTERLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "filter.h"

/* Rotated to FILTER.log.1 when an entry would take it past this size. */
#define FILTERLOG_MAX (64 * 1024)
/* One entry (a delivery's errors) is cut to this size. */
#define FILTERLOG_ENTRY_MAX 4096

struct filterlog_entry {
	char text[FILTERLOG_ENTRY_MAX];
	size_t len;
};

/* filterlog_add - one line ("file:line:col: error: ...") into the entry;
 * lines that do not fit are dropped (the entry says so). */
void filterlog_add(struct filterlog_entry *e, const char *line);

/* filterlog_write - append the entry, headed by the time and the message
 * id, to SCRIPT.log; nothing when the entry is empty. */
void filterlog_write(const struct config *cfg, const char *script,
		     const char *msgid, const struct filterlog_entry *e);

/* filterlog_clear - the script ran cleanly: empty SCRIPT.log if it holds
 * anything (one lstat when it does not). */
void filterlog_clear(const struct config *cfg, const char *script);

/* filterlog_delivery - after a delivery: the filter's errors (outcome,
 * d, its warning fwarn) and those found while storing (dwarn, when it
 * differs from fwarn) go to stderr (only when delivered: otherwise the
 * status line must come first) and into SCRIPT.log; a clean run of a
 * script that was delivered empties that log. */
void filterlog_delivery(const struct config *cfg, const char *script,
			const char *msgid, enum filter_outcome outcome,
			const struct sieve_diag *d, const char *fwarn,
			const char *dwarn, bool delivered);

#endif
