/*
 * ast.c - allocate syntax tree nodes in the script's arena (see ast.h).
 */
#include "compile/ast.h"

struct sieve_arg *ast_no_slots[SIEVE_TAG_SLOTS + SIEVE_POS_MAX];

struct sieve_node *ast_node_new(struct arena *ar, char *name, bool is_test)
{
	struct sieve_node *n = arena_zalloc(ar, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->name = name;
	n->is_test = is_test;
	n->tag = n->pos = ast_no_slots;
	return n;
}

static void node_release(struct sieve_node *n)
{
	ast_block_release(n->tests, n->ntests);
	ast_block_release(n->block, n->nblock);
	if (n->data_free != NULL)
		n->data_free(n->data);
	n->data_free = NULL;
}

void ast_block_release(struct sieve_node **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != NULL)
			node_release(v[i]);
}

int ast_push(struct arena *ar, struct sieve_node ***v, size_t *n,
	     struct sieve_node *p)
{
	struct sieve_node **nv = arena_grow(ar, *v, *n, sizeof(*nv));

	if (nv == NULL)
		return -1;
	*v = nv;
	nv[(*n)++] = p;
	return 0;
}
