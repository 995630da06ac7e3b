/*
 * migrate_sha256.c - SHA-256 after FIPS 180-4: padding (5.1.1), parsing
 * into 512-bit blocks (5.2.1), initial hash value (5.3.3), the constants
 * K (4.2.2) and the compression function (6.2.2).
 *
 * Contract: no allocation, no I/O; any input length (the 64-bit length
 * field counts bits, so up to 2^61 bytes).  Whole blocks go to the x86
 * SHA instructions when the processor has them (migrate_sha256_x86.c),
 * else to the portable compression function below.
 */
#include <string.h>

#include "migrate/migrate_sha256.h"

/* The first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (4.2.2). */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* compress - one 64-byte block into the state (6.2.2 steps 1-4). */
static void compress(uint32_t h[8], const unsigned char *m)
{
	uint32_t w[64], v[8];

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)m[4 * t] << 24 | (uint32_t)m[4 * t + 1] << 16 |
		       (uint32_t)m[4 * t + 2] << 8 | (uint32_t)m[4 * t + 3];
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^
			      (w[t - 15] >> 3);
		uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^
			      (w[t - 2] >> 10);
		w[t] = s1 + w[t - 7] + s0 + w[t - 16];
	}
	memcpy(v, h, sizeof(v));
	for (int t = 0; t < 64; t++) {
		uint32_t a = v[0], e = v[4];
		uint32_t ch = (e & v[5]) ^ (~e & v[6]);
		uint32_t maj = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
		uint32_t t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
			      ch + K[t] + w[t];
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + maj;

		/* h = g, g = f, f = e, e = d + T1, d = c, c = b, b = a,
		 * a = T1 + T2 (6.2.2 step 3), spelled out so the compiler
		 * keeps the eight words in registers. */
		v[7] = v[6];
		v[6] = v[5];
		v[5] = e;
		v[4] = v[3] + t1;
		v[3] = v[2];
		v[2] = v[1];
		v[1] = a;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

/* blocks - n whole 64-byte blocks into the state. */
static void blocks(uint32_t h[8], bool x86, const unsigned char *p, size_t n)
{
	if (x86) {
		sha256_x86_blocks(h, p, n, K);
		return;
	}
	for (size_t i = 0; i < n; i++)
		compress(h, p + 64 * i);
}

void sha256_init(struct sha256 *s)
{
	/* First 32 bits of the fractional parts of the square roots of the
	 * first eight primes (5.3.3). */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->total = 0;
	s->nblk = 0;
	s->x86 = sha256_x86_usable();   /* a cpuid: cheap beside a message */
}

void sha256_init_portable(struct sha256 *s)
{
	sha256_init(s);
	s->x86 = false;
}

void sha256_update(struct sha256 *s, const void *p, size_t len)
{
	const unsigned char *in = p;

	s->total += len;
	if (s->nblk > 0) {
		size_t k = 64 - s->nblk < len ? 64 - s->nblk : len;

		memcpy(s->blk + s->nblk, in, k);
		s->nblk += k;
		in += k;
		len -= k;
		if (s->nblk < 64)
			return;
		blocks(s->h, s->x86, s->blk, 1);
		s->nblk = 0;
	}
	blocks(s->h, s->x86, in, len / 64);
	in += len / 64 * 64;
	len %= 64;
	memcpy(s->blk, in, len);
	s->nblk = len;
}

void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN])
{
	uint64_t bits = s->total * 8;

	/* 5.1.1: a 1 bit, zeros up to 448 mod 512, the 64-bit length. */
	s->blk[s->nblk++] = 0x80;
	if (s->nblk > 56) {
		memset(s->blk + s->nblk, 0, 64 - s->nblk);
		blocks(s->h, s->x86, s->blk, 1);
		s->nblk = 0;
	}
	memset(s->blk + s->nblk, 0, 56 - s->nblk);
	for (int i = 0; i < 8; i++)
		s->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	blocks(s->h, s->x86, s->blk, 1);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void sha256_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}
