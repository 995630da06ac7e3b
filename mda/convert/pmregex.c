/*
 * pmregex.c - procmail regex tokens and their POSIX ERE form (see
 * pmregex.h).  procmail's egrep has no intervals, so '{' and '}' are
 * plain characters; \< and \> match one non-word character (or a line
 * edge); \/ only marks where $MATCH starts; a backslash inside brackets
 * quotes the next character.  Case is ignored unless the recipe has the
 * D flag: the Sieve side uses i;ascii-casemap (REG_ICASE) or i;octet.
 */
#include <stdlib.h>
#include <string.h>

#include "convert/pmregex.h"

static const char *const macro_text[] = {
	[PM_TO_] = "(^((Original-)?(Resent-)?(To|Cc|Bcc)|(X-Envelope|"
		   "Apparently(-Resent)?)-To):(.*[^-a-zA-Z0-9_.])?)",
	[PM_TO] = "(^((Original-)?(Resent-)?(To|Cc|Bcc)|(X-Envelope|"
		  "Apparently(-Resent)?)-To):(.*[^a-zA-Z])?)",
	[PM_FROM_DAEMON] = "(^(Mailing-List:|Precedence:.*(junk|bulk|list)|"
		"To: Multiple recipients of |(((Resent-)?(From|Sender)|"
		"X-Envelope-From):|>?From )([^>]*[^(.%@a-z0-9])?(Post(ma?(st"
		"(e?r)?|n)|office)|(send)?Mail(er)?|daemon|m(mdf|ajordomo)|"
		"n?uucp|LIST(SERV|proc)|NETSERV|o(wner|ps)|r(e(quest|sponse)|"
		"oot)|b(ounce|bs\\.smtp)|echo|mirror|s(erv(ices?|er)|mtp(error)"
		"?|ystem)|A(dmin(istrator)?|MMGR|utoanswer))(([^).!:a-z0-9]"
		"[-_a-z0-9]*)?[%@>\t ][^<)]*(\\(.*\\).*)?)?$([^>]|$)))",
	[PM_FROM_MAILER] = "(^(((Resent-)?(From|Sender)|X-Envelope-From):|"
		">?From )([^>]*[^(.%@a-z0-9])?(Post(ma(st(er)?|n)|office)|"
		"(send)?Mail(er)?|daemon|mmdf|n?uucp|ops|r(esponse|oot)|"
		"(bbs\\.)?smtp(error)?|s(erv(ices?|er)|ystem)|A(dmin(istrator)?"
		"|MMGR))(([^).!:a-z0-9][-_a-z0-9]*)?[%@>\t ][^<)]*(\\(.*\\).*)?)"
		"?$([^>]|$))",
};

static const char *const macro_name[] = {
	[PM_TO_] = "TO_", [PM_TO] = "TO", [PM_FROM_DAEMON] = "FROM_DAEMON",
	[PM_FROM_MAILER] = "FROM_MAILER",
};

const char *pmr_macro_text(enum pmr_macro m)
{
	return macro_text[m];
}

