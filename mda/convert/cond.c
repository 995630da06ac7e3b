/*
 * cond.c - procmail conditions as Sieve tests (RFC 5228 5; regex draft;
 * RFC 5173 body; RFC 5228 5.4 envelope).
 *
 * procmail matches a regex against the whole header as one text, "^"
 * at each line start; Sieve tests name their fields.  So "^Name:rest"
 * becomes a test of field Name with the rest matched against its value
 * (unfolded, leading blanks gone), "^TO_x" a test of the destination
 * fields, "^FROM_DAEMON" the fields procmail's expansion looks at, and
 * "^From" without a colon also the envelope sender (the From_ line).  A
 * pattern tied to no field is searched in common fields and reported.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert/fields.h"

#define MAX_DISTRIBUTE 3

static void alt_tests(struct sv *sv, struct rc_recipe *r,
		      const struct pmr_tok *t, size_t n, const char *cmp,
		      struct cvbuf *o, size_t *count, int depth);

/* match_rp - index of the ')' closing the '(' at t[i], or n. */
static size_t match_rp(const struct pmr_tok *t, size_t n, size_t i)
{
	int d = 0;

	for (size_t j = i; j < n; j++) {
		d += t[j].k == PR_LP ? 1 : t[j].k == PR_RP ? -1 : 0;
		if (d == 0)
			return j;
	}
	return n;
}

static bool anchored(const struct pmr_tok *t)
{
	return t->k == PR_BOL || t->k == PR_BOT || t->k == PR_MACRO;
}

/* distribute - "(^A|^B)tail" is "^Atail|^Btail": true if done. */
static bool distribute(struct sv *sv, struct rc_recipe *r,
		       const struct pmr_tok *t, size_t n, const char *cmp,
		       struct cvbuf *o, size_t *count, int depth)
{
	size_t rp = match_rp(t, n, 0), b = 1;

	if (depth >= MAX_DISTRIBUTE || t[0].k != PR_LP || rp >= n ||
	    (rp + 1 < n && fields_quant(&t[rp + 1])))
		return false;
	for (size_t j = 1; j < rp; j++) {       /* every branch anchored */
		if (j == b && !anchored(&t[j]))
			return false;
		if (t[j].k == PR_LP)
			j = match_rp(t, rp, j);
		else if (t[j].k == PR_BAR)
			b = j + 1;
	}
	struct pmr_tok *v = calloc(n, sizeof(*v));
	if (v == NULL) {
		o->oom = true;
		return true;
	}
	for (size_t j = 1, s = 1; j <= rp; j++) {
		if (t[j].k == PR_LP && j < rp) {
			j = match_rp(t, rp, j);
			continue;
		}
		if (t[j].k != PR_BAR && j != rp)
			continue;
		size_t k = j - s;
		memcpy(v, t + s, k * sizeof(*v));
		memcpy(v + k, t + rp + 1, (n - rp - 1) * sizeof(*v));
		alt_tests(sv, r, v, k + n - rp - 1, cmp, o, count, depth + 1);
		s = j + 1;
	}
	free(v);
	return true;
}

/* fallback - a pattern tied to no field: the common fields. */
static void fallback(struct sv *sv, struct rc_recipe *r,
		     const struct pmr_tok *t, size_t n, const char *cmp,
		     struct cvbuf *o, unsigned line)
{
	struct cvbuf key = { 0 };

	sv->req |= REQ_REGEX;
	pmr_emit(t, n, PMR_VALUE, &key);
	cvb_printf(o, "header :regex%s ", cmp);
	size_t nf = fields_put_common(o);
	cvb_putc(o, ' ');
	cvb_quote(o, cvb_str(&key));
	cvb_free(&key);
	rc_note(r, "condition at line %u names no header field: searched in "
		"%zu common fields only", line, nf);
}

/* one_alt - one top-level alternative of a header regex. */
static void one_alt(struct sv *sv, struct rc_recipe *r,
		    const struct pmr_tok *t, size_t n, const char *cmp,
		    struct cvbuf *o)
{
	struct names nm;
	struct cvbuf names = { 0 };
	size_t i = 1;

