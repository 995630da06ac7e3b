/*
 * session.h - one LMTP session (RFC 2033) from greeting to QUIT.
 *
 * Contract: lmtp_session_run() speaks on in/out until QUIT, end of
 * input, a timeout, too many errors, or a SIGTERM (seen on sigfd) that
 * arrives or is pending while no transaction is open: a transaction in
 * flight is always finished first.  Every refusal is a reply; nothing a
 * peer sends ends the process.
 */
#ifndef MDA_LMTP_SESSION_H
#define MDA_LMTP_SESSION_H

#include <stdint.h>

#include "config.h"
#include "lmtp/conn.h"
#include "lmtp/userdb.h"
#include "store/maildir.h"

struct lmtp_rcpt {
	char *addr;             /* RCPT TO's address, as given */
	char *orig;             /* ORCPT's address (RFC 3461 4.2), else addr */
	struct lmtp_user user;
};

struct lmtp_session {
	const struct config *cfg;
	struct userdb *db;
	struct lmtp_conn conn;
	char host[256];
	struct maildir_namer nm;
	bool greeted;            /* LHLO seen */
	bool quit;               /* end the session after the replies */
	char *sender;            /* MAIL FROM (without <>); NULL: none yet */
	struct lmtp_rcpt *rcpt;
	size_t nrcpt;
	unsigned errors;
};

/* lmtp_session_run - serve one connection; sigfd may be -1.  True when
 * a SIGTERM was taken off sigfd: the process should end, not serve on. */
bool lmtp_session_run(const struct config *cfg, struct userdb *db, int in,
		      int out, int sigfd);

/* lmtp_txn_reset - forget MAIL and RCPT (RSET, LHLO, after DATA). */
void lmtp_txn_reset(struct lmtp_session *s);
/* lmtp_data - after "354": take the message, deliver it to each
 * recipient and queue one reply per recipient in RCPT order. */
void lmtp_data(struct lmtp_session *s);
/* lmtp_cmd_rcpt - RCPT TO:<addr> [NOTIFY=...] [ORCPT=...] (rcpt.c). */
void lmtp_cmd_rcpt(struct lmtp_session *s, char *args);
/* lmtp_path_arg - "<addr>" at p copied into out[LMTP_ADDR_MAX]; returns
 * what follows it, or NULL for a malformed path. */
char *lmtp_path_arg(char *p, char *out);
/* lmtp_param_next - the next " KEY=VALUE" of a line, split in place;
 * NULL at the end; *val_r NULL when there is no '='. */
char *lmtp_param_next(char **p, char **val_r);
/* lmtp_param_xtext - decode RFC 3461 4 xtext into out; -1 if malformed. */
int lmtp_param_xtext(const char *in, char *out, size_t size);

#endif
