/*
 * cmd_svtest.c - `mda test --svtest FILE...`: run testsuite files (the
 * language of Pigeonhole's conformance suite, vnd.dovecot.testsuite) and
 * print TAP: "# FILE", then "ok N - NAME" or "not ok N - NAME" (with a
 * "#   reason" line) per `test` block, numbered across all files, the plan
 * "1..N" and a summary line.  Exit 0 when every block passed, 65 when one
 * failed or a file could not be read or parsed.
 *
 * The engine runs the file (filters/testsuite.h); this side gives it its
 * world (mda/svtest/): messages spooled as a delivery spools them,
 * mailboxes stored into by the delivery's code, outgoing mail captured.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "filter.h"
#include "io.h"
#include "store/target.h"
#include "svtest/svt.h"
#include "testsuite.h"

static int op_message_text(void *ctx, const char *text, size_t len,
			   const struct sieve_message **msg_r, char *why,
			   size_t wsize)
{
	struct svt_msg *m = svt_msg_text(ctx, text, len, why, wsize);

	if (m == NULL)
		return -1;
	*msg_r = &m->m;
	return 0;
}

static int op_smtp_get(void *ctx, unsigned long idx,
		       const struct sieve_message **msg_r,
		       const char **from_r, const char **to_r)
{
	struct svt *t = ctx;

	if (idx >= t->nsent)
		return 0;
	*msg_r = &t->sent[idx].msg->m;
	*from_r = t->sent[idx].from;
	*to_r = t->sent[idx].to;
	return 1;
}

static int op_folder_get(void *ctx, const char *folder, unsigned long idx,
			 const struct sieve_message **msg_r,
			 const char *const **flags_r, size_t *nflags_r)
{
	struct svt *t = ctx;
	struct why w = { "", "" };
	char dir[4096];
	unsigned long k = 0;

	if (maildir_folder_dir(t->ib.path, folder, dir, sizeof(dir), &w) !=
	    MDA_OK)
		return 0;
	for (size_t i = 0; i < t->nstored; i++) {
		struct svt_stored *s = &t->stored[i];

		if (strcmp(s->dir, dir) != 0 || k++ != idx)
			continue;
		if (s->msg == NULL && (s->msg = svt_msg_file(t, s->file)) == NULL)
			return 0;
		*msg_r = &s->msg->m;
		*flags_r = (const char *const *)s->flags;
		*nflags_r = s->nflags;
		return 1;
	}
	return 0;
}

static int op_mailbox_create(void *ctx, const char *folder)
{
	return svt_mailbox(ctx, folder);
}

static void op_block(void *ctx, bool begin)
{
	svt_block(ctx, begin);
}

static void op_smtp_reset(void *ctx)
{
	svt_sent_clear(ctx);
}

static int op_script_load(void *ctx, const char *name, char **text_r,
			  size_t *len_r, char **name_r)
{
	struct svt *t = ctx;
	char path[8200];
	int n = snprintf(path, sizeof(path), "%s/%s", t->dir, name);

	if (n < 0 || (size_t)n >= sizeof(path) ||
	    filter_load(path, text_r, len_r) != 0)
		return -1;
	if ((*name_r = strdup(name)) == NULL) {
		free(*text_r);
		return -1;
	}
	return 0;
}

static int op_execute(void *ctx, const struct sieve_action_list *acts,
		      const struct sieve_message *msg,
		      const struct sieve_runtime_env *env, char *why,
		      size_t wsize)
{
	return svt_execute(ctx, acts, svt_msg_of(msg), env, why, wsize);
}

/* Pigeonhole settings and mda's fixed equivalent: setting one to mda's
 * value is applied (a no-op); anything else means nothing here. */
static const struct { const char *name, *value; } fixed[] = {
	{ "recipient_delimiter", "+" },
	{ "sieve_vacation_min_period", "1d" },
	{ "sieve_editheader_protected", "" },
};

