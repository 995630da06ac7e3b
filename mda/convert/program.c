/*
 * program.c - the few "| program" shapes that have a Sieve form:
 *   formail -D N cache      (W)  duplicate (RFC 7352)
 *   formail -rD N cache     (W)  duplicate keyed on the sender
 *   (formail -r...; echo ...; cat FILE) | $SENDMAIL -t   vacation (RFC 5230)
 *   [formail -A ... |] $SENDMAIL [-oi] ADDRESS...        redirect
 *   formail -A/-I/-a "Field: value"  (f)  editheader (RFC 5293)
 * Anything else is left to action.c, which reports it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert/sv.h"

#define MAX_WORDS 64
#define MAX_REPLY 65536

struct words {
	char *v[MAX_WORDS];
	size_t n;
};

/* split - shell-like words: quotes removed, | ; ( ) as words. */
static void split(const char *s, struct words *w)
{
	w->n = 0;
	while (*s != '\0' && w->n < MAX_WORDS) {
		struct cvbuf b = { 0 };

		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		if (strchr("|;()&", *s)) {
			cvb_putc(&b, *s++);
		} else {
			while (*s != '\0' && !isspace((unsigned char)*s) &&
			       !strchr("|;()&", *s)) {
				char q = *s;
				if (q == '"' || q == '\'') {
					for (s++; *s != '\0' && *s != q; s++) {
						if (q == '"' && *s == '\\' &&
						    s[1] != '\0')
							s++;
						cvb_putc(&b, *s);
					}
					if (*s == q)
						s++;
				} else {
					if (q == '\\' && s[1] != '\0')
						s++;
					cvb_putc(&b, *s++);
				}
			}
		}
		char *t = cvb_take(&b);
		if (t != NULL)
			w->v[w->n++] = t;
	}
}

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

static bool is_sendmail(const char *s)
{
	size_t n = strlen(s);

	return strcmp(s, "$SENDMAIL") == 0 || strcmp(s, "${SENDMAIL}") == 0 ||
	       strcmp(s, "sendmail") == 0 ||
	       (n > 9 && strcmp(s + n - 9, "/sendmail") == 0);
}

static bool sep(const char *s)
{
	return strcmp(s, "|") == 0 || strcmp(s, ";") == 0 ||
	       strcmp(s, "(") == 0 || strcmp(s, ")") == 0 ||
	       strcmp(s, "&") == 0;
}

/* sendmail_args - the addresses after a sendmail word at w[i]; t_r: -t */
static size_t sendmail_args(const struct words *w, size_t i, char **addr,
			    bool *t_r)
{
	size_t n = 0;

	for (i++; i < w->n && !sep(w->v[i]); i++) {
		const char *a = w->v[i];
		if (strcmp(a, "-t") == 0)
			*t_r = true;
		else if (strcmp(a, "-f") == 0 || strcmp(a, "-F") == 0)
			i++;
		else if (a[0] != '-' && a[0] != '$' && n < MAX_WORDS)
			addr[n++] = w->v[i];
	}
	return n;
}

/* expand_home - $HOME/${HOME}/$MAILDIR at the start of a cat'ed path. */
static void expand_home(const struct rc_recipe *r, const char *p,
			struct cvbuf *o)
{
	static const struct { const char *v; size_t off; } forms[] = {
		{ "$HOME", 0 }, { "${HOME}", 0 }, { "$MAILDIR", 1 },
		{ "${MAILDIR}", 1 },
	};
	for (size_t k = 0; k < 4; k++) {
		size_t n = strlen(forms[k].v);
		if (strncmp(p, forms[k].v, n) == 0) {
			cvb_puts(o, forms[k].off ? r->env.maildir : r->env.home);
			p += n;
			break;
		}
	}
	if (p[0] != '/' && o->len == 0)
		cvb_printf(o, "%s/", r->env.maildir);
	cvb_puts(o, p);
}

