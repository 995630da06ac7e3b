/*
 * rc_int.h - what the two halves of the procmailrc reader share:
 * rc_read.c (files, lines, assignments, INCLUDERC) and rc_recipe.c
 * (one recipe: its start line, conditions and action).
 */
#ifndef MDA_CONVERT_RC_INT_H
#define MDA_CONVERT_RC_INT_H

#include "convert/rc.h"
#include "convert/vars.h"

struct rc_src {
	const char *name;       /* display name; NULL for the main rcfile */
	const char *text;
	size_t len, pos;
	unsigned lineno;        /* of the last physical line read */
};

struct rc_parse {
	struct rc_vars vars;
	struct report *rep;
	unsigned next_id;
	unsigned depth;         /* blocks and includes, bounded */
	char **files;           /* included files' names (recipes point there) */
	size_t nfiles;
	bool oom;
};

/* what rc_parse_list stopped at */
enum rc_stop { RC_STOP_EOF, RC_STOP_CLOSE };

/* rc_next_line - the next logical line (backslash-newline joined),
 * leading blanks removed; false at the end of the text. */
bool rc_next_line(struct rc_src *src, struct cvbuf *out, unsigned *line_r);
enum rc_stop rc_parse_list(struct rc_parse *P, struct rc_src *src,
			   struct rc_list *list);
/* rc_parse_recipe - the recipe whose start line is `start`. */
void rc_parse_recipe(struct rc_parse *P, struct rc_src *src,
		     const char *start, unsigned line, struct rc_list *list);
/* rc_report - one report line for a construct that is not a recipe. */
void rc_report(struct rc_parse *P, const struct rc_src *src, unsigned line,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* rc_list_push - append r (moved in). */
void rc_list_push(struct rc_parse *P, struct rc_list *list,
		  struct rc_recipe *r);

#endif
