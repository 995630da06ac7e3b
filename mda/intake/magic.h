/*
 * magic.h - libmagic behind the filter engine's magic_type callback
 * (vnd.mda.magic, filters/ext-magic.c).
 */
#ifndef MDA_MAGIC_H
#define MDA_MAGIC_H

#include <stdbool.h>
#include <stddef.h>

#include "dynlib.h"

/* One delivery's libmagic: zeroed (MDA_MAGIC_INIT) until the first
 * magic test opens it; owned by the caller, no process-wide state. */
struct mda_magic {
	struct dl_magic lib;   /* filled on the first magic test */
	magic_t cookie;
	bool tried;       /* open attempted (and failed if cookie is NULL) */
};

#define MDA_MAGIC_INIT { .cookie = NULL, .tried = false }

/* mda_magic_type - the sieve_runtime_env magic_type callback: the MIME
 * type (or with description, libmagic's text) of buf; NULL when libmagic
 * cannot be loaded or has no answer.  ctx is a struct mda_magic. */
const char *mda_magic_type(void *ctx, const void *buf, size_t len,
			   int description);
/* mda_magic_release - close the database if a delivery opened it. */
void mda_magic_release(struct mda_magic *m);

#endif
