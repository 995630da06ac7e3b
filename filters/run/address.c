/*
 * address.c - a forgiving RFC 5322 section 3.4 address-list parser.
 *
 * address-list: mailboxes or groups ("name: a@b, c@d;") separated by ','.
 * A mailbox is an addr-spec or "display name <addr-spec>" (an obs-route
 * "@a,@b:" inside the brackets is dropped; the display name's words are
 * kept, one space apart, as written).  Comments in parentheses are
 * skipped, quoted strings unquoted.  An item that does not reduce to
 * local@domain is kept as raw text: RFC 5228 2.7.4 lets :all see it while
 * :localpart and :domain do not.  Subaddress (RFC 5233) splits at '+'.
 */
#include <stdlib.h>
#include <string.h>

#include "run/address.h"
#include "ext/ext.h"
#include "limits.h"
#include "util.h"

struct aparse {
	const char *p, *item;
	struct sbuf local, domain;
	struct sbuf phrase, name;   /* words so far; the display name */
	bool at, in_angle, angle_done, any;
	struct sieve_addr *v;
	size_t n;
	bool oom;
};

static void skip_comment(const char **pp)
{
	const char *p = *pp;
	unsigned depth = 0;

	do {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		p++;
	} while (depth > 0 && *p != '\0');
	*pp = p;
}

static bool is_special(char c)
{
	return strchr("<>@,;:\"()[]", c) != NULL || c == ' ' || c == '\t' ||
	       c == '\r' || c == '\n';
}

static void word(struct aparse *a, struct sbuf *w)
{
	struct sbuf *dst = a->at ? &a->domain : &a->local;

	if (!a->angle_done)
		sbuf_add(dst, w->s ? w->s : "", w->len);
	if (!a->in_angle && !a->angle_done) {   /* maybe a display name */
		if (a->phrase.len > 0)
			sbuf_addc(&a->phrase, ' ');
		sbuf_add(&a->phrase, w->s ? w->s : "", w->len);
	}
	a->any = true;
}

static void item_reset(struct aparse *a)
{
	sbuf_free(&a->local);
	sbuf_free(&a->domain);
	sbuf_free(&a->phrase);
	sbuf_free(&a->name);
	a->at = a->in_angle = a->angle_done = a->any = false;
}

static void emit(struct aparse *a, const char *end)
{
	struct sieve_addr *v, *x;
	const char *s = a->item, *e = end;

	if (!a->any || a->n >= SIEVE_MAX_ADDRESSES) {
		item_reset(a);
		return;
	}
	v = realloc(a->v, (a->n + 1) * sizeof(*v));
	if (v == NULL) {
		a->oom = true;
		return;
	}
	a->v = v;
	x = &v[a->n++];
	memset(x, 0, sizeof(*x));
	x->valid = a->at && a->local.len > 0 && a->domain.len > 0;
	x->local = sbuf_take(&a->local);
	x->domain = sbuf_take(&a->domain);
	if (a->name.len > 0 && (x->name = sbuf_take(&a->name)) == NULL)
		a->oom = true;
	while (s < e && strchr(" \t\r\n,;", *s) != NULL)
		s++;
	while (e > s && strchr(" \t\r\n,;", e[-1]) != NULL)
		e--;
	x->raw = xstrndup(s, (size_t)(e - s));
	if (x->local == NULL || x->domain == NULL || x->raw == NULL)
		a->oom = true;
	item_reset(a);
}

/* special - one structural character outside quotes and comments. */
static void special(struct aparse *a, char c)
{
	switch (c) {
	case '<': {   /* the words so far were the display name */
		struct sbuf name = a->phrase;

		a->phrase = (struct sbuf){0};
		item_reset(a);
		a->name = name;
		a->in_angle = a->any = true;
		break;
	}
	case '>':
		a->in_angle = false;
		a->angle_done = true;
		break;
	case '@':
		if (!a->angle_done)
			a->at = true;
		break;
	case ':':
		if (a->in_angle) {   /* end of an obs-route */
			sbuf_free(&a->local);
			sbuf_free(&a->domain);
			a->at = false;
		} else {             /* a group: drop its name */
			item_reset(a);
			a->item = a->p + 1;
		}
		break;
	case ',': case ';':
		if (a->in_angle && c == ',')
			break;       /* obs-route list */
		emit(a, a->p);
		a->item = a->p + 1;
		break;
	}
}

