/*
 * mboxrd.c - mboxrd "From " escaping in both directions, and the From_ line.
 *
 * The state machine holds back the start of each line (a run of '>' and
 * the part of "From " seen so far) until it knows whether the line needs
 * one '>' more (writing) or one fewer (reading).  What is held back is two
 * counters, not bytes, so a line of a million '>' costs no memory.
 * Format reference: RFC 4155 (application/mbox) names the family and the
 * From_ line; mboxrd is the variant whose quoting can be undone exactly,
 * unlike mboxo, which quotes only ^From and cannot tell ">From" in a body
 * from a quoted "From" (docs/VIOLATIONS.md lists what we write).
 */
#include <stdio.h>
#include <string.h>

#include "store/mboxrd.h"

static const char from_word[] = "From ";
#define FROM_LEN 5

static const char gts[64] =
	">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>";

static void init(struct mboxrd *q, int delta)
{
	memset(q, 0, sizeof(*q));
	q->delta = delta;
	q->at_start = true;
	q->last = '\n';
}

void mboxrd_quote_init(struct mboxrd *q)
{
	init(q, +1);
}

void mboxrd_unquote_init(struct mboxrd *q)
{
	init(q, -1);
}

/* emit - pass bytes out, remembering the last one. */
static int emit(struct mboxrd *q, const char *p, size_t len, mboxrd_out out,
		void *ctx)
{
	if (len == 0)
		return 0;
	q->any = true;
	q->last = p[len - 1];
	return out(ctx, p, len);
}

/* emit_gt - n '>' in slices of the constant above; bounded by n. */
static int emit_gt(struct mboxrd *q, size_t n, mboxrd_out out, void *ctx)
{
	while (n > 0) {
		size_t k = n < sizeof(gts) ? n : sizeof(gts);
		int err = emit(q, gts, k, out, ctx);

		if (err != 0)
			return err;
		n -= k;
	}
	return 0;
}

/* release - the held line start, with the '>' count changed by delta
 * when the line turned out to be a ^>*From line. */
static int release(struct mboxrd *q, bool is_from, mboxrd_out out, void *ctx)
{
	size_t n = q->gt;
	int err;

	if (is_from && q->delta > 0)
		n++;
	else if (is_from && q->delta < 0 && n > 0)
		n--;
	err = emit_gt(q, n, out, ctx);
	if (err == 0)
		err = emit(q, from_word, q->matched, out, ctx);
	q->gt = 0;
	q->matched = 0;
	q->at_start = false;
	return err;
}

int mboxrd_feed(struct mboxrd *q, const char *p, size_t len, mboxrd_out out,
		void *ctx)
{
	size_t i = 0;
	int err = 0;

	while (i < len && err == 0) {  /* each pass consumes or leaves start */
		if (!q->at_start) {
			const char *nl = memchr(p + i, '\n', len - i);
			size_t end = nl != NULL ? (size_t)(nl - p) + 1 : len;

			err = emit(q, p + i, end - i, out, ctx);
			i = end;
			if (nl != NULL)
				q->at_start = true;
		} else if (p[i] == '>' && q->matched == 0) {
			q->gt++;
			i++;
		} else if (p[i] == from_word[q->matched]) {
			q->matched++;
			i++;
			if (q->matched == FROM_LEN)
				err = release(q, true, out, ctx);
		} else {
			/* not a From line: give back what was held, then
			 * reread this byte as ordinary line content */
			err = release(q, false, out, ctx);
		}
	}
	return err;
}

int mboxrd_finish(struct mboxrd *q, mboxrd_out out, void *ctx)
{
	if (!q->at_start || (q->gt == 0 && q->matched == 0))
		return 0;
	return release(q, false, out, ctx);
}

bool mboxrd_ends_in_newline(const struct mboxrd *q)
{
	return !q->any || q->last == '\n';
}

size_t mboxrd_unquote_line(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] == '>')
		i++;
	if (i == 0 || len - i < FROM_LEN ||
	    memcmp(line + i, from_word, FROM_LEN) != 0)
		return 0;
	return 1;
}

bool mboxrd_is_separator(const char *line, size_t len)
{
	return len >= FROM_LEN && memcmp(line, from_word, FROM_LEN) == 0;
}

size_t mboxrd_from_line(char *buf, size_t size, const char *sender,
			time_t when)
{
	/* Fixed English names: asctime's format, whatever the locale. */
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
					 "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
					    "Jun", "Jul", "Aug", "Sep", "Oct",
					    "Nov", "Dec" };
	char who[MBOXRD_SENDER_MAX + 1];
	size_t n = 0;
	struct tm tm;
	int len;

	if (sender == NULL || sender[0] == '\0' || strcmp(sender, "<>") == 0)
		sender = "MAILER-DAEMON";
	for (; sender[n] != '\0' && n < MBOXRD_SENDER_MAX; n++) {
		unsigned char c = (unsigned char)sender[n];

		who[n] = (c <= ' ' || c == 0x7f) ? '_' : (char)c;
	}
	who[n] = '\0';
	if (localtime_r(&when, &tm) == NULL || tm.tm_wday < 0 ||
	    tm.tm_wday > 6 || tm.tm_mon < 0 || tm.tm_mon > 11)
		return 0;
	len = snprintf(buf, size, "From %s %s %s %2d %02d:%02d:%02d %d\n", who,
		       days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
		       tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
	if (len < 0 || (size_t)len >= size)
		return 0;
	return (size_t)len;
}
