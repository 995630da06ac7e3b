/*
 * parser.c - recursive descent over the Sieve grammar (RFC 5228 8.2):
 *
 *   commands = *command          command = identifier arguments (";" / block)
 *   block = "{" commands "}"     arguments = *argument [test / test-list]
 *   argument = string-list / number / tag
 *   test-list = "(" test *("," test) ")"   test = identifier arguments
 *
 * Errors are reported at the offending token; the parser then skips to the
 * next ';' (or past a '{...}' block, or up to a '}') and carries on, so one
 * run shows several mistakes.  It stops after SIEVE_MAX_ERRORS and says
 * nothing more once the lexer has failed.
 *
 * The tree is built in the caller's arena.  A command's arguments and a
 * string list's items are gathered in fixed buffers of the parser (they
 * never nest: a command's tests come after all its arguments), a block's
 * commands and a command's tests on a stack of the parser (nested lists
 * are pushed above and popped before their parent goes on), and each is
 * copied into the arena once, at its exact size, with lexer_alloc (small
 * allocations without a call).
 */
#include <stdlib.h>
#include <string.h>

#include "compile/lexer.h"
#include "limits.h"
#include "compile/parser.h"
#include "util.h"

struct parser {
	struct sieve_lexer lx;
	struct sieve_diag *d;
	size_t prev_end;     /* end offset of the last consumed token */
	unsigned nerr;
	bool abort;          /* nesting limit or too many errors */
	size_t err_off;      /* token of the last error (+1), 0: none */
	struct arena *ar;
	struct sieve_arg args[SIEVE_MAX_ARGS];  /* of the command being read */
	size_t nargs;
	struct sieve_str *strs;  /* items of the string list being read */
	struct sieve_node **kids;  /* commands or tests being gathered */
	size_t nkids, kids_cap;
};

static void p_next(struct parser *ps)
{
	ps->prev_end = ps->lx.tend;
	lexer_next(&ps->lx);
}

static void p_error(struct parser *ps, const char *want)
{
	struct sieve_lexer *lx = &ps->lx;

	if (lx->failed || lx->tok == TOK_ERROR || ps->abort ||
	    ps->err_off == lx->toff + 1)
		return;   /* one error per token is enough */
	ps->err_off = lx->toff + 1;
	if (++ps->nerr > SIEVE_MAX_ERRORS) {
		ps->abort = true;
		return;
	}
	sieve_diag_add(ps->d, lx->file, lx->tline, lx->tcol, true,
		       "expected %s but found %s", want, lexer_tok_name(lx->tok));
}

/* p_end_error - a command not ended by ';' or a block: before a '}' or
 * the end of the script that is a forgotten ';' (RFC 5228 8.2). */
static void p_end_error(struct parser *ps, const struct sieve_node *n)
{
	struct sieve_lexer *lx = &ps->lx;

	if (lx->tok != TOK_RBRACE && lx->tok != TOK_EOF) {
		p_error(ps, "';' or '{'");
		return;
	}
	if (lx->failed || ps->abort || ps->err_off == lx->toff + 1)
		return;
	ps->err_off = lx->toff + 1;
	if (++ps->nerr > SIEVE_MAX_ERRORS) {
		ps->abort = true;
		return;
	}
	sieve_diag_add(ps->d, lx->file, lx->tline, lx->tcol, true,
		       "missing ';' after '%s' (line %u) before %s", n->name,
		       n->line, lexer_tok_name(lx->tok));
}

/* p_skip_block - at '{': skip to the matching '}' and past it. */
static void p_skip_block(struct parser *ps)
{
	unsigned depth = 0;

	do {
		if (ps->lx.tok == TOK_LBRACE)
			depth++;
		else if (ps->lx.tok == TOK_RBRACE)
			depth--;
		p_next(ps);
	} while (depth > 0 && ps->lx.tok != TOK_EOF && ps->lx.tok != TOK_ERROR);
}