/* reply_text - what the echo and cat commands of an autoreply write. */
static bool reply_text(struct rc_recipe *r, const struct words *w,
		       struct cvbuf *o)
{
	for (size_t i = 0; i < w->n; i++) {
		if (strcmp(w->v[i], "echo") == 0) {
			for (size_t j = i + 1; j < w->n && !sep(w->v[j]); j++) {
				if (j > i + 1)
					cvb_putc(o, ' ');
				cvb_puts(o, w->v[j]);
			}
			cvb_putc(o, '\n');
		} else if (strcmp(w->v[i], "cat") == 0 && i + 1 < w->n &&
			   !sep(w->v[i + 1])) {
			struct cvbuf path = { 0 };
			expand_home(r, w->v[i + 1], &path);
			FILE *f = fopen(cvb_str(&path), "r");
			if (f == NULL) {
				rc_note(r, "autoreply text %s not readable "
					"while converting", cvb_str(&path));
				cvb_free(&path);
				return false;
			}
			char buf[4096];
			size_t k;
			while ((k = fread(buf, 1, sizeof(buf), f)) > 0 &&
			       o->len < MAX_REPLY)
				cvb_add(o, buf, k);
			(void)fclose(f);
			cvb_free(&path);
		}
	}
	return o->len > 0;
}

static void set_success(struct sv *sv, const char *success)
{
	if (success != NULL)
		sv_line(sv, "set \"%s\" \"1\";", success);
}

/* duplicate - formail -D / -rD */
static void duplicate(struct sv *sv, struct rc_recipe *r, bool reply,
		      bool copy, const char *success)
{
	sv->req |= REQ_DUPLICATE;
	if (!rc_has_flag(r, 'w') && !rc_has_flag(r, 'W'))
		rc_note(r, "formail -D without w/W: procmail ignores its exit "
			"code; converted as if W were given");
	if (reply)
		rc_note(r, "formail -rD keys on the reply address; converted "
			"as duplicate keyed on the From field");
	if (copy && success == NULL) {
		sv_line(sv, "# formail -D on a copy: no later recipe asks");
		return;
	}
	sv_line(sv, "if duplicate%s {", reply ?
		" :handle \"reply\" :header \"from\"" : "");
	sv->indent++;
	set_success(sv, success);
	if (!copy) {
		sv_line(sv, "discard;");
		sv_line(sv, "stop;");
	}
	sv->indent--;
	sv_line(sv, "}");
}

