/*
 * ext-foreverypart.c - RFC 5703 extensions "foreverypart" (the loop and
 * `break`, section 3), "mime" (tags only: see ext-mime.c and tst-core.c)
 * and "extracttext" (section 7).
 *
 * A loop sets the current part and runs its block once per part; `break`
 * unwinds with IX_BREAK to the innermost loop, or to the one named by
 * `break :name`.  extracttext stores the decoded UTF-8 text of the
 * current part (empty for a part whose type is not "text"; HTML as plain
 * text, html2text.c), cut to :first
 * octets (as Pigeonhole; never inside a UTF-8 character) and to
 * SIEVE_MAX_EXTRACT octets.  Modifiers (RFC 5229 4.1)
 * are not accepted on extracttext here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext-mime.h"
#include "mime/html2text.h"
#include "util.h"

enum { T_FIRST = IX_MOD_COUNT };   /* extracttext's :first slot */
_Static_assert((int)T_FIRST < SIEVE_TAG_SLOTS, ":first has a tag slot");

static int x_foreverypart(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *nm = n->tag[0] ? ix_arg_str(ix, n->tag[0]) : NULL;
	struct ix_mime *m = ix_mime(ix, n);
	size_t first, end;
	int saved, rc = IX_OK;
	char name[256];

	if (m == NULL || (n->tag[0] && nm == NULL))
		return IX_ERR;
	snprintf(name, sizeof(name), "%s", nm ? nm : "");   /* scratch goes */
	saved = m->cur;
	ix_mime_range(m, true, &first, &end);
	if (saved >= 0)
		first++;   /* a nested loop: the parts inside the current one */
	for (size_t i = first; i < end && rc == IX_OK; i++) {
		m->cur = (int)i;
		rc = ix_block(ix, n->block, n->nblock);
		if (rc == IX_BREAK && (!m->named_brk ||
				       strcmp(m->brk, name) == 0)) {
			m->named_brk = false;
			rc = IX_OK;
			break;
		}
	}
	m->cur = saved;
	return rc;
}

static int x_break(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_mime *m = ix->mime;

	if (m == NULL || m->cur < 0)
		return ix_fail(ix, n, "break outside foreverypart");
	m->named_brk = n->tag[0] != NULL;
	if (n->tag[0] != NULL) {
		const char *s = ix_arg_str(ix, n->tag[0]);

		if (s == NULL)
			return IX_ERR;
		snprintf(m->brk, sizeof(m->brk), "%s", s);
	}
	return IX_BREAK;
}

struct text {
	struct sbuf b;
	uint64_t first;          /* 0: no limit */
};

/* take - keep whole UTF-8 characters within :first octets (Pigeonhole
 * counts octets, RFC 5703 7 says characters), and SIEVE_MAX_EXTRACT. */
static int take(void *ctx, const char *p, size_t n)
{
	struct text *t = ctx;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		size_t w = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
			   c >= 0xc0 ? 2 : 0;

		if (w > 0 && t->first > 0 && t->b.len + w > t->first)
			return 1;
		if (w > 0 && t->b.len + w > SIEVE_MAX_EXTRACT)
			return 1;
		sbuf_addc(&t->b, p[i]);
	}
	return 0;
}

/* extract - the part's text into t: text parts as they are, HTML and
 * XHTML as plain text (html2text.c, as Pigeonhole), others nothing. */
static int extract(struct sieve_ix *ix, const struct mime_part *p,
		   struct text *t)
{
	struct html2text h;

	if (!html2text_wanted(p->type, p->subtype))
		return strcmp(p->type, "text") != 0 ? 0 :
		       mime_part_stream(ix->msg, p, true, 0, take, t);
	html2text_init(&h, take, t);
	if (mime_part_stream(ix->msg, p, true, 0, html2text_feed, &h) < 0)
		return -1;
	return html2text_finish(&h) < 0 ? -1 : 0;
}

