/*
 * exitcode.c - the one table from internal error to exit status.
 *
 * Postfix defers only on 75 (and 71); any other non-zero status bounces,
 * so every local fault maps to EX_TEMPFAIL; the one chosen bounce of a
 * full mailbox is EX_UNAVAILABLE.  Never 1 or 2.
 */
#include <sysexits.h>

#include "why.h"

static const struct {
	int code;
	const char *status;
} exit_table[MDA_ERR__COUNT] = {
	[MDA_OK]         = { EX_OK,       "2.0.0" },
	[MDA_ERR_USAGE]  = { EX_USAGE,    "5.3.5" },
	[MDA_ERR_CONFIG] = { EX_TEMPFAIL, "4.3.5" },
	[MDA_ERR_DATA]   = { EX_DATAERR,  "5.6.0" },
	[MDA_ERR_NOUSER] = { EX_NOUSER,   "5.1.1" },
	[MDA_ERR_TEMP]   = { EX_TEMPFAIL, "4.3.0" },
	[MDA_ERR_QUOTA]  = { EX_TEMPFAIL, "4.2.2" },
	/* --quota-full permanent, or a message larger than the whole quota:
	 * Postfix bounces 69 (deliverquota's 77 is mda's reject). */
	[MDA_ERR_QUOTA_FULL] = { EX_UNAVAILABLE, "5.2.2" },
	[MDA_ERR_REJECT] = { EX_NOPERM,   "5.7.1" },
	[MDA_ERR_FILTER] = { EX_DATAERR,  "5.6.0" },
};

int exitcode_for(enum mda_err err)
{
	if ((unsigned)err >= MDA_ERR__COUNT)
		return EX_TEMPFAIL;
	return exit_table[err].code;
}

const char *exitcode_default_status(enum mda_err err)
{
	if ((unsigned)err >= MDA_ERR__COUNT)
		return "4.3.0";
	return exit_table[err].status;
}