	if (t[0].k == PR_MACRO && t[0].c <= PM_TO) {
		struct cvbuf key = { 0 };
		cvb_puts(&key, t[0].c == PM_TO_ ? "(^|[^-a-zA-Z0-9_.])" :
			 "(^|[^a-zA-Z])");
		pmr_emit(t + 1, n - 1, PMR_VALUE, &key);
		sv->req |= REQ_REGEX;
		cvb_printf(o, "header :regex%s ", cmp);
		fields_put_to(o);
		cvb_putc(o, ' ');
		cvb_quote(o, cvb_str(&key));
		cvb_free(&key);
		return;
	}
	if (t[0].k == PR_MACRO) {
		fields_from_daemon(sv, t[0].c == PM_FROM_DAEMON, cmp, o);
		if (n > 1)
			rc_note(r, "text after ^FROM_DAEMON/^FROM_MAILER "
				"ignored");
		return;
	}
	if (!(t[0].k == PR_BOL || t[0].k == PR_BOT) ||
	    !fields_names(t, n, &i, &nm)) {
		fallback(sv, r, t, n, cmp, o, sv->cond_line);
		return;
	}
	bool from = nm.n == 1 && strcasecmp(nm.v[0], "From") == 0;
	bool colon = i < n && ((t[i].k == PR_CHAR && t[i].c == ':') ||
			       (t[i].k == PR_SET && !t[i].neg &&
				(t[i].set[':' >> 3] >> (':' & 7)) & 1));
	bool space = i < n && fields_blank(&t[i]) && t[i].k == PR_SET ?
		     ((t[i].set[' ' >> 3] >> (' ' & 7)) & 1) :
		     i < n && t[i].k == PR_CHAR && t[i].c == ' ';
	bool dotstar = i + 1 < n && t[i].k == PR_ANY && t[i + 1].k == PR_STAR;
	if (i < n && t[i].k == PR_SET && !t[i].neg &&
	    (t[i].set[' ' >> 3] >> (' ' & 7)) & 1)
		space = true;
	fields_put_names(&names, &nm);
	if (i == n || colon || dotstar) {
		size_t v = i + (colon ? 1 : 0);
		if (from && (space || dotstar))
			cvb_puts(o, "anyof(");
		fields_value_test(sv, "header", cvb_str(&names), t + v, n - v, cmp, o);
		if (from && (space || dotstar)) {
			cvb_puts(o, ", ");
			fields_value_test(sv, "envelope", "\"from\"", t + v, n - v,
				   cmp, o);
			cvb_putc(o, ')');
		}
	} else if (from && space) {
		size_t v = i + 1;
		while (v < n && fields_quant(&t[v]))
			v++;
		fields_value_test(sv, "envelope", "\"from\"", t + v, n - v, cmp, o);
	} else {
		fallback(sv, r, t, n, cmp, o, sv->cond_line);
	}
	if (names.oom)
		o->oom = true;
	cvb_free(&names);
}

static void alt_tests(struct sv *sv, struct rc_recipe *r,
		      const struct pmr_tok *t, size_t n, const char *cmp,
		      struct cvbuf *o, size_t *count, int depth)
{
	size_t s = 0;
	int d = 0;

	for (size_t j = 0; j <= n; j++) {
		if (j < n) {
			d += t[j].k == PR_LP ? 1 : t[j].k == PR_RP ? -1 : 0;
			if (!(d == 0 && t[j].k == PR_BAR))
				continue;
		}
		if (j > s && distribute(sv, r, t + s, j - s, cmp, o, count,
					depth)) {
			s = j + 1;
			continue;
		}
		if (*count > 0)
			cvb_puts(o, ", ");
		if (j == s)
			cvb_puts(o, "true");    /* an empty alternative */
		else
			one_alt(sv, r, t + s, j - s, cmp, o);
		(*count)++;
		s = j + 1;
	}
}

