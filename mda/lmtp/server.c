/*
 * server.c - the accept loop: one process per connection, at most
 * --max-connections of them; signals read through a signalfd, so no
 * handler runs in the middle of anything and no global flag is needed.
 *
 * SIGTERM/SIGINT: stop accepting, pass SIGTERM to every session (each
 * finishes the transaction it is in, then says 421), wait for them all.
 * SIGHUP: read the user table again (sessions notice a changed file by
 * themselves at their next RCPT).  SIGCHLD: reap.  While the limit is
 * reached the listening socket is not polled: new connections wait in
 * its backlog instead of being refused.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "lmtp/server.h"
#include "lmtp/session.h"

struct pool {
	pid_t *pid;
	unsigned n, max;
};

/* signals_fd - block sigs and read them from a new signalfd. */
static int signals_fd(const int *sigs, size_t n)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < n; i++)
		sigaddset(&set, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void reap(struct pool *p, bool block)
{
	for (;;) {  /* bounded by our children */
		pid_t pid = waitpid(-1, NULL, block ? 0 : WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		for (unsigned i = 0; i < p->n; i++)
			if (p->pid[i] == pid) {
				p->pid[i] = p->pid[--p->n];
				break;
			}
		if (block && p->n == 0)
			return;
	}
}

/* child - one session on fd; the caller returns up to main(). */
static void child(const struct config *cfg, struct userdb *db, int fd)
{
	static const int term[] = { SIGTERM, SIGINT };
	sigset_t none;
	int sfd = signals_fd(term, 2);

	/* SIGHUP and SIGCHLD are the parent's business. */
	sigemptyset(&none);
	sigaddset(&none, SIGHUP);
	sigaddset(&none, SIGCHLD);
	(void)sigprocmask(SIG_UNBLOCK, &none, NULL);
	(void)signal(SIGHUP, SIG_IGN);
	lmtp_session_run(cfg, db, fd, fd, sfd);
	(void)close(fd);
	if (sfd >= 0)
		(void)close(sfd);
}

/* accept_one - take a connection and fork its session. */
static enum mda_err accept_one(const struct config *cfg, struct userdb *db,
			       int lfd, int sfd, struct pool *p, bool *child_r)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return MDA_OK;   /* ECONNABORTED, EMFILE ...: the next poll */
	pid_t pid = fork();
	if (pid == 0) {
		(void)close(lfd);
		(void)close(sfd);
		*child_r = true;
		child(cfg, db, fd);
		return MDA_OK;
	}
	(void)close(fd);
	if (pid < 0) {
		log_note(cfg, "lmtp: fork failed, connection dropped");
		return MDA_OK;
	}
	p->pid[p->n++] = pid;
	return MDA_OK;
}

/* on_signal - one signal from the signalfd; true when it is the end. */
static bool on_signal(const struct config *cfg, struct userdb *db, int sfd,
		      struct pool *p)
{
	struct signalfd_siginfo si;
	struct why w = { "", "" };

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return false;
	if (si.ssi_signo == SIGCHLD) {
		reap(p, false);
	} else if (si.ssi_signo == SIGHUP) {
		if (userdb_reload(db, &w) != MDA_OK)
			log_note(cfg, w.text);
		else
			log_note(cfg, "lmtp: user table read again");
	} else {
		return true;
	}
	return false;
}

enum mda_err lmtp_serve(const struct config *cfg, struct userdb *db, int lfd,
			bool *child_r, struct why *w)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGCHLD };
	struct pool p = { calloc(cfg->max_connections, sizeof(pid_t)), 0,
			  cfg->max_connections };
	int sfd = signals_fd(sigs, 4);
	enum mda_err e = MDA_OK;

	*child_r = false;
	if (p.pid == NULL || sfd < 0) {
		free(p.pid);
		return why_errno(w, p.pid ? errno : ENOMEM, "lmtp server");
	}
	for (;;) {  /* until SIGTERM, or returning in a child */
		struct pollfd pf[2] = { { sfd, POLLIN, 0 }, { lfd, POLLIN, 0 } };
		int r = poll(pf, p.n < p.max ? 2 : 1, -1);

		if (r < 0 && errno != EINTR) {
			e = why_errno(w, errno, "poll");
			break;
		}
		if (r > 0 && (pf[0].revents & POLLIN) &&
		    on_signal(cfg, db, sfd, &p))
			break;
		if (r > 0 && p.n < p.max && (pf[1].revents & POLLIN)) {
			e = accept_one(cfg, db, lfd, sfd, &p, child_r);
			if (*child_r)
				break;
		}
	}
	if (!*child_r) {
		for (unsigned i = 0; i < p.n; i++)
			(void)kill(p.pid[i], SIGTERM);
		if (p.n > 0)
			reap(&p, true);
		(void)close(sfd);
	}
	free(p.pid);
	return e;
}

enum mda_err lmtp_stdio(const struct config *cfg, struct userdb *db,
			struct why *w)
{
	static const int term[] = { SIGTERM, SIGINT };
	int sfd = signals_fd(term, 2);

	if (sfd < 0)
		return why_errno(w, errno, "signalfd");
	lmtp_session_run(cfg, db, STDIN_FILENO, STDOUT_FILENO, sfd);
	(void)close(sfd);
	return MDA_OK;
}
