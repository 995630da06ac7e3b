/*
 * migrate_split.c - cut an mbox into messages (RFC 4155; the mboxrd,
 * mboxo and mboxcl2 variants), streaming, one buffer of memory.
 *
 * A message starts at a "From " line that carries an asctime date (a
 * "From " line without one is body text written by a careless mboxo
 * writer; the very first line of a file is accepted without a date).  It
 * ends before the next such line, minus the one blank line the writer put
 * before it.  Lines matching ^>+From  lose one '>' (mboxrd); a file that
 * has no ">>From " line reads the same under mboxo, so one rule serves
 * both (docs/migrate.md).  When the header has a Content-Length: and the
 * body of that length is followed by the end of the file or a From_ line,
 * the body is taken verbatim by length (mboxcl2), else the length is
 * ignored.  Header fields that only carried mbox state are dropped
 * (migrate_flags.c) and read into the message's flags and date.
 */
#include <string.h>

#include "migrate/migrate.h"

enum state { S_OUT, S_HEADER, S_BODY };

struct split {
	struct mbr *r;
	const struct mig_sink *sink;
	struct mig_stats *st;
	struct mig_msg m;
	enum state state;
	bool in_msg;
	bool after_cl;           /* the blank line after a by-length body */
	bool in_junk;
	bool skip_cont;          /* drop the rest of a long From_ line */
	bool last_nl;            /* the last piece read ended in LF */
	char pend[2];            /* a blank line held back */
	size_t npend;
	enum mig_role role;      /* field being read */
	char val[MIG_LABELS_MAX];
	size_t vlen;
	bool have_clen;
	uint64_t clen;
};

static bool is_blank(const struct mbr_line *l)
{
	return l->first && l->nl &&
	       (l->len == 1 || (l->len == 2 && l->p[0] == '\r'));
}

/* is_separator - a From_ line; its date into *t_r when it has one. */
static bool is_separator(const struct split *s, const struct mbr_line *l,
			 time_t *t_r, bool *dated_r)
{
	if (!l->first || l->len < 5 || memcmp(l->p, "From ", 5) != 0)
		return false;
	*dated_r = mig_date_from_line(l->p, l->len, t_r);
	return *dated_r || s->state == S_OUT;
}

static int emit(struct split *s, const char *p, size_t len)
{
	return len == 0 ? 0 : s->sink->data(s->sink->ctx, p, len);
}

/* emit_unquoted - a line of the message, one '>' off ^>+From . */
static int emit_unquoted(struct split *s, const struct mbr_line *l)
{
	size_t gt = 0;

	if (l->first) {
		while (gt < l->len && l->p[gt] == '>')
			gt++;
		if (gt > 0 && l->len - gt >= 5 &&
		    memcmp(l->p + gt, "From ", 5) == 0) {
			s->st->gt_from += gt == 1;
			s->st->gtgt_from += gt > 1;
			return emit(s, l->p + 1, l->len - 1);
		}
	}
	return emit(s, l->p, l->len);
}

/* value_add - append to the value of the field being read, unfolded. */
static void value_add(struct split *s, const char *p, size_t len)
{
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len > sizeof(s->val) - 1 - s->vlen)
		len = sizeof(s->val) - 1 - s->vlen;
	memcpy(s->val + s->vlen, p, len);
	s->vlen += len;
	s->val[s->vlen] = '\0';
}

