/*
 * fuzz_bpe_merges.c - libFuzzer harness for the merges (vocab.bpe)
 * parser, and the encoder running with what it accepted.
 *
 * The input is the merges file, from an exact-size heap copy; the
 * vocabulary is fixed and small.  An accepted file then encodes a fixed
 * text, which may fail (a merge can build a token the vocabulary lacks)
 * but only with a message.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/gpt2.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char	vocab[] = "{\"a\": 0, \"b\": 1, \"c\": 2, \"ab\": 3, "
    "\"bc\": 4, \"abc\": 5, \"\\u0120\": 6, \"\\u0120a\": 7, \"\\u010a\": 8}";
static const char	text[] = "abc ab\nbca aaa bbb";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokenizer	 *b;
	struct error	  err = { 0 };
	int64_t		 *ids;
	char		**labels;
	size_t		  n, i;

	if (gpt2_load_buffers("vocab.json", vocab, strlen(vocab), "merges.txt",
	    (const char *)data, size, &b, &err) != 0) {
		if (err.message == NULL || err.file == NULL || b != NULL)
			__builtin_trap();	/* every refusal must say why */
		error_clear(&err);
		return 0;
	}
	if (tokenizer_encode(b, text, strlen(text), &ids, &labels, &n, &err) == 0) {
		for (i = 0; i < n; i++)
			free(labels[i]);
		free(ids);
		free(labels);
	} else if (err.message == NULL)
		__builtin_trap();
	error_clear(&err);
	tokenizer_free(b);
	return 0;
}
