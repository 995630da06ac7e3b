/*
 * main.c - parse the command line, run one command, map its error to an
 * exit status.  The only place that exits: every path ends in the table of
 * exitcode.c, so no status outside <sysexits.h> can escape (Postfix
 * bounces on anything but 75 and 71).
 */
#include <stdio.h>

#include "commands.h"
#include "config.h"
#include "sieve.h"
#include "why.h"

static enum mda_err run(const struct config *cfg, struct why *w)
{
	switch (cfg->mode) {
	case MODE_DELIVER: return cmd_deliver(cfg, w);
	case MODE_TEST: return cmd_test(cfg, w);
	case MODE_CHECK: return cmd_check(cfg, w);
	case MODE_MIGRATE: return cmd_migrate(cfg, w);
	case MODE_FILTER: return cmd_filter(cfg, w);
	case MODE_CONVERT_PROCMAILRC: return cmd_convert(cfg, w);
	case MODE_LMTP: return cmd_lmtp(cfg, w);
	case MODE_HELP:
		options_usage(stdout);
		return MDA_OK;
	case MODE_VERSION: {
		char caps[2048];

		if (sieve_capabilities_write(caps, sizeof(caps)) != 0)
			caps[0] = '\0';
		printf("mda %s\nsieve: %s\n", MDA_VERSION, caps);
		return MDA_OK;
	}
	}
	return why_set(w, MDA_ERR_TEMP, "4.3.0", "internal error: bad mode");
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct why w = { "", "" };
	enum mda_err e = options_parse(argc, argv, &cfg, &w);

	if (e == MDA_OK)
		e = run(&cfg, &w);
	if (e != MDA_OK && w.text[0] != '\0') {
		/* Postfix quotes the first line in a bounce and lets a status
		 * code there override the exit code: keep their classes equal. */
		fprintf(stderr, "%s %s\n",
			w.status[0] ? w.status : exitcode_default_status(e),
			w.text);
	}
	if (e == MDA_ERR_USAGE)
		options_usage(stderr);
	if (fflush(stdout) != 0 && e == MDA_OK)
		e = MDA_ERR_TEMP;
	return exitcode_for(e);
}
