/*
 * ast.c - allocate and free syntax tree nodes (see ast.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

struct sieve_node *ast_node_new(const char *name, bool is_test)
{
	struct sieve_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->name = strdup(name);
	if (n->name == NULL) {
		free(n);
		return NULL;
	}
	n->is_test = is_test;
	return n;
}

void ast_arg_clear(struct sieve_arg *a)
{
	free(a->tag);
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].s);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

void ast_block_free(struct sieve_node **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ast_node_free(v[i]);
	free(v);
}

void ast_node_free(struct sieve_node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nargs; i++)
		ast_arg_clear(&n->args[i]);
	free(n->args);
	ast_block_free(n->tests, n->ntests);
	ast_block_free(n->block, n->nblock);
	if (n->data_free != NULL)
		n->data_free(n->data);
	free(n->name);
	free(n);
}

int ast_push(struct sieve_node ***v, size_t *n, struct sieve_node *p)
{
	struct sieve_node **nv;

	if ((*n & (*n - 1)) == 0) {   /* grow at powers of two */
		nv = realloc(*v, (*n ? *n * 2 : 1) * sizeof(*nv));
		if (nv == NULL)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = p;
	return 0;
}
