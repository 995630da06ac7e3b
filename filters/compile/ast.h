/*
 * ast.h - the syntax tree of a Sieve script (RFC 5228 section 8.2) and the
 * fields the validator fills in for the interpreter.
 *
 * Every node, argument, string and vector of a tree lives in the script's
 * arena (arena.h) and is freed with it; only per-command compiled data
 * (data/data_free) is released node by node: a compiled script releases
 * the nodes v_node_data() (script.h) listed, and a bare tree (the parser's
 * tests) can be walked with ast_block_release().
 */
#ifndef FILTERS_AST_H
#define FILTERS_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile/arena.h"

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
	unsigned n;              /* items of v */
	union {
		uint64_t num;    /* ARG_NUMBER */
		char *tag;       /* ARG_TAG, lower case, no colon */
	};
	struct sieve_str *v;     /* ARG_STRING (n == 1) and ARG_LIST */
};

struct sieve_cmd_def;

/*
 * A node is kept small (a 5,000-rule script has ~20,000 of them): the
 * tag and positional slots the validator fills are one arena vector sized
 * for the node's definition (SIEVE_TAG_SLOTS tag slots if it has tags at
 * all, none otherwise; as many positional slots as it takes), not fixed
 * arrays, and the counters are narrow.  Code reads them as before:
 * n->tag[slot] (NULL: tag absent) and n->pos[0..npos).  A node that was never validated points both at
 * ast_no_slots, which is all NULL and never written.
 */
struct sieve_node {
	char *name;              /* lower case */
	struct sieve_arg *args;
	struct sieve_node **tests;
	struct sieve_node **block;
	size_t nargs, ntests, nblock;
	unsigned line, col;
	uint32_t src_off, src_end;  /* source span, for the trace
				     * (scripts are under 4 GiB: limits.h) */
	bool is_test;
	bool test_list;          /* tests were given in parentheses */
	bool has_block;
	/* filled by the validator */
	signed char cmp, mt, relop, ap;  /* comparator, match type, relation,
					  * part */
	unsigned npos;
	const struct sieve_cmd_def *def;
	struct sieve_arg **tag;  /* value (or the tag itself), by slot */
	struct sieve_arg **pos;  /* positional arguments */
	void *data;              /* per-command compiled data */
	void (*data_free)(void *data);   /* set only by v_node_data() */
};

/* all NULL: the slots of a node no definition gave any */
extern struct sieve_arg *ast_no_slots[SIEVE_TAG_SLOTS + SIEVE_POS_MAX];

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
