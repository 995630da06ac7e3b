/*
 * ext-table.c - the one table of extensions, and lookups over it.
 *
 * The order here is the order of `sieve_capabilities()`.
 */
#include <string.h>

#include "ext.h"
#include "util.h"

const struct sieve_extension *const sieve_extensions[] = {
	&sieve_ext_core,
	&sieve_ext_core_tests,
	&sieve_ext_cmp_octet,
	&sieve_ext_cmp_casemap,
	&sieve_ext_fileinto,
	&sieve_ext_reject,
	&sieve_ext_ereject,
	&sieve_ext_envelope,
	&sieve_ext_encoded_character,
	&sieve_ext_vacation,
	&sieve_ext_vacation_seconds,
	&sieve_ext_subaddress,
	&sieve_ext_cmp_numeric,
	&sieve_ext_relational,
	&sieve_ext_regex,
	&sieve_ext_imap4flags,
	&sieve_ext_copy,
	&sieve_ext_include,
	&sieve_ext_body,
	&sieve_ext_variables,
	&sieve_ext_mailbox,
	&sieve_ext_date,
	&sieve_ext_editheader,
	&sieve_ext_environment,
	&sieve_ext_duplicate,
	&sieve_ext_mime,
	&sieve_ext_foreverypart,
	&sieve_ext_extracttext,
	&sieve_ext_magic,
	NULL,
};

size_t sieve_ext_count(void)
{
	return sizeof(sieve_extensions) / sizeof(sieve_extensions[0]) - 1;
}

int sieve_ext_index(const char *name)
{
	for (size_t i = 0; sieve_extensions[i] != NULL; i++)
		if (!sieve_extensions[i]->core &&
		    strcmp(sieve_extensions[i]->name, name) == 0)
			return (int)i;
	return -1;
}

const struct sieve_cmd_def *sieve_ext_find_def(const char *name, bool test,
					       int *ext_r)
{
	for (size_t i = 0; sieve_extensions[i] != NULL; i++) {
		const struct sieve_cmd_def *const *d = sieve_extensions[i]->defs;

		for (; d != NULL && *d != NULL; d++)
			if ((*d)->test == test && strcmp((*d)->name, name) == 0) {
				*ext_r = (int)i;
				return *d;
			}
	}
	return NULL;
}

int sieve_capabilities_write(char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	for (size_t i = 0; sieve_extensions[i] != NULL; i++) {
		const char *n = sieve_extensions[i]->name;
		size_t nl = strlen(n);

		if (sieve_extensions[i]->core)
			continue;
		if (strcmp(n, "comparator-i;octet") == 0 ||
		    strcmp(n, "comparator-i;ascii-casemap") == 0)
			continue;   /* always there; not advertised (RFC 5228 2.7.3) */
		if (len + (len > 0) + nl + 1 > size)
			return -1;
		if (len > 0)
			buf[len++] = ' ';
		memcpy(buf + len, n, nl + 1);
		len += nl;
	}
	return 0;
}
