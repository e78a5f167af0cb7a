/*
 * fuzz_tokjson.c - libFuzzer harness for the tokenizer.json reader.
 *
 * The input is a tokenizer.json (from an exact-size heap copy).  A file
 * refused must say why, with the name given; a file accepted then
 * encodes a fixed text, which must succeed with ids below the vocabulary
 * size and a label for each.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/tokenizer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char	text[] = "Hello, world! <s> 123 caf\xc3\xa9 \xe4\xbd\xa0"
    "\xe5\xa5\xbd \xf0\x9f\x98\x80\n\tend";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokenizer	 *t;
	struct error		  err = { 0 };
	int64_t			 *ids;
	char			**labels;
	size_t			  n, i;

	if (tokenizer_load_buffer("fuzz.json", (const char *)data, size, &t,
	    &err) != 0) {
		if (err.message == NULL || err.file == NULL || t != NULL)
			__builtin_trap();	/* every refusal must say why */
		error_clear(&err);
		return 0;
	}
	if (tokenizer_encode(t, text, strlen(text), &ids, &labels, &n,
	    &err) != 0)
		__builtin_trap();
	for (i = 0; i < n; i++) {
		if (ids[i] < 0 || ids[i] >= tokenizer_vocab_size(t) ||
		    labels[i] == NULL)
			__builtin_trap();
		free(labels[i]);
	}
	free(ids);
	free(labels);
	tokenizer_free(t);
	return 0;
}
