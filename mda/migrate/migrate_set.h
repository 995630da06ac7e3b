/*
 * migrate_set.h - a set of 128-bit message digests (open addressing).
 * Memory grows with the number of messages in a folder, not with their
 * size: 16 bytes a slot, at most half the slots full.
 */
#ifndef MDA_MIGRATE_SET_H
#define MDA_MIGRATE_SET_H

#include <stdbool.h>
#include <stddef.h>

#define MIG_KEY_LEN 16

struct mig_set {
	unsigned char *slots;   /* MIG_KEY_LEN bytes each; all zero = empty */
	size_t cap, n;          /* cap is a power of two or 0 */
	bool has_zero;          /* the all-zero key itself */
};

bool mig_set_has(const struct mig_set *s, const unsigned char *key);
/* mig_set_add - 0, or ENOMEM. */
int mig_set_add(struct mig_set *s, const unsigned char *key);
void mig_set_free(struct mig_set *s);
/* mig_name_key - the digest in a name "SEC.D<32 hex>.HOST...", if any. */
bool mig_name_key(const char *name, unsigned char *key);

#endif
