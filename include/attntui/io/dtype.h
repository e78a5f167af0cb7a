/*
 * dtype.h - the element types of tensor files (safetensors' names), and
 * their exact widening to float32.
 */
#ifndef ATTNTUI_DTYPE_H
#define ATTNTUI_DTYPE_H

#include <stddef.h>
#include <stdint.h>

enum dtype {
	DTYPE_F32, DTYPE_F16, DTYPE_BF16, DTYPE_F64,
	DTYPE_I8, DTYPE_I16, DTYPE_I32, DTYPE_I64,
	DTYPE_U8, DTYPE_U16, DTYPE_U32, DTYPE_U64,
	DTYPE_BOOL, DTYPE_F8_E4M3, DTYPE_F8_E5M2
};

/* "F32, F16, ... or F8_E5M2": every name, for messages. */
#define DTYPE_LIST	"F32, F16, BF16, F64, I8, I16, I32, I64, U8, U16, " \
			"U32, U64, BOOL, F8_E4M3 or F8_E5M2"

/* "F32" etc.; NULL for a value outside enum dtype. */
const char	*dtype_name(enum dtype);
/* Bytes an element; 0 for a value outside enum dtype. */
size_t		 dtype_size(enum dtype);
/* The dtype called name; 0, or -1 when none is. */
int		 dtype_from_name(const char *name, enum dtype *out);

/*
 * Exact conversions to float32 bit patterns: IEEE binary16 (subnormals,
 * infinities and NaN payloads kept) and bfloat16 (the top half of a
 * float32).
 */
uint32_t	 dtype_f16_bits(uint16_t h);
uint32_t	 dtype_bf16_bits(uint16_t h);

/*
 * v as the nearest value of dtype (F16 or BF16, to nearest even by way
 * of float32, as torch casts a Python number), as float; float32 for
 * any other dtype.
 */
float		 dtype_round(enum dtype dtype, double v);

/*
 * The index of the first NaN or infinity among n little-endian F32, F16
 * or BF16 elements at src (which may be unaligned), read from their bit
 * patterns; n when there is none, or for any other dtype.
 */
size_t		 dtype_first_nonfinite(enum dtype dtype, const void *src,
		     size_t n);

/*
 * n little-endian F32, F16 or BF16 elements at src (which may be
 * unaligned) as float into dst, exactly; F64 rounded to the nearest
 * float (out of range: infinity).  -1 for any other dtype.
 */
int		 dtype_widen(enum dtype dtype, const void *src, size_t n,
		     float *dst);

#endif
