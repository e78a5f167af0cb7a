/*
 * rng.c - the counter-based normal generator of rng.h.
 *
 * Every element is a pure function of (seed, stream name, index), so
 * weights can be filled in any order by any number of threads and still
 * come out bitwise the same; tests/golden/make_golden.py recomputes the
 * same values in Python.
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

/* ---- the normal stream, eight elements at a time ------------------- */

/*
 * The same formula as rng_normal_one(), in vectors of eight: splitmix64
 * on 64-bit lanes, and fdlibm's log, sin and cos kernels (under 1 ulp
 * in double), so that the float each element rounds to is the scalar
 * one except when the double lies within an ulp of a float rounding
 * boundary (2 elements in 20 million, each 1 float ulp away: measured).
 * Elements still depend on (seed, name, index) alone.
 */
typedef uint64_t	u64x8 __attribute__((vector_size(64)));
typedef int64_t		i64x8 __attribute__((vector_size(64)));
typedef double		f64x8 __attribute__((vector_size(64)));

#define U8(c)	((u64x8){ c, c, c, c, c, c, c, c })
#define I8(c)	((i64x8){ c, c, c, c, c, c, c, c })
#define F8(c)	((f64x8){ c, c, c, c, c, c, c, c })

/* As in ops.c: an AVX-512 and an AVX2 clone beside the baseline. */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && \
    __GNUC__ >= 6 && !defined(__clang__)
#define RNG_CLONES	__attribute__((target_clones("arch=x86-64-v4", \
			    "avx2", "default")))
#else
#define RNG_CLONES
#endif
#define RNG_INLINE	static inline __attribute__((always_inline))

