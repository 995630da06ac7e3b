/*
 * ext-copy.c - RFC 3894 :copy.  No commands of its own: the tag is
 * declared on fileinto and redirect with this extension as its guard.
 */
#include "ext/ext.h"

const struct sieve_extension sieve_ext_copy = { .name = "copy" };
