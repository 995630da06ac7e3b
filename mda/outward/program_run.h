/*
 * program_run.h - run one site program safely: execve of a file in the
 * site's directory (never a shell), argv from the script, a cleaned
 * environment, stdin from a file, stdout and stderr into private files,
 * a wall-clock limit and an output limit.
 */
#ifndef MDA_PROGRAM_RUN_H
#define MDA_PROGRAM_RUN_H

#include <stddef.h>

enum program_status {
	PROGRAM_EXITED,     /* ran to the end: see exit_code */
	PROGRAM_TIMEOUT,    /* killed after the time limit */
	PROGRAM_FLOOD,      /* wrote more than the output limit */
	PROGRAM_SIGNAL,     /* died of another signal */
	PROGRAM_START,      /* could not be started (errno in err) */
};

struct program_job {
	const char *path;           /* the program */
	const char *const *argv;    /* argv[0] is the program's name */
	const char *const *envp;
	int in_fd;                  /* stdin (read from offset 0), or -1 */
	unsigned timeout;           /* seconds */
	size_t output_max;          /* octets of stdout (and of stderr) */
	/* results */
	int out_fd;                 /* what it wrote on stdout, at 0; -1 */
	size_t out_len;
	char err_text[160];         /* first line it wrote on stderr */
	int exit_code;
	int err;                    /* errno for PROGRAM_START */
};

/* program_run - run job and wait for it, at most job->timeout seconds;
 * the caller closes job->out_fd. */
enum program_status program_run(struct program_job *job);

/* program_tmpfile - an unlinked read/write file in $TMPDIR (or /tmp);
 * -1 with errno. */
int program_tmpfile(void);

#endif