/* finish_field - apply the value of the field just read. */
static void finish_field(struct split *s)
{
	struct mig_msg *m = &s->m;
	const char *v = s->val + strspn(s->val, " \t");
	time_t t;

	switch (s->role) {
	case ROLE_DATE:
		if (mig_date_rfc5322(v, strlen(v), &t)) {
			m->date = t;
			m->have_date = true;
		}
		break;
	case ROLE_STATUS: mig_flags_status(v, &m->flags); break;
	case ROLE_XSTATUS: mig_flags_xstatus(v, &m->flags); break;
	case ROLE_MOZILLA: mig_moz_status(v, m); break;
	case ROLE_MOZILLA2: mig_moz_status2(v, m); break;
	case ROLE_MOZKEYS: mig_moz_keys(v, m); break;
	case ROLE_GMAIL:
		memcpy(m->labels, v, strlen(v) + 1);
		break;
	case ROLE_KEYWORDS:
		for (const char *p = v; *p != '\0'; ) {  /* each pass moves on */
			size_t n = strcspn(p, " \t,");
			(void)mig_kw_add(m, p, n);
			p += n;
			p += strspn(p, " \t,");
		}
		break;
	case ROLE_CLEN: {
		size_t n = strspn(v, "0123456789");
		s->have_clen = n > 0 && n < 13 && v[n + strspn(v + n, " \t")] == '\0';
		s->clen = 0;
		for (size_t i = 0; s->have_clen && i < n; i++)
			s->clen = s->clen * 10 + (uint64_t)(v[i] - '0');
		break;
	}
	case ROLE_UWPSEUDO: m->uw_pseudo = true; break;
	case ROLE_KEEP:
	case ROLE_DROP:
		break;
	}
	s->role = ROLE_KEEP;
	s->vlen = 0;
	s->val[0] = '\0';
}

static int finish_msg(struct split *s)
{
	if (!s->in_msg)
		return 0;
	if (s->state == S_HEADER)
		finish_field(s);
	s->in_msg = false;
	s->npend = 0;  /* the blank line before the next From_ line */
	return s->sink->end(s->sink->ctx, &s->m);
}

static int begin_msg(struct split *s, const struct mbr_line *l, time_t t,
		     bool dated)
{
	int err = finish_msg(s);

	if (err != 0)
		return err;
	memset(&s->m, 0, sizeof(s->m));
	s->m.number = ++s->st->messages;
	s->m.offset = l->off;
	s->m.date = dated ? t : 0;
	s->m.have_date = dated;
	s->state = S_HEADER;
	s->in_msg = true;
	s->in_junk = s->after_cl = false;
	s->have_clen = false;
	s->role = ROLE_KEEP;
	s->vlen = 0;
	s->skip_cont = !l->nl;
	return s->sink->begin(s->sink->ctx, &s->m);
}

/* by_length - does Content-Length point at the end of the file or at a
 * From_ line (after at most one blank line)?  body is where it starts. */
static bool by_length(struct split *s, uint64_t body)
{
	char b[8];
	long k;

	if (s->clen == 0) {
		k = mbr_peek(s->r, body, b, 6);
		return k == 0 || (k >= 5 && memcmp(b, "From ", 5) == 0) ||
		       (k >= 1 && b[0] == '\n' &&
			(k == 1 || (k == 6 && memcmp(b + 1, "From ", 5) == 0)));
	}
	k = mbr_peek(s->r, body + s->clen - 1, b, 7);
	return k == 1 ||
	       (k >= 6 && b[0] == '\n' && memcmp(b + 1, "From ", 5) == 0) ||
	       (k >= 2 && b[1] == '\n' &&
		(k == 2 || (k == 7 && memcmp(b + 2, "From ", 5) == 0)));
}

/* copy_body - the Content-Length body, verbatim. */
static int copy_body(struct split *s)
{
	struct mbr_line piece;
	uint64_t left = s->clen;

	while (left > 0) {  /* each pass takes at least one byte or stops */
		int rc = mbr_take(s->r, left > s->r->cap ? s->r->cap : left,
				  &piece);
		if (rc <= 0) {
			s->m.cut = s->st->cut_last = true;
			break;
		}
		int err = emit(s, piece.p, piece.len);
		if (err != 0)
			return err;
		left -= piece.len;
		s->last_nl = piece.nl;
	}
	s->m.by_length = true;
	s->st->by_length++;
	s->state = S_OUT;
	s->after_cl = true;
	return finish_msg(s);
}

