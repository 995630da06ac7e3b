/*
 * mime.h - the MIME structure of a message, found by streaming over the
 * read-only message view (RFC 2045, 2046, 2231; RFC 5173 and 5703 use it).
 *
 * mime_scan() reads the body once, line by line, through msg->body_read
 * and records where each part's header and body lie (octet offsets into
 * the body), never the content: memory is bounded by SIEVE_MAX_MIME_PARTS,
 * not by the size of the message.  A part's content is then read again on
 * demand with mime_part_stream(), which decodes base64 or quoted-printable
 * and converts the charset to UTF-8 chunk by chunk.
 *
 * Part 0 is the message itself (its header is the message header); parts
 * follow in document order, depth first; a message/rfc822 part has one
 * child, the enclosed message.  The descendants of part i are the parts
 * i+1 .. that are deeper than i.
 */
#ifndef FILTERS_MIME_H
#define FILTERS_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "message.h"

/* CTE_UNKNOWN only while a header is read: mime_set_type() turns such a
 * part into application/octet-stream (RFC 2045 6.4) */
enum mime_cte { CTE_IDENTITY, CTE_BASE64, CTE_QP, CTE_UNKNOWN };

struct mime_part {
	uint64_t hdr_off;        /* body offset of the part header */
	uint64_t body_off;       /* body offset of the part content */
	uint64_t body_end;       /* end of the content (before the CRLF that
				    precedes the next boundary) */
	uint64_t pre_end;        /* multipart: end of the preamble (before
				    the first delimiter), UINT64_MAX: none
				    was seen, all of it is preamble */
	uint64_t epi_off;        /* multipart: start of the epilogue (after
				    the close delimiter), UINT64_MAX: none */
	int parent;              /* -1 for part 0 */
	unsigned depth;
	bool multipart, rfc822;  /* containers */
	enum mime_cte cte;
	char type[32];           /* lower case; "text" if none was given */
	char subtype[64];        /* lower case; "plain" if none */
	char charset[48];        /* as given; "" for none */
};

struct mime_index {
	struct mime_part *v;
	size_t n, cap;
	bool truncated;          /* SIEVE_MAX_MIME_PARTS was reached: the
				    last part is the rest of the body */
	bool flattened;          /* containers below SIEVE_MAX_MIME_DEPTH:
				    their parts are one level deeper than it */
};

/* mime_scan - index the parts of msg.  0, or -1 (read error, ENOMEM). */
int mime_scan(const struct sieve_message *msg, struct mime_index *ix);
void mime_index_free(struct mime_index *ix);
/* mime_is_leaf - a part whose content is not made of further parts. */
bool mime_is_leaf(const struct mime_part *p);

/*
 * mime_part_stream - hand the decoded content of p to emit, in pieces.
 * utf8: convert from the part's charset to UTF-8 (text parts).  At most
 * limit octets are emitted (0: no limit).  emit returns 0 to go on, 1 to
 * stop, -1 on error.  Returns 0, or -1 on a read or emit error.
 */
typedef int (*mime_emit_fn)(void *ctx, const char *p, size_t n);
int mime_part_stream(const struct sieve_message *msg,
		     const struct mime_part *p, bool utf8, uint64_t limit,
		     mime_emit_fn emit, void *ctx);

/* mime-hdr.c: raw header blocks */
/* mime_hdr_next - the field at *pos of blk; false at the end. */
bool mime_hdr_next(const char *blk, size_t len, size_t *pos,
		   const char **name, size_t *nlen,
		   const char **val, size_t *vlen);
/* mime_part_header - read p's raw header block (bounded); malloc'd. */
char *mime_part_header(const struct sieve_message *msg,
		       const struct mime_part *p, size_t *len_r);
/* mime_ctype - type and subtype of a Content-Type value, lower case. */
void mime_ctype(const char *v, size_t n, char *type, size_t tsz,
		char *sub, size_t ssz);
/* mime_param - the value of parameter name in a header value (RFC 2045
 * 5.1 with RFC 2231 continuations and charsets, and RFC 2047 words in
 * quoted values), in UTF-8; malloc'd, NULL if absent. */
char *mime_param(const char *v, size_t n, const char *name);
/* mime_cte_of - the transfer encoding named by a header value. */
enum mime_cte mime_cte_of(const char *v, size_t n);
/* mime_set_type - fill type, subtype, charset, cte of p from a block. */
void mime_set_type(struct mime_part *p, const char *blk, size_t len,
		   bool digest_parent);

#endif
