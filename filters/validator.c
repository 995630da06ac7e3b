/*
 * validator.c - resolve each command and test against the extension table
 * and check its arguments (RFC 5228 sections 2.6, 2.7, 3.2, 8.2).
 *
 * Generic checks come from the definitions in ext.h: known name, required
 * extension, tags (comparator, match type, address part, and the command's
 * own), positional argument types, test and block shape.  Then the command's
 * own validate hook runs.  Errors point at file:line:col.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "script.h"
#include "util.h"

void v_error(struct sieve_vctx *v, unsigned line, unsigned col,
	     const char *fmt, ...)
{
	va_list ap;

	if (++v->nerr > SIEVE_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	sieve_diag_vadd(v->d, v->s->name, line, col, true, fmt, ap);
	va_end(ap);
}

void v_warn(struct sieve_vctx *v, unsigned line, unsigned col,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sieve_diag_vadd(v->d, v->s->name, line, col, false, fmt, ap);
	va_end(ap);
}

/* ext_index - sieve_ext_index(), remembered by the address of the name:
 * v_has() and ix_has() are asked about the same literal for every node of
 * the script.  A hit is checked with one strcmp, so a reused address (or a
 * racing thread) costs a lookup, never a wrong answer. */
static int ext_index(const char *ext, struct sieve_lookup *look)
{
	size_t h = ((uintptr_t)ext >> 3) & (SIEVE_LOOKUP_MEMO - 1);
	int i;

	if (look != NULL && look->ext[h].key == ext &&
	    strcmp(sieve_extensions[look->ext[h].idx]->name, ext) == 0)
		return look->ext[h].idx;
	i = sieve_ext_index(ext);
	if (i >= 0 && look != NULL) {
		look->ext[h].key = ext;
		look->ext[h].idx = i;
	}
	return i;
}

/* find_def - sieve_ext_find_def(), remembered by name: a large script
 * names the same few commands thousands of times.  Checked on each hit. */
static const struct sieve_cmd_def *find_def(const char *name, bool test,
					    int *ext_r, struct sieve_lookup *look)
{
	size_t h = test;
	const struct sieve_cmd_def *d;

	for (const char *p = name; *p != '\0'; p++)
		h = h * 31 + (unsigned char)*p;
	h &= SIEVE_LOOKUP_MEMO - 1;
	d = look != NULL ? look->def[h].def : NULL;
	if (d != NULL && d->test == test && strcmp(d->name, name) == 0) {
		*ext_r = look->def[h].ext;
		return d;
	}
	d = sieve_ext_find_def(name, test, ext_r);
	if (d != NULL && look != NULL) {
		look->def[h].def = d;
		look->def[h].ext = *ext_r;
	}
	return d;
}

bool script_has(const struct sieve_script *s, const char *ext,
		struct sieve_lookup *look)
{
	int i = ext_index(ext, look);

	return i >= 0 && s->req[i];
}

bool v_has(const struct sieve_vctx *v, const char *ext)
{
	return script_has(v->s, ext, v->look);
}

bool v_str_const(const struct sieve_vctx *v, const struct sieve_str *s)
{
	return !v_has(v, "variables") || strstr(s->s, "${") == NULL;
}

static const char *kind_name(enum sieve_arg_type t)
{
	switch (t) {
	case ARG_NUMBER: return "number";
	case ARG_STRING: return "string";
	case ARG_LIST: return "string list";
	default: return "tag";
	}
}

