/*
 * siteconf.c - parse the site configuration file (format in siteconf.h).
 *
 * One job: text in, struct siteconf out, every error naming file:line.
 * The list files named under [extlists] are read by siteconf_lists.c;
 * the spam/virus settings follow Pigeonhole's meaning (score, strlen,
 * text) so a site moving from Dovecot sets the same values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "siteconf.h"

void siteconf_init(struct siteconf *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->program_timeout = 10;
	sc->program_output_max = 64 << 20;   /* a filter writes a message */
}

void siteconf_free(struct siteconf *sc)
{
	sieve_site_free(&sc->sieve);
	free(sc->pipe_dir);
	free(sc->filter_dir);
	free(sc->execute_dir);
	for (size_t i = 0; i < sc->nlistfiles; i++) {
		free(sc->listfiles[i].name);
		free(sc->listfiles[i].path);
	}
	free(sc->listfiles);
	siteconf_init(sc);
}

/* number - a whole number in [1, max]. */
static int number(const char *v, unsigned long long max,
		  unsigned long long *out, char *err, size_t size)
{
	char *end;

	errno = 0;
	*out = strtoull(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || v[0] == '-' ||
	    *out == 0 || *out > max) {
		snprintf(err, size, "\"%s\" is not a number from 1 to %llu",
			 v, max);
		return -1;
	}
	return 0;
}

static int set_str(char **dst, const char *v, char *err, size_t size)
{
	char *p = strdup(v);

	if (p == NULL) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	free(*dst);
	*dst = p;
	return 0;
}

/* set_score - a key of [spamtest] or [virustest]. */
static int set_score(struct sieve_score_conf *c, unsigned ntext,
		     const char *key, const char *v, char *err, size_t size)
{
	char *end;

	if (strcmp(key, "header") == 0 || strcmp(key, "max_header") == 0) {
		bool mx = key[0] == 'm';
		char *name, *pat;

		if (sieve_score_header_parse(v, &name, &pat, err, size) < 0)
			return -1;
		free(mx ? c->max_header : c->header);
		free(mx ? c->max_pattern : c->pattern);
		*(mx ? &c->max_header : &c->header) = name;
		*(mx ? &c->max_pattern : &c->pattern) = pat;
		return 0;
	}
	if (strcmp(key, "type") == 0) {
		if (strcmp(v, "score") == 0)
			c->type = SIEVE_SCORE_NUMBER;
		else if (strcmp(v, "strlen") == 0)
			c->type = SIEVE_SCORE_STRLEN;
		else if (strcmp(v, "text") == 0)
			c->type = SIEVE_SCORE_TEXT;
		else {
			snprintf(err, size, "type must be score, strlen or "
				 "text, not \"%s\"", v);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "max") == 0) {
		errno = 0;
		c->max = strtod(v, &end);
		if (errno != 0 || end == v || *end != '\0' || !(c->max > 0)) {
			snprintf(err, size, "max must be a number above 0, "
				 "not \"%s\"", v);
			return -1;
		}
		return 0;
	}
	if (strncmp(key, "text", 4) == 0 && key[4] >= '0' && key[4] <= '9') {
		unsigned long i = strtoul(key + 4, &end, 10);

		if (*end == '\0' && i <= ntext && (i < 10 || key[4] != '0'))
			return set_str(&c->text[i], v, err, size);
	}
	snprintf(err, size, "unknown key \"%s\"", key);
	return -1;
}

/* set_list - [extlists] tag:NAME = FILE, read later. */
static int set_list(struct siteconf *sc, const char *key, const char *v,
		    unsigned line, char *err, size_t size)
{
	struct siteconf_listfile *n;

	if (strncmp(key, "tag:", 4) != 0 || key[4] == '\0') {
		snprintf(err, size, "a list name is tag:NAME, not \"%s\"", key);
		return -1;
	}
	if (v[0] != '/') {
		snprintf(err, size, "list file \"%s\" is not an absolute path",
			 v);
		return -1;
	}
	n = realloc(sc->listfiles, (sc->nlistfiles + 1) * sizeof(*n));
	if (n == NULL) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	sc->listfiles = n;
	n = &sc->listfiles[sc->nlistfiles];
	n->name = strdup(key);
	n->path = strdup(v);
	n->line = line;
	sc->nlistfiles++;
	if (n->name == NULL || n->path == NULL) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	return 0;
}

static int set_programs(struct siteconf *sc, const char *key, const char *v,
			char *err, size_t size)
{
	unsigned long long x;

	if (strcmp(key, "timeout") == 0) {
		if (number(v, 3600, &x, err, size) < 0)
			return -1;
		sc->program_timeout = (unsigned)x;
		return 0;
	}
	if (strcmp(key, "output_max") == 0) {
		if (number(v, 1ULL << 30, &x, err, size) < 0)
			return -1;
		sc->program_output_max = (size_t)x;
		return 0;
	}
	if (strcmp(key, "dir") != 0 && strcmp(key, "pipe_dir") != 0 &&
	    strcmp(key, "filter_dir") != 0 && strcmp(key, "execute_dir") != 0) {
		snprintf(err, size, "unknown key \"%s\"", key);
		return -1;
	}
	if (v[0] != '/') {
		snprintf(err, size, "%s must be an absolute path", key);
		return -1;
	}
	if ((key[0] == 'd' || key[0] == 'p') &&
	    set_str(&sc->pipe_dir, v, err, size) < 0)
		return -1;
	if ((key[0] == 'd' || key[0] == 'f') &&
	    set_str(&sc->filter_dir, v, err, size) < 0)
		return -1;
	if ((key[0] == 'd' || key[0] == 'e') &&
	    set_str(&sc->execute_dir, v, err, size) < 0)
		return -1;
	return 0;
}

