/*
 * dynlib.c - dlopen() SQLite, libmagic and zlib on first use (dynlib.h).
 *
 * Each table is filled from a list of (symbol, offset) pairs.  dlsym()
 * returns an object pointer; POSIX guarantees it can hold a function
 * address, and the copy goes through memcpy so no cast between object and
 * function pointers is written.  RTLD_NOW: a missing symbol (a library too
 * old) is found here, as a clean temporary error, never as a crash in the
 * middle of a delivery.  RTLD_LOCAL: nothing else binds to them.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "dynlib.h"

struct dl_sym {
	const char *name;
	size_t off;
};

#define SQ(f) { "sqlite3_" #f, offsetof(struct dl_sqlite, f) }
static const struct dl_sym sqlite_syms[] = {
	SQ(open_v2), SQ(close), SQ(busy_timeout), SQ(exec), SQ(errmsg),
	SQ(prepare_v2), SQ(bind_text), SQ(bind_int64), SQ(step),
	SQ(column_int64), SQ(finalize), SQ(changes),
};
#undef SQ

#define MG(f) { "magic_" #f, offsetof(struct dl_magic, f) }
static const struct dl_sym magic_syms[] = {
	MG(open), MG(close), MG(load), MG(setflags), MG(buffer),
	MG(descriptor),
};
#undef MG

/* Names after macro expansion: <zlib.h> renames gzoffset to gzoffset64
 * for large files, and the symbol to look up is the renamed one. */
#define ZSTR_(x) #x
#define ZSTR(x) ZSTR_(x)
#define ZL(f) { ZSTR(f), offsetof(struct dl_zlib, f) }
static const struct dl_sym zlib_syms[] = {
	ZL(deflateInit2_), ZL(deflate), ZL(deflateEnd), ZL(gzdopen),
	ZL(gzread), ZL(gzerror), ZL(gzbuffer), ZL(gzclose), ZL(gzoffset),
};
#undef ZL

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "dlsym results must fit a function pointer");
_Static_assert(sizeof(struct dl_sqlite) ==
	       sizeof(sqlite_syms) / sizeof(sqlite_syms[0]) * sizeof(void *),
	       "every struct dl_sqlite member has a symbol");
_Static_assert(sizeof(struct dl_zlib) ==
	       sizeof(zlib_syms) / sizeof(zlib_syms[0]) * sizeof(void *),
	       "every struct dl_zlib member has a symbol");
_Static_assert(sizeof(struct dl_magic) ==
	       sizeof(magic_syms) / sizeof(magic_syms[0]) * sizeof(void *),
	       "every struct dl_magic member has a symbol");

/* load - open soname and resolve n symbols into table; false with w set. */
static bool load(const char *soname, const struct dl_sym *syms, size_t n,
		 void *table, struct why *w)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *err;

	if (h == NULL) {
		err = dlerror();
		(void)why_set(w, MDA_ERR_TEMP, "4.3.0", "cannot load %s: %s",
			      soname, err != NULL ? err : "unknown error");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		void *p = dlsym(h, syms[i].name);

		if (p == NULL) {
			(void)why_set(w, MDA_ERR_TEMP, "4.3.0",
				      "cannot load %s: no symbol %s", soname,
				      syms[i].name);
			/* Fails only for a handle we hold; nothing to add. */
			(void)dlclose(h);
			return false;
		}
		memcpy((char *)table + syms[i].off, &p, sizeof(p));
	}
	return true;
}

bool dynlib_sqlite(struct dl_sqlite *lib, struct why *w)
{
	return load(MDA_SQLITE_SONAME, sqlite_syms,
		    sizeof(sqlite_syms) / sizeof(sqlite_syms[0]), lib, w);
}

bool dynlib_magic(struct dl_magic *lib, struct why *w)
{
	return load(MDA_MAGIC_SONAME, magic_syms,
		    sizeof(magic_syms) / sizeof(magic_syms[0]), lib, w);
}

bool dynlib_zlib(struct dl_zlib *lib, struct why *w)
{
	return load(MDA_ZLIB_SONAME, zlib_syms,
		    sizeof(zlib_syms) / sizeof(zlib_syms[0]), lib, w);
}
