/*
 * sendmail.c - run the sendmail program for redirect.
 *
 * The recipient comes from a filter (user-controlled) and the sender from
 * the envelope (attacker-controlled): both go through argv after "--", and
 * a value that starts with '-' never reaches argv, so neither can become
 * an option; nor does one holding a control character (a newline in -f or
 * $SENDER; some sendmails write -f into a header line).  A recipient like
 * that is refused; a sender like that is replaced by the null sender: the
 * copy still goes out, and nothing can be sent back to such an address.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "outward/sendmail.h"

static int pipe_writer(void *ctx, const char *buf, size_t len)
{
	return io_write_all(*(int *)ctx, buf, len);
}

/* arg_ok - an address fit for argv: no leading '-', no control octet. */
static bool arg_ok(const char *s)
{
	if (s[0] == '-')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static void child(int rfd, const char *prog, const char *sender,
		  const char *rcpt)
{
	char *argv[] = { (char *)prog, "-oi", "-f", (char *)sender, "--",
			 (char *)rcpt, NULL };

	if (dup2(rfd, STDIN_FILENO) < 0)
		_exit(75);
	(void)close(rfd);
	execv(prog, argv);
	_exit(75);  /* EX_TEMPFAIL: the parent reports it */
}

static enum mda_err wait_child(pid_t pid, int werr, struct why *w)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return why_errno(w, errno, "waiting for sendmail");
	if (werr != 0 && werr != EPIPE)
		return why_errno(w, werr, "writing to sendmail");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && werr == 0)
		return MDA_OK;
	return why_set(w, MDA_ERR_TEMP, "4.3.0",
		       "sendmail failed (status %d)",
		       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

enum mda_err sendmail_send(const char *prog, const char *sender,
			   const char *rcpt, const struct msg_source *src,
			   struct why *w)
{
	const char *from = sender[0] != '\0' ? sender : "<>";
	int fds[2];
	pid_t pid;

	if (rcpt[0] == '\0' || !arg_ok(rcpt))
		return why_set(w, MDA_ERR_DATA, "5.1.3", "bad redirect address");
	if (!arg_ok(from))
		from = "<>";
	if (pipe2(fds, O_CLOEXEC) != 0)
		return why_errno(w, errno, "pipe for sendmail");
	pid = fork();
	if (pid < 0) {
		int err = errno;
		(void)close(fds[0]);
		(void)close(fds[1]);
		return why_errno(w, err, "starting sendmail");
	}
	if (pid == 0)
		child(fds[0], prog, from, rcpt);
	(void)close(fds[0]);
	/* A sendmail that exits early must not kill us with SIGPIPE. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	(void)sigaction(SIGPIPE, &ign, &old);
	int werr = msg_source_copy(src, pipe_writer, &fds[1]);
	if (close(fds[1]) != 0 && werr == 0)
		werr = errno;
	(void)sigaction(SIGPIPE, &old, NULL);
	return wait_child(pid, werr, w);
}
