/*
 * validator.c - resolve each command and test against the extension table
 * and check its arguments (RFC 5228 sections 2.6, 2.7, 3.2, 8.2).
 *
 * Generic checks come from the definitions in ext.h: known name, required
 * extension, tags (comparator, match type, address part, and the command's
 * own), positional argument types, test and block shape.  Then the command's
 * own validate hook runs.  Errors point at file:line:col.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "compile/script.h"
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

static const char *kind_name(enum sieve_arg_type t)
{
	switch (t) {
	case ARG_NUMBER: return "number";
	case ARG_STRING: return "string";
	case ARG_LIST: return "string list";
	default: return "tag";
	}
}

/* slots_take - k zeroed argument slots for one node, cut from a chunk
 * of the script's arena: most nodes need one to three, and a call to the
 * allocator for each would cost more than the node's other checks.
 * NULL on ENOMEM (reported). */
static struct sieve_arg **slots_take(struct sieve_vctx *v,
				     const struct sieve_node *n, size_t k)
{
	struct sieve_arg **sl;

	if (v->nslots < k) {
		size_t chunk = k > SIEVE_SLOT_CHUNK ? k : SIEVE_SLOT_CHUNK;

		v->slots = arena_zalloc(&v->s->arena, chunk * sizeof(*sl));
		if (v->slots == NULL) {
			v->nslots = 0;
			v_error(v, n->line, n->col, "out of memory");
			return NULL;
		}
		v->nslots = chunk;
	}
	sl = v->slots;
	v->slots += k;
	v->nslots -= k;
	return sl;
}

/* tag_slots_alloc - the node's SIEVE_TAG_SLOTS tag slots, made when its
 * first own tag is seen: until then n->tag is ast_no_slots, all NULL,
 * which reads the same (shared readers such as ix_mime_header_values()
 * look at slots another definition may lack, so a node gets all of
 * them).  -1 on ENOMEM. */
static int tag_slots_alloc(struct sieve_vctx *v, struct sieve_node *n)
{
	struct sieve_arg **sl = slots_take(v, n, SIEVE_TAG_SLOTS);

	if (sl == NULL)
		return -1;
	n->tag = sl;
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
	if (n->tag == ast_no_slots && tag_slots_alloc(v, n) < 0)
		return 1;
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

/* pos_slots_alloc - exactly maxp positional slots, all NULL (ast.h);
 * none at all when the definition takes no positional argument.  -1 on
 * ENOMEM. */
static int pos_slots_alloc(struct sieve_vctx *v, struct sieve_node *n,
			   size_t maxp)
{
	struct sieve_arg **sl;

	if (maxp == 0)
		return 0;   /* ast_no_slots */
	if ((sl = slots_take(v, n, maxp)) == NULL)
		return -1;
	n->pos = sl;
	return 0;
}

/* check_tag - a tag argument at *i: standard or the command's own. */
static void check_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i)
{
	struct sieve_arg *a = &n->args[*i];

	if (n->npos > 0 && !n->def->tags_after)
		v_error(v, a->line, a->col,
			"tag :%s after positional arguments of '%s'", a->tag,
			n->name);
	else if (!v_std_tag(v, n, i) && !own_tag(v, n, i))
		v_unknown_tag(v, n, a);
}

/* check_args - tags, then positional arguments as the definition's pos
 * spells them (ext.h): upper case required, lower case optional.
 * slipped: command n swallowed the next one (v_swallowed said so), which
 * stands where its missing argument would: that is counted, not said
 * again, so "fileinto true;" is one error as Pigeonhole counts it. */
