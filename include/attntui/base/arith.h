/*
 * arith.h - the small arithmetic every floor needs: saturating sums and
 * products for sizes that are only reported, and clamping.
 */
#ifndef ATTNTUI_ARITH_H
#define ATTNTUI_ARITH_H

#include <stdint.h>

/* a + b, or UINT64_MAX when it would not fit. */
static inline uint64_t
arith_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* a * b, or UINT64_MAX when it would not fit. */
static inline uint64_t
arith_mul_sat(uint64_t a, uint64_t b)
{
	return a != 0 && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* v within [lo, hi]: lo when below it, else hi when above that. */
static inline int64_t
arith_clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

#endif
