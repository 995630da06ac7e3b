/*
 * ext-vnd-duplicate.c - "vnd.dovecot.duplicate", the name Pigeonhole
 * gave the duplicate test before RFC 7352, which scripts written then
 * still require.  It enables the RFC's test (ext-duplicate.c) with the
 * RFC's syntax and state, as imapflags enables imap4flags; the two names
 * cannot be required together (Pigeonhole refuses that too).
 */
#include "ext/ext.h"

const struct sieve_extension sieve_ext_vnd_duplicate = {
	.name = "vnd.dovecot.duplicate", .implies = EXT_DUPLICATE,
	.conflicts = EXT_DUPLICATE,
};
