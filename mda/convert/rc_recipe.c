/*
 * rc_recipe.c - one procmail recipe: ":0 [flags] [: [lockfile]]", zero
 * or more "* condition" lines, exactly one action line (procmailrc(5),
 * "Recipes", "Conditions", "Action line").
 *
 * Contract: everything is kept as written except what procmail expands
 * while reading: "$" conditions and the words of folder and forward
 * actions.  What cannot be known here is noted on the recipe.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/rc_int.h"

#define RC_MAX_CONDS 64
#define RC_FLAGS "HBDAaEehbfcwWir"

bool rc_has_flag(const struct rc_recipe *r, char f)
{
	return strchr(r->flags, f) != NULL;
}

void rc_note(struct rc_recipe *r, const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (strstr(cvb_str(&r->why), text) != NULL)
		return;         /* one reason once */
	if (r->why.len > 0)
		cvb_puts(&r->why, "; ");
	cvb_puts(&r->why, text);
}

static char *trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* parse_weight - "w^x" at *s: moves *s past it. */
static bool parse_weight(char **s, double *w, double *x)
{
	char *end;
	double a = strtod(*s, &end);

	if (end == *s || *end != '^')
		return false;
	char *p = end + 1;
	double b = strtod(p, &end);
	if (end == p)
		return false;
	*w = a;
	*x = b;
	*s = end;
	return true;
}

/* special - "H ??", "B ??", "HB ??", "VAR ??": returns the text after
 * "??" or NULL; *name_r gets the word before it. */
static char *special(char *s, char *name, size_t cap)
{
	size_t k = 0;

	while ((isalnum((unsigned char)s[k]) || s[k] == '_') && k + 1 < cap)
		k++;
	if (k == 0)
		return NULL;
	char *p = s + k;
	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] != '?' || p[1] != '?')
		return NULL;
	memcpy(name, s, k);
	name[k] = '\0';
	return trim(p + 2);
}

/* parse_cond - one condition line (after '*'). */
static void parse_cond(struct rc_parse *P, struct rc_recipe *r, char *s,
		       unsigned line)
{
	struct rc_cond c = { .kind = RC_C_REGEX, .line = line };
	struct cvbuf exp = { 0 };
	char name[64];

	c.where = rc_has_flag(r, 'B') ? RC_IN_BODY : 0;
	if (rc_has_flag(r, 'H') || c.where == 0)
		c.where |= RC_IN_HEADER;
	for (int round = 0; round < 4; round++) {
		s = trim(s);
		if (!c.weighted && (isdigit((unsigned char)*s) || *s == '-' ||
				    *s == '+' || *s == '.') &&
		    parse_weight(&s, &c.w, &c.x)) {
			c.weighted = true;
			continue;
		}
		if (*s == '!') {
			c.negate = !c.negate;
			s++;
			continue;
		}
		if (*s == '$' && exp.len == 0) {
			unsigned seen = 0;
			vars_expand(&P->vars, s + 1, strlen(s + 1), &exp, &seen);
			if (seen)
				rc_note(r, "condition at line %u uses a value "
					"known only at delivery time", line);
			s = exp.s ? exp.s : s + 1;
			continue;
		}
		break;
	}
	char *after = special(s, name, sizeof(name));
	if (*s == '?') {
		c.kind = RC_C_PROGRAM;
		s = trim(s + 1);
	} else if (*s == '<' || *s == '>') {
		c.kind = RC_C_SIZE;
		c.less = *s == '<';
		c.size = strtoul(trim(s + 1), NULL, 10);
	} else if (after != NULL && strspn(name, "HB") == strlen(name)) {
		c.where = (strchr(name, 'H') ? RC_IN_HEADER : 0) |
			  (strchr(name, 'B') ? RC_IN_BODY : 0);
		s = after;
	} else if (after != NULL) {
		bool known;
		const char *v = vars_get(&P->vars, name, &known);
		c.kind = RC_C_VARIABLE;
		c.var = strdup(name);
		c.value = v != NULL && known ? strdup(v) : NULL;
		s = after;
	} else if (*s == '\\') {
		s++;            /* a quoted leading special character */
	}
	c.text = strdup(s);
	cvb_free(&exp);
	if (c.text == NULL || r->ncond >= RC_MAX_CONDS) {
		free(c.text);
		free(c.var);
		free(c.value);
		rc_note(r, "too many conditions");
		return;
	}
	struct rc_cond *v = realloc(r->cond, (r->ncond + 1) * sizeof(*v));
	if (v == NULL) {
		P->oom = true;
		free(c.text);
		free(c.var);
		free(c.value);
		return;
	}
	r->cond = v;
	r->cond[r->ncond++] = c;
}

