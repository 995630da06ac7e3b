/*
 * server.c - the process pool: --max-connections workers, each taking
 * connections off the listening socket one after another; signals read
 * through a signalfd, so no handler runs in the middle of anything and no
 * global flag is needed.
 *
 * Why a pool and not a fork per connection: Postfix opens a connection
 * per message by default, and a fork, the child's page faults and lazy
 * symbol binding, and its exit cost more CPU than the delivery itself
 * (perf, 8 connections of one-recipient messages).  A worker serves up to
 * LMTP_WORKER_SESSIONS connections and then exits, so nothing one session
 * leaves behind piles up; the parent starts a new one in its place.
 *
 * SIGTERM/SIGINT: pass SIGTERM to every worker (one in a session finishes
 * the transaction it is in, then says 421; an idle one exits), wait for
 * them all.  SIGHUP: read the user table again (sessions notice a changed
 * file by themselves at their next RCPT).  SIGCHLD: reap and refill.
 * Only an idle worker accepts, so with all of them busy new connections
 * wait in the backlog instead of being refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "lmtp/limits.h"
#include "lmtp/server.h"
#include "lmtp/session.h"

struct pool {
	pid_t *pid;
	unsigned n, max;
	time_t second;        /* forks counted in this second ... */
	unsigned forks;       /* ... so workers that die at once don't spin */
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

/* worker - serve connections from lfd until SIGTERM or
 * LMTP_WORKER_SESSIONS of them; the caller returns up to main(). */
static void worker(const struct config *cfg, struct userdb *db, int lfd)
{
	static const int term[] = { SIGTERM, SIGINT };
	sigset_t none;
	int sfd = signals_fd(term, 2);
	int fl = fcntl(lfd, F_GETFL);

	/* SIGHUP and SIGCHLD are the parent's business. */
	sigemptyset(&none);
	sigaddset(&none, SIGHUP);
	sigaddset(&none, SIGCHLD);
	(void)sigprocmask(SIG_UNBLOCK, &none, NULL);
	(void)signal(SIGHUP, SIG_IGN);
	/* Idle workers all wake for one connection: the losers' accept
	 * must say EAGAIN, not block past a SIGTERM. */
	if (sfd < 0 || fl < 0 || fcntl(lfd, F_SETFL, fl | O_NONBLOCK) != 0) {
		log_note(cfg, "lmtp: worker setup failed");
		if (sfd >= 0)
			(void)close(sfd);
		return;
	}
	for (unsigned served = 0; served < LMTP_WORKER_SESSIONS;) {
		struct pollfd pf[2] = { { sfd, POLLIN, 0 }, { lfd, POLLIN, 0 } };

		if (poll(pf, 2, -1) < 0 && errno != EINTR)
			break;
		if (pf[0].revents & POLLIN)
			break;   /* SIGTERM while idle: nothing in flight */
		if ((pf[0].revents | pf[1].revents) & (POLLERR | POLLNVAL))
			break;   /* a broken socket would wake us forever */
		if (!(pf[1].revents & POLLIN))
			continue;
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;   /* EAGAIN (another took it), ECONNABORTED */
		served++;
		bool term_seen = lmtp_session_run(cfg, db, fd, fd, sfd);
		(void)close(fd);
		if (term_seen)
			break;
	}
	(void)close(sfd);
}

/* spawn - fill the pool up to its size; false if a fork failed or
 * workers are being made faster than two pools a second. */
static bool spawn(const struct config *cfg, struct userdb *db, int lfd,
		  int sfd, struct pool *p, bool *child_r)
{
	while (p->n < p->max) {  /* bounded by max */
		time_t now = time(NULL);

		if (now != p->second) {
			p->second = now;
			p->forks = 0;
		}
		if (p->forks >= 2 * p->max)
			return false;   /* dying as fast as made: wait a second */
		p->forks++;
		pid_t pid = fork();

		if (pid == 0) {
			(void)close(sfd);
			*child_r = true;
			worker(cfg, db, lfd);
			return true;
		}
		if (pid < 0) {
			log_note(cfg, "lmtp: fork failed, fewer workers for now");
			return false;
		}
		p->pid[p->n++] = pid;
	}
	return true;
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
			  cfg->max_connections, 0, 0 };
	int sfd = signals_fd(sigs, 4);
	enum mda_err e = MDA_OK;

	*child_r = false;
	if (p.pid == NULL || sfd < 0) {
		free(p.pid);
		return why_errno(w, p.pid ? errno : ENOMEM, "lmtp server");
	}
	for (;;) {  /* until SIGTERM, or returning in a child */
		struct pollfd pf = { sfd, POLLIN, 0 };
		bool full = spawn(cfg, db, lfd, sfd, &p, child_r);

		if (*child_r)
			break;
		/* after a failed fork, try again in a second */
		int r = poll(&pf, 1, full ? -1 : 1000);
		if (r < 0 && errno != EINTR) {
			e = why_errno(w, errno, "poll");
			break;
		}
		if (r > 0 && on_signal(cfg, db, sfd, &p))
			break;
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