int siteconf_set(struct siteconf *sc, const char *section, const char *key,
		 const char *value, char *err, size_t size)
{
	unsigned long long x;

	if (strcmp(section, "spamtest") == 0)
		return set_score(&sc->sieve.spamtest, 10, key, value, err, size);
	if (strcmp(section, "virustest") == 0)
		return set_score(&sc->sieve.virustest, 5, key, value, err, size);
	if (strcmp(section, "programs") == 0)
		return set_programs(sc, key, value, err, size);
	if (strcmp(section, "extlists") == 0)
		return set_list(sc, key, value, 0, err, size);
	if (strcmp(section, "notify") == 0 && strcmp(key, "max") == 0) {
		if (number(value, 100, &x, err, size) < 0)
			return -1;
		sc->sieve.notify_max = (unsigned)x;
		return 0;
	}
	if (strcmp(section, "notify") == 0)
		snprintf(err, size, "unknown key \"%s\"", key);
	else
		snprintf(err, size, "unknown section [%s]", section);
	return -1;
}

/* trim - cut leading and trailing blanks of [p, p+n) in place. */
static char *trim(char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			 p[n - 1] == '\r'))
		n--;
	p[n] = '\0';
	return p + strspn(p, " \t");
}

/* parse_line - one line (NUL-terminated, no newline) into sc. */
static int parse_line(struct siteconf *sc, char *line, unsigned lno,
		      char *section, size_t ssize, char *err, size_t size)
{
	char *p = trim(line, strlen(line)), *eq, *key;

	if (*p == '\0' || *p == '#' || *p == ';')
		return 0;
	if (*p == '[') {
		size_t n = strlen(p);

		if (p[n - 1] != ']' || n - 2 >= ssize || n < 3) {
			snprintf(err, size, "bad section line \"%.60s\"", p);
			return -1;
		}
		memcpy(section, p + 1, n - 2);
		section[n - 2] = '\0';
		return 0;
	}
	if ((eq = strchr(p, '=')) == NULL) {
		snprintf(err, size, "expected key = value, got \"%.60s\"", p);
		return -1;
	}
	key = trim(p, (size_t)(eq - p));
	if (section[0] == '\0') {
		snprintf(err, size, "\"%s\" outside any [section]", key);
		return -1;
	}
	if (strcmp(section, "extlists") == 0)
		return set_list(sc, key, trim(eq + 1, strlen(eq + 1)), lno,
				err, size);
	return siteconf_set(sc, section, key, trim(eq + 1, strlen(eq + 1)),
			    err, size);
}

int siteconf_parse(const char *name, const char *text, size_t len,
		   struct siteconf *sc, char *err, size_t size)
{
	char section[32] = "", line[4096], why[400];
	size_t off = 0;
	unsigned lno = 0;

	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;

		lno++;
		if (n >= sizeof(line) || memchr(text + off, '\0', n) != NULL) {
			snprintf(err, size, "%s:%u: line too long or binary",
				 name, lno);
			return -1;
		}
		memcpy(line, text + off, n);
		line[n] = '\0';
		off += n + 1;
		if (parse_line(sc, line, lno, section, sizeof(section), why,
			       sizeof(why)) < 0) {
			snprintf(err, size, "%s:%u: %s", name, lno, why);
			return -1;
		}
	}
	return 0;
}

enum mda_err siteconf_load(const char *path, struct siteconf *sc,
			   struct why *w)
{
	const char *p = path != NULL ? path : SITECONF_DEFAULT;
	char *text = NULL, err[400];
	size_t len = 0;
	int rc = io_read_file(p, SITECONF_MAX, &text, &len);

	sc->file = p;
	if (rc == ENOENT && path == NULL)
		return MDA_OK;   /* no site file: nothing configured */
	if (rc == EIO || rc == EDQUOT || rc == ENOSPC || rc == EAGAIN ||
	    rc == ENOMEM || rc == ESTALE || rc == ENFILE || rc == EMFILE)
		return why_errno(w, rc, p);   /* the system's fault, not the file's */
	if (rc != 0)
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "%s:0: cannot read: %s",
			       p, strerror(rc));
	rc = siteconf_parse(p, text, len, sc, err, sizeof(err));
	free(text);
	if (rc == 0)
		rc = siteconf_read_lists(sc, err, sizeof(err));
	if (rc != 0)
		return why_set(w, MDA_ERR_CONFIG, "4.3.5", "%s", err);
	return MDA_OK;
}
