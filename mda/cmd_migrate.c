/*
 * cmd_migrate.c - `mda migrate`: placeholder until the migration lands.
 */
#include "commands.h"

enum mda_err cmd_migrate(const struct config *cfg, struct why *w)
{
	(void)cfg;
	return why_set(w, MDA_ERR_USAGE, "5.3.5",
		       "mda migrate is not available in this build yet");
}
