/*
 * migrate_sha256_x86.c - the SHA-256 compression function (FIPS 180-4
 * 6.2.2) on the x86 SHA extensions (SHA256RNDS2, SHA256MSG1/2), chosen at
 * run time when the processor has them.
 *
 * Why: migration digests every byte it stores; the portable code does
 * about 200 MB/s, which was a third of the CPU time of a migration.  The
 * instructions do two rounds each on a state kept as the word pairs
 * (A,B,E,F) and (C,D,G,H); the message schedule is four words at a time.
 * Contract: sha256_x86_usable() says whether sha256_x86_blocks() may be
 * called; the result is the same as the portable code's (the unit test
 * runs the FIPS vectors through both).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migrate/migrate_sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

bool sha256_x86_usable(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & (1u << 29)) != 0;  /* CPUID.7.0:EBX.SHA */
}

__attribute__((target("sha,sse4.1,ssse3")))
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t n,
		       const uint32_t k[64])
{
	/* Big-endian words (5.2.1): reverse the bytes of each 32-bit lane. */
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
					    0x0405060700010203LL);
	__m128i t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
	__m128i s1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);

	t = _mm_shuffle_epi32(t, 0xB1);               /* C D A B */
	s1 = _mm_shuffle_epi32(s1, 0x1B);             /* E F G H */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);       /* A B E F */
	s1 = _mm_blend_epi16(s1, t, 0xF0);            /* C D G H */

	for (size_t blk = 0; blk < n; blk++, p += 64) {
		__m128i abef = s0, cdgh = s1, m[4];

#pragma GCC unroll 16
		for (int i = 0; i < 16; i++) {
			if (i < 4) {
				m[i] = _mm_shuffle_epi8(_mm_loadu_si128(
					(const __m128i *)(const void *)(p + 16 * i)),
					swap);
			} else {
				/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) +
				 * W[t-16], four words at once (6.2.2 step 1). */
				__m128i w = _mm_sha256msg1_epu32(m[i & 3],
								 m[(i + 1) & 3]);
				w = _mm_add_epi32(w, _mm_alignr_epi8(
					m[(i + 3) & 3], m[(i + 2) & 3], 4));
				m[i & 3] = _mm_sha256msg2_epu32(w, m[(i + 3) & 3]);
			}
			__m128i wk = _mm_add_epi32(m[i & 3], _mm_loadu_si128(
				(const __m128i *)(const void *)&k[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, wk);
			wk = _mm_shuffle_epi32(wk, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, wk);
		}
		s0 = _mm_add_epi32(s0, abef);            /* step 4 */
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);              /* F E B A */
	s1 = _mm_shuffle_epi32(s1, 0xB1);             /* D C H G */
	s0 = _mm_blend_epi16(t, s1, 0xF0);            /* D C B A */
	s1 = _mm_alignr_epi8(s1, t, 8);               /* H G F E */
	_mm_storeu_si128((__m128i *)(void *)&h[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

#else

bool sha256_x86_usable(void)
{
	return false;
}

void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t n,
		       const uint32_t k[64])
{
	(void)h, (void)p, (void)n, (void)k;
}

#endif
