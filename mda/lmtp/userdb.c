/*
 * userdb.c - the passwd-file table (Dovecot's format) and address split.
 *
 * The table is read whole into memory, indexed by key and searched by
 * bisection; before each lookup a stat() tells whether the file changed
 * (mtime, ctime, size, inode), so an edit or a chmod is seen at the next
 * RCPT without a restart, and a table that can no longer be read is a
 * temporary failure (451 4.3.0), never "unknown user" (which bounces).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "lmtp/limits.h"
#include "lmtp/userdb.h"

static bool bad_char(unsigned char ch)
{
	return ch <= 0x20 || ch == 0x7f || ch == '/' || ch == '"' ||
	       ch == '\\' || ch == ':' || ch == '%';
}

/* part_ok - a local part or domain that is safe in a path. */
static bool part_ok(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (bad_char((unsigned char)s[i]) ||
		    (s[i] == '.' && i + 1 < n && s[i + 1] == '.'))
			return false;
	return true;
}

int lmtp_addr_parse(const char *addr, struct lmtp_addr *a)
{
	const char *at = strrchr(addr, '@');
	size_t ln = at ? (size_t)(at - addr) : strlen(addr);
	const char *dom = at ? at + 1 : "";
	size_t dn = strlen(dom);

	memset(a, 0, sizeof(*a));
	if (!part_ok(addr, ln) || ln >= sizeof(a->local) ||
	    dn >= sizeof(a->domain) || (at != NULL && !part_ok(dom, dn)))
		return -1;
	/* The subaddress (RFC 5233): the first '+' starts the detail. */
	const char *plus = memchr(addr, '+', ln);
	size_t base = plus != NULL && plus > addr ? (size_t)(plus - addr) : ln;
	memcpy(a->local, addr, base);
	if (base < ln) {
		a->has_detail = true;
		memcpy(a->detail, addr + base + 1, ln - base - 1);
	}
	for (size_t i = 0; i < dn; i++)
		a->domain[i] = (char)tolower((unsigned char)dom[i]);
	return 0;
}

static void fold_domain(char *key)
{
	char *at = strrchr(key, '@');

	for (char *p = at; p != NULL && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
}

static int line_cmp(const void *x, const void *y)
{
	const struct userdb_line *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	/* equal keys keep file order: the first line wins, as in Dovecot */
	return c != 0 ? c : (a->key < b->key ? -1 : a->key > b->key);
}

/* index_lines - cut text into lines and sort them by key. */
static int index_lines(struct userdb *db)
{
	size_t cap = 0;

	for (char *p = db->text; *p != '\0';) {  /* bounded by the text */
		char *nl = strchr(p, '\n'), *colon;
		if (nl != NULL)
			*nl = '\0';
		colon = strchr(p, ':');
		if (p[0] != '#' && colon != NULL && colon > p) {
			if (db->nlines >= LMTP_USERDB_LINES)
				return EFBIG;
			if (db->nlines == cap) {
				cap = cap ? cap * 2 : 64;
				void *v = realloc(db->lines, cap * sizeof(*db->lines));
				if (v == NULL)
					return ENOMEM;
				db->lines = v;
			}
			*colon = '\0';
			fold_domain(p);
			db->lines[db->nlines++] = (struct userdb_line){ p, colon + 1 };
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	qsort(db->lines, db->nlines, sizeof(*db->lines), line_cmp);
	return 0;
}

static void table_drop(struct userdb *db)
{
	free(db->text);
	free(db->lines);
	db->text = NULL;
	db->lines = NULL;
	db->nlines = 0;
	db->loaded = false;
}

/* table_read - the whole file into db; 0 or an errno. */
static int table_read(struct userdb *db)
{
	int fd = open(db->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int err = 0;
	ssize_t n;

	table_drop(db);
	if (fd < 0)
		return errno;
	if (fstat(fd, &db->seen) != 0)
		err = errno;
	else if (!S_ISREG(db->seen.st_mode))
		err = EINVAL;
	else if (db->seen.st_size > LMTP_USERDB_MAX)
		err = EFBIG;
	else if ((db->text = malloc((size_t)db->seen.st_size + 1)) == NULL)
		err = ENOMEM;
	if (err == 0) {
		n = io_pread_full(fd, db->text, (size_t)db->seen.st_size, 0);
		if (n < 0)
			err = errno;
		else
			db->text[n] = '\0';
	}
	(void)close(fd);
	if (err == 0)
		err = index_lines(db);
	if (err != 0)
		table_drop(db);
	db->loaded = err == 0;
	return err;
}

enum mda_err userdb_reload(struct userdb *db, struct why *w)
{
	int err = db->path != NULL ? table_read(db) : 0;

	if (err != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "cannot read the user table: %s", strerror(err));
	return MDA_OK;
}

enum mda_err userdb_open(struct userdb *db, const char *path,
			 const char *home_template, struct why *w)
{
	memset(db, 0, sizeof(*db));
	db->path = path;
	db->home_template = home_template;
	if (path == NULL && home_template == NULL)
		return why_set(w, MDA_ERR_USAGE, "5.3.5",
			       "lmtp needs --userdb FILE or --home TEMPLATE");
	return userdb_reload(db, w);
}

void userdb_free(struct userdb *db)
{
	table_drop(db);
}

/* changed - has the file been replaced, edited or re-permissioned? */
static bool changed(const struct stat *a, const struct stat *b)
{
	return a->st_ino != b->st_ino || a->st_dev != b->st_dev ||
	       a->st_size != b->st_size ||
	       a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
	       a->st_mtim.tv_nsec != b->st_mtim.tv_nsec ||
	       a->st_ctim.tv_sec != b->st_ctim.tv_sec ||
	       a->st_ctim.tv_nsec != b->st_ctim.tv_nsec;
}

/* table_find - the fields after key, or NULL. */
const char *userdb_table_find(struct userdb *db, const char *key,
			      struct why *w, enum mda_err *e_r)
{
	struct stat st;
	size_t lo = 0, hi;

	*e_r = MDA_OK;
	if (stat(db->path, &st) != 0 || !db->loaded || changed(&st, &db->seen)) {
		*e_r = userdb_reload(db, w);
		if (*e_r != MDA_OK)
			return NULL;
	}
	hi = db->nlines;
	while (lo < hi) {  /* the first line whose key is >= key */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(db->lines[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < db->nlines && strcmp(db->lines[lo].key, key) == 0)
		return db->lines[lo].rest;
	return NULL;
}
