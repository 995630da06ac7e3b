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
 * the common tokens take few instructions each.  The scanners work on a
 * local pointer and return where the token ends (a store through lx after
 * every octet would make the compiler reload lx->p each time); no column
 * is counted per octet, it is derived from the start of the line when a
 * token starts; two tables say what an octet starts and what it may
 * continue; quoted strings are scanned eight octets at a time for the
 * four octets that need a closer look and copied once; identifiers are
 * interned, so the handful of command and tag names are stored once; and
 * token strings are carved from chunks of the arena (lexer_alloc).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compile/lexer.h"
#include "limits.h"
#include "util.h"

#define LEXER_WORD_MAX 128   /* octets in an identifier */
#define LEXER_CHUNK 8192     /* octets lexer_alloc takes from the arena */

/* kept out of lexer_next, whose common path then saves few registers */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* lclass[c]: what octet c may be part of (several bits may be set) */
enum {
	L_BLANK = 1,    /* space, tab, CR: skipped between tokens */
	L_LOWER = 2,    /* a-z and '_': start or continue an identifier */
	L_UPPER = 4,    /* A-Z: the same, lower-cased */
	L_DIGIT = 8,    /* continue an identifier, start a number */
	L_QSTOP = 16,   /* '"', '\\', '\n', NUL: end a plain run of a
			 * quoted string */
	L_SPACE = 32,   /* blank, '\n', '#', '/': may start what is skipped
			 * between tokens */
	L_COLON = 64,   /* ':' */
	L_START = L_LOWER | L_UPPER,
	L_WORD = L_LOWER | L_UPPER | L_DIGIT,
};

#define LO_ L_LOWER
#define UP_ L_UPPER
#define DI_ L_DIGIT
static const unsigned char lclass[256] = {
	[' '] = L_BLANK | L_SPACE, ['\t'] = L_BLANK | L_SPACE,
	['\r'] = L_BLANK | L_SPACE, ['\n'] = L_QSTOP | L_SPACE,
	['#'] = L_SPACE, ['/'] = L_SPACE,
	['"'] = L_QSTOP, ['\\'] = L_QSTOP, ['\0'] = L_QSTOP, [':'] = L_COLON,
	['0'] = DI_, ['1'] = DI_, ['2'] = DI_, ['3'] = DI_, ['4'] = DI_,
	['5'] = DI_, ['6'] = DI_, ['7'] = DI_, ['8'] = DI_, ['9'] = DI_,
	['_'] = LO_,
	['a'] = LO_, ['b'] = LO_, ['c'] = LO_, ['d'] = LO_, ['e'] = LO_,
	['f'] = LO_, ['g'] = LO_, ['h'] = LO_, ['i'] = LO_, ['j'] = LO_,
	['k'] = LO_, ['l'] = LO_, ['m'] = LO_, ['n'] = LO_, ['o'] = LO_,
	['p'] = LO_, ['q'] = LO_, ['r'] = LO_, ['s'] = LO_, ['t'] = LO_,
	['u'] = LO_, ['v'] = LO_, ['w'] = LO_, ['x'] = LO_, ['y'] = LO_,
	['z'] = LO_,
	['A'] = UP_, ['B'] = UP_, ['C'] = UP_, ['D'] = UP_, ['E'] = UP_,
	['F'] = UP_, ['G'] = UP_, ['H'] = UP_, ['I'] = UP_, ['J'] = UP_,
	['K'] = UP_, ['L'] = UP_, ['M'] = UP_, ['N'] = UP_, ['O'] = UP_,
	['P'] = UP_, ['Q'] = UP_, ['R'] = UP_, ['S'] = UP_, ['T'] = UP_,
	['U'] = UP_, ['V'] = UP_, ['W'] = UP_, ['X'] = UP_, ['Y'] = UP_,
	['Z'] = UP_,
};
#undef LO_
#undef UP_
#undef DI_

