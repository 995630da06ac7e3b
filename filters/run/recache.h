/*
 * recache.h - the :regex keys of one run, each compiled once.
 *
 * A list-sorting script asks hundreds of keys against every Subject, and
 * a message may carry thousands of Subject fields: compiling a key for
 * every value made 1024 keys x 10,000 fields minutes of tre_regcomp.  The
 * cache holds SIEVE_REGEX_CACHE compiled keys per run (by text and case
 * flag); past that, keys are compiled per use as before.
 */
#ifndef FILTERS_RECACHE_H
#define FILTERS_RECACHE_H

#include <stdbool.h>
#include <tre/tre.h>

struct ix_recache;

/* recache_get - key compiled with flags: a cached regex_t (*owned_r
 * false), or a fresh one the caller frees with tre_regfree and free
 * (*owned_r true).  NULL when the key does not compile or memory ran
 * out (*bad_r says which: true for a bad key). */
const regex_t *recache_get(struct ix_recache **c, const char *key, int flags,
			   bool *owned_r, bool *bad_r);
void recache_free(struct ix_recache **c);

#endif
