/*
 * tokenizer.h - Hugging Face tokenizers: tokenizer.json, and GPT-2's
 * encoder.json + vocab.bpe (gpt2.h), as one pipeline.
 *
 * Ids are those Hugging Face's tokenizers gives for the same file and
 * text, special tokens added as the file's post-processor says: added
 * tokens are found in the raw text first, the rest is normalized,
 * pre-tokenized and given to the model (BPE or WordPiece).  Text that is
 * not valid UTF-8 is read with each invalid byte as U+FFFD, as a Python
 * or JavaScript front end decodes it.
 *
 * Labels are each token's decoded piece for a terminal (tok_decode.h):
 * a leading space as U+2423, bytes that are not whole characters \xNN.
 */
#ifndef ATTNTUI_TOKENIZER_H
#define ATTNTUI_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/model/bpe.h"
#include "attntui/model/tok_vocab.h"

/* The largest tokenizer.json read. */
#define TOKENIZER_MAX_FILE	(512u << 20)

struct tokenizer;

/*
 * Load the tokenizer.json at path.  *out is the caller's (tokenizer_free);
 * NULL on failure.  Errors name FILE:LINE:COL and what was expected.
 */
int	tokenizer_load(const char *path, struct tokenizer **out,
	    struct error *err);

/* The same from buf[0..len) (copied); name is for errors. */
int	tokenizer_load_buffer(const char *name, const char *buf, size_t len,
	    struct tokenizer **out, struct error *err);

/*
 * A byte-level tokenizer over vocab and b (both taken, freed on failure
 * too) with GPT-2's pre-tokenizer: what gpt2.c builds from its files.
 */
int	tokenizer_from_gpt2(const char *name, struct tok_vocab *vocab,
	    struct bpe *b, struct tokenizer **out, struct error *err);

/*
 * Encode text[0..len).  On success *ids and *labels are the caller's
 * (free each label, then both arrays) and *n their length; no tokens give
 * *n 0 and NULL arrays.
 */
int	tokenizer_encode(const struct tokenizer *t, const char *text,
	    size_t len, int64_t **ids, char ***labels, size_t *n,
	    struct error *err);

/*
 * The same, stopping as soon as the text has more than max tokens (an
 * input longer than a model takes is refused at once, however long):
 * then *n is max + 1 and *ids and *labels are NULL.
 */
int	tokenizer_encode_max(const struct tokenizer *t, const char *text,
	    size_t len, size_t max, int64_t **ids, char ***labels, size_t *n,
	    struct error *err);

/* The label of token id, the caller's to free; NULL when id is unknown. */
char	*tokenizer_label(const struct tokenizer *t, int64_t id);

/*
 * The special tokens, those ordinary text never makes: the added tokens
 * marked special, and vocabulary entries spelled "<|...|>" (GPT-2's
 * <|endoftext|> is a plain entry of encoder.json).  A new array the
 * caller frees, its length in *n (NULL with *n 0 when there are none);
 * -1 when out of memory.
 */
int	 tokenizer_specials(const struct tokenizer *t, int64_t **ids,
	    size_t *n);

/* The one token the post-processor puts before a text (a BOS), or -1. */
int64_t	 tokenizer_bos(const struct tokenizer *t);

/* The largest id plus one, added tokens included. */
int64_t	 tokenizer_vocab_size(const struct tokenizer *t);

void	 tokenizer_free(struct tokenizer *t);

#endif