/* std_tag - comparator, match type or address part; 1 taken, 0 not ours. */
static int std_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i)
{
	static const char *const mts[] = { "is", "contains", "matches",
					   "regex", "value", "count" };
	static const char *const aps[] = { "all", "localpart", "domain",
					   "user", "detail" };
	static const char *const rels[] = { "gt", "ge", "lt", "le", "eq", "ne" };
	unsigned std = n->def->std;
	struct sieve_arg *a = &n->args[*i], *val;
	const char *t = a->tag;

	if ((std & STD_CMP) && strcmp(t, "comparator") == 0) {
		val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
		if (val == NULL || val->type != ARG_STRING) {
			v_error(v, a->line, a->col, ":comparator needs a string");
			return 1;
		}
		(*i)++;
		if (ascii_ieq(val->v[0].s, "i;octet"))
			n->cmp = CMP_OCTET;
		else if (ascii_ieq(val->v[0].s, "i;ascii-casemap"))
			n->cmp = CMP_CASEMAP;
		else if (ascii_ieq(val->v[0].s, "i;ascii-numeric") &&
			 v_has(v, "comparator-i;ascii-numeric"))
			n->cmp = CMP_NUMERIC;
		else
			v_error(v, val->line, val->col,
				"unknown comparator \"%s\"", val->v[0].s);
		return 1;
	}
	for (int k = 0; (std & STD_MATCH) && k < 6; k++) {
		if (strcmp(t, mts[k]) != 0)
			continue;
		if ((k == MT_REGEX && !v_has(v, "regex")) ||
		    (k >= MT_VALUE && !v_has(v, "relational")))
			v_error(v, a->line, a->col, ":%s needs require \"%s\"",
				t, k == MT_REGEX ? "regex" : "relational");
		n->mt = k;
		if (k < MT_VALUE)
			return 1;
		val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
		if (val == NULL || val->type != ARG_STRING) {
			v_error(v, a->line, a->col, ":%s needs a relation", t);
			return 1;
		}
		(*i)++;
		for (int r = 0; r < 6; r++)
			if (ascii_ieq(val->v[0].s, rels[r])) {
				n->relop = r;
				return 1;
			}
		v_error(v, val->line, val->col, "unknown relation \"%s\"",
			val->v[0].s);
		return 1;
	}
	for (int k = 0; (std & STD_AP) && k < 5; k++) {
		if (strcmp(t, aps[k]) != 0)
			continue;
		if (k >= AP_USER && !v_has(v, "subaddress"))
			v_error(v, a->line, a->col,
				":%s needs require \"subaddress\"", t);
		n->ap = k;
		return 1;
	}
	return 0;
}

/* own_tag - one of the command's tags; 1 taken, 0 unknown. */
static int own_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i)
{
	struct sieve_arg *a = &n->args[*i], *val = NULL;
	const struct sieve_tag_def *td = n->def->tags;

	for (; td != NULL && td->name != NULL; td++)
		if (strcmp(td->name, a->tag) == 0)
			break;
	if (td == NULL || td->name == NULL)
		return 0;
	if (td->ext != NULL && !v_has(v, td->ext))
		v_error(v, a->line, a->col, ":%s needs require \"%s\"",
			a->tag, td->ext);
	if (n->tag[td->slot] != NULL)
		v_error(v, a->line, a->col, "tag :%s given twice", a->tag);
	if (td->kind == TAGK_FLAG) {
		n->tag[td->slot] = a;
		return 1;
	}
	if (*i + 1 < n->nargs)
		val = &n->args[*i + 1];
	if (val == NULL ||
	    (td->kind == TAGK_NUMBER && val->type != ARG_NUMBER) ||
	    (td->kind == TAGK_STRING && val->type != ARG_STRING) ||
	    (td->kind == TAGK_LIST && val->type != ARG_STRING &&
	     val->type != ARG_LIST)) {
		v_error(v, a->line, a->col, ":%s needs a %s argument", a->tag,
			td->kind == TAGK_NUMBER ? "number" :
			td->kind == TAGK_STRING ? "string" : "string list");
		return 1;
	}
	n->tag[td->slot] = val;
	(*i)++;
	return 1;
}

static bool pos_ok(char want, const struct sieve_arg *a)
{
	switch (want | 0x20) {
	case 's': return a->type == ARG_STRING;
	case 'l': return a->type == ARG_STRING || a->type == ARG_LIST;
	case 'n': return a->type == ARG_NUMBER;
	}
	return false;
}

/* slots_alloc - the node's tag and positional slots (ast.h): all
 * SIEVE_TAG_SLOTS tag slots when the definition has tags (shared readers
 * such as ix_mime_header_values() look at slots another definition may
 * lack), exactly maxp positional ones; -1 on ENOMEM. */
static int slots_alloc(struct sieve_vctx *v, struct sieve_node *n,
		       size_t maxp)
{
	size_t ntag = n->def->tags != NULL ? SIEVE_TAG_SLOTS : 0;
	struct sieve_arg **sl;

	if (ntag + maxp == 0)
		return 0;   /* ast_no_slots */
	sl = arena_zalloc(&v->s->arena, (ntag + maxp) * sizeof(*sl));
	if (sl == NULL) {
		v_error(v, n->line, n->col, "out of memory");
		return -1;
	}
	if (ntag > 0)
		n->tag = sl;
	n->pos = sl + ntag;
	return 0;
}

