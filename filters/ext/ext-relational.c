/*
 * ext-relational.c - RFC 5231 :value and :count match types.  They are
 * recognised by the validator (validator.c std_tag) when this extension
 * is required, and evaluated in match.c.
 */
#include "ext/ext.h"

const struct sieve_extension sieve_ext_relational = { .name = "relational" };
