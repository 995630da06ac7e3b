/*
 * ext-pipe.c - vnd.dovecot.pipe (spec-bosch-sieve-extprograms 5):
 *
 *   pipe [":copy"] [":try"] <program-name: string> [<arguments: string-list>]
 *
 * An action like fileinto: it cancels the implicit keep unless :copy,
 * takes the message as it stands (after any filter), and is carried out
 * by mda after the run (mda/outward/programs.c).  The same program twice
 * is a run-time error (spec 5.1); so is pipe with reject.  A program that
 * fails makes the delivery keep the message in INBOX, unless :try.
 */
#include "run/interp.h"
#include "run/program.h"

enum { T_TRY, T_COPY };

static int x_pipe(struct sieve_ix *ix, const struct sieve_node *n)
{
	size_t na;
	const char **args = ix_program_args(ix, n, &na);

	if (args == NULL)
		return IX_ERR;
	return ix_act_pipe(ix, n, n->pos[0]->v[0].s, args, na,
			   n->tag[T_COPY] != NULL, n->tag[T_TRY] != NULL);
}

static const struct sieve_tag_def tags[] = {
	{ "try", TAGK_FLAG, T_TRY, NULL },
	{ "copy", TAGK_FLAG, T_COPY, "copy" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_pipe = {
	.name = "pipe", .tags = tags, .pos = "Sl", .validate = v_program,
	.exec = x_pipe,
};

static const struct sieve_cmd_def *const defs[] = { &cmd_pipe, NULL };

const struct sieve_extension sieve_ext_pipe = {
	.name = "vnd.dovecot.pipe", .defs = defs,
};
