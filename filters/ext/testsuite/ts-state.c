/*
 * ts-state.c - the state of a testsuite run: which message and envelope
 * the run sees, the result, and the `test` blocks themselves
 * (filters/testsuite.h).
 *
 * A message the file sets gets the envelope Pigeonhole's testsuite gives
 * it: the sender from Return-Path, Sender or From, the recipient (and
 * original recipient) from Envelope-To or To, else sender@example.com and
 * recipient@example.com.  A block starts from what the top level left and
 * returns to it when it ends, so no block sees another's message, envelope
 * or result.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/parser.h"
#include "ext/testsuite/ts.h"
#include "run/address.h"
#include "util.h"

static int flags_from_message(struct sieve_ix *ix);

struct ix_ts *ts_of(struct sieve_ix *ix, const struct sieve_node *n)
{
	if (ix->ts == NULL)
		ix_fail(ix, n, "testsuite: only under mda test --svtest");
	return ix->ts;
}

const char *ts_path(const struct ix_ts *ts)
{
	return ts->ops->path != NULL ? ts->ops->path : "";
}

void ts_log_clear(struct ix_ts *ts)
{
	sieve_diag_free(&ts->log);
}

int ts_fail(struct sieve_ix *ix, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);   /* cut is acceptable */
	va_end(ap);
	if (ix->ts->fail == NULL)
		ix->ts->fail = strdup(buf[0] ? buf : "test_fail");
	return IX_STOP;
}