static void check_args(struct sieve_vctx *v, struct sieve_node *n,
		       const struct sieve_def_info *di, bool slipped)
{
	const char *spec = n->def->pos ? n->def->pos : "";
	size_t need = di->need, maxp = di->maxp;
	unsigned before = v->nerr;

	if (pos_slots_alloc(v, n, maxp) < 0)
		return;
	for (size_t i = 0; i < n->nargs; i++) {
		struct sieve_arg *a = &n->args[i];

		if (v->nerr > before)
			return;   /* one argument error per command is enough */

		if (a->type == ARG_TAG) {
			check_tag(v, n, &i);
			continue;
		}
		if (n->npos >= maxp) {
			v_error(v, a->line, a->col, "too many arguments for "
				"'%s' (it takes %s%zu)", n->name,
				maxp > need ? "at most " : "", maxp);
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
	if (n->npos < need && v->nerr == before && slipped)
		v->nerr++;   /* keeps the validate hook off the missing one */
	else if (n->npos < need && v->nerr == before)
		v_error(v, n->line, n->col, "'%s' needs %zu argument%s, found "
			"%u", n->name, need, need == 1 ? "" : "s", n->npos);
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
	else if (d->block && !n->has_block)
		v_error(v, n->line, n->col, "'%s' needs a block", n->name);
	else if (!d->block && n->has_block)
		v_error(v, n->line, n->col, "'%s' takes no block", n->name);
	if (n->cmp == CMP_NUMERIC &&
	    (n->mt == MT_CONTAINS || n->mt == MT_MATCHES || n->mt == MT_REGEX))
		v_error(v, n->line, n->col,
			"comparator i;ascii-numeric cannot do substring matching");
}

/* collect_hooks - the required extensions with compile-time hooks. */
static void collect_hooks(struct sieve_vctx *v)
{
	v->nhooked = 0;
	for (size_t i = 0; i < EXT_COUNT; i++) {
		const struct sieve_extension *e = sieve_extensions[i];

		if (v->s->req[i] &&
		    (e->before_args || e->after_args || e->block_gate))
			v->hooked[v->nhooked++] = e;
	}
}

static int validate_block(struct sieve_vctx *v, struct sieve_node **c,
			  size_t nc, bool top);

/* validate_inner - n's block, after the block_gate hooks (ihave, RFC
 * 5463 4): what they add to req[] holds for this block only, and a block
 * one of them refuses is not validated (it can never run).  The hook list
 * is made again only when req[] changed: most scripts have no gate, and
 * remaking it around every block was the compiler's largest cost for a
 * small script. */
static void validate_inner(struct sieve_vctx *v, struct sieve_node *n)
{
	bool saved[SIEVE_EXT_MAX];
	int skip = 0;

	memcpy(saved, v->s->req, sizeof(saved));
	for (unsigned k = 0; k < v->nhooked; k++)
		if (v->hooked[k]->block_gate != NULL)
			skip |= v->hooked[k]->block_gate(v, n);
	if (skip == 0) {
		if (memcmp(saved, v->s->req, sizeof(saved)) != 0)
			collect_hooks(v);
		validate_block(v, n->block, n->nblock, false);
	}
	if (memcmp(saved, v->s->req, sizeof(saved)) != 0) {
		memcpy(v->s->req, saved, sizeof(saved));
		collect_hooks(v);
	}
}

/* node_known - n names a known command or test whose extension was
 * required; otherwise say which it is not.  n->def was resolved. */
static bool node_known(struct sieve_vctx *v, const struct sieve_node *n,
		       int ext)
{
	if (n->def == NULL) {
		v_unknown_name(v, n);
		return false;
	}
	if (!sieve_extensions[ext]->core && !v->s->req[ext]) {
		v_error(v, n->line, n->col, "'%s' needs require \"%s\"",
			n->name, sieve_extensions[ext]->name);
		return false;
	}
	return true;
}

/* validate_node - n with its tests and block; n->def was resolved to
 * di->def; slipped as for check_args. */
static void validate_node(struct sieve_vctx *v, struct sieve_node *n,
			  const struct sieve_def_info *di, bool slipped)
{
	unsigned before;
	bool loop;

	n->cmp = CMP_CASEMAP;
	n->mt = MT_IS;
	n->ap = AP_ALL;
	if (!node_known(v, n, di->ext))
		return;
	before = v->nerr;
	for (unsigned k = 0; k < v->nhooked; k++)
		if (v->hooked[k]->before_args != NULL)
			v->hooked[k]->before_args(v, n);
	check_args(v, n, di, slipped);
	check_shape(v, n);
	for (unsigned k = 0; k < v->nhooked; k++)
		if (v->hooked[k]->after_args != NULL)
			v->hooked[k]->after_args(v, n);
	if (v->nerr == before && n->def->validate != NULL)
		n->def->validate(v, n);
	for (size_t i = 0; i < n->ntests && n->def->tests != 0; i++) {
		struct sieve_node *t = n->tests[i];
		struct sieve_def_info ti;

		v_find_def(v, t->name, t->is_test, &ti);
		t->def = ti.def;
		if (t->ntests > 0)   /* rare: only then can it be a slip */
			(void)v_swallowed(v, t, n->test_list);
		/* a test that swallowed one still says what it lacks: the
		 * swallowed name is often its misspelt tag (address
		 * matches "from" ...), as Pigeonhole reports it */
		validate_node(v, t, &ti, false);
	}
	if (!n->has_block)
		return;   /* a test, or a command without a block */
	loop = n->def->role == ROLE_LOOP && v->nloops < SIEVE_MAX_NESTING;
	if (loop)
		v->loops[v->nloops++] = n;
	validate_inner(v, n);
	if (loop)
		v->nloops--;
}

/* role_of - what the block rules see of a command (ext.h): every name
 * with a role is a core command, so an unknown name has none. */
static enum sieve_cmd_role role_of(const struct sieve_node *n)
{
	return n->def != NULL ? n->def->role : ROLE_NONE;
}

static int validate_block(struct sieve_vctx *v, struct sieve_node **c,
			  size_t nc, bool top)
{
	enum sieve_cmd_role prev = ROLE_NONE;

	for (size_t i = 0; i < nc && v->nerr <= SIEVE_MAX_ERRORS; i++) {
		struct sieve_node *n = c[i];
		enum sieve_cmd_role role;
		struct sieve_def_info di;
		bool slipped = false;

		v_find_def(v, n->name, n->is_test, &di);
		n->def = di.def;
		role = role_of(n);
		if (role == ROLE_REQUIRE && (!top || v->past_require)) {
			v_error(v, n->line, n->col,
				"require must come before other commands");
			prev = role;
			continue;   /* one error for it, as Pigeonhole */
		}
		if (role != ROLE_REQUIRE)
			v->past_require = true;
		if ((role == ROLE_ELSIF || role == ROLE_ELSE) &&
		    prev != ROLE_IF && prev != ROLE_ELSIF)
			v_error(v, n->line, n->col, "'%s' without 'if'", n->name);
		if (n->ntests > 0 && n->def != NULL && n->def->tests == 0)
			slipped = v_swallowed(v, n, false);
		validate_node(v, n, &di, slipped);
		if (role == ROLE_REQUIRE)
			collect_hooks(v);
		prev = role;
	}
	return v->nerr > 0 ? -1 : 0;
}

int sieve_validate(struct sieve_vctx *v)
{
	v->past_require = false;
	collect_hooks(v);
	return validate_block(v, v->s->cmds, v->s->ncmds, true);
}
