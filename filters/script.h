/*
 * script.h - a compiled script and the validator's context (internal).
 */
#ifndef FILTERS_SCRIPT_H
#define FILTERS_SCRIPT_H

#include <stdbool.h>

#include "ast.h"
#include "ext.h"
#include "limits.h"
#include "sieve.h"

#define SIEVE_EXT_MAX 32

struct sieve_script {
	char *name;               /* owned; actions keep their own copy */
	bool global;              /* loaded with include :global */
	char *text;               /* the source, for the trace */
	size_t text_len;
	struct sieve_node **cmds;
	size_t ncmds;
	struct arena arena;       /* the tree, its strings and vectors */
	bool req[SIEVE_EXT_MAX];  /* extensions named in require */
	/* the root script owns every included script */
	struct sieve_script **subs;
	size_t nsubs;
};

/* A look-up memo for one compile or one run: a large script names the
 * same few extensions and commands thousands of times (validator.c). */
#define SIEVE_LOOKUP_MEMO 64   /* a power of two */
struct sieve_lookup {
	struct { const char *key; int idx; } ext[SIEVE_LOOKUP_MEMO];
	struct { const struct sieve_cmd_def *def; int ext; } def[SIEVE_LOOKUP_MEMO];
};

struct sieve_vctx {
	struct sieve_lookup *look;    /* memo for this compile; may be NULL */
	struct sieve_script *s;       /* being validated */
	struct sieve_script *root;
	const struct sieve_loader *loader;
	struct sieve_diag *d;
	unsigned depth;               /* include nesting */
	struct sieve_script **stack;  /* scripts being compiled (loop check) */
	size_t nstack;
	bool past_require;
	unsigned nerr;
	/* foreverypart loops around the node being validated, innermost
	 * last (RFC 5703 3.2, 7: break and extracttext need one) */
	const struct sieve_node *loops[SIEVE_MAX_NESTING];
	unsigned nloops;
};

/* sieve_validate - resolve and check every command of s.  0 or -1. */
int sieve_validate(struct sieve_vctx *v);
/* v_error - report a compile error at line:col of the current script. */
void v_error(struct sieve_vctx *v, unsigned line, unsigned col,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void v_warn(struct sieve_vctx *v, unsigned line, unsigned col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* v_has - was the extension named in require? */
bool v_has(const struct sieve_vctx *v, const char *ext);
/* script_has - did s require ext?  look may be NULL (no memo). */
bool script_has(const struct sieve_script *s, const char *ext,
		struct sieve_lookup *look);
/* sieve_vctx_include - compile (or reuse) an included script; NULL if
 * missing (*missing_r set) or broken (errors reported). */
struct sieve_script *sieve_vctx_include(struct sieve_vctx *v,
					const struct sieve_node *n,
					bool global, const char *name,
					bool *missing_r);
/* arg_is_const - true if the string has no ${...} when variables apply. */
bool v_str_const(const struct sieve_vctx *v, const struct sieve_str *s);

/* extension hooks called by the validator */
int sieve_encoded_character(struct sieve_vctx *v, struct sieve_node *n);
void sieve_regex_validate(struct sieve_vctx *v, const struct sieve_node *n);
bool sieve_varname_ok(const char *s, bool allow_ns);
bool sieve_regex_ok(const char *re);

#endif
