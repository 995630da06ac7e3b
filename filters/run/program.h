/*
 * program.h - what vnd.dovecot.pipe, filter and execute share
 * (spec-bosch-sieve-extprograms 3, 4): the program name rules, checked
 * at compile time, and the request handed to env->program at run time.
 */
#ifndef FILTERS_PROGRAM_H
#define FILTERS_PROGRAM_H

#include <stdbool.h>

#include "compile/script.h"
#include "run/interp.h"

#define SIEVE_PROGRAM_NAME_MAX 512   /* octets: 128 characters of UTF-8 */
#define SIEVE_PROGRAM_ARG_MAX  4096  /* octets of one (the spec: >= 1024) */

/* sieve_program_name_ok - at least one octet, at most the maximum, and
 * none of: controls (U+0000-001F, U+007F-009F), '/', U+2028, U+2029. */
bool sieve_program_name_ok(const char *name);

/* v_program - the compile-time checks of a command or test whose program
 * name is n->pos[0] and arguments n->pos[1]: the name a constant string
 * (spec 3: never from a variable) with none of the refused characters. */
int v_program(struct sieve_vctx *v, struct sieve_node *n);

/* ix_program_args - the expanded arguments of n->pos[1] (none if absent),
 * checked against the limits; NULL after reporting an error. */
const char **ix_program_args(struct sieve_ix *ix, const struct sieve_node *n,
			     size_t *n_r);

/* ix_program_run - fill the message input of c if wanted, call the
 * site's runner and return its SIEVE_PROGRAM_* result (UNKNOWN when mda
 * gave none). */
int ix_program_run(struct sieve_ix *ix, struct sieve_program_call *c);

#endif
