/*
 * programs.h - the site programs of vnd.dovecot.pipe, filter and execute
 * (spec-bosch-sieve-extprograms), run for the engine.
 *
 * Only files in the directory the site configures ([programs] pipe_dir,
 * filter_dir, execute_dir) can run, by a name without '/' or a leading
 * '.'; through execve with the script's arguments; with an environment
 * of HOME, USER, HOST, SENDER, RECIPIENT, ORIG_RECIPIENT (as Pigeonhole
 * gives its programs) and PATH; as the delivering user (mda's own uid);
 * within [programs] timeout and output_max.  Each filter output becomes a
 * message version of its own, which the store and pipe use for the
 * actions that chose it.
 */
#ifndef MDA_PROGRAMS_H
#define MDA_PROGRAMS_H

#include <stdbool.h>

#include "action.h"
#include "intake/spool.h"
#include "message.h"
#include "siteconf.h"

#define PROGRAMS_MAX_VERSIONS 8   /* filters whose output one run keeps */

struct programs_version {
	struct spool sp;
	struct sieve_message msg;
};

struct programs {
	const struct siteconf *site;
	const char *sender, *rcpt, *orig_rcpt, *user, *home, *host;
	bool dry_run;                 /* run nothing: every program fails */
	struct programs_version *v[PROGRAMS_MAX_VERSIONS];
	unsigned nv;
};

/* programs_call - the engine's env->program (message.h). */
int programs_call(void *ctx, struct sieve_program_call *c);

/* programs_spool - the spool of version k (0: the one delivered). */
const struct spool *programs_spool(const struct programs *p,
				   const struct spool *original, unsigned k);

/* programs_pipe - carry out one PIPE action with the message a chose;
 * 0, or -1 with the reason in why. */
int programs_pipe(struct programs *p, const struct spool *sp,
		  const struct sieve_action *a, char *why, size_t size);

/* programs_free - every filtered version. */
void programs_free(struct programs *p);

#endif