/* p_sync - error recovery: past the next ';' or block, or up to a '}'. */
static void p_sync(struct parser *ps)
{
	for (;;) {
		switch (ps->lx.tok) {
		case TOK_SEMI:
			p_next(ps);
			return;
		case TOK_LBRACE:
			p_skip_block(ps);
			return;
		case TOK_RBRACE: case TOK_EOF: case TOK_ERROR:
			return;
		default:
			p_next(ps);
		}
	}
}

static struct sieve_arg *arg_new(struct parser *ps)
{
	struct sieve_arg *v;

	if (ps->nargs >= SIEVE_MAX_ARGS) {
		sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline, ps->lx.tcol,
			       true, "too many arguments");
		ps->nerr++;
		return NULL;
	}
	v = &ps->args[ps->nargs++];
	*v = (struct sieve_arg){ .line = ps->lx.tline, .col = ps->lx.tcol };
	return v;
}

/* args_commit - move the gathered arguments into n, in the arena. */
static int args_commit(struct parser *ps, struct sieve_node *n)
{
	size_t k = ps->nargs;

	ps->nargs = 0;
	if (k == 0)
		return 0;
	n->args = lexer_alloc(&ps->lx, k * sizeof(*n->args),
			      _Alignof(struct sieve_arg));
	if (n->args == NULL)
		return -1;
	memcpy(n->args, ps->args, k * sizeof(*n->args));
	n->nargs = k;
	return 0;
}

/* str_one - a as the single string of the current token. */
static int str_one(struct sieve_arg *a, struct parser *ps)
{
	a->v = lexer_alloc(&ps->lx, sizeof(*a->v), _Alignof(struct sieve_str));
	if (a->v == NULL)
		return -1;
	a->v[0].len = ps->lx.len;
	a->v[0].s = lexer_take(&ps->lx);
	a->n = 1;
	p_next(ps);
	return 0;
}

/* p_string_list - at '[': strings separated by ',' up to ']'. */
static int p_string_list(struct parser *ps, struct sieve_arg *a)
{
	size_t n = 0;

	a->type = ARG_LIST;
	p_next(ps);
	for (;;) {
		if (ps->lx.tok != TOK_STRING) {
			p_error(ps, "string");
			return -1;
		}
		if (n >= SIEVE_MAX_STRING_LIST) {
			sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline,
				       ps->lx.tcol, true, "string list too long");
			ps->nerr++;
			return -1;
		}
		ps->strs[n].len = ps->lx.len;
		ps->strs[n++].s = lexer_take(&ps->lx);
		p_next(ps);
		if (ps->lx.tok == TOK_RBRACKET)
			break;
		if (ps->lx.tok != TOK_COMMA) {
			p_error(ps, "',' or ']'");
			return -1;
		}
		p_next(ps);
	}
	p_next(ps);
	a->v = lexer_alloc(&ps->lx, n * sizeof(*a->v), _Alignof(struct sieve_str));
	if (a->v == NULL)
		return -1;
	memcpy(a->v, ps->strs, n * sizeof(*a->v));
	a->n = n;
	return 0;
}

/* kids_grow - room for one more node on the stack; -1 on ENOMEM.  The
 * stack never holds more nodes than the script has tokens. */
static int kids_grow(struct parser *ps)
{
	size_t cap = ps->kids_cap ? ps->kids_cap * 2 : 64;
	struct sieve_node **k = realloc(ps->kids, cap * sizeof(*k));

	if (k == NULL)
		return -1;
	ps->kids = k;
	ps->kids_cap = cap;
	return 0;
}

/* kids_push - c onto the stack of nodes being gathered; -1 on ENOMEM. */
static inline int kids_push(struct parser *ps, struct sieve_node *c)
{
	if (ps->nkids == ps->kids_cap && kids_grow(ps) < 0)
		return -1;
	ps->kids[ps->nkids++] = c;
	return 0;
}

/* kids_commit - pop the nodes gathered since base and append them to the
 * vector *v of *n, which is copied into the arena at its new size (only
 * sieve_parse appends twice, after a stray '}').  The vectors are short
 * (a test or two, a block of a few commands): copied in a loop. */
