/*
 * lexer.h - tokens of the Sieve grammar (RFC 5228 section 8.1).
 */
#ifndef FILTERS_LEXER_H
#define FILTERS_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile/arena.h"
#include "sieve.h"

enum sieve_tok {
	TOK_EOF, TOK_ERROR, TOK_IDENT, TOK_TAG, TOK_NUMBER, TOK_STRING,
	TOK_LBRACKET, TOK_RBRACKET, TOK_LPAREN, TOK_RPAREN,
	TOK_LBRACE, TOK_RBRACE, TOK_COMMA, TOK_SEMI,
};

#define LEXER_WORDS 128   /* a power of two */

struct sieve_lexer {
	const char *file;
	const char *text, *p, *end;
	unsigned line;
	const char *line_start;  /* first octet of the current line: a
				  * column is counted from here, only when
				  * a token starts */
	struct sieve_diag *d;
	struct arena *ar;    /* token strings are allocated here */
	char *chunk, *chunk_end;  /* free part of the current chunk of ar
				   * (lexer_alloc) */
	/* the current token */
	enum sieve_tok tok;
	char *str;           /* IDENT (lower-cased), TAG (no colon), STRING;
			      * in ar, NUL-terminated */
	size_t len;
	uint64_t num;
	unsigned tline, tcol;
	size_t toff, tend;   /* source span of the token */
	bool failed;         /* a lexical error was reported */
	char *words[LEXER_WORDS];  /* identifiers seen, by hash (lexer.c) */
	unsigned char wlen[LEXER_WORDS];
};

void lexer_init(struct sieve_lexer *lx, const char *file, const char *text,
		size_t len, struct sieve_diag *d, struct arena *ar);
/* lexer_next - advance to the next token. */
enum sieve_tok lexer_next(struct sieve_lexer *lx);
/* lexer_take - the current token's string (it stays in the arena). */
char *lexer_take(struct sieve_lexer *lx);
void lexer_done(struct sieve_lexer *lx);
const char *lexer_tok_name(enum sieve_tok t);

/* lexer_alloc_chunk - lexer_alloc when the current chunk is used up. */
void *lexer_alloc_chunk(struct sieve_lexer *lx, size_t n, size_t align);

/*
 * lexer_alloc - n octets (n >= 1) in lx->ar, aligned to align (a power of
 * two, at most _Alignof(max_align_t)); NULL on ENOMEM.  A parse makes
 * tens of thousands of small allocations (token strings, argument and
 * string vectors): they are carved from chunks of the arena here, inline,
 * which costs a few instructions instead of a call into the arena each.
 */
static inline void *lexer_alloc(struct sieve_lexer *lx, size_t n, size_t align)
{
	uintptr_t at = ((uintptr_t)lx->chunk + align - 1) & ~(uintptr_t)(align - 1);

	if (at > (uintptr_t)lx->chunk_end || (uintptr_t)lx->chunk_end - at < n)
		return lexer_alloc_chunk(lx, n, align);
	lx->chunk = (char *)at + n;
	return (void *)at;
}

#endif
