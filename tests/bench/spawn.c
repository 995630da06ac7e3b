/*
 * spawn.c - the benchmark's process runner: a small C co-process, so the
 * cost of starting each measured program is that of a fork from a tiny
 * process, not from a Python interpreter (whose fork and at-fork handlers
 * cost more than some of the deliveries being measured).
 *
 * Reads requests on stdin, one per line, fields separated by TAB:
 *
 *     UID GID TIMEOUT STDIN STDOUT STDERR ARGC ARG... ENV...
 *
 * UID -1 keeps our own identity; STDOUT and STDERR are appended to.  For
 * each request it forks, sets up the child (own process group, the three
 * files, the identity), execs, reaps it with wait4() and answers one line:
 *
 *     STATUS WALL_NS USER_US SYS_US MAXRSS_KIB
 *
 * STATUS is the exit code, 128+N for signal N, -1 when TIMEOUT seconds
 * passed and the process group was killed.  Wall time runs from just before
 * fork() to just after wait4() returns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXF 256

static volatile sig_atomic_t expired;

static void on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void child(char **f, int argc, char **env)
{
	int in = open(f[3], O_RDONLY);
	int out = open(f[4], O_WRONLY | O_CREAT | O_APPEND, 0644);
	int err = open(f[5], O_WRONLY | O_CREAT | O_APPEND, 0644);
	long uid = atol(f[0]), gid = atol(f[1]);
	char *argv[MAXF];

	if (in < 0 || out < 0 || err < 0 || setpgid(0, 0) != 0 ||
	    dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	if (uid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0 ||
			 setuid((uid_t)uid) != 0))
		_exit(126);
	memcpy(argv, f + 7, (size_t)argc * sizeof(char *));
	argv[argc] = NULL;
	execve(argv[0], argv, env);
	_exit(127);
}

static void run(char **f, int nf)
{
	int argc = atoi(f[6]);
	char *env[MAXF];
	struct rusage ru;
	int status = 0, code;
	long long t0, t1;
	pid_t pid;

	if (argc < 1 || 7 + argc > nf) {
		printf("-2 0 0 0 0\n");
		return;
	}
	memcpy(env, f + 7 + argc, (size_t)(nf - 7 - argc) * sizeof(char *));
	env[nf - 7 - argc] = NULL;
	expired = 0;
	t0 = now_ns();
	pid = fork();
	if (pid == 0)
		child(f, argc, env);
	if (pid < 0) {
		printf("-2 0 0 0 0\n");
		return;
	}
	alarm((unsigned)atoi(f[2]));
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR)
			break;
		if (expired)
			kill(-pid, SIGKILL);
	}
	t1 = now_ns();
	alarm(0);
	code = expired ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) :
		128 + WTERMSIG(status);
	printf("%d %lld %ld %ld %ld\n", code, t1 - t0,
	       (long)(ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec),
	       (long)(ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec),
	       ru.ru_maxrss);
}

int main(void)
{
	struct sigaction sa;
	char *line = NULL, *f[MAXF];
	size_t cap = 0;
	ssize_t len;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: wait4 sees EINTR */
	sigaction(SIGALRM, &sa, NULL);
	while ((len = getline(&line, &cap, stdin)) > 0) {
		int nf = 0;
		char *p = line, *tab;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		while (nf < MAXF - 1) {
			f[nf++] = p;
			if ((tab = strchr(p, '\t')) == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nf < 8)
			printf("-2 0 0 0 0\n");
		else
			run(f, nf);
		fflush(stdout);
	}
	free(line);
	return 0;
}
