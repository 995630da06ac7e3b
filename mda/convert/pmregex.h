/*
 * pmregex.h - procmail's regular expressions (procmailrc(5), "Extended
 * regular expressions"; egrep's dialect plus \< \> \/ ^^ and the ^TO_,
 * ^TO, ^FROM_DAEMON, ^FROM_MAILER macros) read into tokens and written
 * back as POSIX extended expressions for the Sieve regex extension
 * (draft-ietf-sieve-regex; compiled with REG_EXTENDED, no REG_NEWLINE).
 *
 * Contract: pmr_parse() refuses only unbalanced parentheses and overlong
 * input; everything else procmail accepts has a translation.
 */
#ifndef MDA_CONVERT_PMREGEX_H
#define MDA_CONVERT_PMREGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "convert/cvbuf.h"

#define PMR_MAX_TOKENS 2048

enum pmr_kind {
	PR_CHAR, PR_ANY, PR_SET, PR_STAR, PR_PLUS, PR_QM, PR_LP, PR_RP,
	PR_BAR, PR_BOL, PR_EOL, PR_BOT, PR_EOT, PR_WORDL, PR_WORDR,
	PR_MATCH, PR_MACRO,
};

enum pmr_macro { PM_TO_, PM_TO, PM_FROM_DAEMON, PM_FROM_MAILER };

struct pmr_tok {
	enum pmr_kind k;
	unsigned char c;            /* PR_CHAR; PR_MACRO: enum pmr_macro */
	bool neg;                   /* PR_SET: [^...] */
	unsigned char set[32];      /* PR_SET: members as written */
};

struct pmr {
	struct pmr_tok *v;
	size_t n;
};

/* emission modes */
enum {
	PMR_VALUE = 0,  /* a header field value: one line */
	PMR_BODY = 1,   /* the body: ^ $ . see line ends (needs
			   encoded-character: the newline is ${hex:0a}) */
};

/* pmr_parse - tokens of re; macros: recognise ^TO_ and friends.
 * Returns 0, or -1 (unbalanced, too long, no memory). */
int pmr_parse(const char *re, bool macros, struct pmr *out);
void pmr_free(struct pmr *p);
/* pmr_emit - tokens t[0..n) as a POSIX ERE. */
void pmr_emit(const struct pmr_tok *t, size_t n, unsigned mode,
	      struct cvbuf *out);
/* pmr_macro_text - what procmail substitutes for a macro. */
const char *pmr_macro_text(enum pmr_macro m);
/* pmr_is_literal - every token is a plain character. */
bool pmr_is_literal(const struct pmr_tok *t, size_t n);

#endif
