/*
 * fields.c - the header side of procmail conditions: which fields a
 * pattern names ("^(Resent-)?(From|Sender):"), the destination fields of
 * ^TO_/^TO, what ^FROM_DAEMON/^FROM_MAILER look at (procmailrc(5),
 * MISCELLANEOUS), and one field test with the lightest match type that
 * says it: :is, :contains, :matches, else :regex (RFC 5228 2.7.1).
 */
#include <stdlib.h>
#include <string.h>

#include "convert/fields.h"

static const char *const to_fields[] = {
	"To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc",
	"Original-To", "Original-Cc", "Original-Bcc", "Original-Resent-To",
	"Original-Resent-Cc", "Original-Resent-Bcc", "X-Envelope-To",
	"Apparently-To", "Apparently-Resent-To", NULL,
};

static const char *const common_fields[] = {
	"From", "To", "Cc", "Subject", "Reply-To", "Sender", "List-Id",
	"Return-Path", "X-Mailer", "Organization", "Message-ID", "Received",
	"Content-Type", "Delivered-To", "X-Spam-Status", "X-Spam-Flag", NULL,
};

/* The sender names of ^FROM_DAEMON and ^FROM_MAILER (procmailrc(5)). */
static const char daemon_names[] =
	"(Post(ma?(st(e?r)?|n)|office)|(send)?Mail(er)?|daemon|m(mdf|"
	"ajordomo)|n?uucp|LIST(SERV|proc)|NETSERV|o(wner|ps)|r(e(quest|"
	"sponse)|oot)|b(ounce|bs\\.smtp)|echo|mirror|s(erv(ices?|er)|mtp("
	"error)?|ystem)|A(dmin(istrator)?|MMGR|utoanswer))";
static const char mailer_names[] =
	"(Post(ma(st(er)?|n)|office)|(send)?Mail(er)?|daemon|mmdf|n?uucp|"
	"ops|r(esponse|oot)|(bbs\\.)?smtp(error)?|s(erv(ices?|er)|ystem)|"
	"A(dmin(istrator)?|MMGR))";

static void put_list(struct cvbuf *o, const char *const *v, size_t n)
{
	if (n != 1)
		cvb_putc(o, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			cvb_puts(o, ", ");
		cvb_quote(o, v[i]);
	}
	if (n != 1)
		cvb_putc(o, ']');
}

void fields_put_to(struct cvbuf *o)
{
	size_t n = 0;

	while (to_fields[n] != NULL)
		n++;
	put_list(o, to_fields, n);
}

size_t fields_put_common(struct cvbuf *o)
{
	size_t n = 0;

	while (common_fields[n] != NULL)
		n++;
	put_list(o, common_fields, n);
	return n;
}

void fields_put_names(struct cvbuf *o, const struct names *nm)
{
	const char *v[MAX_NAMES] = { NULL };

	for (size_t i = 0; i < nm->n; i++)
		v[i] = nm->v[i];
	put_list(o, v, nm->n);
}

/* from_daemon - the fields and envelope ^FROM_DAEMON/^FROM_MAILER see. */
void fields_from_daemon(struct sv *sv, bool daemon, const char *cmp,
			struct cvbuf *o)
{
	const char *names = daemon ? daemon_names : mailer_names;

	sv->req |= REQ_REGEX | REQ_ENVELOPE;
	cvb_puts(o, "anyof(");
	if (daemon)
		cvb_printf(o, "exists \"Mailing-List\", header :regex%s "
			   "\"Precedence\" \"(junk|bulk|list)\", "
			   "header :matches%s \"To\" "
			   "\"Multiple recipients of *\", ", cmp, cmp);
	cvb_printf(o, "header :regex%s [\"From\", \"Sender\", "
		   "\"Resent-From\", \"Resent-Sender\", \"X-Envelope-From\"] ",
		   cmp);
	struct cvbuf re = { 0 };
	cvb_printf(&re, "^([^>]*[^(.%%@a-z0-9])?%s(([^).!:a-z0-9][-_a-z0-9]*)?"
		   "[%%@>\t ][^<)]*(\\(.*\\).*)?)?$", names);
	cvb_quote(o, cvb_str(&re));
	cvb_free(&re);
	/* the From_ line: the sender there is followed by the date */
	cvb_printf(o, ", envelope :regex%s \"from\" ", cmp);
	cvb_printf(&re, "^%s([^).!:a-z0-9][-_a-z0-9]*)?([%%@>\t ][^<)]*)?$",
		   names);
	cvb_quote(o, cvb_str(&re));
	if (re.oom)
		o->oom = true;
	cvb_free(&re);
	cvb_putc(o, ')');
}

static bool name_char(const struct pmr_tok *t)
{
	return t->k == PR_CHAR && t->c != '\0' &&
	       (strchr("-_", t->c) || (t->c >= '0' && t->c <= '9') ||
		((t->c | 0x20) >= 'a' && (t->c | 0x20) <= 'z'));
}

