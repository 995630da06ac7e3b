/*
 * html2text.c - HTML to plain text, streamed, in the manner of Dovecot's
 * converter that Pigeonhole runs for body :text and extracttext (checked
 * against sieve-test 2.3.19 with vnd.dovecot.debug):
 *
 *  - a tag becomes one space, unless the text so far ends in white space
 *    (or nothing was written yet); white space of the source is kept;
 *  - <script> and <style> are dropped up to their end tag; comments
 *    (<!-- -->) are dropped; CDATA sections are text;
 *  - <blockquote> starts a line with "> " and each tag inside it starts
 *    a new such line; </blockquote> ends the line;
 *  - entities: &#NNN; and &#xHH; (lower-case x) as UTF-8; the named ones
 *    of HTML 4's Latin-1 set and the usual punctuation, case-sensitive;
 *    an unknown name (up to SIEVE_HTML_ENTITY_MAX octets) vanishes, a
 *    longer one, or one cut by white space, is text without its '&';
 *    &#0; and code points past U+10FFFF or in the surrogates vanish
 *    (Pigeonhole writes a NUL for &#0;, which ends the Sieve string).
 *
 * One octet at a time through a flat state machine: no allocation, the
 * only buffers are the tag/entity name (bounded) and the output block.
 */
#include <string.h>

#include "mime/html2text.h"
#include "util.h"

enum { S_TEXT, S_LT, S_NAME, S_TAG, S_BANG, S_CDATA_OPEN, S_COMMENT,
       S_CDATA, S_ENTITY };

/* HTML 4 Latin-1 entities, U+00A0 .. U+00FF in order */
static const char *const latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
	"Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
	"ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
	"Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
	"agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
	"egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
	"eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

static const struct { const char *name; unsigned cp; } named[] = {
	{ "quot", 34 }, { "amp", 38 }, { "apos", 39 }, { "lt", 60 },
	{ "gt", 62 }, { "OElig", 338 }, { "oelig", 339 }, { "Scaron", 352 },
	{ "scaron", 353 }, { "Yuml", 376 }, { "fnof", 402 }, { "circ", 710 },
	{ "tilde", 732 }, { "ensp", 8194 }, { "emsp", 8195 },
	{ "thinsp", 8201 }, { "zwnj", 8204 }, { "zwj", 8205 }, { "lrm", 8206 },
	{ "rlm", 8207 }, { "ndash", 8211 }, { "mdash", 8212 },
	{ "lsquo", 8216 }, { "rsquo", 8217 }, { "sbquo", 8218 },
	{ "ldquo", 8220 }, { "rdquo", 8221 }, { "bdquo", 8222 },
	{ "dagger", 8224 }, { "Dagger", 8225 }, { "bull", 8226 },
	{ "hellip", 8230 }, { "permil", 8240 }, { "prime", 8242 },
	{ "Prime", 8243 }, { "lsaquo", 8249 }, { "rsaquo", 8250 },
	{ "oline", 8254 }, { "frasl", 8260 }, { "euro", 8364 },
	{ "trade", 8482 }, { "larr", 8592 }, { "uarr", 8593 },
	{ "rarr", 8594 }, { "darr", 8595 }, { "harr", 8596 },
	{ "minus", 8722 }, { "infin", 8734 }, { "ne", 8800 }, { "le", 8804 },
	{ "ge", 8805 },
};

bool html2text_wanted(const char *type, const char *subtype)
{
	return (strcmp(type, "text") == 0 && strcmp(subtype, "html") == 0) ||
	       (strcmp(type, "application") == 0 &&
		strcmp(subtype, "xhtml+xml") == 0);
}

void html2text_init(struct html2text *h, mime_emit_fn emit, void *ctx)
{
	memset(h, 0, sizeof(*h));
	h->emit = emit;
	h->ctx = ctx;
}

static void flush(struct html2text *h)
{
	if (h->rc == 0 && h->olen > 0)
		h->rc = h->emit(h->ctx, h->out, h->olen);
	h->olen = 0;
}

static void put(struct html2text *h, char c)
{
	if (h->skip)
		return;
	if (h->olen == sizeof(h->out))
		flush(h);
	h->out[h->olen++] = c;
	h->last = c;
}

static void puts_n(struct html2text *h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(h, s[i]);
}

static bool white(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* space - what a tag leaves behind: a space, or inside a blockquote a
 * new quoted line, unless the text already ends in white space. */
static void space(struct html2text *h)
{
	if (h->last == '\0' || white(h->last))
		return;
	if (h->quote_level == 0) {
		put(h, ' ');
		return;
	}
	put(h, '\n');
	for (unsigned i = 0; i < h->quote_level && i < SIEVE_MAX_NESTING; i++)
		puts_n(h, "> ", 2);
}

static void put_cp(struct html2text *h, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12), n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18), n = 4;
	}
	for (size_t i = 1; i < n; i++)
		u[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3f));
	puts_n(h, u, n);
}