static int kids_commit(struct parser *ps, size_t base,
		       struct sieve_node ***v, size_t *n)
{
	size_t k = ps->nkids - base, i;
	struct sieve_node **nv;

	ps->nkids = base;
	if (k == 0)
		return 0;
	nv = lexer_alloc(&ps->lx, (*n + k) * sizeof(*nv),
			 _Alignof(struct sieve_node *));
	if (nv == NULL)
		return -1;
	for (i = 0; i < *n; i++)
		nv[i] = (*v)[i];
	for (i = 0; i < k; i++)
		nv[*n + i] = ps->kids[base + i];
	*v = nv;
	*n += k;
	return 0;
}

static struct sieve_node *p_test(struct parser *ps, unsigned depth);

/* p_test_list - a single test or a parenthesised test list, pushed. */
static int p_test_list(struct parser *ps, struct sieve_node *n,
		       unsigned depth)
{
	struct sieve_node *t;

	if (ps->lx.tok == TOK_IDENT) {
		if ((t = p_test(ps, depth)) == NULL)
			return -1;
		return kids_push(ps, t);
	}
	n->test_list = true;
	p_next(ps);
	for (;;) {
		if ((t = p_test(ps, depth)) == NULL || kids_push(ps, t) < 0)
			return -1;
		if (ps->lx.tok == TOK_RPAREN)
			break;
		if (ps->lx.tok != TOK_COMMA) {
			p_error(ps, "',' or ')'");
			return -1;
		}
		p_next(ps);
	}
	p_next(ps);
	return 0;
}

/* p_tests - the tests of n. */
static int p_tests(struct parser *ps, struct sieve_node *n, unsigned depth)
{
	size_t base = ps->nkids;

	if (p_test_list(ps, n, depth) < 0) {
		ps->nkids = base;
		return -1;
	}
	return kids_commit(ps, base, &n->tests, &n->ntests);
}

static int p_arguments(struct parser *ps, struct sieve_node *n, unsigned depth)
{
	struct sieve_arg *a;

	for (;;) {
		switch (ps->lx.tok) {
		case TOK_STRING:
			if ((a = arg_new(ps)) == NULL)
				return -1;
			a->type = ARG_STRING;
			if (str_one(a, ps) < 0)
				return -1;
			break;
		case TOK_LBRACKET:
			if ((a = arg_new(ps)) == NULL || p_string_list(ps, a) < 0)
				return -1;
			break;
		case TOK_NUMBER:
			if ((a = arg_new(ps)) == NULL)
				return -1;
			a->type = ARG_NUMBER;
			a->num = ps->lx.num;
			p_next(ps);
			break;
		case TOK_TAG:
			if ((a = arg_new(ps)) == NULL)
				return -1;
			a->type = ARG_TAG;
			a->tag = lexer_take(&ps->lx);
			p_next(ps);
			break;
		case TOK_IDENT: case TOK_LPAREN:
			if (args_commit(ps, n) < 0)
				return -1;
			return p_tests(ps, n, depth + 1);
		default:
			return args_commit(ps, n);
		}
	}
}

static struct sieve_node *p_node(struct parser *ps, unsigned depth, bool test)
{
	struct sieve_node *n;

	if (depth > SIEVE_MAX_NESTING) {
		if (!ps->abort)
			sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline,
				       ps->lx.tcol, true, "nesting too deep");
		ps->nerr++;
		ps->abort = true;
		return NULL;
	}
	if (ps->lx.tok != TOK_IDENT) {
		p_error(ps, test ? "test" : "command");
		return NULL;
	}
	if ((n = ast_node_new(ps->ar, lexer_take(&ps->lx), test)) == NULL)
		return NULL;
	n->line = ps->lx.tline;
	n->col = ps->lx.tcol;
	n->src_off = ps->lx.toff;
	p_next(ps);
	ps->nargs = 0;
	if (p_arguments(ps, n, depth) < 0 || ps->abort) {
		ps->nargs = 0;
		return NULL;
	}
	n->src_end = ps->prev_end;
	return n;
}

