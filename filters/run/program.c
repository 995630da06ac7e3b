/*
 * program.c - the part of vnd.dovecot.pipe, filter and execute that is
 * the same for all three (spec-bosch-sieve-extprograms 3 and 4).  The
 * engine never runs anything: it checks names and arguments and asks
 * env->program, which mda/outward/programs.c answers.
 */
#include <stdlib.h>
#include <string.h>

#include "run/program.h"

bool sieve_program_name_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name);

	if (n == 0 || n > SIEVE_PROGRAM_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f || p[i] == '/')
			return false;
		if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return false;   /* U+0080..U+009F */
		if (p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			return false;   /* U+2028, U+2029 */
	}
	return true;
}

int v_program(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *a = n->pos[0];

	if (!v_str_const(v, &a->v[0]))
		v_error(v, a->line, a->col, "%s: the program name must be a "
			"constant string", n->name);
	else if (!sieve_program_name_ok(a->v[0].s) ||
		 strcmp(a->v[0].s, "..") == 0 || strcmp(a->v[0].s, ".") == 0)
		v_error(v, a->line, a->col, "%s: invalid program name \"%s\"",
			n->name, a->v[0].s);
	if (n->npos > 1 && n->pos[1]->n > SIEVE_PROGRAM_ARGS_MAX)
		v_error(v, n->pos[1]->line, n->pos[1]->col,
			"%s: more than %d arguments", n->name,
			SIEVE_PROGRAM_ARGS_MAX);
	return 0;
}

const char **ix_program_args(struct sieve_ix *ix, const struct sieve_node *n,
			     size_t *n_r)
{
	static const char *none[1];
	const char **v;

	*n_r = 0;
	if (n->npos < 2 || n->pos[1] == NULL)
		return none;
	if ((v = ix_arg_list(ix, n->pos[1], n_r)) == NULL)
		return NULL;
	for (size_t i = 0; i < *n_r; i++)
		if (strlen(v[i]) > SIEVE_PROGRAM_ARG_MAX) {
			ix_fail(ix, n, "%s: argument %zu longer than %d octets",
				n->name, i + 1, SIEVE_PROGRAM_ARG_MAX);
			return NULL;
		}
	return v;
}

int ix_program_run(struct sieve_ix *ix, struct sieve_program_call *c)
{
	if (ix->env->program == NULL) {
		strcpy(c->error, "no programs are configured");
		return SIEVE_PROGRAM_UNKNOWN;
	}
	if (c->message) {
		c->msg = ix->msg;
		if (ix->edited) {
			char *h = ix_keep_str(ix, ix_header_block(ix,
							 &c->header_len));

			if (h == NULL) {
				strcpy(c->error, "out of memory");
				return SIEVE_PROGRAM_FAILED;
			}
			c->header = h;
		} else {
			c->header = ix->msg->header_block;
			c->header_len = ix->msg->header_len;
		}
	}
	return ix->env->program(ix->env->program_ctx, c);
}
