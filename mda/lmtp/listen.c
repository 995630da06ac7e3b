/*
 * listen.c - bind the listening socket, then give up root.
 *
 * The order matters: a unix socket in a root-owned directory or a port
 * below 1024 needs root to bind; nothing after that does, so we become
 * --user before the first byte of mail is read (design.md: mda never
 * delivers as root).  setgroups before setgid before setuid, each checked,
 * and a final check that root cannot be had back.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lmtp/server.h"

#define BACKLOG 128

static enum mda_err unix_listen(const char *path, int *fd_r, struct why *w)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "socket path too long");
	memcpy(sa.sun_path, path, strlen(path) + 1);
	/* A socket left by a previous run is replaced; anything else stays. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && unlink(path) != 0)
		return why_errno(w, errno, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return why_errno(w, errno, "socket");
	/* Postfix's lmtp client runs as another user: the directory holding
	 * the socket is what restricts access, as for dovecot-lmtp. */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0666) != 0 || listen(fd, BACKLOG) != 0) {
		enum mda_err e = why_errno(w, errno, path);
		(void)close(fd);
		return e;
	}
	*fd_r = fd;
	return MDA_OK;
}

static enum mda_err inet_listen(const char *spec, int *fd_r, struct why *w)
{
	char host[256] = "127.0.0.1";
	const char *port = strrchr(spec, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	enum mda_err e = MDA_OK;
	int fd = -1, one = 1, r;

	if (port != NULL) {
		size_t n = (size_t)(port - spec);
		if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']') {
			spec++;
			n -= 2;
		}
		if (n == 0 || n >= sizeof(host))
			return why_set(w, MDA_ERR_USAGE, "5.3.5",
				       "bad --listen address");
		memcpy(host, spec, n);
		host[n] = '\0';
		port++;
	} else {
		port = spec;    /* inet:PORT: the loopback */
	}
	r = getaddrinfo(host, port, &hints, &ai);
	if (r != 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "--listen %s:%s: %s",
			       host, port, gai_strerror(r));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
				 sizeof(one)) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, BACKLOG) != 0) {
		e = why_errno(w, errno, "binding --listen");
		if (fd >= 0)
			(void)close(fd);
	} else {
		*fd_r = fd;
	}
	freeaddrinfo(ai);
	return e;
}

enum mda_err lmtp_listen(const char *spec, int *fd_r,
			 const char **unix_path_r, struct why *w)
{
	*fd_r = -1;
	*unix_path_r = NULL;
	if (strncmp(spec, "unix:", 5) == 0 && spec[5] != '\0') {
		*unix_path_r = spec + 5;
		return unix_listen(spec + 5, fd_r, w);
	}
	if (strncmp(spec, "inet:", 5) == 0 && spec[5] != '\0')
		return inet_listen(spec + 5, fd_r, w);
	return why_set(w, MDA_ERR_USAGE, "5.3.5", "--listen takes unix:PATH "
		       "or inet:ADDR:PORT, not %.200s", spec);
}

enum mda_err lmtp_drop_privileges(const struct config *cfg, struct why *w)
{
	struct passwd *pw = NULL;

	if (cfg->run_user != NULL) {
		errno = 0;
		pw = getpwnam(cfg->run_user);
		if (pw == NULL)
			return why_set(w, MDA_ERR_USAGE, "5.3.5",
				       "--user %.200s: no such user",
				       cfg->run_user);
	}
	if (geteuid() != 0) {
		if (pw != NULL && pw->pw_uid != geteuid())
			return why_set(w, MDA_ERR_USAGE, "5.3.5", "--user %.200s "
				       "needs root to become", cfg->run_user);
		return MDA_OK;
	}
	if (pw == NULL || pw->pw_uid == 0)
		return why_set(w, MDA_ERR_USAGE, "5.3.5", "started as root, "
			       "mda lmtp needs --user NAME (not root) to deliver");
	if (setgroups(1, &pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0)
		return why_errno(w, errno, "dropping privileges");
	if (setuid(0) == 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "root could be regained after dropping it");
	return MDA_OK;
}
