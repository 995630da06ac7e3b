/*
 * ext-date.c - RFC 5260 date and currentdate tests.
 *
 * date parses the first field of the named header (RFC 5260 4.2; for
 * Received, the part after the last ';'); if it does not parse, the test
 * is false.  The
 * instant is shown in :zone's offset, in the header's own (:originalzone)
 * or, by default, in the local zone ($TZ, through localtime_r).
 * currentdate uses env->now.  Date parts are those of RFC 5260 4.2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/interp.h"
#include "util.h"

static const char *const parts[] = {
	"year", "month", "day", "date", "julian", "hour", "minute", "second",
	"time", "iso8601", "std11", "zone", "weekday", NULL,
};

static bool part_ok(const char *p)
{
	for (size_t i = 0; parts[i] != NULL; i++)
		if (ascii_ieq(parts[i], p))
			return true;
	return false;
}

/* zone_parse - "+hhmm"/"-hhmm" to seconds east of UTC; -1 if malformed. */
static int zone_parse(const char *z, long *off_r)
{
	int hh, mm;

	if ((z[0] != '+' && z[0] != '-') || strlen(z) != 5 ||
	    strspn(z + 1, "0123456789") != 4)
		return -1;
	hh = (z[1] - '0') * 10 + (z[2] - '0');
	mm = (z[3] - '0') * 10 + (z[4] - '0');
	if (hh > 23 || mm > 59)
		return -1;
	*off_r = (z[0] == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
	return 0;
}

static int v_date(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_arg *p = n->pos[n->npos - 2];
	long off;

	if (n->tag[0] != NULL && n->tag[1] != NULL)
		v_error(v, n->line, n->col, "%s: :zone and :originalzone together",
			n->name);
	if (n->tag[0] != NULL && v_str_const(v, &n->tag[0]->v[0]) &&
	    zone_parse(n->tag[0]->v[0].s, &off) < 0)
		v_error(v, n->tag[0]->line, n->tag[0]->col,
			"%s: invalid zone \"%s\"", n->name, n->tag[0]->v[0].s);
	if (v_str_const(v, &p->v[0]) && !part_ok(p->v[0].s))
		v_error(v, p->line, p->col, "%s: unknown date part \"%s\"",
			n->name, p->v[0].s);
	return 0;
}

static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";

/* zone_word - obsolete zone names of RFC 5322 4.3; unknown ones are 0. */
static long zone_word(const char *z)
{
	static const struct { const char *n; int h; } t[] = {
		{"ut", 0}, {"gmt", 0}, {"est", -5}, {"edt", -4}, {"cst", -6},
		{"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (ascii_ieq(t[i].n, z))
			return t[i].h * 3600L;
	return 0;
}

/* date_parse - RFC 5322 3.3 date-time to UTC seconds and zone offset. */
static int date_parse(const char *s, time_t *t_r, long *zone_r)
{
	char mon[4] = {0}, zone[16] = {0};
	int d, y, hh, mm, ss = 0, n = 0;
	const char *p = strchr(s, ',');
	const char *mp;

	s = p != NULL ? p + 1 : s;
	if (sscanf(s, " %d %3s %d %d:%d%n", &d, mon, &y, &hh, &mm, &n) != 5)
		return -1;
	s += n;
	if (*s == ':' && sscanf(s, ":%d%n", &ss, &n) == 1)
		s += n;
	if (sscanf(s, " %15s", zone) != 1)
		strcpy(zone, "-0000");
	mp = strstr(months, (char[4]){ (char)ascii_lower(mon[0]),
			     (char)ascii_lower(mon[1]), (char)ascii_lower(mon[2]), 0 });
	if (mp == NULL || (mp - months) % 3 != 0 || d < 1 || d > 31 ||
	    hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0 || y < 0)
		return -1;
	if (y < 50)
		y += 2000;
	else if (y < 1000)
		y += 1900;
	if (zone_parse(zone, zone_r) < 0)
		*zone_r = zone_word(zone);
	*t_r = (time_t)(days_from_civil(y, (unsigned)((mp - months) / 3 + 1),
					(unsigned)d) * 86400L +
			hh * 3600L + mm * 60L + ss) - *zone_r;
	return 0;
}

/* date_part - the named part of instant t shown at offset off. */
static char *date_part(const char *part, time_t t, long off)
{
	static const char *const wd[] = {"Sun","Mon","Tue","Wed","Thu","Fri","Sat"};
	static const char *const mn[] = {"Jan","Feb","Mar","Apr","May","Jun",
					 "Jul","Aug","Sep","Oct","Nov","Dec"};
	time_t lt = t + off;
	long ao = off < 0 ? -off : off;
	char buf[96], z[24];
	struct tm tm;

	if (gmtime_r(&lt, &tm) == NULL)
		return NULL;
	snprintf(z, sizeof(z), "%c%02ld%02ld", off < 0 ? '-' : '+',
		 (ao / 3600) % 100, (ao / 60) % 60);
	if (ascii_ieq(part, "year")) snprintf(buf, sizeof(buf), "%04d", tm.tm_year + 1900);
	else if (ascii_ieq(part, "month")) snprintf(buf, sizeof(buf), "%02d", tm.tm_mon + 1);
	else if (ascii_ieq(part, "day")) snprintf(buf, sizeof(buf), "%02d", tm.tm_mday);
	else if (ascii_ieq(part, "date"))
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday);
	else if (ascii_ieq(part, "julian"))
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)((lt >= 0 ? lt : lt - 86399) / 86400) + 40587);
	else if (ascii_ieq(part, "hour")) snprintf(buf, sizeof(buf), "%02d", tm.tm_hour);
	else if (ascii_ieq(part, "minute")) snprintf(buf, sizeof(buf), "%02d", tm.tm_min);
	else if (ascii_ieq(part, "second")) snprintf(buf, sizeof(buf), "%02d", tm.tm_sec);
	else if (ascii_ieq(part, "time"))
		snprintf(buf, sizeof(buf), "%02d:%02d:%02d", tm.tm_hour,
			 tm.tm_min, tm.tm_sec);
	else if (ascii_ieq(part, "iso8601"))   /* RFC 3339; "Z" as Pigeonhole */
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%.3s%s%s",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, off == 0 ? "Z" : z,
			 off == 0 ? "" : ":", off == 0 ? "" : z + 3);
	else if (ascii_ieq(part, "std11"))
		snprintf(buf, sizeof(buf), "%s, %d %s %04d %02d:%02d:%02d %s",
			 wd[tm.tm_wday], tm.tm_mday, mn[tm.tm_mon],
			 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, z);
	else if (ascii_ieq(part, "zone")) snprintf(buf, sizeof(buf), "%s", z);
	else if (ascii_ieq(part, "weekday")) snprintf(buf, sizeof(buf), "%d", tm.tm_wday);
	else
		return NULL;
	return strdup(buf);
}

