/*
 * ext-imapflags.c - the pre-RFC "imapflags" (draft-melnikov-sieve-
 * imapflags-03), which old scripts still require, mapped onto imap4flags
 * as Pigeonhole does: requiring it enables setflag, addflag, removeflag
 * (and what else RFC 5232 has) on the same internal flags, which keep,
 * fileinto and the implicit keep store; it adds
 *
 *   mark     (addflag "\\Flagged")
 *   unmark   (removeflag "\\Flagged")
 */
#include "run/interp.h"

static int x_mark(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ix_flags_change(ix, n, "\\Flagged", 1);
}

static int x_unmark(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ix_flags_change(ix, n, "\\Flagged", -1);
}

static const struct sieve_cmd_def cmd_mark = {
	.name = "mark", .exec = x_mark,
};
static const struct sieve_cmd_def cmd_unmark = {
	.name = "unmark", .exec = x_unmark,
};

static const struct sieve_cmd_def *const defs[] = {
	&cmd_mark, &cmd_unmark, NULL,
};

const struct sieve_extension sieve_ext_imapflags = {
	.name = "imapflags", .defs = defs, .implies = EXT_IMAP4FLAGS,
	.conflicts = EXT_IMAP4FLAGS,
};
