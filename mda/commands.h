/*
 * commands.h - the subcommands; each returns an error for main() to map.
 */
#ifndef MDA_COMMANDS_H
#define MDA_COMMANDS_H

#include "config.h"
#include "why.h"

enum mda_err cmd_deliver(const struct config *cfg, struct why *w);
enum mda_err cmd_test(const struct config *cfg, struct why *w);
/* cmd_svtest - `mda test --svtest FILE...` (cmd_svtest.c) */
enum mda_err cmd_svtest(const struct config *cfg, struct why *w);
enum mda_err cmd_check(const struct config *cfg, struct why *w);
enum mda_err cmd_migrate(const struct config *cfg, struct why *w);
enum mda_err cmd_lmtp(const struct config *cfg, struct why *w);
enum mda_err cmd_filter(const struct config *cfg, struct why *w);
enum mda_err cmd_convert(const struct config *cfg, struct why *w);

#endif
