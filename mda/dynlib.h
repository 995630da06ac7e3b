/*
 * dynlib.h - SQLite and libmagic, loaded with dlopen() on first use.
 *
 * Most deliveries use neither the state database (vacation, duplicate)
 * nor libmagic (vnd.mda.magic) nor zlib (a .gz mbox, migrating a .gz
 * archive); linking them would map six more shared objects (libmagic
 * pulls liblzma and libbz2, SQLite libm) into every process, more than
 * half of a plain delivery's start-up CPU.  Each
 * library is a table of function pointers declared with the real
 * prototypes from <sqlite3.h> and <magic.h>, so calls stay type-checked.
 *
 * Contract: dynlib_sqlite() and dynlib_magic() load the library and fill
 * the caller's table (the caller keeps it: no process-wide state; the
 * dynamic linker counts repeated loads); on failure they return false
 * with w set to a temporary error (MDA_ERR_TEMP, 4.3.0) naming the library
 * and dlerror()'s reason.  The libraries are never unloaded.
 */
#ifndef MDA_DYNLIB_H
#define MDA_DYNLIB_H

#include <magic.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <zlib.h>

#include "why.h"

/* Debian runtime names (packages libsqlite3-0 and libmagic1). */
#ifndef MDA_SQLITE_SONAME
#define MDA_SQLITE_SONAME "libsqlite3.so.0"
#endif
#ifndef MDA_MAGIC_SONAME
#define MDA_MAGIC_SONAME "libmagic.so.1"
#endif
#ifndef MDA_ZLIB_SONAME
#define MDA_ZLIB_SONAME "libz.so.1"
#endif

struct dl_sqlite {
	__typeof__(sqlite3_open_v2) *open_v2;
	__typeof__(sqlite3_close) *close;
	__typeof__(sqlite3_busy_timeout) *busy_timeout;
	__typeof__(sqlite3_exec) *exec;
	__typeof__(sqlite3_errmsg) *errmsg;
	__typeof__(sqlite3_prepare_v2) *prepare_v2;
	__typeof__(sqlite3_bind_text) *bind_text;
	__typeof__(sqlite3_bind_int64) *bind_int64;
	__typeof__(sqlite3_step) *step;
	__typeof__(sqlite3_column_int64) *column_int64;
	__typeof__(sqlite3_finalize) *finalize;
	__typeof__(sqlite3_changes) *changes;
};

struct dl_magic {
	__typeof__(magic_open) *open;
	__typeof__(magic_close) *close;
	__typeof__(magic_load) *load;
	__typeof__(magic_setflags) *setflags;
	__typeof__(magic_buffer) *buffer;
	__typeof__(magic_descriptor) *descriptor;
};

/* zlib's entry points as <zlib.h> names them (gzoffset is gzoffset64
 * under _FILE_OFFSET_BITS=64; deflateInit2 is a macro over deflateInit2_,
 * whose version and size arguments the caller passes as the macro does). */
struct dl_zlib {
	__typeof__(deflateInit2_) *deflateInit2_;
	__typeof__(deflate) *deflate;
	__typeof__(deflateEnd) *deflateEnd;
	__typeof__(gzdopen) *gzdopen;
	__typeof__(gzread) *gzread;
	__typeof__(gzerror) *gzerror;
	__typeof__(gzbuffer) *gzbuffer;
	__typeof__(gzclose) *gzclose;
	__typeof__(gzoffset) *gzoffset;
};

/* dynlib_sqlite - load SQLite and fill lib. */
bool dynlib_sqlite(struct dl_sqlite *lib, struct why *w);
/* dynlib_magic - load libmagic and fill lib. */
bool dynlib_magic(struct dl_magic *lib, struct why *w);
/* dynlib_zlib - load zlib and fill lib. */
bool dynlib_zlib(struct dl_zlib *lib, struct why *w);

#endif
