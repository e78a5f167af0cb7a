/*
 * fuzz_safetensors.c - libFuzzer harness for the safetensors reader.
 *
 * Opens the input from a buffer (an exact-size heap copy, so ASan sees
 * any read past the end) and, when it loads, reads every tensor byte and
 * metadata string, so that an offset the checks let through is caught.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attntui/io/safetensors.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct safetensors	 st;
	struct error		 err = { 0 };
	const unsigned char	*p;
	volatile unsigned	 sum = 0;
	size_t			 i, j;

	if (safetensors_open_buffer("fuzz", data, size, &st, &err) == 0) {
		for (i = 0; i < st.n_tensors; i++) {
			p = st.tensors[i].data;
			for (j = 0; j < st.tensors[i].nbytes; j++)
				sum += p[j];
			if (safetensors_find(&st, st.tensors[i].name) == NULL)
				__builtin_trap();
		}
		for (i = 0; i < st.n_meta; i++)
			sum += (unsigned)strlen(st.meta_values[i]);
		safetensors_close(&st);
	} else if (err.message == NULL || err.file == NULL)
		__builtin_trap();	/* every refusal must say why */
	error_clear(&err);
	(void)sum;
	return 0;
}