static struct sieve_node *p_test(struct parser *ps, unsigned depth)
{
	return p_node(ps, depth, true);
}

static int p_commands(struct parser *ps, unsigned depth,
		      struct sieve_node ***v, size_t *n);

/* p_command - one command with its ';' or block; NULL after an error. */
static struct sieve_node *p_command(struct parser *ps, unsigned depth)
{
	struct sieve_node *n = p_node(ps, depth, false);

	if (n == NULL)
		return NULL;
	if (ps->lx.tok == TOK_SEMI) {
		p_next(ps);
		return n;
	}
	if (ps->lx.tok != TOK_LBRACE) {
		p_end_error(ps, n);
		return NULL;
	}
	n->has_block = true;
	p_next(ps);
	p_commands(ps, depth + 1, &n->block, &n->nblock);
	if (ps->lx.tok == TOK_EOF && !ps->lx.failed && !ps->abort &&
	    ++ps->nerr <= SIEVE_MAX_ERRORS) {
		sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline, ps->lx.tcol,
			       true, "the block of '%s' (line %u) is never "
			       "closed: '}' missing at the end of the script",
			       n->name, n->line);
		ps->abort = true;   /* every enclosing block is unclosed too */
		return NULL;
	}
	if (ps->lx.tok != TOK_RBRACE) {
		p_error(ps, "'}'");
		return NULL;
	}
	p_next(ps);
	return n;
}

/* p_commands - commands up to '}' or the end, appended to *v of *n. */
static int p_commands(struct parser *ps, unsigned depth,
		      struct sieve_node ***v, size_t *n)
{
	size_t base = ps->nkids;

	while (!ps->abort) {
		struct sieve_node *c;

		if (ps->lx.tok == TOK_EOF || ps->lx.tok == TOK_ERROR ||
		    ps->lx.tok == TOK_RBRACE)
			break;
		c = p_command(ps, depth);
		if (c == NULL) {
			p_sync(ps);
			continue;
		}
		if (kids_push(ps, c) < 0) {
			ps->nkids = base;
			return -1;
		}
	}
	return kids_commit(ps, base, v, n);
}

/* stray_brace - a '}' at the top level closes nothing: one too many, or
 * the '{' it should close is missing. */
static void stray_brace(struct parser *ps)
{
	if (ps->lx.failed || ps->abort || ps->err_off == ps->lx.toff + 1 ||
	    ++ps->nerr > SIEVE_MAX_ERRORS)
		return;
	ps->err_off = ps->lx.toff + 1;
	sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline, ps->lx.tcol, true,
		       "unexpected '}': no block is open here (one '}' too "
		       "many, or a '{' missing before it)");
}

int sieve_parse(const char *file, const char *text, size_t len,
		struct sieve_diag *d, struct arena *ar,
		struct sieve_node ***cmds_r, size_t *ncmds_r)
{
	struct parser ps;
	size_t before = d->errors;

	memset(&ps, 0, sizeof(ps));
	ps.d = d;
	ps.ar = ar;
	*cmds_r = NULL;
	*ncmds_r = 0;
	ps.strs = malloc(SIEVE_MAX_STRING_LIST * sizeof(*ps.strs));
	if (ps.strs == NULL) {
		sieve_diag_add(d, file, 1, 1, true, "out of memory");
		return -1;
	}
	lexer_init(&ps.lx, file, text, len, d, ar);
	lexer_next(&ps.lx);
	for (;;) {
		p_commands(&ps, 0, cmds_r, ncmds_r);
		if (ps.lx.tok != TOK_RBRACE || ps.abort)
			break;
		stray_brace(&ps);
		p_next(&ps);
	}
	lexer_done(&ps.lx);
	free(ps.strs);
	free(ps.kids);
	if (d->errors > before || ps.abort) {
		if (d->errors == before)
			sieve_diag_add(d, file, 1, 1, true, "parse failed");
		*cmds_r = NULL;   /* the partial tree goes with the arena */
		*ncmds_r = 0;
		return -1;
	}
	return 0;
}
