/*
 * rc.h - the recipe model of a procmailrc, as procmailrc(5) describes it:
 * recipes (":0 flags : lock", conditions, one action) in nested lists,
 * with the variables that name folders already expanded where they stood.
 *
 * Contract: rc_read() builds the model from a file (INCLUDERC inline) and
 * fills the report with what it could not read exactly; the writer
 * (sieve_out.c) turns the model into Sieve text.
 */
#ifndef MDA_CONVERT_RC_H
#define MDA_CONVERT_RC_H

#include <stdbool.h>
#include <stddef.h>

#include "convert/cvbuf.h"
#include "convert/report.h"
#include "why.h"

#define RC_MAX_DEPTH    16      /* nested { } blocks and INCLUDERC files */
#define RC_MAX_FILE     (1024 * 1024)   /* octets of one rcfile */

enum rc_where { RC_IN_HEADER = 1, RC_IN_BODY = 2 };

enum rc_cond_kind {
	RC_C_REGEX,     /* "* regex", "* B ?? regex" */
	RC_C_SIZE,      /* "* < N", "* > N" */
	RC_C_PROGRAM,   /* "* ? program": an exit code */
	RC_C_VARIABLE,  /* "* VAR ?? regex" */
};

struct rc_cond {
	enum rc_cond_kind kind;
	unsigned line;
	bool negate;
	bool weighted;          /* "* w^x ..." */
	double w, x;
	unsigned where;         /* RC_C_REGEX: RC_IN_HEADER | RC_IN_BODY */
	bool less;              /* RC_C_SIZE: '<' */
	unsigned long size;
	char *text;             /* the regex ($-expanded when asked), program */
	char *var;              /* RC_C_VARIABLE: its name */
	char *value;            /* RC_C_VARIABLE: its value when known */
};

enum rc_action_kind {
	RC_A_FOLDER,    /* one or more folders */
	RC_A_FORWARD,   /* "! addresses" */
	RC_A_PIPE,      /* "| program" */
	RC_A_CAPTURE,   /* "VAR=| program" */
	RC_A_BLOCK,     /* "{ ... }" */
};

/* The variables that decide where a folder is, as they stood. */
struct rc_env {
	char *home, *maildir, *deflt, *orgmail;
};

struct rc_list {
	struct rc_recipe *v;
	size_t n, cap;
	char **files;           /* top level only: included files' names */
	size_t nfiles;
	struct rc_env final;    /* top level only: the variables at the end
				   (procmail delivers to the last DEFAULT) */
};

struct rc_recipe {
	const char *file;       /* display name: NULL for the main rcfile */
	unsigned line;
	unsigned id;            /* 1, 2, ... in reading order */
	unsigned long seq;      /* report order (struct report) */
	char flags[32];         /* the flag letters as written */
	bool locked;            /* ":0:" or ":0 :lockfile" */
	struct rc_cond *cond;
	size_t ncond;
	enum rc_action_kind action;
	char **argv;            /* folders or addresses, expanded */
	size_t argc;
	char *text;             /* the action line as written (after | or !) */
	char *capture;          /* RC_A_CAPTURE: the variable */
	struct rc_list block;   /* RC_A_BLOCK */
	struct rc_env env;
	struct cvbuf why;       /* "; "-separated reasons it is inexact */
};

/* rc_has_flag - is letter f among r's flags? */
bool rc_has_flag(const struct rc_recipe *r, char f);
/* rc_note - add a reason (printf-style) to r's report line. */
void rc_note(struct rc_recipe *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* rc_read - parse path (and what it includes) into list; environment
 * from home and logname.  Errors: the main file cannot be read. */
enum mda_err rc_read(const char *path, const char *home, const char *logname,
		     struct rc_list *list, struct report *rep, struct why *w);
/* rc_read_text - the same from text in memory (tests). */
enum mda_err rc_read_text(const char *name, const char *text,
			  const char *home, const char *logname,
			  struct rc_list *list, struct report *rep,
			  struct why *w);
void rc_list_free(struct rc_list *list);
void rc_env_free(struct rc_env *e);

#endif