/* show_offset - the offset to display t in (see the file comment). */
static int show_offset(struct sieve_ix *ix, const struct sieve_node *n,
		       time_t t, long orig, long *off_r)
{
	struct tm tm;

	if (n->tag[0] != NULL) {
		const char *z = ix_arg_str(ix, n->tag[0]);

		if (z == NULL || zone_parse(z, off_r) < 0)
			return ix_fail(ix, n, "%s: invalid zone", n->name);
		return 0;
	}
	if (n->tag[1] != NULL) {
		*off_r = orig;
		return 0;
	}
	if (localtime_r(&t, &tm) == NULL)
		return ix_fail(ix, n, "%s: no local time", n->name);
	*off_r = tm.tm_gmtoff;
	return 0;
}

static int add_instant(struct sieve_ix *ix, const struct sieve_node *n,
		       const char *part, time_t t, long orig,
		       struct ix_vals *vals)
{
	long off;
	char *v;

	if (show_offset(ix, n, t, orig, &off) < 0)
		return IX_ERR;
	if ((v = date_part(part, t, off)) == NULL)
		return 0;   /* unknown part (from a variable): no value */
	return ix_vals_add(ix, vals, v);
}

static int e_date(struct sieve_ix *ix, const struct sieve_node *n, bool *res)
{
	bool current = n->name[0] == 'c';
	struct ix_vals vals = {0};
	const char *hdr = current ? NULL : ix_arg_str(ix, n->pos[0]);
	const char *part = ix_arg_str(ix, n->pos[n->npos - 2]);
	size_t nk, nh = 0;
	const char **keys = ix_arg_list(ix, n->pos[n->npos - 1], &nk);
	const char **hv = hdr ? ix_header_values(ix, hdr, &nh) : NULL;
	int rc = 0;

	if (hv != NULL)
		hv = ix_index_pick(n, hv, &nh);   /* RFC 5260 6 */
	if (part == NULL || keys == NULL || (!current && hv == NULL))
		return IX_ERR;
	if (current)
		rc = add_instant(ix, n, part, ix->env->now, 0, &vals);
	for (size_t i = 0; i < nh && i < 1 && rc == 0; i++) {
		const char *s = hv[i], *semi = strrchr(s, ';');
		time_t t;
		long zone;

		if (ascii_ieq(hdr, "received") && semi != NULL)
			s = semi + 1;
		if (date_parse(s, &t, &zone) == 0)
			rc = add_instant(ix, n, part, t, zone, &vals);
	}
	if (rc == 0)
		rc = ix_match(ix, n, vals.v, vals.n, keys, nk, res);
	ix_vals_done(ix, &vals);
	return rc;
}

static const struct sieve_tag_def date_tags[] = {
	{ "zone", TAGK_STRING, 0, NULL },
	{ "originalzone", TAGK_FLAG, 1, NULL },
	{ "index", TAGK_NUMBER, 2, "index" },
	{ "last", TAGK_FLAG, 3, "index" },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def current_tags[] = {
	{ "zone", TAGK_STRING, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sieve_cmd_def tst_date = {
	.name = "date", .test = true, .std = STD_CMP | STD_MATCH,
	.tags = date_tags, .pos = "SSL", .validate = v_date, .eval = e_date,
};
static const struct sieve_cmd_def tst_currentdate = {
	.name = "currentdate", .test = true, .std = STD_CMP | STD_MATCH,
	.tags = current_tags, .pos = "SL", .validate = v_date, .eval = e_date,
};

static const struct sieve_cmd_def *const defs[] = {
	&tst_date, &tst_currentdate, NULL,
};

const struct sieve_extension sieve_ext_date = {
	.name = "date", .defs = defs,
};
