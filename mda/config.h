/*
 * config.h - the command-line configuration: the only program-wide state.
 * Filled once by options_parse() and then only read.
 */
#ifndef MDA_CONFIG_H
#define MDA_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "why.h"

enum mda_mode { MODE_DELIVER, MODE_TEST, MODE_CHECK, MODE_MIGRATE, MODE_HELP,
		MODE_VERSION, MODE_FILTER, MODE_LMTP, MODE_CONVERT_PROCMAILRC };

enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

struct config {
	enum mda_mode mode;
	const char *maildir;      /* -m */
	const char *mbox;         /* -M */
	const char *sieve;        /* -s, $MDA_SIEVE, ~/.mda.sieve */
	const char *from;         /* -f; NULL: $SENDER, else the From_ line */
	const char *to;           /* -a */
	const char *sendmail;     /* --sendmail, $SENDMAIL, /usr/sbin/sendmail */
	const char *folder_dir;   /* --folder-dir: mbox folders (~/Mail) */
	const char *global_dir;   /* --global-dir: include :global scripts */
	const char *state_dir;    /* --state-dir: vacation/duplicate state
				     (NULL: ~/.mda) */
	unsigned lock_timeout_ms; /* --lock-timeout SECONDS */
	unsigned filter_budget_ms;  /* --filter-timeout SECONDS: CPU one
				       filter run may take (0: the engine's
				       SIEVE_RUN_BUDGET_MS) */
	bool dry_run;             /* -n */
	bool verbose;             /* -v: log to stderr */
	bool trace;               /* test --trace */
	bool capabilities;        /* check --capabilities */
	bool under_mta;           /* SENDER/RECIPIENT set, stdin not a tty */
	int progress;             /* migrate: 1 --progress, -1 --quiet, 0 auto */
	const char *config_file;  /* -c: site settings (NULL: /etc/mda.conf
				     if present) */
	const char *quota;        /* --quota STORAGE[,MESSAGES], as given */
	bool quota_permanent;     /* --quota-full permanent */
	enum log_format log_format;  /* --log-format */
	bool svtest;              /* test --svtest */
	const char *migrate_from; /* migrate --from KIND (-f in migrate) */
	bool labels_as_keywords;  /* migrate --labels-as-keywords */
	bool allow_delete;        /* filter --allow-delete */
	const char *listen;       /* lmtp --listen unix:PATH|inet:ADDR:PORT */
	const char *userdb;       /* lmtp --userdb FILE (passwd-file) */
	const char *home_template;  /* lmtp --home /var/vmail/%d/%n */
	const char *run_user;     /* lmtp --user NAME */
	unsigned max_connections; /* lmtp --max-connections */
	char **args;              /* operands of a subcommand */
	int nargs;
};

/* options_parse - fill cfg from argv and the environment; on a usage
 * error fills w (MDA_ERR_USAGE, or MDA_ERR_CONFIG under an MTA). */
enum mda_err options_parse(int argc, char **argv, struct config *cfg,
			   struct why *w);
void options_usage(FILE *out);

#endif
