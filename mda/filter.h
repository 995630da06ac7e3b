/*
 * filter.h - the delivery agent's side of the filter border: read the
 * script file, compile, run, and hand back the action list.
 */
#ifndef MDA_FILTER_H
#define MDA_FILTER_H

#include <stdio.h>

#include "action.h"
#include "config.h"
#include "intake/inbox.h"
#include "sieve.h"
#include "intake/spool.h"
#include "outward/state.h"
#include "outward/programs.h"
#include "siteconf.h"
#include "store/quota_deliver.h"

struct filter_env {
	const char *sender;
	const char *rcpt;
	const char *orig_rcpt;
	const struct inbox *ib;
	struct mda_state *state;   /* duplicate/vacation state; NULL: none */
	const struct quota_view *quota;   /* vnd.mda.quota.*; NULL: none */
	const struct siteconf *site;   /* /etc/mda.conf; NULL: none */
	struct programs *programs;     /* filter/execute runner; NULL: none */
};

/* filter_script_path - -s, $MDA_SIEVE, else ~/.mda.sieve if it exists;
 * NULL when there is no filter. */
const char *filter_script_path(const struct config *cfg,
			       const struct inbox *ib, char *buf, size_t size);

/* filter_load - read a script file (bounded size) into *text_r. 0 or errno */
int filter_load(const char *path, char **text_r, size_t *len_r);

/* The directories `include` reads from: :personal scripts next to the
 * main one, :global ones from --global-dir (NULL: none). */
struct filter_loader_ctx {
	const char *personal_dir;
	const char *global_dir;
};

/* filter_load_include - a struct sieve_loader's load (ctx is a struct
 * filter_loader_ctx); names with '/' or a leading '.' are refused. */
int filter_load_include(void *ctx, bool global, const char *name,
			char **text_r, size_t *len_r, char **name_r);

/* filter_compile - NULL with diagnostics in d on any error, or with
 * *load_err_r set when the file could not be read. */
struct sieve_script *filter_compile(const struct config *cfg,
				    const char *path, struct sieve_diag *d,
				    int *load_err_r);

/* filter_decide - the engine's action list for this message.  Never
 * fails: no filter or a compile error leaves acts empty, a run-time error
 * the engine's keep, with the error's text in warning; the plan made
 * from an empty list keeps (design.md: a broken filter never loses mail). */
void filter_decide(const struct config *cfg, const char *script_path,
		   const struct spool *sp, const struct filter_env *fe,
		   const struct sieve_trace *trace,
		   struct sieve_action_list *acts, char *warning, size_t wsize);

enum filter_outcome {
	FILTER_NONE,            /* no filter: keep */
	FILTER_OK,              /* compiled and ran */
	FILTER_LOAD_ERROR,      /* the script could not be read */
	FILTER_COMPILE_ERROR,   /* nothing ran */
	FILTER_RUN_ERROR,       /* the run's actions were cancelled */
};

/* filter_judge - filter_decide, also handing back every diagnostic in d
 * (the caller frees it) and what became of the filter. */
enum filter_outcome filter_judge(const struct config *cfg,
				 const char *script_path,
				 const struct spool *sp,
				 const struct filter_env *fe,
				 const struct sieve_trace *trace,
				 struct sieve_action_list *acts,
				 struct sieve_diag *d, char *warning,
				 size_t wsize);

/* filter_env_runtime - the sieve runtime environment for a delivery. */
void filter_env_runtime(const struct filter_env *fe,
			struct sieve_runtime_env *env);

#endif
