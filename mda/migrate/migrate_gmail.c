/*
 * migrate_gmail.c - Google Takeout labels, mapped the way Gmail's own
 * IMAP server shows them (contract in migrate_gmail.h).
 *
 * Takeout writes one mbox ("All mail Including Spam and Trash.mbox")
 * whose messages carry "X-Gmail-Labels: Inbox,Important,Opened,Work/Q1"
 * (comma-separated; a label holding a comma is in double quotes; nested
 * labels joined by '/').  The system labels:
 *   Inbox -> INBOX; Sent -> Sent; Drafts -> Drafts and \Draft;
 *   Spam -> Junk; Trash -> Trash (a message in Spam or Trash goes there
 *   only: Gmail's IMAP shows it in no other label);
 *   Starred -> \Flagged; Unread -> no \Seen (every other message is
 *   \Seen); Important -> keyword $Important;
 *   Opened, Archived and "Category ..." -> nothing (Opened and Archived
 *   are the absence of Unread and Inbox; IMAP shows no categories).
 * A message with no folder label (archived, labelled only by system
 * labels) goes to "Archive": Gmail's All Mail, minus what is elsewhere.
 * Every other label is a folder (or, with --labels-as-keywords, an IMAP
 * keyword; the message is then stored once, in the first of Trash, Junk,
 * Drafts, Sent, INBOX, Archive it belongs to).
 */
#include <string.h>
#include <strings.h>

#include "store/mutf7.h"
#include "migrate/migrate_gmail.h"

enum sysl { L_USER, L_INBOX, L_SENT, L_DRAFTS, L_SPAM, L_TRASH, L_STARRED,
	    L_UNREAD, L_IMPORTANT, L_NOTHING };

static enum sysl system_label(const char *p, size_t n)
{
	static const struct { const char *name; enum sysl l; } t[] = {
		{ "Inbox", L_INBOX }, { "Sent", L_SENT },
		{ "Drafts", L_DRAFTS }, { "Spam", L_SPAM },
		{ "Trash", L_TRASH }, { "Starred", L_STARRED },
		{ "Unread", L_UNREAD }, { "Important", L_IMPORTANT },
		{ "Opened", L_NOTHING }, { "Archived", L_NOTHING },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].name) == n && strncasecmp(p, t[i].name, n) == 0)
			return t[i].l;
	if (n > 9 && strncasecmp(p, "Category ", 9) == 0)
		return L_NOTHING;
	return L_USER;
}

bool mig_gmail_folder(const char *label, size_t len, char *out, size_t size)
{
	size_t o = 0;
	bool part_empty = true;

	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)label[i] : '/';
		if (o + 2 >= size)
			return false;
		if (c == '/') {
			if (part_empty)
				out[o++] = '_';
			if (i < len)
				out[o++] = '.';
			part_empty = true;
			continue;
		}
		out[o++] = (c == '.' || c < 0x20 || c == 0x7f) ? '_' : (char)c;
		part_empty = false;
	}
	out[o] = '\0';
	return true;
}

/* keyword - a user label as an IMAP atom: modified UTF-7 for what is not
 * ASCII, '_' for spaces, the characters atoms may not hold and ',' (the
 * store splits keyword lists at commas, as X-Keywords writers do). */
static void keyword(struct mig_msg *m, const char *p, size_t n,
		    struct mig_route *r)
{
	char utf8[MIG_FOLDER_MAX], enc[MIG_FOLDER_MAX];

	if (n >= sizeof(utf8) || (memcpy(utf8, p, n), utf8[n] = '\0',
				  mutf7_encode(utf8, enc, sizeof(enc)) != 0)) {
		r->dropped++;
		return;
	}
	for (char *c = enc; *c != '\0'; c++)
		if ((unsigned char)*c <= 0x20 || strchr("(){%*\"\\],", *c))
			*c = '_';
	if (!mig_kw_add(m, enc, strlen(enc)))
		r->dropped++;
}

static void add_folder(struct mig_route *r, const char *name)
{
	for (size_t i = 0; i < r->nfolders; i++)
		if (strcmp(r->folder[i], name) == 0)
			return;
	if (r->nfolders >= MIG_ROUTE_MAX) {
		r->dropped++;
		return;
	}
	memcpy(r->folder[r->nfolders++], name, strlen(name) + 1);
}

/* next_label - the next label of the list at *pp: its start and length,
 * quotes removed (a quoted label keeps its commas). */
static bool next_label(const char **pp, const char **p_r, size_t *n_r)
{
	const char *p = *pp + strspn(*pp, " \t,");
	size_t n;

	if (*p == '\0')
		return false;
	if (*p == '"') {
		const char *q = strchr(p + 1, '"');
		n = q != NULL ? (size_t)(q - p - 1) : strlen(p + 1);
		*p_r = p + 1;
		*pp = q != NULL ? q + 1 : p + 1 + n;
	} else {
		n = strcspn(p, ",");
		*p_r = p;
		*pp = p + n;
	}
	while (n > 0 && ((*p_r)[n - 1] == ' ' || (*p_r)[n - 1] == '\t'))
		n--;
	*n_r = n;
	return true;
}

/* place - the one folder of --labels-as-keywords, by precedence. */
static const char *place(const bool *has)
{
	static const struct { enum sysl l; const char *folder; } order[] = {
		{ L_TRASH, "Trash" }, { L_SPAM, "Junk" }, { L_DRAFTS, "Drafts" },
		{ L_SENT, "Sent" }, { L_INBOX, "INBOX" },
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (has[order[i].l])
			return order[i].folder;
	return "Archive";
}

void mig_gmail_route(struct mig_msg *m, bool as_keywords, struct mig_route *r)
{
	static const char *const sysfolder[] = {
		[L_INBOX] = "INBOX", [L_SENT] = "Sent", [L_DRAFTS] = "Drafts",
		[L_SPAM] = "Junk", [L_TRASH] = "Trash",
	};
	bool has[L_NOTHING + 1] = { false };
	char name[MIG_FOLDER_MAX];
	const char *p, *list = m->labels;
	size_t n;

	r->nfolders = r->dropped = 0;
	for (int i = 0; i < MIG_LABELS_MAX && next_label(&list, &p, &n); i++)
		has[system_label(p, n)] = true;
	bool hidden = has[L_SPAM] || has[L_TRASH];  /* only there */
	list = m->labels;
	for (int i = 0; i < MIG_LABELS_MAX && next_label(&list, &p, &n); i++) {
		enum sysl l = system_label(p, n);
		if (l == L_USER && as_keywords)
			keyword(m, p, n, r);
		else if (l == L_USER && !hidden &&
			 mig_gmail_folder(p, n, name, sizeof(name)))
			add_folder(r, name);
		else if (l == L_USER && !hidden)
			r->dropped++;
		else if (l <= L_TRASH && !as_keywords &&
			 (!hidden || l == L_SPAM || l == L_TRASH))
			add_folder(r, sysfolder[l]);
	}
	if (as_keywords)
		add_folder(r, place(has));
	else if (r->nfolders == 0)
		add_folder(r, "Archive");
	m->flags.seen = !has[L_UNREAD];
	m->flags.flagged |= has[L_STARRED];
	m->flags.draft |= has[L_DRAFTS];
	m->flags.old = true;  /* Gmail's IMAP shows no message as \Recent */
	if (has[L_IMPORTANT])
		(void)mig_kw_add(m, "$Important", 10);
}
