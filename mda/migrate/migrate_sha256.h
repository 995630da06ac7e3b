/*
 * migrate_sha256.h - SHA-256 (FIPS 180-4, section 6.2), written from the
 * specification.  Migration names each stored message after the digest of
 * its bytes, so a second run can recognise what the first one stored.
 */
#ifndef MDA_MIGRATE_SHA256_H
#define MDA_MIGRATE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];          /* intermediate hash value H(i) */
	uint64_t total;         /* message length so far, in bytes */
	unsigned char blk[64];  /* partial block */
	size_t nblk;
	bool x86;               /* use the x86 SHA instructions */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN]);
/* sha256_hex - lower-case hex of the first n bytes of d into out[2n+1]. */
void sha256_hex(const unsigned char *d, size_t n, char *out);

/* sha256_init_portable - as sha256_init, but never the x86 SHA
 * instructions (tests compare both). */
void sha256_init_portable(struct sha256 *s);

/* migrate_sha256_x86.c: the processor has the SHA extensions; n blocks
 * into h with the constants k (only when usable). */
bool sha256_x86_usable(void);
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t n,
		       const uint32_t k[64]);

#endif
