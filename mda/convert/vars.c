/*
 * vars.c - procmail variables and expansion (see vars.h; procmailrc(5),
 * "Environment variables" and BUGS).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "convert/vars.h"

void vars_set(struct rc_vars *vs, const char *name, const char *value,
	      bool known)
{
	char *v = strdup(value);

	if (v == NULL) {
		vs->oom = true;
		return;
	}
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			free(vs->v[i].value);
			vs->v[i].value = v;
			vs->v[i].known = known;
			return;
		}
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 32;
		struct rc_var *nv = realloc(vs->v, cap * sizeof(*nv));

		if (nv == NULL) {
			free(v);
			vs->oom = true;
			return;
		}
		vs->v = nv;
		vs->cap = cap;
	}
	vs->v[vs->n].name = strdup(name);
	if (vs->v[vs->n].name == NULL) {
		free(v);
		vs->oom = true;
		return;
	}
	vs->v[vs->n].value = v;
	vs->v[vs->n++].known = known;
}

const char *vars_get(const struct rc_vars *vs, const char *name,
		     bool *known_r)
{
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			*known_r = vs->v[i].known;
			return vs->v[i].value;
		}
	*known_r = true;
	return NULL;
}

void vars_init(struct rc_vars *vs, const char *home, const char *logname)
{
	struct cvbuf b = { 0 };

	vars_set(vs, "HOME", home, true);
	vars_set(vs, "LOGNAME", logname, true);
	vars_set(vs, "USER", logname, true);
	vars_set(vs, "MAILDIR", home, true);
	cvb_printf(&b, "/var/mail/%s", logname);
	vars_set(vs, "ORGMAIL", cvb_str(&b), true);
	vars_set(vs, "DEFAULT", cvb_str(&b), true);
	vars_set(vs, "SENDMAIL", "/usr/sbin/sendmail", true);
	vars_set(vs, "SHELL", "/bin/sh", true);
	vars_set(vs, "LOCKEXT", ".lock", true);
	vars_set(vs, "MSGPREFIX", "msg.", true);
	if (b.oom)
		vs->oom = true;
	cvb_free(&b);
}

void vars_free(struct rc_vars *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
	}
	free(vs->v);
	vs->v = NULL;
	vs->n = vs->cap = 0;
}

/* put_value - name's value into out ($\NAME: regex-quoted). */
static void put_value(const struct rc_vars *vs, const char *name,
		      bool quote, struct cvbuf *out, unsigned *seen)
{
	bool known;
	const char *v = vars_get(vs, name, &known);

	if (!known || v == NULL) {
		/* procmail would see the environment at delivery time */
		if (!known || strcmp(name, "MATCH") == 0 || getenv(name) == NULL)
			*seen |= VARS_UNKNOWN;
	}
	if (v == NULL)
		return;
	for (; *v != '\0'; v++) {
		if (quote && strchr(".[]()*+?{}|^$\\", *v) != NULL)
			cvb_putc(out, '\\');
		cvb_putc(out, *v);
	}
}

/* name_len - length of a variable name at s. */
static size_t name_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i;
}

/* braced - ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:+x}, ${NAME+x} at
 * s (after "${"); returns the octets used, 0 if it is not one. */
static size_t braced(const struct rc_vars *vs, const char *s, size_t n,
		     struct cvbuf *out, unsigned *seen)
{
	size_t k = name_len(s, n), end;
	char name[128];

	if (k == 0 || k >= sizeof(name))
		return 0;
	for (end = k; end < n && s[end] != '}'; end++)
		;
	if (end == n)
		return 0;
	memcpy(name, s, k);
	name[k] = '\0';
	bool known, colon = s[k] == ':';
	const char *v = vars_get(vs, name, &known);
	size_t op = k + (colon ? 1 : 0);
	if (k == end) {
		put_value(vs, name, false, out, seen);
	} else if (op < end && (s[op] == '-' || s[op] == '+')) {
		bool set = v != NULL && (!colon || *v != '\0');
		if (!known)
			*seen |= VARS_UNKNOWN;
		if ((s[op] == '-') != set)
			vars_expand(vs, s + op + 1, end - op - 1, out, seen);
		else if (s[op] == '-')
			put_value(vs, name, false, out, seen);
	} else {
		*seen |= VARS_UNKNOWN;
	}
	return end + 1;
}

