/*
 * lexer.c - turn script bytes into tokens (RFC 5228 sections 2.2-2.4, 8.1).
 *
 * Comments: '#' to end of line and bracketed comments.  Strings: quoted,
 * where a backslash makes the next octet literal ("\a" is "a"), and
 * multi-line "text:" strings ending at a line holding only ".", with
 * dot-unstuffing; their line ends become CRLF.  Numbers take K, M or G.
 * A lexical error is reported once; the token becomes TOK_ERROR and the
 * lexer stays at EOF afterwards, so the parser reports nothing more.
 *
 * Speed: a script of thousands of rules is lexed on every delivery, so
 * runs of plain octets (blanks, comment text, string bodies, identifiers)
 * are scanned as spans and token strings are copied once, into the
 * script's arena.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "limits.h"
#include "util.h"

#define LEXER_WORD_MAX 128   /* octets in an identifier */

void lexer_init(struct sieve_lexer *lx, const char *file, const char *text,
		size_t len, struct sieve_diag *d, struct arena *ar)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->text = lx->p = text;
	lx->end = text + len;
	lx->line = lx->col = 1;
	lx->d = d;
	lx->ar = ar;
}

void lexer_done(struct sieve_lexer *lx)
{
	lx->str = NULL;
}

char *lexer_take(struct sieve_lexer *lx)
{
	char *s = lx->str;

	lx->str = NULL;
	return s;
}

const char *lexer_tok_name(enum sieve_tok t)
{
	static const char *const names[] = {
		"end of script", "invalid token", "identifier", "tag", "number",
		"string", "'['", "']'", "'('", "')'", "'{'", "'}'", "','", "';'",
	};
	return names[t];
}

static int peekc(const struct sieve_lexer *lx, size_t ahead)
{
	if ((size_t)(lx->end - lx->p) <= ahead)
		return -1;
	return (unsigned char)lx->p[ahead];
}

static void adv(struct sieve_lexer *lx)
{
	if (lx->p >= lx->end)
		return;
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static enum sieve_tok lex_error(struct sieve_lexer *lx, const char *msg)
{
	sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true, "%s", msg);
	lx->failed = true;
	lx->p = lx->end;
	lx->tok = TOK_ERROR;
	return TOK_ERROR;
}

/* skip_to - move to q (not past a line end), counting columns. */
static void skip_to(struct sieve_lexer *lx, const char *q)
{
	lx->col += (unsigned)(q - lx->p);
	lx->p = q;
}