/* starts[c]: the token octet c starts; TOK_EOF: none (an error) */
#define ID_ TOK_IDENT
#define NU_ TOK_NUMBER
static const unsigned char starts[256] = {
	['['] = TOK_LBRACKET, [']'] = TOK_RBRACKET,
	['('] = TOK_LPAREN, [')'] = TOK_RPAREN,
	['{'] = TOK_LBRACE, ['}'] = TOK_RBRACE,
	[','] = TOK_COMMA, [';'] = TOK_SEMI,
	['"'] = TOK_STRING, [':'] = TOK_TAG,
	['0'] = NU_, ['1'] = NU_, ['2'] = NU_, ['3'] = NU_, ['4'] = NU_,
	['5'] = NU_, ['6'] = NU_, ['7'] = NU_, ['8'] = NU_, ['9'] = NU_,
	['_'] = ID_,
	['a'] = ID_, ['b'] = ID_, ['c'] = ID_, ['d'] = ID_, ['e'] = ID_,
	['f'] = ID_, ['g'] = ID_, ['h'] = ID_, ['i'] = ID_, ['j'] = ID_,
	['k'] = ID_, ['l'] = ID_, ['m'] = ID_, ['n'] = ID_, ['o'] = ID_,
	['p'] = ID_, ['q'] = ID_, ['r'] = ID_, ['s'] = ID_, ['t'] = ID_,
	['u'] = ID_, ['v'] = ID_, ['w'] = ID_, ['x'] = ID_, ['y'] = ID_,
	['z'] = ID_,
	['A'] = ID_, ['B'] = ID_, ['C'] = ID_, ['D'] = ID_, ['E'] = ID_,
	['F'] = ID_, ['G'] = ID_, ['H'] = ID_, ['I'] = ID_, ['J'] = ID_,
	['K'] = ID_, ['L'] = ID_, ['M'] = ID_, ['N'] = ID_, ['O'] = ID_,
	['P'] = ID_, ['Q'] = ID_, ['R'] = ID_, ['S'] = ID_, ['T'] = ID_,
	['U'] = ID_, ['V'] = ID_, ['W'] = ID_, ['X'] = ID_, ['Y'] = ID_,
	['Z'] = ID_,
};
#undef ID_
#undef NU_

static unsigned char cls(const char *p)
{
	return lclass[(unsigned char)*p];
}

void lexer_init(struct sieve_lexer *lx, const char *file, const char *text,
		size_t len, struct sieve_diag *d, struct arena *ar)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->text = lx->p = lx->line_start = text;
	lx->end = text + len;
	lx->line = 1;
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

void *lexer_alloc_chunk(struct sieve_lexer *lx, size_t n, size_t align)
{
	char *c;

	if (n > LEXER_CHUNK / 4)   /* large: on its own, the chunk stays */
		return arena_alloc(lx->ar, n);
	if ((c = arena_alloc(lx->ar, LEXER_CHUNK)) == NULL)
		return NULL;
	lx->chunk = c;   /* aligned for anything */
	lx->chunk_end = c + LEXER_CHUNK;
	return lexer_alloc(lx, n, align);
}

/* new_line - the line end at nl was passed. */
static void new_line(struct sieve_lexer *lx, const char *nl)
{
	lx->line++;
	lx->line_start = nl + 1;
}

/* peekc, adv - octet by octet, for the rare multi-line strings */
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
	if (*lx->p == '\n')
		new_line(lx, lx->p);
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

/* lex_fail - lex_error for scanners that return where the token ends */
static const char *lex_fail(struct sieve_lexer *lx, const char *msg)
{
	lex_error(lx, msg);
	return lx->end;
}

/* token_start - the current token begins at p. */
static void token_start(struct sieve_lexer *lx, const char *p)
{
	lx->tline = lx->line;
	lx->tcol = (unsigned)(p - lx->line_start) + 1;
	lx->toff = (size_t)(p - lx->text);
}

/* skip_bracket_comment - at the slash of a comment's opening slash-star:
 * past its end, or NULL if it has none (the comment is then the token,
 * for the error). */
static const char *skip_bracket_comment(struct sieve_lexer *lx,
					const char *p)
{
	token_start(lx, p);
	for (p += 2; lx->end - p >= 2; p++) {
		if (p[0] == '*' && p[1] == '/')
			return p + 2;
		if (*p == '\n')
			new_line(lx, p);
	}
	return NULL;
}

/* skip_space - past blanks, line ends and comments from p; NULL on an
 * unterminated bracket comment. */
static NOINLINE const char *skip_space(struct sieve_lexer *lx,
				       const char *p)
{
	const char *end = lx->end;

	while (p < end && (cls(p) & L_SPACE)) {
		if (cls(p) & L_BLANK) {
			p++;
		} else if (*p == '\n') {
			new_line(lx, p++);
		} else if (*p == '#') {
			p = memchr(p, '\n', (size_t)(end - p));
			if (p == NULL)
				p = end;
		} else if (end - p >= 2 && p[1] == '*') {
			if ((p = skip_bracket_comment(lx, p)) == NULL)
				return NULL;
		} else {
			break;   /* a lone '/': not a token either */
		}
	}
	return p;
}

