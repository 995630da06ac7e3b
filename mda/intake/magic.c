/*
 * magic.c - libmagic for the vnd.mda.magic Sieve test.
 *
 * The engine (filters/) never opens a file, so the magic database lives
 * here.  It is opened on the first call only - the engine calls only when
 * the script requires vnd.mda.magic and evaluates a magic test - once per
 * delivery, and closed by mda_magic_release() when the filter is done.
 * libmagic needs only the start of a part: the engine passes the first
 * SIEVE_MAGIC_PEEK (64 KiB) decoded octets.  A database that cannot be
 * loaded makes every answer NULL (the test is false) and is not retried
 * during that delivery.  libmagic itself is mapped (dynlib.c) by that
 * first call only: a delivery that never asks does not load it at all.
 */
#include <stdbool.h>
#include <stddef.h>

#include "dynlib.h"
#include "intake/magic.h"

static bool magic_ready(struct mda_magic *m)
{
	if (m->tried)
		return m->cookie != NULL;
	m->tried = true;
	struct why w;   /* on failure the answer is NULL: the test is false */

	if (!dynlib_magic(&m->lib, &w))
		return false;
	m->cookie = m->lib.open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (m->cookie != NULL && m->lib.load(m->cookie, NULL) != 0) {
		m->lib.close(m->cookie);
		m->cookie = NULL;
	}
	return m->cookie != NULL;
}

const char *mda_magic_type(void *ctx, const void *buf, size_t len,
			   int description)
{
	struct mda_magic *m = ctx;

	if (m == NULL || !magic_ready(m))
		return NULL;
	if (m->lib.setflags(m->cookie, (description ? MAGIC_NONE :
				       MAGIC_MIME_TYPE) | MAGIC_ERROR) != 0)
		return NULL;
	return m->lib.buffer(m->cookie, buf, len);
}

void mda_magic_release(struct mda_magic *m)
{
	if (m == NULL)
		return;
	if (m->cookie != NULL)
		m->lib.close(m->cookie);
	m->cookie = NULL;
	m->tried = false;
}