RNG_INLINE u64x8
rng_splitmix8(u64x8 z)
{
	z += U8(0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * U8(0xBF58476D1CE4E5B9ULL);
	z = (z ^ (z >> 27)) * U8(0x94D049BB133111EBULL);
	return z ^ (z >> 31);
}

RNG_INLINE f64x8
rng_select(i64x8 mask, f64x8 a, f64x8 b)
{
	return (f64x8)(((i64x8)a & mask) | ((i64x8)b & ~mask));
}

/* fdlibm's __ieee754_log, for the normal numbers of (0, 1]. */
RNG_INLINE f64x8
rng_log8(f64x8 x)
{
	const double	ln2_hi = 6.93147180369123816490e-01;
	const double	ln2_lo = 1.90821492927058770002e-10;
	i64x8		hx = (i64x8)x, k, mant, i;
	f64x8		m, f, s, z, w, t1, t2, hfsq, dk;

	k = ((hx >> 52) & I8(0x7ff)) - I8(1023);
	mant = hx & I8(0x000fffffffffffffLL);
	/* m in [sqrt(2)/2, sqrt(2)): bump k when the mantissa is over. */
	i = (mant + I8(0x95f6400000000LL)) & I8(0x10000000000000LL);
	m = (f64x8)(mant | (i ^ I8(0x3ff0000000000000LL)));
	k += i >> 52;
	f = m - F8(1.0);
	s = f / (F8(2.0) + f);
	dk = __builtin_convertvector(k, f64x8);
	z = s * s;
	w = z * z;
	t1 = w * (F8(3.999999999940941908e-01) + w *
	    (F8(2.222219843214978396e-01) + w * F8(1.531383769920937332e-01)));
	t2 = z * (F8(6.666666666666735130e-01) + w *
	    (F8(2.857142874366239149e-01) + w *
	    (F8(1.818357216161805012e-01) + w * F8(1.479819860511658591e-01))));
	hfsq = F8(0.5) * f * f;
	return dk * F8(ln2_hi) - ((hfsq - (s * (hfsq + t2 + t1) +
	    dk * F8(ln2_lo))) - f);
}

/* fdlibm's __kernel_cos and __kernel_sin, for |x| <= pi/4. */
RNG_INLINE f64x8
rng_kcos8(f64x8 x)
{
	f64x8	z = x * x, r, hz, w;

	r = z * (F8(4.16666666666666019037e-02) + z *
	    (F8(-1.38888888888741095749e-03) + z *
	    (F8(2.48015872894767294178e-05) + z *
	    (F8(-2.75573143513906633035e-07) + z *
	    (F8(2.08757232129817482790e-09) + z *
	    F8(-1.13596475577881948265e-11))))));
	hz = F8(0.5) * z;
	w = F8(1.0) - hz;
	return w + (((F8(1.0) - w) - hz) + z * r);
}

RNG_INLINE f64x8
rng_ksin8(f64x8 x)
{
	f64x8	z = x * x, r;

	r = F8(8.33333333332248946124e-03) + z *
	    (F8(-1.98412698298579493134e-04) + z *
	    (F8(2.75573137070700676789e-06) + z *
	    (F8(-2.50507602534068634195e-08) + z *
	    F8(1.58969099521155010221e-10))));
	return x + z * x * (F8(-1.66666666666666324348e-01) + z * r);
}

/*
 * cos(2 pi u) for u in [0, 1): u = (q + r) / 4 with q an integer and r
 * in [-1/2, 1/2), both exact, so the quadrant costs no rounding.
 */
RNG_INLINE f64x8
rng_cos2pi8(f64x8 u)
{
	f64x8	v = u * F8(4.0), q, t, c;
	i64x8	qi;

	qi = __builtin_convertvector(v + F8(0.5), i64x8);
	q = __builtin_convertvector(qi, f64x8);
	t = (v - q) * F8(1.57079632679489655800e+00);
	/* Masks by arithmetic, not by comparisons, which gcc turns into a
	   compare and a branchless select per lane: cos for an even
	   quadrant, sin for an odd one; the sign flipped in quadrants 1
	   and 2 (bit 1 of q + 1). */
	c = rng_select((qi & I8(1)) - I8(1), rng_kcos8(t), rng_ksin8(t));
	return (f64x8)((i64x8)c ^ (((qi + I8(1)) & I8(2)) << 62));
}

RNG_CLONES static void
rng_normal_fill8(uint64_t key, double std, size_t first, size_t n,
    float *dst)
{
	u64x8	c, a, b;
	f64x8	u1, u2, x;
	size_t	i;
	int	l;

	for (i = 0; i + 8 <= n; i += 8) {
		c = U8(key + 2 * (uint64_t)(first + i)) +
		    (u64x8){ 0, 2, 4, 6, 8, 10, 12, 14 };
		a = rng_splitmix8(c);
		b = rng_splitmix8(c + U8(1));
		u1 = __builtin_convertvector((i64x8)((a >> 11) + U8(1)),
		    f64x8) * F8(0x1p-53);
		u2 = __builtin_convertvector((i64x8)(b >> 11), f64x8) *
		    F8(0x1p-53);
		x = F8(-2.0) * rng_log8(u1);
		for (l = 0; l < 8; l++)		/* vsqrtpd: no errno here */
			x[l] = sqrt(x[l]);
		x = F8(std) * x * rng_cos2pi8(u2);
		for (l = 0; l < 8; l++)
			dst[i + (size_t)l] = (float)x[l];
	}
}

/* One element, as rng.h writes the formula. */
static float
rng_normal_one(uint64_t key, double std, size_t index)
{
	const double	 two_pi = 6.283185307179586476925286766559;
	uint64_t	 c = key + 2 * (uint64_t)index, a, b;
	double		 u1, u2;

	a = rng_splitmix64(c);
	b = rng_splitmix64(c + 1);
	u1 = (double)((a >> 11) + 1) * 0x1p-53;
	u2 = (double)(b >> 11) * 0x1p-53;
	return (float)(std * sqrt(-2.0 * log(u1)) * cos(two_pi * u2));
}

void
rng_normal_fill(uint64_t seed, const char *name, double std, size_t first,
    size_t n, float *dst)
{
	uint64_t	key;
	size_t		i, body = n / 8 * 8;

	key = rng_splitmix64(seed ^ rng_fnv1a64(name, strlen(name)));
	rng_normal_fill8(key, std, first, body, dst);
	for (i = body; i < n; i++)
		dst[i] = rng_normal_one(key, std, first + i);
}
