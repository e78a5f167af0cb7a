/*
 * rng.c - the counter-based normal generator of rng.h.
 *
 * Every element is a pure function of (seed, stream name, index), so
 * weights can be filled in any order by any number of threads and still
 * come out bitwise the same; tests/golden/rng_reference.py recomputes
 * the same values in Python.
 */
#include "build-config.h"

#include <math.h>
#include <string.h>

#include "attntui/base/rng.h"

uint64_t
rng_splitmix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t
rng_fnv1a64(const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	uint64_t		 h = 0xcbf29ce484222325ULL;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
rng_normal_fill(uint64_t seed, const char *name, double std, size_t first,
    size_t n, float *dst)
{
	const double	 two_pi = 6.283185307179586476925286766559;
	uint64_t	 key, a, b, c;
	double		 u1, u2;
	size_t		 i;

	key = rng_splitmix64(seed ^ rng_fnv1a64(name, strlen(name)));
	for (i = 0; i < n; i++) {
		c = key + 2 * (uint64_t)(first + i);
		a = rng_splitmix64(c);
		b = rng_splitmix64(c + 1);
		u1 = (double)((a >> 11) + 1) * 0x1p-53;
		u2 = (double)(b >> 11) * 0x1p-53;
		dst[i] = (float)(std * sqrt(-2.0 * log(u1)) *
		    cos(two_pi * u2));
	}
}
