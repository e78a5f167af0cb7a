/*
 * fuzz_index.c - libFuzzer harness for the sharded checkpoint's index
 * (model.safetensors.index.json).
 *
 * Parses the input from an exact-size heap copy and, when it loads,
 * checks what safetensors_index_find relies on: names sorted and
 * distinct, every name's shard in range and found again by name, shard
 * names that cannot leave the index's directory.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_index.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_index(const struct safetensors_index *ix)
{
	size_t	i, shard;

	if (ix->n_names == 0 || ix->n_shards == 0)
		__builtin_trap();
	for (i = 0; i < ix->n_names; i++) {
		if (i > 0 && strcmp(ix->names[i - 1], ix->names[i]) >= 0)
			__builtin_trap();
		if (ix->shard_of[i] >= ix->n_shards)
			__builtin_trap();
		if (safetensors_index_find(ix, ix->names[i], &shard) != 0 ||
		    shard != ix->shard_of[i])
			__builtin_trap();
	}
	for (i = 0; i < ix->n_shards; i++)
		if (ix->shards[i][0] == '\0' ||
		    strchr(ix->shards[i], '/') != NULL ||
		    strcmp(ix->shards[i], "..") == 0 ||
		    strcmp(ix->shards[i], ".") == 0)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct safetensors_index	 ix;
	struct error			 err = { 0 };

	if (safetensors_index_open_buffer("fuzz.json", data, size, &ix,
	    &err) == 0) {
		check_index(&ix);
		safetensors_index_close(&ix);
	} else if (err.message == NULL || err.file == NULL)
		__builtin_trap();	/* every refusal must say why */
	error_clear(&err);
	return 0;
}
