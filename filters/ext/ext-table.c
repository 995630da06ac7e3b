/*
 * ext-table.c - the one table of extensions, and lookups over it.
 *
 * The order here is the order of `sieve_capabilities()`.
 */
#include <string.h>

#include "ext/ext.h"
#include "util.h"

/* placed by enum sieve_ext_id (ext.h); a NULL before EXT_COUNT would
 * end the list early, which the unit tests would notice */
const struct sieve_extension *const sieve_extensions[EXT_COUNT + 1] = {
	[EXT_CORE] = &sieve_ext_core,
	[EXT_CORE_TESTS] = &sieve_ext_core_tests,
	[EXT_CMP_OCTET] = &sieve_ext_cmp_octet,
	[EXT_CMP_CASEMAP] = &sieve_ext_cmp_casemap,
	[EXT_FILEINTO] = &sieve_ext_fileinto,
	[EXT_REJECT] = &sieve_ext_reject,
	[EXT_EREJECT] = &sieve_ext_ereject,
	[EXT_ENVELOPE] = &sieve_ext_envelope,
	[EXT_ENCODED_CHARACTER] = &sieve_ext_encoded_character,
	[EXT_VACATION] = &sieve_ext_vacation,
	[EXT_VACATION_SECONDS] = &sieve_ext_vacation_seconds,
	[EXT_SUBADDRESS] = &sieve_ext_subaddress,
	[EXT_CMP_NUMERIC] = &sieve_ext_cmp_numeric,
	[EXT_RELATIONAL] = &sieve_ext_relational,
	[EXT_REGEX] = &sieve_ext_regex,
	[EXT_IMAP4FLAGS] = &sieve_ext_imap4flags,
	[EXT_COPY] = &sieve_ext_copy,
	[EXT_INCLUDE] = &sieve_ext_include,
	[EXT_BODY] = &sieve_ext_body,
	[EXT_VARIABLES] = &sieve_ext_variables,
	[EXT_MAILBOX] = &sieve_ext_mailbox,
	[EXT_DATE] = &sieve_ext_date,
	[EXT_EDITHEADER] = &sieve_ext_editheader,
	[EXT_ENVIRONMENT] = &sieve_ext_environment,
	[EXT_DUPLICATE] = &sieve_ext_duplicate,
	[EXT_MIME] = &sieve_ext_mime,
	[EXT_FOREVERYPART] = &sieve_ext_foreverypart,
	[EXT_EXTRACTTEXT] = &sieve_ext_extracttext,
	[EXT_MAGIC] = &sieve_ext_magic,
	[EXT_SPAMTEST] = &sieve_ext_spamtest,
	[EXT_SPAMTESTPLUS] = &sieve_ext_spamtestplus,
	[EXT_VIRUSTEST] = &sieve_ext_virustest,
	[EXT_PIPE] = &sieve_ext_pipe,
	[EXT_FILTER] = &sieve_ext_filter,
	[EXT_EXECUTE] = &sieve_ext_execute,
	[EXT_ENOTIFY] = &sieve_ext_enotify,
	[EXT_IHAVE] = &sieve_ext_ihave,
	[EXT_IMAPFLAGS] = &sieve_ext_imapflags,
	[EXT_EXTLISTS] = &sieve_ext_extlists,
	[EXT_INDEX] = &sieve_ext_index_rfc5260,
	[EXT_NOTIFY] = &sieve_ext_notify,
	[EXT_VND_DUPLICATE] = &sieve_ext_vnd_duplicate,
	[EXT_DEBUG] = &sieve_ext_debug,
	[EXT_TESTSUITE] = &sieve_ext_testsuite,
	[EXT_COUNT] = NULL,
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

		if (sieve_extensions[i]->core || sieve_extensions[i]->test_only)
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
