/*
 * comparator.h - RFC 4790 comparators and the Sieve match primitives
 * (RFC 5228 2.7.1, 2.7.3; RFC 5231).  Pure functions, unit tested.
 */
#ifndef FILTERS_COMPARATOR_H
#define FILTERS_COMPARATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "limits.h"

struct sieve_caps {
	size_t off[SIEVE_MAX_MATCH_VARS];
	size_t len[SIEVE_MAX_MATCH_VARS];
	size_t n;                 /* wildcards seen (capped) */
};

/* sieve_cmp_order - <0, 0, >0 under comparator cmp (CMP_*). */
int sieve_cmp_order(int cmp, const char *a, size_t alen,
		    const char *b, size_t blen);
bool sieve_cmp_eq(int cmp, const char *a, size_t alen,
		  const char *b, size_t blen);
/* sieve_cmp_contains - needle occurs in hay (octet or casemap). */
bool sieve_cmp_contains(int cmp, const char *hay, size_t hlen,
			const char *needle, size_t nlen);
/* sieve_glob - :matches; '*' any run, '?' one octet, '\' escapes.
 * Captures (one per wildcard, leftmost shortest) go to caps if non-NULL. */
bool sieve_glob(int cmp, const char *text, size_t tlen,
		const char *pat, size_t plen, struct sieve_caps *caps);
/* sieve_relop_holds - does order (from sieve_cmp_order) satisfy REL_*? */
bool sieve_relop_holds(int relop, int order);

#endif