/* header_line - one line (or piece) of the header. */
static int header_line(struct split *s, const struct mbr_line *l)
{
	if (is_blank(l)) {
		finish_field(s);
		/* Copy it first: the look-ahead may move the buffer. */
		memcpy(s->pend, l->p, l->len);
		s->npend = l->len;
		s->state = S_BODY;
		if (s->have_clen && by_length(s, l->off + l->len)) {
			int err = emit(s, s->pend, s->npend);
			s->npend = 0;
			return err != 0 ? err : copy_body(s);
		}
		s->st->cl_ignored += s->have_clen;
		return 0;
	}
	if (l->first && l->p[0] != ' ' && l->p[0] != '\t') {
		finish_field(s);
		size_t n = 0;
		while (n < l->len && l->p[n] > ' ' && l->p[n] < 127 &&
		       l->p[n] != ':')
			n++;
		if (n > 0 && n < l->len && l->p[n] == ':') {
			s->role = mig_header_role(l->p, n);
			value_add(s, l->p + n + 1, l->len - n - 1);
		}
	} else if (s->role != ROLE_KEEP) {
		value_add(s, l->p, l->len);
	}
	if (s->role != ROLE_KEEP && s->role != ROLE_DATE &&
	    s->role != ROLE_GMAIL)
		return 0;  /* mbox state: not stored */
	return emit_unquoted(s, l);
}

static int body_line(struct split *s, const struct mbr_line *l)
{
	int err = 0;

	if (s->npend > 0)
		err = emit(s, s->pend, s->npend);
	s->npend = 0;
	if (err == 0 && is_blank(l)) {
		memcpy(s->pend, l->p, l->len);
		s->npend = l->len;
		return 0;
	}
	return err != 0 ? err : emit_unquoted(s, l);
}

/* junk_line - a line outside any message. */
static void junk_line(struct split *s, const struct mbr_line *l)
{
	if (s->after_cl && l->len <= 2 && l->p[l->len - 1] == '\n') {
		s->after_cl = false;  /* the blank line after a message */
		return;
	}
	size_t sp = 0;
	while (sp < l->len && (l->p[sp] == ' ' || l->p[sp] == '\t' ||
			       l->p[sp] == '\r' || l->p[sp] == '\n'))
		sp++;
	if (sp == l->len && l->nl && !s->in_junk)
		return;  /* blank lines are not damage */
	s->st->junk_bytes += l->len;
	if (!s->in_junk && s->st->junk_runs++ == 0)
		s->st->junk_off = l->off;
	s->in_junk = true;
}

static int on_line(struct split *s, const struct mbr_line *l)
{
	time_t t = 0;
	bool dated = false;

	s->last_nl = l->nl;
	if (is_separator(s, l, &t, &dated))
		return begin_msg(s, l, t, dated);
	if (!l->first && s->skip_cont) {
		s->skip_cont = !l->nl;
		return 0;
	}
	s->skip_cont = false;
	switch (s->state) {
	case S_HEADER: return header_line(s, l);
	case S_BODY: return body_line(s, l);
	case S_OUT: junk_line(s, l); return 0;
	}
	return 0;
}

int mig_split(struct mbr *r, const struct mig_sink *sink, struct mig_stats *st)
{
	struct split s;
	struct mbr_line l;
	int rc, err = 0;

	memset(&s, 0, sizeof(s));
	memset(st, 0, sizeof(*st));
	s.r = r;
	s.sink = sink;
	s.st = st;
	s.last_nl = true;
	/* Bounded by the input: each line consumes at least one byte. */
	while (err == 0 && (rc = mbr_line(r, &l)) > 0)
		err = on_line(&s, &l);
	if (err != 0)
		return err;
	st->stop_off = mbr_pos(r);
	st->read_error = rc < 0;
	if (s.in_msg && (rc < 0 || !s.last_nl)) {
		s.m.cut = true;
		st->cut_last = true;
	}
	return finish_msg(&s);
}

const char *mig_style(const struct mig_stats *st)
{
	if (st->gtgt_from > 0)
		return st->by_length > 0 ? "mboxrd, with Content-Length" :
					   "mboxrd";
	if (st->by_length > 0)
		return "Content-Length (mboxcl2)";
	if (st->gt_from > 0)
		return "mboxo or mboxrd (no >>From lines: both read alike)";
	return "no quoted From lines";
}