/* field_ok - "Name: value" with a name of RFC 5322 2.2 ftext. */
static bool field_ok(const char *f)
{
	const char *colon = strchr(f, ':');

	if (colon == NULL || colon == f)
		return false;
	for (const char *p = f; p < colon; p++)
		if (*p < 33 || *p > 126)
			return false;
	for (const char *p = colon; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			return false;
	return true;
}

/* edits - formail -A/-I/-a/-i "Field: value" on an f recipe. */
static bool edits(struct sv *sv, struct rc_recipe *r, const struct words *w,
		  const char *success)
{
	if (w->n < 3 || !rc_has_flag(r, 'f'))
		return false;
	for (size_t i = 1; i < w->n; i += 2) {
		const char *o = w->v[i];
		if (strlen(o) != 2 || o[0] != '-' || !strchr("AIai", o[1]) ||
		    i + 1 >= w->n || !field_ok(w->v[i + 1]))
			return false;
	}
	sv->req |= REQ_EDITHEADER;
	for (size_t i = 1; i < w->n; i += 2) {
		char opt = w->v[i][1];
		const char *f = w->v[i + 1];
		const char *colon = strchr(f, ':');
		const char *val = colon + 1 + strspn(colon + 1, " \t");
		struct cvbuf name = { 0 }, line = { 0 };

		cvb_add(&name, f, (size_t)(colon - f));
		if (opt == 'i')
			rc_note(r, "formail -i renames the old field to Old-%s; "
				"converted as -I", cvb_str(&name));
		if (opt == 'a') {
			cvb_puts(&line, "if not exists ");
			cvb_quote(&line, cvb_str(&name));
			cvb_puts(&line, " { ");
		}
		if (opt == 'I' || opt == 'i') {
			cvb_puts(&line, "deleteheader ");
			cvb_quote(&line, cvb_str(&name));
			cvb_puts(&line, "; ");
		}
		if (*val != '\0' || opt == 'A' || opt == 'a') {
			cvb_puts(&line, "addheader :last ");
			cvb_quote(&line, cvb_str(&name));
			cvb_putc(&line, ' ');
			cvb_quote(&line, val);
			cvb_putc(&line, ';');
		}
		if (opt == 'a')
			cvb_puts(&line, " }");
		sv_line(sv, "%s", cvb_str(&line));
		cvb_free(&name);
		cvb_free(&line);
	}
	set_success(sv, success);
	return true;
}

/* autoreply - (formail -r ...; echo ...) | $SENDMAIL -t as vacation. */
static bool autoreply(struct sv *sv, struct rc_recipe *r,
		      const struct words *w, bool copy, const char *success)
{
	struct cvbuf text = { 0 }, q = { 0 };

	if (!reply_text(r, w, &text)) {
		cvb_free(&text);
		return false;
	}
	sv->req |= REQ_VACATION;
	cvb_quote(&q, cvb_str(&text));
	sv_line(sv, "vacation :days 1 %s;", cvb_str(&q));
	rc_note(r, "autoreply converted to vacation: at most one reply per "
		"sender a day, none to lists, daemons or mail not naming you");
	if (!copy) {
		rc_note(r, "without c procmail passes the message only to the "
			"autoreply: it is discarded");
		sv_line(sv, "discard;");
		sv_line(sv, "stop;");
	}
	set_success(sv, success);
	cvb_free(&text);
	cvb_free(&q);
	return true;
}

bool program_write(struct sv *sv, struct rc_recipe *r, bool clone,
		   const char *success)
{
	struct words w;
	const char *t = r->text + 1;    /* after '|' */
	bool copy = clone || rc_has_flag(r, 'c'), done = false, dash_t = false;
	bool formail_r = false, formail_d = false, formail = false;
	size_t sm = 0;
	char *addr[MAX_WORDS];

	split(t, &w);
	for (size_t i = 0; i < w.n; i++) {
		if (strcmp(w.v[i], "formail") == 0 && i + 1 < w.n) {
			formail = formail || i == 0;
			for (size_t j = i + 1; j < w.n && w.v[j][0] == '-'; j++) {
				formail_r |= strchr(w.v[j] + 1, 'r') != NULL &&
					     w.v[j][1] != 'I' && w.v[j][1] != 'A';
				formail_d |= strchr(w.v[j] + 1, 'D') != NULL &&
					     w.v[j][1] != 'I' && w.v[j][1] != 'A';
			}
		}
		if (is_sendmail(w.v[i]) && sm == 0)
			sm = i + 1;
	}
	if (formail_d && sm == 0 && w.n >= 4) {
		duplicate(sv, r, formail_r, copy, success);
		done = true;
	} else if (formail_r && sm > 0) {
		(void)sendmail_args(&w, sm - 1, addr, &dash_t);
		done = dash_t && autoreply(sv, r, &w, copy, success);
	} else if (sm > 0) {
		size_t n = sendmail_args(&w, sm - 1, addr, &dash_t);
		if (n > 0 && !dash_t && (sm == 1 || formail)) {
			if (sm > 1)
				rc_note(r, "the formail edit before sendmail is "
					"not made on the redirected copy");
			sv_redirects(sv, r, addr, n, copy);
			if (copy)
				set_success(sv, success);
			done = true;
		}
	} else if (formail) {
		done = edits(sv, r, &w, success);
	}
	words_free(&w);
	return done;
}
