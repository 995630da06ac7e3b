/*
 * rfc2047.h - decode MIME encoded-words in header values to UTF-8.
 */
#ifndef FILTERS_RFC2047_H
#define FILTERS_RFC2047_H

#include <stddef.h>

/* sieve_rfc2047_decode - s (len octets) with every valid encoded-word
 * decoded and converted to UTF-8; others left as they are.  malloc'd. */
char *sieve_rfc2047_decode(const char *s, size_t len);
/* sieve_header_decode - unfold, decode, trim (RFC 5228 2.7.2); a folding
 * TAB becomes a space (Pigeonhole). */
char *sieve_header_decode(const char *s, size_t len);

#endif