static void scan_quoted(struct aparse *a)
{
	struct sbuf w = {0};

	a->p++;
	while (*a->p != '\0' && *a->p != '"') {
		if (*a->p == '\\' && a->p[1] != '\0')
			a->p++;
		sbuf_addc(&w, *a->p++);
	}
	if (*a->p == '"')
		a->p++;
	word(a, &w);
	sbuf_free(&w);
}

int sieve_addr_parse(const char *s, struct sieve_addr **v_r, size_t *n_r)
{
	struct aparse a = { .p = s, .item = s };

	while (*a.p != '\0' && !a.oom) {
		char c = *a.p;

		if (c == '(') {
			skip_comment(&a.p);
		} else if (c == '"') {
			scan_quoted(&a);
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
			   c == ')' || c == '[' || c == ']') {
			if (c == '[' || c == ']') {
				struct sbuf w = { .s = &c, .len = 1 };

				word(&a, &w);
			}
			a.p++;
		} else if (is_special(c)) {
			special(&a, c);
			a.p++;
		} else {
			struct sbuf w = {0};

			while (*a.p != '\0' && !is_special(*a.p))
				sbuf_addc(&w, *a.p++);
			word(&a, &w);
			sbuf_free(&w);
		}
	}
	emit(&a, a.p);
	item_reset(&a);
	if (a.oom) {
		sieve_addr_free(a.v, a.n);
		return -1;
	}
	*v_r = a.v;
	*n_r = a.n;
	return 0;
}

bool sieve_addr_one(const char *s, bool named)
{
	unsigned comment = 0, angles = 0;
	bool quoted = false, literal = false;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;   /* "a@b\nBcc: c@d" */
		if ((quoted || comment > 0) && *p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (quoted) {
			quoted = *p != '"';
		} else if (comment > 0) {
			comment += (*p == '(') - (*p == ')');
		} else if (literal) {
			literal = *p != ']';
		} else if (*p == '"') {
			quoted = true;
		} else if (*p == '(') {
			comment = 1;
		} else if (*p == '[') {
			literal = true;
		} else if (*p == ',' || *p == ';' || *p == ':' ||
			   (*p == '<' && ++angles > 1)) {
			return false;   /* a list or a group */
		} else if (*p == '<' && !named) {
			return false;   /* "Boss <attacker@evil>" */
		}
	}
	return !quoted && !literal && comment == 0;
}

void sieve_addr_free(struct sieve_addr *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].local);
		free(v[i].domain);
		free(v[i].raw);
		free(v[i].name);
	}
	free(v);
}

/* dot_atom - can the local part be written without quotes? */
static bool dot_atom(const char *s)
{
	if (*s == '\0' || *s == '.' || s[strlen(s) - 1] == '.' || strstr(s, ".."))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80 ||
		      strchr("!#$%&'*+-/=?^_`{|}~.", *s) != NULL))
			return false;
	return true;
}

/* add_local - the local part, quoted when it is not a dot-atom (as
 * Pigeonhole shows it for :all). */
static void add_local(struct sbuf *b, const char *local)
{
	if (dot_atom(local)) {
		sbuf_adds(b, local);
		return;
	}
	sbuf_addc(b, '"');
	for (; *local; local++) {
		if (*local == '"' || *local == '\\')
			sbuf_addc(b, '\\');
		sbuf_addc(b, *local);
	}
	sbuf_addc(b, '"');
}

char *sieve_addr_part(const struct sieve_addr *a, int ap)
{
	const char *plus;
	struct sbuf b = {0};

	if (!a->valid)
		return ap == AP_ALL ? strdup(a->raw) : NULL;
	plus = strchr(a->local, '+');
	switch (ap) {
	case AP_ALL:
		add_local(&b, a->local);
		sbuf_addc(&b, '@');
		sbuf_adds(&b, a->domain);
		return sbuf_take(&b);
	case AP_LOCAL:
		return strdup(a->local);
	case AP_DOMAIN:
		return strdup(a->domain);
	case AP_USER:
		return plus ? xstrndup(a->local, (size_t)(plus - a->local))
			    : strdup(a->local);
	case AP_DETAIL:
		return plus ? strdup(plus + 1) : NULL;
	}
	return NULL;
}
