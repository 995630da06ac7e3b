/*
 * ext-mime.h - the run-time MIME view shared by the tests that look inside
 * the message: foreverypart/break/extracttext and the :mime tags of
 * header/address/exists (RFC 5703), body :text/:content (RFC 5173) and
 * magic (vnd.mda.magic).  Internal to filters/.
 */
#ifndef FILTERS_EXT_MIME_H
#define FILTERS_EXT_MIME_H

#include "run/interp.h"
#include "mime/mime.h"

#define IX_BREAK 3            /* `break` unwinding to its foreverypart */

/* tag slots of header/address/exists (tst-core.c) for RFC 5703 4, and
 * of RFC 5260 6 :index/:last on header and address */
enum { INDEX_SLOT = 0, LAST_SLOT = 1, MIME_SLOT = 2, ANYCHILD_SLOT,
       TYPE_SLOT, SUBTYPE_SLOT, CTYPE_SLOT, PARAM_SLOT };

struct ix_mime {
	struct mime_index idx;
	int cur;                  /* part of the innermost foreverypart, -1 */
	bool named_brk;           /* a `break :name` is unwinding */
	char brk[256];            /* ... to the loop of this name */
};

extern const struct sieve_tag_def sieve_mime_header_tags[];
extern const struct sieve_tag_def sieve_mime_address_tags[];
extern const struct sieve_tag_def sieve_mime_address_index_tags[];

/* ix_mime - the part index of this run, scanned on first use; NULL after
 * reporting an error. */
struct ix_mime *ix_mime(struct sieve_ix *ix, const struct sieve_node *n);
void ix_mime_free(struct sieve_ix *ix);
/* ix_mime_range - the parts a test looks at: the current part (or the
 * message) and, with anychild, everything inside it: [*first, *end). */
void ix_mime_range(const struct ix_mime *m, bool anychild, size_t *first,
		   size_t *end);
/* ix_mime_header_values - header values as tst-core.c wants them,
 * honouring :mime, :anychild and :type/:subtype/:contenttype/:param. */
const char **ix_mime_header_values(struct sieve_ix *ix,
				   const struct sieve_node *n,
				   const char *name, size_t *n_r);

#endif