void vars_expand(const struct rc_vars *vs, const char *s, size_t n,
		 struct cvbuf *out, unsigned *seen)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '$' || i + 1 == n) {
			cvb_putc(out, s[i]);
			continue;
		}
		const char *p = s + i + 1;
		size_t rest = n - i - 1, k;
		char name[128];
		bool quote = false;

		if (*p == '{') {
			k = braced(vs, p + 1, rest - 1, out, seen);
			if (k == 0)
				cvb_putc(out, '$');
			else
				i += 1 + k;
			continue;
		}
		if (*p == '\\') {
			quote = true;
			p++;
			rest--;
		}
		k = name_len(p, rest);
		if (k > 0 && k < sizeof(name)) {
			memcpy(name, p, k);
			name[k] = '\0';
			put_value(vs, name, quote, out, seen);
			i += k + (quote ? 1 : 0);
		} else if (!quote && strchr("$_-=#@?0123456789", *p) != NULL) {
			*seen |= VARS_UNKNOWN;   /* run-time values */
			i++;
		} else {
			cvb_putc(out, '$');
		}
	}
}

/* quoted - a '...' or "..." run at s[i]; appends to out, returns the
 * index after the closing quote. */
static size_t quoted(const struct rc_vars *vs, const char *s, size_t i,
		     struct cvbuf *out, unsigned *seen)
{
	char q = s[i++];
	size_t start = i;

	while (s[i] != '\0' && s[i] != q) {
		if (q == '"' && s[i] == '\\' && s[i + 1] != '\0')
			i++;
		i++;
	}
	if (q == '\'') {
		cvb_add(out, s + start, i - start);
	} else {
		struct cvbuf raw = { 0 };
		for (size_t j = start; j < i; j++) {
			if (s[j] == '\\' && j + 1 < i &&
			    strchr("\"\\$`", s[j + 1]) != NULL)
				j++;
			cvb_putc(&raw, s[j]);
		}
		vars_expand(vs, cvb_str(&raw), raw.len, out, seen);
		if (raw.oom)
			out->oom = true;
		cvb_free(&raw);
	}
	return s[i] == q ? i + 1 : i;
}

/* backquoted - skip `...`: its output is not known while converting. */
static size_t backquoted(const char *s, size_t i, unsigned *seen)
{
	*seen |= VARS_BACKQUOTE | VARS_UNKNOWN;
	for (i++; s[i] != '\0' && s[i] != '`'; i++)
		;
	return s[i] == '`' ? i + 1 : i;
}

void vars_value(const struct rc_vars *vs, const char *s, struct cvbuf *out,
		unsigned *seen)
{
	size_t i = 0;

	while (s[i] != '\0') {
		if (s[i] == '"' || s[i] == '\'') {
			i = quoted(vs, s, i, out, seen);
		} else if (s[i] == '`') {
			i = backquoted(s, i, seen);
		} else if (isspace((unsigned char)s[i])) {
			size_t j = i;
			while (isspace((unsigned char)s[j]))
				j++;
			if (s[j] == '#' || s[j] == '\0')
				break;          /* a trailing comment */
			cvb_add(out, s + i, j - i);
			i = j;
		} else {
			size_t j = i;
			while (s[j] != '\0' && !isspace((unsigned char)s[j]) &&
			       strchr("\"'`", s[j]) == NULL)
				j++;
			vars_expand(vs, s + i, j - i, out, seen);
			i = j;
		}
	}
}

size_t vars_words(const struct rc_vars *vs, const char *s, char **words,
		  unsigned *seen)
{
	size_t n = 0, i = 0;

	while (s[i] != '\0' && n < VARS_MAX_WORDS) {
		struct cvbuf w = { 0 };

		while (isspace((unsigned char)s[i]))
			i++;
		if (s[i] == '\0' || s[i] == '#')
			break;
		while (s[i] != '\0' && !isspace((unsigned char)s[i])) {
			if (s[i] == '"' || s[i] == '\'') {
				i = quoted(vs, s, i, &w, seen);
				continue;
			}
			if (s[i] == '`') {
				i = backquoted(s, i, seen);
				continue;
			}
			size_t j = i;
			while (s[j] != '\0' && !isspace((unsigned char)s[j]) &&
			       strchr("\"'`", s[j]) == NULL)
				j++;
			vars_expand(vs, s + i, j - i, &w, seen);
			i = j;
		}
		char *t = cvb_take(&w);
		if (t == NULL)
			break;
		/* an unquoted expansion may hold blanks: procmail splits it */
		char *save = NULL;
		for (char *tok = strtok_r(t, " \t\n", &save);
		     tok != NULL && n < VARS_MAX_WORDS;
		     tok = strtok_r(NULL, " \t\n", &save))
			words[n++] = strdup(tok);
		free(t);
	}
	return n;
}