static void env_free(struct ts_envelope *e)
{
	free(e->from);
	free(e->to);
	free(e->orig_to);
	free(e->auth);
	memset(e, 0, sizeof(*e));
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int env_copy(struct ts_envelope *dst, const struct ts_envelope *src)
{
	struct ts_envelope c = {
		dup_or_null(src->from), dup_or_null(src->to),
		dup_or_null(src->orig_to), dup_or_null(src->auth),
	};

	if ((src->from && !c.from) || (src->to && !c.to) ||
	    (src->orig_to && !c.orig_to) || (src->auth && !c.auth)) {
		env_free(&c);
		return -1;
	}
	env_free(dst);
	*dst = c;
	return 0;
}

/* env_publish - point the run's envelope at cur's strings. */
static void env_publish(struct ix_ts *ts)
{
	ts->env.envelope.from = ts->cur.env.from ? ts->cur.env.from : "";
	ts->env.envelope.to = ts->cur.env.to ? ts->cur.env.to : "";
	ts->env.envelope.orig_to = ts->cur.env.orig_to;
	ts->env.envelope.auth = ts->cur.env.auth;
}

/* header_addr - the first address in the first field called name, or
 * NULL (malloc'd). */
static char *header_addr(const struct sieve_message *m, const char *name)
{
	for (size_t i = 0; i < m->nfields && i < SIEVE_MAX_HEADERS; i++) {
		const struct sieve_header_field *f = &m->fields[i];
		struct sieve_addr *v = NULL;
		size_t nv = 0;
		char *val, *res = NULL;

		if (!ascii_nieq(f->name, f->name_len, name))
			continue;
		if ((val = xstrndup(f->value, f->value_len)) == NULL)
			return NULL;
		for (char *p = val; *p != '\0'; p++)
			if (*p == '\r' || *p == '\n')
				*p = ' ';   /* unfold */
		if (sieve_addr_parse(val, &v, &nv) == 0)
			for (size_t k = 0; k < nv && res == NULL; k++)
				if (v[k].valid)
					res = sieve_addr_part(&v[k], AP_ALL);
		sieve_addr_free(v, nv);
		free(val);
		return res;
	}
	return NULL;
}

static char *first_addr(const struct sieve_message *m, const char *a,
			const char *b, const char *c, const char *dflt)
{
	char *r = header_addr(m, a);

	if (r == NULL && b != NULL)
		r = header_addr(m, b);
	if (r == NULL && c != NULL)
		r = header_addr(m, c);
	return r != NULL ? r : strdup(dflt);
}

/* state_from - cur becomes msg with its envelope (given or derived). */
static int state_from(struct ts_msgstate *st, const struct sieve_message *m,
		      const char *from, const char *to)
{
	struct ts_envelope e = { 0 };

	e.from = from ? strdup(from) :
		first_addr(m, "return-path", "sender", "from",
			   "sender@example.com");
	e.to = to ? strdup(to) :
		first_addr(m, "envelope-to", "to", NULL,
			   "recipient@example.com");
	e.orig_to = dup_or_null(e.to);
	if (e.from == NULL || e.to == NULL || e.orig_to == NULL) {
		env_free(&e);
		return -1;
	}
	env_free(&st->env);
	st->env = e;
	st->msg = m;
	st->flags = NULL;
	st->nflags = 0;
	return 0;
}

/* view_reset - the run looks at ts->cur.msg afresh: header view, MIME
 * index and every other per-message memo of the extensions. */
static int view_reset(struct sieve_ix *ix)
{
	ix_headers_free(ix);
	for (size_t i = 0; i < EXT_COUNT; i++)
		if (i != EXT_TESTSUITE && sieve_extensions[i]->run_free)
			sieve_extensions[i]->run_free(ix);
	ix->msg = ix->ts->cur.msg;
	ix->version = 0;   /* a filter's output is the block's no longer */
	ix->edited = false;
	ix_headers_init(ix);
	env_publish(ix->ts);
	return ix->hdrs != NULL ? 0 : ix_fail(ix, NULL, "out of memory");
}

int ts_set_message(struct sieve_ix *ix, const struct sieve_message *msg,
		   const char *from, const char *to,
		   const char *const *flags, size_t nflags)
{
	struct ix_ts *ts = ix->ts;

	if (state_from(&ts->cur, msg, from, to) < 0)
		return ix_fail(ix, NULL, "out of memory");
	ts->cur.flags = flags;
	ts->cur.nflags = nflags;
	if (view_reset(ix) < 0)
		return IX_ERR;
	return flags_from_message(ix);
}

/* strip_path - an SMTP path as test_set gives it: "<a@b>" is "a@b",
 * "<>" the null sender (RFC 5321 4.1.2). */
static char *strip_path(const char *v)
{
	size_t len = strlen(v);

	if (len >= 2 && v[0] == '<' && v[len - 1] == '>')
		return xstrndup(v + 1, len - 2);
	return strdup(v);
}

int ts_set_envelope(struct sieve_ix *ix, const struct sieve_node *n,
		    const char *part, const char *value)
{
	struct ts_envelope *e = &ix->ts->cur.env;
	char **slot = ascii_ieq(part, "from") ? &e->from :
		ascii_ieq(part, "to") ? &e->to :
		ascii_ieq(part, "orig_to") ? &e->orig_to :
		ascii_ieq(part, "auth") ? &e->auth : NULL;
	char *v;

	if (slot == NULL)
		return ix_fail(ix, n, "test_set: unknown envelope part \"%s\"",
			       part);
	v = slot == &e->auth ? strdup(value) : strip_path(value);
	if (v == NULL)
		return ix_fail(ix, n, "out of memory");
	free(*slot);
	*slot = v;
	if (slot == &e->to) {   /* a new recipient is also the original one */
		free(e->orig_to);
		e->orig_to = strdup(v);
	}
	env_publish(ix->ts);
	return IX_OK;
}

/* flags_from_message - the internal imap4flags variable starts as the
 * message's own flags (as Pigeonhole's, for a message read back from a
 * folder). */
static int flags_from_message(struct sieve_ix *ix)
{
	struct ix_ts *ts = ix->ts;

	for (size_t i = 0; i < ix->nflags; i++)
		free(ix->flags[i]);
	free(ix->flags);
	ix->flags = NULL;
	ix->nflags = 0;
	if (ts->cur.nflags > 0) {
		ix->flags = sieve_flags_dup((char *const *)ts->cur.flags,
					    ts->cur.nflags);
		if (ix->flags == NULL)
			return ix_fail(ix, NULL, "out of memory");
		ix->nflags = ts->cur.nflags;
	}
	return IX_OK;
}

int ts_result_reset(struct sieve_ix *ix)
{
	struct ix_ts *ts = ix->ts;

	sieve_actions_free(ix->out);
	ix->implicit_keep = true;
	ix->discarded = false;
	ix->discard_line = 0;
	ix->discard_script = NULL;
	ix->nredirects = 0;
	ts->executed = 0;
	ts->keep_executed = false;
	ts->ops->smtp_reset(ts->ops->ctx);
	return flags_from_message(ix);
}

/* block_why - the first error the block's run reported after mark. */
static const char *block_why(const struct sieve_diag *d, size_t mark)
{
	for (size_t i = mark; i < d->n; i++)
		if (d->v[i].error)
			return d->v[i].text;
	return "run-time error";
}

/* report_fail - test_fail's reason, with the first error the log holds
 * (a compile or run of the script under test), which says why. */
static void report_fail(struct ix_ts *ts, const char *name)
{
	const struct sieve_diag_entry *e = NULL;
	char buf[800];

	for (size_t i = 0; i < ts->log.n && e == NULL; i++)
		if (ts->log.v[i].error)
			e = &ts->log.v[i];
	if (e == NULL) {
		ts->ops->report(ts->ops->ctx, name, false, ts->fail);
		return;
	}
	snprintf(buf, sizeof(buf), "%s (%s:%u:%u: %s)", ts->fail, e->file,
		 e->line, e->col, e->text);
	ts->ops->report(ts->ops->ctx, name, false, buf);
}

int ts_block(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);
	size_t mark = ix->d != NULL ? ix->d->n : 0;
	const char *name = n->pos[0]->v[0].s;
	int rc;

	if (ts == NULL)
		return IX_ERR;
	if (env_copy(&ts->top.env, &ts->cur.env) < 0)
		return ix_fail(ix, n, "out of memory");
	ts->top.msg = ts->cur.msg;
	ts->top.flags = ts->cur.flags;
	ts->top.nflags = ts->cur.nflags;
	ts->in_block = true;
	ts->ops->block(ts->ops->ctx, true);
	ix->steps = 0;
	ts_log_clear(ts);
	rc = ts_result_reset(ix);
	if (rc == IX_OK)
		rc = ix_block(ix, n->block, n->nblock);
	ts->in_block = false;
	ts->ops->block(ts->ops->ctx, false);
	ts->blocks++;
	if (ts->fail != NULL)
		report_fail(ts, name);
	else if (rc == IX_ERR)
		ts->ops->report(ts->ops->ctx, name, false,
				ix->d ? block_why(ix->d, mark) : "error");
	else
		ts->ops->report(ts->ops->ctx, name, true, NULL);
	free(ts->fail);
	ts->fail = NULL;
	/* back to the top level's message and envelope, empty result */
	if (env_copy(&ts->cur.env, &ts->top.env) < 0)
		return ix_fail(ix, n, "out of memory");
	ts->cur.msg = ts->top.msg;
	ts->cur.flags = ts->top.flags;
	ts->cur.nflags = ts->top.nflags;
	if (view_reset(ix) < 0)
		return IX_ERR;
	return ts_result_reset(ix);
}
