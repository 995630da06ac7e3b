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
 */
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "limits.h"
#include "parser.h"
#include "util.h"

struct parser {
	struct sieve_lexer lx;
	struct sieve_diag *d;
	size_t prev_end;     /* end offset of the last consumed token */
	unsigned nerr;
	bool abort;          /* nesting limit or too many errors */
	size_t err_off;      /* token of the last error (+1), 0: none */
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

static struct sieve_arg *arg_new(struct parser *ps, struct sieve_node *n)
{
	struct sieve_arg *v;

	if (n->nargs >= SIEVE_MAX_ARGS) {
		sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline, ps->lx.tcol,
			       true, "too many arguments");
		ps->nerr++;
		return NULL;
	}
	v = realloc(n->args, (n->nargs + 1) * sizeof(*v));
	if (v == NULL)
		return NULL;
	n->args = v;
	v = &n->args[n->nargs++];
	memset(v, 0, sizeof(*v));
	v->line = ps->lx.tline;
	v->col = ps->lx.tcol;
	return v;
}

static int str_push(struct sieve_arg *a, struct parser *ps)
{
	struct sieve_str *v;

	if (a->n >= SIEVE_MAX_STRING_LIST) {
		sieve_diag_add(ps->d, ps->lx.file, ps->lx.tline, ps->lx.tcol,
			       true, "string list too long");
		ps->nerr++;
		return -1;
	}
	v = realloc(a->v, (a->n + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	a->v = v;
	a->v[a->n].len = ps->lx.len;
	a->v[a->n].s = lexer_take(&ps->lx);
	a->n++;
	p_next(ps);
	return 0;
}

/* p_string_list - at '[': strings separated by ',' up to ']'. */
static int p_string_list(struct parser *ps, struct sieve_arg *a)
{
	a->type = ARG_LIST;
	p_next(ps);
	for (;;) {
		if (ps->lx.tok != TOK_STRING) {
			p_error(ps, "string");
			return -1;
		}
		if (str_push(a, ps) < 0)
			return -1;
		if (ps->lx.tok == TOK_RBRACKET)
			break;
		if (ps->lx.tok != TOK_COMMA) {
			p_error(ps, "',' or ']'");
			return -1;
		}
		p_next(ps);
	}
	p_next(ps);
	return 0;
}

static struct sieve_node *p_test(struct parser *ps, unsigned depth);

/* p_tests - a single test or a parenthesised test list. */
static int p_tests(struct parser *ps, struct sieve_node *n, unsigned depth)
{
	struct sieve_node *t;

	if (ps->lx.tok == TOK_IDENT) {
		if ((t = p_test(ps, depth)) == NULL)
			return -1;
		return ast_push(&n->tests, &n->ntests, t);
	}
	n->test_list = true;
	p_next(ps);
	for (;;) {
		if ((t = p_test(ps, depth)) == NULL)
			return -1;
		if (ast_push(&n->tests, &n->ntests, t) < 0) {
			ast_node_free(t);
			return -1;
		}
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

static int p_arguments(struct parser *ps, struct sieve_node *n, unsigned depth)
{
	struct sieve_arg *a;

	for (;;) {
		switch (ps->lx.tok) {
		case TOK_STRING:
			if ((a = arg_new(ps, n)) == NULL)
				return -1;
			a->type = ARG_STRING;
			if (str_push(a, ps) < 0)
				return -1;
			break;
		case TOK_LBRACKET:
			if ((a = arg_new(ps, n)) == NULL || p_string_list(ps, a) < 0)
				return -1;
			break;
		case TOK_NUMBER:
			if ((a = arg_new(ps, n)) == NULL)
				return -1;
			a->type = ARG_NUMBER;
			a->num = ps->lx.num;
			p_next(ps);
			break;
		case TOK_TAG:
			if ((a = arg_new(ps, n)) == NULL)
				return -1;
			a->type = ARG_TAG;
			a->tag = lexer_take(&ps->lx);
			p_next(ps);
			break;
		case TOK_IDENT: case TOK_LPAREN:
			return p_tests(ps, n, depth + 1);
		default:
			return 0;
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
	if ((n = ast_node_new(ps->lx.str, test)) == NULL)
		return NULL;
	n->line = ps->lx.tline;
	n->col = ps->lx.tcol;
	n->src_off = ps->lx.toff;
	p_next(ps);
	if (p_arguments(ps, n, depth) < 0 || ps->abort) {
		ast_node_free(n);
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
		p_error(ps, "';' or '{'");
		ast_node_free(n);
		return NULL;
	}
	n->has_block = true;
	p_next(ps);
	p_commands(ps, depth + 1, &n->block, &n->nblock);
	if (ps->lx.tok != TOK_RBRACE) {
		p_error(ps, "'}'");
		ast_node_free(n);
		return NULL;
	}
	p_next(ps);
	return n;
}

static int p_commands(struct parser *ps, unsigned depth,
		      struct sieve_node ***v, size_t *n)
{
	while (!ps->abort) {
		struct sieve_node *c;

		if (ps->lx.tok == TOK_EOF || ps->lx.tok == TOK_ERROR ||
		    ps->lx.tok == TOK_RBRACE)
			return 0;
		c = p_command(ps, depth);
		if (c == NULL) {
			p_sync(ps);
			continue;
		}
		if (ast_push(v, n, c) < 0) {
			ast_node_free(c);
			return -1;
		}
	}
	return 0;
}

int sieve_parse(const char *file, const char *text, size_t len,
		struct sieve_diag *d, struct sieve_node ***cmds_r,
		size_t *ncmds_r)
{
	struct parser ps;
	size_t before = d->errors;

	memset(&ps, 0, sizeof(ps));
	ps.d = d;
	*cmds_r = NULL;
	*ncmds_r = 0;
	lexer_init(&ps.lx, file, text, len, d);
	lexer_next(&ps.lx);
	for (;;) {
		p_commands(&ps, 0, cmds_r, ncmds_r);
		if (ps.lx.tok != TOK_RBRACE || ps.abort)
			break;
		p_error(&ps, "command");   /* a stray '}' */
		p_next(&ps);
	}
	lexer_done(&ps.lx);
	if (d->errors > before || ps.abort) {
		if (d->errors == before)
			sieve_diag_add(d, file, 1, 1, true, "parse failed");
		ast_block_free(*cmds_r, *ncmds_r);
		*cmds_r = NULL;
		*ncmds_r = 0;
		return -1;
	}
	return 0;
}