/* product - every name followed by each of alts. */
static bool product(struct names *nm, char alts[][64], size_t nalts)
{
	struct names out = { .n = 0 };

	for (size_t i = 0; i < nm->n; i++)
		for (size_t j = 0; j < nalts; j++) {
			size_t a = strlen(nm->v[i]), b = strlen(alts[j]);
			if (out.n == MAX_NAMES || a + b >= 64)
				return false;
			memcpy(out.v[out.n], nm->v[i], a);
			memcpy(out.v[out.n] + a, alts[j], b + 1);
			out.n++;
		}
	*nm = out;
	return true;
}

/* field_names - the field names at t[*i]: letters and groups of
 * letters ("(Resent-)?(From|Sender)"); false if there are none. */
bool fields_names(const struct pmr_tok *t, size_t n, size_t *i,
			struct names *nm)
{
	nm->n = 1;
	nm->v[0][0] = '\0';
	while (*i < n) {
		char alts[MAX_NAMES][64];
		size_t na = 0, len = 0, j = *i;

		if (name_char(&t[j])) {
			char one[1][64] = { { (char)t[j].c, '\0' } };
			if (!product(nm, one, 1))
				return false;
			(*i)++;
			continue;
		}
		if (t[j].k != PR_LP)
			break;
		for (j++; j < n && na < MAX_NAMES; j++) {
			if (name_char(&t[j]) && len + 1 < 64) {
				alts[na][len++] = (char)t[j].c;
			} else if (t[j].k == PR_BAR || t[j].k == PR_RP) {
				alts[na++][len] = '\0';
				len = 0;
				if (t[j].k == PR_RP)
					break;
			} else {
				return nm->v[0][0] != '\0';
			}
		}
		if (j == n || na == 0)
			return false;
		if (j + 1 < n && t[j + 1].k == PR_QM) {
			alts[na++][0] = '\0';
			j++;
		}
		if (!product(nm, alts, na))
			return false;
		*i = j + 1;
	}
	for (size_t k = 0; k < nm->n; k++)
		if (nm->v[k][0] == '\0')
			return false;
	return nm->n > 0;
}

bool fields_blank(const struct pmr_tok *t)
{
	if (t->k == PR_CHAR)
		return t->c == ' ' || t->c == '\t';
	if (t->k != PR_SET || t->neg)
		return false;
	for (unsigned c = 0; c < 256; c++)
		if (((t->set[c >> 3] >> (c & 7)) & 1) && c != ' ' && c != '\t')
			return false;
	return true;
}

bool fields_quant(const struct pmr_tok *t)
{
	return t->k == PR_STAR || t->k == PR_PLUS || t->k == PR_QM;
}

/* value_test - "CMD [:comparator] NAMES VALUE" for the value tokens
 * t[0..n): literals become :is/:contains/:matches, the rest :regex. */
void fields_value_test(struct sv *sv, const char *cmd, const char *names,
		       const struct pmr_tok *t, size_t n, const char *cmp,
		       struct cvbuf *o)
{
	size_t i = 0, end = n;
	bool anch = true, anch_end = false;

	while (i < n && fields_blank(&t[i])) {
		i++;
		if (i < n && fields_quant(&t[i]))
			i++;
	}
	if (i + 1 < n && t[i].k == PR_ANY && t[i + 1].k == PR_STAR) {
		anch = false;
		i += 2;
	}
	if (end > i && t[end - 1].k == PR_EOL) {
		anch_end = true;
		end--;
	}
	while (!anch_end && end >= i + 2 && t[end - 2].k == PR_ANY &&
	       t[end - 1].k == PR_STAR)
		end -= 2;
	if (i == end && !(anch && anch_end)) {
		if (strcmp(cmd, "envelope") == 0)
			cvb_puts(o, "true");
		else
			cvb_printf(o, "exists %s", names);
		return;
	}
	struct cvbuf key = { 0 };
	const char *mt = ":regex";
	if (pmr_is_literal(t + i, end - i)) {
		mt = anch && anch_end ? ":is" : !anch && !anch_end ?
		     ":contains" : ":matches";
		if (!anch && !strcmp(mt, ":matches"))
			cvb_putc(&key, '*');
		for (size_t k = i; k < end; k++) {
			if (!strcmp(mt, ":matches") && strchr("*?\\", t[k].c))
				cvb_putc(&key, '\\');
			cvb_putc(&key, (char)t[k].c);
		}
		if (anch && !anch_end && !strcmp(mt, ":matches"))
			cvb_putc(&key, '*');
	} else {
		sv->req |= REQ_REGEX;
		if (anch)
			cvb_putc(&key, '^');
		pmr_emit(t + i, end - i, PMR_VALUE, &key);
		if (anch_end)
			cvb_putc(&key, '$');
	}
	if (!strcmp(cmd, "envelope"))
		sv->req |= REQ_ENVELOPE;
	cvb_printf(o, "%s %s%s %s ", cmd, mt, cmp, names);
	cvb_quote(o, cvb_str(&key));
	if (key.oom)
		o->oom = true;
	cvb_free(&key);
}

