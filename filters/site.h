/*
 * site.h - what a site configures for every user's filter, as plain data.
 *
 * mda/ reads /etc/mda.conf (and the list files it names) and hands the
 * result to sieve_run through struct sieve_runtime_env; the engine never
 * sees a file name here, only values.  All strings are owned (malloc'd)
 * by the struct and released with sieve_site_free().
 *
 * spamtest/spamtestplus/virustest (RFC 3685, RFC 5235): where the score
 * is read.  A test whose header is NULL is "not configured" and every
 * such test sees "0", "not tested" (RFC 3685 2.1, RFC 5235 3.2).
 * extlists (RFC 6134): each list by its name ("tag:lists") with its items.
 */
#ifndef FILTERS_SITE_H
#define FILTERS_SITE_H

#include <stddef.h>

enum sieve_score_type {
	SIEVE_SCORE_NUMBER,   /* a decimal number ("5.2"), scaled by max */
	SIEVE_SCORE_STRLEN,   /* a run of one character ("*****"), by max */
	SIEVE_SCORE_TEXT,     /* the whole (or captured) text names a level */
};

#define SIEVE_SCORE_TEXTS 11   /* spamtest levels 0..10 (virustest 0..5) */

struct sieve_score_conf {
	char *header;         /* field to read; NULL: not configured */
	char *pattern;        /* POSIX ERE; group 1 is the value; NULL: all */
	enum sieve_score_type type;
	char *max_header;     /* the maximum read from a field, or NULL */
	char *max_pattern;
	double max;           /* else this maximum (NUMBER, STRLEN) */
	char *text[SIEVE_SCORE_TEXTS];   /* TEXT: value of level i, or NULL */
};

struct sieve_extlist {
	char *name;           /* "tag:..." as a script names it */
	char **items;
	size_t n;
};

struct sieve_site {
	struct sieve_score_conf spamtest;   /* spamtest and spamtestplus */
	struct sieve_score_conf virustest;
	struct sieve_extlist *lists;
	size_t nlists;
	unsigned notify_max;  /* enotify: notifications per message (0: 3) */
};

/* sieve_score_header_parse - split "Name" or "Name: regex" into a name
 * and a pattern (the form Pigeonhole's settings use); 0, or -1 with a
 * reason in err (a bad regex, no name, ENOMEM). */
int sieve_score_header_parse(const char *spec, char **name_r, char **pattern_r,
			     char *err, size_t size);
void sieve_score_conf_free(struct sieve_score_conf *c);
void sieve_site_free(struct sieve_site *s);
/* sieve_site_list - the list named name (ASCII case-insensitive), or NULL */
const struct sieve_extlist *sieve_site_list(const struct sieve_site *s,
					    const char *name);

#endif
