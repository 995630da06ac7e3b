/*
 * siteconf_lists.c - the list files of [extlists] (RFC 6134) read into
 * the engine's data, and Pigeonhole's setting names mapped onto ours
 * (the testsuite's test_config_set speaks those).
 *
 * A list file holds one item a line; blank lines and lines starting with
 * '#' are skipped, blanks around an item trimmed.  At most
 * SITECONF_LIST_ITEMS items and SITECONF_LIST_MAX octets per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "siteconf.h"

/* add_item - append [p, p+n) trimmed, unless blank or a comment. */
static int add_item(struct sieve_extlist *l, const char *p, size_t n)
{
	char **v;

	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			 p[n - 1] == '\r'))
		n--;
	if (n == 0 || *p == '#')
		return 0;
	if (l->n >= SITECONF_LIST_ITEMS)
		return -1;
	if ((v = realloc(l->items, (l->n + 1) * sizeof(*v))) == NULL)
		return -1;
	l->items = v;
	if ((v[l->n] = strndup(p, n)) == NULL)
		return -1;
	l->n++;
	return 0;
}

/* read_one - the items of one file into l; 0 or -1 with err. */
static int read_one(const struct siteconf_listfile *lf,
		    struct sieve_extlist *l, char *err, size_t size)
{
	char *text;
	size_t len, off = 0;
	int rc = io_read_file(lf->path, SITECONF_LIST_MAX, &text, &len);

	if (rc != 0) {
		snprintf(err, size, "%s: %s", lf->path, strerror(rc));
		return -1;
	}
	while (off < len && rc == 0) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;

		rc = add_item(l, text + off, n);
		off += n + 1;
	}
	free(text);
	if (rc != 0)
		snprintf(err, size, "%s: more than %d items, or out of memory",
			 lf->path, SITECONF_LIST_ITEMS);
	return rc;
}

int siteconf_read_lists(struct siteconf *sc, char *err, size_t size)
{
	struct sieve_site *s = &sc->sieve;
	char why[300];

	if (sc->nlistfiles == 0)
		return 0;
	s->lists = calloc(sc->nlistfiles, sizeof(*s->lists));
	if (s->lists == NULL) {
		snprintf(err, size, "%s: out of memory", sc->file);
		return -1;
	}
	for (size_t i = 0; i < sc->nlistfiles; i++) {
		const struct siteconf_listfile *lf = &sc->listfiles[i];
		struct sieve_extlist *l = &s->lists[s->nlists++];

		if ((l->name = strdup(lf->name)) == NULL) {
			snprintf(err, size, "%s: out of memory", sc->file);
			return -1;
		}
		if (read_one(lf, l, why, sizeof(why)) < 0) {
			snprintf(err, size, "%s:%u: list %s: %s", sc->file,
				 lf->line, lf->name, why);
			return -1;
		}
	}
	return 0;
}

int siteconf_set_pigeonhole(struct siteconf *sc, const char *name,
			    const char *value, char *err, size_t size)
{
	static const struct { const char *ph, *section, *key; } map[] = {
		{ "status_header", NULL, "header" },
		{ "status_type", NULL, "type" },
		{ "max_value", NULL, "max" },
		{ "max_header", NULL, "max_header" },
	};
	static const char *const dirs[][2] = {
		{ "sieve_pipe_bin_dir", "pipe_dir" },
		{ "sieve_filter_bin_dir", "filter_dir" },
		{ "sieve_execute_bin_dir", "execute_dir" },
	};
	const char *sect = NULL, *rest;
	char key[32];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strcmp(name, dirs[i][0]) == 0)
			return siteconf_set(sc, "programs", dirs[i][1], value,
					    err, size);
	if (strncmp(name, "sieve_spamtest_", 15) == 0)
		sect = "spamtest", rest = name + 15;
	else if (strncmp(name, "sieve_virustest_", 16) == 0)
		sect = "virustest", rest = name + 16;
	if (sect == NULL)
		return 1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(rest, map[i].ph) == 0)
			return siteconf_set(sc, sect, map[i].key, value, err,
					    size);
	if (strncmp(rest, "text_value", 10) != 0 ||
	    snprintf(key, sizeof(key), "text%s", rest + 10) >= (int)sizeof(key))
		return 1;
	return siteconf_set(sc, sect, key, value, err, size);
}