/* header_test - a regex against the header. */
static void header_test(struct sv *sv, struct rc_recipe *r,
			const struct pmr *p, const char *cmp, struct cvbuf *o)
{
	struct cvbuf tests = { 0 };
	size_t count = 0;

	alt_tests(sv, r, p->v, p->n, cmp, &tests, &count, 0);
	if (count == 1)
		cvb_puts(o, cvb_str(&tests));
	else
		cvb_printf(o, "anyof(%s)", cvb_str(&tests));
	if (tests.oom)
		o->oom = true;
	cvb_free(&tests);
}

/* body_test - a regex against the body (procmail's B). */
static void body_test(struct sv *sv, const struct pmr *p, const char *cmp,
		      struct cvbuf *o)
{
	struct cvbuf key = { 0 };
	bool lit = pmr_is_literal(p->v, p->n);

	sv->req |= REQ_BODY;
	if (lit) {
		for (size_t i = 0; i < p->n; i++)
			cvb_putc(&key, (char)p->v[i].c);
	} else {
		sv->req |= REQ_REGEX;
		pmr_emit(p->v, p->n, PMR_BODY, &key);
		if (strstr(cvb_str(&key), "${hex:") != NULL)
			sv->req |= REQ_ENCODED;
	}
	cvb_printf(o, "body :raw %s%s ", lit ? ":contains" : ":regex", cmp);
	cvb_quote(o, cvb_str(&key));
	cvb_free(&key);
}

/* variable_test - "VAR ?? regex" decided now when VAR's value is known. */
static void variable_test(struct rc_recipe *r, const struct rc_cond *c,
			  const char *cmp, struct cvbuf *o)
{
	struct pmr p;
	struct cvbuf key = { 0 };
	regex_t re;
	bool hit = false, done = false;

	if (c->value != NULL && pmr_parse(c->text, true, &p) == 0) {
		pmr_emit(p.v, p.n, PMR_VALUE, &key);
		pmr_free(&p);
		int fl = REG_EXTENDED | REG_NOSUB | REG_NEWLINE |
			 (*cmp ? 0 : REG_ICASE);
		if (!key.oom && regcomp(&re, cvb_str(&key), fl) == 0) {
			hit = regexec(&re, c->value, 0, NULL, 0) == 0;
			regfree(&re);
			done = true;
		}
	}
	cvb_free(&key);
	if (!done)
		rc_note(r, "condition at line %u tests $%s, not known while "
			"converting: taken as false", c->line, c->var);
	cvb_puts(o, hit ? "true" : "false");
}

void cond_test(struct sv *sv, struct rc_recipe *r, const struct rc_cond *c,
	       struct cvbuf *o)
{
	const char *cmp = rc_has_flag(r, 'D') ? " :comparator \"i;octet\"" : "";
	struct pmr p;

	sv->cond_line = c->line;
	if (c->negate)
		cvb_puts(o, "not ");
	switch (c->kind) {
	case RC_C_SIZE:
		cvb_printf(o, "size %s %lu", c->less ? ":under" : ":over",
			   c->size);
		return;
	case RC_C_PROGRAM:
		rc_note(r, "condition at line %u runs a program; Sieve cannot: "
			"taken as false", c->line);
		cvb_puts(o, "false");
		return;
	case RC_C_VARIABLE:
		variable_test(r, c, cmp, o);
		return;
	case RC_C_REGEX:
		break;
	}
	if (pmr_parse(c->text, true, &p) != 0) {
		rc_note(r, "condition at line %u: regex not understood: taken "
			"as false", c->line);
		cvb_puts(o, "false");
		return;
	}
	if (c->where == (RC_IN_HEADER | RC_IN_BODY)) {
		rc_note(r, "condition at line %u searches header and body as "
			"one text; converted as header or body", c->line);
		cvb_puts(o, "anyof(");
		header_test(sv, r, &p, cmp, o);
		cvb_puts(o, ", ");
		body_test(sv, &p, cmp, o);
		cvb_putc(o, ')');
	} else if (c->where == RC_IN_BODY) {
		body_test(sv, &p, cmp, o);
	} else {
		header_test(sv, r, &p, cmp, o);
	}
	pmr_free(&p);
}
