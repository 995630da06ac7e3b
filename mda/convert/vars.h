/*
 * vars.h - procmail's variables as the converter follows them: values
 * assigned in reading order, $NAME / ${NAME} / ${NAME:-x} / $\NAME
 * expansion (procmailrc(5) BUGS names the forms), and shell-like words
 * for action lines.
 *
 * Contract: a value that cannot be known while converting (backquotes,
 * "VAR=| program", $$, an unset environment variable) is marked unknown;
 * whoever uses it reports the construct.
 */
#ifndef MDA_CONVERT_VARS_H
#define MDA_CONVERT_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "convert/cvbuf.h"

#define VARS_MAX_WORDS 64

/* what an expansion met, or'ed into *seen */
enum { VARS_UNKNOWN = 1, VARS_BACKQUOTE = 2 };

struct rc_var {
	char *name, *value;
	bool known;
};

struct rc_vars {
	struct rc_var *v;
	size_t n, cap;
	bool oom;
};

/* vars_init - procmail's defaults: HOME, LOGNAME, MAILDIR=$HOME,
 * ORGMAIL=/var/mail/$LOGNAME, DEFAULT=$ORGMAIL, SENDMAIL, SHELL, LOCKEXT. */
void vars_init(struct rc_vars *vs, const char *home, const char *logname);
void vars_set(struct rc_vars *vs, const char *name, const char *value,
	      bool known);
/* vars_get - the value (NULL: unset); *known_r says if it is certain. */
const char *vars_get(const struct rc_vars *vs, const char *name,
		     bool *known_r);
/* vars_expand - s[0..n) with every $ form expanded into out. */
void vars_expand(const struct rc_vars *vs, const char *s, size_t n,
		 struct cvbuf *out, unsigned *seen);
/* vars_value - the right-hand side of NAME=..., quotes removed. */
void vars_value(const struct rc_vars *vs, const char *s, struct cvbuf *out,
		unsigned *seen);
/* vars_words - an action line split into words (quotes removed,
 * unquoted expansions split on blanks, "#" at a word start ends the
 * line); returns the count, at most VARS_MAX_WORDS, each malloc'd. */
size_t vars_words(const struct rc_vars *vs, const char *s, char **words,
		  unsigned *seen);
void vars_free(struct rc_vars *vs);

#endif
