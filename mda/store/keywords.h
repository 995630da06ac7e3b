/*
 * keywords.h - imap4flags to Maildir info letters, Dovecot-compatible.
 */
#ifndef MDA_KEYWORDS_H
#define MDA_KEYWORDS_H

#include <stddef.h>

#include "why.h"

/* keywords_letters - letters for flags in Maildir folder dir: system flags
 * (\Seen S, \Answered R, \Flagged F, \Deleted T, \Draft D; \Recent and
 * unknown system flags ignored) and IMAP keywords a-z through the folder's
 * dovecot-keywords file, adding new keywords to it.  Keywords beyond 26 or
 * not valid IMAP atoms are left out (the message is still stored). */
enum mda_err keywords_letters(const char *dir, char *const *flags, size_t n,
			      char *letters, size_t size, struct why *w);

#define KEYWORDS_MAX 26    /* letters a-z */
#define KEYWORDS_LEN 128

/* keywords_names - the keyword of each letter in dir's dovecot-keywords
 * ("" where none), as Dovecot and keywords_letters() wrote them; 0 or an
 * errno value (a missing file means no keywords). */
int keywords_names(const char *dir, char names[KEYWORDS_MAX][KEYWORDS_LEN]);

/* keywords_info_flags - the flags the letters of a ":2," info stand for
 * in folder dir: system flags by their letter, a-z through its
 * dovecot-keywords (letters it does not name are dropped).  Up to max
 * names; the count, or -1 with errno when dovecot-keywords cannot be
 * read. */
int keywords_info_flags(const char *dir, const char *letters,
			char names[][KEYWORDS_LEN], size_t max);

#endif