static void check_args(struct sieve_vctx *v, struct sieve_node *n)
{
	const char *spec = n->def->pos ? n->def->pos : "";
	size_t need = 0, maxp = strlen(spec);
	unsigned before = v->nerr;

	if (slots_alloc(v, n, maxp) < 0)
		return;
	while (spec[need] >= 'A' && spec[need] <= 'Z')
		need++;
	for (size_t i = 0; i < n->nargs; i++) {
		struct sieve_arg *a = &n->args[i];

		if (v->nerr > before)
			return;   /* one argument error per command is enough */

		if (a->type == ARG_TAG) {
			if (n->npos > 0)
				v_error(v, a->line, a->col,
					"tag :%s after positional arguments", a->tag);
			else if (!std_tag(v, n, &i) && !own_tag(v, n, &i))
				v_error(v, a->line, a->col,
					"unknown tag :%s for '%s'", a->tag, n->name);
			continue;
		}
		if (n->npos >= maxp) {
			v_error(v, a->line, a->col, "too many arguments for '%s'",
				n->name);
			return;
		}
		if (!pos_ok(spec[n->npos], a))
			v_error(v, a->line, a->col,
				"'%s' argument %u: expected %s, found %s",
				n->name, n->npos + 1,
				(spec[n->npos] | 0x20) == 'n' ? "number" :
				(spec[n->npos] | 0x20) == 's' ? "string" :
				"string list", kind_name(a->type));
		n->pos[n->npos++] = a;
	}
	if (n->npos < need)
		v_error(v, n->line, n->col, "'%s' needs %zu argument%s", n->name,
			need, need == 1 ? "" : "s");
}

static void check_shape(struct sieve_vctx *v, struct sieve_node *n)
{
	const struct sieve_cmd_def *d = n->def;

	if (d->tests == 0 && n->ntests > 0)
		v_error(v, n->line, n->col, "'%s' takes no test", n->name);
	else if (d->tests == 1 && (n->ntests != 1 || n->test_list))
		v_error(v, n->line, n->col, "'%s' needs one test", n->name);
	else if (d->tests == 2 && !n->test_list)
		v_error(v, n->line, n->col, "'%s' needs a test list", n->name);
	if (d->block && !n->has_block)
		v_error(v, n->line, n->col, "'%s' needs a block", n->name);
	else if (!d->block && n->has_block)
		v_error(v, n->line, n->col, "'%s' takes no block", n->name);
	if (n->cmp == CMP_NUMERIC &&
	    (n->mt == MT_CONTAINS || n->mt == MT_MATCHES || n->mt == MT_REGEX))
		v_error(v, n->line, n->col,
			"comparator i;ascii-numeric cannot do substring matching");
	if (n->mt == MT_REGEX)
		sieve_regex_validate(v, n);
}

static int validate_block(struct sieve_vctx *v, struct sieve_node **c,
			  size_t nc, bool top);

static void validate_node(struct sieve_vctx *v, struct sieve_node *n)
{
	unsigned before;
	bool loop;
	int ext;

	n->cmp = CMP_CASEMAP;
	n->mt = MT_IS;
	n->ap = AP_ALL;
	n->def = find_def(n->name, n->is_test, &ext, v->look);
	if (n->def == NULL) {
		v_error(v, n->line, n->col, "unknown %s '%s'",
			n->is_test ? "test" : "command", n->name);
		return;
	}
	if (!sieve_extensions[ext]->core && !v->s->req[ext]) {
		v_error(v, n->line, n->col, "'%s' needs require \"%s\"",
			n->name, sieve_extensions[ext]->name);
		return;
	}
	before = v->nerr;
	if (v_has(v, "encoded-character"))
		sieve_encoded_character(v, n);
	check_args(v, n);
	check_shape(v, n);
	if (v->nerr == before && n->def->validate != NULL)
		n->def->validate(v, n);
	for (size_t i = 0; i < n->ntests; i++)
		validate_node(v, n->tests[i]);
	loop = strcmp(n->name, "foreverypart") == 0 &&
	       v->nloops < SIEVE_MAX_NESTING;
	if (loop)
		v->loops[v->nloops++] = n;
	validate_block(v, n->block, n->nblock, false);
	if (loop)
		v->nloops--;
}

static int validate_block(struct sieve_vctx *v, struct sieve_node **c,
			  size_t nc, bool top)
{
	const char *prev = "";

	for (size_t i = 0; i < nc && v->nerr <= SIEVE_MAX_ERRORS; i++) {
		struct sieve_node *n = c[i];

		if (strcmp(n->name, "require") == 0 && (!top || v->past_require))
			v_error(v, n->line, n->col,
				"require must come before other commands");
		else if (strcmp(n->name, "require") != 0)
			v->past_require = true;
		if ((strcmp(n->name, "elsif") == 0 || strcmp(n->name, "else") == 0) &&
		    strcmp(prev, "if") != 0 && strcmp(prev, "elsif") != 0)
			v_error(v, n->line, n->col, "'%s' without 'if'", n->name);
		validate_node(v, n);
		prev = n->name;
	}
	return v->nerr > 0 ? -1 : 0;
}

int sieve_validate(struct sieve_vctx *v)
{
	v->past_require = false;
	return validate_block(v, v->s->cmds, v->s->ncmds, true);
}
