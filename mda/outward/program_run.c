/*
 * program_run.c - fork and execve one site program and collect what it
 * writes, within a time limit and an output limit
 * (spec-bosch-sieve-extprograms 11: "external programs MUST NOT be
 * allowed to execute indefinitely").
 *
 * stdin is a file, so the program can never block the parent by not
 * reading; stdout and stderr are pipes the parent drains with poll()
 * until both end, counting octets: past output_max, or past the deadline,
 * the program's whole process group is killed (a shell script's children
 * too).  No shell is involved: argv goes to execve as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "outward/program_run.h"

int program_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");

	if (dir == NULL || dir[0] != '/')
		dir = "/tmp";
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

static long now_ms(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return 0;
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* child - never returns; when the program cannot be started, its errno
 * goes down the close-on-exec pipe px (which execve closes otherwise). */
static void child(const struct program_job *job, int out, int err, int px)
{
	int in = job->in_fd >= 0 ? job->in_fd : open("/dev/null", O_RDONLY);

	(void)setpgid(0, 0);
	if (in < 0 || lseek(in, 0, SEEK_SET) < 0 ||
	    dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(err, STDERR_FILENO) < 0)
		_exit(126);
	/* the parent ignores SIGPIPE while it feeds sendmail; not ours */
	(void)signal(SIGPIPE, SIG_DFL);
	execve(job->path, (char *const *)job->argv, (char *const *)job->envp);
	int e = errno;
	(void)io_write_all(px, &e, sizeof(e));
	_exit(126);
}

struct drain {
	int fd;          /* pipe end, -1 once closed */
	size_t n;        /* octets read */
};

/* drain_one - read what is there; 1 more may come, 0 EOF, -1 too much. */
static int drain_one(struct program_job *job, struct drain *d, bool out)
{
	char buf[8192];
	ssize_t r = read(d->fd, buf, sizeof(buf));

	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r <= 0)
		return 0;
	d->n += (size_t)r;
	if (d->n > job->output_max)
		return -1;
	if (out)
		return io_write_all(job->out_fd, buf, (size_t)r) == 0 ? 1 : -1;
	size_t have = strlen(job->err_text);
	size_t room = sizeof(job->err_text) - 1 - have;
	size_t take = (size_t)r < room ? (size_t)r : room;
	memcpy(job->err_text + have, buf, take);
	job->err_text[have + take] = '\0';
	job->err_text[strcspn(job->err_text, "\r\n")] = '\0';
	return 1;
}

/* collect - drain both pipes until they end, the deadline or a flood;
 * closes them. */
static enum program_status collect(struct program_job *job, int fo, int fe,
				   long deadline)
{
	struct drain d[2] = { { fo, 0 }, { fe, 0 } };
	enum program_status st = PROGRAM_EXITED;

	while (st == PROGRAM_EXITED && (d[0].fd >= 0 || d[1].fd >= 0)) {
		struct pollfd p[2] = { { d[0].fd, POLLIN, 0 },
				       { d[1].fd, POLLIN, 0 } };
		long left = deadline - now_ms();

		if (left <= 0) {
			st = PROGRAM_TIMEOUT;
			break;
		}
		if (poll(p, 2, (int)(left < 1000 ? left : 1000)) < 0 &&
		    errno != EINTR) {
			job->err = errno;
			st = PROGRAM_START;
		}
		for (int i = 0; i < 2 && st == PROGRAM_EXITED; i++) {
			int rc;

			if (d[i].fd < 0 || p[i].revents == 0)
				continue;
			if ((rc = drain_one(job, &d[i], i == 0)) < 0)
				st = PROGRAM_FLOOD;
			else if (rc == 0) {
				(void)close(d[i].fd);
				d[i].fd = -1;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (d[i].fd >= 0)
			(void)close(d[i].fd);
	job->out_len = d[0].n;
	return st;
}

/* reap - wait for pid until the deadline; kill its group after it. */
static enum program_status reap(struct program_job *job, pid_t pid,
				enum program_status st, long deadline)
{
	int status = 0;
	pid_t r = 0;

	if (st != PROGRAM_EXITED)
		(void)kill(-pid, SIGKILL);
	while ((r = waitpid(pid, &status, WNOHANG)) == 0 &&
	       now_ms() < deadline) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		(void)nanosleep(&ts, NULL);
	}
	if (r == 0) {   /* still there at the deadline */
		(void)kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		return PROGRAM_TIMEOUT;
	}
	(void)kill(-pid, SIGKILL);   /* leftovers of its group */
	if (st != PROGRAM_EXITED)
		return st;
	if (WIFSIGNALED(status))
		return PROGRAM_SIGNAL;
	job->exit_code = WEXITSTATUS(status);
	return PROGRAM_EXITED;
}

/* exec_failed - the errno the child sent down px, or 0 if it ran. */
static int exec_failed(int px)
{
	int e = 0;

	if (read(px, &e, sizeof(e)) != (ssize_t)sizeof(e))
		return 0;
	return e != 0 ? e : EINVAL;
}

enum program_status program_run(struct program_job *job)
{
	long deadline = now_ms() + (long)job->timeout * 1000;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, px[2] = { -1, -1 };
	enum program_status st = PROGRAM_START;
	pid_t pid = -1;

	job->err_text[0] = '\0';
	job->out_len = 0;
	job->exit_code = -1;
	job->err = 0;
	if ((job->out_fd = program_tmpfile()) < 0 ||
	    pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0 ||
	    pipe2(px, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		job->err = errno;
		goto out;
	}
	if (pid == 0)
		child(job, po[1], pe[1], px[1]);
	(void)close(po[1]);
	(void)close(pe[1]);
	(void)close(px[1]);
	po[1] = pe[1] = px[1] = -1;
	st = collect(job, po[0], pe[0], deadline);
	po[0] = pe[0] = -1;   /* collect closed them */
	st = reap(job, pid, st, deadline + 1000);
	if ((job->err = exec_failed(px[0])) != 0)
		st = PROGRAM_START;
out:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			(void)close(po[i]);
		if (pe[i] >= 0)
			(void)close(pe[i]);
		if (px[i] >= 0)
			(void)close(px[i]);
	}
	if (job->out_fd >= 0 && lseek(job->out_fd, 0, SEEK_SET) < 0)
		st = PROGRAM_START;
	return st;
}
