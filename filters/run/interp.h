/*
 * interp.h - the run-time state of one sieve_run (internal).
 */
#ifndef FILTERS_INTERP_H
#define FILTERS_INTERP_H

#include <stdbool.h>

#include "compile/ast.h"
#include "ext/ext.h"
#include "limits.h"
#include "compile/script.h"
#include "sieve.h"

enum { IX_ERR = -1, IX_OK = 0, IX_STOP = 1, IX_RETURN = 2 };

struct sieve_var {
	char *name;
	char *val;
};

struct sieve_vars {
	struct sieve_var *v;
	size_t n;
};

/* one header field as the run sees it (editheader may change the list) */
struct ix_hdr {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
	char *own;          /* storage of an added field, else NULL */
};

/* the decoded values of one field name, kept for the rest of the run
 * (msgview.c): thousands of rules ask for the same few fields; and,
 * made when first asked, their address parts per AP_* (address test) */
struct ix_hcache {
	char *name;
	const char **v;     /* NULL-terminated, owned */
	size_t n;
	const char **addr[AP_DETAIL + 1];   /* NULL-terminated, owned */
	size_t naddr[AP_DETAIL + 1];
};

/* one executing script (include pushes a frame) */
struct ix_frame {
	const struct sieve_script *s;
	struct sieve_vars locals;
	char **globals;      /* names declared with `global` here */
	size_t nglobals;
	bool vars;           /* s requires "variables": strings may expand */
};

/* pointer slots for the argument vectors of one command (ix_arg_list):
 * a test takes two or three short lists, so most commands need no malloc */
enum { IX_ARGV_POOL = 64 };

struct sieve_ix {
	struct sieve_lookup *look;   /* memo for this run (script.h) */
	const struct sieve_message *msg;
	const struct sieve_runtime_env *env;
	const struct sieve_trace *trace;
	struct sieve_diag *d;
	struct sieve_action_list *out;
	struct ix_frame *fr;
	unsigned depth;
	unsigned long steps;
	/* CPU budget (SIEVE_RUN_BUDGET_MS): the clock is read once every
	 * SIEVE_BUDGET_EVERY ticks, so a 5,000-rule run pays for ~20 reads */
	unsigned long ticks;
	long long cpu_end_ns;       /* process CPU time at which to stop */
	unsigned budget_ms;
	/* compiled :regex keys (recache.h) */
	struct ix_recache *recache;
	/* actions */
	bool implicit_keep;
	bool discarded;
	unsigned discard_line;
	const char *discard_script;
	unsigned nredirects;
	/* imap4flags internal variable */
	char **flags;
	size_t nflags;
	/* variables */
	struct sieve_vars globals;
	char *match[SIEVE_MAX_MATCH_VARS];
	/* vnd.dovecot.filter: which version of the message the run sees */
	unsigned version;
	/* header view */
	struct ix_hdr *hdrs;
	size_t nhdrs;
	bool edited;
	struct ix_hcache hcache[SIEVE_HDR_CACHE];
	size_t nhcache;
	/* include :once bookkeeping */
	const struct sieve_script *done[SIEVE_MAX_INCLUDED];
	size_t ndone;
	/* MIME part index and foreverypart state (ext-mime.c), lazily */
	struct ix_mime *mime;
	/* testsuite state (ext/testsuite/), NULL outside `--svtest` */
	struct ix_ts *ts;
	/* strings made during one command, freed after it */
	char **scratch;
	size_t nscratch, capscratch;
	/* argument vectors of that command, given back with the scratch */
	const char *argv_pool[IX_ARGV_POOL];
	size_t nargv;
};

/* trace.c: only called when ix->trace asks for it */
int ix_match_traced(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *const *vals, size_t nvals,
		    const char *const *keys, size_t nkeys, bool *res);
/* ix_trace_actions - the actions a command added past before, and a
 * discard it made (discarded: ix->discarded before the command). */
