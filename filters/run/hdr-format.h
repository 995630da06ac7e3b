/*
 * hdr-format.h - write a header field added by editheader the way
 * Pigeonhole (Dovecot) writes it.
 */
#ifndef FILTERS_HDR_FORMAT_H
#define FILTERS_HDR_FORMAT_H

/* sieve_hdr_name - "x-spam-flag" -> "X-Spam-Flag" (malloc'd). */
char *sieve_hdr_name(const char *name);
/* sieve_hdr_value - the raw value after the colon: " " + text with runs
 * of non-ASCII words as RFC 2047 UTF-8 words, line breaks as folds, long
 * lines folded at blanks; name_len counts toward the first line. */
char *sieve_hdr_value(const char *value, size_t name_len);

#endif
