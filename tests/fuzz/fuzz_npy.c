/*
 * fuzz_npy.c - libFuzzer harness for the .npy reader.
 *
 * Opens the input from an exact-size heap copy and reads every float of
 * an accepted array, so that a size check that lets too much through is
 * caught by ASan.
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
	size_t			 i;

	if (npy_open_buffer("fuzz", data, size, &npy, &err) == 0) {
		for (i = 0; i < npy.count; i++)
			sum += npy.data[i];
		npy_close(&npy);
	} else if (err.message == NULL || err.file == NULL)
		__builtin_trap();	/* every refusal must say why */
	error_clear(&err);
	(void)sum;
	return 0;
}
