/*
 * svt.h - the delivery agent's side of `mda test --svtest`: the world a
 * testsuite file runs in (filters/testsuite.h asks for it through
 * struct sieve_testsuite_ops).
 *
 * Everything lives under one scratch directory per file (mkdtemp under
 * $TMPDIR, removed at the end): messages are spooled into spool/ exactly
 * as a delivery spools stdin; each block gets a Maildir of its own
 * (mail-N/, with the folders the top level made), stored into by mda's
 * real store code; redirects and vacation replies are captured in memory
 * instead of going to sendmail.  Nothing is written anywhere else.
 */
#ifndef MDA_SVT_H
#define MDA_SVT_H

#include <stdbool.h>
#include <stddef.h>

#include "outward/programs.h"
#include "siteconf.h"
#include "config.h"
#include "intake/inbox.h"
#include "intake/spool.h"
#include "outward/state.h"
#include "store/maildir.h"
#include "testsuite.h"

#define SVT_MAX_MSGS   4096   /* spooled messages per file */
#define SVT_MAX_SENT   256    /* captured outgoing messages */
#define SVT_MAX_STORED 4096   /* messages stored per file */
#define SVT_MAX_BOXES  64     /* mailboxes the top level makes */

/* one spooled message and the engine's view of it */
struct svt_msg {
	struct spool sp;
	struct sieve_message m;
};

struct svt_sent {           /* an outgoing message, captured */
	char *from, *to;
	struct svt_msg *msg;
};

struct svt_stored {         /* a message mda stored in a folder */
	char *dir;              /* the folder's directory */
	char *file;             /* the stored file */
	char **flags;           /* the flags it was stored with */
	size_t nflags;
	struct svt_msg *msg;    /* read back on first test_message */
};

struct svt {
	const struct config *cfg;
	char root[4096];        /* the scratch directory */
	char dir[4096];         /* the testsuite file's directory */
	char path[4096];        /* the same, absolute: ${tst.path} */
	char personal[4096], global[4096];   /* include directories */
	struct inbox ib;        /* ib.path: the current Maildir */
	struct maildir_namer nm;
	struct mda_state *state;
	unsigned nblock;
	bool in_block;
	struct svt_msg *msgs[SVT_MAX_MSGS];
	size_t nmsgs;
	struct svt_sent sent[SVT_MAX_SENT];
	size_t nsent;
	struct svt_stored stored[SVT_MAX_STORED];
	size_t nstored;
	char *boxes[SVT_MAX_BOXES];   /* made by the top level */
	size_t nboxes;
	/* test_config_set: the site settings, as /etc/mda.conf gives them */
	struct siteconf site;
	struct programs programs;
	/* TAP */
	unsigned *tap_n;
	unsigned passed, failed;
};

/* svt_msg.c */
/* svt_open - the scratch directory and the top level's Maildir. */
enum mda_err svt_open(struct svt *t, const struct config *cfg,
		      const char *file, struct why *w);
void svt_close(struct svt *t);
/* svt_msg_text - spool a message given as text; NULL on failure (why). */
struct svt_msg *svt_msg_text(struct svt *t, const char *text, size_t len,
			     char *why, size_t wsize);
/* svt_msg_source - spool the bytes of src (an edited copy, say). */
struct svt_msg *svt_msg_source(struct svt *t, const struct msg_source *src);
/* svt_msg_file - spool the message stored in path. */
struct svt_msg *svt_msg_file(struct svt *t, const char *path);
/* svt_msg_of - the svt_msg behind an engine view we handed out. */
struct svt_msg *svt_msg_of(const struct sieve_message *m);
void svt_sent_clear(struct svt *t);
/* svt_block - a block begins (a fresh Maildir with the top level's
 * folders) or ends (back to the top level's). */
void svt_block(struct svt *t, bool begin);
/* svt_mailbox - make folder name in the current Maildir. 0 or -1. */
int svt_mailbox(struct svt *t, const char *name);

/* svt_exec.c */
/* svt_execute - carry out acts: stores with mda's store code, redirects
 * and vacation replies captured.  0, or -1 with the failure in why. */
int svt_execute(struct svt *t, const struct sieve_action_list *acts,
		const struct svt_msg *m, const struct sieve_runtime_env *env,
		char *why, size_t wsize);

#endif
