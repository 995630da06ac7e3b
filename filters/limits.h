/*
 * limits.h - every bound the Sieve engine enforces, in one place.
 *
 * Scripts and messages are untrusted input: each loop over them is bounded
 * by one of these.  Hitting a compile-time bound is a compile error; hitting
 * a run-time bound is a run-time error (the message is kept in INBOX).
 */
#ifndef FILTERS_LIMITS_H
#define FILTERS_LIMITS_H

#define SIEVE_MAX_SCRIPT_SIZE    (1024 * 1024)   /* octets of one script */
#define SIEVE_MAX_STRING_LEN     (64 * 1024)     /* one string literal */
#define SIEVE_MAX_STRING_LIST    1024            /* items in one string list */
#define SIEVE_MAX_ARGS           64              /* arguments of one command */
#define SIEVE_MAX_NESTING        32              /* blocks and tests nested */
#define SIEVE_MAX_ERRORS         20              /* diagnostics before giving up */
#define SIEVE_MAX_ACTIONS        32              /* actions in one run (Pigeonhole: 32) */
#define SIEVE_MAX_REDIRECTS      4               /* redirects in one run (Pigeonhole: 4) */
#define SIEVE_MAX_NOTIFY         5               /* notify per run, unless the site says */
#define SIEVE_NOTIFY_TEXT_MAX    1024            /* the notify draft's $text$, octets */
#define SIEVE_MAX_HEADERS        250000          /* header fields looked at (a
							  Subject after 200,000 fields
							  is seen, as Pigeonhole sees it) */
#define SIEVE_HDR_CACHE          16              /* field names whose decoded values a run keeps */
#define SIEVE_MAX_HEADER_LEN     (64 * 1024)     /* one (unfolded) header value */
#define SIEVE_MAX_HEADER_BLOCK   (1024 * 1024)   /* edited header block */
#define SIEVE_MAX_MIME_DEPTH     100             /* nested multiparts (Pigeonhole: 100) */
#define SIEVE_MAX_MIME_PARTS     10000           /* parts indexed in one message */
#define SIEVE_MAX_MIME_HEADER    (64 * 1024)     /* octets of one part header read */
#define SIEVE_MAX_PARAM_SECTIONS 64              /* RFC 2231 continuations of one parameter */
#define SIEVE_MAX_PARAM_LEN      (8 * 1024)      /* one decoded parameter value */
#define SIEVE_MAGIC_PEEK         (64 * 1024)     /* decoded octets shown to libmagic */
#define SIEVE_MAGIC_ELF_PEEK     (8 * 1024 * 1024)  /* ... of an ELF file: its
							  dynamic section says PIE */
#define SIEVE_HTML_NAME_MAX      16              /* octets of a tag name kept (html2text) */
#define SIEVE_HTML_ENTITY_MAX    9               /* an entity name longer is text (Pigeonhole: 9) */
#define SIEVE_MAX_EXTRACT        (4 * 1024)      /* extracttext value (variable length) */
#define SIEVE_MAX_STEPS          100000          /* commands + tests evaluated */
#define SIEVE_MAX_INCLUDE_DEPTH  10              /* nested includes */
#define SIEVE_MAX_INCLUDED       64              /* distinct included scripts */
#define SIEVE_MAX_VARIABLES      256             /* variables per scope */
#define SIEVE_MAX_VARIABLE_LEN   (4 * 1024)      /* value of one variable */
#define SIEVE_MAX_VARNAME_LEN    64              /* name of one variable */
#define SIEVE_MAX_MATCH_VARS     32              /* ${0} .. ${31}, as Pigeonhole */
#define SIEVE_MAX_FLAGS          64              /* imap4flags in force */
#define SIEVE_MAX_ADDRESSES      1024            /* addresses in one header */
#define SIEVE_BODY_CHUNK         (64 * 1024)     /* body read size */
#define SIEVE_BODY_MATCH_MAX     (1024 * 1024)   /* body :matches/:regex/:is window */
#define SIEVE_MAX_REGEX_LEN      1024            /* one :regex key */
#define SIEVE_MAX_REGEX_REPEAT   255             /* m, n of a{m,n} */
#define SIEVE_MAX_REGEX_COST     16384           /* product of repetitions */
#define SIEVE_MAX_GLOB_STEPS     1000000         /* work of one :matches */
#define SIEVE_REGEX_CACHE        1024            /* compiled :regex keys kept per run */
/* CPU time one run may take, all matching included (0 in the runtime env:
 * this default).  A stranger's message must not pin a core until the
 * MTA's command_time_limit (Postfix: 1000 s) on every retry. */
#define SIEVE_RUN_BUDGET_MS      5000
#define SIEVE_BUDGET_EVERY       256             /* steps between clock reads */

#endif
