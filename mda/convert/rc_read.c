/*
 * rc_read.c - read a procmailrc into the recipe model (rc.h): logical
 * lines, assignments in reading order, INCLUDERC/SWITCHRC inline, and
 * the recipe list of each nesting level (procmailrc(5), "Environment
 * variables" and "Recipes").
 *
 * Contract: only the main file failing to open is an error; an included
 * file that cannot be read is reported, as procmail logs and goes on.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "convert/rc_int.h"

bool rc_next_line(struct rc_src *src, struct cvbuf *out, unsigned *line_r)
{
	bool first = true, cond = false;

	out->len = 0;
	cvb_add(out, "", 0);
	while (src->pos < src->len) {
		const char *p = src->text + src->pos;
		const char *nl = memchr(p, '\n', src->len - src->pos);
		size_t n = nl ? (size_t)(nl - p) : src->len - src->pos;

		src->pos += n + (nl ? 1 : 0);
		src->lineno++;
		if (first) {
			*line_r = src->lineno;
			while (n > 0 && isspace((unsigned char)*p)) {
				p++;
				n--;
			}
			cond = n > 0 && *p == '*';
		} else if (cond) {
			/* continued conditions may be indented */
			while (n > 0 && isspace((unsigned char)*p)) {
				p++;
				n--;
			}
		}
		first = false;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && p[n - 1] == '\\') {
			cvb_add(out, p, n - 1);
			continue;
		}
		cvb_add(out, p, n);
		return true;
	}
	return !first;
}

void rc_report(struct rc_parse *P, const struct rc_src *src, unsigned line,
	       const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	report_add(P->rep, P->rep->seq++, src->name, line, text);
}

void rc_list_push(struct rc_parse *P, struct rc_list *list,
		  struct rc_recipe *r)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct rc_recipe *v = realloc(list->v, cap * sizeof(*v));

		if (v == NULL) {
			P->oom = true;
			return;
		}
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n++] = *r;
}