/* Eight octets at a time (SWAR): for each octet, its high bit in
 * below(x, n) is set if the octet is below n (n <= 128).  No octet under
 * the first such one is marked (a borrow only runs upwards), so on a
 * little-endian machine the lowest set bit says which octet comes first. */
#define OCTETS_1 UINT64_C(0x0101010101010101)

static uint64_t below(uint64_t x, unsigned n)
{
	return (x - OCTETS_1 * n) & ~x & (OCTETS_1 << 7);
}

/* quoted_stop - the first octet in [p, end) a quoted string may not just
 * copy: '"', '\\', '\n' (a line to count), NUL, or another control octet
 * below '\v' (which the caller steps over); end if none. */
static const char *quoted_stop(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t x, hit;

		memcpy(&x, p, sizeof(x));
		hit = below(x, '\v') | below(x ^ (OCTETS_1 * '"'), 1) |
		      below(x ^ (OCTETS_1 * '\\'), 1);
		if (hit != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return p + __builtin_ctzll(hit) / 8;
#else
			break;   /* the octet loop finds it */
#endif
		}
		p += 8;
	}
	while (p < end && !(cls(p) & L_QSTOP))
		p++;
	return p;
}

/* quoted_end - scan the body of a quoted string starting at p: its
 * closing quote, or NULL with *err_r set; *len_r the unescaped length. */
