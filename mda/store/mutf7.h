/*
 * mutf7.h - IMAP modified UTF-7 (RFC 3501 5.1.3) for Maildir++ folder names.
 */
#ifndef MDA_MUTF7_H
#define MDA_MUTF7_H

#include <stddef.h>

/* mutf7_encode - UTF-8 name to modified UTF-7 in out (size outsz).
 * Returns 0, EILSEQ for invalid UTF-8, ENAMETOOLONG if it does not fit. */
int mutf7_encode(const char *utf8, char *out, size_t outsz);

/* mutf7_decode - a modified UTF-7 name (as on disk) back to UTF-8: 0,
 * EILSEQ when it is not modified UTF-7, ENAMETOOLONG. */
int mutf7_decode(const char *mutf7, char *out, size_t outsz);

#endif
