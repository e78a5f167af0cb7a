/*
 * fuzz_attnfile.c - libFuzzer harness for attnfile_open_buffer().
 *
 * The input is a .npy when it starts with numpy's magic, else a
 * .safetensors (the name picks the format).  An accepted file must give
 * a store whose every head reads back finite, non-negative values and
 * exactly T labels; a refused one must say why and own nothing.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/attn/attnfile.h"

#define MAX_CELLS	(1u << 22)	/* skip reading back huge heads */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct attnfile	 af;
	struct error	 err = { 0 };
	const char	*name;
	int64_t		 l, h, Tq, Tk;
	size_t		 i, cells;
	float		*head;

	name = size >= 6 && memcmp(data, "\x93NUMPY", 6) == 0 ?
	    "fuzz.npy" : "fuzz.safetensors";
	if (attnfile_open_buffer(name, data, size, NULL, &af, &err) != 0) {
		if (err.message == NULL || af.store != NULL ||
		    af.model_name != NULL || af.warning != NULL ||
		    af.tok.n != 0 || af.key_tok.n != 0)
			__builtin_trap();
		error_clear(&err);
		return 0;
	}
	Tq = store_seq(af.store);
	Tk = store_keys(af.store);
	if (af.tok.n != (size_t)Tq || strlen(af.model_name) == 0 ||
	    (af.key_tok.n != 0 && af.key_tok.n != (size_t)Tk) ||
	    (af.key_tok.n == 0 && Tq != Tk))
		__builtin_trap();
	for (i = 0; i < af.tok.n; i++)
		if (af.tok.labels[i] == NULL)
			__builtin_trap();
	cells = (size_t)Tq * (size_t)Tk;
	if (cells <= MAX_CELLS && (head = malloc(cells * sizeof *head)) !=
	    NULL) {
		for (l = 0; l < store_layers(af.store); l++)
			for (h = 0; h < store_heads(af.store); h++) {
				if (store_head(af.store, l, h, head,
				    &err) != 0)
					__builtin_trap();
				for (i = 0; i < cells; i++)
					if (!(head[i] >= 0))
						__builtin_trap();
			}
		free(head);
	}
	attnfile_close(&af);
	error_clear(&err);
	return 0;
}
