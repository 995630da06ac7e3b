/*
 * header.h - find the end of the header and index its fields (RFC 5322 2.2).
 */
#ifndef MDA_HEADER_H
#define MDA_HEADER_H

#include <stdbool.h>
#include <stddef.h>

struct spool;

/* header_scan - length of the header block at buf (the empty line
 * included, if any).  *complete_r tells whether its end was seen; with
 * at_eof the last, unterminated line counts as a line. */
size_t header_scan(const char *buf, size_t len, bool at_eof, bool *complete_r);
/* header_complete - has the header of buf ended (or is there none)? */
bool header_complete(const char *buf, size_t len);
/* header_index - keep a copy of the header of head[0..len) in sp and
 * index its fields.  0 or an errno. */
int header_index(struct spool *sp, const char *head, size_t len);
/* header_unfold - malloc'd copy of a raw value, unfolded and trimmed. */
char *header_unfold(const char *value, size_t len);

#endif
