/*
 * dtype.c - tensor element types and their widening; see dtype.h.
 */
#include "build-config.h"

#include <math.h>
#include <string.h>

#include "attntui/io/dtype.h"

static const struct {
	const char	*name;
	size_t		 size;
} dtypes[] = {
	[DTYPE_F32] = { "F32", 4 },
	[DTYPE_F16] = { "F16", 2 },
	[DTYPE_BF16] = { "BF16", 2 },
	[DTYPE_F64] = { "F64", 8 },
	[DTYPE_I8] = { "I8", 1 },
	[DTYPE_I16] = { "I16", 2 },
	[DTYPE_I32] = { "I32", 4 },
	[DTYPE_I64] = { "I64", 8 },
	[DTYPE_U8] = { "U8", 1 },
	[DTYPE_U16] = { "U16", 2 },
	[DTYPE_U32] = { "U32", 4 },
	[DTYPE_U64] = { "U64", 8 },
	[DTYPE_BOOL] = { "BOOL", 1 },
	[DTYPE_F8_E4M3] = { "F8_E4M3", 1 },
	[DTYPE_F8_E5M2] = { "F8_E5M2", 1 },
};
#define N_DTYPES	(sizeof dtypes / sizeof dtypes[0])

const char *
dtype_name(enum dtype dtype)
{
	if ((size_t)dtype >= N_DTYPES)
		return NULL;
	return dtypes[dtype].name;
}

size_t
dtype_size(enum dtype dtype)
{
	if ((size_t)dtype >= N_DTYPES)
		return 0;
	return dtypes[dtype].size;
}

int
dtype_from_name(const char *name, enum dtype *out)
{
	size_t	i;

	for (i = 0; i < N_DTYPES; i++) {
		if (strcmp(dtypes[i].name, name) == 0) {
			*out = (enum dtype)i;
			return 0;
		}
	}
	return -1;
}

/*
 * binary16: sign, 5 exponent bits (bias 15), 10 mantissa bits.  Normals
 * and inf/NaN only move the exponent (the mantissa, NaN payloads
 * included, shifts up unchanged); subnormals m * 2^-24 are exact in
 * float32, where they are normal.  Written without a table so that the
 * loop below vectorises.
 */
static inline uint32_t
f16_bits(uint16_t h)
{
	uint32_t	sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t	em = h & 0x7fffu;
	uint32_t	bits;
	float		f;

	if (em >= 0x7c00)			/* inf, NaN: exponent 255 */
		bits = (em << 13) + (UINT32_C(224) << 23);
	else if (em >= 0x0400)			/* normal: rebias by 112 */
		bits = (em << 13) + (UINT32_C(112) << 23);
	else {					/* zero, subnormal */
		f = (float)em * 0x1p-24f;
		memcpy(&bits, &f, sizeof bits);
	}
	return sign | bits;
}

uint32_t
dtype_f16_bits(uint16_t h)
{
	return f16_bits(h);
}

uint32_t
dtype_bf16_bits(uint16_t h)
{
	return (uint32_t)h << 16;
}

/*
 * Little-endian 16-bit values, read bytewise (data may be unaligned); one
 * loop per dtype, each simple enough for the compiler to vectorise.
 */
static void
widen_f16(const unsigned char *src, size_t n, float *dst)
{
	uint32_t	bits;
	size_t		i;

	for (i = 0; i < n; i++) {
		bits = f16_bits((uint16_t)(src[2 * i] |
		    src[2 * i + 1] << 8));
		memcpy(&dst[i], &bits, sizeof bits);
	}
}

typedef uint16_t	v8u16 __attribute__((vector_size(16)));
typedef uint32_t	v8u32 __attribute__((vector_size(32)));

/*
 * Eight at a time through GCC vector extensions (two unpacks on SSE2):
 * the forward pass widens every BF16 weight once a pass, so this loop
 * runs over the whole model.  Little-endian hosts only, as memcpy of
 * F32 data already assumes.
 */
static void
widen_bf16(const unsigned char *src, size_t n, float *dst)
{
	v8u16		h;
	v8u32		w;
	uint32_t	bits;
	size_t		i = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= n; i += 8) {
		memcpy(&h, src + 2 * i, sizeof h);
		w = __builtin_convertvector(h, v8u32) << 16;
		memcpy(dst + i, &w, sizeof w);
	}
#endif
	for (; i < n; i++) {
		bits = (uint32_t)src[2 * i] << 16 |
		    (uint32_t)src[2 * i + 1] << 24;
		memcpy(&dst[i], &bits, sizeof bits);
	}
}

/* The top 16 bits of element i of `size` bytes (2, 4 or 8), read as
   the little-endian file holds it on a little-endian host. */
static unsigned
top16(const unsigned char *p, size_t i, size_t size)
{
	uint64_t	v8;
	uint32_t	v4;
	uint16_t	v2;

	switch (size) {
	case 8:
		memcpy(&v8, p + 8 * i, 8);
		return (unsigned)(v8 >> 48);
	case 4:
		memcpy(&v4, p + 4 * i, 4);
		return v4 >> 16;
	default:
		memcpy(&v2, p + 2 * i, 2);
		return v2;
	}
}

