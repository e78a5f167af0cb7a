/*
 * tokens.h - turn the config's input into token ids and display labels.
 *
 * Without a vocabulary the built-in tokenizers still give stable ids:
 *   whitespace  FNV-1a 64 of the word's bytes, modulo vocab_size
 *   chars       the Unicode code point, modulo vocab_size
 *   bytes       the byte value (vocab_size must be at least 256)
 * With one, Hugging Face's ids (tokenizer.h): GPT-2's encoder.json and
 * vocab.bpe (gpt2), or a tokenizer.json.
 */
#ifndef ATTNTUI_TOKENS_H
#define ATTNTUI_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/config.h"

struct tokens {
	int64_t	 *ids;		/* owned */
	char	**labels;	/* owned, UTF-8, as the explorer shows them */
	size_t	  n;
};

/*
 * Tokenize cfg's input (text replaced by text_override when non-NULL).
 * Family attention with random embeddings gives seq_len tokens labelled
 * by position.  Text starts with input.bos when the config sets one.  Fails with err when the input is empty or longer than
 * model.max_seq.
 */
int	tokens_from_config(const struct config *cfg, const char *text_override,
	    struct tokens *out, struct error *err);
void	tokens_free(struct tokens *t);

/*
 * --probe=repeat:N: the induction probe of probe.h for cfg's tokenizer
 * (its BOS, ordinary ids only), seeded by seed, labelled as the
 * tokenizer labels ids.  Fails when it is longer than model.max_seq or
 * the model has no vocabulary.
 */
int	tokens_probe(const struct config *cfg, int64_t n, uint64_t seed,
	    struct tokens *out, struct error *err);

/*
 * The input's length alone, without reading a vocabulary when the config
 * lists token ids or asks for random embeddings: what --summary needs.
 */
int	tokens_count(const struct config *cfg, const char *text_override,
	    int64_t *n, struct error *err);

/*
 * Replace cfg's input with the token ids of list ("1,15043,3186": the
 * --tokens option for a model), each checked against the vocabulary.
 */
int	tokens_override(struct config *cfg, const char *list,
	    struct error *err);

/*
 * Can cfg's text be tokenized?  0 when its tokenizer is the tokenizer.json
 * a model directory lacks: the input must then be token ids.
 */
int	tokens_have_tokenizer(const struct config *cfg);

#endif
