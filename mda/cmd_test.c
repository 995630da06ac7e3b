/*
 * cmd_filter.c - `mda test` and `mda check`: run or compile a filter and
 * say what it does, writing nothing.
 *
 * `check` prints one line per error, "file:line:col: message", and exits
 * 65 (EX_DATAERR) if there was any; silent and 0 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "filter.h"
#include "store/plan.h"
#include "trace_print.h"

static int tmp_spool(void *ctx, char **path_r)
{
	const char *dir = getenv("TMPDIR");

	(void)ctx;
	*path_r = NULL;
	return open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC,
		    0600);
}

/* test_one - spool one saved message and print what the filter does. */
static enum mda_err test_one(const struct config *cfg, const char *script,
			     const char *file, const struct inbox *ib,
			     const struct siteconf *site, struct why *w)
{
	struct spool sp;
	struct sieve_action_list acts = { 0 };
	struct plan plan = { 0 };
	struct sieve_trace tr;
	char warning[400], *sender;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	enum mda_err e;

	if (fd < 0)
		return why_errno(w, errno, file);
	trace_print_init(&tr, stdout);
	e = spool_read(fd, tmp_spool, NULL, &sp, w);
	(void)close(fd);
	if (e != MDA_OK)
		return e;
	sender = strdup(cfg->from ? cfg->from :
			sp.fromline_sender ? sp.fromline_sender : "");
	const char *rcpt = cfg->to ? cfg->to : ib->user;
	/* mda test writes nothing: programs are not run */
	struct programs progs = { .site = site, .dry_run = true };
	struct filter_env fe = { sender ? sender : "", rcpt, NULL, ib, NULL,
				 NULL, site, &progs };
	printf("%s:\n", file);
	filter_decide(cfg, script, &sp, &fe, cfg->trace ? &tr : NULL, &acts,
		      warning, sizeof(warning));
	if (strncmp(warning, "warning: ", 9) == 0)   /* the run went on */
		printf("  %s\n", warning);
	else if (warning[0] != '\0')
		printf("  error: %s (implicit keep)\n", warning);
	if (plan_build(&plan, &acts) == 0)
		plan_print(&plan, "  ", stdout);
	else
		e = why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	plan_free(&plan);
	sieve_actions_free(&acts);
	spool_free(&sp);
	free(sender);
	return e;
}

enum mda_err cmd_test(const struct config *cfg, struct why *w)
{
	struct inbox ib;
	struct siteconf site;
	char buf[4096];
	enum mda_err e;

	if (cfg->svtest)   /* testsuite files: cmd_svtest.c */
		return cmd_svtest(cfg, w);
	e = inbox_resolve(cfg, &ib, w);

	if (e != MDA_OK)
		return e;
	if (cfg->nargs == 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "mda test: no message given");
	siteconf_init(&site);
	if ((e = siteconf_load(cfg->config_file, &site, w)) != MDA_OK) {
		siteconf_free(&site);
		return e;
	}
	const char *script = filter_script_path(cfg, &ib, buf, sizeof(buf));
	if (script == NULL)
		printf("no filter: every message is kept in INBOX\n");
	for (int i = 0; e == MDA_OK && i < cfg->nargs; i++)
		e = test_one(cfg, script, cfg->args[i], &ib, &site, w);
	siteconf_free(&site);
	return e;
}

enum mda_err cmd_check(const struct config *cfg, struct why *w)
{
	size_t errors = 0;

	if (cfg->capabilities) {
		char caps[2048];

		if (sieve_capabilities_write(caps, sizeof(caps)) != 0)
			return why_set(w, MDA_ERR_TEMP, "4.3.0",
				       "capability list too long");
		printf("\"SIEVE\" \"%s\"\n", caps);
		return MDA_OK;
	}
	if (cfg->nargs == 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "mda check: no filter given");
	for (int i = 0; i < cfg->nargs; i++) {
		struct sieve_diag d = { 0 };
		int load_err = 0;
		struct sieve_script *s = filter_compile(cfg, cfg->args[i], &d,
							&load_err);
		if (load_err != 0) {
			printf("%s:0:0: cannot read: %s\n", cfg->args[i],
			       strerror(load_err));
			errors++;
		}
		sieve_diag_print(&d, stdout);
		errors += d.errors;
		sieve_script_free(&s);
		sieve_diag_free(&d);
	}
	if (errors == 0)
		return MDA_OK;
	(void)w;  /* the error lines above are the whole report */
	return MDA_ERR_FILTER;
}
