/*
 * fuzz_header.c - libFuzzer target for the header scanner and indexer
 * (mda/header.c): any bytes, no crash, no leak, no read past the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intake/header.h"
#include "intake/spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spool sp;
	bool complete;
	char *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	(void)header_scan(copy, size, false, &complete);
	memset(&sp, 0, sizeof(sp));
	sp.fd = -1;
	if (header_index(&sp, copy, size) == 0) {
		char *v = spool_field(&sp, "subject");
		free(v);
		for (size_t i = 0; i < sp.nfields; i++) {
			char *u = header_unfold(sp.fields[i].value,
						sp.fields[i].value_len);
			free(u);
		}
	}
	free(sp.header);
	free(sp.fields);
	free(copy);
	return 0;
}