static int x_extracttext(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_mime *m = ix->mime;
	struct text t = { .first = n->tag[T_FIRST] ? n->tag[T_FIRST]->num : 0 };
	const struct mime_part *p;
	char *val, *mod;
	int rc;

	if (m == NULL || m->cur < 0)
		return ix_fail(ix, n, "extracttext outside foreverypart");
	p = &m->idx.v[m->cur];
	if (mime_is_leaf(p) && (n->tag[T_FIRST] == NULL || t.first > 0) &&
	    extract(ix, p, &t) < 0) {
		sbuf_free(&t.b);
		return ix_fail(ix, n, "extracttext: cannot read the part");
	}
	if ((val = sbuf_take(&t.b)) == NULL && (val = strdup("")) == NULL)
		return ix_fail(ix, n, "out of memory");
	mod = ix_modify(n, val);   /* RFC 5703 7: set's modifiers */
	free(val);
	if (mod == NULL)
		return ix_fail(ix, n, "out of memory");
	rc = ix_var_set(ix, n, n->pos[0]->v[0].s, mod);
	free(mod);
	return rc;
}

static int v_extracttext(struct sieve_vctx *v, struct sieve_node *n)
{
	if (!v_has(v, "variables"))
		v_error(v, n->line, n->col,
			"extracttext needs require \"variables\"");
	else if (v->nloops == 0)   /* RFC 5703 7; Pigeonhole's words */
		v_error(v, n->line, n->col, "the extracttext command is not "
			"placed inside a foreverypart loop");
	v_modifiers(v, n);
	return 0;
}

/* v_break - RFC 5703 3.2: break (with :name, a loop of that name) only
 * inside foreverypart, checked at compile time as Pigeonhole does. */
static int v_break(struct sieve_vctx *v, struct sieve_node *n)
{
	const char *want = n->tag[0] ? n->tag[0]->v[0].s : NULL;

	for (unsigned i = v->nloops; i-- > 0;) {
		const struct sieve_node *l = v->loops[i];

		if (want == NULL || (l->tag[0] != NULL &&
				     strcmp(l->tag[0]->v[0].s, want) == 0))
			return 0;
	}
	if (want == NULL)
		v_error(v, n->line, n->col, "the break command is not placed "
			"inside a foreverypart loop");
	else
		v_error(v, n->line, n->col, "the break command is not placed "
			"inside a foreverypart loop named `%s'", want);
	return 0;
}

static const struct sieve_tag_def name_tags[] = {
	{ "name", TAGK_STRING, 0, NULL },
	{ NULL, 0, 0, NULL },
};
/* :first and set's modifiers (slots IX_MOD_LOWER on, as ext-variables.c) */
static const struct sieve_tag_def first_tags[] = {
	{ "lower", TAGK_FLAG, IX_MOD_LOWER, NULL },
	{ "upper", TAGK_FLAG, IX_MOD_LOWER + 1, NULL },
	{ "lowerfirst", TAGK_FLAG, IX_MOD_LOWER + 2, NULL },
	{ "upperfirst", TAGK_FLAG, IX_MOD_LOWER + 3, NULL },
	{ "quotewildcard", TAGK_FLAG, IX_MOD_LOWER + 4, NULL },
	{ "length", TAGK_FLAG, IX_MOD_LOWER + 5, NULL },
	{ "encodeurl", TAGK_FLAG, IX_MOD_LOWER + 6, "enotify" },
	{ "first", TAGK_NUMBER, T_FIRST, NULL },
	{ NULL, 0, 0, NULL },
};
_Static_assert(T_FIRST < SIEVE_TAG_SLOTS, "a tag slot for :first");

static const struct sieve_cmd_def cmd_foreverypart = {
	.name = "foreverypart", .role = ROLE_LOOP, .tags = name_tags,
	.block = true,
	.exec = x_foreverypart,
};
static const struct sieve_cmd_def cmd_break = {
	.name = "break", .tags = name_tags, .validate = v_break,
	.exec = x_break,
};
static const struct sieve_cmd_def cmd_extracttext = {
	.name = "extracttext", .tags = first_tags, .pos = "S",
	.validate = v_extracttext, .exec = x_extracttext,
};

static const struct sieve_cmd_def *const loop_defs[] = {
	&cmd_foreverypart, &cmd_break, NULL,
};
static const struct sieve_cmd_def *const extract_defs[] = {
	&cmd_extracttext, NULL,
};

const struct sieve_extension sieve_ext_foreverypart = {
	.name = "foreverypart", .defs = loop_defs,
};
const struct sieve_extension sieve_ext_mime = {
	.name = "mime",
	.run_free = ix_mime_free,   /* the part index of any MIME test */
};
const struct sieve_extension sieve_ext_extracttext = {
	.name = "extracttext", .defs = extract_defs,
};