/* load - the whole file at path (bounded), NUL-terminated. */
static int load(const char *path, char **text_r, size_t *len_r)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	char *buf;

	if (fd < 0)
		return errno;
	buf = malloc(RC_MAX_FILE + 1);
	if (buf == NULL) {
		(void)close(fd);
		return ENOMEM;
	}
	while (len < RC_MAX_FILE) {
		ssize_t k = read(fd, buf + len, RC_MAX_FILE - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			free(buf);
			(void)close(fd);
			return e;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	(void)close(fd);
	if (len == RC_MAX_FILE) {
		free(buf);
		return EFBIG;
	}
	buf[len] = '\0';
	*text_r = buf;
	*len_r = len;
	return 0;
}

/* include - INCLUDERC/SWITCHRC: read path (relative to MAILDIR) in place. */
static void include(struct rc_parse *P, const struct rc_src *src,
		    unsigned line, const char *path, struct rc_list *list)
{
	struct cvbuf full = { 0 };
	bool known;
	const char *md = vars_get(&P->vars, "MAILDIR", &known);
	char *text = NULL;
	size_t len = 0;

	if (path[0] != '/' && md != NULL)
		cvb_printf(&full, "%s/", md);
	cvb_puts(&full, path);
	int e = full.oom ? ENOMEM : load(cvb_str(&full), &text, &len);
	if (e != 0) {
		rc_report(P, src, line, "INCLUDERC %s: cannot read: %s",
			  cvb_str(&full), strerror(e));
	} else if (P->depth >= RC_MAX_DEPTH) {
		rc_report(P, src, line, "INCLUDERC %s: nested too deeply",
			  cvb_str(&full));
	} else {
		char *name = cvb_take(&full);
		char **names = name ? realloc(P->files, (P->nfiles + 1) *
					      sizeof(*names)) : NULL;
		if (names == NULL) {
			free(name);
			free(text);
			P->oom = true;
			return;
		}
		/* recipes point at the name: it lives as long as the list */
		P->files = names;
		P->files[P->nfiles++] = name;
		struct rc_src in = { name, text, len, 0, 0 };

		P->depth++;
		if (rc_parse_list(P, &in, list) == RC_STOP_CLOSE)
			rc_report(P, &in, in.lineno, "unmatched '}'");
		P->depth--;
	}
	free(text);
	cvb_free(&full);
}

/* assign - NAME=VALUE outside a recipe. */
static void assign(struct rc_parse *P, struct rc_src *src, unsigned line,
		   const char *text, size_t namelen, struct rc_list *list)
{
	struct cvbuf val = { 0 };
	char name[128];
	unsigned seen = 0;

	if (namelen >= sizeof(name)) {
		rc_report(P, src, line, "variable name too long");
		return;
	}
	memcpy(name, text, namelen);
	name[namelen] = '\0';
	vars_value(&P->vars, text + namelen + 1, &val, &seen);
	if (val.oom)
		P->oom = true;
	if (seen & VARS_BACKQUOTE)
		rc_report(P, src, line, "%s: the output of a command (`...`) "
			  "is not known while converting", name);
	vars_set(&P->vars, name, cvb_str(&val), seen == 0);
	if (strcmp(name, "INCLUDERC") == 0 || strcmp(name, "SWITCHRC") == 0) {
		if (seen != 0)
			rc_report(P, src, line, "%s: file name not known while "
				  "converting; not included", name);
		else if (val.len > 0)
			include(P, src, line, cvb_str(&val), list);
		if (name[0] == 'S')     /* procmail never comes back */
			src->pos = src->len;
	} else if (strcmp(name, "DELIVERED") == 0 ||
		   strcmp(name, "EXITCODE") == 0 || strcmp(name, "TRAP") == 0 ||
		   strcmp(name, "HOST") == 0) {
		rc_report(P, src, line, "%s: has no Sieve equivalent; ignored",
			  name);
	}
	/* the rest (LOGFILE, VERBOSE, SHELL, PATH, ...) steer procmail
	 * itself, not where mail goes: nothing to convert */
	cvb_free(&val);
}

static size_t var_name_len(const char *s)
{
	size_t i = 0;

	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	while (isalnum((unsigned char)s[i]) || s[i] == '_')
		i++;
	return i;
}

enum rc_stop rc_parse_list(struct rc_parse *P, struct rc_src *src,
			   struct rc_list *list)
{
	struct cvbuf line = { 0 };
	unsigned lineno = 0;
	enum rc_stop stop = RC_STOP_EOF;

	while (!P->oom && rc_next_line(src, &line, &lineno)) {
		const char *t = cvb_str(&line);
		size_t k = var_name_len(t);

		if (t[0] == '\0' || t[0] == '#')
			continue;
		if (t[0] == '}') {
			stop = RC_STOP_CLOSE;
			break;
		}
		if (t[0] == ':')
			rc_parse_recipe(P, src, t, lineno, list);
		else if (k > 0 && t[k] == '=')
			assign(P, src, lineno, t, k, list);
		else if (k > 0 && t[k + strspn(t + k, " \t")] == '\0')
			;       /* "NAME" alone unsets it: nothing to convert */
		else
			rc_report(P, src, lineno, "not understood: %.60s", t);
	}
	if (line.oom)
		P->oom = true;
	cvb_free(&line);
	return stop;
}

static enum mda_err read_src(struct rc_src *src, const char *home,
			     const char *logname, struct rc_list *list,
			     struct report *rep, struct why *w)
{
	struct rc_parse P = { .rep = rep };

	vars_init(&P.vars, home, logname);
	if (rc_parse_list(&P, src, list) == RC_STOP_CLOSE)
		rc_report(&P, src, src->lineno, "unmatched '}'");
	bool oom = P.oom || P.vars.oom || rep->oom;
	list->files = P.files;
	list->nfiles = P.nfiles;
	const char *names[] = { "HOME", "MAILDIR", "DEFAULT", "ORGMAIL" };
	char **fields[] = { &list->final.home, &list->final.maildir,
			    &list->final.deflt, &list->final.orgmail };
	for (size_t i = 0; i < 4; i++) {
		bool known;
		const char *v = vars_get(&P.vars, names[i], &known);
		*fields[i] = strdup(v ? v : "");
		oom |= *fields[i] == NULL;
	}
	vars_free(&P.vars);
	if (oom)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	return MDA_OK;
}

enum mda_err rc_read_text(const char *name, const char *text,
			  const char *home, const char *logname,
			  struct rc_list *list, struct report *rep,
			  struct why *w)
{
	struct rc_src src = { NULL, text, strlen(text), 0, 0 };

	rep->main_file = name;
	return read_src(&src, home, logname, list, rep, w);
}

enum mda_err rc_read(const char *path, const char *home, const char *logname,
		     struct rc_list *list, struct report *rep, struct why *w)
{
	char *text = NULL;
	size_t len = 0;
	int e = load(path, &text, &len);

	if (e != 0)
		return why_set(w, MDA_ERR_DATA, "5.6.0", "%s: cannot read: %s",
			       path, strerror(e));
	struct rc_src src = { NULL, text, len, 0, 0 };
	rep->main_file = path;
	enum mda_err err = read_src(&src, home, logname, list, rep, w);
	free(text);
	return err;
}
