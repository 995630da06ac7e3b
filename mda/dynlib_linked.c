/*
 * dynlib_linked.c - the tables of dynlib.h filled from libraries linked
 * into the binary (the static build, MDA_LINKED_LIBS).
 *
 * A static binary cannot dlopen() safely (a second C library would come
 * with the shared object), so there SQLite, libmagic and zlib are linked
 * in; pages of them a delivery never calls are never faulted in, which is
 * what dlopen() on first use bought the dynamic build.  The contract is
 * dynlib.h's: the same tables, filled at once; nothing can fail.
 */
#ifdef MDA_LINKED_LIBS
#include "dynlib.h"

bool dynlib_sqlite(struct dl_sqlite *lib, struct why *w)
{
	(void)w;
	*lib = (struct dl_sqlite){
		sqlite3_open_v2, sqlite3_close, sqlite3_busy_timeout,
		sqlite3_exec, sqlite3_errmsg, sqlite3_prepare_v2,
		sqlite3_bind_text, sqlite3_bind_int64, sqlite3_step,
		sqlite3_column_int64, sqlite3_finalize, sqlite3_changes,
	};
	return true;
}

bool dynlib_magic(struct dl_magic *lib, struct why *w)
{
	(void)w;
	*lib = (struct dl_magic){
		magic_open, magic_close, magic_load, magic_setflags,
		magic_buffer, magic_descriptor,
	};
	return true;
}

bool dynlib_zlib(struct dl_zlib *lib, struct why *w)
{
	(void)w;
	*lib = (struct dl_zlib){
		deflateInit2_, deflate, deflateEnd, gzdopen, gzread, gzerror,
		gzbuffer, gzclose, gzoffset,
	};
	return true;
}
#endif
