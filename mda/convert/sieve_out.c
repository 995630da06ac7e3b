/*
 * sieve_out.c - the recipe list as a Sieve script (RFC 5228; variables
 * RFC 5229 for procmail's A, a, E and e flags).
 *
 * procmail runs recipes in order and stops at the first delivering one
 * without c; so does the script ("stop" after each delivery).  The
 * chaining flags look back at earlier recipes: a recipe that a later one
 * asks about records "pm_mN" (its conditions matched) and "pm_sN" (its
 * action succeeded), and the asking recipe tests those variables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/convert.h"
#include "convert/sv.h"

void sv_line(struct sv *sv, const char *fmt, ...)
{
	char small[512];
	va_list ap;

	for (unsigned i = 0; i < sv->indent; i++)
		cvb_puts(&sv->out, "    ");
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		cvb_puts(&sv->out, small);
	} else if (n >= 0) {
		char *big = malloc((size_t)n + 1);
		if (big == NULL) {
			sv->out.oom = true;
			return;
		}
		va_start(ap, fmt);
		(void)vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		cvb_puts(&sv->out, big);
		free(big);
	}
	cvb_putc(&sv->out, '\n');
}

static bool chained(const struct rc_recipe *r)
{
	return rc_has_flag(r, 'A') || rc_has_flag(r, 'a');
}

/* needs - which recipes of l must record pm_m / pm_s for later ones. */
static void needs(const struct rc_list *l, bool *m, bool *s)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct rc_recipe *r = &l->v[i];
		if (chained(r))
			for (size_t h = i; h-- > 0;)
				if (!chained(&l->v[h])) {
					m[h] = true;
					break;
				}
		if (rc_has_flag(r, 'a') && i > 0)
			s[i - 1] = true;
		if (rc_has_flag(r, 'e') && i > 0)
			m[i - 1] = s[i - 1] = true;
		for (size_t k = i; rc_has_flag(r, 'E') && k-- > 0;) {
			m[k] = true;
			if (!rc_has_flag(&l->v[k], 'E'))
				break;
		}
	}
}

/* add_test - one more test for an allof(); tests are kept apart by
 * '\x01', which no test text holds. */
static void add_test(struct cvbuf *t, size_t *n, const char *pre,
		     const char *test)
{
	if ((*n)++ > 0)
		cvb_putc(t, '\x01');
	cvb_puts(t, pre);
	cvb_puts(t, test);
}

/* gate - the tests procmail's A, a, e and E flags add for l->v[i]. */
static void gate(struct sv *sv, struct rc_list *l, size_t i,
		 struct cvbuf *t, size_t *n)
{
	struct rc_recipe *r = &l->v[i];
	const char *is = "string :is \"${pm_%c%u}\" \"1\"";
	char fmt[64];

	if (chained(r)) {
		size_t h = i;
		while (h-- > 0 && chained(&l->v[h]))
			;
		if (h < i) {
			snprintf(fmt, sizeof(fmt), is, 'm', l->v[h].id);
			add_test(t, n, "", fmt);
		} else {
			rc_note(r, "A/a with no earlier recipe at this level: "
				"ignored");
		}
	}
	if (rc_has_flag(r, 'a') && i > 0) {
		snprintf(fmt, sizeof(fmt), is, 's', l->v[i - 1].id);
		add_test(t, n, "", fmt);
	}
	if (rc_has_flag(r, 'e') && i > 0) {
		snprintf(fmt, sizeof(fmt), is, 'm', l->v[i - 1].id);
		add_test(t, n, "", fmt);
		snprintf(fmt, sizeof(fmt), is, 's', l->v[i - 1].id);
		add_test(t, n, "not ", fmt);
	}
	for (size_t k = i; rc_has_flag(r, 'E') && k-- > 0;) {
		snprintf(fmt, sizeof(fmt), is, 'm', l->v[k].id);
		add_test(t, n, "not ", fmt);
		if (!rc_has_flag(&l->v[k], 'E'))
			break;
	}
	if (*n > 0)
		sv->req |= REQ_VARIABLES;
	if ((rc_has_flag(r, 'a') || rc_has_flag(r, 'e') ||
	     rc_has_flag(r, 'E')) && i == 0)
		rc_note(r, "a/e/E on the first recipe of a level: ignored");
	if (rc_has_flag(r, 'e'))
		rc_note(r, "e: Sieve actions do not fail visibly; runs only "
			"where the earlier recipe's Sieve form can fail");
}

