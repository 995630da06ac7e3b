/*
 * script.c - sieve_compile() and the scripts that `include` pulls in
 * (RFC 5228 section 8; RFC 6609 section 3.2).
 *
 * Compile = parse + validate.  Included scripts are fetched through the
 * caller's loader (filters/ never opens a file) while the including script
 * is validated, compiled once, cached by display name in the root script,
 * and checked for loops and nesting depth, so that a broken or recursive
 * include is a compile error reported where it is written.
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "compile/parser.h"
#include "compile/script.h"
#include "util.h"

/* octets of tree per octet of script text: about 8 for a list-sorting
 * script (short strings, four nodes a rule), less for long strings; an
 * overestimate costs address space only (arena_expect) */
#define TREE_PER_OCTET 10

/* script_free_one - s and its tree: the nodes that own compiled data are
 * listed (v_node_data), so this is O(owners), not a walk of the tree. */
static void script_free_one(struct sieve_script *s)
{
	for (size_t i = 0; i < s->nowners; i++) {
		struct sieve_node *n = s->owners[i];

		n->data_free(n->data);
		n->data_free = NULL;
	}
	arena_free(&s->arena);
	free(s->text);
	free(s->name);
	free(s);
}

void sieve_script_free(struct sieve_script **sp)
{
	struct sieve_script *s = *sp;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nsubs; i++)
		script_free_one(s->subs[i]);
	free(s->subs);
	script_free_one(s);
	*sp = NULL;
}

/* script_parse - a script object with its tree; NULL on any error.  own
 * is NULL (the text is copied: the trace quotes it at run time) or text
 * itself, malloc'd, which the script then owns: freed with it, or here on
 * an error. */
static struct sieve_script *script_parse(const char *name, const char *text,
					 size_t len, char *own,
					 struct sieve_diag *d)
{
	struct sieve_script *s;
	const char *dname = name ? name : "script";

	if (len > SIEVE_MAX_SCRIPT_SIZE) {
		free(own);
		sieve_diag_add(d, dname, 1, 1, true, "script too large");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->text = own ? own : xstrndup(text, len)) == NULL ||
	    (s->name = strdup(dname)) == NULL) {
		if (s != NULL && s->text != own)
			free(s->text);
		free(s);
		free(own);
		sieve_diag_add(d, dname, 1, 1, true, "out of memory");
		return NULL;
	}
	s->text_len = len;
	/* len is at most SIEVE_MAX_SCRIPT_SIZE here: no overflow */
	arena_expect(&s->arena, len * TREE_PER_OCTET);
	if (sieve_parse(s->name, text, len, d, &s->arena, &s->cmds,
			&s->ncmds) < 0) {
		script_free_one(s);
		return NULL;
	}
	return s;
}

static struct sieve_script *compile(const char *name, const char *text,
				    size_t len, char *own,
				    const struct sieve_loader *loader,
				    struct sieve_diag *d, bool testmode)
{
	struct sieve_script *s = script_parse(name, text, len, own, d);
	struct sieve_vctx v;
	struct sieve_lookup look;

	if (s == NULL)
		return NULL;
	memset(&v, 0, sizeof(v));
	memset(&look, 0, sizeof(look));
	v.look = &look;
	v.s = v.root = s;
	v.loader = loader;
	v.d = d;
	v.stack = &s;
	v.nstack = 1;
	v.testmode = testmode;
	if (sieve_validate(&v) < 0 || v.nerr > 0) {
		if (d->errors == 0)
			sieve_diag_add(d, s->name, 1, 1, true, "compile failed");
		sieve_script_free(&s);
		return NULL;
	}
	return s;
}

struct sieve_script *sieve_compile(const char *name, const char *text,
				   size_t len, const struct sieve_loader *loader,
				   struct sieve_diag *d)
{
	return compile(name, text, len, NULL, loader, d, false);
}

struct sieve_script *sieve_compile_mode(const char *name, const char *text,
					size_t len,
					const struct sieve_loader *loader,
					struct sieve_diag *d, bool testmode)
{
	return compile(name, text, len, NULL, loader, d, testmode);
}

struct sieve_script *sieve_compile_owned(const char *name, char *text,
					 size_t len,
					 const struct sieve_loader *loader,
					 struct sieve_diag *d)
{
	return compile(name, text, len, text, loader, d, false);
}

/* compile_sub - an included script; it takes text (malloc'd) in any case. */
static struct sieve_script *compile_sub(struct sieve_vctx *v,
					const struct sieve_node *n,
					const char *name, char *text,
					size_t len, bool global)
{
	struct sieve_script *sub = script_parse(name, text, len, text, v->d);
	struct sieve_script **stack, **subs;
	struct sieve_vctx cv;

	if (sub == NULL)
		goto fail;
	sub->global = global;
	stack = malloc((v->nstack + 1) * sizeof(*stack));
	if (stack == NULL) {
		script_free_one(sub);
		goto fail;
	}
	memcpy(stack, v->stack, v->nstack * sizeof(*stack));
	stack[v->nstack] = sub;
	memset(&cv, 0, sizeof(cv));
	cv.look = v->look;
	cv.s = sub;
	cv.root = v->root;
	cv.loader = v->loader;
	cv.d = v->d;
	cv.depth = v->depth + 1;
	cv.stack = stack;
	cv.nstack = v->nstack + 1;
	cv.testmode = v->testmode;
	sieve_validate(&cv);   /* may add nested includes to root->subs */
	free(stack);
	subs = realloc(v->root->subs, (v->root->nsubs + 1) * sizeof(*subs));
	if (subs == NULL) {
		script_free_one(sub);
		goto fail;
	}
	v->root->subs = subs;
	subs[v->root->nsubs++] = sub;   /* owned even if broken */
	if (cv.nerr > 0)
		goto fail;
	return sub;
fail:
	v_error(v, n->line, n->col, "include: script \"%s\" has errors", name);
	return NULL;
}

struct sieve_script *sieve_vctx_include(struct sieve_vctx *v,
					const struct sieve_node *n,
					bool global, const char *name,
					bool once, bool *missing_r)
{
	char *text = NULL, *dname = NULL;
	struct sieve_script *res = NULL;
	size_t len = 0;

	*missing_r = false;
	if (v->loader == NULL || v->loader->load == NULL ||
	    v->loader->load(v->loader->ctx, global, name, &text, &len,
			    &dname) < 0) {
		*missing_r = true;
		return NULL;
	}
	if (dname == NULL && (dname = strdup(name)) == NULL)
		goto out;
	for (size_t i = 0; i < v->nstack; i++)
		if (strcmp(v->stack[i]->name, dname) == 0) {
			if (once && v->stack[i] != v->root) {
				res = v->stack[i];   /* ran already: skipped */
				goto out;
			}
			v_error(v, n->line, n->col,
				"include: \"%s\" includes itself", name);
			goto out;
		}
	for (size_t i = 0; i < v->root->nsubs; i++)
		if (strcmp(v->root->subs[i]->name, dname) == 0 &&
		    v->root->subs[i]->global == global) {
			res = v->root->subs[i];
			goto out;
		}
	if (v->depth + 1 >= SIEVE_MAX_INCLUDE_DEPTH ||
	    v->root->nsubs >= SIEVE_MAX_INCLUDED) {
		v_error(v, n->line, n->col, "include: nested too deeply");
		goto out;
	}
	res = compile_sub(v, n, dname, text, len, global);
	text = NULL;   /* the sub-script owns it now */
out:
	free(text);
	free(dname);
	return res;
}
