/*
 * cmd_lmtp.c - `mda lmtp`: deliver for virtual users over LMTP (RFC 2033).
 *
 * Order: bind (--listen) while still root, drop to --user, open the user
 * table, then serve.  Without --listen one session runs on standard
 * input and output.  SIGPIPE is ignored: a peer gone away is an EPIPE
 * on write, which ends that session only.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "commands.h"
#include "lmtp/server.h"
#include "lmtp/userdb.h"

enum mda_err cmd_lmtp(const struct config *cfg, struct why *w)
{
	struct userdb db = { 0 };
	const char *sock_path = NULL;
	bool is_child = false;
	int lfd = -1;
	enum mda_err e = MDA_OK;

	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		e = why_errno(w, errno, "signal");
	if (e == MDA_OK && cfg->listen != NULL)
		e = lmtp_listen(cfg->listen, &lfd, &sock_path, w);
	if (e == MDA_OK)
		e = lmtp_drop_privileges(cfg, w);
	if (e == MDA_OK)
		e = userdb_open(&db, cfg->userdb, cfg->home_template, w);
	if (e == MDA_OK && lfd >= 0)
		e = lmtp_serve(cfg, &db, lfd, &is_child, w);
	else if (e == MDA_OK)
		e = lmtp_stdio(cfg, &db, w);
	if (lfd >= 0 && !is_child) {
		(void)close(lfd);
		if (sock_path != NULL)
			(void)unlink(sock_path);   /* best effort */
	}
	userdb_free(&db);
	return e;
}