void ix_trace_actions(struct sieve_ix *ix, size_t before, bool discarded);

/* interp.c */
/* ix_budget_spent - the run's CPU budget is used up: reports a run-time
 * error (implicit keep) at n; IX_ERR then, else 0. */
int ix_budget_spent(struct sieve_ix *ix, const struct sieve_node *n);
/* ix_tick - one unit of work (a step, a match); every SIEVE_BUDGET_EVERY
 * ticks the clock is read.  IX_ERR once the budget is spent. */
static inline int ix_tick(struct sieve_ix *ix, const struct sieve_node *n)
{
	if (++ix->ticks % SIEVE_BUDGET_EVERY != 0)
		return 0;
	return ix_budget_spent(ix, n);
}
int ix_fail(struct sieve_ix *ix, const struct sieve_node *n,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ix_block(struct sieve_ix *ix, struct sieve_node *const *c, size_t nc);
int ix_test(struct sieve_ix *ix, const struct sieve_node *n, bool *res);
int ix_run_script(struct sieve_ix *ix, const struct sieve_script *s);
/* ix_run - sieve_run with the testsuite state ts (NULL: a plain run). */
int ix_run(const struct sieve_script *s, const struct sieve_message *msg,
	   const struct sieve_runtime_env *env,
	   const struct sieve_trace *trace, struct sieve_action_list *out,
	   struct sieve_diag *d, struct ix_ts *ts);
/* ix_keep_str - remember p in the scratch list; returns p (NULL on ENOMEM). */
char *ix_keep_str(struct sieve_ix *ix, char *p);
const char *ix_file(const struct sieve_ix *ix);
bool ix_has(const struct sieve_ix *ix, const char *ext);
/* ix_vars_on - does the running script require "variables"?  (Asked for
 * every string of every rule, so answered from the frame.) */
static inline bool ix_vars_on(const struct sieve_ix *ix)
{
	return ix->fr != NULL && ix->fr->vars;
}

/* ext-variables.c: the modifiers of set (RFC 5229 4.1, and enotify's
 * :encodeurl, RFC 5435 6), which extracttext takes too (RFC 5703 7), in
 * these tag slots of either command; a command's own tags come after */
enum { IX_MOD_LOWER, IX_MOD_COUNT = 7 };
/* ix_modify - in with n's modifiers applied (malloc'd; NULL on ENOMEM) */
char *ix_modify(const struct sieve_node *n, const char *in);
/* v_modifiers - two modifiers of one precedence are a compile error */
void v_modifiers(struct sieve_vctx *v, const struct sieve_node *n);

/* strings: variable expansion (ext-variables.c) */
const char *ix_str(struct sieve_ix *ix, const struct sieve_str *s);
const char *ix_arg_str(struct sieve_ix *ix, const struct sieve_arg *a);
/* ix_arg_list - expanded strings of a string or list; *n_r items. */
const char **ix_arg_list(struct sieve_ix *ix, const struct sieve_arg *a,
			 size_t *n_r);
/* ix_arg_all - *res: ok(ctx, s) holds for every expanded string s of a
 * (ihave, valid_notify_method, valid_ext_list); 0 or IX_ERR. */
int ix_arg_all(struct sieve_ix *ix, const struct sieve_arg *a,
	       bool (*ok)(void *ctx, const char *s), void *ctx, bool *res);
int ix_var_set(struct sieve_ix *ix, const struct sieve_node *n,
	       const char *name, const char *val);
const char *ix_var_get(struct sieve_ix *ix, const char *name);
void ix_vars_free(struct sieve_vars *v);
void ix_set_match(struct sieve_ix *ix, char **vals, size_t n);

/* match.c: a growing vector of values kept in the scratch list */
struct ix_vals {
	const char **v;
	size_t n, cap;
};
int ix_vals_add(struct sieve_ix *ix, struct ix_vals *vs, char *owned);
void ix_vals_done(struct sieve_ix *ix, struct ix_vals *vs);
/* ix_addr_values - the address parts (n->ap) of each value in vs. */
int ix_addr_values(struct sieve_ix *ix, const struct sieve_node *n,
		   const char *const *in, size_t nin, struct ix_vals *out);

/* match.c: match values against keys per n->mt/cmp/relop */
int ix_match(struct sieve_ix *ix, const struct sieve_node *n,
	     const char *const *vals, size_t nvals,
	     const char *const *keys, size_t nkeys, bool *res);

/* ext-index.c: RFC 5260 6 - with :index N (and :last) on n, the one
 * value of v that is the N-th field (from the end), or none; else v. */
const char **ix_index_pick(const struct sieve_node *n, const char **v,
			   size_t *nv);

/* ext-extlists.c: :list - is any value an item of a list keys name? */
/* ix_redirect_list - RFC 6134 2.3 redirect :list: one redirect to each
 * member of the site's list name (ext-extlists.c). */
int ix_redirect_list(struct sieve_ix *ix, const struct sieve_node *n,
		     const char *name, bool copy);
int ix_match_list(struct sieve_ix *ix, const struct sieve_node *n,
		  const char *const *vals, size_t nvals,
		  const char *const *keys, size_t nkeys, bool *res);

/* msgview.c: headers as edited so far */
void ix_headers_init(struct sieve_ix *ix);
void ix_headers_free(struct sieve_ix *ix);
/* ix_headers_changed - editheader changed ix->hdrs: forget cached values. */
void ix_headers_changed(struct sieve_ix *ix);
/* ix_header_values - decoded values of every field named name; valid until
 * the header list changes (editheader) or the run ends.  Read only. */
const char **ix_header_values(struct sieve_ix *ix, const char *name,
			      size_t *n_r);
/* ix_header_addrs - the address parts (n->ap) of the fields named name, as
 * ix_addr_values makes them; kept like ix_header_values.  NULL: error
 * reported. */
const char **ix_header_addrs(struct sieve_ix *ix, const struct sieve_node *n,
			     const char *name, size_t *n_r);
const char **ix_header_raw(struct sieve_ix *ix, const char *name, size_t *n_r);
char *ix_header_block(const struct sieve_ix *ix, size_t *len_r);

/* interp-actions.c */
int ix_act_keep(struct sieve_ix *ix, const struct sieve_node *n,
		char **flags, size_t nflags);
int ix_act_fileinto(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *mailbox, char **flags, size_t nflags,
		    bool copy, bool create);
int ix_act_redirect(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *addr, bool copy);
int ix_act_discard(struct sieve_ix *ix, const struct sieve_node *n);
int ix_act_reject(struct sieve_ix *ix, const struct sieve_node *n,
		  bool ereject, const char *reason);
int ix_act_vacation(struct sieve_ix *ix, const struct sieve_node *n,
		    struct sieve_vacation *vac);
int ix_act_pipe(struct sieve_ix *ix, const struct sieve_node *n,
		const char *program, const char *const *args, size_t nargs,
		bool copy, bool try_);
/* ix_act_notify - takes nt; the same method twice is one notification */
int ix_act_notify(struct sieve_ix *ix, const struct sieve_node *n,
		  struct sieve_notify *nt);
int ix_act_finish(struct sieve_ix *ix);

/* ix_message_replace - vnd.dovecot.filter: later tests and actions see
 * msg, version `version`; header edits so far are part of it. */
int ix_message_replace(struct sieve_ix *ix, const struct sieve_message *msg,
		       unsigned version);

/* ext-imap4flags.c: add (op 1) or remove (-1) the flags of the
 * space-separated list in the internal variable (imapflags' mark). */
int ix_flags_change(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *flags, int op);
/* ext-imap4flags.c: the flags to store with keep/fileinto */
int ix_flags_for(struct sieve_ix *ix, const struct sieve_node *n, int slot,
		 char ***flags_r, size_t *n_r);

#endif
