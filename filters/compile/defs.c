/*
 * defs.c - what a name in a script stands for: the definition of each
 * command and test and the index of each extension, looked up in the
 * extension table (ext-table.c) and remembered for the compile, so a
 * script of thousands of rules pays one lookup per distinct name.
 * Also the list of nodes that own compiled data (v_node_data).
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "compile/script.h"

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
void v_find_def(struct sieve_vctx *v, const char *name, bool test,
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

bool v_ext_enable(struct sieve_vctx *v, int e, const struct sieve_arg *a)
{
	const struct sieve_extension *x = sieve_extensions[e];

	if (x->conflicts != EXT_CORE && v->named[x->conflicts]) {
		v_error(v, a->line, a->col, "\"%s\" cannot be used together "
			"with \"%s\"", x->name,
			sieve_extensions[x->conflicts]->name);
		return false;
	}
	v->named[e] = true;
	v->s->req[e] = true;
	if (x->implies != EXT_CORE)
		v->s->req[x->implies] = true;
	return true;
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
