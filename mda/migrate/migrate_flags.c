/*
 * migrate_flags.c - the mbox state headers and what they mean in Maildir.
 *
 * Status: (UW imapd, mutt, Dovecot, Postfix local readers)
 *   R read -> S (\Seen); O old: the client has seen it arrive, so the
 *   message goes to cur/ even without flags (maildir(5): new/ is for mail
 *   no client has noticed yet).
 * X-Status: (UW imapd, Dovecot)
 *   A answered -> R, F flagged -> F, D deleted -> T, T draft -> D.
 * X-Mozilla-Status: (Thunderbird; four hex digits)
 *   0x0001 read -> S, 0x0002 replied -> R, 0x0004 marked -> F,
 *   0x0008 expunged -> T (a Thunderbird source skips such messages:
 *   migrate_mozilla.c and the store).
 * These headers, X-Keywords, X-UID, X-IMAPbase, X-IMAP, X-Mozilla-Status2
 * and Content-Length carry mbox state only and are not stored.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migrate/migrate.h"

void mig_flags_status(const char *v, struct mig_flags *f)
{
	for (; *v != '\0'; v++) {
		f->seen |= *v == 'R';
		f->old |= *v == 'O';
	}
}

void mig_flags_xstatus(const char *v, struct mig_flags *f)
{
	for (; *v != '\0'; v++) {
		f->answered |= *v == 'A';
		f->flagged |= *v == 'F';
		f->deleted |= *v == 'D';
		f->draft |= *v == 'T';
	}
}

void mig_flags_mozilla(const char *v, struct mig_flags *f)
{
	char *end;

	v += strspn(v, " \t");
	unsigned long bits = strtoul(v, &end, 16);
	if (end == v)
		return;
	f->seen |= (bits & 0x0001) != 0;
	f->answered |= (bits & 0x0002) != 0;
	f->flagged |= (bits & 0x0004) != 0;
	f->expunged |= (bits & 0x0008) != 0;
}

void mig_flags_letters(const struct mig_flags *f, char out[6])
{
	size_t n = 0;

	if (f->draft)
		out[n++] = 'D';
	if (f->flagged)
		out[n++] = 'F';
	if (f->answered)
		out[n++] = 'R';
	if (f->seen)
		out[n++] = 'S';
	if (f->deleted || f->expunged)
		out[n++] = 'T';
	out[n] = '\0';
}

bool mig_flags_in_cur(const struct mig_flags *f)
{
	return f->old || f->seen || f->answered || f->flagged || f->deleted ||
	       f->draft || f->expunged;
}

bool mig_kw_add(struct mig_msg *m, const char *word, size_t len)
{
	size_t have = strlen(m->keywords);

	if (len == 0)
		return true;
	for (const char *p = m->keywords; *p != '\0'; ) {  /* bounded by have */
		size_t k = strcspn(p, " ");
		if (k == len && strncasecmp(p, word, len) == 0)
			return true;
		p += k + (p[k] == ' ');
	}
	if (have + (have > 0) + len >= sizeof(m->keywords))
		return false;
	if (have > 0)
		m->keywords[have++] = ' ';
	memcpy(m->keywords + have, word, len);
	m->keywords[have + len] = '\0';
	return true;
}

enum mig_role mig_header_role(const char *name, size_t len)
{
	static const struct { const char *name; enum mig_role role; } t[] = {
		{ "Date", ROLE_DATE },
		{ "Status", ROLE_STATUS },
		{ "X-Status", ROLE_XSTATUS },
		{ "X-Mozilla-Status", ROLE_MOZILLA },
		{ "X-Mozilla-Status2", ROLE_MOZILLA2 },
		{ "X-Mozilla-Keys", ROLE_MOZKEYS },
		{ "X-Gmail-Labels", ROLE_GMAIL },
		{ "X-Keywords", ROLE_KEYWORDS },
		{ "X-UID", ROLE_DROP },
		{ "X-IMAPbase", ROLE_DROP },
		{ "X-IMAP", ROLE_UWPSEUDO },
		{ "Content-Length", ROLE_CLEN },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].name) == len &&
		    strncasecmp(name, t[i].name, len) == 0)
			return t[i].role;
	return ROLE_KEEP;
}
