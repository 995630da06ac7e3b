/*
 * server.h - where LMTP sessions come from: standard input/output (inetd,
 * systemd sockets, tests) or a listening socket with a process per
 * connection.
 */
#ifndef MDA_LMTP_SERVER_H
#define MDA_LMTP_SERVER_H

#include <stdbool.h>

#include "config.h"
#include "lmtp/userdb.h"
#include "why.h"

/* lmtp_listen - bind --listen (unix:PATH, inet:ADDR:PORT, inet:PORT on
 * the loopback) into *fd_r.  *unix_path_r is the socket file to remove
 * at the end, or NULL. */
enum mda_err lmtp_listen(const char *spec, int *fd_r,
			 const char **unix_path_r, struct why *w);
/* lmtp_drop_privileges - as root: become --user (required); otherwise
 * --user, if given, must be the user we already are. */
enum mda_err lmtp_drop_privileges(const struct config *cfg, struct why *w);
/* lmtp_serve - accept on lfd until SIGTERM/SIGINT, at most
 * cfg->max_connections sessions at once (more wait in the backlog);
 * SIGHUP reads the user table again.  In a child, returns after its
 * one session with *child_r set. */
enum mda_err lmtp_serve(const struct config *cfg, struct userdb *db, int lfd,
			bool *child_r, struct why *w);
/* lmtp_stdio - one session on standard input and output. */
enum mda_err lmtp_stdio(const struct config *cfg, struct userdb *db,
			struct why *w);

#endif
