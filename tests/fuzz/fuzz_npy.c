/*
 * fuzz_npy.c - libFuzzer harness for the .npy reader.
 *
 * Opens the input from an exact-size heap copy and reads every value of
 * an accepted array, widened as its readers widen it, so that a size
 * check that lets too much through is caught by ASan.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>

#include "attntui/io/npy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct npy		 npy;
	struct error		 err = { 0 };
	volatile float		 sum = 0;
	float			 f;
	size_t			 i;

	if (npy_open_buffer("fuzz", data, size, &npy, &err) == 0) {
		for (i = 0; i < npy.count; i++) {
			if (dtype_widen(npy.dtype, (const char *)npy.data +
			    i * dtype_size(npy.dtype), 1, &f) != 0)
				__builtin_trap();
			sum += f;
		}
		npy_close(&npy);
	} else if (err.message == NULL || err.file == NULL)
		__builtin_trap();	/* every refusal must say why */
	error_clear(&err);
	(void)sum;
	return 0;
}
