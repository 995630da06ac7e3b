/*
 * quota.c - the Maildir++ quota decisions: which limit is in force, when
 * the usage must be recounted, whether a delivery fits (quota.h).
 *
 * "Fits" is Dovecot's and maildrop's test: usage plus the new message may
 * reach the limit but not pass it; a limit of 0 is no limit.  When the
 * file says "over" it is trusted only while it is one fresh summary line
 * (Dovecot: more than one line, or older than QUOTA_STALE_SECS, means an
 * expunge may not be counted yet); otherwise the folders are recounted
 * first, once per delivery.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/quota.h"

/* parse_size - number with optional unit (K M G T; B for octets); unit
 * is the multiplier of a bare number. */
static int parse_size(const char *s, const char *end, uint64_t unit,
		      uint64_t *v_r)
{
	uint64_t v = 0;
	const char *p = s;

	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v >= (uint64_t)QUOTA_VALUE_MAX)
			return -1;
	}
	if (p == s || end - p > 1)
		return -1;
	if (p < end) {
		const char *units = "BKMGT";
		const char *u = strchr(units, *p & ~0x20);

		if (u == NULL)
			return -1;
		unit = 1;
		for (const char *k = units + 1; k <= u; k++)
			unit *= 1024;
	}
	if (v != 0 && unit > (uint64_t)QUOTA_VALUE_MAX / v)
		return -1;
	*v_r = v * unit;
	return 0;
}

int quota_parse(const char *spec, struct quota_limit *l)
{
	const char *comma = strchr(spec, ',');
	const char *end = spec + strlen(spec);
	struct quota_limit r = { 0, 0 };

	if (end > spec && (end[-1] == 'S' || end[-1] == 'C'))
		return quota_parse_limits(spec, end, l);
	if (parse_size(spec, comma ? comma : end, 1, &r.bytes) != 0)
		return -1;
	if (comma != NULL && parse_size(comma + 1, end, 1, &r.count) != 0)
		return -1;
	if (comma != NULL && r.count != 0 && strpbrk(comma + 1, "BKMGTbkmgt"))
		return -1;   /* a message count has no unit */
	*l = r;
	return 0;
}

int quota_parse_rule(const char *rule, struct quota_limit *l)
{
	struct quota_limit r = { 0, 0 };
	const char *p = rule;

	if (strncmp(p, "*:", 2) == 0)
		p += 2;
	while (*p != '\0') {
		const char *end = strchr(p, ':');
		const char *eq = strchr(p, '=');

		if (end == NULL)
			end = p + strlen(p);
		if (eq == NULL || eq > end)
			return -1;
		size_t klen = (size_t)(eq - p);
		if (klen == 7 && strncmp(p, "storage", 7) == 0) {
			if (parse_size(eq + 1, end, 1024, &r.bytes) != 0)
				return -1;
		} else if (klen == 5 && strncmp(p, "bytes", 5) == 0) {
			if (parse_size(eq + 1, end, 1, &r.bytes) != 0)
				return -1;
		} else if (klen == 8 && strncmp(p, "messages", 8) == 0) {
			if (parse_size(eq + 1, end, 1, &r.count) != 0)
				return -1;
		} else {
			return -1;
		}
		p = *end == ':' ? end + 1 : end;
	}
	*l = r;
	return 0;
}

static bool over(const struct quota *q, const struct quota_usage *u)
{
	return (q->limit.bytes != 0 && (uint64_t)u->bytes > q->limit.bytes) ||
	       (q->limit.count != 0 && (uint64_t)u->count > q->limit.count);
}

/* recount - sum the folders; write the file unless they moved meanwhile
 * (a failed write is noted: the sums are right for this delivery). */
static enum mda_err recount(struct quota *q, struct why *w)
{
	bool changed = false;
	int err = quota_scan(q, &q->used, &changed);

	if (err != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "quota recount of %.200s: "
			       "%s", q->root, strerror(err));
	q->recounted = true;
	q->lines = 1;
	if (changed || q->read_only)
		return MDA_OK;
	err = quota_file_write(q);
	if (err != 0 && q->note[0] == '\0')
		(void)snprintf(q->note, sizeof(q->note), "quota: writing %.200s:"
			       " %s", q->path, strerror(err));
	return MDA_OK;
}

/* recount_quietly - sum and write; true when the file is right again. */
static bool recount_quietly(struct quota *q)
{
	struct quota_usage u;
	bool changed = false;

	if (quota_scan(q, &u, &changed) != 0 || changed)
		return false;
	q->used = u;
	return quota_file_write(q) == 0;
}

/* suspect - an "over" answer from the file that may be out of date. */
static bool suspect(const struct quota *q)
{
	return !q->recounted &&
	       (q->lines > 1 || q->mtime < q->now - QUOTA_STALE_SECS);
}

enum mda_err quota_load(struct quota *q, const char *root,
			const struct quota_limit *given, time_t now,
			struct why *w)
{
	int n = snprintf(q->root, sizeof(q->root), "%s", root);
	int m = snprintf(q->path, sizeof(q->path), "%s/" QUOTA_FILE_NAME, root);
	int usable;

