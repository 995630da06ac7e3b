/*
 * redirect.c - mda's checks on each redirect before the sendmail program
 * runs (RFC 5228 section 4.2, RFC 5321 section 6.3 on loops).
 *
 * The copy goes out unchanged (design.md; see docs/VIOLATIONS.md for why
 * mda adds no trace header of its own).  Loops are caught by what the MTAs
 * already write: Postfix's local(8) prepends `Delivered-To: rcpt` before it
 * runs a mailbox_command, so a message that carries Delivered-To (or an
 * `X-Mda-Loop:` a site added) equal to the redirect address has been at
 * that address before.  Addresses compare without <>, blanks and case.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/header.h"
#include "outward/redirect.h"

/* same_addr - a header value (maybe "<a@b>", blanks) equals addr? */
static bool same_addr(const char *value, const char *addr)
{
	size_t n = strlen(value), m = strlen(addr);
	const char *v = value;

	while (n > 0 && (*v == ' ' || *v == '\t' || *v == '<')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '>'))
		n--;
	return n == m && strncasecmp(v, addr, n) == 0;
}

/* loop_field - the first Delivered-To / X-Mda-Loop field naming addr. */
static const char *loop_field(const struct spool *sp, const char *addr)
{
	static const char *const names[] = { "Delivered-To", "X-Mda-Loop" };

	for (size_t i = 0; i < sp->nfields; i++) {  /* bounded by the index */
		const struct sieve_header_field *f = &sp->fields[i];

		for (size_t k = 0; k < 2; k++) {
			size_t len = strlen(names[k]);
			if (f->name_len != len ||
			    strncasecmp(f->name, names[k], len) != 0)
				continue;
			char *v = header_unfold(f->value, f->value_len);
			bool hit = v != NULL && same_addr(v, addr);
			free(v);
			if (hit)
				return names[k];
		}
	}
	return NULL;
}

/* addr_equal - RFC 5321 2.4: the local part is case-sensitive, the
 * domain is not; "Carol@x" and "carol@x" may be two mailboxes. */
static bool addr_equal(const char *a, const char *b)
{
	const char *at_a = strrchr(a, '@'), *at_b = strrchr(b, '@');
	size_t la = at_a ? (size_t)(at_a - a) : strlen(a);
	size_t lb = at_b ? (size_t)(at_b - b) : strlen(b);

	if (la != lb || strncmp(a, b, la) != 0)
		return false;
	return strcasecmp(a + la, b + lb) == 0;
}

/* bad_addr - empty, an option ('-'), or holding a control octet (a
 * newline would start a header line or an argv surprise): the engine
 * refuses these already (address.c); this is the delivery side's own
 * check before sendmail runs. */
static bool bad_addr(const char *a)
{
	if (a == NULL || a[0] == '\0' || a[0] == '-')
		return true;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

static bool valid(const struct plan *p, size_t k)
{
	const struct sieve_action *b = p->v[k];

	return b->type == SIEVE_ACT_REDIRECT && !bad_addr(b->address);
}

enum redirect_verdict redirect_judge(const struct spool *sp,
				     const struct plan *p, size_t i,
				     char *why, size_t size)
{
	const char *addr = p->v[i]->address, *field;
	unsigned before = 0;

	why[0] = '\0';
	if (bad_addr(addr)) {
		(void)snprintf(why, size, "bad address");
		return REDIRECT_BAD;
	}
	/* Earlier redirects (bounded by i; i <= the engine's action limit):
	 * the same address again is not sent, and not counted. */
	for (size_t k = 0; k < i; k++) {
		if (!valid(p, k))
			continue;
		if (addr_equal(p->v[k]->address, addr)) {
			(void)snprintf(why, size, "already redirected there");
			return REDIRECT_SAME;
		}
		bool repeat = false;
		for (size_t j = 0; j < k && !repeat; j++)
			repeat = valid(p, j) && addr_equal(p->v[j]->address,
							   p->v[k]->address);
		before += !repeat;
	}
	if (before >= REDIRECT_MAX) {
		(void)snprintf(why, size, "more than %d redirects", REDIRECT_MAX);
		return REDIRECT_LIMIT;
	}
	field = loop_field(sp, addr);
	if (field != NULL) {
		(void)snprintf(why, size, "mail loop: the message has %s: %.200s",
			       field, addr);
		return REDIRECT_LOOP;
	}
	return REDIRECT_SEND;
}

bool redirect_keep_needed(const struct spool *sp, const struct plan *p)
{
	bool withheld = false;
	char why[8];

	for (size_t i = 0; i < p->n; i++) {
		enum sieve_action_type t = p->v[i]->type;

		if (t == SIEVE_ACT_KEEP || t == SIEVE_ACT_FILEINTO)
			return false;
		if (t != SIEVE_ACT_REDIRECT)
			continue;
		enum redirect_verdict v = redirect_judge(sp, p, i, why,
							 sizeof(why));
		withheld = withheld || v == REDIRECT_LOOP ||
			   v == REDIRECT_LIMIT || v == REDIRECT_BAD;
	}
	return withheld;
}
