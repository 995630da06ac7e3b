/*
 * why.h - the reason a delivery step failed, captured where it happened.
 *
 * Contract: a failing function fills a struct why while errno is fresh and
 * returns an enum mda_err.  Only main() turns that into an exit status,
 * through the table in exitcode.c.  Status strings follow RFC 3463.
 */
#ifndef MDA_WHY_H
#define MDA_WHY_H

#include <stddef.h>

enum mda_err {
	MDA_OK = 0,
	MDA_ERR_USAGE,      /* bad options, run by hand: 64 / 5.3.5 */
	MDA_ERR_CONFIG,     /* bad configuration under an MTA: 75 / 4.3.5 */
	MDA_ERR_DATA,       /* input we refuse: 65 / 5.6.0 */
	MDA_ERR_NOUSER,     /* no such user: 67 / 5.1.1 */
	MDA_ERR_TEMP,       /* any storage fault: 75 / 4.2.0 or 4.3.0 */
	MDA_ERR_QUOTA,      /* over quota: 75 / 4.2.2 */
	MDA_ERR_QUOTA_FULL, /* over quota, bounced: 69 / 5.2.2 */
	MDA_ERR_REJECT,     /* reject/ereject by the filter: 77 / 5.7.1 */
	MDA_ERR_FILTER,     /* `mda check` found errors: 65 */
	MDA_ERR__COUNT
};

struct why {
	char status[8];     /* RFC 3463 code, e.g. "4.2.0"; "" when unset */
	char text[256];     /* one line, safe to quote in a bounce */
};

/* why_set - record a status and a printf-style reason; returns err. */
enum mda_err why_set(struct why *w, enum mda_err err, const char *status,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* why_errno - classify errno (see classify.c) and record "what: strerror". */
enum mda_err why_errno(struct why *w, int errnum, const char *what);

/* classify_errno - the one errno classifier: errno in, error class out. */
enum mda_err classify_errno(int errnum, const char **status_r);

/* exit table, read only by main(). */
int exitcode_for(enum mda_err err);
const char *exitcode_default_status(enum mda_err err);

#endif