static const char *quoted_end(const char *p, const char *end, size_t *len_r,
			      const char **err_r)
{
	size_t len = 0;

	for (;;) {
		if (p >= end) {
			*err_r = "unterminated string: the '\"' here is never closed";
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

/* lex_escaped - the quoted string whose body starts at body holds a
 * backslash or a NUL, is too long or unterminated: the careful way. */
static const char *lex_escaped(struct sieve_lexer *lx, const char *body)
{
	const char *err = NULL, *q, *r, *nl;
	size_t len;
	char *w;

	if ((q = quoted_end(body, lx->end, &len, &err)) == NULL)
		return lex_fail(lx, err);
	if ((w = lexer_alloc(lx, len + 1, 1)) == NULL)
		return lex_fail(lx, "out of memory");
	lx->str = w;
	lx->len = len;
	for (r = body; r < q; r++) {   /* a backslash: the next is literal */
		if (*r == '\\')
			r++;
		*w++ = *r;
	}
	*w = '\0';
	for (r = body; (nl = memchr(r, '\n', (size_t)(q - r))) != NULL; r = nl + 1)
		new_line(lx, nl);
	lx->tok = TOK_STRING;
	return q + 1;
}

/* lex_quoted - at '"'.  Most strings hold no backslash and no NUL: their
 * body is found in one pass (counting the lines it spans) and copied as
 * it is. */
static NOINLINE const char *lex_quoted(struct sieve_lexer *lx,
				       const char *p)
{
	const char *body = p + 1, *q = body, *end = lx->end;
	const char *line_start = lx->line_start;
	unsigned lines = 0;
	size_t len;
	char *w;

	for (;;) {   /* q only moves forward, up to end */
		q = quoted_stop(q, end);
		if (q == end || *q == '"' || *q == '\\' || *q == '\0')
			break;
		if (*q == '\n') {
			lines++;
			line_start = q + 1;
		}
		q++;   /* a line end or a control octet: plain */
	}
	len = (size_t)(q - body);
	if (q == end || *q != '"' || len > SIEVE_MAX_STRING_LEN)
		return lex_escaped(lx, body);
	if ((w = lexer_alloc(lx, len + 1, 1)) == NULL)
		return lex_fail(lx, "out of memory");
	memcpy(w, body, len);
	w[len] = '\0';
	lx->str = w;
	lx->len = len;
	lx->line += lines;
	lx->line_start = line_start;
	lx->tok = TOK_STRING;
	return q + 1;
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
						 "unterminated text: block: no line "
						 "holding only '.' ends it");
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

static NOINLINE const char *lex_number(struct sieve_lexer *lx,
				       const char *p)
{
	const char *end = lx->end;
	uint64_t v = 0, mul = 1;

	for (; p < end && (cls(p) & L_DIGIT); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return lex_fail(lx, "number too large");
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (p < end ? *p : 0) {
	case 'k': case 'K': mul = 1024; break;
	case 'm': case 'M': mul = 1024 * 1024; break;
	case 'g': case 'G': mul = 1024 * 1024 * 1024; break;
	}
	if (mul > 1) {
		p++;
		if (v > UINT64_MAX / mul)
			return lex_fail(lx, "number too large");
		v *= mul;
	}
	if (p < end && (cls(p) & L_WORD))
		return lex_fail(lx, "invalid number: digits may be followed "
				 "only by K, M or G");
	lx->num = v;
	lx->tok = TOK_NUMBER;
	return p;
}

/* same_octets - the n octets (n >= 1) at a and b are equal.  Names are
 * short: up to 16 octets take two overlapping loads from each side
 * instead of a call to memcmp. */
static inline bool same_octets(const char *a, const char *b, size_t n)
{
	uint64_t a0, a1, b0, b1;
	uint32_t c0, c1, d0, d1;

	if (n >= 8 && n <= 16) {
		memcpy(&a0, a, 8);
		memcpy(&b0, b, 8);
		memcpy(&a1, a + n - 8, 8);
		memcpy(&b1, b + n - 8, 8);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (n >= 4 && n < 8) {
		memcpy(&c0, a, 4);
		memcpy(&d0, b, 4);
		memcpy(&c1, a + n - 4, 4);
		memcpy(&d1, b + n - 4, 4);
		return ((c0 ^ d0) | (c1 ^ d1)) == 0;
	}
	if (n < 4)
		return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
	return memcmp(a, b, n) == 0;
}

/* word_set - the first of the two slots where identifiers starting with
 * the three octets at p are interned (the third may follow a short word),
 * as written: a hash of the three that gives the fifty names scripts use
 * most a pair of slots each, shared by two of them at most (as "else" and
 * "elsif").  Capitals give another pair; the word is still stored once
 * per spelling. */
static unsigned word_set(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return ((u[0] * 27u + u[1] * 57u + u[2]) & (LEXER_WORDS / 2 - 1)) * 2;
}

/* word_seen - the slot of an interned word spelled exactly as the
 * identifier at p (3 or more octets are left), or -1.  A word ending in
 * ':' is left to lex_word_new ("text:"). */
static int word_seen(const struct sieve_lexer *lx, const char *p)
{
	unsigned set = word_set(p);

	for (unsigned i = set; i < set + 2; i++) {
		const char *w = lx->words[i];
		size_t n = lx->wlen[i];

		if (w != NULL && (size_t)(lx->end - p) > n && same_octets(w, p, n) &&
		    !(cls(p + n) & (L_WORD | L_COLON)))
			return (int)i;
	}
	return -1;
}

/* word_intern - the identifier at p, lower-cased in low (len octets),
 * shared with earlier tokens of the same spelling: a script names a
 * handful of commands and tags thousands of times, and one copy of each
 * is enough (nobody writes into a node's name or a tag).  A new word
 * takes the free slot of its pair, or the second; the first stays. */
static char *word_intern(struct sieve_lexer *lx, const char *p,
			 const char *low, size_t len)
{
	unsigned set = 0, i;
	char *w;

	if (lx->end - p >= 3) {
		set = word_set(p);
		for (i = set; i < set + 2; i++)
			if (lx->words[i] != NULL && lx->wlen[i] == len &&
			    same_octets(lx->words[i], low, len))
				return lx->words[i];
	}
	if ((w = lexer_alloc(lx, len + 1, 1)) == NULL)
		return NULL;
	memcpy(w, low, len);
	w[len] = '\0';
	if (lx->end - p >= 3) {
		i = lx->words[set] == NULL ? set : set + 1;
		lx->words[i] = w;
		lx->wlen[i] = (unsigned char)len;
	}
	return w;
}

/* lex_word_new - lex_word for an identifier not seen before in this
 * spelling (or too long, or followed by ':', perhaps "text:"). */
static NOINLINE const char *lex_word_new(struct sieve_lexer *lx,
					 const char *p, enum sieve_tok tok)
{
	const char *q = p, *lim;
	char low[LEXER_WORD_MAX];
	size_t len;

	lim = (size_t)(lx->end - p) > LEXER_WORD_MAX ? p + LEXER_WORD_MAX + 1
						      : lx->end;
	while (q < lim && (cls(q) & L_WORD))
		q++;
	if ((len = (size_t)(q - p)) > LEXER_WORD_MAX)
		return lex_fail(lx, "identifier too long");
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(cls(p + i) & L_UPPER ? p[i] + ('a' - 'A') : p[i]);
	if (tok == TOK_IDENT && len == 4 && q < lx->end && *q == ':' &&
	    memcmp(low, "text", 4) == 0) {
		lx->p = q + 1;
		lex_multiline(lx);
		return lx->p;
	}
	if ((lx->str = word_intern(lx, p, low, len)) == NULL)
		return lex_fail(lx, "out of memory");
	lx->len = len;
	lx->tok = tok;
	return q;
}

/* lex_word - an identifier at p (tok TOK_IDENT) or the name of a tag
 * after its ':' (TOK_TAG).  Most are names seen before, spelled the same:
 * found without a scan. */
static const char *lex_word(struct sieve_lexer *lx, const char *p,
			    enum sieve_tok tok)
{
	int i;

	if (lx->end - p < 3 || (i = word_seen(lx, p)) < 0)
		return lex_word_new(lx, p, tok);
	lx->str = lx->words[i];
	lx->len = lx->wlen[i];
	lx->tok = tok;
	return p + lx->len;
}

static NOINLINE const char *lex_bad_octet(struct sieve_lexer *lx,
					  const char *p)
{
	unsigned char c = (unsigned char)*p;

	/* a word processor's quotes: U+2018/2019/201C/201D in UTF-8 */
	if (c == 0xe2 && lx->end - p >= 3 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] >= 0x98 && (unsigned char)p[2] <= 0x9d)
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "typographic quote %.3s: Sieve strings are "
			       "enclosed in plain '\"' quotes", p);
	else if (c >= 0x80)
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "unexpected octet 0x%02x: text outside ASCII "
			       "belongs inside a quoted string", c);
	else if (c >= 0x21 && c < 0x7f)
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "unexpected character '%c'", c);
	else
		sieve_diag_add(lx->d, lx->file, lx->tline, lx->tcol, true,
			       "unexpected octet 0x%02x", c);
	lx->failed = true;
	lx->tok = TOK_ERROR;
	return lx->end;
}

/* lex_tag - at the ':' of a tag. */
static const char *lex_tag(struct sieve_lexer *lx, const char *p)
{
	if (lx->end - p < 2 || !(cls(p + 1) & L_START))
		return lex_fail(lx, "expected a tag name after ':' "
				"(as in :contains)");
	return lex_word(lx, p + 1, TOK_TAG);
}

/* lex_token - the token at p, where blanks and comments end: what its
 * first octet says it is.  Returns where it ends. */
static const char *lex_token(struct sieve_lexer *lx, const char *p)
{
	enum sieve_tok t;

	if (p == lx->end) {
		lx->tok = TOK_EOF;
		return p;
	}
	switch (t = (enum sieve_tok)starts[(unsigned char)*p]) {
	case TOK_IDENT:
		return lex_word(lx, p, TOK_IDENT);
	case TOK_STRING:
		return lex_quoted(lx, p);
	case TOK_TAG:
		return lex_tag(lx, p);
	case TOK_NUMBER:
		return lex_number(lx, p);
	case TOK_EOF:
		return lex_bad_octet(lx, p);
	default:   /* punctuation */
		lx->tok = t;
		return p + 1;
	}
}

/* lexer_next - blanks and line ends are skipped here, comments (rare) in
 * skip_space. */
enum sieve_tok lexer_next(struct sieve_lexer *lx)
{
	const char *p = lx->p, *end = lx->end;

	lx->str = NULL;
	lx->len = 0;
	if (lx->failed)
		return lx->tok = TOK_EOF;
	for (;;) {   /* p only moves forward, up to end */
		while (p < end && *p == ' ')   /* the common blank, in runs */
			p++;
		if (p == end || !(cls(p) & L_SPACE))
			break;
		if (*p == '\n') {
			new_line(lx, p++);
		} else if (cls(p) & L_BLANK) {
			p++;
		} else {
			if ((p = skip_space(lx, p)) == NULL)
				return lex_error(lx, "unterminated comment: the '/*' "
						 "here is never closed by '*/'");
			break;
		}
	}
	token_start(lx, p);
	lx->p = p = lex_token(lx, p);
	lx->tend = (size_t)(p - lx->text);
	return lx->tok;
}
