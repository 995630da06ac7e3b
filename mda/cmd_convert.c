/*
 * cmd_convert.c - `mda convert-procmailrc [RCFILE]`: the Sieve form of a
 * procmailrc (default ~/.procmailrc) on standard output, one line per
 * recipe that could not be converted exactly on standard error
 * ("file:line: why").
 *
 * Exit: 0 when a script was written (reported recipes included); 64 on
 * bad usage; 65 when RCFILE cannot be read; 75 when out of memory.  The
 * script is compiled once through the public Sieve API before it is
 * printed, so a converter bug never hands the user a broken filter.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "convert/convert.h"
#include "sieve.h"

/* who - HOME and LOGNAME as procmail would see them. */
static enum mda_err who(const char **home_r, const char **logname_r,
			struct why *w)
{
	const char *home = getenv("HOME");
	const char *name = getenv("LOGNAME");
	struct passwd *pw = NULL;

	if (name == NULL || *name == '\0')
		name = getenv("USER");
	if (home == NULL || *home == '\0' || name == NULL || *name == '\0')
		pw = getpwuid(geteuid());
	if (pw != NULL && (home == NULL || *home == '\0'))
		home = pw->pw_dir;
	if (pw != NULL && (name == NULL || *name == '\0'))
		name = pw->pw_name;
	if (home == NULL || name == NULL)
		return why_set(w, MDA_ERR_NOUSER, "5.1.1",
			       "no HOME or LOGNAME, and no password entry");
	*home_r = home;
	*logname_r = name;
	return MDA_OK;
}

/* self_check - the script must compile, or it is our bug. */
static enum mda_err self_check(const char *script, struct why *w)
{
	struct sieve_diag d = { 0 };
	struct sieve_script *s = sieve_compile("converted", script,
					       strlen(script), NULL, &d);
	enum mda_err e = MDA_OK;

	if (s == NULL || d.errors > 0) {
		sieve_diag_print(&d, stderr);
		e = why_set(w, MDA_ERR_DATA, "5.6.0", "the converted script "
			    "does not compile (a converter bug)");
	}
	sieve_script_free(&s);
	sieve_diag_free(&d);
	return e;
}

enum mda_err cmd_convert(const struct config *cfg, struct why *w)
{
	struct rc_list list = { 0 };
	struct report rep = { 0 };
	const char *home = NULL, *logname = NULL;
	char dflt[4096];
	char *script = NULL;
	enum mda_err e;

	if (cfg->nargs > 1)
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "mda convert-procmailrc:"
			       " one RCFILE at most");
	e = who(&home, &logname, w);
	if (e != MDA_OK)
		return e;
	const char *path = cfg->nargs == 1 ? cfg->args[0] : dflt;
	int n = snprintf(dflt, sizeof(dflt), "%s/.procmailrc", home);
	if (n < 0 || (size_t)n >= sizeof(dflt))
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "HOME too long");
	e = rc_read(path, home, logname, &list, &rep, w);
	if (e == MDA_OK) {
		script = convert_script(&list, &rep);
		if (script == NULL || rep.oom)
			e = why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	}
	if (e == MDA_OK)
		e = self_check(script, w);
	if (e == MDA_OK) {
		fputs(script, stdout);
		(void)report_print(&rep, stderr);
	}
	free(script);
	report_free(&rep);
	rc_list_free(&list);
	return e;
}
