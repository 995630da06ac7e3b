/*
 * maildir.h - the Maildir protocol (qmail's maildir(5), Maildir++ folders
 * as Dovecot lays them out).
 */
#ifndef MDA_MAILDIR_H
#define MDA_MAILDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "intake/spool.h"
#include "why.h"

#define MAILDIR_NAME_MAX 256

/* What makes a unique name: time, pid, a per-process counter and random
 * bits, so that hosts or containers sharing a pid and a clock still differ. */
struct maildir_uniq {
	long long sec;
	long usec;
	long pid;
	unsigned long seq;
	uint64_t rnd;
	const char *host;
};

/* The naming state of one process: the host, the Q counter, and the pid
 * and random bits, read once by the first name (two system calls saved
 * per name; seq keeps the names of one process apart).  Belongs to the
 * process that made it: not to be used in a forked child.  Initialise as
 * { host, 0 }: the rest fills itself in. */
struct maildir_namer {
	const char *host;
	unsigned long seq;
	bool primed;
	long pid;
	uint64_t rnd;
};

/* maildir_escape_host - copy host, '/' -> \057 and ':' -> \072. */
int maildir_escape_host(const char *host, char *out, size_t outsz);
/* maildir_name - "SEC.M<usec>P<pid>Q<seq>R<rnd>.<host>"; 0 or ENAMETOOLONG */
int maildir_name(const struct maildir_uniq *u, char *out, size_t outsz);
/* maildir_uniq_now - fill u from the clock, getpid(), getrandom(). */
int maildir_uniq_now(struct maildir_uniq *u, const char *host,
		     unsigned long seq);
/* maildir_namer_next - the next name's parts: the clock, ++seq, and the
 * pid and random bits nm took once (maildir_uniq_now on first use). */
int maildir_namer_next(struct maildir_namer *nm, struct maildir_uniq *u);

/* maildir_folder_dir - directory of folder `name` under root: "INBOX" (any
 * case) is root, "A.B" is root/.A.B, non-ASCII in modified UTF-7.  Refuses
 * '/', an empty part, a leading '.', control characters: MDA_ERR_DATA. */
enum mda_err maildir_folder_dir(const char *root, const char *name,
				char *out, size_t outsz, struct why *w);

/* maildir_make - make dir with tmp/ new/ cur/ (and a maildirfolder file
 * when folder) if missing; refuses a symlink at dir. */
enum mda_err maildir_make(const char *dir, bool folder, struct why *w);

/* maildir_tmp_open - create a new file in dir/tmp with O_EXCL; returns the
 * fd (read+write) and the malloc'd path, or -1 with errno. */
int maildir_tmp_open(const char *dir, struct maildir_namer *nm,
		     char **path_r);

/* maildir_info - ":2,<letters>" from letters (system flags + keyword
 * letters), sorted, duplicates removed; "" when there are none. */
void maildir_info(const char *letters, char *out, size_t outsz);

/* maildir_link - link tmp_path into dir/new (info == "") or dir/cur with
 * the info suffix, under a fresh unique name with ,S=size; never replaces
 * a name; fsyncs the target directory.  *final_r gets the path (or NULL
 * if there was no memory to copy it; the message is delivered anyway). */
enum mda_err maildir_link(const char *tmp_path, const char *dir,
			  struct maildir_namer *nm, uint64_t size, const char *info,
			  char **final_r, struct why *w);

#endif
