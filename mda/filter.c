/*
 * filter.c - read, compile and run the user's Sieve script.
 *
 * This is the only place mda/ touches the engine, and the engine never
 * touches a file: the script and every `include` are read here and handed
 * over as bytes.  Any failure ends in one implicit keep (design.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "filter.h"
#include "io.h"
#include "store/target.h"
#include "intake/magic.h"

#define SCRIPT_MAX (1024 * 1024)

const char *filter_script_path(const struct config *cfg,
			       const struct inbox *ib, char *buf, size_t size)
{
	struct stat st;
	int n;

	if (cfg->sieve != NULL && cfg->sieve[0] != '\0')
		return cfg->sieve;
	n = snprintf(buf, size, "%s/.mda.sieve", ib->home);
	if (n < 0 || (size_t)n >= size || stat(buf, &st) != 0)
		return NULL;
	return buf;
}

int filter_load(const char *path, char **text_r, size_t *len_r)
{
	return io_read_file(path, SCRIPT_MAX, text_r, len_r);
}

int filter_load_include(void *ctx, bool global, const char *name,
			char **text_r, size_t *len_r, char **name_r)
{
	const struct filter_loader_ctx *lc = ctx;
	const char *dir = global ? lc->global_dir : lc->personal_dir;
	char path[4096];
	int n;

	if (dir == NULL || strchr(name, '/') != NULL || name[0] == '.')
		return -1;
	n = snprintf(path, sizeof(path), "%s/%s%s", dir, name,
		     strstr(name, ".sieve") ? "" : ".sieve");
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	if (filter_load(path, text_r, len_r) != 0) {
		/* RFC 6609: the name may be given with or without .sieve */
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    filter_load(path, text_r, len_r) != 0)
			return -1;
	}
	*name_r = strdup(path);
	if (*name_r == NULL) {
		free(*text_r);
		return -1;
	}
	return 0;
}

struct sieve_script *filter_compile(const struct config *cfg,
				    const char *path, struct sieve_diag *d,
				    int *load_err_r)
{
	char dir[4096];
	char *text = NULL;
	size_t len = 0;
	int err = filter_load(path, &text, &len);

	*load_err_r = err;
	if (err != 0)
		return NULL;
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	struct filter_loader_ctx lc = { dir, cfg->global_dir };
	struct sieve_loader loader = { filter_load_include, &lc };
	/* the script keeps the text (for the trace) and frees it */
	return sieve_compile_owned(path, text, len, &loader, d);
}

void filter_env_runtime(const struct filter_env *fe,
			struct sieve_runtime_env *env)
{
	memset(env, 0, sizeof(*env));
	env->envelope.from = fe->sender;
	env->envelope.to = fe->rcpt;
	env->envelope.orig_to = fe->orig_rcpt;
	env->envelope.user = fe->ib->user;
	env->now = io_now();
	const char *at = strrchr(fe->rcpt, '@');
	env->domain = at != NULL ? at + 1 : fe->ib->host;
	env->host = fe->ib->host;
	env->location = "MDA";
	env->phase = "during";
	env->mailbox_exists = target_folder_exists;
	env->mailbox_ctx = (void *)fe->ib;
	env->magic_type = mda_magic_type;   /* libmagic opened on first use */
	env->magic_ctx = NULL;              /* the caller's struct mda_magic */
	if (fe->quota != NULL) {   /* read by mda before the run */
		env->quota_usage = fe->quota->usage;
		env->quota_limit = fe->quota->limit[0] ? fe->quota->limit : NULL;
		env->quota_percent = fe->quota->percent;
	}
	env->site = fe->site != NULL ? &fe->site->sieve : NULL;
	if (fe->programs != NULL) {
		env->program = programs_call;
		env->program_ctx = fe->programs;
	}
	if (fe->state != NULL) {   /* opened only if the script asks */
		env->state_check = state_filter_check;
		env->state_ctx = fe->state;
	}
}

/* first_diag - the first error (or, with !error, warning, said so) of d. */
static bool first_diag(const struct sieve_diag *d, bool error, char *out,
		       size_t size)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].error == error) {
			snprintf(out, size, "%s%s:%u:%u: %s",
				 error ? "" : "warning: ", d->v[i].file,
				 d->v[i].line, d->v[i].col, d->v[i].text);
			return true;
		}
	return false;
}

static void first_error(const struct sieve_diag *d, char *out, size_t size)
{
	if (!first_diag(d, true, out, size))
		snprintf(out, size, "filter failed");
}

enum filter_outcome filter_judge(const struct config *cfg,
				 const char *script_path,
				 const struct spool *sp,
				 const struct filter_env *fe,
				 const struct sieve_trace *trace,
				 struct sieve_action_list *acts,
				 struct sieve_diag *d, char *warning,
				 size_t wsize)
{
	struct sieve_runtime_env env;
	struct sieve_message msg;
	struct sieve_script *s = NULL;
	struct mda_magic magic = MDA_MAGIC_INIT;
	enum filter_outcome o = FILTER_NONE;
	int load_err = 0;

	warning[0] = '\0';
	if (script_path != NULL)
		s = filter_compile(cfg, script_path, d, &load_err);
	if (s != NULL) {
		spool_message(sp, &msg);
		filter_env_runtime(fe, &env);
		env.filter_budget_ms = cfg->filter_budget_ms;
		env.magic_ctx = &magic;
		o = FILTER_OK;
		if (sieve_run(s, &msg, &env, trace, acts, d) != 0) {
			first_error(d, warning, wsize);
			o = FILTER_RUN_ERROR;
		} else {   /* a run that worked may still say what it missed */
			(void)first_diag(d, false, warning, wsize);
		}
		mda_magic_release(&magic);
	} else if (load_err != 0) {
		snprintf(warning, wsize, "%s: cannot read filter: %s",
			 script_path, strerror(load_err));
		o = FILTER_LOAD_ERROR;
	} else if (script_path != NULL) {
		first_error(d, warning, wsize);
		o = FILTER_COMPILE_ERROR;
	}
	/* No filter or a broken one leaves acts empty: the plan built from
	 * it is one implicit keep (store/plan.h). */
	sieve_script_free(&s);
	return o;
}

void filter_decide(const struct config *cfg, const char *script_path,
		   const struct spool *sp, const struct filter_env *fe,
		   const struct sieve_trace *trace,
		   struct sieve_action_list *acts, char *warning, size_t wsize)
{
	struct sieve_diag d = { 0 };

	(void)filter_judge(cfg, script_path, sp, fe, trace, acts, &d,
			   warning, wsize);
	sieve_diag_free(&d);
}
