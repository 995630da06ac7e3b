/*
 * options.c - the command line of design.md, and the environment Postfix
 * hands a mailbox_command.
 *
 * Under an MTA (SENDER or RECIPIENT set and stdin not a terminal) a usage
 * error is a configuration error: 75 with 4.3.5, so a typo in
 * mailbox_command defers the mail instead of bouncing it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

enum { OPT_SENDMAIL = 256, OPT_TRACE, OPT_CAPS, OPT_PROGRESS, OPT_QUIET,
       OPT_FOLDER_DIR, OPT_LOCK_TIMEOUT, OPT_GLOBAL_DIR, OPT_HELP,
       OPT_VERSION, OPT_STATE_DIR, OPT_QUOTA, OPT_QUOTA_FULL, OPT_LOG_FORMAT,
       OPT_SVTEST, OPT_LABELS_AS_KEYWORDS, OPT_ALLOW_DELETE,
       OPT_LISTEN, OPT_USERDB, OPT_HOME, OPT_USER, OPT_MAX_CONNECTIONS,
       OPT_FILTER_TIMEOUT };

static const struct option long_opts[] = {
	{ "maildir", required_argument, NULL, 'm' },
	{ "mbox", required_argument, NULL, 'M' },
	{ "sieve", required_argument, NULL, 's' },
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 'a' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "sendmail", required_argument, NULL, OPT_SENDMAIL },
	{ "folder-dir", required_argument, NULL, OPT_FOLDER_DIR },
	{ "global-dir", required_argument, NULL, OPT_GLOBAL_DIR },
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
	{ "lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "capabilities", no_argument, NULL, OPT_CAPS },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "config", required_argument, NULL, 'c' },
	{ "quota", required_argument, NULL, OPT_QUOTA },
	{ "quota-full", required_argument, NULL, OPT_QUOTA_FULL },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "svtest", no_argument, NULL, OPT_SVTEST },
	{ "labels-as-keywords", no_argument, NULL, OPT_LABELS_AS_KEYWORDS },
	{ "allow-delete", no_argument, NULL, OPT_ALLOW_DELETE },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "userdb", required_argument, NULL, OPT_USERDB },
	{ "home", required_argument, NULL, OPT_HOME },
	{ "user", required_argument, NULL, OPT_USER },
	{ "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
	{ "filter-timeout", required_argument, NULL, OPT_FILTER_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *out)
{
	fputs("usage: mda [-m MAILDIR | -M MBOX] [-s FILTER] [-f SENDER] "
	      "[-a RECIPIENT] [-n] [-v]\n"
	      "           [--sendmail PATH] [--folder-dir DIR] "
	      "[--lock-timeout SECONDS]\n"
	      "           [--state-dir DIR] < message\n"
	      "       mda test [-s FILTER] [--trace] MESSAGE...\n"
	      "       mda check [--capabilities] FILTER...\n"
	      "       mda test --svtest FILE...\n"
	      "       mda filter [-s FILTER] [-n] [--allow-delete] MAILDIR...\n"
	      "       mda migrate [--progress|--quiet] [-n] "
	      "[--from gmail|thunderbird|mh|maildir|mbox] SRC... DEST_MAILDIR\n"
	      "       mda lmtp [--listen unix:PATH|inet:ADDR:PORT] "
	      "[--userdb FILE | --home TEMPLATE]\n"
	      "                [--user NAME] [--max-connections N]\n"
	      "       mda convert-procmailrc [RCFILE]\n"
	      "  common: [-c CONFIG] [--quota STORAGE[,MESSAGES]] "
	      "[--quota-full temporary|permanent]\n"
	      "          [--log-format text|json] [--filter-timeout SECONDS]\n",
	      out);
}

static enum mda_err usage_error(const struct config *cfg, struct why *w,
				const char *text, const char *arg)
{
	if (cfg->under_mta)
		return why_set(w, MDA_ERR_CONFIG, "4.3.5",
			       "mda configuration error: %s%s", text, arg);
	return why_set(w, MDA_ERR_USAGE, "5.3.5", "%s%s", text, arg);
}

static enum mda_mode subcommand(const char *word)
{
	if (strcmp(word, "test") == 0)
		return MODE_TEST;
	if (strcmp(word, "check") == 0)
		return MODE_CHECK;
	if (strcmp(word, "migrate") == 0)
		return MODE_MIGRATE;
	if (strcmp(word, "filter") == 0)
		return MODE_FILTER;
	if (strcmp(word, "lmtp") == 0)
		return MODE_LMTP;
	if (strcmp(word, "convert-procmailrc") == 0)
		return MODE_CONVERT_PROCMAILRC;
	return MODE_DELIVER;
}

static void env_defaults(struct config *cfg)
{
	const char *s = getenv("SENDER");

	cfg->under_mta = (s != NULL || getenv("RECIPIENT") != NULL) &&
			 !isatty(STDIN_FILENO);
	cfg->sendmail = getenv("SENDMAIL");
	if (cfg->sendmail == NULL || cfg->sendmail[0] == '\0')
		cfg->sendmail = "/usr/sbin/sendmail";
	cfg->lock_timeout_ms = 30000;
	cfg->max_connections = 16;
}

/* parse_more - the options of the newer commands (lmtp, filter, migrate
 * sources, quota, log format); returns MDA_OK or a usage error. */