/*
 * Is any element's exponent (mask, the element's own bits) all ones?
 * Eight bytes at a time, a lane per element: (v & mask) + its lowest
 * bit carries into the lane's top bit exactly then, and never further.
 * A checkpoint is scanned at every load (500 MB for GPT-2 small).
 */
static int
any_all_ones(const unsigned char *p, size_t n, size_t size, uint64_t mask)
{
	const uint64_t	lanes = size == 2 ? 0x0001000100010001ULL :
			    size == 4 ? 0x0000000100000001ULL : 1;
	const uint64_t	m = mask * lanes, low = (mask & -mask) * lanes;
	const uint64_t	top = ((uint64_t)1 << (8 * size - 1)) * lanes;
	uint64_t	w, acc = 0;
	size_t		bytes = n * size, i;

	for (i = 0; i + 8 <= bytes; i += 8) {
		memcpy(&w, p + i, 8);
		acc |= (w & m) + low;
	}
	if (i < bytes) {
		w = 0;		/* zero lanes never carry */
		memcpy(&w, p + i, bytes - i);
		acc |= (w & m) + low;
	}
	return (acc & top) != 0;
}

/* The first element whose exponent bits (mask, over its top two bytes)
   are all ones, or n. */
static size_t
first_all_ones(const unsigned char *p, size_t n, size_t size,
    unsigned mask)
{
	size_t		i;

	if (!any_all_ones(p, n, size, (uint64_t)mask << (8 * size - 16)))
		return n;
	for (i = 0; i < n; i++)
		if ((top16(p, i, size) & mask) == mask)
			break;
	return i;
}

size_t
dtype_first_nonfinite(enum dtype dtype, const void *src, size_t n)
{
	switch (dtype) {
	case DTYPE_F32:
		return first_all_ones(src, n, 4, 0x7f80);
	case DTYPE_F16:
		return first_all_ones(src, n, 2, 0x7c00);
	case DTYPE_BF16:
		return first_all_ones(src, n, 2, 0x7f80);
	case DTYPE_F64:
		return first_all_ones(src, n, 8, 0x7ff0);
	default:
		return n;
	}
}

/* F64 rounded to the nearest float: probabilities, not weights. */
static void
narrow_f64(const unsigned char *src, size_t n, float *dst)
{
	uint64_t	bits;
	double		d;
	size_t		i;
	int		b;

	for (i = 0; i < n; i++) {
		bits = 0;
		for (b = 7; b >= 0; b--)
			bits = bits << 8 | src[8 * i + (size_t)b];
		memcpy(&d, &bits, sizeof d);
		dst[i] = (float)d;
	}
}

int
dtype_widen(enum dtype dtype, const void *src, size_t n, float *dst)
{
	switch (dtype) {
	case DTYPE_F32:
		/* The file is little-endian, as is every host we build on. */
		memcpy(dst, src, n * sizeof *dst);
		return 0;
	case DTYPE_F16:
		widen_f16(src, n, dst);
		return 0;
	case DTYPE_BF16:
		widen_bf16(src, n, dst);
		return 0;
	case DTYPE_F64:
		narrow_f64(src, n, dst);
		return 0;
	default:
		return -1;
	}
}

/* float32 to binary16, rounding to nearest even; inf beyond 65504. */
static uint16_t
f16_from_float(float f)
{
	uint32_t	x, sign, a, h, rest;
	float		scaled;

	memcpy(&x, &f, sizeof x);
	sign = (x >> 16) & 0x8000;
	a = x & 0x7fffffffu;
	if (a > 0x7f800000u)			/* NaN */
		return (uint16_t)(sign | 0x7e00);
	if (a >= 0x477ff000u)			/* 65520 and up: inf */
		return (uint16_t)(sign | 0x7c00);
	if (a < 0x38800000u) {			/* below 2^-14: subnormal */
		memcpy(&scaled, &a, sizeof scaled);
		return (uint16_t)(sign | (uint32_t)nearbyintf(scaled *
		    0x1p24f));
	}
	h = ((a >> 23) - 112) << 10 | (a & 0x7fffffu) >> 13;
	rest = a & 0x1fffu;
	if (rest > 0x1000u || (rest == 0x1000u && (h & 1u)))
		h++;
	return (uint16_t)(sign | h);
}

/* float32 to bfloat16, rounding to nearest even (NaN kept a NaN). */
static uint16_t
bf16_from_float(float f)
{
	uint32_t	x;

	memcpy(&x, &f, sizeof x);
	if ((x & 0x7fffffffu) > 0x7f800000u)
		return (uint16_t)((x >> 16) | 0x40);
	x += 0x7fffu + ((x >> 16) & 1u);
	return (uint16_t)(x >> 16);
}

float
dtype_round(enum dtype dtype, double v)
{
	uint32_t	bits;
	float		f = (float)v;

	switch (dtype) {
	case DTYPE_F16:
		bits = f16_bits(f16_from_float(f));
		break;
	case DTYPE_BF16:
		bits = dtype_bf16_bits(bf16_from_float(f));
		break;
	default:
		return f;
	}
	memcpy(&f, &bits, sizeof f);
	return f;
}
