/*
 * ext-execute.c - vnd.dovecot.execute (spec-bosch-sieve-extprograms 7, 8):
 *
 *   execute [":input" <input-data: string> / ":pipe"]
 *           [":output" <varname: string>]
 *           <program-name: string> [<arguments: string-list>]
 *
 * Runs a site program during the run, with the string or the current
 * message as its input; :output (which needs "variables") puts what it
 * wrote into a variable, cut to the variable limit, and leaves the
 * variable alone when the program fails.  As a command an unknown
 * program is a run-time error, a failing one (or a non-zero exit) is not;
 * as a test either is false.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/interp.h"
#include "run/program.h"
#include "util.h"

enum { T_INPUT, T_PIPE, T_OUTPUT };

static int v_execute(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *o = n->tag[T_OUTPUT];

	if (n->tag[T_INPUT] != NULL && n->tag[T_PIPE] != NULL)
		v_error(v, n->line, n->col,
			"execute: :input and :pipe together");
	if (o != NULL && (!v_str_const(v, &o->v[0]) ||
			  !sieve_varname_ok(o->v[0].s, false)))
		v_error(v, o->line, o->col,
			"execute: invalid variable name \"%s\" for :output",
			o->v[0].s);
	return v_program(v, n);
}

enum { X_ERR = -10 };   /* an error already reported */

/* run_execute - the SIEVE_PROGRAM_* result, or X_ERR; the variable is set
 * only on success.  An unknown program is an error for the command;
 * otherwise a failure is a warning and the run goes on (as Pigeonhole). */
static int run_execute(struct sieve_ix *ix, const struct sieve_node *n,
		       bool test)
{
	struct sieve_program_call c = { .kind = SIEVE_PROGRAM_EXECUTE,
					.name = n->pos[0]->v[0].s,
					.message = n->tag[T_PIPE] != NULL,
					.want_output = n->tag[T_OUTPUT] != NULL,
					.output_max = SIEVE_MAX_VARIABLE_LEN };
	int rc;

	if ((c.args = ix_program_args(ix, n, &c.nargs)) == NULL)
		return X_ERR;
	if (n->tag[T_INPUT] != NULL) {
		if ((c.input = ix_arg_str(ix, n->tag[T_INPUT])) == NULL)
			return X_ERR;
		c.input_len = strlen(c.input);
	}
	rc = ix_program_run(ix, &c);
	if (rc == SIEVE_PROGRAM_OK && c.want_output &&
	    ix_var_set(ix, n, n->tag[T_OUTPUT]->v[0].s,
		       c.output != NULL ? c.output : "") < 0)
		rc = X_ERR;
	free(c.output);
	if (rc == SIEVE_PROGRAM_OK || rc == X_ERR || rc == SIEVE_PROGRAM_FALSE)
		return rc;
	if (rc == SIEVE_PROGRAM_UNKNOWN && !test) {
		ix_fail(ix, n, "execute: program \"%s\" not found: %s", c.name,
			c.error);
		return X_ERR;
	}
	sieve_diag_add(ix->d, ix_file(ix), n->line, n->col, false,
		       "execute \"%s\": %s", c.name, c.error);
	return rc;
}

static int x_execute(struct sieve_ix *ix, const struct sieve_node *n)
{
	return run_execute(ix, n, false) == X_ERR ? IX_ERR : IX_OK;
}

static int e_execute(struct sieve_ix *ix, const struct sieve_node *n,
		     bool *res)
{
	int rc = run_execute(ix, n, true);

	*res = rc == SIEVE_PROGRAM_OK;
	return rc == X_ERR ? IX_ERR : 0;
}

static const struct sieve_tag_def tags[] = {
	{ "input", TAGK_STRING, T_INPUT, NULL },
	{ "pipe", TAGK_FLAG, T_PIPE, NULL },
	{ "output", TAGK_STRING, T_OUTPUT, "variables" },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def cmd_execute = {
	.name = "execute", .tags = tags, .pos = "Sl", .validate = v_execute,
	.exec = x_execute,
};
static const struct sieve_cmd_def tst_execute = {
	.name = "execute", .test = true, .tags = tags, .pos = "Sl",
	.validate = v_execute, .eval = e_execute,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_execute, &tst_execute, NULL,
};

const struct sieve_extension sieve_ext_execute = {
	.name = "vnd.dovecot.execute", .defs = defs,
};
