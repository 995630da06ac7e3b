/*
 * sv.h - the Sieve writer's state, shared by its parts: sieve_out.c
 * (recipes, gating flags, the script frame), cond.c (conditions to
 * tests), action.c (actions), folder.c (paths to folder names) and
 * program.c (the pipe shapes that have a Sieve form).
 *
 * Contract: every part writes text only; which extensions the text uses
 * is or'ed into `req`, and the frame writes the require line from it.
 */
#ifndef MDA_CONVERT_SV_H
#define MDA_CONVERT_SV_H

#include <stdbool.h>

#include "convert/cvbuf.h"
#include "convert/rc.h"

enum sv_req {
	REQ_FILEINTO = 1 << 0, REQ_MAILBOX = 1 << 1, REQ_COPY = 1 << 2,
	REQ_VARIABLES = 1 << 3, REQ_REGEX = 1 << 4, REQ_ENVELOPE = 1 << 5,
	REQ_BODY = 1 << 6, REQ_DUPLICATE = 1 << 7, REQ_VACATION = 1 << 8,
	REQ_ENCODED = 1 << 9, REQ_EDITHEADER = 1 << 10,
};

struct sv {
	struct cvbuf out;       /* the rules */
	struct cvbuf folders;   /* "#   PATH -> NAME" lines, one per path */
	unsigned req;
	unsigned indent;
	unsigned cond_line;      /* the condition being converted */
};

/* sv_line - one indented line of output (printf-style). */
void sv_line(struct sv *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* cond_test - the Sieve test for condition c of recipe r into out. */
void cond_test(struct sv *sv, struct rc_recipe *r, const struct rc_cond *c,
	       struct cvbuf *out);

/* action_write - r's action as Sieve commands; clone: inside a "c"
 * block (deliveries do not end the script); success: the name of the
 * variable to set when the action succeeds, or NULL. */
void action_write(struct sv *sv, struct rc_recipe *r, bool clone,
		  const char *success);

/* program_write - the pipe shapes with a Sieve form (formail -D, the
 * formail -r | sendmail autoreply, sendmail ADDRESS, formail header
 * edits); false if r's program is none of them (nothing written). */
bool program_write(struct sv *sv, struct rc_recipe *r, bool clone,
		   const char *success);

/* sv_address_ok - user@domain, nothing Sieve's redirect would refuse. */
bool sv_address_ok(const char *a);
/* sv_redirects - "redirect [:copy] ADDRESS;" for each address Sieve
 * accepts (others reported), then "stop" unless copy. */
void sv_redirects(struct sv *sv, struct rc_recipe *r, char **addr,
		  size_t n, bool copy);

enum folder_kind { FOLDER_INBOX, FOLDER_NAMED, FOLDER_DISCARD };

/* folder_map - procmail folder path (as expanded) to what Sieve names:
 * name_r gets the Maildir++ name (FOLDER_NAMED); notes go on r. */
enum folder_kind folder_map(struct sv *sv, struct rc_recipe *r,
			    const char *path, char *name_r, size_t size);

/* folder_inbox - list where procmail's last DEFAULT is (INBOX). */
void folder_inbox(struct sv *sv, const struct rc_env *final);

#endif
