/*
 * sieve.h - the public face of the Sieve engine (RFC 5228 and extensions).
 *
 * Pipeline: lex -> parse -> validate (sieve_compile) then interpret
 * (sieve_run).  Diagnostics go to a sink with file:line:col.  The engine
 * knows nothing of disks: script text comes in as bytes, `include` asks the
 * loader callback for more bytes, and the outcome is a sieve_action_list.
 *
 * Failure rules (design.md): a compile error runs nothing and the caller
 * keeps the message; a run-time error cancels every action of that run and
 * leaves one implicit keep.
 */
#ifndef FILTERS_SIEVE_H
#define FILTERS_SIEVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "action.h"
#include "message.h"

struct sieve_diag_entry {
	char *file;
	unsigned line, col;
	bool error;            /* false: warning */
	char *text;
};

/* A collecting sink: entries in the order they were reported. */
struct sieve_diag {
	struct sieve_diag_entry *v;
	size_t n, cap;
	size_t errors;
};

void sieve_diag_free(struct sieve_diag *d);
/* sieve_diag_print - "file:line:col: error: text" one per line. */
void sieve_diag_print(const struct sieve_diag *d, FILE *out);

/* Loader for `include`: fills *text_r (malloc'd) and *len_r, and a display
 * name *name_r (malloc'd).  Returns 0, or -1 not found / unreadable. */
struct sieve_loader {
	int (*load)(void *ctx, bool global, const char *name,
		    char **text_r, size_t *len_r, char **name_r);
	void *ctx;
};

struct sieve_script;

/* sieve_compile - NULL on any error (then d->errors > 0). */
struct sieve_script *sieve_compile(const char *name, const char *text,
				   size_t len, const struct sieve_loader *loader,
				   struct sieve_diag *d);
/* sieve_compile_owned - as sieve_compile, but text is malloc'd and the
 * script takes it (the trace quotes it at run time), freed with the script
 * or at once on an error: a large script is then held once, not twice. */
struct sieve_script *sieve_compile_owned(const char *name, char *text,
					 size_t len,
					 const struct sieve_loader *loader,
					 struct sieve_diag *d);
void sieve_script_free(struct sieve_script **s);

/* Trace hook for `mda test --trace`: test is called for each test
 * evaluated; compare (if not NULL) for each comparison a test made: the
 * value (a decoded header value, an address part; NULL: the test found
 * no value), the key, the match type (":contains", ":value \"gt\"") and
 * comparator, and whether they matched; action (if not NULL) for each
 * action a command took, which carries its script and line. */
struct sieve_trace {
	void (*test)(void *ctx, const char *file, unsigned line,
		     const char *what, bool result);
	void *ctx;
	void (*compare)(void *ctx, const char *file, unsigned line,
			const char *value, const char *key, const char *match,
			const char *comparator, bool result);
	void (*action)(void *ctx, const struct sieve_action *a);
};

/*
 * sieve_run - interpret s over msg.  Always leaves a usable list in *out
 * (at worst one implicit keep).  Returns 0, or -1 on a run-time error, which
 * is also reported to d.
 */
int sieve_run(const struct sieve_script *s, const struct sieve_message *msg,
	      const struct sieve_runtime_env *env,
	      const struct sieve_trace *trace,
	      struct sieve_action_list *out, struct sieve_diag *d);

/* sieve_capabilities_write - the space-separated list of supported
 * extensions into buf; 0, or -1 if it does not fit. */
int sieve_capabilities_write(char *buf, size_t size);

#endif
