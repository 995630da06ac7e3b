/*
 * programs.c - find, feed and judge the site programs of the extprograms
 * extensions (contract in programs.h; the process itself: program_run.c).
 *
 * Input is first written to a private file (the message as the action
 * took it, or the :input string), so a program that does not read it
 * cannot stall the delivery.  A filter's output is spooled and indexed as
 * a new message version, exactly as stdin is at delivery.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "outward/program_run.h"
#include "outward/programs.h"

/* resolve - path of name in dir if it is an executable regular file. */
static int resolve(const char *dir, const char *name, char *path,
		   size_t size, char *err, size_t esize)
{
	struct stat st;
	int n;

	if (dir == NULL) {
		snprintf(err, esize, "no program directory is configured");
		return -1;
	}
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL) {
		snprintf(err, esize, "invalid program name");
		return -1;
	}
	n = snprintf(path, size, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= size || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || access(path, X_OK) != 0) {
		snprintf(err, esize, "no such program");
		return -1;
	}
	return 0;
}

static int fd_writer(void *ctx, const char *buf, size_t len)
{
	return io_write_all(*(int *)ctx, buf, len);
}

/* message_file - header then body of msg in a private file; -1 errno. */
static int message_file(const char *header, size_t hlen,
			const struct sieve_message *msg)
{
	int fd = program_tmpfile(), err = 0;
	uint64_t off = 0;
	char buf[65536];

	if (fd < 0)
		return -1;
	err = io_write_all(fd, header, hlen);
	while (err == 0 && off < msg->body_size) {
		ssize_t r = msg->body_read(msg->body_ctx, off, buf, sizeof(buf));

		if (r <= 0) {
			err = r < 0 ? errno : 0;
			break;
		}
		err = io_write_all(fd, buf, (size_t)r);
		off += (uint64_t)r;
	}
	if (err != 0) {
		(void)close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* run - run path with args and stdin in_fd; a SIEVE_PROGRAM_* result
 * with job filled (job->out_fd open unless -1). */
static int run(const struct programs *p, const char *path, const char *name,
	       const char *const *args, size_t nargs, int in_fd,
	       struct program_job *job, char *err, size_t esize)
{
	const char *argv[SIEVE_PROGRAM_ARGS_MAX + 2];
	char env[7][1100];
	const char *envp[8];
	const char *vals[6] = { p->home, p->user, p->host, p->sender,
				p->rcpt, p->orig_rcpt ? p->orig_rcpt : p->rcpt };
	static const char *const keys[6] = { "HOME", "USER", "HOST", "SENDER",
					     "RECIPIENT", "ORIG_RECIPIENT" };
	size_t ne = 0;

	if (nargs > SIEVE_PROGRAM_ARGS_MAX)
		nargs = SIEVE_PROGRAM_ARGS_MAX;   /* the engine refuses more */
	argv[0] = name;
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	argv[nargs + 1] = NULL;
	for (size_t i = 0; i < 6; i++) {
		int n = snprintf(env[ne], sizeof(env[ne]), "%s=%s", keys[i],
				 vals[i] ? vals[i] : "");
		if (n > 0 && (size_t)n < sizeof(env[ne]))
			envp[ne] = env[ne], ne++;
	}
	envp[ne++] = "PATH=/usr/local/bin:/usr/bin:/bin";
	envp[ne] = NULL;
	*job = (struct program_job){ .path = path, .argv = argv, .envp = envp,
		.in_fd = in_fd, .timeout = p->site->program_timeout,
		.output_max = p->site->program_output_max, .out_fd = -1 };
	switch (program_run(job)) {
	case PROGRAM_EXITED:
		if (job->exit_code == 0)
			return SIEVE_PROGRAM_OK;
		snprintf(err, esize, "exit status %d%s%s", job->exit_code,
			 job->err_text[0] ? ": " : "", job->err_text);
		return SIEVE_PROGRAM_FALSE;
	case PROGRAM_TIMEOUT:
		snprintf(err, esize, "killed after %u s", job->timeout);
		break;
	case PROGRAM_FLOOD:
		snprintf(err, esize, "killed: more than %zu octets of output",
			 job->output_max);
		break;
	case PROGRAM_SIGNAL:
		snprintf(err, esize, "killed by a signal");
		break;
	case PROGRAM_START:
		snprintf(err, esize, "cannot run: %s", strerror(job->err));
		break;
	}
	return SIEVE_PROGRAM_FAILED;
}

/* read_output - up to max octets of the job's stdout, malloc'd. */
static char *read_output(const struct program_job *job, size_t max,
			 size_t *len_r)
{
	size_t n = job->out_len < max ? job->out_len : max;
	char *s = malloc(n + 1);
	ssize_t r;

	if (s == NULL || (r = io_pread_full(job->out_fd, s, n, 0)) < 0) {
		free(s);
		return NULL;
	}
	s[r] = '\0';
	*len_r = (size_t)r;
	return s;
}

static int tmp_create(void *ctx, char **path_r)
{
	(void)ctx;
	*path_r = NULL;
	return program_tmpfile();
}

/* new_version - spool the filter's output as the next message version. */
static int new_version(struct programs *p, const struct program_job *job,
		       struct sieve_program_call *c)
{
	struct programs_version *v;
	struct why w = { "", "" };

	if (job->out_len == 0 || p->nv >= PROGRAMS_MAX_VERSIONS) {
		snprintf(c->error, sizeof(c->error), job->out_len == 0 ?
			 "no output" : "too many filters");
		return job->out_len == 0 ? SIEVE_PROGRAM_FALSE :
					   SIEVE_PROGRAM_FAILED;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return SIEVE_PROGRAM_FAILED;
	if (spool_read(job->out_fd, tmp_create, NULL, &v->sp, &w) != MDA_OK) {
		snprintf(c->error, sizeof(c->error), "%.190s", w.text);
		free(v);
		return SIEVE_PROGRAM_FAILED;
	}
	spool_message(&v->sp, &v->msg);
	p->v[p->nv++] = v;
	c->new_msg = &v->msg;
	c->version = p->nv;
	return SIEVE_PROGRAM_OK;
}

int programs_call(void *ctx, struct sieve_program_call *c)
{
	struct programs *p = ctx;
	const char *dir = c->kind == SIEVE_PROGRAM_FILTER ?
			  p->site->filter_dir : p->site->execute_dir;
	struct program_job job = { .out_fd = -1 };
	char path[4096];
	int in = -1, rc;

	if (p->dry_run) {   /* as a program that failed: no side effects */
		snprintf(c->error, sizeof(c->error),
			 "programs are not run in a test or dry run");
		return SIEVE_PROGRAM_FAILED;
	}
	if (resolve(dir, c->name, path, sizeof(path), c->error,
		    sizeof(c->error)) < 0)
		return SIEVE_PROGRAM_UNKNOWN;
	if (c->message)
		in = message_file(c->header, c->header_len, c->msg);
	else if (c->input != NULL && (in = program_tmpfile()) >= 0 &&
		 (errno = io_write_all(in, c->input, c->input_len)) != 0) {
		(void)close(in);
		in = -1;
	}
	if ((c->message || c->input != NULL) && in < 0) {
		snprintf(c->error, sizeof(c->error), "input: %s",
			 strerror(errno));
		return SIEVE_PROGRAM_FAILED;
	}
	rc = run(p, path, c->name, c->args, c->nargs, in, &job, c->error,
		 sizeof(c->error));
	if (rc == SIEVE_PROGRAM_OK && c->kind == SIEVE_PROGRAM_FILTER)
		rc = new_version(p, &job, c);
	else if (rc == SIEVE_PROGRAM_OK && c->want_output &&
		 (c->output = read_output(&job, c->output_max,
					  &c->output_len)) == NULL)
		rc = SIEVE_PROGRAM_FAILED;
	if (in >= 0)
		(void)close(in);
	if (job.out_fd >= 0)
		(void)close(job.out_fd);
	return rc;
}

const struct spool *programs_spool(const struct programs *p,
				   const struct spool *original, unsigned k)
{
	if (p == NULL || k == 0 || k > p->nv)
		return original;
	return &p->v[k - 1]->sp;
}

int programs_pipe(struct programs *p, const struct spool *sp,
		  const struct sieve_action *a, char *why, size_t size)
{
	struct program_job job = { .out_fd = -1 };
	struct msg_source src;
	char path[4096];
	int in = -1, rc = -1;

	if (resolve(p->site->pipe_dir, a->program, path, sizeof(path), why,
		    size) < 0)
		return -1;
	spool_source(sp, &src);
	if (a->header_block != NULL) {
		src.header = a->header_block;
		src.header_len = a->header_block_len;
	}
	if ((in = program_tmpfile()) < 0 ||
	    (errno = msg_source_copy(&src, fd_writer, &in)) != 0) {
		snprintf(why, size, "input: %s", strerror(errno));
		goto out;
	}
	if (run(p, path, a->program, (const char *const *)a->args, a->nargs,
		in, &job, why, size) == SIEVE_PROGRAM_OK)
		rc = 0;
out:
	if (in >= 0)
		(void)close(in);
	if (job.out_fd >= 0)
		(void)close(job.out_fd);
	return rc;
}

void programs_free(struct programs *p)
{
	for (unsigned i = 0; i < p->nv; i++) {
		spool_free(&p->v[i]->sp);
		free(p->v[i]);
	}
	p->nv = 0;
}