/* entity - the name between '&' and ';' (h->name) as text. */
static void entity(struct html2text *h)
{
	const char *s = h->name;
	unsigned long cp = 0;

	if (s[0] == '#') {
		bool hex = s[1] == 'x';
		size_t i = hex ? 2 : 1;

		if (s[i] == '\0')
			return;
		for (; s[i] != '\0'; i++) {
			int v = hex ? hex_value(s[i]) :
				(s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);

			if (v < 0 || cp > 0x10ffff)
				return;
			cp = cp * (hex ? 16 : 10) + (unsigned)v;
		}
		put_cp(h, cp);
		return;
	}
	for (size_t i = 0; i < 96; i++)
		if (strcmp(s, latin1[i]) == 0) {
			put_cp(h, 0xa0 + i);
			return;
		}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(s, named[i].name) == 0) {
			put_cp(h, named[i].cp);
			return;
		}
}

/* end_tag - the '>' of a tag named h->name. */
static void end_tag(struct html2text *h)
{
	const char *n = h->name;

	if (h->skip) {
		if (h->closing && strcmp(n, h->skip == 1 ? "script" : "style") == 0)
			h->skip = 0;
		return;
	}
	if (!h->closing && (strcmp(n, "script") == 0 || strcmp(n, "style") == 0)) {
		space(h);
		h->skip = n[1] == 'c' ? 1 : 2;
	} else if (strcmp(n, "blockquote") == 0 && !h->closing) {
		h->quote_level++;
		h->last = 'x';       /* always start the quoted line */
		space(h);
	} else if (strcmp(n, "blockquote") == 0 && h->quote_level > 0) {
		h->quote_level--;
		put(h, '\n');
	} else {
		space(h);
	}
}

static void add_name(struct html2text *h, char c)
{
	if (h->nlen < SIEVE_HTML_NAME_MAX)
		h->name[h->nlen++] = c;
	h->name[h->nlen] = '\0';
}

static void in_text(struct html2text *h, char c)
{
	if (c == '<') {
		h->state = S_LT;
		h->nlen = 0;
		h->name[0] = '\0';
		h->closing = false;
		h->quote = '\0';
	} else if (c == '&' && !h->skip) {
		h->state = S_ENTITY;
		h->nlen = 0;
		h->name[0] = '\0';
	} else {
		put(h, c);
	}
}

static void in_entity(struct html2text *h, char c)
{
	if (c == ';') {
		h->state = S_TEXT;
		entity(h);
	} else if (white(c) || c == '<' || h->nlen == SIEVE_HTML_ENTITY_MAX) {
		h->state = S_TEXT;   /* not an entity after all: text */
		puts_n(h, h->name, h->nlen);
		in_text(h, c);
	} else {
		add_name(h, c);
	}
}

/* in_markup - one octet inside "<...>". */
static void in_markup(struct html2text *h, char c)
{
	static const char cdata[] = "[CDATA[";

	switch (h->state) {
	case S_LT:
		if (c == '/' && !h->closing) {
			h->closing = true;
			return;
		}
		h->state = c == '!' && !h->skip ? S_BANG : S_NAME;
		if (h->state == S_BANG) {
			h->marks = 0;
			return;
		}
		/* fall through */
	case S_NAME:
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9' && h->nlen > 0)) {
			add_name(h, (char)ascii_lower((unsigned char)c));
			return;
		}
		h->state = S_TAG;
		/* fall through */
	case S_TAG:
		if (h->skip && c == '<') {   /* "a < b" in a script */
			h->state = S_TEXT;
			in_text(h, c);
		} else if (h->quote != '\0') {
			if (c == h->quote)
				h->quote = '\0';
		} else if ((c == '"' || c == '\'') && !h->skip) {
			h->quote = c;
		} else if (c == '>') {
			h->state = S_TEXT;
			end_tag(h);
		}
		return;
	case S_BANG:   /* "<!" then "--" or "[CDATA[" or a declaration */
		if (c == '-') {
			if (++h->marks == 2) {
				h->state = S_COMMENT;
				h->marks = 0;
			}
			return;
		}
		if (h->marks == 0 && c == '[') {
			h->state = S_CDATA_OPEN;
			h->marks = 1;
			return;
		}
		h->state = S_TAG;
		in_markup(h, c);
		return;
	case S_CDATA_OPEN:
		if (c != cdata[h->marks]) {
			h->state = S_TAG;
			in_markup(h, c);
		} else if (++h->marks == sizeof(cdata) - 1) {
			h->state = S_CDATA;
			h->marks = 0;
		}
		return;
	case S_COMMENT:
		if (c == '>' && h->marks >= 2)
			h->state = S_TEXT;
		h->marks = c == '-' ? h->marks + 1 : 0;
		return;
	default:   /* S_CDATA: text up to "]]>" */
		if (c == ']') {
			if (h->marks == 2)
				put(h, ']');
			else
				h->marks++;
		} else if (c == '>' && h->marks == 2) {
			h->state = S_TEXT;
			h->marks = 0;
		} else {
			puts_n(h, "]]", h->marks);
			h->marks = 0;
			put(h, c);
		}
		return;
	}
}

int html2text_feed(void *ctx, const char *p, size_t n)
{
	struct html2text *h = ctx;

	for (size_t i = 0; i < n && h->rc == 0; i++) {
		if (h->state == S_TEXT)
			in_text(h, p[i]);
		else if (h->state == S_ENTITY)
			in_entity(h, p[i]);
		else
			in_markup(h, p[i]);
	}
	return h->rc;
}

int html2text_finish(struct html2text *h)
{
	flush(h);   /* an entity or tag cut by the end vanishes */
	return h->rc;
}
