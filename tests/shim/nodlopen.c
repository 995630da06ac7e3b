/*
 * nodlopen.c - LD_PRELOAD shim: dlopen() of a chosen library fails.
 *
 * Contract: NODLOPEN (from the environment) is a substring; a dlopen()
 * whose file name contains it returns NULL, as for a library that is not
 * installed.  Every other dlopen() goes to the real one.  Used to check
 * that mda reports a missing SQLite or libmagic cleanly (mda/dynlib.c).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

void *dlopen(const char *file, int mode)
{
	static void *(*real)(const char *, int);
	const char *deny = getenv("NODLOPEN");

	if (file != NULL && deny != NULL && deny[0] != '\0' &&
	    strstr(file, deny) != NULL)
		return NULL;
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "dlopen");
	return real != NULL ? real(file, mode) : NULL;
}
