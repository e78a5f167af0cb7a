/*
 * rng.h - the seeded generator behind weights.init: random.
 *
 * Counter-based, so every element's value depends only on (seed, tensor
 * name, element index) and never on the thread count or fill order:
 *   key   = splitmix64(seed ^ fnv1a64(name))
 *   a, b  = splitmix64(key + 2i), splitmix64(key + 2i + 1)
 *   u1    = ((a >> 11) + 1) * 2^-53          in (0, 1]
 *   u2    = (b >> 11) * 2^-53                in [0, 1)
 *   x[i]  = (float)(std * sqrt(-2 ln u1) * cos(2 pi u2))   (in double)
 * splitmix64(z): z += 0x9E3779B97F4A7C15; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
 *                z = (z ^ z>>27) * 0x94D049BB133111EB; return z ^ z>>31.
 * fnv1a64: offset 0xcbf29ce484222325, prime 0x100000001b3, over the bytes.
 * tests/golden/make_golden.py implements the same in Python.
 */
#ifndef ATTNTUI_RNG_H
#define ATTNTUI_RNG_H

#include <stddef.h>
#include <stdint.h>

uint64_t	rng_splitmix64(uint64_t z);
uint64_t	rng_fnv1a64(const void *buf, size_t len);
/* Fill dst[0..n) with elements first..first+n of the named stream. */
void		rng_normal_fill(uint64_t seed, const char *name, double std,
		    size_t first, size_t n, float *dst);

#endif
