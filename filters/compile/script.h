/*
 * script.h - a compiled script and the validator's context (internal).
 */
#ifndef FILTERS_SCRIPT_H
#define FILTERS_SCRIPT_H

#include <stdbool.h>
#include <string.h>

#include "compile/ast.h"
#include "ext/ext.h"
#include "limits.h"
#include "sieve.h"

#define SIEVE_EXT_MAX 64
_Static_assert(EXT_COUNT <= SIEVE_EXT_MAX, "req[] holds every extension");

struct sieve_script {
	char *name;               /* owned; actions keep their own copy */
	bool global;              /* loaded with include :global */
	char *text;               /* the source, for the trace */
	size_t text_len;
	struct sieve_node **cmds;
	size_t ncmds;
	struct arena arena;       /* the tree, its strings and vectors */
	bool req[SIEVE_EXT_MAX];  /* extensions named in require, by
				   * enum sieve_ext_id */
	/* the nodes given compiled data with a data_free hook
	 * (v_node_data), so freeing the script visits these, not the tree */
	struct sieve_node **owners;
	size_t nowners;
	/* the root script owns every included script */
	struct sieve_script **subs;
	size_t nsubs;
};

/* A look-up memo for one compile or one run: a large script names the
 * same few extensions thousands of times (validator.c). */
#define SIEVE_LOOKUP_MEMO 64   /* a power of two */
struct sieve_lookup {
	struct { const char *key; int idx; } ext[SIEVE_LOOKUP_MEMO];
};

/* The definitions of the node names of one script, remembered by the
 * address of the name: the lexer gives every spelling one copy, so a
 * 5,000-rule script asks about a handful of addresses (validator.c). */
#define SIEVE_DEF_MEMO 64      /* a power of two */
#define SIEVE_SLOT_CHUNK 128   /* argument slots cut from the arena at once */
struct sieve_def_info {
	const struct sieve_cmd_def *def;   /* NULL: unknown name */
	int ext;                           /* its extension */
	unsigned char maxp, need;          /* positional arguments: at most,
					    * at least (from def->pos) */
};
struct sieve_def_memo {
	const char *name;              /* a node's name in the script */
	bool test;
	struct sieve_def_info info;
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
	bool testmode;                /* may require a test_only extension */
	unsigned nerr;
	/* foreverypart loops around the node being validated, innermost
	 * last (RFC 5703 3.2, 7: break and extracttext need one) */
	const struct sieve_node *loops[SIEVE_MAX_NESTING];
	unsigned nloops;
	/* by name address (lives no longer than this script's tree), and
	 * by spelling for names the lexer did not share */
	struct sieve_def_memo defs[SIEVE_DEF_MEMO];
	unsigned ndefs;               /* used slots of defs */
	struct sieve_def_memo byname[SIEVE_DEF_MEMO];
	/* zeroed argument slots not yet given to a node (validator.c) */
	struct sieve_arg **slots;
	size_t nslots;
	/* the required extensions with compile-time hooks (ext.h), in
	 * table order; collected again after each require */
	const struct sieve_extension *hooked[EXT_COUNT];
	unsigned nhooked;
	/* extensions named by require or a constant ihave so far (not the
	 * ones they imply): what a later one may conflict with */
	bool named[SIEVE_EXT_MAX];
};

