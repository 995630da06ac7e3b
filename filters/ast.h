/*
 * ast.h - the syntax tree of a Sieve script (RFC 5228 section 8.2) and the
 * fields the validator fills in for the interpreter.
 *
 * Every node, argument, string and vector of a tree lives in the script's
 * arena (arena.h) and is freed with it; only per-command compiled data
 * (data/data_free) is released node by node, by ast_block_release().
 */
#ifndef FILTERS_AST_H
#define FILTERS_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define SIEVE_TAG_SLOTS 8
#define SIEVE_POS_MAX   4

struct sieve_str {
	char *s;          /* NUL-terminated */
	size_t len;
};

enum sieve_arg_type { ARG_NUMBER, ARG_STRING, ARG_LIST, ARG_TAG };

struct sieve_arg {
	enum sieve_arg_type type;
	unsigned line, col;
	uint64_t num;            /* ARG_NUMBER */
	char *tag;               /* ARG_TAG, lower case, no colon */
	struct sieve_str *v;     /* ARG_STRING (n == 1) and ARG_LIST */
	size_t n;
};

struct sieve_cmd_def;

struct sieve_node {
	char *name;              /* lower case */
	bool is_test;
	unsigned line, col;
	size_t src_off, src_end; /* source span, for the trace */
	struct sieve_arg *args;
	size_t nargs;
	struct sieve_node **tests;
	size_t ntests;
	bool test_list;          /* tests were given in parentheses */
	struct sieve_node **block;
	size_t nblock;
	bool has_block;
	/* filled by the validator */
	const struct sieve_cmd_def *def;
	struct sieve_arg *tag[SIEVE_TAG_SLOTS];  /* value (or the tag itself) */
	struct sieve_arg *pos[SIEVE_POS_MAX];
	size_t npos;
	int cmp, mt, relop, ap;  /* comparator, match type, relation, part */
	void *data;              /* per-command compiled data */
	void (*data_free)(void *data);
};

/* ast_node_new - a zeroed node in ar named name (not copied: it must live
 * in ar too, as the lexer's strings do). */
struct sieve_node *ast_node_new(struct arena *ar, char *name, bool is_test);
/* ast_block_release - run the data_free hooks of v[0..n) and below; the
 * memory itself goes with the arena. */
void ast_block_release(struct sieve_node **v, size_t n);
/* ast_push - append p to the pointer vector *v of *n; -1 on ENOMEM. */
int ast_push(struct arena *ar, struct sieve_node ***v, size_t *n,
	     struct sieve_node *p);

#endif