static enum mda_err parse_more(struct config *cfg, int c, const char *word,
			       struct why *w)
{
	char *end;
	unsigned long v;

	switch (c) {
	case 'c': cfg->config_file = optarg; break;
	case OPT_QUOTA: cfg->quota = optarg; break;
	case OPT_QUOTA_FULL:
		if (strcmp(optarg, "permanent") == 0)
			cfg->quota_permanent = true;
		else if (strcmp(optarg, "temporary") == 0)
			cfg->quota_permanent = false;
		else
			return usage_error(cfg, w, "bad --quota-full: ", optarg);
		break;
	case OPT_LOG_FORMAT:
		if (strcmp(optarg, "json") == 0)
			cfg->log_format = LOG_FORMAT_JSON;
		else if (strcmp(optarg, "text") == 0)
			cfg->log_format = LOG_FORMAT_TEXT;
		else
			return usage_error(cfg, w, "bad --log-format: ", optarg);
		break;
	case OPT_SVTEST: cfg->svtest = true; break;
	case OPT_LABELS_AS_KEYWORDS: cfg->labels_as_keywords = true; break;
	case OPT_ALLOW_DELETE: cfg->allow_delete = true; break;
	case OPT_LISTEN: cfg->listen = optarg; break;
	case OPT_USERDB: cfg->userdb = optarg; break;
	case OPT_HOME: cfg->home_template = optarg; break;
	case OPT_USER: cfg->run_user = optarg; break;
	case OPT_FILTER_TIMEOUT: {   /* CPU seconds, fractions allowed */
		double sec = strtod(optarg, &end);

		if (*optarg == '\0' || *end != '\0' || !(sec >= 0.001) ||
		    sec > 3600)
			return usage_error(cfg, w, "bad --filter-timeout: ",
					   optarg);
		cfg->filter_budget_ms = (unsigned)(sec * 1000 + 0.5);
		break;
	}
	case OPT_MAX_CONNECTIONS:
		v = strtoul(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || v == 0 || v > 4096)
			return usage_error(cfg, w, "bad --max-connections: ",
					   optarg);
		cfg->max_connections = (unsigned)v;
		break;
	default:
		return usage_error(cfg, w, "unknown option or missing argument: ",
				   word);
	}
	return MDA_OK;
}

/* parse_one - apply option c; returns MDA_OK or a usage error. */
static enum mda_err parse_one(struct config *cfg, int c, const char *word,
			      struct why *w)
{
	char *end;
	unsigned long v;

	switch (c) {
	case 'm': cfg->maildir = optarg; break;
	case 'M': cfg->mbox = optarg; break;
	case 's': cfg->sieve = optarg; break;
	case 'f':   /* migrate --from KIND: the source's kind, not a sender */
		if (cfg->mode == MODE_MIGRATE)
			cfg->migrate_from = optarg;
		else
			cfg->from = optarg;
		break;
	case 'a': cfg->to = optarg; break;
	case 'n': cfg->dry_run = true; break;
	case 'v': cfg->verbose = true; break;
	case OPT_SENDMAIL: cfg->sendmail = optarg; break;
	case OPT_FOLDER_DIR: cfg->folder_dir = optarg; break;
	case OPT_GLOBAL_DIR: cfg->global_dir = optarg; break;
	case OPT_STATE_DIR:
		if (optarg[0] == '\0')
			return usage_error(cfg, w, "empty --state-dir", "");
		cfg->state_dir = optarg;
		break;
	case OPT_TRACE: cfg->trace = true; break;
	case OPT_CAPS: cfg->capabilities = true; break;
	case OPT_PROGRESS: cfg->progress = 1; break;
	case OPT_QUIET: cfg->progress = -1; break;
	case OPT_HELP: cfg->mode = MODE_HELP; break;
	case OPT_VERSION: cfg->mode = MODE_VERSION; break;
	case OPT_LOCK_TIMEOUT:
		v = strtoul(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || v > 3600)
			return usage_error(cfg, w, "bad --lock-timeout: ", optarg);
		cfg->lock_timeout_ms = (unsigned)v * 1000;
		break;
	default:
		return parse_more(cfg, c, word, w);
	}
	return MDA_OK;
}

enum mda_err options_parse(int argc, char **argv, struct config *cfg,
			   struct why *w)
{
	int first = 1, c;

	memset(cfg, 0, sizeof(*cfg));
	env_defaults(cfg);
	if (argc > 1 && argv[1][0] != '-') {
		cfg->mode = subcommand(argv[1]);
		if (cfg->mode == MODE_DELIVER)
			return usage_error(cfg, w, "unknown command: ", argv[1]);
		first = 2;
	}
	optind = first;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "m:M:s:f:a:c:nv", long_opts,
				NULL)) != -1) {
		enum mda_err e = parse_one(cfg, c, argv[optind - 1], w);
		if (e != MDA_OK)
			return e;
	}
	cfg->args = argv + optind;
	cfg->nargs = argc - optind;
	if (cfg->mode == MODE_DELIVER && cfg->nargs > 0)
		return usage_error(cfg, w, "unexpected argument: ", argv[optind]);
	if (cfg->maildir != NULL && cfg->mbox != NULL)
		return usage_error(cfg, w, "-m and -M exclude each other", "");
	if (cfg->sieve == NULL)
		cfg->sieve = getenv("MDA_SIEVE");
	return MDA_OK;
}
