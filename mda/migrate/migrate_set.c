/*
 * migrate_set.c - the digest set behind "a second run adds nothing".
 * Keys are already uniform (SHA-256 bytes), so their first bytes are the
 * hash; linear probing, doubled at half full.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "migrate/migrate_set.h"

static const unsigned char zero[MIG_KEY_LEN];

static size_t home(const unsigned char *key, size_t cap)
{
	uint64_t h;

	memcpy(&h, key, sizeof(h));
	return (size_t)h & (cap - 1);
}

/* find - the slot holding key, or the empty slot where it would go. */
static unsigned char *find(const struct mig_set *s, const unsigned char *key)
{
	size_t i = home(key, s->cap);

	for (size_t probes = 0; probes < s->cap; probes++) {
		unsigned char *slot = s->slots + i * MIG_KEY_LEN;
		if (memcmp(slot, key, MIG_KEY_LEN) == 0 ||
		    memcmp(slot, zero, MIG_KEY_LEN) == 0)
			return slot;
		i = (i + 1) & (s->cap - 1);
	}
	return NULL;  /* cannot happen below half full */
}

bool mig_set_has(const struct mig_set *s, const unsigned char *key)
{
	if (memcmp(key, zero, MIG_KEY_LEN) == 0)
		return s->has_zero;
	if (s->cap == 0)
		return false;
	const unsigned char *slot = find(s, key);
	return slot != NULL && memcmp(slot, key, MIG_KEY_LEN) == 0;
}

static int grow(struct mig_set *s)
{
	struct mig_set bigger = { NULL, s->cap ? s->cap * 2 : 1024, 0, false };

	bigger.slots = calloc(bigger.cap, MIG_KEY_LEN);
	if (bigger.slots == NULL)
		return ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		const unsigned char *k = s->slots + i * MIG_KEY_LEN;
		if (memcmp(k, zero, MIG_KEY_LEN) != 0)
			memcpy(find(&bigger, k), k, MIG_KEY_LEN);
	}
	free(s->slots);
	s->slots = bigger.slots;
	s->cap = bigger.cap;
	return 0;
}

int mig_set_add(struct mig_set *s, const unsigned char *key)
{
	if (memcmp(key, zero, MIG_KEY_LEN) == 0) {
		s->has_zero = true;
		return 0;
	}
	if ((s->n + 1) * 2 > s->cap && grow(s) != 0)
		return ENOMEM;
	unsigned char *slot = find(s, key);
	if (memcmp(slot, key, MIG_KEY_LEN) != 0) {
		memcpy(slot, key, MIG_KEY_LEN);
		s->n++;
	}
	return 0;
}

void mig_set_free(struct mig_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool mig_name_key(const char *name, unsigned char *key)
{
	const char *p = strchr(name, '.');

	if (p == NULL || p[1] != 'D')
		return false;
	p += 2;
	for (int i = 0; i < MIG_KEY_LEN; i++) {
		int hi = hexval(p[2 * i]), lo = hi < 0 ? -1 : hexval(p[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return p[2 * MIG_KEY_LEN] == '.';
}