/* skip_space - whitespace and comments; -1 on an unterminated comment. */
static int skip_space(struct sieve_lexer *lx)
{
	for (;;) {
		int c = peekc(lx, 0);
		const char *q;

		if (c == ' ' || c == '\t' || c == '\r') {
			q = lx->p + 1;   /* indentation comes in runs */
			while (q < lx->end && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			skip_to(lx, q);
		} else if (c == '\n') {
			lx->p++;
			lx->line++;
			lx->col = 1;
		} else if (c == '#') {
			q = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			skip_to(lx, q != NULL ? q : lx->end);
		} else if (c == '/' && peekc(lx, 1) == '*') {
			lx->tline = lx->line;
			lx->tcol = lx->col;
			adv(lx);
			adv(lx);
			while (!(peekc(lx, 0) == '*' && peekc(lx, 1) == '/')) {
				if (peekc(lx, 0) == -1)
					return -1;
				adv(lx);
			}
			adv(lx);
			adv(lx);
		} else {
			return 0;
		}
	}
}

/* pass_span - step over [p, q), which may hold line ends. */
static void pass_span(struct sieve_lexer *lx, const char *q)
{
	const char *nl;

	while ((nl = memchr(lx->p, '\n', (size_t)(q - lx->p))) != NULL) {
		lx->line++;
		lx->col = 1;
		lx->p = nl + 1;
	}
	skip_to(lx, q);
}

/* quoted_end - scan the body of a quoted string starting at p: its
 * closing quote, or NULL with *err_r set; *len_r the unescaped length. */
static const char *quoted_end(const char *p, const char *end, size_t *len_r,
			      const char **err_r)
{
	size_t len = 0;

	for (;;) {
		if (p >= end) {
			*err_r = "unterminated quoted string";
			return NULL;
		}
		if (*p == '"')
			break;
		if (*p == '\\' && ++p >= end)
			continue;   /* a backslash at the end: unterminated */
		if (*p == '\0') {
			*err_r = "NUL octet in string";
			return NULL;
		}
		p++;
		if (++len > SIEVE_MAX_STRING_LEN) {
			*err_r = "string too long";
			return NULL;
		}
	}
	*len_r = len;
	return p;
}

static enum sieve_tok lex_quoted(struct sieve_lexer *lx)
{
	const char *err = NULL, *q, *r;
	size_t len = 0;
	bool plain = true;   /* no backslash: the body is copied as it is */
	char *w;

	adv(lx);
	/* most strings hold neither a backslash nor a NUL: three memchr */
	q = lx->p < lx->end ? memchr(lx->p, '"', (size_t)(lx->end - lx->p)) : NULL;
	len = q != NULL ? (size_t)(q - lx->p) : SIZE_MAX;
	if (len <= SIEVE_MAX_STRING_LEN &&
	    (memchr(lx->p, '\\', len) != NULL || memchr(lx->p, '\0', len) != NULL))
		len = SIZE_MAX;
	if (len > SIEVE_MAX_STRING_LEN) {
		plain = false;
		q = quoted_end(lx->p, lx->end, &len, &err);   /* the slow way */
	}
	if (q == NULL)
		return lex_error(lx, err);
	if ((w = arena_alloc(lx->ar, len + 1)) == NULL)
		return lex_error(lx, "out of memory");
	lx->str = w;
	lx->len = len;
	if (plain) {
		memcpy(w, lx->p, len);
		w += len;
	} else {
		for (r = lx->p; r < q; r++) {   /* a backslash: next literal */
			if (*r == '\\')
				r++;
			*w++ = *r;
		}
	}
	*w = '\0';
	pass_span(lx, q);
	adv(lx);
	return lx->tok = TOK_STRING;
}

/* text_line_end - at a line end (CRLF or LF)?  Returns its length or 0. */
static int text_line_end(const struct sieve_lexer *lx)
{
	if (peekc(lx, 0) == '\n')
		return 1;
	if (peekc(lx, 0) == '\r' && peekc(lx, 1) == '\n')
		return 2;
	return 0;
}

/* lex_multiline - after "text:": blanks, optional '#' comment, line end,
 * then lines up to "." alone; a leading ".." loses one dot. */
static enum sieve_tok lex_multiline(struct sieve_lexer *lx)
{
	struct sbuf b = {0};
	int n;

	while (peekc(lx, 0) == ' ' || peekc(lx, 0) == '\t')
		adv(lx);
	if (peekc(lx, 0) == '#')
		while (peekc(lx, 0) != -1 && peekc(lx, 0) != '\n')
			adv(lx);
	if ((n = text_line_end(lx)) == 0)
		return lex_error(lx, "expected end of line after 'text:'");
	while (n-- > 0)
		adv(lx);
	for (;;) {
		if (peekc(lx, 0) == '.') {
			adv(lx);
			if ((n = text_line_end(lx)) > 0) {
				while (n-- > 0)
					adv(lx);
				break;
			}
			if (peekc(lx, 0) != '.')
				sbuf_addc(&b, '.');
		}
		while ((n = text_line_end(lx)) == 0) {
			if (peekc(lx, 0) == -1 || peekc(lx, 0) == 0) {
				sbuf_free(&b);
				return lex_error(lx, peekc(lx, 0) == 0 ?
						 "NUL octet in string" :
						 "unterminated multi-line string");
			}
			sbuf_addc(&b, *lx->p);
			adv(lx);
		}
		while (n-- > 0)
			adv(lx);
		sbuf_add(&b, "\r\n", 2);
		if (b.len > SIEVE_MAX_STRING_LEN) {
			sbuf_free(&b);
			return lex_error(lx, "string too long");
		}
	}
	lx->len = b.len;
	lx->str = b.oom ? NULL : arena_strndup(lx->ar, b.s ? b.s : "", b.len);
	sbuf_free(&b);
	if (lx->str == NULL)
		return lex_error(lx, "out of memory");
	return lx->tok = TOK_STRING;
}

static enum sieve_tok lex_number(struct sieve_lexer *lx)
{
	uint64_t v = 0, mul = 1;
	int c;

	while ((c = peekc(lx, 0)) >= '0' && c <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return lex_error(lx, "number too large");
		v = v * 10 + (uint64_t)(c - '0');
		adv(lx);
	}
	switch (ascii_lower(peekc(lx, 0))) {
	case 'k': mul = 1024; break;
	case 'm': mul = 1024 * 1024; break;
	case 'g': mul = 1024 * 1024 * 1024; break;
	}
	if (mul > 1) {
		adv(lx);
		if (v > UINT64_MAX / mul)
			return lex_error(lx, "number too large");
		v *= mul;
	}
	c = peekc(lx, 0);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (c >= '0' && c <= '9'))
		return lex_error(lx, "invalid number");
	lx->num = v;
	return lx->tok = TOK_NUMBER;
}

/* ident_class[c]: 1 lower-case letter or '_', 2 digit, 4 upper-case
 * letter, 0 none of these */
