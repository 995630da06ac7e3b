/*
 * ext.h - how commands, tests and extensions are defined.
 *
 * Each extension file (ext-*.c) exports one const struct sieve_extension;
 * ext-table.c lists them all.  A command or test is a const
 * struct sieve_cmd_def: its tags, its positional arguments, an optional
 * validate hook (compile time) and an exec/eval hook (run time).  The
 * validator checks arguments generically from these tables.
 */
#ifndef FILTERS_EXT_H
#define FILTERS_EXT_H

#include <stdbool.h>

#include "compile/ast.h"

enum { CMP_OCTET, CMP_CASEMAP, CMP_NUMERIC };
enum { MT_IS, MT_CONTAINS, MT_MATCHES, MT_REGEX, MT_VALUE, MT_COUNT,
       MT_LIST /* extlists, RFC 6134 2.2 */ };
enum { REL_GT, REL_GE, REL_LT, REL_LE, REL_EQ, REL_NE };
enum { AP_ALL, AP_LOCAL, AP_DOMAIN, AP_USER, AP_DETAIL };

/* which standard tag groups a test accepts (RFC 5228 2.7) */
#define STD_CMP   1u
#define STD_MATCH 2u
#define STD_AP    4u

enum sieve_tag_kind { TAGK_FLAG, TAGK_STRING, TAGK_LIST, TAGK_NUMBER };

struct sieve_tag_def {
	const char *name;         /* without ':' */
	enum sieve_tag_kind kind;
	int slot;                 /* index into node->tag[] */
	const char *ext;          /* extension that must be required, or NULL */
};

/* what the validator's block rules look at (RFC 5228 3.1, 3.2; RFC 5703
 * 3.2): set on the definitions, so a node's role is one load once its
 * definition is resolved, never a name comparison */
enum sieve_cmd_role {
	ROLE_NONE,
	ROLE_REQUIRE,     /* only before every other command, at the top */
	ROLE_IF,
	ROLE_ELSIF,       /* only after if or elsif */
	ROLE_ELSE,        /* only after if or elsif */
	ROLE_LOOP,        /* foreverypart: break and extracttext need one */
};

struct sieve_vctx;
struct sieve_ix;

struct sieve_cmd_def {
	const char *name;
	bool test;
	unsigned std;
	const struct sieve_tag_def *tags;  /* ends with name == NULL */
	/* positional arguments: S string, L string list, N number;
	 * lower case: optional (trailing only) */
	const char *pos;
	bool block;       /* takes a block */
	int tests;        /* 0: none, 1: exactly one test, 2: a test list */
	enum sieve_cmd_role role;
	/* tags may follow the positional arguments: the notify draft's
	 * denotify, whose string is the match type's key and whose
	 * priority comes after it (denotify :matches "fr*" :low) */
	bool tags_after;
	int (*validate)(struct sieve_vctx *v, struct sieve_node *n);
	/* commands: IX_OK, IX_STOP, IX_RETURN or IX_ERR */
	int (*exec)(struct sieve_ix *ix, const struct sieve_node *n);
	/* tests: 0 with *res set, or IX_ERR */
	int (*eval)(struct sieve_ix *ix, const struct sieve_node *n, bool *res);
};

struct sieve_extension {
	const char *name;
	const struct sieve_cmd_def *const *defs;  /* NULL-terminated, or NULL */
	bool core;        /* available without require, not advertised */
	/* only a testsuite compile may require it (filters/testsuite.h);
	 * anywhere else it is an unknown extension, and never advertised */
	bool test_only;
	/* Compile-time hooks on every command and test of a script that
	 * requires this extension (NULL: none): before the arguments are
	 * checked (encoded-character rewrites the strings) and after (regex
	 * checks the keys of its match type).  The validator reaches an
	 * extension only through these, never by name. */
	void (*before_args)(struct sieve_vctx *v, struct sieve_node *n);
	void (*after_args)(struct sieve_vctx *v, const struct sieve_node *n);
	/* Before the block of n is checked: mark in v->s->req what the block
	 * may use without require (kept for that block only), or return 1 to
	 * leave the block unchecked (ihave naming an unknown extension). */
	int (*block_gate)(struct sieve_vctx *v, struct sieve_node *n);
	/* Run time: release what the extension kept for this run (the MIME
	 * part index); called at the end of every run, whatever was
	 * required, so the interpreter knows no extension by name. */
	void (*run_free)(struct sieve_ix *ix);
	/* another extension that requiring this one also enables (an EXT_
	 * id; EXT_CORE, 0, for none): vacation-seconds enables vacation,
	 * spamtestplus spamtest (RFC 6131 2, RFC 5235 3) */
	int implies;
	/* an extension that cannot be required in the same script (an EXT_
	 * id; EXT_CORE for none): the old draft and its RFC, whose commands
	 * share names but not syntax (Pigeonhole refuses both as well) */
	int conflicts;
};

