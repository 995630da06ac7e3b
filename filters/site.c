/*
 * site.c - the site's settings as the engine holds them (site.h): the
 * "Name: regex" header form of spamtest/virustest, freeing, list look-up.
 */
#include <tre/tre.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "util.h"

int sieve_score_header_parse(const char *spec, char **name_r, char **pattern_r,
			     char *err, size_t size)
{
	const char *p = spec + strspn(spec, " \t");
	size_t nl = strcspn(p, ": \t");
	const char *re = p + nl;
	regex_t rx;
	int rc;

	*name_r = *pattern_r = NULL;
	if (nl == 0) {
		snprintf(err, size, "no header name in \"%s\"", spec);
		return -1;
	}
	re += strspn(re, " \t");
	if (*re != '\0' && *re != ':') {
		snprintf(err, size, "expected ':' after the header name");
		return -1;
	}
	if (*re == ':')
		re += 1 + strspn(re + 1, " \t");
	if (*re != '\0') {
		if ((rc = tre_regcomp(&rx, re, REG_EXTENDED)) != 0) {
			char e[128];

			tre_regerror(rc, &rx, e, sizeof(e));
			snprintf(err, size, "bad regular expression: %s", e);
			return -1;
		}
		tre_regfree(&rx);
		*pattern_r = strdup(re);
	}
	*name_r = xstrndup(p, nl);
	if (*name_r == NULL || (*re != '\0' && *pattern_r == NULL)) {
		free(*name_r);
		free(*pattern_r);
		*name_r = *pattern_r = NULL;
		snprintf(err, size, "out of memory");
		return -1;
	}
	return 0;
}

void sieve_score_conf_free(struct sieve_score_conf *c)
{
	free(c->header);
	free(c->pattern);
	free(c->max_header);
	free(c->max_pattern);
	for (size_t i = 0; i < SIEVE_SCORE_TEXTS; i++)
		free(c->text[i]);
	memset(c, 0, sizeof(*c));
}

void sieve_site_free(struct sieve_site *s)
{
	sieve_score_conf_free(&s->spamtest);
	sieve_score_conf_free(&s->virustest);
	for (size_t i = 0; i < s->nlists; i++) {
		for (size_t k = 0; k < s->lists[i].n; k++)
			free(s->lists[i].items[k]);
		free(s->lists[i].items);
		free(s->lists[i].name);
	}
	free(s->lists);
	memset(s, 0, sizeof(*s));
}

const struct sieve_extlist *sieve_site_list(const struct sieve_site *s,
					    const char *name)
{
	for (size_t i = 0; s != NULL && i < s->nlists; i++)
		if (ascii_ieq(s->lists[i].name, name))
			return &s->lists[i];
	return NULL;
}
