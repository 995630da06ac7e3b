/*
 * sendmail.h - hand a message to the MTA's sendmail program (redirect).
 */
#ifndef MDA_SENDMAIL_H
#define MDA_SENDMAIL_H

#include "intake/spool.h"
#include "why.h"

/* sendmail_send - run `PROG -oi -f SENDER -- RCPT` through argv (never a
 * shell) and feed it src.  The null sender is passed as "<>".  A non-zero
 * exit or a signal is MDA_ERR_TEMP. */
enum mda_err sendmail_send(const char *prog, const char *sender,
			   const char *rcpt, const struct msg_source *src,
			   struct why *w);

#endif