/* sieve_validate - resolve and check every command of s.  0 or -1. */
int sieve_validate(struct sieve_vctx *v);
/* v_error - report a compile error at line:col of the current script. */
void v_error(struct sieve_vctx *v, unsigned line, unsigned col,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void v_warn(struct sieve_vctx *v, unsigned line, unsigned col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* v_has - was the extension named in require?  v_has_id is the same
 * by index, for callers that know which one they mean. */
bool v_has(const struct sieve_vctx *v, const char *ext);
static inline bool v_has_id(const struct sieve_vctx *v, enum sieve_ext_id e)
{
	return v->s->req[e];
}
/* v_ext_enable - make extension e usable (require, or ihave's block):
 * it and what it implies go into req[].  An extension that conflicts
 * with one named before is an error at a and stays off; false then. */
bool v_ext_enable(struct sieve_vctx *v, int e, const struct sieve_arg *a);
/* script_has - did s require ext?  look may be NULL (no memo). */
bool script_has(const struct sieve_script *s, const char *ext,
		struct sieve_lookup *look);
static inline bool script_has_id(const struct sieve_script *s,
				 enum sieve_ext_id e)
{
	return s->req[e];
}
/* sieve_vctx_include - compile (or reuse) an included script; NULL if
 * missing (*missing_r set) or broken (errors reported).  With once, a
 * script already being compiled further up is that script, not a loop
 * (RFC 6609 3.2: it will not run again). */
struct sieve_script *sieve_vctx_include(struct sieve_vctx *v,
					const struct sieve_node *n,
					bool global, const char *name,
					bool once, bool *missing_r);
/* v_str_const - true if the string has no ${...} when variables apply
 * (inline: validate hooks ask it of every string they check). */
static inline bool v_str_const(const struct sieve_vctx *v,
			       const struct sieve_str *s)
{
	return !v_has_id(v, EXT_VARIABLES) || strstr(s->s, "${") == NULL;
}
/* v_node_data - give n compiled data that data_free releases with the
 * script (the only way to set n->data_free: the script frees the nodes
 * listed here, it does not walk the tree).  On ENOMEM the data is freed
 * at once, an error reported, and -1 returned. */
int v_node_data(struct sieve_vctx *v, struct sieve_node *n, void *data,
		void (*data_free)(void *data));
/* v_find_def - the definition of a command or test named name and its
 * extension, remembered for this compile (defs.c). */
void v_find_def(struct sieve_vctx *v, const char *name, bool test,
		struct sieve_def_info *info);
/* v_std_tag - the tag at n->args[*i] if it is a standard one (comparator,
 * match type, address part) that n takes: checked, applied to n, and
 * *i moved past its values; 1 taken, 0 not a standard tag (std-tags.c). */
int v_std_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i);
/* v_std_tag_name - the k-th standard tag's name if its group is in
 * groups, "" if not, NULL past the end (for suggestions). */
const char *v_std_tag_name(size_t k, unsigned groups);
/* v_suggest_def, v_suggest_tag - the known command/test name or tag of
 * def closest to a misspelled one, or NULL (suggest.c). */
const char *v_suggest_def(const char *name, bool test);
const char *v_suggest_tag(const struct sieve_cmd_def *def, const char *tag);
/* v_unknown_name, v_unknown_tag - report an unknown command or test, an
 * unknown tag of n, with the likely name meant. */
void v_unknown_name(struct sieve_vctx *v, const struct sieve_node *n);
void v_unknown_tag(struct sieve_vctx *v, const struct sieve_node *n,
		   const struct sieve_arg *a);
/* v_swallowed - n takes no test but was given one (a missing ';' or
 * ','): reported, and what it swallowed dropped.  True if so. */
bool v_swallowed(struct sieve_vctx *v, struct sieve_node *n, bool in_list);
/* v_unknown_ext - report an unknown extension in require, with the
 * likely one meant. */
void v_unknown_ext(struct sieve_vctx *v, const struct sieve_arg *a,
		   const char *name);

/* sieve_compile_mode - sieve_compile, with testmode deciding whether
 * test_only extensions (vnd.dovecot.testsuite) may be required. */
struct sieve_script *sieve_compile_mode(const char *name, const char *text,
					size_t len,
					const struct sieve_loader *loader,
					struct sieve_diag *d, bool testmode);

bool sieve_varname_ok(const char *s, bool allow_ns);
bool sieve_regex_ok(const char *re);
/* sieve_regex_defined - false for an ERE POSIX leaves undefined: a
 * repetition operator with nothing before it ("(+"). */
bool sieve_regex_defined(const char *re);
/* sieve_regex_plain - true if re is certainly a valid POSIX ERE, with or
 * without REG_ICASE (a cheap check; false means "ask regcomp"). */
bool sieve_regex_plain(const char *re);

#endif
