/*
 * recache.c - compiled :regex keys of one run (contract in recache.h):
 * an open-addressing table of twice SIEVE_REGEX_CACHE slots, made on the
 * first :regex test, freed with the run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "run/recache.h"

#define SLOTS (2 * SIEVE_REGEX_CACHE)

struct slot {
	char *key;      /* NULL: empty */
	int flags;
	bool bad;       /* the key does not compile */
	regex_t re;
};

struct ix_recache {
	struct slot s[SLOTS];
	size_t used;
};

static size_t hash(const char *key, int flags)
{
	uint64_t h = 1469598103934665603ull ^ (unsigned)flags;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % SLOTS);
}

/* fresh - a key compiled outside the table (full, or out of memory). */
static const regex_t *fresh(const char *key, int flags, bool *owned_r,
			    bool *bad_r)
{
	regex_t *re = malloc(sizeof(*re));

	if (re == NULL)
		return NULL;
	if (tre_regcomp(re, key, flags) != 0) {
		free(re);
		*bad_r = true;
		return NULL;
	}
	*owned_r = true;
	return re;
}

const regex_t *recache_get(struct ix_recache **c, const char *key, int flags,
			   bool *owned_r, bool *bad_r)
{
	struct slot *sl = NULL;

	*owned_r = false;
	*bad_r = false;
	if (*c == NULL)
		*c = calloc(1, sizeof(**c));
	if (*c == NULL)
		return fresh(key, flags, owned_r, bad_r);
	/* probing ends: the table is never more than half full */
	for (size_t i = hash(key, flags);; i = (i + 1) % SLOTS) {
		sl = &(*c)->s[i];
		if (sl->key == NULL)
			break;
		if (sl->flags == flags && strcmp(sl->key, key) == 0) {
			*bad_r = sl->bad;
			return sl->bad ? NULL : &sl->re;
		}
	}
	if ((*c)->used >= SIEVE_REGEX_CACHE || (sl->key = strdup(key)) == NULL)
		return fresh(key, flags, owned_r, bad_r);
	(*c)->used++;
	sl->flags = flags;
	sl->bad = tre_regcomp(&sl->re, key, flags) != 0;
	*bad_r = sl->bad;
	return sl->bad ? NULL : &sl->re;
}

void recache_free(struct ix_recache **c)
{
	if (*c == NULL)
		return;
	for (size_t i = 0; i < SLOTS; i++)
		if ((*c)->s[i].key != NULL) {
			if (!(*c)->s[i].bad)
				tre_regfree(&(*c)->s[i].re);
			free((*c)->s[i].key);
		}
	free(*c);
	*c = NULL;
}
