/*
 * ext-comparators.c - the comparator extensions (RFC 4790, RFC 5228
 * 2.7.3).  i;octet and i;ascii-casemap are always available and may be
 * named in require; i;ascii-numeric must be required.  The comparison code
 * is in comparator.c.
 */
#include "ext/ext.h"

const struct sieve_extension sieve_ext_cmp_octet = {
	.name = "comparator-i;octet",
};
const struct sieve_extension sieve_ext_cmp_casemap = {
	.name = "comparator-i;ascii-casemap",
};
const struct sieve_extension sieve_ext_cmp_numeric = {
	.name = "comparator-i;ascii-numeric",
};
