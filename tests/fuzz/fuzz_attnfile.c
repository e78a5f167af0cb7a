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
	struct store	*store = NULL;
	struct tokens	 tok;
	struct error	 err = { 0 };
	char		*model = NULL, *warning = NULL;
	const char	*name;
	int64_t		 l, h, T;
	size_t		 i, cells;
	float		*head;

	name = size >= 6 && memcmp(data, "\x93NUMPY", 6) == 0 ?
	    "fuzz.npy" : "fuzz.safetensors";
	if (attnfile_open_buffer(name, data, size, NULL, &store, &tok,
	    &model, &warning, &err) != 0) {
		if (err.message == NULL || store != NULL || model != NULL ||
		    warning != NULL || tok.n != 0)
			__builtin_trap();
		error_clear(&err);
		return 0;
	}
	T = store_seq(store);
	if (tok.n != (size_t)T || strlen(model) == 0)
		__builtin_trap();
	for (i = 0; i < tok.n; i++)
		if (tok.labels[i] == NULL)
			__builtin_trap();
	cells = (size_t)T * (size_t)T;
	if (cells <= MAX_CELLS && (head = malloc(cells * sizeof *head)) !=
	    NULL) {
		for (l = 0; l < store_layers(store); l++)
			for (h = 0; h < store_heads(store); h++) {
				if (store_head(store, l, h, head, &err) != 0)
					__builtin_trap();
				for (i = 0; i < cells; i++)
					if (!(head[i] >= 0))
						__builtin_trap();
			}
		free(head);
	}
	store_free(store);
	tokens_free(&tok);
	free(model);
	free(warning);
	error_clear(&err);
	return 0;
}