	q->ignore = QUOTA_IGNORE_DEFAULT;
	q->limit = given ? *given : (struct quota_limit){ 0, 0 };
	q->given = q->limit.bytes != 0 || q->limit.count != 0;
	q->used = (struct quota_usage){ 0, 0 };
	q->on = q->recounted = false;
	q->lines = 0;
	q->mtime = 0;
	q->now = now;
	q->note[0] = '\0';
	if (n < 0 || (size_t)n >= sizeof(q->root) || m < 0 ||
	    (size_t)m >= sizeof(q->path))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "Maildir path too long");
	usable = quota_file_read(q);
	q->on = q->limit.bytes != 0 || q->limit.count != 0;
	if (q->note[0] != '\0')   /* say what follows from the fault */
		(void)snprintf(q->note + strlen(q->note),
			       sizeof(q->note) - strlen(q->note), "; %s",
			       !q->on ? "no quota applied" : q->read_only ?
			       "recounted (dry run: not written)" : "recounted");
	if (!q->on)
		return MDA_OK;   /* no limit anywhere: nothing to keep up */
	if (usable && !(over(q, &q->used) && suspect(q)))
		return MDA_OK;
	return recount(q, w);
}

enum mda_err quota_admit(struct quota *q, uint64_t bytes, uint64_t count,
			 bool permanent, struct why *w)
{
	struct quota_usage after;

	if (!q->on)
		return MDA_OK;
	/* Never fits, however long the MTA retries: bounce now.  With
	 * several copies (fileinto) it is the plan that cannot fit. */
	if ((q->limit.bytes != 0 && bytes > q->limit.bytes) ||
	    (q->limit.count != 0 && count > q->limit.count))
		return why_set(w, MDA_ERR_QUOTA_FULL, "5.2.2", "Message is larger "
			       "than the whole quota (%llu octets in %llu "
			       "cop%s, quota %llu)", (unsigned long long)bytes,
			       (unsigned long long)count, count == 1 ? "y" : "ies",
			       (unsigned long long)q->limit.bytes);
	after = (struct quota_usage){ q->used.bytes + (int64_t)bytes,
				      q->used.count + (int64_t)count };
	if (over(q, &after) && suspect(q)) {
		enum mda_err e = recount(q, w);

		if (e != MDA_OK)
			return e;
		after = (struct quota_usage){ q->used.bytes + (int64_t)bytes,
					      q->used.count + (int64_t)count };
	}
	if (!over(q, &after))
		return MDA_OK;
	if (permanent)
		return why_set(w, MDA_ERR_QUOTA_FULL, "5.2.2", "Mailbox full");
	return why_set(w, MDA_ERR_QUOTA, "4.2.2", "Mailbox full");
}

void quota_record(struct quota *q, int64_t bytes, int64_t count)
{
	int err;

	if (!q->on || q->read_only || (bytes == 0 && count == 0))
		return;
	err = quota_file_append(q, bytes, count);
	q->used.bytes += bytes;
	q->used.count += count;
	if (err == 0)
		return;
	/* The mail is stored; only the count is behind.  A recount written
	 * under a new name keeps the limit line; if that fails too and the
	 * limit is the caller's, removing the file makes the next delivery
	 * recount; else the file holds the limit and must stay (as Dovecot
	 * decides), one message under-counted until a recount. */
	const char *then = "usage behind by one until a recount";

	if (recount_quietly(q))
		then = "recounted instead";
	else if (q->given && unlink(q->path) == 0)
		then = "removed, recounted next time";
	(void)snprintf(q->note, sizeof(q->note), "quota: appending to %.200s: "
		       "%s; %s", q->path, strerror(err), then);
}

static unsigned pct(int64_t used, uint64_t limit)
{
	long double p;

	if (limit == 0 || used <= 0)
		return 0;
	/* Whole percent rounded down, as maildrop reports it; used * 100
	 * could pass 2^64 in integers. */
	p = (long double)used * 100.0L / (long double)limit;
	return p > 1000.0L ? 1000 : (unsigned)p;
}

unsigned quota_percent(const struct quota *q, const struct quota_usage *u)
{
	unsigned b = pct(u->bytes, q->limit.bytes);
	unsigned c = pct(u->count, q->limit.count);

	return b > c ? b : c;
}

enum mda_err quota_check(const char *root, const struct quota_limit *l,
			 uint64_t size, bool permanent,
			 struct quota_usage *usage_r, struct why *w)
{
	struct quota *q = calloc(1, sizeof(*q));
	enum mda_err e;

	if (q == NULL)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "out of memory");
	e = quota_load(q, root, l, time(NULL), w);
	if (e == MDA_OK && usage_r != NULL)
		*usage_r = q->used;
	if (e == MDA_OK)
		e = quota_admit(q, size, 1, permanent, w);
	free(q);
	return e;
}