static void set_bit(unsigned char *set, unsigned char c)
{
	set[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static bool has_bit(const unsigned char *set, unsigned char c)
{
	return (set[c >> 3] >> (c & 7)) & 1;
}

/* parse_set - "[...]" at re[i]; returns the index after ']' or 0 when
 * there is no closing bracket (then '[' is a plain character). */
static size_t parse_set(const char *re, size_t i, struct pmr_tok *t)
{
	size_t j = i + 1;
	bool first = true;

	memset(t, 0, sizeof(*t));
	t->k = PR_SET;
	if (re[j] == '^') {
		t->neg = true;
		j++;
	}
	for (; re[j] != '\0' && (re[j] != ']' || first); first = false) {
		unsigned char lo = (unsigned char)re[j++];

		if (lo == '\\' && re[j] != '\0')
			lo = (unsigned char)re[j++];
		if (re[j] == '-' && re[j + 1] != ']' && re[j + 1] != '\0') {
			unsigned char hi = (unsigned char)re[j + 1];
			j += 2;
			if (hi == '\\' && re[j] != '\0')
				hi = (unsigned char)re[j++];
			for (unsigned c = lo; c <= hi; c++)
				set_bit(t->set, (unsigned char)c);
		} else {
			set_bit(t->set, lo);
		}
	}
	return re[j] == ']' ? j + 1 : 0;
}

/* macro_at - a macro name after the '^' at re[i]. */
static int macro_at(const char *re, size_t i, size_t *len_r)
{
	/* longest first: "^TO_" before "^TO" */
	static const enum pmr_macro order[] = { PM_FROM_DAEMON, PM_FROM_MAILER,
						PM_TO_, PM_TO };
	for (size_t k = 0; k < 4; k++) {
		size_t n = strlen(macro_name[order[k]]);
		if (strncmp(re + i + 1, macro_name[order[k]], n) == 0) {
			*len_r = n + 1;
			return (int)order[k];
		}
	}
	return -1;
}

int pmr_parse(const char *re, bool macros, struct pmr *out)
{
	size_t len = strlen(re), n = 0;
	int depth = 0;

	out->v = NULL;
	out->n = 0;
	if (len > PMR_MAX_TOKENS)
		return -1;
	struct pmr_tok *v = calloc(len + 1, sizeof(*v));
	if (v == NULL)
		return -1;
	for (size_t i = 0; i < len;) {
		struct pmr_tok *t = &v[n++];
		size_t k;
		int m;

		t->k = PR_CHAR;
		t->c = (unsigned char)re[i];
		switch (re[i]) {
		case '\\':
			if (i + 1 == len) {
				i++;
				break;
			}
			t->c = (unsigned char)re[i + 1];
			t->k = t->c == '<' ? PR_WORDL : t->c == '>' ? PR_WORDR :
			       t->c == '/' ? PR_MATCH : PR_CHAR;
			i += 2;
			break;
		case '[':
			k = parse_set(re, i, t);
			if (k == 0) {
				t->k = PR_CHAR;
				t->c = '[';
				i++;
			} else {
				i = k;
			}
			break;
		case '^':
			if (macros && (m = macro_at(re, i, &k)) >= 0) {
				t->k = PR_MACRO;
				t->c = (unsigned char)m;
				i += k;
			} else if (re[i + 1] == '^') {
				t->k = i == 0 ? PR_BOT : i + 2 == len ? PR_EOT :
				       PR_BOL;
				i += 2;
			} else {
				t->k = PR_BOL;
				i++;
			}
			break;
		case '(': t->k = PR_LP; depth++; i++; break;
		case ')': t->k = PR_RP; i++;
			if (--depth < 0)
				goto fail;
			break;
		case '.': t->k = PR_ANY; i++; break;
		case '*': t->k = PR_STAR; i++; break;
		case '+': t->k = PR_PLUS; i++; break;
		case '?': t->k = PR_QM; i++; break;
		case '|': t->k = PR_BAR; i++; break;
		case '$': t->k = PR_EOL; i++; break;
		default: i++; break;
		}
	}
	if (depth != 0)
		goto fail;
	out->v = v;
	out->n = n;
	return 0;
fail:
	free(v);
	return -1;
}

void pmr_free(struct pmr *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

bool pmr_is_literal(const struct pmr_tok *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].k != PR_CHAR)
			return false;
	return true;
}

#define NL "${hex:0a}"

/* emit_set - a bracket expression POSIX reads as written: ']' first,
 * '[' '^' '-' last, never "[:" "[." "[=" (RFC-less, but POSIX 9.3.5). */
static void emit_set(const struct pmr_tok *t, unsigned mode, struct cvbuf *o)
{
	unsigned char s[32];
	static const char special[] = "][^-";

	memcpy(s, t->set, sizeof(s));
	if (mode == PMR_BODY && t->neg)
		set_bit(s, '\n');       /* procmail's [^x] stays on its line */
	bool nl = mode == PMR_BODY && has_bit(s, '\n');
	size_t members = 0;
	for (unsigned c = 1; c < 256; c++)
		members += has_bit(s, (unsigned char)c);
	if (!t->neg && members == 1 && has_bit(s, '^')) {
		cvb_puts(o, "\\^");
		return;
	}
	cvb_puts(o, t->neg ? "[^" : "[");
	if (has_bit(s, ']'))
		cvb_putc(o, ']');
	bool lead = has_bit(s, ']');
	for (unsigned c = 1; c < 256;) {
		if (!has_bit(s, (unsigned char)c) || strchr(special, (int)c) ||
		    (nl && c == '\n')) {
			c++;
			continue;
		}
		unsigned hi = c;
		while (hi + 1 < 256 && has_bit(s, (unsigned char)(hi + 1)) &&
		       !strchr(special, (int)(hi + 1)) &&
		       !(nl && hi + 1 == '\n') && (hi + 1 < 0x80) == (c < 0x80))
			hi++;
		if (hi - c >= 2) {
			cvb_putc(o, (char)c);
			cvb_putc(o, '-');
			cvb_putc(o, (char)hi);
		} else {
			for (unsigned x = c; x <= hi; x++)
				cvb_putc(o, (char)x);
		}
		lead = true;
		c = hi + 1;
	}
	if (nl) {
		cvb_puts(o, NL);
		lead = true;
	}
	if (has_bit(s, '[')) {
		cvb_putc(o, '[');
		lead = true;
	}
	if (has_bit(s, '^') && !lead && !has_bit(s, '-'))
		cvb_putc(o, '^');       /* only "[^^]" reaches here */
	else if (has_bit(s, '^') && !lead)
		cvb_puts(o, "-^");
	else if (has_bit(s, '^'))
		cvb_putc(o, '^');
	if (has_bit(s, '-') && (lead || !has_bit(s, '^')))
		cvb_putc(o, '-');
	cvb_putc(o, ']');
}

void pmr_emit(const struct pmr_tok *t, size_t n, unsigned mode,
	      struct cvbuf *o)
{
	bool atom = false;      /* the last item can take a repetition */
	bool body = mode == PMR_BODY;

	for (size_t i = 0; i < n; i++) {
		switch (t[i].k) {
		case PR_CHAR:
			if (strchr(".[]()*+?{}|^$\\", t[i].c) && t[i].c)
				cvb_putc(o, '\\');
			cvb_putc(o, (char)t[i].c);
			atom = true;
			break;
		case PR_ANY:
			cvb_puts(o, body ? "[^" NL "]" : ".");
			atom = true;
			break;
		case PR_SET:
			emit_set(&t[i], mode, o);
			atom = true;
			break;
		case PR_STAR:
		case PR_PLUS:
		case PR_QM: {
			const char *q = t[i].k == PR_STAR ? "*" :
					t[i].k == PR_PLUS ? "+" : "?";
			if (atom)
				cvb_puts(o, q);
			else if (i == 0 || (t[i - 1].k != PR_STAR &&
					    t[i - 1].k != PR_PLUS &&
					    t[i - 1].k != PR_QM))
				cvb_printf(o, "\\%s", q);   /* egrep: literal */
			atom = false;
			break;
		}
		case PR_LP: cvb_putc(o, '('); atom = false; break;
		case PR_RP: cvb_putc(o, ')'); atom = true; break;
		case PR_BAR: cvb_putc(o, '|'); atom = false; break;
		case PR_BOL:
			cvb_puts(o, body ? "(^|" NL ")" : "^");
			atom = body;
			break;
		case PR_EOL:
			cvb_puts(o, body ? "($|" NL ")" : "$");
			atom = body;
			break;
		case PR_BOT: cvb_putc(o, '^'); atom = false; break;
		case PR_EOT: cvb_putc(o, '$'); atom = false; break;
		case PR_WORDL:
			cvb_puts(o, "(^|[^a-zA-Z0-9_])");
			atom = true;
			break;
		case PR_WORDR:
			cvb_puts(o, "([^a-zA-Z0-9_]|$)");
			atom = true;
			break;
		case PR_MATCH:
			break;
		case PR_MACRO: {
			struct pmr sub;
			if (pmr_parse(macro_text[t[i].c], false, &sub) == 0) {
				pmr_emit(sub.v, sub.n, mode, o);
				pmr_free(&sub);
			}
			atom = true;
			break;
		}
		}
	}
}