/* conditions - the tests of r's conditions; weighted ones as anyof. */
static void conditions(struct sv *sv, struct rc_recipe *r, struct cvbuf *t,
		       size_t *n)
{
	struct cvbuf any = { 0 };
	size_t nany = 0;
	bool scored_ok = true;

	for (size_t i = 0; i < r->ncond; i++) {
		const struct rc_cond *c = &r->cond[i];
		struct cvbuf one = { 0 };

		cond_test(sv, r, c, &one);
		if (!c->weighted)
			add_test(t, n, "", cvb_str(&one));
		else {
			scored_ok &= c->w > 0 && c->x >= 0;
			add_test(&any, &nany, "", cvb_str(&one));
		}
		cvb_free(&one);
	}
	if (nany > 0 && !scored_ok) {
		rc_note(r, "weighted scoring with negative weights is not "
			"converted: the recipe never matches");
		add_test(t, n, "", "false");
	} else if (nany == 1) {
		add_test(t, n, "", cvb_str(&any));
	} else if (nany > 1) {
		/* positive weights only: any match makes the score > 0 */
		struct cvbuf s = { 0 };
		cvb_puts(&s, "anyof(");
		for (const char *p = cvb_str(&any); *p != '\0'; p++) {
			if (*p == '\x01')
				cvb_puts(&s, ", ");
			else
				cvb_putc(&s, *p);
		}
		cvb_putc(&s, ')');
		add_test(t, n, "", cvb_str(&s));
		cvb_free(&s);
	}
	cvb_free(&any);
}

/* open_if - "if T {" or "if allof(T1, T2, ...) {" over several lines. */
static void open_if(struct sv *sv, const char *tests, size_t n)
{
	struct cvbuf line = { 0 };

	cvb_puts(&line, n > 1 ? "if allof(" : "if ");
	for (const char *p = tests; *p != '\0'; p++) {
		if (*p != '\x01') {
			cvb_putc(&line, *p);
			continue;
		}
		cvb_putc(&line, ',');
		sv_line(sv, "%s", cvb_str(&line));
		line.len = 0;
		cvb_puts(&line, "         ");
	}
	cvb_puts(&line, n > 1 ? ") {" : " {");
	sv_line(sv, "%s", cvb_str(&line));
	if (line.oom)
		sv->out.oom = true;
	cvb_free(&line);
}

static void write_list(struct sv *sv, struct rc_list *l, bool clone,
		       struct report *rep);

/* clone_exact - a "c" block procmail's clone always leaves by one
 * unconditional delivery: the copy semantics are then the same. */
static bool clone_exact(const struct rc_list *b)
{
	const struct rc_recipe *r = b->n == 1 ? &b->v[0] : NULL;

	return r != NULL && r->ncond == 0 && !strpbrk(r->flags, "AaEec") &&
	       (r->action == RC_A_FOLDER || r->action == RC_A_FORWARD);
}

static void write_recipe(struct sv *sv, struct rc_list *l, size_t i,
			 bool clone, const bool *m, const bool *s,
			 struct report *rep)
{
	struct rc_recipe *r = &l->v[i];
	struct cvbuf tests = { 0 };
	size_t n = 0;
	char succ[32];