static int op_config_set(void *ctx, const char *name, const char *value)
{
	struct svt *t = ctx;
	char err[300];
	int rc = value != NULL ? siteconf_set_pigeonhole(&t->site, name, value,
							 err, sizeof(err)) : 1;

	if (rc == 0)
		return 1;   /* mda's own setting (siteconf.c) */
	if (rc < 0) {
		printf("# test_config_set %s: %s\n", name, err);
		return 0;
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(fixed[i].name, name) == 0 &&
		    (value == NULL || strcmp(fixed[i].value, value) == 0))
			return 1;
	printf("# test_config_%s %s: no such setting in mda, ignored\n",
	       value ? "set" : "unset", name);
	return 0;
}

static void op_print(void *ctx, const struct sieve_action_list *acts)
{
	(void)ctx;
	for (size_t i = 0; i < acts->n; i++) {
		fputs("# result: ", stdout);
		sieve_action_print(&acts->v[i], stdout);
		fputc('\n', stdout);
	}
}

static void op_report(void *ctx, const char *name, bool ok, const char *why)
{
	struct svt *t = ctx;

	++*t->tap_n;
	printf("%sok %u - %s\n", ok ? "" : "not ", *t->tap_n, name);
	if (!ok)
		printf("#   %s\n", why ? why : "failed");
	if (ok)
		t->passed++;
	else
		t->failed++;
	fflush(stdout);
}

/* run_file - one testsuite file; *failed_r counts failed blocks (and a
 * file that cannot be read or parsed as one). */
static enum mda_err run_file(const struct config *cfg, const char *file,
			     unsigned *tap_n, unsigned *passed,
			     unsigned *failed, struct why *w)
{
	struct svt *t = calloc(1, sizeof(*t));
	struct sieve_diag d = { 0 };
	char *text = NULL;
	size_t len = 0;
	int err;
	enum mda_err e;

	if (t == NULL)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	printf("# %s\n", file);
	siteconf_init(&t->site);
	t->programs = (struct programs){ .site = &t->site, .sender = "",
		.rcpt = "", .user = "", .home = "", .host = "" };
	e = svt_open(t, cfg, file, w);
	err = e == MDA_OK ? filter_load(file, &text, &len) : 0;
	if (e == MDA_OK && err != 0) {
		printf("# %s: cannot read: %s\n", file, strerror(err));
		++*failed;
	} else if (e == MDA_OK) {
		struct filter_loader_ctx lc = { t->personal, t->global };
		struct sieve_loader loader = { filter_load_include, &lc };
		struct sieve_testsuite_ops ops = {
			op_message_text, op_smtp_get, op_folder_get,
			op_block, op_smtp_reset, op_mailbox_create,
			op_script_load, &loader, op_execute, op_config_set,
			op_print, op_report, t, t->path,
		};
		struct sieve_runtime_env env = { .now = io_now(),
			.domain = "example.com", .host = t->ib.host,
			.location = "MDA", .phase = "during",
			.mailbox_exists = target_folder_exists,
			.mailbox_ctx = &t->ib, .site = &t->site.sieve,
			.program = programs_call, .program_ctx = &t->programs };

		t->tap_n = tap_n;
		if (sieve_testsuite_run(file, text, len, &loader, &env, &ops,
					&d) < 0) {
			printf("# %s: does not parse:\n", file);
			for (size_t i = 0; i < d.n && i < 5; i++)
				printf("#   %u:%u: %s\n", d.v[i].line,
				       d.v[i].col, d.v[i].text);
			++*failed;
		}
		*passed += t->passed;
		*failed += t->failed;
	}
	free(text);
	sieve_diag_free(&d);
	programs_free(&t->programs);
	siteconf_free(&t->site);
	svt_close(t);
	free(t);
	return e;
}

enum mda_err cmd_svtest(const struct config *cfg, struct why *w)
{
	unsigned tap_n = 0, passed = 0, failed = 0;
	enum mda_err e = MDA_OK;

	if (cfg->nargs == 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "mda test --svtest: no file given");
	for (int i = 0; e == MDA_OK && i < cfg->nargs; i++)
		e = run_file(cfg, cfg->args[i], &tap_n, &passed, &failed, w);
	if (e != MDA_OK)
		return e;
	printf("1..%u\n# %u blocks: %u passed, %u failed\n", tap_n, tap_n,
	       passed, failed);
	return failed == 0 ? MDA_OK : MDA_ERR_FILTER;
}