/* parse_start - ":0 flags : lockfile" */
static void parse_start(struct rc_recipe *r, const char *s)
{
	size_t nf = 0;

	s++;
	while (isdigit((unsigned char)*s))
		s++;            /* ":N", the old condition count */
	for (; *s != '\0' && *s != ':' && *s != '#'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (strchr(RC_FLAGS, *s) == NULL)
			rc_note(r, "unknown flag '%c' ignored", *s);
		else if (nf + 1 < sizeof(r->flags) &&
			 strchr(r->flags, *s) == NULL)
			r->flags[nf++] = *s;
	}
	r->flags[nf] = '\0';
	r->locked = *s == ':';
}

static void take_env(struct rc_parse *P, struct rc_recipe *r)
{
	bool known;
	const char *v;

#define ENV(field, name) \
	v = vars_get(&P->vars, name, &known); \
	r->env.field = strdup(v ? v : "");  \
	if (r->env.field == NULL) P->oom = true;
	ENV(home, "HOME")
	ENV(maildir, "MAILDIR")
	ENV(deflt, "DEFAULT")
	ENV(orgmail, "ORGMAIL")
#undef ENV
}

/* parse_words - folder or forward words of the action line. */
static void parse_words(struct rc_parse *P, struct rc_recipe *r,
			const char *s)
{
	char *words[VARS_MAX_WORDS];
	unsigned seen = 0;
	size_t n = vars_words(&P->vars, s, words, &seen);

	r->argv = calloc(n ? n : 1, sizeof(char *));
	if (r->argv == NULL) {
		P->oom = true;
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (words[i] != NULL && r->argv != NULL)
			r->argv[r->argc++] = words[i];
		else
			free(words[i]);
	}
	if (seen & VARS_BACKQUOTE)
		rc_note(r, "the action uses the output of a command (`...`), "
			"not known while converting");
	else if (seen & VARS_UNKNOWN)
		rc_note(r, "the action uses a value known only at delivery "
			"time");
}

/* parse_action - the action line s of r. */
static void parse_action(struct rc_parse *P, struct rc_src *src,
			 struct rc_recipe *r, const char *s)
{
	size_t k = 0;

	while (isalnum((unsigned char)s[k]) || s[k] == '_')
		k++;
	r->text = strdup(s);
	if (r->text == NULL)
		P->oom = true;
	if (s[0] == '{') {
		r->action = RC_A_BLOCK;
		if (P->depth >= RC_MAX_DEPTH) {
			rc_note(r, "blocks nested too deeply");
			return;
		}
		P->depth++;
		if (rc_parse_list(P, src, &r->block) != RC_STOP_CLOSE)
			rc_note(r, "block not closed by '}'");
		P->depth--;
	} else if (s[0] == '!') {
		r->action = RC_A_FORWARD;
		parse_words(P, r, s + 1);
	} else if (s[0] == '|') {
		r->action = RC_A_PIPE;
	} else if (k > 0 && s[k] == '=' && s[k + 1 + strspn(s + k + 1, " \t")]
		   == '|') {
		r->action = RC_A_CAPTURE;
		r->capture = strndup(s, k);
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)k, s);
		vars_set(&P->vars, name, "", false);
	} else {
		r->action = RC_A_FOLDER;
		parse_words(P, r, s);
	}
}

void rc_parse_recipe(struct rc_parse *P, struct rc_src *src,
		     const char *start, unsigned line, struct rc_list *list)
{
	struct rc_recipe r = { .file = src->name, .line = line };
	struct cvbuf text = { 0 };
	unsigned lineno = 0;
	bool have_action = false;

	r.id = ++P->next_id;
	r.seq = P->rep->seq++;
	parse_start(&r, start);
	while (rc_next_line(src, &text, &lineno)) {
		char *t = text.s ? text.s : (char *)"";

		if (t[0] == '\0' || t[0] == '#')
			continue;       /* comments may sit between conditions */
		if (t[0] == '*') {
			parse_cond(P, &r, t + 1, lineno);
			continue;
		}
		take_env(P, &r);
		parse_action(P, src, &r, trim(t));
		have_action = true;
		break;
	}
	if (!have_action) {
		take_env(P, &r);
		rc_note(&r, "recipe without an action line");
		r.action = RC_A_FOLDER;
	}
	if (text.oom)
		P->oom = true;
	cvb_free(&text);
	rc_list_push(P, list, &r);
}

void rc_env_free(struct rc_env *e)
{
	free(e->home);
	free(e->maildir);
	free(e->deflt);
	free(e->orgmail);
	memset(e, 0, sizeof(*e));
}

static void recipe_free(struct rc_recipe *r)
{
	for (size_t i = 0; i < r->ncond; i++) {
		free(r->cond[i].text);
		free(r->cond[i].var);
		free(r->cond[i].value);
	}
	free(r->cond);
	for (size_t i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
	free(r->text);
	free(r->capture);
	rc_env_free(&r->env);
	cvb_free(&r->why);
	rc_list_free(&r->block);
}

void rc_list_free(struct rc_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		recipe_free(&list->v[i]);
	free(list->v);
	for (size_t i = 0; i < list->nfiles; i++)
		free(list->files[i]);
	free(list->files);
	rc_env_free(&list->final);
	memset(list, 0, sizeof(*list));
}
