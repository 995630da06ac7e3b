/*
 * siteconf.h - the site configuration file, /etc/mda.conf (or -c FILE):
 * what an administrator sets for every user's delivery.
 *
 * Format (mda-sieve(7), SITE CONFIGURATION): lines of
 * `key = value` under `[section]` headers; `#` or `;` starts a comment
 * line; blank lines are skipped; the value is the rest of the line,
 * trimmed (it may hold '#', as a regex does).  Sections and keys:
 *
 *   [spamtest] / [virustest]   header = NAME[: REGEX], type = score |
 *                              strlen | text, max = DECIMAL,
 *                              max_header = NAME[: REGEX], text0..text10
 *   [programs]                 dir (all three), pipe_dir, filter_dir,
 *                              execute_dir, timeout (s), output_max (octets)
 *   [extlists]                 tag:NAME = FILE (one item a line)
 *   [notify]                   max (notifications per message)
 *
 * Read once per delivery.  An unknown section or key, a bad value or an
 * unreadable list file is an error naming file:line; under an MTA it is
 * a temporary failure (75, 4.3.5), so bad configuration never loses mail.
 */
#ifndef MDA_SITECONF_H
#define MDA_SITECONF_H

#include <stdbool.h>
#include <stddef.h>

#include "site.h"
#include "why.h"

#define SITECONF_DEFAULT "/etc/mda.conf"
#define SITECONF_MAX (1024 * 1024)      /* octets of the file */
#define SITECONF_LIST_MAX (16 << 20)    /* octets of one list file */
#define SITECONF_LIST_ITEMS 100000      /* items of one list */

struct siteconf_listfile {
	char *name;       /* "tag:..." */
	char *path;
	unsigned line;    /* where the configuration named it */
};

struct siteconf {
	struct sieve_site sieve;      /* handed to the engine as data */
	char *pipe_dir, *filter_dir, *execute_dir;   /* NULL: not allowed */
	unsigned program_timeout;     /* seconds */
	size_t program_output_max;    /* octets a program may write */
	struct siteconf_listfile *listfiles;
	size_t nlistfiles;
	const char *file;             /* for messages: the file read */
};

/* siteconf_init - the defaults: nothing configured, 10 s, 64 MiB. */
void siteconf_init(struct siteconf *sc);
void siteconf_free(struct siteconf *sc);

/* siteconf_load - read path (NULL: SITECONF_DEFAULT, skipped when it does
 * not exist) and every list file it names.  MDA_ERR_CONFIG with
 * "FILE:LINE: reason" in w on any error. */
enum mda_err siteconf_load(const char *path, struct siteconf *sc,
			   struct why *w);

/* siteconf_parse - the text of a file named name (for messages); list
 * files are recorded, not read.  0, or -1 with "name:line: reason". */
int siteconf_parse(const char *name, const char *text, size_t len,
		   struct siteconf *sc, char *err, size_t size);

/* siteconf_set - one setting; 0, or -1 with a reason in err. */
int siteconf_set(struct siteconf *sc, const char *section, const char *key,
		 const char *value, char *err, size_t size);

/* siteconf_set_pigeonhole - a setting under Pigeonhole's name
 * ("sieve_spamtest_status_header", "sieve_pipe_bin_dir", ...), for the
 * testsuite's test_config_set; 1 unknown name, 0 set, -1 bad value. */
int siteconf_set_pigeonhole(struct siteconf *sc, const char *name,
			    const char *value, char *err, size_t size);

/* siteconf_read_lists - read the list files recorded by the parse into
 * sc->sieve.lists.  0, or -1 with "conf:line: path: reason". */
int siteconf_read_lists(struct siteconf *sc, char *err, size_t size);

#endif