#define D_ 2
#define U_ 4
static const unsigned char ident_class[256] = {
	['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
	['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_, ['_'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = U_, ['B'] = U_, ['C'] = U_, ['D'] = U_, ['E'] = U_, ['F'] = U_,
	['G'] = U_, ['H'] = U_, ['I'] = U_, ['J'] = U_, ['K'] = U_, ['L'] = U_,
	['M'] = U_, ['N'] = U_, ['O'] = U_, ['P'] = U_, ['Q'] = U_, ['R'] = U_,
	['S'] = U_, ['T'] = U_, ['U'] = U_, ['V'] = U_, ['W'] = U_, ['X'] = U_,
	['Y'] = U_, ['Z'] = U_,
};
#undef D_
#undef U_

static bool is_ident_char(int c, bool first)
{
	if (c < 0)
		return false;
	return first ? (ident_class[c] & ~2) != 0 : ident_class[c] != 0;
}

/* word_intern - the lower-cased identifier low of len octets (1 to
 * LEXER_WORD_MAX), shared with earlier tokens of the same spelling: a
 * script names a handful of commands and tags thousands of times, and one
 * copy of each is enough (nobody writes into a node's name or a tag).  The
 * hash looks at the length and three octets only; the memcmp decides, and
 * a collision costs one more copy, never a wrong word. */
static char *word_intern(struct sieve_lexer *lx, const char *low, size_t len)
{
	const unsigned char *u = (const unsigned char *)low;
	unsigned h = (unsigned)len * 7 + u[0] * 31 + u[len / 2] * 17 +
		     u[len - 1];
	char *w;

	h &= LEXER_WORDS - 1;
	w = lx->words[h];
	if (w != NULL && lx->wlen[h] == len && memcmp(w, low, len) == 0)
		return w;
	if ((w = arena_strndup(lx->ar, low, len)) == NULL)
		return NULL;
	lx->words[h] = w;
	lx->wlen[h] = (unsigned char)len;
	return w;
}

static enum sieve_tok lex_word(struct sieve_lexer *lx, bool tag)
{
	const unsigned char *p, *q, *lim;
	char buf[LEXER_WORD_MAX];
	const char *low;
	unsigned seen = 0;
	size_t len;

	if (tag) {
		adv(lx);
		if (!is_ident_char(peekc(lx, 0), true))
			return lex_error(lx, "expected identifier after ':'");
	}
	p = (const unsigned char *)lx->p;
	lim = (size_t)(lx->end - lx->p) > LEXER_WORD_MAX ?
	      p + LEXER_WORD_MAX + 1 : (const unsigned char *)lx->end;
	for (q = p; q < lim && ident_class[*q] != 0; q++)
		seen |= ident_class[*q];
	len = (size_t)(q - p);
	if (len > LEXER_WORD_MAX) {
		skip_to(lx, lx->p + LEXER_WORD_MAX + 1);
		return lex_error(lx, "identifier too long");
	}
	low = lx->p;
	if (seen & 4) {   /* upper-case letters: ASCII only here */
		for (size_t i = 0; i < len; i++)
			buf[i] = (char)(p[i] + (((unsigned)p[i] - 'A' < 26u) << 5));
		low = buf;
	}
	if (!tag && len == 4 && q < (const unsigned char *)lx->end &&
	    *q == ':' && memcmp(low, "text", 4) == 0) {
		skip_to(lx, (const char *)q + 1);
		return lex_multiline(lx);
	}
	if ((lx->str = word_intern(lx, low, len)) == NULL)
		return lex_error(lx, "out of memory");
	lx->len = len;
	skip_to(lx, (const char *)q);
	return lx->tok = tag ? TOK_TAG : TOK_IDENT;
}

static enum sieve_tok lex_token(struct sieve_lexer *lx)
{
	static const enum sieve_tok ptok[128] = {   /* TOK_EOF: not one */
		['['] = TOK_LBRACKET, [']'] = TOK_RBRACKET,
		['('] = TOK_LPAREN, [')'] = TOK_RPAREN,
		['{'] = TOK_LBRACE, ['}'] = TOK_RBRACE,
		[','] = TOK_COMMA, [';'] = TOK_SEMI,
	};
	int c = peekc(lx, 0);

	if (c == -1)
		return lx->tok = TOK_EOF;
	if (c < 128 && ptok[c] != TOK_EOF) {
		adv(lx);
		return lx->tok = ptok[c];
	}
	if (c == '"')
		return lex_quoted(lx);
	if (c >= '0' && c <= '9')
		return lex_number(lx);
	if (c == ':')
		return lex_word(lx, true);
	if (is_ident_char(c, true))
		return lex_word(lx, false);
	if (c >= 0x21 && c < 0x7f)
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "unexpected character '%c'", c);
	else
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "unexpected octet 0x%02x", c);
	lx->failed = true;
	lx->p = lx->end;
	return lx->tok = TOK_ERROR;
}

enum sieve_tok lexer_next(struct sieve_lexer *lx)
{
	lx->str = NULL;
	lx->len = 0;
	if (lx->failed)
		return lx->tok = TOK_EOF;
	if (skip_space(lx) < 0)
		return lex_error(lx, "unterminated comment");
	lx->tline = lx->line;
	lx->tcol = lx->col;
	lx->toff = (size_t)(lx->p - lx->text);

	lex_token(lx);
	lx->tend = (size_t)(lx->p - lx->text);
	return lx->tok;
}
