/*
 * fuzz_tokjson_encode.c - libFuzzer harness for the tokenizer pipeline:
 * random bytes (invalid UTF-8 included) through the real tokenizer.json
 * files of the oracle test (Llama 2, Qwen3, Gemma 3; the first byte
 * picks one).  They are found where .ci/fetch-tokenizers puts them, or
 * in $ATTNTUI_HF_DIR.  Encoding must never fail; every id must be below
 * the vocabulary size and have a label; a non-empty text gives tokens.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/tokenizer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct tokenizer	*loaded[3];

static struct tokenizer *
tokenizer(unsigned which)
{
	static const char *const names[3] = { "llama2", "qwen3", "gemma3" };
	const char		*dir = getenv("ATTNTUI_HF_DIR");
	struct error		 err = { 0 };
	char			 path[4096];

	if (loaded[which] != NULL)
		return loaded[which];
	snprintf(path, sizeof path, "%s/@lenml/tokenizer-%s/models/"
	    "tokenizer.json", dir != NULL ? dir : SRCDIR
	    "/tests/tokenizer/hf/node_modules", names[which]);
	if (tokenizer_load(path, &loaded[which], &err) != 0) {
		error_print(&err, stderr);
		fprintf(stderr, "run .ci/fetch-tokenizers first\n");
		abort();
	}
	return loaded[which];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokenizer	 *t;
	struct error		  err = { 0 };
	int64_t			 *ids;
	char			**labels;
	size_t			  n, i;

	if (size == 0)
		return 0;
	t = tokenizer(data[0] % 3);
	if (tokenizer_encode(t, (const char *)data + 1, size - 1, &ids,
	    &labels, &n, &err) != 0) {
		error_print(&err, stderr);
		__builtin_trap();
	}
	/* Llama 2 and Gemma 3 add <bos>: never empty. */
	if (size > 1 && n == 0)
		__builtin_trap();
	for (i = 0; i < n; i++) {
		if (ids[i] < 0 || ids[i] >= tokenizer_vocab_size(t) ||
		    labels[i] == NULL)
			__builtin_trap();
		free(labels[i]);
	}
	free(ids);
	free(labels);
	return 0;
}
