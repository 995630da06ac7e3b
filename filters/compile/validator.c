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

/* def_slot - where the address of a name is first looked for in the
 * memo (a multiplicative hash: names are byte-aligned and close). */
static size_t def_slot(const char *name, bool test)
{
	uint64_t a = (uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u;

	return ((size_t)(a >> 58) ^ test) & (SIEVE_DEF_MEMO - 1);
}

/* def_info_fill - what the validator needs of def, worked out once per
 * name rather than once per node. */
static void def_info_fill(struct sieve_def_info *di,
			  const struct sieve_cmd_def *def, int ext)
{
	const char *spec = def->pos != NULL ? def->pos : "";
	size_t maxp = 0, need = 0;

	for (; spec[maxp] != '\0' && maxp < UCHAR_MAX; maxp++)
		need += spec[maxp] >= 'A' && spec[maxp] <= 'Z';
	di->def = def;
	di->ext = ext;
	di->maxp = (unsigned char)maxp;
	di->need = (unsigned char)need;
}

/* def_by_spelling - the definition of a name the address memo has not
 * seen: remembered by a hash of the first octets of the spelling (they
 * tell the command names apart), checked with strcmp, else looked up in
 * the table.  NULL: unknown. */
static const struct sieve_def_memo *def_by_spelling(struct sieve_vctx *v,
						   const char *name,
						   bool test)
{
	const struct sieve_cmd_def *def;
	struct sieve_def_memo *m;
	size_t h = test;
	int ext;

	for (size_t i = 0; i < 4 && name[i] != '\0'; i++)   /* the first four */
		h = h * 31 + (unsigned char)name[i];   /* tell the names apart */
	m = &v->byname[h & (SIEVE_DEF_MEMO - 1)];
	if (m->info.def != NULL && m->test == test &&
	    strcmp(m->info.def->name, name) == 0)
		return m;
	if ((def = sieve_ext_find_def(name, test, &ext)) == NULL)
		return NULL;
	def_info_fill(&m->info, def, ext);
	m->test = test;
	return m;
}

/* find_def - sieve_ext_find_def(), remembered by the address of the name
 * in an open-addressed table: each address found once stays (no
 * eviction, so names that hash alike cannot take turns missing), and the
 * table is never filled past half, so a probe ends at an empty slot.  A
 * hit needs no string comparison: the memo lives for the validation of
 * one script, whose tree (and so every name in it) stays allocated and
 * unchanged all that time, so an address seen before spells the same
 * name.  info->def is NULL for an unknown name. */
static void find_def(struct sieve_vctx *v, const char *name, bool test,
		     struct sieve_def_info *info)
{
	size_t h = def_slot(name, test);
	struct sieve_def_memo *m;
	const struct sieve_def_memo *b;

	for (;; h = (h + 1) & (SIEVE_DEF_MEMO - 1)) {
		m = &v->defs[h];
		if (m->name == name && m->test == test) {
			*info = m->info;
			return;
		}
		if (m->name == NULL)
			break;
	}
	if ((b = def_by_spelling(v, name, test)) == NULL) {
		memset(info, 0, sizeof(*info));
		return;
	}
	*info = b->info;
	if (v->ndefs < SIEVE_DEF_MEMO / 2) {
		*m = *b;
		m->name = name;
		v->ndefs++;
	}
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

int v_node_data(struct sieve_vctx *v, struct sieve_node *n, void *data,
		void (*data_free)(void *data))
{
	struct sieve_script *s = v->s;
	struct sieve_node **o;

	if (n->data_free != NULL) {   /* listed already: replace the data */
		n->data_free(n->data);
		n->data = data;
		n->data_free = data_free;
		return 0;
	}
	o = arena_grow(&s->arena, s->owners, s->nowners, sizeof(*o));
	if (o == NULL) {
		if (data_free != NULL)
			data_free(data);
		v_error(v, n->line, n->col, "out of memory");
		return -1;
	}
	s->owners = o;
	o[s->nowners++] = n;
	n->data = data;
	n->data_free = data_free;
	return 0;
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

/* The standard tags (RFC 5228 2.7; RFC 5231 relational; RFC 5233
 * subaddress; the regex draft), each with its group and the value it
 * sets. */
enum std_tag_id {
	ST_COMPARATOR,
	ST_IS, ST_CONTAINS, ST_MATCHES, ST_REGEX, ST_VALUE, ST_COUNT,
	ST_ALL, ST_LOCALPART, ST_DOMAIN, ST_USER, ST_DETAIL,
	ST_NONE
};
static const struct {
	const char *name;
	unsigned group;   /* STD_CMP, STD_MATCH or STD_AP */
	int value;        /* MT_... or AP_... */
} std_tags[ST_NONE] = {
	[ST_COMPARATOR] = { "comparator", STD_CMP, 0 },
	[ST_IS] = { "is", STD_MATCH, MT_IS },
	[ST_CONTAINS] = { "contains", STD_MATCH, MT_CONTAINS },
	[ST_MATCHES] = { "matches", STD_MATCH, MT_MATCHES },
	[ST_REGEX] = { "regex", STD_MATCH, MT_REGEX },
	[ST_VALUE] = { "value", STD_MATCH, MT_VALUE },
	[ST_COUNT] = { "count", STD_MATCH, MT_COUNT },
	[ST_ALL] = { "all", STD_AP, AP_ALL },
	[ST_LOCALPART] = { "localpart", STD_AP, AP_LOCAL },
	[ST_DOMAIN] = { "domain", STD_AP, AP_DOMAIN },
	[ST_USER] = { "user", STD_AP, AP_USER },
	[ST_DETAIL] = { "detail", STD_AP, AP_DETAIL },
};

/* std_tag_find - which standard tag t is: the first octets leave one
 * candidate, and one strcmp decides (a test names one or two tags, and a
 * large script has thousands of tests). */
static enum std_tag_id std_tag_find(const char *t)
{
	enum std_tag_id k;

	switch (t[0]) {
	case 'a': k = ST_ALL; break;
	case 'c':   /* t[1] == 'o' means t[2] exists */
		k = t[1] != 'o' ? ST_NONE : t[2] == 'm' ? ST_COMPARATOR :
		    t[2] == 'n' ? ST_CONTAINS : ST_COUNT;
		break;
	case 'd': k = t[1] == 'o' ? ST_DOMAIN : ST_DETAIL; break;
	case 'i': k = ST_IS; break;
	case 'l': k = ST_LOCALPART; break;
	case 'm': k = ST_MATCHES; break;
	case 'r': k = ST_REGEX; break;
	case 'u': k = ST_USER; break;
	case 'v': k = ST_VALUE; break;
	default: return ST_NONE;
	}
	return k != ST_NONE && strcmp(t, std_tags[k].name) == 0 ? k : ST_NONE;
}

/* std_comparator - :comparator and its name; *i moves past the value. */
static void std_comparator(struct sieve_vctx *v, struct sieve_node *n,
			   size_t *i)
{
	struct sieve_arg *a = &n->args[*i], *val;

	val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
	if (val == NULL || val->type != ARG_STRING) {
		v_error(v, a->line, a->col, ":comparator needs a string");
		return;
	}
	(*i)++;
	if (ascii_ieq(val->v[0].s, "i;octet"))
		n->cmp = CMP_OCTET;
	else if (ascii_ieq(val->v[0].s, "i;ascii-casemap"))
		n->cmp = CMP_CASEMAP;
	else if (ascii_ieq(val->v[0].s, "i;ascii-numeric") &&
		 v_has_id(v, EXT_CMP_NUMERIC))
		n->cmp = CMP_NUMERIC;
	else
		v_error(v, val->line, val->col,
			"unknown comparator \"%s\"", val->v[0].s);
}

/* std_relation - the relation after :value or :count. */
static void std_relation(struct sieve_vctx *v, struct sieve_node *n,
			 size_t *i)
{
	static const char *const rels[] = { "gt", "ge", "lt", "le", "eq", "ne" };
	struct sieve_arg *a = &n->args[*i], *val;

	val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
	if (val == NULL || val->type != ARG_STRING) {
		v_error(v, a->line, a->col, ":%s needs a relation", a->tag);
		return;
	}
	(*i)++;
	for (int r = 0; r < 6; r++)
		if (ascii_ieq(val->v[0].s, rels[r])) {
			n->relop = r;
			return;
		}
	v_error(v, val->line, val->col, "unknown relation \"%s\"",
		val->v[0].s);
}

/* std_tag - comparator, match type or address part; 1 taken, 0 not ours. */
static int std_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i)
{
	struct sieve_arg *a = &n->args[*i];
	enum std_tag_id k = std_tag_find(a->tag);
	int val;

	if (k == ST_NONE || !(n->def->std & std_tags[k].group))
		return 0;
	val = std_tags[k].value;
	switch (std_tags[k].group) {
	case STD_CMP:
		std_comparator(v, n, i);
		return 1;
	case STD_MATCH:
		if ((val == MT_REGEX && !v_has_id(v, EXT_REGEX)) ||
		    (val >= MT_VALUE && !v_has_id(v, EXT_RELATIONAL)))
			v_error(v, a->line, a->col, ":%s needs require \"%s\"",
				a->tag, val == MT_REGEX ? "regex" : "relational");
		n->mt = val;
		if (val >= MT_VALUE)
			std_relation(v, n, i);
		return 1;
	default:
		if (val >= AP_USER && !v_has_id(v, EXT_SUBADDRESS))
			v_error(v, a->line, a->col,
				":%s needs require \"subaddress\"", a->tag);
		n->ap = val;
		return 1;
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

	if (n->npos > 0)
		v_error(v, a->line, a->col,
			"tag :%s after positional arguments", a->tag);
	else if (!std_tag(v, n, i) && !own_tag(v, n, i))
		v_error(v, a->line, a->col,
			"unknown tag :%s for '%s'", a->tag, n->name);
}

/* check_args - tags, then positional arguments as the definition's pos
 * spells them (ext.h): upper case required, lower case optional. */
static void check_args(struct sieve_vctx *v, struct sieve_node *n,
		       const struct sieve_def_info *di)
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
}

/* collect_hooks - the required extensions with compile-time hooks. */
static void collect_hooks(struct sieve_vctx *v)
{
	v->nhooked = 0;
	for (size_t i = 0; i < EXT_COUNT; i++) {
		const struct sieve_extension *e = sieve_extensions[i];

		if (v->s->req[i] && (e->before_args || e->after_args))
			v->hooked[v->nhooked++] = e;
	}
}

static int validate_block(struct sieve_vctx *v, struct sieve_node **c,
			  size_t nc, bool top);

/* node_known - n names a known command or test whose extension was
 * required; otherwise say which it is not.  n->def was resolved. */
static bool node_known(struct sieve_vctx *v, const struct sieve_node *n,
		       int ext)
{
	if (n->def == NULL) {
		v_error(v, n->line, n->col, "unknown %s '%s'",
			n->is_test ? "test" : "command", n->name);
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
 * di->def. */
static void validate_node(struct sieve_vctx *v, struct sieve_node *n,
			  const struct sieve_def_info *di)
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
	check_args(v, n, di);
	check_shape(v, n);
	for (unsigned k = 0; k < v->nhooked; k++)
		if (v->hooked[k]->after_args != NULL)
			v->hooked[k]->after_args(v, n);
	if (v->nerr == before && n->def->validate != NULL)
		n->def->validate(v, n);
	for (size_t i = 0; i < n->ntests; i++) {
		struct sieve_node *t = n->tests[i];
		struct sieve_def_info ti;

		find_def(v, t->name, t->is_test, &ti);
		t->def = ti.def;
		validate_node(v, t, &ti);
	}
	loop = n->def->role == ROLE_LOOP && v->nloops < SIEVE_MAX_NESTING;
	if (loop)
		v->loops[v->nloops++] = n;
	validate_block(v, n->block, n->nblock, false);
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

		find_def(v, n->name, n->is_test, &di);
		n->def = di.def;
		role = role_of(n);
		if (role == ROLE_REQUIRE && (!top || v->past_require))
			v_error(v, n->line, n->col,
				"require must come before other commands");
		else if (role != ROLE_REQUIRE)
			v->past_require = true;
		if ((role == ROLE_ELSIF || role == ROLE_ELSE) &&
		    prev != ROLE_IF && prev != ROLE_ELSIF)
			v_error(v, n->line, n->col, "'%s' without 'if'", n->name);
		validate_node(v, n, &di);
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
