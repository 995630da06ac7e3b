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
 *
 * An ELF file goes to libmagic as a file (an unnamed memfd, mode 0600 as
 * a saved attachment would be), not a buffer: only on a file does
 * libmagic read the dynamic section and tell a position-independent
 * executable (application/x-pie-executable) from a shared library, so
 * `magic` agrees with `file --mime-type` on the saved attachment.
 */
#include <string.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

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

/* as_file - libmagic's answer for buf read as a file; NULL: use the
 * buffer (no memfd here, or writing it failed). */
static const char *as_file(struct mda_magic *m, const void *buf, size_t len)
{
	const char *t = NULL;
	int fd = memfd_create("mda-magic", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fchmod(fd, 0600) == 0 && io_write_all(fd, buf, len) == 0 &&
	    lseek(fd, 0, SEEK_SET) == 0)
		t = m->lib.descriptor(m->cookie, fd);
	(void)close(fd);   /* memory only: nothing to lose */
	return t;
}

const char *mda_magic_type(void *ctx, const void *buf, size_t len,
			   int description)
{
	struct mda_magic *m = ctx;
	const char *t = NULL;

	if (m == NULL || !magic_ready(m))
		return NULL;
	if (m->lib.setflags(m->cookie, (description ? MAGIC_NONE :
				       MAGIC_MIME_TYPE) | MAGIC_ERROR) != 0)
		return NULL;
	if (len >= 4 && memcmp(buf, "\x7f" "ELF", 4) == 0)
		t = as_file(m, buf, len);
	return t != NULL ? t : m->lib.buffer(m->cookie, buf, len);
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
