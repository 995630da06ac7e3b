/*
 * comparator.c - i;octet, i;ascii-casemap and i;ascii-numeric (RFC 4790
 * sections 9.1-9.3) and the :is, :contains and :matches primitives
 * (RFC 5228 2.7.1).  ascii-numeric compares the leading digits as an
 * unbounded number; a string not starting with a digit is positive
 * infinity, equal only to another such string.
 */
#include <string.h>

#include "run/comparator.h"
#include "ext/ext.h"
#include "util.h"

static int fold(int cmp, unsigned char c)
{
	return cmp == CMP_CASEMAP ? ascii_lower(c) : c;
}

/* numeric_order - RFC 4790 9.3 ordering of the numeric prefixes. */
static int numeric_order(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t ad = 0, bd = 0, az = 0, bz = 0;

	while (ad < alen && a[ad] >= '0' && a[ad] <= '9')
		ad++;
	while (bd < blen && b[bd] >= '0' && b[bd] <= '9')
		bd++;
	if (ad == 0 || bd == 0)
		return (ad == 0) - (bd == 0);   /* infinity is largest */
	while (az + 1 < ad && a[az] == '0')
		az++;
	while (bz + 1 < bd && b[bz] == '0')
		bz++;
	if (ad - az != bd - bz)
		return ad - az < bd - bz ? -1 : 1;
	for (size_t i = 0; i < ad - az; i++)
		if (a[az + i] != b[bz + i])
			return a[az + i] < b[bz + i] ? -1 : 1;
	return 0;
}

int sieve_cmp_order(int cmp, const char *a, size_t alen,
		    const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;

	if (cmp == CMP_NUMERIC)
		return numeric_order(a, alen, b, blen);
	for (size_t i = 0; i < n; i++) {
		int x = fold(cmp, (unsigned char)a[i]);
		int y = fold(cmp, (unsigned char)b[i]);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

bool sieve_cmp_eq(int cmp, const char *a, size_t alen,
		  const char *b, size_t blen)
{
	if (cmp != CMP_NUMERIC && alen != blen)
		return false;
	return sieve_cmp_order(cmp, a, alen, b, blen) == 0;
}

/* same_run - the n octets at a and b are equal under cmp. */
static bool same_run(int cmp, const char *a, const char *b, size_t n)
{
	if (cmp != CMP_CASEMAP)
		return memcmp(a, b, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

/* contains_from_letter - casemap, the needle starts with an ASCII letter:
 * candidates are the octets that are that letter in either case. */
static bool contains_from_letter(const char *hay, size_t hlen,
				 const char *needle, size_t nlen)
{
	unsigned char lower = (unsigned char)ascii_lower((unsigned char)needle[0]);

	for (size_t i = 0; i + nlen <= hlen; i++)
		if (((unsigned char)hay[i] | 0x20) == lower &&
		    same_run(CMP_CASEMAP, hay + i + 1, needle + 1, nlen - 1))
			return true;
	return false;
}

/* sieve_cmp_contains - candidates for the needle's first octet come from
 * memchr (only that octet folds to it unless it is a letter): a header
 * value is scanned for thousands of keys per message. */
bool sieve_cmp_contains(int cmp, const char *hay, size_t hlen,
			const char *needle, size_t nlen)
{
	const char *p = hay, *last;
	unsigned char first;

	if (nlen == 0)
		return true;
	if (nlen > hlen)
		return false;
	first = (unsigned char)needle[0];
	if (cmp == CMP_CASEMAP && (first | 0x20) >= 'a' && (first | 0x20) <= 'z')
		return contains_from_letter(hay, hlen, needle, nlen);
	last = hay + (hlen - nlen);
	while (p <= last &&
	       (p = memchr(p, first, (size_t)(last - p) + 1)) != NULL) {
		if (same_run(cmp, p + 1, needle + 1, nlen - 1))
			return true;
		p++;
	}
	return false;
}

static void cap_set(struct sieve_caps *caps, size_t wc, size_t off, size_t len)
{
	if (caps == NULL || wc >= SIEVE_MAX_MATCH_VARS - 1)
		return;
	caps->off[wc + 1] = off;   /* ${0} is the whole text */
	caps->len[wc + 1] = len;
	if (caps->n < wc + 1)
		caps->n = wc + 1;
}

/*
 * sieve_glob - the classic single-backtrack wildcard match: on a mismatch
 * only the most recent '*' grows by one octet.  That is complete (earlier
 * stars never need to grow once a later one matched) and leaves each star
 * as short as possible, leftmost first, as RFC 5229 3.2 asks for captures.
 */
bool sieve_glob(int cmp, const char *text, size_t tlen,
		const char *pat, size_t plen, struct sieve_caps *caps)
{
	size_t pi = 0, ti = 0, wc = 0, star_pi = 0, star_ti = 0, star_wc = 0;
	size_t star_start = 0, steps = 0;
	bool have_star = false;

	if (caps != NULL) {
		memset(caps, 0, sizeof(*caps));
		caps->len[0] = tlen;
	}
	while (steps++ < SIEVE_MAX_GLOB_STEPS) {
		if (pi < plen) {
			char c = pat[pi];
			size_t adv = 1;

			if (c == '*') {
				have_star = true;
				star_pi = pi;
				star_ti = star_start = ti;
				star_wc = wc;
				cap_set(caps, wc++, ti, 0);
				pi++;
				continue;
			}
			if (c == '?' && ti < tlen) {
				cap_set(caps, wc++, ti, 1);
				pi++;
				ti++;
				continue;
			}
			if (c == '\\' && pi + 1 < plen) {
				c = pat[pi + 1];
				adv = 2;
			}
			if (pat[pi] != '?' && ti < tlen &&
			    fold(cmp, (unsigned char)c) ==
			    fold(cmp, (unsigned char)text[ti])) {
				pi += adv;
				ti++;
				continue;
			}
		} else if (ti == tlen) {
			return true;
		}
		if (!have_star || star_ti >= tlen)
			return false;
		star_ti++;
		cap_set(caps, star_wc, star_start, star_ti - star_start);
		ti = star_ti;
		pi = star_pi + 1;
		wc = star_wc + 1;
	}
	return false;
}

bool sieve_relop_holds(int relop, int order)
{
	switch (relop) {
	case REL_GT: return order > 0;
	case REL_GE: return order >= 0;
	case REL_LT: return order < 0;
	case REL_LE: return order <= 0;
	case REL_EQ: return order == 0;
	case REL_NE: return order != 0;
	}
	return false;
}
