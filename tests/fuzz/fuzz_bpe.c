/*
 * fuzz_bpe.c - libFuzzer harness for the GPT-2 tokenizer's encoder.
 *
 * Loads samples/gpt2-tokenizer/{encoder.json,vocab.bpe} once, then encodes
 * the input from an exact-size heap copy (arbitrary bytes: invalid UTF-8 included).
 * Every byte is a token of GPT-2, so encoding must never fail, and the
 * labels must be non-empty strings.  Bytes that are not UTF-8 read as
 * U+FFFD.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/gpt2.h"

#define GPT2_DIR	SRCDIR "/samples/gpt2-tokenizer"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct tokenizer	*gpt2;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error	  err = { 0 };
	int64_t		 *ids;
	char		**labels;
	size_t		  n, i;

	if (gpt2 == NULL && gpt2_load(GPT2_DIR "/encoder.json",
	    GPT2_DIR "/vocab.bpe", &gpt2, &err) != 0) {
		error_print(&err, stderr);
		abort();
	}
	if (tokenizer_encode(gpt2, (const char *)data, size, &ids, &labels, &n,
	    &err) != 0) {
		error_print(&err, stderr);
		__builtin_trap();
	}
	/* An invalid byte reads as U+FFFD, three bytes: at most 3 tokens. */
	if ((n == 0) != (size == 0) || n > 3 * size)
		__builtin_trap();
	for (i = 0; i < n; i++) {
		if (ids[i] < 0 || ids[i] >= 50257 || labels[i][0] == '\0')
			__builtin_trap();
		free(labels[i]);
	}
	free(ids);
	free(labels);
	return 0;
}
