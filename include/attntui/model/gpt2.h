/*
 * gpt2.h - GPT-2's tokenizer files, encoder.json + vocab.bpe, read into
 * the tokenizer pipeline (tokenizer.h): byte-level BPE with GPT-2's
 * pre-tokenizer, the ids OpenAI's encoder.py gives.
 *
 *   vocab   vocab.json / encoder.json: a JSON object, token -> id, tokens
 *           written in GPT-2's byte-to-unicode alphabet ("Ġthe"), ids
 *           0 to n - 1
 *   merges  merges.txt / vocab.bpe: an optional "#version" first line,
 *           then one "a b" pair a line of vocabulary tokens; the rank is
 *           the line order
 */
#ifndef ATTNTUI_GPT2_H
#define ATTNTUI_GPT2_H

#include <stddef.h>

#include "attntui/model/tokenizer.h"

/*
 * Load the two files.  *out is the caller's (tokenizer_free); NULL on
 * failure.  Errors name FILE:LINE:COL.  merges_path may be NULL: the
 * vocabulary alone gives labels for ids (input.tokens), and encoding
 * without merges gives one token per byte.
 */
int	gpt2_load(const char *vocab_path, const char *merges_path,
	    struct tokenizer **out, struct error *err);

/* The same from memory (merges may be NULL); names are for errors. */
int	gpt2_load_buffers(const char *vocab_name, const char *vocab,
	    size_t vocab_len, const char *merges_name, const char *merges,
	    size_t merges_len, struct tokenizer **out, struct error *err);

#endif
