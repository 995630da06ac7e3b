/*
 * parser.h - build the syntax tree from tokens (RFC 5228 section 8.2).
 */
#ifndef FILTERS_PARSER_H
#define FILTERS_PARSER_H

#include "compile/ast.h"
#include "sieve.h"

/*
 * sieve_parse - parse the whole script into a top-level command vector.
 * The tree is allocated in ar (freed with it; see ast_block_release for
 * the per-node hooks).  Returns 0, or -1 with errors in d (the partial
 * tree stays in ar, unreachable).
 * After an error the parser resynchronises at ';' or '}' and goes on, to
 * report several errors at once; after a lexical error it stays quiet.
 */
int sieve_parse(const char *file, const char *text, size_t len,
		struct sieve_diag *d, struct arena *ar,
		struct sieve_node ***cmds_r, size_t *ncmds_r);

#endif
