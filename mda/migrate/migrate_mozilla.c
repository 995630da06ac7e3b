/*
 * migrate_mozilla.c - Thunderbird's per-message state headers and what
 * they become in Maildir (docs/migrate.md, "Thunderbird").
 *
 * Thunderbird rewrites these headers in place in its mbox files, so they
 * are mbox state, not part of the mail, and are not stored:
 *   X-Mozilla-Status: four hex digits.  0x0001 read -> S, 0x0002 replied
 *     -> R, 0x0004 marked -> F, 0x0008 expunged (deleted, not yet
 *     compacted away: a Thunderbird source skips the message and counts
 *     it), 0x1000 forwarded -> keyword $Forwarded.
 *   X-Mozilla-Status2: eight hex digits.  0x00010000 new (never shown:
 *     the message stays in new/ unless another flag says otherwise),
 *     0x00200000 deleted on the IMAP server -> T, and in bits 25-27 the
 *     label of Thunderbird 1.x (1-5) -> keyword $label1 .. $label5, the
 *     names Thunderbird still uses for its five default tags.
 *   X-Mozilla-Keys: the tags, space-separated keywords ($label1, Junk,
 *     NonJunk, user tags), padded with spaces for in-place rewriting.
 */
#include <stdlib.h>
#include <string.h>

#include "migrate/migrate.h"

#define MOZ_FORWARDED 0x1000UL
#define MOZ2_IMAP_DELETED 0x00200000UL
#define MOZ2_LABELS 0x0E000000UL
#define MOZ2_LABEL_SHIFT 25

static bool hex_value(const char *v, unsigned long *bits_r)
{
	char *end;

	v += strspn(v, " \t");
	*bits_r = strtoul(v, &end, 16);
	return end != v;
}

void mig_moz_status(const char *v, struct mig_msg *m)
{
	unsigned long bits;

	mig_flags_mozilla(v, &m->flags);
	if (hex_value(v, &bits) && (bits & MOZ_FORWARDED) != 0)
		(void)mig_kw_add(m, "$Forwarded", 10);
}

void mig_moz_status2(const char *v, struct mig_msg *m)
{
	unsigned long bits;
	char label[8];

	if (!hex_value(v, &bits))
		return;
	m->flags.deleted |= (bits & MOZ2_IMAP_DELETED) != 0;
	unsigned long n = (bits & MOZ2_LABELS) >> MOZ2_LABEL_SHIFT;
	if (n >= 1 && n <= 5) {
		memcpy(label, "$label", 6);
		label[6] = (char)('0' + n);
		(void)mig_kw_add(m, label, 7);
	}
}

void mig_moz_keys(const char *v, struct mig_msg *m)
{
	/* Bounded by the value: each pass moves past one word or space. */
	for (const char *p = v + strspn(v, " \t"); *p != '\0';
	     p += strspn(p, " \t")) {
		size_t n = strcspn(p, " \t");
		(void)mig_kw_add(m, p, n);
		p += n;
	}
}
