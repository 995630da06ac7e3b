/*
 * migrate_date.c - dates for the mtime of migrated messages.
 *
 * RFC 5322 section 3.3 (date-time) with the obsolete syntax of 4.3 that
 * old mail is full of: two- and three-digit years, named US zones,
 * military zones (taken as +0000, as 4.3 allows), comments anywhere.  A
 * Date: that does not parse falls back to the From_ line, whose date is
 * the asctime() form in the writer's local time (RFC 4155 section 2).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "migrate/migrate.h"

#define TOK_MAX 16
#define TEXT_MAX 512

struct toks {
	char text[TEXT_MAX];
	const char *t[TOK_MAX];
	size_t n;
};

/* tokenize - split at white space and commas; comments (nested
 * parentheses, RFC 5322 3.2.2) are dropped. */
static void tokenize(const char *s, size_t len, struct toks *k)
{
	size_t o = 0;
	int depth = 0;

	k->n = 0;
	for (size_t i = 0; i < len && o + 1 < TEXT_MAX; i++) {
		char c = s[i];
		if (c == '(' || (c == ')' && depth > 0)) {
			depth += c == '(' ? 1 : -1;
			c = ' ';
		} else if (depth > 0 || c == ',' || isspace((unsigned char)c)) {
			c = ' ';
		}
		k->text[o++] = c;
	}
	k->text[o] = '\0';
	for (char *p = k->text; *p != '\0' && k->n < TOK_MAX;) {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			break;
		k->t[k->n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
	}
}

static int month_of(const char *s)
{
	static const char m[] = "janfebmaraprmayjunjulaugsepoctnovdec";

	if (strlen(s) < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, m + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

static bool is_weekday(const char *s)
{
	static const char d[] = "sunmontuewedthufrisat";

	for (int i = 0; i < 7; i++)
		if (strncasecmp(s, d + 3 * i, 3) == 0)
			return true;
	return false;
}

/* number - all of s as a decimal of 1..maxdig digits, else -1. */
static long number(const char *s, size_t maxdig)
{
	long v = 0;
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		if (!isdigit((unsigned char)s[n]) || n >= maxdig)
			return -1;
		v = v * 10 + (s[n] - '0');
	}
	return n == 0 ? -1 : v;
}

/* digits - n decimal digits at *p (advancing it), else -1. */
static int digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

/* clock_of - "hh:mm" or "hh:mm:ss" (one-digit hour allowed) into seconds
 * of the day, else -1. */
static long clock_of(const char *s)
{
	int h = digits(&s, 1), m, sec = 0;

	if (h >= 0 && isdigit((unsigned char)*s))
		h = h * 10 + digits(&s, 1);
	if (h < 0 || *s++ != ':' || (m = digits(&s, 2)) < 0)
		return -1;
	if (*s == ':' && (s++, (sec = digits(&s, 2)) < 0))
		return -1;
	if (*s != '\0' || h > 23 || m > 59 || sec > 60)
		return -1;
	return (long)h * 3600 + m * 60 + sec;
}

/* zone_of - the offset in minutes of a zone token: 2 for a numeric or
 * known zone, 1 for an unknown name (military zones: RFC 5322 4.3 says
 * to read them as -0000), 0 when s is not a zone. */
static int zone_of(const char *s, long *min_r)
{
	static const struct { const char *name; int h; } named[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
		{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
		{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
	};

	*min_r = 0;
	if ((s[0] == '+' || s[0] == '-') && strlen(s) == 5) {
		long v = number(s + 1, 4);
		if (v < 0 || v % 100 > 59)
			return 0;
		*min_r = (s[0] == '-' ? -1 : 1) * (v / 100 * 60 + v % 100);
		return 2;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcasecmp(s, named[i].name) == 0) {
			*min_r = named[i].h * 60L;
			return 2;
		}
	for (const char *p = s; *p != '\0'; p++)
		if (!isalpha((unsigned char)*p))
			return 0;
	return strlen(s) <= 5 ? 1 : 0;
}

int64_t mig_days_from_civil(int64_t y, int m, int d)
{
	/* Count from 1 March, so the leap day ends the year; eras of 400
	 * years have the same number of days (146097). */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static time_t utc_time(long y, int mon, int d, long secs, long zone_min)
{
	return (time_t)(mig_days_from_civil(y, mon, d) * 86400 + secs -
			zone_min * 60);
}

/* asctime_at - "Mmm dd hh:mm[:ss] [zone] yyyy [zone]" at token i. */
static bool asctime_at(const struct toks *k, size_t i, time_t *t_r)
{
	if (i + 3 >= k->n || strlen(k->t[i]) != 3 || month_of(k->t[i]) == 0)
		return false;
	long d = number(k->t[i + 1], 2), secs = clock_of(k->t[i + 2]);
	if (d < 1 || d > 31 || secs < 0)
		return false;
	size_t yi = i + 3;
	long zone = 0;
	bool known = false;
	if (number(k->t[yi], 4) < 0) {  /* "01:05:34 PST 1996" */
		int z = zone_of(k->t[yi], &zone);
		if (z == 0 || yi + 1 >= k->n)
			return false;
		known = z == 2;
		yi++;
	}
	long y = number(k->t[yi], 4);
	if (y < 1000)
		return false;
	if (!known && yi + 1 < k->n)    /* "1996 +0100" */
		known = zone_of(k->t[yi + 1], &zone) == 2;
	int mon = month_of(k->t[i]);
	if (known) {
		*t_r = utc_time(y, mon, (int)d, secs, zone);
		return true;
	}
	/* No zone: the writer's local time, read in ours ($TZ). */
	struct tm tm = { .tm_year = (int)y - 1900, .tm_mon = mon - 1,
			 .tm_mday = (int)d, .tm_hour = (int)(secs / 3600),
			 .tm_min = (int)(secs / 60 % 60),
			 .tm_sec = (int)(secs % 60), .tm_isdst = -1 };
	*t_r = mktime(&tm);
	return true;
}

bool mig_date_from_line(const char *line, size_t len, time_t *t_r)
{
	struct toks k;

	if (len < 5 || memcmp(line, "From ", 5) != 0)
		return false;
	tokenize(line + 5, len - 5, &k);
	for (size_t i = 0; i + 3 < k.n; i++)
		if (asctime_at(&k, i, t_r))
			return true;
	return false;
}

bool mig_date_rfc5322(const char *s, size_t len, time_t *t_r)
{
	struct toks k;
	size_t i = 0;
	long zone = 0;

	tokenize(s, len, &k);
	if (i < k.n && isalpha((unsigned char)k.t[i][0]) && is_weekday(k.t[i]))
		i++;
	long d = -1, mon = 0, y = -1, secs = -1;
	if (i + 3 < k.n) {
		d = number(k.t[i], 2);
		mon = month_of(k.t[i + 1]);
		y = number(k.t[i + 2], 4);
		secs = clock_of(k.t[i + 3]);
	}
	if (d < 1 || d > 31 || mon == 0 || y < 0 || secs < 0) {
		/* asctime() in a Date: field: "Mon Jan  3 01:05:34 1996" */
		for (size_t j = 0; j + 3 < k.n && j < 3; j++)
			if (asctime_at(&k, j, t_r))
				return true;
		return false;
	}
	size_t ylen = strlen(k.t[i + 2]);
	if (ylen == 2)
		y += y < 50 ? 2000 : 1900;  /* RFC 5322 4.3 */
	else if (ylen == 3)
		y += 1900;
	if (i + 4 < k.n)
		(void)zone_of(k.t[i + 4], &zone);
	*t_r = utc_time(y, (int)mon, (int)d, secs, zone);
	return true;
}