/* Each extension's index in sieve_extensions[] (ext-table.c places them
 * by these), so "was it required" is s->req[EXT_...], one load. */
enum sieve_ext_id {
	EXT_CORE,
	EXT_CORE_TESTS,
	EXT_CMP_OCTET,
	EXT_CMP_CASEMAP,
	EXT_FILEINTO,
	EXT_REJECT,
	EXT_EREJECT,
	EXT_ENVELOPE,
	EXT_ENCODED_CHARACTER,
	EXT_VACATION,
	EXT_VACATION_SECONDS,
	EXT_SUBADDRESS,
	EXT_CMP_NUMERIC,
	EXT_RELATIONAL,
	EXT_REGEX,
	EXT_IMAP4FLAGS,
	EXT_COPY,
	EXT_INCLUDE,
	EXT_BODY,
	EXT_VARIABLES,
	EXT_MAILBOX,
	EXT_DATE,
	EXT_EDITHEADER,
	EXT_ENVIRONMENT,
	EXT_DUPLICATE,
	EXT_MIME,
	EXT_FOREVERYPART,
	EXT_EXTRACTTEXT,
	EXT_MAGIC,
	EXT_SPAMTEST,
	EXT_SPAMTESTPLUS,
	EXT_VIRUSTEST,
	EXT_PIPE,
	EXT_FILTER,
	EXT_EXECUTE,
	EXT_ENOTIFY,
	EXT_IHAVE,
	EXT_IMAPFLAGS,
	EXT_EXTLISTS,
	EXT_INDEX,
	EXT_NOTIFY,
	EXT_VND_DUPLICATE,
	EXT_DEBUG,
	EXT_TESTSUITE,
	EXT_COUNT
};

/* ext-table.c */
extern const struct sieve_extension *const sieve_extensions[];
int sieve_ext_index(const char *name);          /* -1: unknown */
size_t sieve_ext_count(void);
/* sieve_ext_find_def - the command/test named name and its extension. */
const struct sieve_cmd_def *sieve_ext_find_def(const char *name, bool test,
					       int *ext_r);

/* the extension files */
extern const struct sieve_extension sieve_ext_core;
extern const struct sieve_extension sieve_ext_core_tests;
extern const struct sieve_extension sieve_ext_fileinto;
extern const struct sieve_extension sieve_ext_envelope;
extern const struct sieve_extension sieve_ext_encoded_character;
extern const struct sieve_extension sieve_ext_copy;
extern const struct sieve_extension sieve_ext_imap4flags;
extern const struct sieve_extension sieve_ext_variables;
extern const struct sieve_extension sieve_ext_body;
extern const struct sieve_extension sieve_ext_relational;
extern const struct sieve_extension sieve_ext_subaddress;
extern const struct sieve_extension sieve_ext_regex;
extern const struct sieve_extension sieve_ext_date;
extern const struct sieve_extension sieve_ext_mailbox;
extern const struct sieve_extension sieve_ext_editheader;
extern const struct sieve_extension sieve_ext_reject;
extern const struct sieve_extension sieve_ext_ereject;
extern const struct sieve_extension sieve_ext_environment;
extern const struct sieve_extension sieve_ext_include;
extern const struct sieve_extension sieve_ext_vacation;
extern const struct sieve_extension sieve_ext_vacation_seconds;
extern const struct sieve_extension sieve_ext_duplicate;
extern const struct sieve_extension sieve_ext_cmp_numeric;
extern const struct sieve_extension sieve_ext_cmp_octet;
extern const struct sieve_extension sieve_ext_cmp_casemap;
extern const struct sieve_extension sieve_ext_mime;
extern const struct sieve_extension sieve_ext_foreverypart;
extern const struct sieve_extension sieve_ext_extracttext;
extern const struct sieve_extension sieve_ext_magic;
extern const struct sieve_extension sieve_ext_spamtest;
extern const struct sieve_extension sieve_ext_spamtestplus;
extern const struct sieve_extension sieve_ext_virustest;
extern const struct sieve_extension sieve_ext_pipe;
extern const struct sieve_extension sieve_ext_filter;
extern const struct sieve_extension sieve_ext_execute;
extern const struct sieve_extension sieve_ext_enotify;
extern const struct sieve_extension sieve_ext_ihave;
extern const struct sieve_extension sieve_ext_imapflags;
extern const struct sieve_extension sieve_ext_extlists;
extern const struct sieve_extension sieve_ext_index_rfc5260;
extern const struct sieve_extension sieve_ext_notify;
extern const struct sieve_extension sieve_ext_vnd_duplicate;
extern const struct sieve_extension sieve_ext_debug;
extern const struct sieve_extension sieve_ext_testsuite;

#endif