	sv_line(sv, "# procmailrc:%u%s%s%s%s%s", r->line, r->file ? " (" : "",
		r->file ? r->file : "", r->file ? ")" : "",
		r->flags[0] ? " flags " : "", r->flags);
	if (r->locked)
		sv_line(sv, "# (lockfile dropped: mda locks mbox files itself)");
	gate(sv, l, i, &tests, &n);
	conditions(sv, r, &tests, &n);
	if (n > 0) {
		open_if(sv, cvb_str(&tests), n);
		sv->indent++;
	}
	if (m[i]) {
		sv->req |= REQ_VARIABLES;
		sv_line(sv, "set \"pm_m%u\" \"1\";", r->id);
	}
	snprintf(succ, sizeof(succ), "pm_s%u", r->id);
	if (s[i])
		sv->req |= REQ_VARIABLES;
	if (r->action == RC_A_BLOCK) {
		bool c = rc_has_flag(r, 'c');
		if (c && !clone_exact(&r->block))
			rc_note(r, "c on a block: procmail runs it on a copy "
				"that goes on after it; converted as :copy "
				"deliveries inside it");
		write_list(sv, &r->block, clone || c, rep);
		if (s[i])
			sv_line(sv, "set \"%s\" \"1\";", succ);
	} else {
		action_write(sv, r, clone, s[i] ? succ : NULL);
	}
	if (n > 0) {
		sv->indent--;
		sv_line(sv, "}");
	}
	if (tests.oom)
		sv->out.oom = true;
	cvb_free(&tests);
	if (r->why.len > 0)
		report_add(rep, r->seq, r->file, r->line, cvb_str(&r->why));
}

static void write_list(struct sv *sv, struct rc_list *l, bool clone,
		       struct report *rep)
{
	bool *m = calloc(l->n + 1, sizeof(bool));
	bool *s = calloc(l->n + 1, sizeof(bool));

	if (m == NULL || s == NULL) {
		sv->out.oom = true;
	} else {
		needs(l, m, s);
		for (size_t i = 0; i < l->n; i++)
			write_recipe(sv, l, i, clone, m, s, rep);
	}
	free(m);
	free(s);
}

static const struct { unsigned bit; const char *name; } req_names[] = {
	{ REQ_FILEINTO, "fileinto" }, { REQ_MAILBOX, "mailbox" },
	{ REQ_COPY, "copy" }, { REQ_VARIABLES, "variables" },
	{ REQ_REGEX, "regex" }, { REQ_ENVELOPE, "envelope" },
	{ REQ_BODY, "body" }, { REQ_DUPLICATE, "duplicate" },
	{ REQ_VACATION, "vacation" }, { REQ_ENCODED, "encoded-character" },
	{ REQ_EDITHEADER, "editheader" },
};

char *convert_script(struct rc_list *list, struct report *rep)
{
	struct sv sv = { .indent = 0 };
	struct cvbuf all = { 0 };
	size_t k = 0;

	folder_inbox(&sv, &list->final);
	write_list(&sv, list, false, rep);
	cvb_printf(&all, "# Sieve filter converted from %s by mda "
		   "convert-procmailrc.\n", rep->main_file);
	cvb_puts(&all, "# Each rule names the procmailrc line it comes from; "
		 "what could not be\n# converted exactly is reported on "
		 "standard error.\n");
	if (sv.folders.len > 0) {
		cvb_puts(&all, "# Folders (procmail path -> Sieve folder):\n");
		cvb_puts(&all, cvb_str(&sv.folders));
	}
	for (size_t i = 0; i < sizeof(req_names) / sizeof(req_names[0]); i++) {
		if (!(sv.req & req_names[i].bit))
			continue;
		cvb_puts(&all, k++ == 0 ? "require [" : ", ");
		cvb_quote(&all, req_names[i].name);
	}
	if (k > 0)
		cvb_puts(&all, "];\n");
	cvb_puts(&all, "\n");
	cvb_puts(&all, cvb_str(&sv.out));
	if (sv.out.oom || sv.folders.oom)
		all.oom = true;
	cvb_free(&sv.out);
	cvb_free(&sv.folders);
	return cvb_take(&all);
}
